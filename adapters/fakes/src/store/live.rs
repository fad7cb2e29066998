//! Fresh inbox data in memory: the event sequence and sync states, with the
//! databases' semantics (one growing sequence, conditional claims, rows of
//! deleted accounts and users gone).

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::{LiveEvent, LiveRepo, NewLiveEvent, SyncState};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::{MemoryStore, State};

#[derive(Clone, Default)]
pub(super) struct LiveTables {
    events: Vec<LiveEvent>,
    last_seq: u64,
    states: HashMap<AccountId, SyncState>,
}

impl State {
    /// Drops rows whose account is gone (the SQL stores cascade).
    fn live_tables(&mut self) -> &mut LiveTables {
        let accounts = &self.accounts;
        let live = &mut self.live;
        live.events.retain(|e| accounts.contains_key(&e.account));
        live.states.retain(|id, _| accounts.contains_key(id));
        live
    }
}

#[async_trait]
impl LiveRepo for MemoryStore {
    async fn insert_live_event(&self, e: &NewLiveEvent) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.accounts.contains_key(&e.account) || !s.users.contains_key(&e.owner) {
            // As the foreign keys refuse it.
            return Err(StoreError::Conflict);
        }
        let t = s.live_tables();
        t.last_seq += 1;
        let seq = t.last_seq;
        t.events.push(LiveEvent {
            seq,
            owner: e.owner,
            account: e.account,
            kind: e.kind,
            item: e.item.clone(),
            at: e.at,
        });
        Ok(())
    }

    async fn live_events_after(
        &self,
        owner: UserId,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<LiveEvent>> {
        let mut s = self.lock();
        Ok(s.live_tables()
            .events
            .iter()
            .filter(|e| e.owner == owner && e.seq > after)
            .take(limit as usize)
            .cloned()
            .collect())
    }

    async fn latest_live_seq(&self, owner: UserId) -> StoreResult<u64> {
        let mut s = self.lock();
        Ok(s.live_tables()
            .events
            .iter()
            .filter(|e| e.owner == owner)
            .map(|e| e.seq)
            .max()
            .unwrap_or(0))
    }

    async fn purge_live_events(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        let t = s.live_tables();
        let n = t.events.len();
        t.events.retain(|e| e.at >= before);
        Ok((n - t.events.len()) as u64)
    }

    async fn request_inbox_sync(&self, account: AccountId, at: OffsetDateTime) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.accounts.contains_key(&account) {
            return Err(StoreError::Conflict);
        }
        s.live_tables()
            .states
            .entry(account)
            .or_insert_with(|| blank(account))
            .requested_at = Some(at);
        Ok(())
    }

    async fn claim_inbox_sync(
        &self,
        account: AccountId,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.accounts.contains_key(&account) {
            return Ok(false);
        }
        let state = s
            .live_tables()
            .states
            .entry(account)
            .or_insert_with(|| blank(account));
        if state.started_at.is_some_and(|t| t >= stale_before) {
            return Ok(false);
        }
        state.started_at = Some(now);
        Ok(true)
    }

    async fn finish_inbox_sync(
        &self,
        account: AccountId,
        now: OffsetDateTime,
        complete: bool,
    ) -> StoreResult<()> {
        let mut s = self.lock();
        if let Some(state) = s.live_tables().states.get_mut(&account) {
            state.started_at = None;
            if complete {
                state.requested_at = None;
                state.finished_at = Some(now);
            }
        }
        Ok(())
    }

    async fn inbox_sync_states(&self, owner: UserId) -> StoreResult<Vec<SyncState>> {
        let mut s = self.lock();
        let owned: Vec<AccountId> = s
            .accounts
            .values()
            .filter(|a| a.owner == owner)
            .map(|a| a.id)
            .collect();
        let mut v: Vec<SyncState> = s
            .live_tables()
            .states
            .values()
            .filter(|st| owned.contains(&st.account))
            .copied()
            .collect();
        v.sort_by_key(|st| st.account.0);
        Ok(v)
    }

    async fn all_inbox_sync_states(&self) -> StoreResult<Vec<SyncState>> {
        let mut s = self.lock();
        let mut v: Vec<SyncState> = s.live_tables().states.values().copied().collect();
        v.sort_by_key(|st| st.account.0);
        Ok(v)
    }
}

fn blank(account: AccountId) -> SyncState {
    SyncState {
        account,
        requested_at: None,
        started_at: None,
        finished_at: None,
    }
}
