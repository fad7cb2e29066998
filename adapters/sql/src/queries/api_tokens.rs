//! Personal API tokens.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::storage::{ApiTokenRepo, StoreError, StoreResult};
use socialflow_core::token::{ApiToken, ApiTokenId};
use sqlx::Row;
use time::OffsetDateTime;

use super::auth_epoch::write_auth_epoch_bump;
use super::{db, get_opt_time, get_time};
use crate::error::map;

fn token_from_row(row: &db::Row) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: ApiTokenId(row.try_get("id").map_err(map)?),
        user_id: UserId(row.try_get("user_id").map_err(map)?),
        name: row.try_get("name").map_err(map)?,
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        created_at: get_time(row, "created_at")?,
        last_used_at: get_opt_time(row, "last_used_at")?,
    })
}

#[async_trait]
impl ApiTokenRepo for db::Store {
    async fn insert_api_token(&self, t: &ApiToken) -> StoreResult<()> {
        write_new_api_token(&mut *self.conn().await?, t).await
    }

    async fn api_token_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ApiToken>> {
        let row = sqlx::query(
            "SELECT id, user_id, name, digest, created_at, last_used_at FROM api_tokens WHERE digest = ?",
        )
        .bind(&digest.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn list_api_tokens(&self, owner: UserId) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT id, user_id, name, digest, created_at, last_used_at FROM api_tokens \
             WHERE user_id = ? ORDER BY created_at, id",
        )
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(token_from_row).collect()
    }

    async fn touch_api_token(&self, id: ApiTokenId, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
            .bind(db::time(at))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn delete_api_token(&self, owner: UserId, id: ApiTokenId) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        let gone = write_api_token_delete(&mut tx, owner, id).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(gone)
    }
}

pub(super) async fn write_new_api_token(conn: &mut db::Conn, t: &ApiToken) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, digest, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(t.id.0)
    .bind(t.user_id.0)
    .bind(&t.name)
    .bind(&t.digest.0)
    .bind(db::time(t.created_at))
    .bind(t.last_used_at.map(db::time))
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(())
}

pub(super) async fn write_api_token_delete(
    conn: &mut db::Conn,
    owner: UserId,
    id: ApiTokenId,
) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM api_tokens WHERE id = ? AND user_id = ?")
        .bind(id.0)
        .bind(owner.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}
