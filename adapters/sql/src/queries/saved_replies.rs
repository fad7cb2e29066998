//! Saved replies.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::saved_replies::{SavedReply, SavedReplyId, SavedReplyRepo};
use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use uuid::Uuid;

use super::{db, get_time};
use crate::error::map;

const COLUMNS: &str = "id, owner_id, name, body, created_at, updated_at";

fn read(row: &db::Row) -> StoreResult<SavedReply> {
    Ok(SavedReply {
        id: SavedReplyId(row.try_get::<Uuid, _>("id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        name: row.try_get("name").map_err(map)?,
        text: row.try_get("body").map_err(map)?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

#[async_trait]
impl SavedReplyRepo for db::Store {
    async fn insert_saved_reply(&self, r: &SavedReply, max: u32) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Lock the owner's row first (a no-op write on both databases), so
        // parallel inserts of one user count one after the other.
        sqlx::query("UPDATE users SET id = id WHERE id = ?")
            .bind(r.owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM saved_replies WHERE owner_id = ?")
                .bind(r.owner.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
        if count >= i64::from(max) {
            return Ok(false);
        }
        let sql = format!("INSERT INTO saved_replies ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(r.id.0)
            .bind(r.owner.0)
            .bind(&r.name)
            .bind(&r.text)
            .bind(db::time(r.created_at))
            .bind(db::time(r.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn saved_replies(&self, owner: UserId) -> StoreResult<Vec<SavedReply>> {
        let sql =
            format!("SELECT {COLUMNS} FROM saved_replies WHERE owner_id = ? ORDER BY name, id");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }

    async fn saved_reply(
        &self,
        owner: UserId,
        id: SavedReplyId,
    ) -> StoreResult<Option<SavedReply>> {
        let sql = format!("SELECT {COLUMNS} FROM saved_replies WHERE id = ? AND owner_id = ?");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?
            .as_ref()
            .map(read)
            .transpose()
    }

    async fn update_saved_reply(&self, r: &SavedReply) -> StoreResult<bool> {
        let res = sqlx::query(
            "UPDATE saved_replies SET name = ?, body = ?, updated_at = ? WHERE id = ? AND owner_id = ?",
        )
        .bind(&r.name)
        .bind(&r.text)
        .bind(db::time(r.updated_at))
        .bind(r.id.0)
        .bind(r.owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(res.rows_affected() == 1)
    }

    async fn delete_saved_reply(&self, owner: UserId, id: SavedReplyId) -> StoreResult<bool> {
        let res = sqlx::query("DELETE FROM saved_replies WHERE id = ? AND owner_id = ?")
            .bind(id.0)
            .bind(owner.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(res.rows_affected() == 1)
    }
}
