//! The triage list's storage port.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::item::{ItemRef, TriageItem};
use super::query::TriageQuery;
use crate::UserId;
use crate::store_error::StoreResult;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait TriageRepo: Send + Sync {
    /// The owner's items matching the query's filter that come after its
    /// cursor, newest first (time, then key, then id, all descending), at
    /// most `query.limit() + 1` of them (the extra one tells there is more).
    async fn triage_items(
        &self,
        owner: UserId,
        query: &TriageQuery,
    ) -> StoreResult<Vec<TriageItem>>;
    /// Marks the owner's cached items done (by `by`, at `at`); items of
    /// other users or no longer cached are skipped. Returns how many were
    /// marked.
    async fn mark_done(
        &self,
        owner: UserId,
        items: &[ItemRef],
        at: OffsetDateTime,
        by: UserId,
    ) -> StoreResult<u64>;
    /// Opens the owner's items again. Returns how many were done.
    async fn mark_open(&self, owner: UserId, items: &[ItemRef]) -> StoreResult<u64>;
}
