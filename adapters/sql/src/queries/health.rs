//! Reachability and migrations.

use async_trait::async_trait;
use socialflow_core::storage::{HealthRepo, StoreError, StoreResult};

use super::db;
use crate::error::map;

#[async_trait]
impl HealthRepo for db::Store {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        db::MIGRATOR
            .run(self.pool())
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")))
    }
}
