use async_trait::async_trait;

use super::{SavedReply, SavedReplyId};
use crate::UserId;
use crate::store_error::StoreResult;

/// Saved replies. Every method is scoped to the owner.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SavedReplyRepo: Send + Sync {
    /// Inserts the reply unless its owner already has `max` or more; the
    /// count and the insert are one atomic step (parallel inserts never
    /// pass the cap). False when the cap is reached.
    async fn insert_saved_reply(&self, reply: &SavedReply, max: u32) -> StoreResult<bool>;
    /// The owner's saved replies, by name.
    async fn saved_replies(&self, owner: UserId) -> StoreResult<Vec<SavedReply>>;
    async fn saved_reply(&self, owner: UserId, id: SavedReplyId)
    -> StoreResult<Option<SavedReply>>;
    /// Replaces name, text and `updated_at` of the owner's reply. False when
    /// there is no such reply of theirs.
    async fn update_saved_reply(&self, reply: &SavedReply) -> StoreResult<bool>;
    async fn delete_saved_reply(&self, owner: UserId, id: SavedReplyId) -> StoreResult<bool>;
}
