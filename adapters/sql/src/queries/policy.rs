//! Privacy-policy acknowledgements.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::storage::{PolicyRepo, StoreResult};
use time::OffsetDateTime;

use super::db;
use crate::error::map;

#[async_trait]
impl PolicyRepo for db::Store {
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
        write_policy_acknowledgement(&mut *self.conn().await?, user, version, at).await
    }
}

pub(super) async fn write_policy_acknowledgement(
    conn: &mut db::Conn,
    user: UserId,
    version: &str,
    at: OffsetDateTime,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO policy_acknowledgements (user_id, version, acknowledged_at) VALUES (?, ?, ?){}",
        db::upsert("user_id", &["version", "acknowledged_at"])
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user.0)
        .bind(version)
        .bind(db::time(at))
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(())
}
