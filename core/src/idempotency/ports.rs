use async_trait::async_trait;
use time::OffsetDateTime;

use super::{Reservation, StoredResponse};
use crate::UserId;
use crate::store_error::StoreResult;

/// The keys clients sent, per user, with the first answer to each.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait IdempotencyRepo: Send + Sync {
    /// Atomically makes `(user, key)` this request's, unless it exists: then
    /// returns what is stored. A reservation made before `stale_before`
    /// that never completed is taken over (its request died), atomically
    /// too: of several racing, one gets it.
    async fn reserve_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        fingerprint: &str,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<Reservation>;
    /// Stores the answer of the request that reserved the key.
    async fn complete_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        response: &StoredResponse,
    ) -> StoreResult<()>;
    /// Forgets an unfinished reservation (the request failed on the server's
    /// side; a retry runs again).
    async fn release_idempotency_key(&self, user: UserId, key: &str) -> StoreResult<()>;
    /// Deletes keys reserved before `before` (the worker's retention).
    async fn purge_idempotency_keys(&self, before: OffsetDateTime) -> StoreResult<u64>;
}
