//! The date ranges analytics can show: presets (7, 30, 90 days, a year,
//! all) or custom dates, in the user's days, never longer than the 729 days
//! follower snapshots are kept.

use time::{Date, Duration};

/// Follower snapshots are kept this many days (the privacy policy).
pub const FOLLOWER_RETENTION_DAYS: i64 = 729;
/// Profile snapshots are kept this many days.
pub const PROFILE_RETENTION_DAYS: i64 = 30;

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

impl DateRange {
    /// Number of days in the range (at least 1).
    pub fn days(&self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    /// Every day of the range, in order.
    pub fn iter(&self) -> impl Iterator<Item = Date> + '_ {
        let from = self.from;
        (0..self.days()).filter_map(move |i| from.checked_add(Duration::days(i)))
    }
}

/// What the range picker offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangePreset {
    Days7,
    Days30,
    Days90,
    Year,
    All,
    Custom,
}

impl RangePreset {
    pub const ALL: [RangePreset; 6] = [
        RangePreset::Days7,
        RangePreset::Days30,
        RangePreset::Days90,
        RangePreset::Year,
        RangePreset::All,
        RangePreset::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RangePreset::Days7 => "7d",
            RangePreset::Days30 => "30d",
            RangePreset::Days90 => "90d",
            RangePreset::Year => "365d",
            RangePreset::All => "all",
            RangePreset::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    fn days(self) -> i64 {
        match self {
            RangePreset::Days7 => 7,
            RangePreset::Days30 => 30,
            RangePreset::Days90 => 90,
            RangePreset::Year => 365,
            RangePreset::All | RangePreset::Custom => FOLLOWER_RETENTION_DAYS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("unknown range {0:?}: use 7d, 30d, 90d, 365d, all or custom")]
    UnknownPreset(String),
    #[error("\"{0}\" is not a date (use YYYY-MM-DD)")]
    BadDate(String),
    #[error("a custom range needs both a start and an end date")]
    Incomplete,
    #[error("the start date {from} is after the end date {to}")]
    Reversed { from: Date, to: Date },
    #[error("the range has {days} days; at most {max} can be shown")]
    TooLong { days: i64, max: i64 },
    #[error("the end date {0} is in the future")]
    InFuture(Date),
}

fn blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// What an error may repeat of a value the user sent: a few characters,
/// never a whole (possibly huge) parameter.
fn echo(s: &str) -> String {
    const MAX: usize = 32;
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(MAX).collect();
    if s.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<Date, RangeError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), format).map_err(|_| RangeError::BadDate(echo(s)))
}

/// The last `preset` days ending `today`, or the custom `from`..`to`.
pub fn resolve_range(
    preset: RangePreset,
    from: Option<&str>,
    to: Option<&str>,
    today: Date,
) -> Result<DateRange, RangeError> {
    if preset != RangePreset::Custom {
        let from = today
            .checked_sub(Duration::days(preset.days() - 1))
            .unwrap_or(Date::MIN);
        return Ok(DateRange { from, to: today });
    }
    let (Some(from), Some(to)) = (blank(from), blank(to)) else {
        return Err(RangeError::Incomplete);
    };
    custom_range(parse_date(from)?, parse_date(to)?, today)
}

/// Checks a custom range: in order, not in the future, not longer than the
/// retention.
pub fn custom_range(from: Date, to: Date, today: Date) -> Result<DateRange, RangeError> {
    if from > to {
        return Err(RangeError::Reversed { from, to });
    }
    if to > today {
        return Err(RangeError::InFuture(to));
    }
    let range = DateRange { from, to };
    if range.days() > FOLLOWER_RETENTION_DAYS {
        return Err(RangeError::TooLong {
            days: range.days(),
            max: FOLLOWER_RETENTION_DAYS,
        });
    }
    Ok(range)
}

/// A range from optional `from`/`to` query parameters (the REST API):
/// missing ends default to the last 30 days ending today.
pub fn range_from_params(
    from: Option<&str>,
    to: Option<&str>,
    today: Date,
) -> Result<DateRange, RangeError> {
    let to = match blank(to) {
        Some(t) => parse_date(t)?,
        None => today,
    };
    let from = match blank(from) {
        Some(f) => parse_date(f)?,
        None => to.checked_sub(Duration::days(29)).unwrap_or(Date::MIN),
    };
    custom_range(from, to, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn presets_end_today_and_count_whole_days() {
        let r = resolve_range(RangePreset::Days7, None, None, TODAY).expect("valid in test");
        assert_eq!(r.from, date!(2026 - 11 - 21));
        assert_eq!(r.days(), 7);
        assert_eq!(r.iter().count(), 7);
        let all = resolve_range(RangePreset::All, None, None, TODAY).expect("valid in test");
        assert_eq!(all.days(), 729);
        assert_eq!(
            resolve_range(RangePreset::Year, None, None, TODAY)
                .expect("valid in test")
                .days(),
            365
        );
    }

    #[test]
    fn custom_ranges_are_validated() {
        assert_eq!(
            resolve_range(
                RangePreset::Custom,
                Some("2026-11-01"),
                Some("2026-11-10"),
                TODAY
            ),
            Ok(DateRange {
                from: date!(2026 - 11 - 01),
                to: date!(2026 - 11 - 10)
            })
        );
        assert_eq!(
            resolve_range(
                RangePreset::Custom,
                Some("2026-11-10"),
                Some("2026-11-01"),
                TODAY
            ),
            Err(RangeError::Reversed {
                from: date!(2026 - 11 - 10),
                to: date!(2026 - 11 - 01)
            })
        );
        assert_eq!(
            resolve_range(
                RangePreset::Custom,
                Some("2023-01-01"),
                Some("2026-11-01"),
                TODAY
            ),
            Err(RangeError::TooLong {
                days: 1401,
                max: 729
            })
        );
        assert_eq!(
            resolve_range(RangePreset::Custom, Some("2026-11-01"), None, TODAY),
            Err(RangeError::Incomplete)
        );
        assert_eq!(
            resolve_range(
                RangePreset::Custom,
                Some("1 Nov"),
                Some("2026-11-01"),
                TODAY
            ),
            Err(RangeError::BadDate("1 Nov".into()))
        );
        assert_eq!(
            resolve_range(
                RangePreset::Custom,
                Some("2026-11-01"),
                Some("2026-12-01"),
                TODAY
            ),
            Err(RangeError::InFuture(date!(2026 - 12 - 01)))
        );
        // Exactly the retention is fine; one more day is not.
        assert!(custom_range(date!(2024 - 11 - 29), TODAY, TODAY).is_ok());
        assert!(custom_range(date!(2024 - 11 - 28), TODAY, TODAY).is_err());
        assert_eq!(RangePreset::parse("90d"), Some(RangePreset::Days90));
        assert_eq!(RangePreset::parse("12d"), None);
    }

    #[test]
    fn api_parameters_default_to_the_last_30_days() {
        let r = range_from_params(None, None, TODAY).expect("valid in test");
        assert_eq!((r.from, r.to), (date!(2026 - 10 - 29), TODAY));
        assert!(range_from_params(Some("2026-11-05"), Some("2026-11-04"), TODAY).is_err());
    }
}
