//! Queue slots and calendar feeds in memory. Rows of an account that no
//! longer exists (or is not the owner's) are never read back, as the SQL
//! adapters' cascades remove them.

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::posts::PostId;
use socialflow_core::queue::{CalendarFeed, CalendarFeedRepo, QueueRepo, QueueSlot, TAKING_STATES};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::{MemoryStore, State};

#[derive(Clone, Default)]
pub(super) struct QueueTables {
    slots: HashMap<AccountId, Vec<QueueSlot>>,
    feeds: HashMap<AccountId, CalendarFeed>,
}

impl State {
    fn owns_for_queue(&self, owner: UserId, account: AccountId) -> bool {
        self.accounts
            .get(&account)
            .is_some_and(|a| a.owner == owner)
    }

    /// The unit of work's check: no other post of the account takes `at`.
    pub(super) fn require_free_slot(
        &self,
        owner: UserId,
        account: AccountId,
        at: OffsetDateTime,
        except: PostId,
    ) -> StoreResult<()> {
        let taken = self.posts.all().any(|p| {
            p.owner == owner
                && p.content.account_id == account
                && p.id != except
                && p.content.scheduled_at == Some(at)
                && TAKING_STATES.contains(&p.state)
        });
        if taken {
            Err(StoreError::Conflict)
        } else {
            Ok(())
        }
    }
}

#[async_trait]
impl QueueRepo for MemoryStore {
    async fn queue_slots(&self, owner: UserId, account: AccountId) -> StoreResult<Vec<QueueSlot>> {
        let s = self.lock();
        if !s.owns_for_queue(owner, account) {
            return Ok(Vec::new());
        }
        let mut v = s.queue.slots.get(&account).cloned().unwrap_or_default();
        v.sort_by_key(QueueSlot::sort_key);
        Ok(v)
    }

    async fn replace_queue_slots(
        &self,
        owner: UserId,
        account: AccountId,
        slots: &[QueueSlot],
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.owns_for_queue(owner, account) {
            return Ok(false);
        }
        let mut v = slots.to_vec();
        v.sort_by_key(QueueSlot::sort_key);
        if v.windows(2).any(|w| w[0] == w[1]) {
            // The primary key (account, day, minute) refuses a duplicate.
            return Err(StoreError::Conflict);
        }
        s.queue.slots.insert(account, v);
        Ok(true)
    }

    async fn taken_times(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        to: OffsetDateTime,
        except: Option<PostId>,
        limit: u32,
    ) -> StoreResult<Vec<OffsetDateTime>> {
        let s = self.lock();
        let mut v: Vec<OffsetDateTime> = s
            .posts
            .all()
            .filter(|p| p.owner == owner && p.content.account_id == account)
            .filter(|p| Some(p.id) != except && TAKING_STATES.contains(&p.state))
            .filter_map(|p| p.content.scheduled_at)
            .filter(|at| *at >= from && *at < to)
            .collect();
        v.sort();
        v.truncate(limit as usize);
        Ok(v)
    }
}

#[async_trait]
impl CalendarFeedRepo for MemoryStore {
    async fn calendar_feed(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<CalendarFeed>> {
        let s = self.lock();
        Ok(s.queue
            .feeds
            .get(&account)
            .filter(|f| f.owner == owner && s.owns_for_queue(owner, account))
            .cloned())
    }

    async fn calendar_feed_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> StoreResult<Option<CalendarFeed>> {
        let s = self.lock();
        Ok(s.queue
            .feeds
            .values()
            .find(|f| &f.digest == digest && s.owns_for_queue(f.owner, f.account_id))
            .cloned())
    }

    async fn put_calendar_feed(&self, feed: &CalendarFeed) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.owns_for_queue(feed.owner, feed.account_id) {
            return Ok(false);
        }
        let digest_used = s
            .queue
            .feeds
            .values()
            .any(|f| f.digest == feed.digest && f.account_id != feed.account_id);
        if digest_used {
            return Err(StoreError::Conflict);
        }
        s.queue.feeds.insert(feed.account_id, feed.clone());
        Ok(true)
    }

    async fn delete_calendar_feed(&self, owner: UserId, account: AccountId) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.owns_for_queue(owner, account) {
            return Ok(false);
        }
        Ok(s.queue.feeds.remove(&account).is_some())
    }
}
