//! Team notes on posts, and the posts the expiry sweep looks at.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::approvals::{ApprovalRepo, NoteId, PostNote};
use socialflow_core::posts::{Post, PostId};
use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use time::OffsetDateTime;
use uuid::Uuid;

use super::posts::POST_COLUMNS;
use super::{db, get_time};
use crate::error::map;

const NOTE_COLUMNS: &str = "n.id, n.post_id, n.owner_id, n.author_id, u.username AS author_name, \
     n.body, n.created_at";

fn read(row: &db::Row) -> StoreResult<PostNote> {
    Ok(PostNote {
        id: NoteId(row.try_get::<Uuid, _>("id").map_err(map)?),
        post: PostId(row.try_get::<Uuid, _>("post_id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        author: row
            .try_get::<Option<Uuid>, _>("author_id")
            .map_err(map)?
            .map(UserId),
        author_name: row.try_get("author_name").map_err(map)?,
        body: row.try_get("body").map_err(map)?,
        created_at: get_time(row, "created_at")?,
    })
}

#[async_trait]
impl ApprovalRepo for db::Store {
    async fn insert_post_note(&self, note: &PostNote, max: u32) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Lock the owner's post first (a no-op write on both databases), so
        // parallel notes on one post count one after the other.
        let ours = sqlx::query("UPDATE posts SET id = id WHERE id = ? AND owner_id = ?")
            .bind(note.post.0)
            .bind(note.owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let exists: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE id = ? AND owner_id = ?")
                .bind(note.post.0)
                .bind(note.owner.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
        if ours.rows_affected() == 0 && exists == 0 {
            return Ok(false);
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM post_notes WHERE post_id = ?")
            .bind(note.post.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
        if count >= i64::from(max) {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO post_notes (id, post_id, owner_id, author_id, body, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(note.id.0)
        .bind(note.post.0)
        .bind(note.owner.0)
        .bind(note.author.map(|a| a.0))
        .bind(&note.body)
        .bind(db::time(note.created_at))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn post_notes(&self, owner: UserId, post: PostId) -> StoreResult<Vec<PostNote>> {
        let sql = format!(
            "SELECT {NOTE_COLUMNS} FROM post_notes n LEFT JOIN users u ON u.id = n.author_id \
             WHERE n.owner_id = ? AND n.post_id = ? ORDER BY n.created_at, n.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .bind(post.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }

    async fn delete_post_note(
        &self,
        owner: UserId,
        post: PostId,
        id: NoteId,
        author: UserId,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "DELETE FROM post_notes WHERE id = ? AND owner_id = ? AND post_id = ? AND author_id = ?",
        )
        .bind(id.0)
        .bind(owner.0)
        .bind(post.0)
        .bind(author.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn notes_by_author(&self, author: UserId) -> StoreResult<Vec<PostNote>> {
        let sql = format!(
            "SELECT {NOTE_COLUMNS} FROM post_notes n LEFT JOIN users u ON u.id = n.author_id \
             WHERE n.author_id = ? ORDER BY n.created_at, n.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(author.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }

    async fn overdue_reviews(&self, now: OffsetDateTime, limit: u32) -> StoreResult<Vec<Post>> {
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts WHERE state IN ('in_review', 'changes_requested') \
             AND scheduled_at <= ? ORDER BY scheduled_at, id LIMIT ?"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(db::time(now))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        self.posts_from_rows(rows).await
    }
}
