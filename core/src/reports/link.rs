//! A report link: which account and period it shows, until when.

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::UserId;
use crate::account::AccountId;
use crate::crypto::TokenDigest;

/// A link opens the report at most this many days.
pub const MAX_VALID_DAYS: i64 = 90;
/// Links per account (revoked and expired ones do not count once deleted).
pub const MAX_LINKS_PER_ACCOUNT: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReportLinkId(pub Uuid);

impl std::fmt::Display for ReportLinkId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLink {
    pub id: ReportLinkId,
    pub owner: UserId,
    pub account_id: AccountId,
    /// The period shown, in the owner's days.
    pub from: Date,
    pub to: Date,
    /// Digest of the secret in the URL; the secret itself is shown once.
    pub digest: TokenDigest,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

impl ReportLink {
    pub fn expired(&self, now: OffsetDateTime) -> bool {
        now >= self.expires_at
    }
}

/// Why a link cannot be made as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReportLinkProblem {
    #[error("a link is valid from 1 to {max} days, not {days}")]
    ValidDays { days: i64, max: i64 },
    #[error("an account has at most {max} report links")]
    TooMany { max: u32 },
}

/// Checks how long a link should work (1 to [`MAX_VALID_DAYS`] days).
pub fn valid_days(days: i64) -> Result<i64, ReportLinkProblem> {
    if (1..=MAX_VALID_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(ReportLinkProblem::ValidDays {
            days,
            max: MAX_VALID_DAYS,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn validity_is_one_to_ninety_days() {
        assert_eq!(valid_days(1), Ok(1));
        assert_eq!(valid_days(90), Ok(90));
        assert!(valid_days(0).is_err());
        assert!(valid_days(91).is_err());
        assert!(valid_days(-3).is_err());
    }
}
