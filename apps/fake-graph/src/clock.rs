//! The fake's clock: real time plus an offset tests move forward, and the
//! ways Instagram writes times.

use std::time::Duration;

use time::macros::format_description;
use time::{Month, OffsetDateTime, UtcOffset};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Clock {
    offset: Duration,
}

impl Clock {
    pub(crate) fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset
    }

    pub(crate) fn advance(&mut self, by: Duration) {
        self.offset += by;
    }
}

/// `2019-09-26T22:36:43+0000`, the format of every timestamp on objects.
pub(crate) fn iso(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]+0000"
        ))
        .unwrap_or_default()
}

/// `Friday, 12-Sep-25 08:00:00 PDT`, as in "Session has expired on …".
/// Daylight saving is approximated by month; the text is for people.
pub(crate) fn pacific(t: OffsetDateTime) -> String {
    let summer = matches!(
        t.month(),
        Month::April
            | Month::May
            | Month::June
            | Month::July
            | Month::August
            | Month::September
            | Month::October
    );
    let (hours, zone) = if summer { (-7, "PDT") } else { (-8, "PST") };
    let offset = UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC);
    let text = t
        .to_offset(offset)
        .format(format_description!(
            "[weekday], [day]-[month repr:short]-[year repr:last_two] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default();
    format!("{text} {zone}")
}

/// Seconds as a `time` duration.
pub(crate) fn secs(s: i64) -> time::Duration {
    time::Duration::seconds(s)
}

/// A std duration as a `time` one (saturating).
pub(crate) fn span(d: Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_like_instagram() {
        let t = datetime!(2025-09-12 15:00:00 UTC);
        assert_eq!(iso(t), "2025-09-12T15:00:00+0000");
        assert_eq!(pacific(t), "Friday, 12-Sep-25 08:00:00 PDT");
        assert_eq!(
            pacific(datetime!(2026-11-26 18:00:00 UTC)),
            "Thursday, 26-Nov-26 10:00:00 PST"
        );
    }
}
