//! When an account's inbox needs a sync now, and who may see an event.

use time::{Duration, OffsetDateTime};

use crate::UserId;
use crate::inbox::{LiveEvent, SyncState};

/// The timings of fresh data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreshnessPolicy {
    /// At worker start, an inbox last synced longer ago than this (or
    /// never) is synced at once instead of waiting for its slot.
    pub stale_after: Duration,
    /// A sync claim older than this is taken to be from a process that
    /// died: another may claim the account.
    pub claim_lease: Duration,
    /// Events are pointers for pages that are open now; older ones go.
    pub event_retention: Duration,
    /// At most this many events are sent to a stream per poll.
    pub batch: u32,
}

impl Default for FreshnessPolicy {
    fn default() -> Self {
        Self {
            stale_after: Duration::minutes(30),
            claim_lease: Duration::minutes(10),
            event_retention: Duration::minutes(10),
            batch: 100,
        }
    }
}

/// Whether an account needs a sync at once when the worker starts (or
/// first sees it): a sync was asked for and not completed, or the last
/// complete one is older than `stale_after`, or there never was one.
pub fn due_at_start(
    state: Option<&SyncState>,
    now: OffsetDateTime,
    policy: &FreshnessPolicy,
) -> bool {
    match state {
        None => true,
        Some(s) if s.requested_at.is_some() => true,
        Some(s) => s
            .finished_at
            .is_none_or(|at| at + policy.stale_after <= now),
    }
}

/// An event is for its account's owner and nobody else.
pub fn visible_to(event: &LiveEvent, user: UserId) -> bool {
    event.owner == user
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::account::AccountId;
    use crate::inbox::LiveKind;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-03-01 12:00 UTC);

    fn state(requested: bool, finished_ago: Option<i64>) -> SyncState {
        SyncState {
            account: AccountId::new(),
            requested_at: requested.then_some(NOW - Duration::minutes(1)),
            started_at: None,
            finished_at: finished_ago.map(|m| NOW - Duration::minutes(m)),
        }
    }

    #[test]
    fn a_sync_is_due_at_start_when_asked_for_never_done_or_stale() {
        let p = FreshnessPolicy::default();
        assert!(due_at_start(None, NOW, &p));
        assert!(due_at_start(Some(&state(true, Some(1))), NOW, &p));
        assert!(due_at_start(Some(&state(false, None)), NOW, &p));
        assert!(due_at_start(Some(&state(false, Some(30))), NOW, &p));
        assert!(!due_at_start(Some(&state(false, Some(29))), NOW, &p));
    }

    #[test]
    fn events_are_only_for_their_owner() {
        let owner = UserId::new();
        let e = LiveEvent {
            seq: 1,
            owner,
            account: AccountId::new(),
            kind: LiveKind::Comment,
            item: Some("c1".into()),
            at: NOW,
        };
        assert!(visible_to(&e, owner));
        assert!(!visible_to(&e, UserId::new()));
    }
}
