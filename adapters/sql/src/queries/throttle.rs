//! Login failures and attempt reservations (the login throttle); the
//! serialising of reservations is the backend's (`db::reserve_login_attempt`).

use async_trait::async_trait;
use socialflow_core::storage::{LoginThrottleRepo, StoreResult};
use socialflow_core::throttle::{LoginAttemptId, ReservedAttempt};
use time::OffsetDateTime;

use super::db;
use crate::error::map;

#[async_trait]
impl LoginThrottleRepo for db::Store {
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("INSERT INTO login_failures (`key`, at) VALUES (?, ?)")
            .bind(key)
            .bind(db::time(at))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn login_failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<OffsetDateTime>> {
        let rows: Vec<db::Time> = sqlx::query_scalar(
            "SELECT at FROM login_failures WHERE `key` = ? AND at > ? ORDER BY at",
        )
        .bind(key)
        .bind(db::time(since))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.into_iter().map(db::from_time).collect()
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        write_login_failures_clear(&mut *self.conn().await?, key).await
    }

    async fn reserve_login_attempt(
        &self,
        key: &str,
        at: OffsetDateTime,
        since: OffsetDateTime,
    ) -> StoreResult<ReservedAttempt> {
        db::reserve_login_attempt(self.pool(), key, db::time(at), db::time(since)).await
    }

    async fn release_login_attempt(&self, id: LoginAttemptId) -> StoreResult<()> {
        write_login_attempt_release(&mut *self.conn().await?, id).await
    }

    async fn purge_login_failures(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM login_failures WHERE at < ?")
            .bind(db::time(before))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}

pub(super) async fn write_login_failures_clear(conn: &mut db::Conn, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE `key` = ?")
        .bind(key)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(())
}

pub(super) async fn write_login_attempt_release(
    conn: &mut db::Conn,
    id: LoginAttemptId,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE id = ?")
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(())
}
