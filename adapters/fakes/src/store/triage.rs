//! The triage list in memory: items built from the inbox cache, then the
//! core's own filter and page rules; done states beside the cache.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::triage::{
    ItemKey, ItemKind, ItemRef, PostSummary, TriageItem, TriageQuery, TriageRepo, select_page,
};
use socialflow_core::inbox::{CachedComment, CachedConversation};
use socialflow_core::storage::StoreResult;
use time::OffsetDateTime;

use super::{MemoryStore, State};

pub(super) type StateKey = (AccountId, ItemKey, String);

impl State {
    pub(super) fn comment_done(&self, c: &CachedComment) -> bool {
        self.inbox
            .states
            .contains_key(&(c.account_id, ItemKey::Comment, c.id.clone()))
    }

    /// Done, and the person has not written since.
    pub(super) fn conversation_done(&self, c: &CachedConversation) -> bool {
        self.inbox
            .states
            .get(&(c.account_id, ItemKey::Conversation, c.id.clone()))
            .is_some_and(|(at, _)| c.last_inbound_at.is_none_or(|i| *at >= i))
    }

    /// Drops the states whose cached item is gone.
    pub(super) fn drop_orphan_states(&mut self) {
        let i = &mut self.inbox;
        let (comments, conversations) = (&i.comments, &i.conversations);
        i.states.retain(|(account, key, id), _| {
            let k = (*account, id.clone());
            match key {
                ItemKey::Comment => comments.contains_key(&k),
                ItemKey::Conversation => conversations.contains_key(&k),
            }
        });
    }

    fn items_of(&self, owner: UserId) -> Vec<TriageItem> {
        let username = |a: AccountId| {
            self.accounts
                .get(&a)
                .filter(|x| x.owner == owner)
                .map(|x| x.profile.username.clone())
        };
        let mut out = Vec::new();
        for c in self.inbox.comments.values() {
            let Some(own) = username(c.account_id) else {
                continue;
            };
            if c.parent_id.is_some() || c.username.as_deref() == Some(own.as_str()) {
                continue;
            }
            let replies: Vec<&CachedComment> = self
                .inbox
                .comments
                .values()
                .filter(|r| {
                    r.account_id == c.account_id && r.parent_id.as_deref() == Some(c.id.as_str())
                })
                .collect();
            let post = self
                .inbox
                .media
                .get(&(c.account_id, c.media_id.clone()))
                .map(|m| PostSummary {
                    id: m.id.clone(),
                    caption: m.caption.clone(),
                    media_type: m.media_type.clone(),
                    thumbnail_url: m.thumbnail_url.clone(),
                    media_url: m.media_url.clone(),
                    permalink: m.permalink.clone(),
                });
            out.push(TriageItem {
                account_id: c.account_id,
                account_username: own.clone(),
                key: ItemKey::Comment,
                kind: ItemKind::Comment,
                id: c.id.clone(),
                media_id: Some(c.media_id.clone()),
                post,
                text: c.text.clone(),
                username: c.username.clone(),
                at: c.timestamp,
                hidden: c.hidden,
                answered: replies
                    .iter()
                    .any(|r| r.username.as_deref() == Some(own.as_str())),
                done: self.comment_done(c),
                replies: u32::try_from(replies.len()).unwrap_or(u32::MAX),
            });
        }
        for v in self.inbox.conversations.values() {
            let Some(own) = username(v.account_id) else {
                continue;
            };
            let latest = self
                .inbox
                .messages
                .values()
                .filter(|m| m.account_id == v.account_id && m.conversation_id == v.id)
                .max_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            out.push(TriageItem {
                account_id: v.account_id,
                account_username: own,
                key: ItemKey::Conversation,
                kind: ItemKind::of_conversation(
                    latest
                        .iter()
                        .flat_map(|m| m.attachments.iter().map(|a| a.kind.as_str())),
                ),
                id: v.id.clone(),
                media_id: None,
                post: None,
                text: latest.and_then(|m| m.text.clone()).unwrap_or_default(),
                username: v.participant_username.clone(),
                at: v.last_message_at.unwrap_or(v.fetched_at),
                hidden: false,
                answered: match (v.last_inbound_at, v.last_message_at) {
                    (None, _) => true,
                    (Some(i), Some(m)) => m > i,
                    (Some(_), None) => false,
                },
                done: self.conversation_done(v),
                replies: 0,
            });
        }
        out
    }

    fn item_cached(&self, i: &ItemRef) -> bool {
        let k = (i.account, i.id.clone());
        match i.key {
            ItemKey::Comment => self
                .inbox
                .comments
                .get(&k)
                .is_some_and(|c| c.parent_id.is_none()),
            ItemKey::Conversation => self.inbox.conversations.contains_key(&k),
        }
    }
}

#[async_trait]
impl TriageRepo for MemoryStore {
    async fn triage_items(
        &self,
        owner: UserId,
        query: &TriageQuery,
    ) -> StoreResult<Vec<TriageItem>> {
        let s = self.lock();
        Ok(select_page(s.items_of(owner), query))
    }

    async fn mark_done(
        &self,
        owner: UserId,
        items: &[ItemRef],
        at: OffsetDateTime,
        by: UserId,
    ) -> StoreResult<u64> {
        let mut s = self.lock();
        s.collect_garbage();
        let mut n = 0;
        for i in items {
            if s.owns(owner, i.account) && s.item_cached(i) {
                s.inbox
                    .states
                    .insert((i.account, i.key, i.id.clone()), (at, by));
                n += 1;
            }
        }
        Ok(n)
    }

    async fn mark_open(&self, owner: UserId, items: &[ItemRef]) -> StoreResult<u64> {
        let mut s = self.lock();
        let mut n = 0;
        for i in items {
            if s.owns(owner, i.account)
                && s.inbox
                    .states
                    .remove(&(i.account, i.key, i.id.clone()))
                    .is_some()
            {
                n += 1;
            }
        }
        Ok(n)
    }
}
