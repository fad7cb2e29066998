//! The Clock port: every time-dependent rule asks it, so tests drive time.

use time::OffsetDateTime;

pub trait Clock: Send + Sync {
    /// Current UTC time, truncated to microseconds so it round-trips through
    /// both databases unchanged.
    fn now(&self) -> OffsetDateTime;
}

/// Truncates to microseconds, the precision MariaDB `DATETIME(6)` keeps.
pub fn truncate_to_micros(t: OffsetDateTime) -> OffsetDateTime {
    let micros = t.microsecond();
    t.replace_nanosecond(micros * 1_000).unwrap_or(t)
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        truncate_to_micros(OffsetDateTime::now_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_drops_sub_microsecond_part() {
        let t = time::macros::datetime!(2026-01-02 03:04:05.123456789 UTC);
        assert_eq!(
            truncate_to_micros(t),
            time::macros::datetime!(2026-01-02 03:04:05.123456 UTC)
        );
    }
}
