//! The publishing quota as this worker last saw it, per account, for a few
//! seconds: an account with several posts due in the same seconds is asked
//! once rather than before every publish call.
//!
//! Only headroom is cached. A post is let through without asking when the
//! usage Instagram reported plus what this worker published since is still
//! below the total; anything else asks again. The check is advisory either
//! way: Instagram refuses a publish call over the quota, and the publisher
//! holds the post for that answer exactly as for the check's.

use std::collections::HashMap;
use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

use crate::account::AccountId;
use crate::instagram::PublishingLimit;

/// Accounts remembered before stale entries are swept (bounds the map by
/// the accounts seen within one lifetime, not by every account ever seen).
const SWEEP_ABOVE: usize = 4_096;

#[derive(Debug, Clone, Copy)]
struct Seen {
    at: OffsetDateTime,
    usage: u32,
    total: u32,
    /// Publications by this worker since `at`.
    published: u32,
}

#[derive(Debug)]
pub(super) struct QuotaCache {
    lifetime: Duration,
    seen: Mutex<HashMap<AccountId, Seen>>,
}

impl QuotaCache {
    /// `lifetime` zero (or less) turns the cache off.
    pub(super) fn new(lifetime: Duration) -> Self {
        Self {
            lifetime,
            seen: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<AccountId, Seen>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a recent answer leaves room for one more post, so the
    /// check can be skipped. Reserves that room at once, so posts checked
    /// together never share the last slot.
    pub(super) fn has_room(&self, account: AccountId, now: OffsetDateTime) -> bool {
        if self.lifetime <= Duration::ZERO {
            return false;
        }
        let mut seen = self.lock();
        match seen.get_mut(&account) {
            Some(s)
                if now - s.at < self.lifetime
                    && u64::from(s.usage) + u64::from(s.published) < u64::from(s.total) =>
            {
                s.published += 1;
                true
            }
            _ => false,
        }
    }

    /// Remembers Instagram's answer; the post about to be published counts.
    pub(super) fn record(&self, account: AccountId, limit: &PublishingLimit, now: OffsetDateTime) {
        if self.lifetime <= Duration::ZERO {
            return;
        }
        let Some(total) = limit.quota_total else {
            return;
        };
        let mut seen = self.lock();
        if seen.len() >= SWEEP_ABOVE {
            let lifetime = self.lifetime;
            seen.retain(|_, s| now - s.at < lifetime);
        }
        seen.insert(
            account,
            Seen {
                at: now,
                usage: limit.quota_usage,
                total,
                published: 1,
            },
        );
    }

    /// The reserved room was not used (the publish did not happen): forget
    /// the account, so the next post asks Instagram.
    pub(super) fn forget(&self, account: AccountId) {
        self.lock().remove(&account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(usage: u32, total: u32) -> PublishingLimit {
        PublishingLimit {
            quota_usage: usage,
            quota_total: Some(total),
            quota_duration: None,
        }
    }

    #[test]
    fn room_is_lent_until_the_answer_plus_our_publications_reach_the_total() {
        let cache = QuotaCache::new(Duration::seconds(5));
        let a = AccountId::new();
        let t = OffsetDateTime::UNIX_EPOCH;
        assert!(!cache.has_room(a, t), "nothing seen yet");
        // Instagram says 2 of 5 used; the post checked now is the third.
        cache.record(a, &limit(2, 5), t);
        assert!(cache.has_room(a, t), "the fourth");
        assert!(cache.has_room(a, t), "the fifth");
        assert!(!cache.has_room(a, t), "a sixth asks Instagram");
    }

    #[test]
    fn an_old_answer_or_no_total_asks_again() {
        let cache = QuotaCache::new(Duration::seconds(5));
        let (a, b) = (AccountId::new(), AccountId::new());
        let t = OffsetDateTime::UNIX_EPOCH;
        cache.record(a, &limit(0, 100), t);
        assert!(cache.has_room(a, t + Duration::seconds(4)));
        assert!(!cache.has_room(a, t + Duration::seconds(5)));
        cache.record(
            b,
            &PublishingLimit {
                quota_usage: 0,
                quota_total: None,
                quota_duration: None,
            },
            t,
        );
        assert!(!cache.has_room(b, t));
        cache.record(b, &limit(0, 100), t);
        cache.forget(b);
        assert!(!cache.has_room(b, t), "forgotten");
    }

    #[test]
    fn a_zero_lifetime_never_lends_room() {
        let cache = QuotaCache::new(Duration::ZERO);
        let a = AccountId::new();
        let t = OffsetDateTime::UNIX_EPOCH;
        cache.record(a, &limit(0, 100), t);
        assert!(!cache.has_room(a, t));
    }

    #[test]
    fn stale_accounts_are_swept_when_many_are_remembered() {
        let cache = QuotaCache::new(Duration::seconds(5));
        let t = OffsetDateTime::UNIX_EPOCH;
        for _ in 0..SWEEP_ABOVE {
            cache.record(AccountId::new(), &limit(0, 100), t);
        }
        cache.record(AccountId::new(), &limit(0, 100), t + Duration::seconds(10));
        assert_eq!(cache.lock().len(), 1, "only the fresh one is kept");
    }
}
