//! Inbox sync: every active account is synced every `interval` (well under
//! the cache's 24 hours). Accounts start at different offsets inside the
//! first `spread`, so many accounts never call Instagram at the same moment,
//! and at most `per_pass` accounts sync in one pass. An account Instagram
//! slows down waits as long as it says (or `backoff`).
//!
//! With fresh-data tracking ([`InboxSyncJob::with_live`]) the schedule
//! starts from the database instead: an account whose inbox is stale (or
//! was never synced, or whose first sync was asked for and not completed —
//! another process may have stopped half-way) syncs in the first pass,
//! the others when their interval since the last complete sync is up.
//! Each pass also picks up first syncs asked for since, and syncs run under
//! a claim, [`SYNCS_AT_ONCE`] at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::inbox::{InboxService, SyncMode, SyncReport};
use socialflow_core::live::{LiveError, LiveService, TrackedSync};
use socialflow_core::{Clock, Store, StoreError};
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, Copy)]
pub struct InboxSchedule {
    pub interval: Duration,
    /// New accounts get a first sync within this, at an offset fixed by
    /// their id.
    pub spread: Duration,
    pub per_pass: usize,
    /// After a rate-limit stop without a hint, or a failure.
    pub backoff: Duration,
}

impl Default for InboxSchedule {
    fn default() -> Self {
        Self {
            interval: Duration::hours(2),
            spread: Duration::minutes(15),
            per_pass: 20,
            backoff: Duration::minutes(15),
        }
    }
}

/// What one pass did (counts only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct InboxSyncReport {
    pub synced: u32,
    pub deferred: u32,
    pub failed: u32,
}

#[derive(Clone)]
pub struct InboxSyncJob {
    inbox: InboxService,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    schedule: InboxSchedule,
    next_due: Arc<Mutex<HashMap<AccountId, OffsetDateTime>>>,
    live: Option<LiveService>,
}

/// Accounts synced at once by one worker.
pub const SYNCS_AT_ONCE: usize = 2;

/// A stable offset in `[0, spread)` from the account id.
fn offset(id: AccountId, spread: Duration) -> Duration {
    let secs = spread.whole_seconds().max(1) as u64;
    let h =
        id.0.as_bytes()
            .iter()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            });
    Duration::seconds((h % secs) as i64)
}

impl InboxSyncJob {
    pub fn new(inbox: InboxService, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            inbox,
            store,
            clock,
            schedule: InboxSchedule::default(),
            next_due: Arc::new(Mutex::new(HashMap::new())),
            live: None,
        }
    }

    /// Tracks syncs (claims, completion, events) and schedules from the
    /// database's sync states.
    pub fn with_live(mut self, live: LiveService) -> Self {
        self.live = Some(live);
        self
    }

    pub fn with_schedule(mut self, schedule: InboxSchedule) -> Self {
        self.schedule = schedule;
        self
    }

    /// Syncs the accounts that are due.
    pub async fn run_once(&self) -> Result<InboxSyncReport, StoreError> {
        let now = self.clock.now();
        // Every active account (the token query with bounds that match all).
        let far = now + Duration::days(365 * 100);
        let accounts = self
            .store
            .accounts_due_for_refresh(far, far, 100_000)
            .await?;
        let states = match &self.live {
            Some(live) => {
                if let Err(e) = live.purge_expired().await {
                    tracing::warn!(error = %e, "cannot purge inbox events; will retry");
                }
                Some(live.states().await?)
            }
            None => None,
        };
        let due: Vec<_> = {
            let mut next = self.next_due.lock().unwrap_or_else(|p| p.into_inner());
            next.retain(|id, _| accounts.iter().any(|a| a.id == *id));
            let mut due: Vec<_> = accounts
                .into_iter()
                .filter_map(|a| {
                    let first = || match (&self.live, &states) {
                        (Some(live), Some(states)) => {
                            let state = states.get(&a.id);
                            if live.due_now(state) {
                                now
                            } else {
                                state
                                    .and_then(|s| s.finished_at)
                                    .map_or(now, |t| (t + self.schedule.interval).max(now))
                            }
                        }
                        _ => now + offset(a.id, self.schedule.spread),
                    };
                    let entry = next.entry(a.id).or_insert_with(first);
                    // A first sync asked for since (a connection on a
                    // server) is due at once.
                    if states
                        .as_ref()
                        .and_then(|s| s.get(&a.id))
                        .is_some_and(|s| s.requested_at.is_some())
                    {
                        *entry = (*entry).min(now);
                    }
                    let at = *entry;
                    (at <= now).then_some((at, a))
                })
                .collect();
            due.sort_by_key(|(at, a)| (*at, a.id));
            due.truncate(self.schedule.per_pass);
            due.into_iter().map(|(_, a)| a).collect()
        };
        let mut report = InboxSyncReport::default();
        let mut runs = futures::stream::iter(due.into_iter().map(|account| async move {
            let outcome = self.sync_one(&account).await;
            (account, outcome)
        }))
        .buffer_unordered(SYNCS_AT_ONCE);
        while let Some((account, outcome)) = runs.next().await {
            let next = match outcome {
                Ok(Some(r)) if r.deferred => {
                    report.deferred += 1;
                    now + r.retry_after.unwrap_or(self.schedule.backoff)
                }
                Ok(Some(_)) => {
                    report.synced += 1;
                    now + self.schedule.interval
                }
                // Another process holds the claim: look again later.
                Ok(None) => now + self.schedule.backoff,
                Err(e) => {
                    tracing::warn!(account = %account.id, error = %e, "inbox sync failed; will retry");
                    report.failed += 1;
                    now + self.schedule.backoff
                }
            };
            self.next_due
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(account.id, next);
        }
        Ok(report)
    }

    /// One account's sync: tracked when fresh-data tracking is on (`None`
    /// when another process is syncing it).
    async fn sync_one(&self, account: &Account) -> Result<Option<SyncReport>, LiveError> {
        match &self.live {
            Some(live) => match live.sync(account, SyncMode::Background).await? {
                TrackedSync::Done(r) => Ok(Some(r)),
                TrackedSync::Busy => Ok(None),
            },
            None => Ok(Some(
                self.inbox
                    .sync_account(account, SyncMode::Background)
                    .await?,
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_stable_and_inside_the_spread() {
        let spread = Duration::minutes(15);
        let ids: Vec<AccountId> = (0..50).map(|_| AccountId::new()).collect();
        let offsets: Vec<Duration> = ids.iter().map(|id| offset(*id, spread)).collect();
        assert!(offsets.iter().all(|o| *o >= Duration::ZERO && *o < spread));
        assert_eq!(offset(ids[0], spread), offsets[0]);
        let distinct: std::collections::HashSet<i64> =
            offsets.iter().map(|o| o.whole_seconds()).collect();
        assert!(distinct.len() > 25, "spread out: {}", distinct.len());
    }
}
