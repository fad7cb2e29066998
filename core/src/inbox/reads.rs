//! Reading the inbox cache for pages and the API: always the owner's own
//! rows, nothing fetched from Instagram.

use time::OffsetDateTime;

use super::service::InboxService;
use super::types::{CachedComment, CachedConversation, CachedMedia, CachedMessage};
use super::types::{CommentFilter, InboxCounts};
use crate::UserId;
use crate::account::AccountId;
use crate::storage::StoreError;

impl InboxService {
    /// The account's cached posts, newest first.
    pub async fn cached_media(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<CachedMedia>, StoreError> {
        self.storage.cached_media.cached_media(owner, account).await
    }

    /// The account's comments matching `filter`, newest first.
    pub async fn comments(
        &self,
        owner: UserId,
        account: AccountId,
        filter: &CommentFilter,
    ) -> Result<Vec<CachedComment>, StoreError> {
        self.storage
            .comments
            .cached_comments(owner, account, filter)
            .await
    }

    pub async fn comment(
        &self,
        owner: UserId,
        id: &str,
    ) -> Result<Option<CachedComment>, StoreError> {
        self.storage.comments.cached_comment(owner, id).await
    }

    /// Whether the workspace's comment `id` is on an account outside the
    /// member's (then it does not exist for them: callers answer "not
    /// found" before acting on it). No query for a member who sees every
    /// account.
    pub async fn comment_unseen(
        &self,
        access: &crate::workspaces::Access,
        id: &str,
    ) -> Result<bool, StoreError> {
        if access.account_ids().is_none() {
            return Ok(false);
        }
        Ok(self
            .comment(access.owner(), id)
            .await?
            .is_some_and(|c| !access.sees_account(c.account_id)))
    }

    /// The account's conversations, latest message first.
    pub async fn conversations(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<CachedConversation>, StoreError> {
        self.storage
            .conversations
            .cached_conversations(owner, account)
            .await
    }

    /// A conversation's messages, oldest first.
    pub async fn messages(
        &self,
        owner: UserId,
        conversation_id: &str,
    ) -> Result<Vec<CachedMessage>, StoreError> {
        self.storage
            .conversations
            .cached_messages(owner, conversation_id)
            .await
    }

    /// Unanswered comments and unread conversations of one account.
    pub async fn account_counts(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<InboxCounts, StoreError> {
        self.storage.inbox.inbox_counts(owner, Some(account)).await
    }

    /// When the account's inbox was last refreshed.
    pub async fn refreshed_at(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        self.storage.inbox.inbox_refreshed_at(owner, account).await
    }
}
