//! Sign-in sessions.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::session::Session;
use socialflow_core::storage::{SessionRepo, StoreError, StoreResult};
use sqlx::Row;
use time::OffsetDateTime;

use super::auth_epoch::write_auth_epoch_bump;
use super::{db, get_time};
use crate::error::map;

pub(super) fn session_from_row(row: &db::Row) -> Result<Session, StoreError> {
    Ok(Session {
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        user_id: UserId(row.try_get("user_id").map_err(map)?),
        created_at: get_time(row, "created_at")?,
        last_seen_at: get_time(row, "last_seen_at")?,
        expires_at: get_time(row, "expires_at")?,
        ip: row.try_get("ip").map_err(map)?,
        user_agent: row.try_get("user_agent").map_err(map)?,
    })
}

#[async_trait]
impl SessionRepo for db::Store {
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

    async fn insert_session(&self, s: &Session) -> StoreResult<()> {
        write_new_session(&mut *self.conn().await?, s).await
    }

    async fn session_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Session>> {
        let row = sqlx::query(
            "SELECT digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions WHERE digest = ?",
        )
        .bind(&digest.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        row.as_ref().map(session_from_row).transpose()
    }

    async fn touch_session(&self, digest: &TokenDigest, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE digest = ?")
            .bind(db::time(at))
            .bind(&digest.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn delete_session(&self, digest: &TokenDigest) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        let gone = write_session_delete(&mut tx, digest).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(gone)
    }

    async fn delete_user_sessions(
        &self,
        user: UserId,
        keep: Option<TokenDigest>,
    ) -> StoreResult<u64> {
        let mut tx = db::begin_write(self.pool()).await?;
        let gone = write_user_sessions_delete(&mut tx, user, keep).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(gone)
    }

    async fn purge_sessions(
        &self,
        expired_before: OffsetDateTime,
        idle_before: OffsetDateTime,
    ) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?")
            .bind(db::time(expired_before))
            .bind(db::time(idle_before))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}

pub(super) async fn write_new_session(conn: &mut db::Conn, s: &Session) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&s.digest.0)
    .bind(s.user_id.0)
    .bind(db::time(s.created_at))
    .bind(db::time(s.last_seen_at))
    .bind(db::time(s.expires_at))
    .bind(&s.ip)
    .bind(s.user_agent.as_deref())
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(())
}

pub(super) async fn write_session_delete(
    conn: &mut db::Conn,
    digest: &TokenDigest,
) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM sessions WHERE digest = ?")
        .bind(&digest.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn write_user_sessions_delete(
    conn: &mut db::Conn,
    user: UserId,
    keep: Option<TokenDigest>,
) -> StoreResult<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = ? AND digest <> COALESCE(?, '')")
        .bind(user.0)
        .bind(keep.map(|d| d.0))
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected())
}
