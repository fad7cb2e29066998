//! Unit of work: several writes of one use case committed together. A use
//! case collects its [`Change`]s and hands them over at once, so a crash or an
//! error between two of them can never leave half a story in the database
//! (a post without its log entry, an action without its audit event).

use async_trait::async_trait;

use crate::audit::AuditEvent;
use crate::posts::{Post, PostLogEntry};
use crate::store_error::StoreResult;

/// One write inside a unit of work.
#[derive(Debug, Clone)]
pub enum Change {
    /// As `PostRepo::insert_post`.
    InsertPost(Post),
    /// As `PostRepo::update_post`: the stored version must be
    /// `post.version - 1`, otherwise the whole unit fails with
    /// `StoreError::Conflict` and nothing is written.
    UpdatePost(Post),
    /// As `PostRepo::append_post_log`.
    AppendPostLog(PostLogEntry),
    /// As `AuditRepo::insert_audit`.
    InsertAudit(AuditEvent),
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait UnitOfWork: Send + Sync {
    /// Applies every change, in order, in one transaction: all or none.
    async fn commit(&self, changes: Vec<Change>) -> StoreResult<()>;
}
