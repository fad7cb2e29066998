//! The storage port of the privacy features (implemented by every store).

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::UserId;
use crate::store_error::StoreResult;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PolicyRepo: Send + Sync {
    /// The policy version the user last acknowledged, if any.
    async fn acknowledged_policy(&self, user: UserId) -> StoreResult<Option<String>>;
    /// Records (or replaces) the user's acknowledgement.
    async fn acknowledge_policy(
        &self,
        user: UserId,
        version: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
}
