//! Where report links are kept.

use async_trait::async_trait;

use super::link::{ReportLink, ReportLinkId};
use crate::UserId;
use crate::account::AccountId;
use crate::crypto::TokenDigest;
use crate::store_error::StoreResult;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ReportLinkRepo: Send + Sync {
    /// Stores a link unless the account is not the owner's or already has
    /// `max` links (counted and inserted atomically); false then.
    async fn insert_report_link(&self, link: &ReportLink, max: u32) -> StoreResult<bool>;
    /// The owner's links of one account, newest first.
    async fn report_links(&self, owner: UserId, account: AccountId)
    -> StoreResult<Vec<ReportLink>>;
    async fn report_link_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ReportLink>>;
    /// Revokes (deletes) the owner's link; false when there is none.
    async fn delete_report_link(&self, owner: UserId, id: ReportLinkId) -> StoreResult<bool>;
}
