//! Users' milestones in memory, with the databases' semantics.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::onboarding::{Milestone, MilestoneRepo};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::MemoryStore;

#[async_trait]
impl MilestoneRepo for MemoryStore {
    async fn record_milestone(
        &self,
        user: UserId,
        milestone: Milestone,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.users.contains_key(&user) {
            // As the foreign key refuses it.
            return Err(StoreError::Conflict);
        }
        let first = !s.milestones.contains_key(&(user, milestone));
        s.milestones.entry((user, milestone)).or_insert(at);
        Ok(first)
    }

    async fn milestones(&self, user: UserId) -> StoreResult<Vec<Milestone>> {
        Ok(self
            .lock()
            .milestones
            .keys()
            .filter(|(u, _)| *u == user)
            .map(|(_, m)| *m)
            .collect())
    }
}
