//! Instagram's timestamps: ISO 8601 with an offset without a colon
//! (`2019-09-26T22:36:43+0000`), sometimes RFC 3339, sometimes Unix time.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// Parses `2019-09-26T22:36:43+0000` (offset without a colon), RFC 3339
/// (`…Z`, `…+00:00`, fractional seconds) and Unix seconds given as text.
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    let instagram = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory][offset_minute]"
    );
    let with_fraction = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond][offset_hour sign:mandatory][offset_minute]"
    );
    OffsetDateTime::parse(s, instagram)
        .or_else(|_| OffsetDateTime::parse(s, with_fraction))
        .or_else(|_| OffsetDateTime::parse(s, &Rfc3339))
        .ok()
        .or_else(|| s.parse::<i64>().ok().and_then(from_unix))
}

/// Unix time in seconds, or in milliseconds when the number is too large to
/// be seconds (webhooks and some messaging fields use milliseconds).
pub fn from_unix(n: i64) -> Option<OffsetDateTime> {
    const MS_THRESHOLD: i64 = 100_000_000_000; // year 5138 in seconds
    if n.abs() >= MS_THRESHOLD {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(n) * 1_000_000).ok()
    } else {
        OffsetDateTime::from_unix_timestamp(n).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_style_instagram_uses() {
        let a = parse_timestamp("2019-09-26T22:36:43+0000").expect("instagram style");
        assert_eq!(a.unix_timestamp(), 1_569_537_403);
        assert_eq!(parse_timestamp("2019-09-26T22:36:43Z"), Some(a));
        assert_eq!(parse_timestamp("2019-09-26T22:36:43+00:00"), Some(a));
        assert_eq!(
            parse_timestamp("2019-09-26T22:36:43.250+0000").map(|t| t.millisecond()),
            Some(250)
        );
        assert_eq!(
            parse_timestamp("2026-06-22T07:00:00+0500").map(|t| t.offset().whole_hours()),
            Some(5)
        );
        assert_eq!(
            parse_timestamp("2026-06-22T07:00:00-0700").map(|t| t.offset().whole_hours()),
            Some(-7)
        );
        assert_eq!(parse_timestamp("1569537403"), Some(a));
        assert!(parse_timestamp("yesterday").is_none());
        assert!(parse_timestamp("").is_none());
    }

    #[test]
    fn unix_seconds_or_milliseconds() {
        assert_eq!(
            from_unix(1_569_262_486).map(|t| t.unix_timestamp()),
            Some(1_569_262_486)
        );
        assert_eq!(
            from_unix(1_569_262_485_349).map(|t| (t.unix_timestamp(), t.millisecond())),
            Some((1_569_262_485, 349))
        );
    }
}
