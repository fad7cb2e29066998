//! Brute-force protection for logins: failures are counted per username and
//! per client IP over a sliding window; after a few, each further failure is
//! slowed down, and past a limit attempts are refused until the window moves.

use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use crate::store_error::StoreResult;

/// What failures are counted under. Stored as `u:<name>` / `ip:<addr>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThrottleKey {
    Username(String),
    Ip(String),
}

impl ThrottleKey {
    /// At most 128 characters, whatever the client sent.
    pub fn storage_key(&self) -> String {
        let key = match self {
            ThrottleKey::Username(u) => format!("u:{}", u.trim().to_lowercase()),
            ThrottleKey::Ip(ip) => format!("ip:{ip}"),
        };
        key.chars().take(128).collect()
    }
}

/// A stored attempt (its row), so a reservation can be withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LoginAttemptId(pub i64);

/// An attempt recorded before its password is checked, and how many
/// attempts the key had in the window at that moment, this one included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedAttempt {
    pub id: LoginAttemptId,
    pub count: u64,
}

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub window: Duration,
    /// Failures per key answered without delay.
    pub free_failures: usize,
    /// Delay added per failure past the free ones, capped at `max_delay`.
    pub delay_step: Duration,
    pub max_delay: Duration,
    /// Failures in the window after which a username is refused.
    pub username_limit: usize,
    /// Failures in the window after which an IP is refused (higher: offices
    /// and mobile carriers put many people behind one address).
    pub ip_limit: usize,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            free_failures: 3,
            delay_step: Duration::seconds(1),
            max_delay: Duration::seconds(5),
            username_limit: 10,
            ip_limit: 30,
        }
    }
}

impl ThrottlePolicy {
    /// Whether to refuse an attempt, given each key's recent failure times
    /// (any order). Returns how long to wait when refused.
    pub fn refusal(
        &self,
        now: OffsetDateTime,
        username_failures: &[OffsetDateTime],
        ip_failures: &[OffsetDateTime],
    ) -> Option<Duration> {
        let a = self.wait_for(now, username_failures, self.username_limit);
        let b = self.wait_for(now, ip_failures, self.ip_limit);
        a.into_iter().chain(b).max()
    }

    /// How long until a key refused at `limit` may try again, given its
    /// recent failures: when enough of them have left the window, and at
    /// least a second (also when concurrent attempts were refused and the
    /// failures are below the limit again).
    pub fn retry_after(
        &self,
        now: OffsetDateTime,
        failures: &[OffsetDateTime],
        limit: usize,
    ) -> Duration {
        self.wait_for(now, failures, limit)
            .unwrap_or(Duration::seconds(1))
    }

    fn wait_for(
        &self,
        now: OffsetDateTime,
        failures: &[OffsetDateTime],
        limit: usize,
    ) -> Option<Duration> {
        let mut recent: Vec<_> = failures
            .iter()
            .copied()
            .filter(|t| *t > now - self.window)
            .collect();
        if recent.len() < limit.max(1) {
            return None;
        }
        recent.sort();
        // Attempts resume once enough failures have left the window.
        let freeing = recent[recent.len() - limit.max(1)];
        Some((freeing + self.window - now).max(Duration::seconds(1)))
    }

    /// The delay to impose after a failure, given the failure count in the
    /// window including this one (the larger of the two keys).
    pub fn delay_after_failure(&self, failures: usize) -> Duration {
        if failures <= self.free_failures {
            return Duration::ZERO;
        }
        let extra = (failures - self.free_failures) as i32;
        (self.delay_step * extra).min(self.max_delay)
    }
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait LoginThrottleRepo: Send + Sync {
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> StoreResult<()>;
    /// Failure times for `key` after `since`.
    async fn login_failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<OffsetDateTime>>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
    /// Records an attempt under `key` at `at` (as a failure, until it is
    /// released) and counts the attempts stored under `key` after `since`,
    /// this one included, in one step that concurrent callers cannot slip
    /// between: the reservations of one key are serialised, the k-th
    /// counting every earlier one. So no more than `limit` reservations can
    /// see a count of `limit` or less, however many run at once.
    async fn reserve_login_attempt(
        &self,
        key: &str,
        at: OffsetDateTime,
        since: OffsetDateTime,
    ) -> StoreResult<ReservedAttempt>;
    /// Withdraws a reservation (the attempt was refused or succeeded);
    /// nothing happens if it is gone already.
    async fn release_login_attempt(&self, id: LoginAttemptId) -> StoreResult<()>;
    async fn purge_login_failures(&self, before: OffsetDateTime) -> StoreResult<u64>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn refuses_after_the_limit_until_the_oldest_leaves_the_window() {
        let p = ThrottlePolicy::default();
        let now = datetime!(2026-01-01 12:00 UTC);
        let fails: Vec<_> = (0..10)
            .map(|i| now - Duration::minutes(10) + Duration::seconds(i))
            .collect();
        assert_eq!(p.refusal(now, &fails[..9], &[]), None);
        let wait = p.refusal(now, &fails, &[]).expect("refused");
        assert_eq!(wait, Duration::minutes(5));
        // Failures older than the window do not count.
        let old: Vec<_> = (0..20)
            .map(|i| now - Duration::hours(1) - Duration::seconds(i))
            .collect();
        assert_eq!(p.refusal(now, &old, &old), None);
    }

    #[test]
    fn ip_limit_is_separate_and_higher() {
        let p = ThrottlePolicy::default();
        let now = datetime!(2026-01-01 12:00 UTC);
        let fails: Vec<_> = (0..29).map(|i| now - Duration::seconds(i)).collect();
        assert_eq!(p.refusal(now, &[], &fails), None);
        let mut more = fails.clone();
        more.push(now);
        assert!(p.refusal(now, &[], &more).is_some());
    }

    #[test]
    fn delays_grow_then_cap() {
        let p = ThrottlePolicy::default();
        assert_eq!(p.delay_after_failure(1), Duration::ZERO);
        assert_eq!(p.delay_after_failure(3), Duration::ZERO);
        assert_eq!(p.delay_after_failure(4), Duration::seconds(1));
        assert_eq!(p.delay_after_failure(6), Duration::seconds(3));
        assert_eq!(p.delay_after_failure(50), Duration::seconds(5));
    }
}
