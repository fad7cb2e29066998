//! Server-side login sessions. The cookie carries a random secret; the
//! database keeps only its digest, so several server processes share
//! sessions and a database leak does not hand them out.

use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use crate::UserId;
use crate::crypto::TokenDigest;
use crate::store_error::StoreResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub digest: TokenDigest,
    pub user_id: UserId,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    /// Absolute end of the session, whatever the activity.
    pub expires_at: OffsetDateTime,
    pub ip: String,
    pub user_agent: Option<String>,
}

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Absolute lifetime from login.
    pub lifetime: Duration,
    /// A session unused this long is over.
    pub idle_timeout: Duration,
    /// `last_seen_at` is written at most this often, to keep reads cheap.
    pub touch_interval: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            lifetime: Duration::days(30),
            idle_timeout: Duration::days(7),
            touch_interval: Duration::minutes(1),
        }
    }
}

impl Session {
    pub fn is_live(&self, now: OffsetDateTime, policy: &SessionPolicy) -> bool {
        now < self.expires_at && now < self.last_seen_at + policy.idle_timeout
    }

    pub fn needs_touch(&self, now: OffsetDateTime, policy: &SessionPolicy) -> bool {
        now - self.last_seen_at >= policy.touch_interval
    }
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SessionRepo: Send + Sync {
    async fn insert_session(&self, session: &Session) -> StoreResult<()>;
    async fn session_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Session>>;
    async fn touch_session(&self, digest: &TokenDigest, at: OffsetDateTime) -> StoreResult<()>;
    async fn delete_session(&self, digest: &TokenDigest) -> StoreResult<bool>;
    /// Ends all of a user's sessions except, optionally, one.
    async fn delete_user_sessions(
        &self,
        user: UserId,
        keep: Option<TokenDigest>,
    ) -> StoreResult<u64>;
    /// Removes sessions whose absolute expiry or idle deadline has passed.
    async fn purge_sessions(
        &self,
        expired_before: OffsetDateTime,
        idle_before: OffsetDateTime,
    ) -> StoreResult<u64>;
    /// The user's live sessions, newest first (for the data export).
    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn session(created: OffsetDateTime) -> Session {
        Session {
            digest: TokenDigest("d".into()),
            user_id: UserId::new(),
            created_at: created,
            last_seen_at: created,
            expires_at: created + Duration::days(30),
            ip: "127.0.0.1".into(),
            user_agent: None,
        }
    }

    #[test]
    fn idle_and_absolute_expiry() {
        let p = SessionPolicy::default();
        let t0 = datetime!(2026-01-01 00:00 UTC);
        let mut s = session(t0);
        assert!(s.is_live(t0 + Duration::days(6), &p));
        assert!(!s.is_live(t0 + Duration::days(7), &p), "idle for 7 days");
        s.last_seen_at = t0 + Duration::days(29);
        assert!(s.is_live(t0 + Duration::days(29) + Duration::hours(23), &p));
        assert!(!s.is_live(t0 + Duration::days(30), &p), "absolute lifetime");
    }
}
