use async_trait::async_trait;
use time::OffsetDateTime;

use super::{NoteId, PostNote};
use crate::UserId;
use crate::notifications::NewNotification;
use crate::posts::{Post, PostId};
use crate::store_error::StoreResult;

/// Team notes on posts, and the posts the expiry sweep looks at.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ApprovalRepo: Send + Sync {
    /// Stores a note on the owner's post unless the post has `max` notes
    /// already (counted and inserted in one transaction) or is not the
    /// owner's; false then.
    async fn insert_post_note(&self, note: &PostNote, max: u32) -> StoreResult<bool>;
    /// The owner's post's notes, oldest first, with their authors' usernames.
    async fn post_notes(&self, owner: UserId, post: PostId) -> StoreResult<Vec<PostNote>>;
    /// Deletes a note of the owner's post written by `author`; false when
    /// there is no such note (or it is someone else's).
    async fn delete_post_note(
        &self,
        owner: UserId,
        post: PostId,
        id: NoteId,
        author: UserId,
    ) -> StoreResult<bool>;
    /// Every note `author` wrote, in any workspace (their privacy export).
    async fn notes_by_author(&self, author: UserId) -> StoreResult<Vec<PostNote>>;
    /// Posts of every owner still `in_review` or `changes_requested` whose
    /// time is at or before `now`, oldest first, at most `limit`.
    async fn overdue_reviews(&self, now: OffsetDateTime, limit: u32) -> StoreResult<Vec<Post>>;
}

/// Where approval notifications go (the notification service; a mock in
/// tests).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ApprovalNotifier: Send + Sync {
    async fn notify(&self, n: NewNotification);
}

#[async_trait]
impl ApprovalNotifier for crate::notifications::NotificationService {
    async fn notify(&self, n: NewNotification) {
        if let Err(e) = crate::notifications::NotificationService::notify(self, n).await {
            tracing::warn!(error = %e, "cannot record an approval notification");
        }
    }
}
