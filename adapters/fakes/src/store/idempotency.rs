//! Idempotency keys in memory, with the databases' semantics.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::idempotency::{IdempotencyRepo, Reservation, StoredResponse};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::MemoryStore;

/// One key: the request's fingerprint, when it was reserved, its answer.
pub(super) type KeyRecord = (String, OffsetDateTime, Option<StoredResponse>);

#[async_trait]
impl IdempotencyRepo for MemoryStore {
    async fn reserve_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        fingerprint: &str,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<Reservation> {
        let mut s = self.lock();
        if !s.users.contains_key(&user) {
            // As the foreign key refuses it.
            return Err(StoreError::Conflict);
        }
        let slot = s.idempotency_keys.entry((user, key.to_string()));
        use std::collections::hash_map::Entry;
        match slot {
            Entry::Vacant(v) => {
                v.insert((fingerprint.to_string(), now, None));
                Ok(Reservation::Reserved)
            }
            Entry::Occupied(mut o) => {
                let (f, at, response) = o.get_mut();
                if response.is_none() && *at < stale_before {
                    *f = fingerprint.to_string();
                    *at = now;
                    return Ok(Reservation::Reserved);
                }
                Ok(Reservation::Existing {
                    fingerprint: f.clone(),
                    response: response.clone(),
                })
            }
        }
    }

    async fn complete_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        response: &StoredResponse,
    ) -> StoreResult<()> {
        if let Some(r) = self
            .lock()
            .idempotency_keys
            .get_mut(&(user, key.to_string()))
        {
            r.2 = Some(response.clone());
        }
        Ok(())
    }

    async fn release_idempotency_key(&self, user: UserId, key: &str) -> StoreResult<()> {
        let mut s = self.lock();
        let k = (user, key.to_string());
        if s.idempotency_keys.get(&k).is_some_and(|r| r.2.is_none()) {
            s.idempotency_keys.remove(&k);
        }
        Ok(())
    }

    async fn purge_idempotency_keys(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        let n = s.idempotency_keys.len();
        s.idempotency_keys.retain(|_, r| r.1 >= before);
        Ok((n - s.idempotency_keys.len()) as u64)
    }
}
