//! The inbox cache in memory. Rows of deleted accounts are invisible to
//! every read and dropped at the next write, as the databases' cascades do.

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::*;
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::MemoryStore;
use super::State;

type Key = (AccountId, String);

#[derive(Clone, Default)]
pub(super) struct InboxState {
    pub(super) media: HashMap<Key, CachedMedia>,
    pub(super) comments: HashMap<Key, CachedComment>,
    pub(super) conversations: HashMap<Key, CachedConversation>,
    pub(super) messages: HashMap<Key, CachedMessage>,
    story_insights: Vec<StoryInsightValue>,
    /// Triage done states: (account, key, item id) → (done at, by).
    pub(super) states: HashMap<super::triage::StateKey, (OffsetDateTime, UserId)>,
}

impl State {
    pub(super) fn owns(&self, owner: UserId, account: AccountId) -> bool {
        self.accounts
            .get(&account)
            .is_some_and(|a| a.owner == owner)
    }

    fn own_username(&self, account: AccountId) -> Option<String> {
        self.accounts
            .get(&account)
            .map(|a| a.profile.username.clone())
    }

    /// Drops rows whose account is gone (the SQL stores cascade).
    pub(super) fn collect_garbage(&mut self) {
        let live: Vec<AccountId> = self.accounts.keys().copied().collect();
        let i = &mut self.inbox;
        i.media.retain(|k, _| live.contains(&k.0));
        i.comments.retain(|k, _| live.contains(&k.0));
        i.conversations.retain(|k, _| live.contains(&k.0));
        i.messages.retain(|k, _| live.contains(&k.0));
        i.story_insights.retain(|v| live.contains(&v.account_id));
        i.states.retain(|k, _| live.contains(&k.0));
    }

    fn require_accounts(&mut self, ids: impl Iterator<Item = AccountId>) -> StoreResult<()> {
        self.collect_garbage();
        for id in ids {
            if !self.accounts.contains_key(&id) {
                return Err(StoreError::Conflict);
            }
        }
        Ok(())
    }

    fn unanswered(&self, c: &CachedComment) -> bool {
        let own = self.own_username(c.account_id);
        c.parent_id.is_none()
            && c.username != own
            && !self.inbox.comments.values().any(|r| {
                r.account_id == c.account_id
                    && r.parent_id.as_deref() == Some(c.id.as_str())
                    && r.username == own
            })
            && !self.comment_done(c)
    }
}

fn newest_first<T>(v: &mut [T], key: impl Fn(&T) -> (OffsetDateTime, String)) {
    v.sort_by_key(|x| std::cmp::Reverse(key(x)));
}

#[async_trait]
impl CachedMediaRepo for MemoryStore {
    async fn upsert_media(&self, items: &[CachedMedia]) -> StoreResult<()> {
        let mut s = self.lock();
        s.require_accounts(items.iter().map(|m| m.account_id))?;
        for m in items {
            s.inbox
                .media
                .insert((m.account_id, m.id.clone()), m.clone());
        }
        Ok(())
    }

    async fn media_of_account(&self, account: AccountId) -> StoreResult<Vec<CachedMedia>> {
        let s = self.lock();
        let mut v: Vec<_> = s
            .inbox
            .media
            .values()
            .filter(|m| m.account_id == account && s.accounts.contains_key(&account))
            .cloned()
            .collect();
        newest_first(&mut v, |m| (m.timestamp, m.id.clone()));
        Ok(v)
    }

    async fn cached_media(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<CachedMedia>> {
        let s = self.lock();
        if !s.owns(owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<_> = s
            .inbox
            .media
            .values()
            .filter(|m| m.account_id == account)
            .cloned()
            .collect();
        newest_first(&mut v, |m| (m.timestamp, m.id.clone()));
        Ok(v)
    }

    async fn cached_media_item(
        &self,
        owner: UserId,
        media_id: &str,
    ) -> StoreResult<Option<CachedMedia>> {
        let s = self.lock();
        Ok(s.inbox
            .media
            .values()
            .find(|m| m.id == media_id && s.owns(owner, m.account_id))
            .cloned())
    }
}

#[async_trait]
impl CommentRepo for MemoryStore {
    async fn upsert_comments(&self, items: &[CachedComment]) -> StoreResult<()> {
        let mut s = self.lock();
        s.require_accounts(items.iter().map(|m| m.account_id))?;
        for c in items {
            s.inbox
                .comments
                .insert((c.account_id, c.id.clone()), c.clone());
        }
        Ok(())
    }

    async fn delete_cached_comment(&self, account: AccountId, id: &str) -> StoreResult<bool> {
        let mut s = self.lock();
        let existed = s
            .inbox
            .comments
            .remove(&(account, id.to_string()))
            .is_some();
        s.inbox
            .comments
            .retain(|k, c| !(k.0 == account && c.parent_id.as_deref() == Some(id)));
        s.drop_orphan_states();
        Ok(existed)
    }

    async fn set_cached_comment_hidden(
        &self,
        account: AccountId,
        id: &str,
        hidden: bool,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        Ok(s.inbox
            .comments
            .get_mut(&(account, id.to_string()))
            .map(|c| c.hidden = hidden)
            .is_some())
    }

    async fn cached_comments(
        &self,
        owner: UserId,
        account: AccountId,
        filter: &CommentFilter,
    ) -> StoreResult<Vec<CachedComment>> {
        let s = self.lock();
        if !s.owns(owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<_> = s
            .inbox
            .comments
            .values()
            .filter(|c| c.account_id == account)
            .filter(|c| filter.media_id.as_ref().is_none_or(|m| &c.media_id == m))
            .filter(|c| !filter.unanswered || s.unanswered(c))
            .cloned()
            .collect();
        newest_first(&mut v, |c| (c.timestamp, c.id.clone()));
        Ok(v)
    }

    async fn cached_comment(&self, owner: UserId, id: &str) -> StoreResult<Option<CachedComment>> {
        let s = self.lock();
        Ok(s.inbox
            .comments
            .values()
            .find(|c| c.id == id && s.owns(owner, c.account_id))
            .cloned())
    }
}

#[async_trait]
impl ConversationRepo for MemoryStore {
    async fn upsert_conversations(&self, items: &[CachedConversation]) -> StoreResult<()> {
        let mut s = self.lock();
        s.require_accounts(items.iter().map(|m| m.account_id))?;
        for c in items {
            let key = (c.account_id, c.id.clone());
            let read_at = s.inbox.conversations.get(&key).and_then(|x| x.read_at);
            let mut row = c.clone();
            row.read_at = read_at;
            s.inbox.conversations.insert(key, row);
        }
        Ok(())
    }

    async fn delete_cached_conversation(&self, account: AccountId, id: &str) -> StoreResult<bool> {
        let mut s = self.lock();
        let existed = s
            .inbox
            .conversations
            .remove(&(account, id.to_string()))
            .is_some();
        s.inbox
            .messages
            .retain(|k, m| !(k.0 == account && m.conversation_id == id));
        s.drop_orphan_states();
        Ok(existed)
    }

    async fn upsert_messages(&self, items: &[CachedMessage]) -> StoreResult<()> {
        let mut s = self.lock();
        s.require_accounts(items.iter().map(|m| m.account_id))?;
        for m in items {
            s.inbox
                .messages
                .insert((m.account_id, m.id.clone()), m.clone());
        }
        Ok(())
    }

    async fn conversation_with(
        &self,
        account: AccountId,
        participant_id: &str,
    ) -> StoreResult<Vec<CachedConversation>> {
        let s = self.lock();
        let mut v: Vec<_> = s
            .inbox
            .conversations
            .values()
            .filter(|c| c.account_id == account && c.participant_id == participant_id)
            .filter(|c| s.accounts.contains_key(&c.account_id))
            .cloned()
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(v)
    }

    async fn cached_conversations(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<CachedConversation>> {
        let s = self.lock();
        if !s.owns(owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<_> = s
            .inbox
            .conversations
            .values()
            .filter(|c| c.account_id == account)
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            b.last_message_at
                .cmp(&a.last_message_at)
                .then(b.id.cmp(&a.id))
        });
        Ok(v)
    }

    async fn cached_conversation(
        &self,
        owner: UserId,
        id: &str,
    ) -> StoreResult<Option<CachedConversation>> {
        let s = self.lock();
        Ok(s.inbox
            .conversations
            .values()
            .find(|c| c.id == id && s.owns(owner, c.account_id))
            .cloned())
    }

    async fn cached_messages(
        &self,
        owner: UserId,
        conversation_id: &str,
    ) -> StoreResult<Vec<CachedMessage>> {
        let s = self.lock();
        let mut v: Vec<_> = s
            .inbox
            .messages
            .values()
            .filter(|m| m.conversation_id == conversation_id && s.owns(owner, m.account_id))
            .cloned()
            .collect();
        v.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(v)
    }

    async fn mark_conversation_read(
        &self,
        owner: UserId,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        let owned: Vec<AccountId> = s
            .accounts
            .values()
            .filter(|a| a.owner == owner)
            .map(|a| a.id)
            .collect();
        let mut found = false;
        for (k, c) in s.inbox.conversations.iter_mut() {
            if k.1 == id && owned.contains(&k.0) {
                c.read_at = Some(at);
                found = true;
            }
        }
        Ok(found)
    }
}

#[async_trait]
impl StoryInsightRepo for MemoryStore {
    async fn insert_story_insights(&self, values: &[StoryInsightValue]) -> StoreResult<()> {
        let mut s = self.lock();
        s.require_accounts(values.iter().map(|m| m.account_id))?;
        s.inbox.story_insights.extend(values.iter().cloned());
        Ok(())
    }

    async fn story_insights(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<StoryInsightValue>> {
        let s = self.lock();
        if !s.owns(owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<_> = s
            .inbox
            .story_insights
            .iter()
            .filter(|v| v.account_id == account)
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            (a.received_at, &a.story_id, &a.metric).cmp(&(b.received_at, &b.story_id, &b.metric))
        });
        Ok(v)
    }
}

#[async_trait]
impl InboxRepo for MemoryStore {
    async fn inbox_counts(
        &self,
        owner: UserId,
        account: Option<AccountId>,
    ) -> StoreResult<InboxCounts> {
        let s = self.lock();
        let mine = |a: AccountId| s.owns(owner, a) && account.is_none_or(|x| x == a);
        Ok(InboxCounts {
            unanswered_comments: s
                .inbox
                .comments
                .values()
                .filter(|c| mine(c.account_id) && s.unanswered(c))
                .count() as u64,
            unread_conversations: s
                .inbox
                .conversations
                .values()
                .filter(|c| mine(c.account_id) && c.unread() && !s.conversation_done(c))
                .count() as u64,
        })
    }

    async fn inbox_refreshed_at(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<OffsetDateTime>> {
        let s = self.lock();
        if !s.owns(owner, account) {
            return Ok(None);
        }
        let media = s
            .inbox
            .media
            .values()
            .filter(|m| m.account_id == account)
            .map(|m| m.fetched_at);
        let convs = s
            .inbox
            .conversations
            .values()
            .filter(|c| c.account_id == account)
            .map(|c| c.fetched_at);
        Ok(media.chain(convs).max())
    }

    async fn purge_inbox(&self, before: OffsetDateTime) -> StoreResult<InboxPurge> {
        let mut s = self.lock();
        s.collect_garbage();
        let i = &mut s.inbox;
        let (m, c, v, g) = (
            i.media.len(),
            i.comments.len(),
            i.conversations.len(),
            i.messages.len(),
        );
        i.media.retain(|_, x| x.fetched_at >= before);
        i.comments.retain(|_, x| x.fetched_at >= before);
        i.conversations.retain(|_, x| x.fetched_at >= before);
        i.messages.retain(|_, x| x.fetched_at >= before);
        s.drop_orphan_states();
        let i = &s.inbox;
        Ok(InboxPurge {
            media: (m - i.media.len()) as u64,
            comments: (c - i.comments.len()) as u64,
            conversations: (v - i.conversations.len()) as u64,
            messages: (g - i.messages.len()) as u64,
        })
    }
}
