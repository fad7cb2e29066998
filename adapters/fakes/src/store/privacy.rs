//! Privacy-policy acknowledgements in memory, with the databases' semantics.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::privacy::PolicyRepo;
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::MemoryStore;

#[async_trait]
impl PolicyRepo for MemoryStore {
    async fn acknowledged_policy(&self, user: UserId) -> StoreResult<Option<String>> {
        Ok(self.lock().policy_acks.get(&user).map(|(v, _)| v.clone()))
    }

    async fn acknowledge_policy(
        &self,
        user: UserId,
        version: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.users.contains_key(&user) {
            // As the foreign key refuses it.
            return Err(StoreError::Conflict);
        }
        s.policy_acks.insert(user, (version.to_string(), at));
        Ok(())
    }
}
