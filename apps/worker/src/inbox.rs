//! Inbox sync: every active account is synced every `interval` (well under
//! the cache's 24 hours). Accounts start at different offsets inside the
//! first `spread`, so many accounts never call Instagram at the same moment,
//! and at most `per_pass` accounts sync in one pass. An account Instagram
//! slows down waits as long as it says (or `backoff`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use socialflow_core::account::AccountId;
use socialflow_core::inbox::{InboxService, SyncMode};
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
}

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
        }
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
        let due: Vec<_> = {
            let mut next = self.next_due.lock().unwrap_or_else(|p| p.into_inner());
            next.retain(|id, _| accounts.iter().any(|a| a.id == *id));
            let mut due: Vec<_> = accounts
                .into_iter()
                .filter_map(|a| {
                    let at = *next
                        .entry(a.id)
                        .or_insert_with(|| now + offset(a.id, self.schedule.spread));
                    (at <= now).then_some((at, a))
                })
                .collect();
            due.sort_by_key(|(at, a)| (*at, a.id));
            due.truncate(self.schedule.per_pass);
            due.into_iter().map(|(_, a)| a).collect()
        };
        let mut report = InboxSyncReport::default();
        for account in due {
            let next = match self
                .inbox
                .sync_account(&account, SyncMode::Background)
                .await
            {
                Ok(r) if r.deferred => {
                    report.deferred += 1;
                    now + r.retry_after.unwrap_or(self.schedule.backoff)
                }
                Ok(_) => {
                    report.synced += 1;
                    now + self.schedule.interval
                }
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
}

#[cfg(test)]
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
