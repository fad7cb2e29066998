//! Per-account caps on what automation sends, kept under Instagram's own
//! limits (private replies: 750 an hour per account, API reference §10.2)
//! so a viral post cannot get the account throttled or flagged.

use serde::{Deserialize, Serialize};

/// Instagram's private-reply limit per account and hour.
pub const INSTAGRAM_PRIVATE_REPLIES_PER_HOUR: u32 = 750;
pub const DEFAULT_HOURLY_CAP: u32 = 200;
pub const DEFAULT_DAILY_CAP: u32 = 1_000;
/// The highest daily cap a user may set.
pub const MAX_DAILY_CAP: u32 = 5_000;

/// What automation may send per account: replies, private replies and DMs
/// together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomationLimits {
    hourly: u32,
    daily: u32,
}

impl Default for AutomationLimits {
    fn default() -> Self {
        AutomationLimits {
            hourly: DEFAULT_HOURLY_CAP,
            daily: DEFAULT_DAILY_CAP,
        }
    }
}

/// Why caps cannot be set so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum LimitsProblem {
    #[error("the hourly cap must be between 1 and {max}")]
    HourlyOutOfRange { max: u32 },
    #[error("the daily cap must be between 1 and {max}")]
    DailyOutOfRange { max: u32 },
    #[error("the daily cap must be at least the hourly cap")]
    DailyBelowHourly,
}

impl AutomationLimits {
    pub fn new(hourly: u32, daily: u32) -> Result<Self, LimitsProblem> {
        if !(1..=INSTAGRAM_PRIVATE_REPLIES_PER_HOUR).contains(&hourly) {
            return Err(LimitsProblem::HourlyOutOfRange {
                max: INSTAGRAM_PRIVATE_REPLIES_PER_HOUR,
            });
        }
        if !(1..=MAX_DAILY_CAP).contains(&daily) {
            return Err(LimitsProblem::DailyOutOfRange { max: MAX_DAILY_CAP });
        }
        if daily < hourly {
            return Err(LimitsProblem::DailyBelowHourly);
        }
        Ok(AutomationLimits { hourly, daily })
    }

    pub fn hourly(&self) -> u32 {
        self.hourly
    }

    pub fn daily(&self) -> u32 {
        self.daily
    }
}

/// What automation already sent for the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub last_hour: u32,
    pub last_day: u32,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn caps_stay_under_instagram() {
        assert!(AutomationLimits::new(750, 5_000).is_ok());
        assert_eq!(
            AutomationLimits::new(751, 5_000),
            Err(LimitsProblem::HourlyOutOfRange { max: 750 })
        );
        assert!(AutomationLimits::new(0, 10).is_err());
        assert_eq!(
            AutomationLimits::new(100, 99),
            Err(LimitsProblem::DailyBelowHourly)
        );
        assert!(AutomationLimits::new(10, 5_001).is_err());
    }
}
