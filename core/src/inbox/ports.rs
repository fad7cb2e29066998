//! The inbox cache's storage port. Reads of user data take the owner; writes
//! come from sync and webhooks, which have already resolved the account.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::types::*;
use crate::UserId;
use crate::account::AccountId;
use crate::store_error::StoreResult;

/// Recent posts of the connected accounts, cached from Instagram.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait CachedMediaRepo: Send + Sync {
    /// Inserts or replaces posts by (account, id).
    async fn upsert_media(&self, items: &[CachedMedia]) -> StoreResult<()>;
    async fn media_of_account(&self, account: AccountId) -> StoreResult<Vec<CachedMedia>>;
    /// The account's cached posts, newest first.
    async fn cached_media(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<CachedMedia>>;
    async fn cached_media_item(
        &self,
        owner: UserId,
        media_id: &str,
    ) -> StoreResult<Option<CachedMedia>>;
}

/// Comments (and replies) on cached posts.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait CommentRepo: Send + Sync {
    /// Inserts or replaces comments by (account, id).
    async fn upsert_comments(&self, items: &[CachedComment]) -> StoreResult<()>;
    /// Deletes a comment and its replies.
    async fn delete_cached_comment(&self, account: AccountId, id: &str) -> StoreResult<bool>;
    async fn set_cached_comment_hidden(
        &self,
        account: AccountId,
        id: &str,
        hidden: bool,
    ) -> StoreResult<bool>;
    /// The account's comments (and replies) matching `filter`, newest first.
    /// With `unanswered`, only top-level comments by others without a reply
    /// from the account.
    async fn cached_comments(
        &self,
        owner: UserId,
        account: AccountId,
        filter: &CommentFilter,
    ) -> StoreResult<Vec<CachedComment>>;
    async fn cached_comment(&self, owner: UserId, id: &str) -> StoreResult<Option<CachedComment>>;
}

/// Direct-message conversations and their messages.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ConversationRepo: Send + Sync {
    /// Inserts or replaces conversations by (account, id), keeping `read_at`.
    async fn upsert_conversations(&self, items: &[CachedConversation]) -> StoreResult<()>;
    /// Deletes a conversation and its messages.
    async fn delete_cached_conversation(&self, account: AccountId, id: &str) -> StoreResult<bool>;
    async fn upsert_messages(&self, items: &[CachedMessage]) -> StoreResult<()>;
    async fn conversation_with(
        &self,
        account: AccountId,
        participant_id: &str,
    ) -> StoreResult<Vec<CachedConversation>>;
    /// The account's conversations, latest message first.
    async fn cached_conversations(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<CachedConversation>>;
    async fn cached_conversation(
        &self,
        owner: UserId,
        id: &str,
    ) -> StoreResult<Option<CachedConversation>>;
    /// A conversation's messages, oldest first.
    async fn cached_messages(
        &self,
        owner: UserId,
        conversation_id: &str,
    ) -> StoreResult<Vec<CachedMessage>>;
    async fn mark_conversation_read(
        &self,
        owner: UserId,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
}

/// Raw story metrics, kept for the data export.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait StoryInsightRepo: Send + Sync {
    async fn insert_story_insights(&self, values: &[StoryInsightValue]) -> StoreResult<()>;
    /// The account's raw story metrics, oldest first (the data export).
    async fn story_insights(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<StoryInsightValue>>;
}

/// The inbox as a whole: counts and freshness over every cached kind, and
/// retention.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait InboxRepo: Send + Sync {
    /// Unanswered comments and unread conversations over the owner's
    /// accounts (or one of them).
    async fn inbox_counts(
        &self,
        owner: UserId,
        account: Option<AccountId>,
    ) -> StoreResult<InboxCounts>;
    /// When the account's inbox was last refreshed (the newest `fetched_at`).
    async fn inbox_refreshed_at(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<OffsetDateTime>>;
    /// Deletes cached posts, comments, conversations and messages fetched
    /// before `before`.
    async fn purge_inbox(&self, before: OffsetDateTime) -> StoreResult<InboxPurge>;
}

/// One write of the inbox actions, inside a
/// [`UnitOfWork`](crate::unit_of_work::UnitOfWork): what Instagram accepted,
/// cached together with its audit event.
#[derive(Debug, Clone)]
pub enum InboxChange {
    /// As `CommentRepo::upsert_comments`, for one comment.
    UpsertComment(CachedComment),
    /// As `CommentRepo::set_cached_comment_hidden` (nothing happens if the
    /// comment is no longer cached).
    SetCommentHidden {
        account: AccountId,
        comment: String,
        hidden: bool,
    },
    /// As `CommentRepo::delete_cached_comment`, its replies included
    /// (nothing happens if it is no longer cached).
    DeleteComment { account: AccountId, comment: String },
    /// As `ConversationRepo::upsert_messages`, for one message.
    UpsertMessage(CachedMessage),
    /// As `ConversationRepo::upsert_conversations`, for one conversation.
    UpsertConversation(CachedConversation),
    /// As `AuditRepo::insert_audit`.
    InsertAudit(crate::audit::AuditEvent),
}
