//! The fresh-data use cases: asking for and running tracked syncs, and
//! reading the events of one user.

use std::collections::HashMap;
use std::sync::Arc;

use super::rules::{FreshnessPolicy, due_at_start, visible_to};
use crate::account::{Account, AccountId};
use crate::inbox::{
    InboxError, InboxService, LiveEvent, LiveKind, LiveRepo, NewLiveEvent, SyncMode, SyncReport,
    SyncState,
};
use crate::store_error::StoreError;
use crate::{Clock, UserId};

/// What a tracked sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackedSync {
    Done(SyncReport),
    /// Another process is syncing this account right now.
    Busy,
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error(transparent)]
    Inbox(#[from] InboxError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Syncs that the dashboard and the other processes can see, and the
/// events of open inbox pages.
#[derive(Clone)]
pub struct LiveService {
    inbox: InboxService,
    repo: Arc<dyn LiveRepo>,
    clock: Arc<dyn Clock>,
    policy: FreshnessPolicy,
}

impl LiveService {
    pub fn new(inbox: InboxService, repo: Arc<dyn LiveRepo>, clock: Arc<dyn Clock>) -> Self {
        Self {
            inbox,
            repo,
            clock,
            policy: FreshnessPolicy::default(),
        }
    }

    pub fn with_policy(mut self, policy: FreshnessPolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn policy(&self) -> &FreshnessPolicy {
        &self.policy
    }

    /// Records that the account's inbox needs a full sync (it was just
    /// connected). Durable: whichever process runs next picks it up, and
    /// the dashboard says "syncing" until one completes.
    pub async fn request_sync(&self, account: &Account) -> Result<(), StoreError> {
        self.repo
            .request_inbox_sync(account.id, self.clock.now())
            .await
    }

    /// Runs a sync under a claim, so two processes never sync one account
    /// at once; a complete sync clears the request and tells the owner's
    /// open pages.
    pub async fn sync(&self, account: &Account, mode: SyncMode) -> Result<TrackedSync, LiveError> {
        let now = self.clock.now();
        let stale = now - self.policy.claim_lease;
        if !self.repo.claim_inbox_sync(account.id, now, stale).await? {
            return Ok(TrackedSync::Busy);
        }
        let result = self.inbox.sync_account(account, mode).await;
        let complete = matches!(&result, Ok(r) if !r.deferred);
        let end = self.clock.now();
        self.repo
            .finish_inbox_sync(account.id, end, complete)
            .await?;
        let report = result?;
        if complete {
            self.repo
                .insert_live_event(&NewLiveEvent {
                    owner: account.owner,
                    account: account.id,
                    kind: LiveKind::Synced,
                    item: None,
                    at: end,
                })
                .await?;
        }
        Ok(TrackedSync::Done(report))
    }

    /// The user's events after `after`, oldest first (at most a batch).
    pub async fn events_after(
        &self,
        user: UserId,
        after: u64,
    ) -> Result<Vec<LiveEvent>, StoreError> {
        let mut events = self
            .repo
            .live_events_after(user, after, self.policy.batch)
            .await?;
        events.retain(|e| visible_to(e, user));
        Ok(events)
    }

    /// Where a new stream starts: after everything recorded so far.
    pub async fn latest_seq(&self, user: UserId) -> Result<u64, StoreError> {
        self.repo.latest_live_seq(user).await
    }

    /// The user's accounts whose first full sync has not completed yet.
    pub async fn syncing(&self, user: UserId) -> Result<Vec<AccountId>, StoreError> {
        Ok(self
            .repo
            .inbox_sync_states(user)
            .await?
            .into_iter()
            .filter(|s| s.requested_at.is_some())
            .map(|s| s.account)
            .collect())
    }

    /// The sync states of the user's accounts.
    pub async fn states_of(&self, user: UserId) -> Result<Vec<SyncState>, StoreError> {
        self.repo.inbox_sync_states(user).await
    }

    /// Every tracked account's state, for the worker's first schedule.
    pub async fn states(&self) -> Result<HashMap<AccountId, SyncState>, StoreError> {
        Ok(self
            .repo
            .all_inbox_sync_states()
            .await?
            .into_iter()
            .map(|s| (s.account, s))
            .collect())
    }

    /// Whether the account needs a sync at once (see [`due_at_start`]).
    pub fn due_now(&self, state: Option<&SyncState>) -> bool {
        due_at_start(state, self.clock.now(), &self.policy)
    }

    /// Deletes events older than the retention.
    pub async fn purge_expired(&self) -> Result<u64, StoreError> {
        self.repo
            .purge_live_events(self.clock.now() - self.policy.event_retention)
            .await
    }
}
