//! Privacy-policy acknowledgements on MariaDB.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::storage::{PolicyRepo, StoreResult};
use time::OffsetDateTime;

use crate::MariaDbStore;
use crate::error::map;
use crate::rows::dt;

#[async_trait]
impl PolicyRepo for MariaDbStore {
    async fn acknowledged_policy(&self, user: UserId) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT version FROM policy_acknowledgements WHERE user_id = ?")
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)
    }

    async fn acknowledge_policy(
        &self,
        user: UserId,
        version: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO policy_acknowledgements (user_id, version, acknowledged_at) VALUES (?, ?, ?) \
             ON DUPLICATE KEY UPDATE version = VALUES(version), acknowledged_at = VALUES(acknowledged_at)",
        )
        .bind(user.0)
        .bind(version)
        .bind(dt(at))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }
}
