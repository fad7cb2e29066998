//! Moderation lists and log in memory, with the databases' semantics (owner
//! scoping, one entry per comment, rows of a deleted account gone).

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::moderation::{
    EntryId, ListKind, LogItem, ModerationEntry, ModerationList, ModerationRepo,
};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::{MemoryStore, State};

#[derive(Clone, Default)]
pub(super) struct Tables {
    lists: HashMap<(AccountId, ListKind), ModerationList>,
    log: HashMap<EntryId, ModerationEntry>,
}

impl State {
    /// Drops rows whose account is gone (the SQL stores cascade).
    fn moderation_garbage(&mut self) {
        let live: Vec<AccountId> = self.accounts.keys().copied().collect();
        let m = &mut self.moderation;
        m.lists.retain(|k, _| live.contains(&k.0));
        m.log.retain(|_, e| live.contains(&e.account));
    }
}

#[async_trait]
impl ModerationRepo for MemoryStore {
    async fn moderation_lists(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<ModerationList>> {
        let mut s = self.lock();
        s.moderation_garbage();
        if !s.owns(owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<ModerationList> = s
            .moderation
            .lists
            .values()
            .filter(|l| l.account == account)
            .cloned()
            .collect();
        v.sort_by_key(|l| l.kind.as_str());
        Ok(v)
    }

    async fn save_moderation_list(
        &self,
        owner: UserId,
        list: &ModerationList,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        s.moderation_garbage();
        if !s.owns(owner, list.account) {
            return Ok(false);
        }
        s.moderation
            .lists
            .insert((list.account, list.kind), list.clone());
        Ok(true)
    }

    async fn enabled_moderation_lists(
        &self,
        account: AccountId,
    ) -> StoreResult<Vec<ModerationList>> {
        let mut s = self.lock();
        s.moderation_garbage();
        let mut v: Vec<ModerationList> = s
            .moderation
            .lists
            .values()
            .filter(|l| l.account == account && l.enabled)
            .cloned()
            .collect();
        v.sort_by_key(|l| l.kind.as_str());
        Ok(v)
    }

    async fn moderated_comments(
        &self,
        account: AccountId,
        comment_ids: &[String],
    ) -> StoreResult<Vec<String>> {
        let mut s = self.lock();
        s.moderation_garbage();
        Ok(s.moderation
            .log
            .values()
            .filter(|e| e.account == account && comment_ids.contains(&e.comment_id))
            .map(|e| e.comment_id.clone())
            .collect())
    }

    async fn insert_moderation_entry(&self, entry: &ModerationEntry) -> StoreResult<bool> {
        let mut s = self.lock();
        s.moderation_garbage();
        if !s.accounts.contains_key(&entry.account) {
            // As the foreign key refuses it.
            return Err(StoreError::Conflict);
        }
        if s.moderation.log.values().any(|e| {
            e.id == entry.id || (e.account == entry.account && e.comment_id == entry.comment_id)
        }) {
            return Ok(false);
        }
        s.moderation.log.insert(entry.id, entry.clone());
        Ok(true)
    }

    async fn delete_moderation_entry(&self, account: AccountId, id: EntryId) -> StoreResult<()> {
        let mut s = self.lock();
        if s.moderation
            .log
            .get(&id)
            .is_some_and(|e| e.account == account)
        {
            s.moderation.log.remove(&id);
        }
        Ok(())
    }

    async fn moderation_log(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<LogItem>> {
        let mut s = self.lock();
        s.moderation_garbage();
        if !s.owns(owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<LogItem> = s
            .moderation
            .log
            .values()
            .filter(|e| e.account == account)
            .map(|e| {
                let c = s.inbox.comments.get(&(account, e.comment_id.clone()));
                LogItem {
                    entry: e.clone(),
                    text: c.map(|c| c.text.clone()),
                    username: c.and_then(|c| c.username.clone()),
                }
            })
            .collect();
        v.sort_by_key(|i| std::cmp::Reverse((i.entry.hidden_at, i.entry.id.0)));
        v.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(v)
    }

    async fn moderation_entry(
        &self,
        owner: UserId,
        id: EntryId,
    ) -> StoreResult<Option<ModerationEntry>> {
        let mut s = self.lock();
        s.moderation_garbage();
        Ok(s.moderation
            .log
            .get(&id)
            .filter(|e| s.owns(owner, e.account))
            .cloned())
    }

    async fn mark_moderation_undone(
        &self,
        owner: UserId,
        id: EntryId,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        s.moderation_garbage();
        let Some(account) = s.moderation.log.get(&id).map(|e| e.account) else {
            return Ok(false);
        };
        if !s.owns(owner, account) {
            return Ok(false);
        }
        match s.moderation.log.get_mut(&id) {
            Some(e) if e.undone_at.is_none() => {
                e.undone_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}
