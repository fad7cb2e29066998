//! The privacy port: policy acknowledgements, the admin's audit
//! search, a user's sessions, and erasing a user in one transaction.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::audit::AuditEvent;
use socialflow_core::privacy::{AuditFilter, PrivacyRepo};
use socialflow_core::session::Session;
use socialflow_core::storage::StoreResult;
use socialflow_core::throttle::ThrottleKey;
use sqlx::QueryBuilder;
use time::OffsetDateTime;

use super::audit::audit_from_row;
use super::db;
use super::sessions::session_from_row;
use crate::error::map;

#[async_trait]
impl PrivacyRepo for db::Store {
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
        let sql = format!(
            "INSERT INTO policy_acknowledgements (user_id, version, acknowledged_at) VALUES (?, ?, ?){}",
            db::upsert("user_id", &["version", "acknowledged_at"])
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .bind(version)
            .bind(db::time(at))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>> {
        let rows = sqlx::query(
            "SELECT digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions \
             WHERE user_id = ? ORDER BY created_at DESC, digest",
        )
        .bind(user.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(session_from_row).collect()
    }

    async fn search_audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEvent>> {
        let mut q: QueryBuilder<db::Db> = QueryBuilder::new(
            "SELECT id, at, user_id, kind, ip, detail FROM audit_events WHERE 1 = 1",
        );
        if let Some(user) = f.user {
            q.push(" AND user_id = ").push_bind(user.0);
        }
        if let Some(kind) = f.kind {
            q.push(" AND kind = ").push_bind(kind.as_str());
        }
        q.push(" ORDER BY at DESC, id DESC LIMIT ")
            .push_bind(i64::from(f.limit))
            .push(" OFFSET ")
            .push_bind(i64::try_from(f.offset).unwrap_or(i64::MAX));
        let rows = q.build().fetch_all(self.pool()).await.map_err(map)?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn erase_user(&self, user: UserId, username: &str) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        sqlx::query("DELETE FROM login_failures WHERE `key` = ?")
            .bind(ThrottleKey::Username(username.to_string()).storage_key())
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        // Everything else that is the user's references users(id) with
        // ON DELETE CASCADE and goes in this statement.
        let r = sqlx::query("DELETE FROM users WHERE id = ?")
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}
