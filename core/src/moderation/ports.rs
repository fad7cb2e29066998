use async_trait::async_trait;
use time::OffsetDateTime;

use super::list::ModerationList;
use super::log::{EntryId, LogItem, ModerationEntry};
use crate::UserId;
use crate::account::AccountId;
use crate::store_error::StoreResult;

/// Moderation lists and log. Reads and writes a person asks for take the
/// owner (another user's account reads as absent); the ingest path, which
/// has already resolved the account, does not.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ModerationRepo: Send + Sync {
    /// The owner's saved lists of the account (a kind never saved is absent).
    async fn moderation_lists(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<ModerationList>>;
    /// Inserts or replaces the list of `list.kind`. False when the owner has
    /// no such account.
    async fn save_moderation_list(&self, owner: UserId, list: &ModerationList)
    -> StoreResult<bool>;
    /// The account's enabled lists (ingest).
    async fn enabled_moderation_lists(
        &self,
        account: AccountId,
    ) -> StoreResult<Vec<ModerationList>>;
    /// Which of `comment_ids` already have an entry (hidden or undone).
    async fn moderated_comments(
        &self,
        account: AccountId,
        comment_ids: &[String],
    ) -> StoreResult<Vec<String>>;
    /// Records the entry unless the comment already has one; the check and
    /// the insert are one step. False when it already had one.
    async fn insert_moderation_entry(&self, entry: &ModerationEntry) -> StoreResult<bool>;
    /// Removes an entry whose hiding Instagram refused.
    async fn delete_moderation_entry(&self, account: AccountId, id: EntryId) -> StoreResult<()>;
    /// The owner's entries of the account, newest first, at most `limit`,
    /// with the cached comment's text and author when still cached.
    async fn moderation_log(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<LogItem>>;
    async fn moderation_entry(
        &self,
        owner: UserId,
        id: EntryId,
    ) -> StoreResult<Option<ModerationEntry>>;
    /// Marks the owner's entry undone at `at` unless it already is. False
    /// when there is no such entry of theirs or it was already undone.
    async fn mark_moderation_undone(
        &self,
        owner: UserId,
        id: EntryId,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
}
