//! Quiet hours: a daily window on the user's clock in which no e-mail is
//! sent. An e-mail due inside the window waits for its end (it is deferred,
//! never dropped). Computed in the user's zone at the day in question, so a
//! daylight-saving change moves the window with the clock.

use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::TimeZone;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// `[start, end)` in minutes after local midnight; `start > end` wraps past
/// midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    start: u16,
    end: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuietHoursError {
    #[error("quiet hours start and end within a day (00:00–23:59)")]
    OutOfRange,
    #[error("quiet hours must not start and end at the same minute")]
    Empty,
}

impl QuietHours {
    pub fn new(start: u16, end: u16) -> Result<Self, QuietHoursError> {
        if start >= MINUTES_PER_DAY || end >= MINUTES_PER_DAY {
            return Err(QuietHoursError::OutOfRange);
        }
        if start == end {
            return Err(QuietHoursError::Empty);
        }
        Ok(Self { start, end })
    }

    pub fn start(self) -> u16 {
        self.start
    }

    pub fn end(self) -> u16 {
        self.end
    }

    /// Whether a local minute of the day is inside the window.
    pub fn contains(self, minute: u16) -> bool {
        if self.start < self.end {
            (self.start..self.end).contains(&minute)
        } else {
            minute >= self.start || minute < self.end
        }
    }

    /// When an e-mail due at `now` may go: `now` outside the window, else
    /// the first instant the user's clock shows the window's end. When that
    /// local time does not exist (clocks jump over it), the first minute
    /// after the jump.
    pub fn release_at(self, now: OffsetDateTime, zone: &TimeZone) -> OffsetDateTime {
        let local = zone.to_local(now);
        let minute = u16::from(local.hour()) * 60 + u16::from(local.minute());
        if !self.contains(minute) {
            return now;
        }
        let mut date = local.date();
        if self.start > self.end && minute >= self.start {
            date = date.next_day().unwrap_or(date);
        }
        let end = Time::from_hms(
            u8::try_from(self.end / 60).unwrap_or(0),
            u8::try_from(self.end % 60).unwrap_or(0),
            0,
        )
        .unwrap_or(Time::MIDNIGHT);
        let mut wall = PrimitiveDateTime::new(date, end);
        // A gap is at most a few hours long; step over it a minute at a time.
        for _ in 0..(4 * 60) {
            if let Ok(at) = zone.from_local(wall) {
                return at.max(now);
            }
            wall += Duration::minutes(1);
        }
        now
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn zone(name: &str) -> TimeZone {
        TimeZone::parse(name).expect("zone")
    }

    #[test]
    fn validation_refuses_out_of_range_and_empty_windows() {
        assert_eq!(QuietHours::new(1440, 0), Err(QuietHoursError::OutOfRange));
        assert_eq!(QuietHours::new(0, 1440), Err(QuietHoursError::OutOfRange));
        assert_eq!(QuietHours::new(600, 600), Err(QuietHoursError::Empty));
        assert!(QuietHours::new(22 * 60, 7 * 60).is_ok());
    }

    #[test]
    fn a_wrapping_window_contains_both_sides_of_midnight() {
        let q = QuietHours::new(22 * 60, 7 * 60).expect("valid");
        assert!(q.contains(23 * 60));
        assert!(q.contains(0));
        assert!(q.contains(6 * 60 + 59));
        assert!(!q.contains(7 * 60));
        assert!(!q.contains(12 * 60));
        let day = QuietHours::new(9 * 60, 17 * 60).expect("valid");
        assert!(day.contains(9 * 60) && !day.contains(17 * 60) && !day.contains(8 * 60));
    }

    #[test]
    fn an_email_inside_the_window_waits_for_its_end_in_the_users_zone() {
        let q = QuietHours::new(22 * 60, 7 * 60).expect("valid");
        let almaty = zone("Asia/Almaty"); // UTC+5
        // 23:30 local → 07:00 local the next day.
        let now = datetime!(2026-03-10 18:30 UTC);
        assert_eq!(q.release_at(now, &almaty), datetime!(2026-03-11 02:00 UTC));
        // 03:00 local → 07:00 the same day.
        let now = datetime!(2026-03-10 22:00 UTC);
        assert_eq!(q.release_at(now, &almaty), datetime!(2026-03-11 02:00 UTC));
        // 12:00 local: outside, at once.
        let now = datetime!(2026-03-10 07:00 UTC);
        assert_eq!(q.release_at(now, &almaty), now);
    }

    #[test]
    fn the_window_follows_daylight_saving_changes() {
        let q = QuietHours::new(22 * 60, 7 * 60).expect("valid");
        let berlin = zone("Europe/Berlin");
        // Night of 28→29 March 2026: clocks go 02:00 → 03:00 (CET → CEST).
        // 23:00 CET on the 28th → 07:00 CEST on the 29th = 05:00 UTC.
        let now = datetime!(2026-03-28 22:00 UTC);
        assert_eq!(q.release_at(now, &berlin), datetime!(2026-03-29 05:00 UTC));
        // Night of 24→25 October: 03:00 CEST → 02:00 CET; 07:00 CET = 06:00 UTC.
        let now = datetime!(2026-10-24 21:00 UTC);
        assert_eq!(q.release_at(now, &berlin), datetime!(2026-10-25 06:00 UTC));
    }

    #[test]
    fn an_end_inside_the_spring_gap_releases_when_the_clock_jumps() {
        // Quiet 01:00–02:30; on 29 March 02:30 does not exist in Berlin.
        let q = QuietHours::new(60, 150).expect("valid");
        let berlin = zone("Europe/Berlin");
        let now = datetime!(2026-03-29 00:30 UTC); // 01:30 CET
        // The first existing minute after 02:30 CET is 03:00 CEST = 01:00 UTC.
        assert_eq!(q.release_at(now, &berlin), datetime!(2026-03-29 01:00 UTC));
    }
}
