//! The window every time a user sends must fall in. A time far outside it
//! (year 10000 once locked a user out: the databases could store it but not
//! read it back) is refused here, before any adapter sees it.

use std::ops::RangeInclusive;

use time::macros::{date, datetime, format_description};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

/// Scheduling more than this many days ahead is refused (two years).
pub const DEFAULT_SCHEDULE_HORIZON_DAYS: u32 = 730;
/// What `SOCIALFLOW_SCHEDULE_HORIZON_DAYS` may be set to (ten years at most,
/// well inside what every database stores).
pub const SCHEDULE_HORIZON_DAYS_RANGE: RangeInclusive<u32> = 1..=3650;
/// No time a user sends (a filter, a calendar day) may be earlier: nothing
/// in SocialFlow is older than Instagram.
pub const EARLIEST: OffsetDateTime = datetime!(2000-01-01 0:00 UTC);
pub const EARLIEST_DATE: Date = date!(2000 - 01 - 01);

/// The accepted window: [`EARLIEST`] to `now` plus the scheduling horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    horizon_days: u32,
}

impl Default for TimeWindow {
    fn default() -> Self {
        Self {
            horizon_days: DEFAULT_SCHEDULE_HORIZON_DAYS,
        }
    }
}

/// Why a scheduled time is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleProblem {
    InPast,
    TooFar { max_days: u32 },
}

/// A time outside the window (a filter bound, a query parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{field} must be between 2000-01-01 and {max_days} days from now")]
pub struct OutOfWindow {
    pub field: &'static str,
    pub max_days: u32,
}

impl TimeWindow {
    /// A window with this horizon, held to [`SCHEDULE_HORIZON_DAYS_RANGE`].
    pub fn new(horizon_days: u32) -> Self {
        Self {
            horizon_days: horizon_days.clamp(
                *SCHEDULE_HORIZON_DAYS_RANGE.start(),
                *SCHEDULE_HORIZON_DAYS_RANGE.end(),
            ),
        }
    }

    pub fn horizon_days(&self) -> u32 {
        self.horizon_days
    }

    /// The latest acceptable instant.
    pub fn latest(&self, now: OffsetDateTime) -> OffsetDateTime {
        now.checked_add(Duration::days(i64::from(self.horizon_days)))
            .unwrap_or(now)
    }

    /// A time to publish at: not in the past, not beyond the horizon.
    pub fn check_schedule(
        &self,
        at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), ScheduleProblem> {
        if at < now {
            Err(ScheduleProblem::InPast)
        } else if at > self.latest(now) {
            Err(ScheduleProblem::TooFar {
                max_days: self.horizon_days,
            })
        } else {
            Ok(())
        }
    }

    /// A filter bound or other instant the user names: inside
    /// [`EARLIEST`]..=`latest(now)`.
    pub fn check(
        &self,
        field: &'static str,
        at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<OffsetDateTime, OutOfWindow> {
        if at < EARLIEST || at > self.latest(now) {
            return Err(OutOfWindow {
                field,
                max_days: self.horizon_days,
            });
        }
        Ok(at)
    }

    /// Whether a calendar day lies inside the window (`today` is the user's).
    pub fn contains_date(&self, d: Date, today: Date) -> bool {
        let last = today
            .checked_add(Duration::days(i64::from(self.horizon_days)))
            .unwrap_or(today);
        (EARLIEST_DATE..=last).contains(&d)
    }
}

/// Parses a `YYYY-MM-DD` date as forms and links send it.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// Parses a `HH:MM` or `HH:MM:SS` time of day.
pub fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim();
    Time::parse(s, format_description!("[hour]:[minute]"))
        .or_else(|_| Time::parse(s, format_description!("[hour]:[minute]:[second]")))
        .ok()
}

/// A calendar day from a link, only when inside the window; anything else
/// (unreadable, year 9999, year -9999) is `None` and the page shows today.
pub fn parse_calendar_date(s: &str, window: &TimeWindow, today: Date) -> Option<Date> {
    parse_date(s).filter(|d| window.contains_date(*d, today))
}

/// A form's date and time fields as one wall-clock time.
pub fn parse_local(date: &str, time: &str) -> Option<PrimitiveDateTime> {
    Some(PrimitiveDateTime::new(parse_date(date)?, parse_time(time)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-12-06 12:00 UTC);

    #[test]
    fn schedules_between_now_and_the_horizon() {
        let w = TimeWindow::default();
        assert_eq!(w.check_schedule(NOW, NOW), Ok(()));
        assert_eq!(w.check_schedule(NOW + Duration::days(730), NOW), Ok(()));
        assert_eq!(
            w.check_schedule(NOW + Duration::days(731), NOW),
            Err(ScheduleProblem::TooFar { max_days: 730 })
        );
        assert_eq!(
            w.check_schedule(datetime!(9999-12-31 23:00 -5), NOW),
            Err(ScheduleProblem::TooFar { max_days: 730 })
        );
        assert_eq!(
            w.check_schedule(NOW - Duration::seconds(1), NOW),
            Err(ScheduleProblem::InPast)
        );
        let short = TimeWindow::new(10);
        assert!(short.check_schedule(NOW + Duration::days(11), NOW).is_err());
        assert_eq!(TimeWindow::new(0).horizon_days(), 1);
        assert_eq!(TimeWindow::new(u32::MAX).horizon_days(), 3650);
    }

    #[test]
    fn filters_and_days_outside_the_window_are_refused() {
        let w = TimeWindow::default();
        assert!(
            w.check("from", datetime!(1999-12-31 23:59 UTC), NOW)
                .is_err()
        );
        assert!(w.check("to", datetime!(9999-12-31 23:00 -5), NOW).is_err());
        assert!(w.check("from", EARLIEST, NOW).is_ok());
        let today = NOW.date();
        assert_eq!(parse_calendar_date("9999-12-31", &w, today), None);
        assert_eq!(parse_calendar_date("-9999-01-01", &w, today), None);
        assert_eq!(parse_calendar_date("1999-12-31", &w, today), None);
        assert_eq!(
            parse_calendar_date("2027-01-15", &w, today),
            Some(date!(2027 - 01 - 15))
        );
        assert_eq!(
            parse_local("2026-12-07", "09:30"),
            Some(datetime!(2026-12-07 9:30))
        );
        assert_eq!(parse_local("2026-12-07", "25:00"), None);
    }
}
