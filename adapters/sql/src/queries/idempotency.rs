//! Idempotency keys: reserved by an insert the primary key decides, so of
//! two requests racing with one key exactly one wins.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::idempotency::{IdempotencyRepo, Reservation, StoredResponse};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::Row;
use time::OffsetDateTime;

use super::db;
use crate::error::map;

#[async_trait]
impl IdempotencyRepo for db::Store {
    async fn reserve_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        fingerprint: &str,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<Reservation> {
        // Twice at most: a row purged between the insert and the read is
        // gone, and the second insert then wins.
        for _ in 0..2 {
            let sql = format!(
                "{} INTO idempotency_keys (user_id, idem_key, fingerprint, reserved_at) VALUES (?, ?, ?, ?)",
                db::INSERT_IGNORE
            );
            let inserted = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(user.0)
                .bind(key)
                .bind(fingerprint)
                .bind(db::time(now))
                .execute(self.pool())
                .await
                .map_err(map)?;
            if inserted.rows_affected() == 1 {
                return Ok(Reservation::Reserved);
            }
            // A request that died holding the key: one update takes it over.
            let taken = sqlx::query(
                "UPDATE idempotency_keys SET fingerprint = ?, reserved_at = ? \
                 WHERE user_id = ? AND idem_key = ? AND status IS NULL AND reserved_at < ?",
            )
            .bind(fingerprint)
            .bind(db::time(now))
            .bind(user.0)
            .bind(key)
            .bind(db::time(stale_before))
            .execute(self.pool())
            .await
            .map_err(map)?;
            if taken.rows_affected() == 1 {
                return Ok(Reservation::Reserved);
            }
            let row = sqlx::query(
                "SELECT fingerprint, status, content_type, body FROM idempotency_keys \
                 WHERE user_id = ? AND idem_key = ?",
            )
            .bind(user.0)
            .bind(key)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
            let Some(row) = row else { continue };
            let status: Option<i32> = row.try_get("status").map_err(map)?;
            let response = match status {
                None => None,
                Some(status) => Some(StoredResponse {
                    status: u16::try_from(status).map_err(|_| StoreError::Corrupt {
                        table: "idempotency_keys",
                        id: key.chars().take(40).collect(),
                        what: format!("status {status}"),
                    })?,
                    content_type: row
                        .try_get::<Option<String>, _>("content_type")
                        .map_err(map)?
                        .unwrap_or_default(),
                    body: row
                        .try_get::<Option<Vec<u8>>, _>("body")
                        .map_err(map)?
                        .unwrap_or_default(),
                }),
            };
            return Ok(Reservation::Existing {
                fingerprint: row.try_get("fingerprint").map_err(map)?,
                response,
            });
        }
        Err(StoreError::Other(
            "an idempotency key could be neither reserved nor read".into(),
        ))
    }

    async fn complete_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        response: &StoredResponse,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? \
             WHERE user_id = ? AND idem_key = ?",
        )
        .bind(i32::from(response.status))
        .bind(&response.content_type)
        .bind(&response.body)
        .bind(user.0)
        .bind(key)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn release_idempotency_key(&self, user: UserId, key: &str) -> StoreResult<()> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND status IS NULL",
        )
        .bind(user.0)
        .bind(key)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn purge_idempotency_keys(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM idempotency_keys WHERE reserved_at < ?")
            .bind(db::time(before))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}
