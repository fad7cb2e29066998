//! Users' milestones.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::onboarding::{Milestone, MilestoneRepo};
use socialflow_core::storage::StoreResult;
use time::OffsetDateTime;

use super::db;
use crate::error::map;

#[async_trait]
impl MilestoneRepo for db::Store {
    async fn record_milestone(
        &self,
        user: UserId,
        milestone: Milestone,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        // The primary key decides who was first; a repeat inserts nothing.
        let sql = format!(
            "{} INTO user_milestones (user_id, milestone, reached_at) VALUES (?, ?, ?)",
            db::INSERT_IGNORE
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .bind(milestone.as_str())
            .bind(db::time(at))
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
