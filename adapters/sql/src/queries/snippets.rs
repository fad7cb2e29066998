//! Saved captions and hashtag groups.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::snippets::{Snippet, SnippetId, SnippetKind, SnippetRepo};
use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use uuid::Uuid;

use super::{db, get_time};
use crate::error::{corrupt, map};

const COLUMNS: &str = "id, owner_id, kind, name, body, created_at, updated_at";

fn read(row: &db::Row) -> StoreResult<Snippet> {
    let kind: String = row.try_get("kind").map_err(map)?;
    Ok(Snippet {
        id: SnippetId(row.try_get::<Uuid, _>("id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        kind: SnippetKind::parse(&kind).ok_or_else(|| corrupt("snippet kind", &kind))?,
        name: row.try_get("name").map_err(map)?,
        text: row.try_get("body").map_err(map)?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

#[async_trait]
impl SnippetRepo for db::Store {
    async fn insert_snippet(&self, s: &Snippet, max: u32) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Lock the owner's row first (a no-op write on both databases), so
        // parallel inserts of one user count one after the other.
        sqlx::query("UPDATE users SET id = id WHERE id = ?")
            .bind(s.owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM snippets WHERE owner_id = ?")
            .bind(s.owner.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
        if count >= i64::from(max) {
            return Ok(false);
        }
        let sql = format!("INSERT INTO snippets ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(s.id.0)
            .bind(s.owner.0)
            .bind(s.kind.as_str())
            .bind(&s.name)
            .bind(&s.text)
            .bind(db::time(s.created_at))
            .bind(db::time(s.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn snippets(&self, owner: UserId) -> StoreResult<Vec<Snippet>> {
        let sql =
            format!("SELECT {COLUMNS} FROM snippets WHERE owner_id = ? ORDER BY kind, name, id");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }

    async fn snippet(&self, owner: UserId, id: SnippetId) -> StoreResult<Option<Snippet>> {
        let sql = format!("SELECT {COLUMNS} FROM snippets WHERE id = ? AND owner_id = ?");
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

    async fn update_snippet(&self, s: &Snippet) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE snippets SET kind = ?, name = ?, body = ?, updated_at = ? WHERE id = ? AND owner_id = ?",
        )
        .bind(s.kind.as_str())
        .bind(&s.name)
        .bind(&s.text)
        .bind(db::time(s.updated_at))
        .bind(s.id.0)
        .bind(s.owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn delete_snippet(&self, owner: UserId, id: SnippetId) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM snippets WHERE id = ? AND owner_id = ?")
            .bind(id.0)
            .bind(owner.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}
