//! Users' milestones on MariaDB.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::onboarding::{Milestone, MilestoneRepo};
use socialflow_core::storage::StoreResult;
use time::OffsetDateTime;

use crate::MariaDbStore;
use crate::error::map;
use crate::rows::dt;

#[async_trait]
impl MilestoneRepo for MariaDbStore {
    async fn record_milestone(
        &self,
        user: UserId,
        milestone: Milestone,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        // The primary key decides who was first; a repeat inserts nothing.
        let r = sqlx::query(
            "INSERT IGNORE INTO user_milestones (user_id, milestone, reached_at) VALUES (?, ?, ?)",
        )
        .bind(user.0)
        .bind(milestone.as_str())
        .bind(dt(at))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn milestones(&self, user: UserId) -> StoreResult<Vec<Milestone>> {
        let names: Vec<String> =
            sqlx::query_scalar("SELECT milestone FROM user_milestones WHERE user_id = ?")
                .bind(user.0)
                .fetch_all(self.pool())
                .await
                .map_err(map)?;
        Ok(names.iter().filter_map(|n| Milestone::parse(n)).collect())
    }
}
