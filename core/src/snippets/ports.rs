use async_trait::async_trait;

use super::{Snippet, SnippetId};
use crate::UserId;
use crate::store_error::StoreResult;

/// Saved captions and hashtag groups. Every method is scoped to the owner.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SnippetRepo: Send + Sync {
    /// Inserts the snippet unless its owner already has `max` or more; the
    /// count and the insert are one atomic step (parallel inserts never
    /// pass the cap). False when the cap is reached.
    async fn insert_snippet(&self, snippet: &Snippet, max: u32) -> StoreResult<bool>;
    /// The owner's snippets, by kind then name.
    async fn snippets(&self, owner: UserId) -> StoreResult<Vec<Snippet>>;
    async fn snippet(&self, owner: UserId, id: SnippetId) -> StoreResult<Option<Snippet>>;
    /// Replaces kind, name, text and `updated_at` of the owner's snippet.
    /// False when there is no such snippet of theirs.
    async fn update_snippet(&self, snippet: &Snippet) -> StoreResult<bool>;
    async fn delete_snippet(&self, owner: UserId, id: SnippetId) -> StoreResult<bool>;
}
