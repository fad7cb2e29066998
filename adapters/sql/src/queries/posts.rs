//! Posts, their files and their log. Claiming due posts is the backend's
//! (`db::lease_due`): SQLite serialises writers, MariaDB skips locked rows.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    Post, PostContent, PostEvent, PostFilter, PostHold, PostId, PostKind, PostLogEntry, PostRepo,
    PostState, decode_list, encode_list,
};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{db, get_opt_time, get_time};
use crate::deadlock;
use crate::error::{corrupt, map};

/// Claimed posts read back per query (bounds the statement's size).
const CLAIM_READ_CHUNK: usize = 500;

pub(super) const POST_COLUMNS: &str = "id, owner_id, account_id, kind, state, content, scheduled_at, child_containers, \
     container_id, ig_media_id, permalink, first_comment_id, first_comment_tried, hold, reason, attempts, \
     next_action_at, publish_started_at, published_at, failure_acknowledged, version, content_rev, \
     containers_rev, containers_at, submitted_by, created_at, updated_at";

/// Posts the worker may claim, with how many binds of now each takes: an
/// action is due, the state is active (`published` only while follow-up
/// steps are due) and no live lease is held. Taken in this order: posts whose
/// lease ran out first — their worker died holding them, and they are the
/// longest overdue — then fresh due posts in due order (issue 20, goal 5: a
/// survivor with a backlog of its own still resumes them within a lease).
const DUE: [(&str, usize); 2] = [
    (
        "lease_until < ? AND next_action_at <= ? \
         AND state IN ('scheduled', 'preparing', 'ready', 'publishing', 'published')",
        2,
    ),
    (
        "lease_until IS NULL AND next_action_at <= ? \
         AND state IN ('scheduled', 'preparing', 'ready', 'publishing', 'published')",
        1,
    ),
];

fn post_from_row(row: &db::Row, media: Vec<MediaId>) -> Result<Post, StoreError> {
    let kind: String = row.try_get("kind").map_err(map)?;
    let state: String = row.try_get("state").map_err(map)?;
    let hold: Option<String> = row.try_get("hold").map_err(map)?;
    let content: String = row.try_get("content").map_err(map)?;
    let children: String = row.try_get("child_containers").map_err(map)?;
    Ok(Post {
        id: PostId(row.try_get("id").map_err(map)?),
        owner: UserId(row.try_get("owner_id").map_err(map)?),
        content: PostContent::from_parts(
            AccountId(row.try_get("account_id").map_err(map)?),
            PostKind::parse(&kind).ok_or_else(|| corrupt("post kind", &kind))?,
            media,
            get_opt_time(row, "scheduled_at")?,
            &content,
        )
        .map_err(|e| corrupt("post content", &e))?,
        state: PostState::parse(&state).ok_or_else(|| corrupt("post state", &state))?,
        child_containers: decode_list(&children).map_err(|e| corrupt("containers", &e))?,
        container_id: row.try_get("container_id").map_err(map)?,
        ig_media_id: row.try_get("ig_media_id").map_err(map)?,
        permalink: row.try_get("permalink").map_err(map)?,
        first_comment_id: row.try_get("first_comment_id").map_err(map)?,
        first_comment_tried: db::from_flag(row.try_get("first_comment_tried").map_err(map)?),
        hold: hold
            .map(|h| PostHold::parse(&h).ok_or_else(|| corrupt("post hold", &h)))
            .transpose()?,
        reason: row.try_get("reason").map_err(map)?,
        attempts: db::from_count(row.try_get("attempts").map_err(map)?, "attempts")?,
        next_action_at: get_opt_time(row, "next_action_at")?,
        publish_started_at: get_opt_time(row, "publish_started_at")?,
        published_at: get_opt_time(row, "published_at")?,
        failure_acknowledged: db::from_flag(row.try_get("failure_acknowledged").map_err(map)?),
        version: db::from_count(row.try_get("version").map_err(map)?, "version")?,
        content_rev: db::from_count(row.try_get("content_rev").map_err(map)?, "content_rev")?,
        containers_rev: {
            let rev: Option<_> = row.try_get("containers_rev").map_err(map)?;
            rev.map(|v| db::from_count(v, "containers_rev"))
                .transpose()?
        },
        containers_at: get_opt_time(row, "containers_at")?,
        submitted_by: row
            .try_get::<Option<Uuid>, _>("submitted_by")
            .map_err(map)?
            .map(UserId),
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

async fn media_of<'e, E>(exec: E, id: PostId) -> StoreResult<Vec<MediaId>>
where
    E: sqlx::Executor<'e, Database = db::Db>,
{
    let rows = sqlx::query(
        "SELECT media_id FROM post_media WHERE post_id = ? AND role = 'item' ORDER BY position",
    )
    .bind(id.0)
    .fetch_all(exec)
    .await
    .map_err(map)?;
    rows.iter()
        .map(|r| r.try_get::<Uuid, _>("media_id").map(MediaId).map_err(map))
        .collect()
}

async fn write_media(conn: &mut db::Conn, post: &Post) -> StoreResult<()> {
    sqlx::query("DELETE FROM post_media WHERE post_id = ?")
        .bind(post.id.0)
        .execute(&mut *conn)
        .await
        .map_err(map)?;
    let items = post.content.media.iter().map(|m| ("item", m));
    let cover = post.content.cover.iter().map(|m| ("cover", m));
    for (position, (role, media)) in items.chain(cover).enumerate() {
        sqlx::query(
            "INSERT INTO post_media (post_id, position, role, media_id) VALUES (?, ?, ?, ?)",
        )
        .bind(post.id.0)
        .bind(position as i64)
        .bind(role)
        .bind(media.0)
        .execute(&mut *conn)
        .await
        .map_err(map)?;
    }
    Ok(())
}

/// Writes a new post and its media rows, in the caller's transaction.
pub(super) async fn write_new_post(conn: &mut db::Conn, p: &Post) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO posts (id, owner_id, account_id, kind, state, content, scheduled_at, child_containers, \
         container_id, ig_media_id, permalink, first_comment_id, first_comment_tried, hold, reason, attempts, \
         next_action_at, publish_started_at, published_at, failure_acknowledged, version, content_rev, \
         containers_rev, containers_at, submitted_by, lease_owner, lease_until, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
    )
    .bind(p.id.0)
    .bind(p.owner.0)
    .bind(p.content.account_id.0)
    .bind(p.content.kind.as_str())
    .bind(p.state.as_str())
    .bind(p.content.extras_json())
    .bind(p.content.scheduled_at.map(db::time))
    .bind(encode_list(&p.child_containers))
    .bind(&p.container_id)
    .bind(&p.ig_media_id)
    .bind(&p.permalink)
    .bind(&p.first_comment_id)
    .bind(db::flag(p.first_comment_tried))
    .bind(p.hold.map(PostHold::as_str))
    .bind(&p.reason)
    .bind(i64::from(p.attempts))
    .bind(p.next_action_at.map(db::time))
    .bind(p.publish_started_at.map(db::time))
    .bind(p.published_at.map(db::time))
    .bind(db::flag(p.failure_acknowledged))
    .bind(i64::from(p.version))
    .bind(i64::from(p.content_rev))
    .bind(p.containers_rev.map(i64::from))
    .bind(p.containers_at.map(db::time))
    .bind(p.submitted_by.map(|u| u.0))
    .bind(db::time(p.created_at))
    .bind(db::time(p.updated_at))
    .execute(&mut *conn)
    .await
    .map_err(map)?;
    write_media(conn, p).await
}

/// Writes `p` over the stored version `p.version - 1`, in the caller's
/// transaction; false, and nothing written, when the stored version differs.
pub(super) async fn write_post_update(conn: &mut db::Conn, p: &Post) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE posts SET account_id = ?, kind = ?, state = ?, content = ?, scheduled_at = ?, \
         child_containers = ?, container_id = ?, hold = ?, reason = ?, attempts = ?, next_action_at = ?, \
         failure_acknowledged = ?, version = ?, content_rev = ?, containers_rev = ?, containers_at = ?, \
         submitted_by = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? \
         WHERE id = ? AND owner_id = ? AND version = ?",
    )
    .bind(p.content.account_id.0)
    .bind(p.content.kind.as_str())
    .bind(p.state.as_str())
    .bind(p.content.extras_json())
    .bind(p.content.scheduled_at.map(db::time))
    .bind(encode_list(&p.child_containers))
    .bind(&p.container_id)
    .bind(p.hold.map(PostHold::as_str))
    .bind(&p.reason)
    .bind(i64::from(p.attempts))
    .bind(p.next_action_at.map(db::time))
    .bind(db::flag(p.failure_acknowledged))
    .bind(i64::from(p.version))
    .bind(i64::from(p.content_rev))
    .bind(p.containers_rev.map(i64::from))
    .bind(p.containers_at.map(db::time))
    .bind(p.submitted_by.map(|u| u.0))
    .bind(db::time(p.updated_at))
    .bind(p.id.0)
    .bind(p.owner.0)
    .bind(i64::from(p.version) - 1)
    .execute(&mut *conn)
    .await
    .map_err(map)?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    write_media(conn, p).await?;
    Ok(true)
}

/// Deletes the owner's post (only at `version`, when given), its media rows
/// and log by cascade, in the caller's transaction; whether it was there.
pub(super) async fn write_post_delete(
    conn: &mut db::Conn,
    owner: UserId,
    id: PostId,
    version: Option<u32>,
) -> StoreResult<bool> {
    let r = match version {
        Some(v) => sqlx::query("DELETE FROM posts WHERE id = ? AND owner_id = ? AND version = ?")
            .bind(id.0)
            .bind(owner.0)
            .bind(i64::from(v)),
        None => sqlx::query("DELETE FROM posts WHERE id = ? AND owner_id = ?")
            .bind(id.0)
            .bind(owner.0),
    }
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

/// Appends a log entry on `conn` (the pool's or a transaction's).
pub(super) async fn write_log_entry(conn: &mut db::Conn, e: &PostLogEntry) -> StoreResult<()> {
    sqlx::query("INSERT INTO post_log (post_id, at, event, detail) VALUES (?, ?, ?, ?)")
        .bind(e.post_id.0)
        .bind(db::time(e.at))
        .bind(e.event.as_str())
        .bind(&e.detail)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(())
}

/// The row's id as text, for naming a row that cannot be decoded.
fn row_id(row: &db::Row) -> String {
    row.try_get::<Uuid, _>("id")
        .map(|u| u.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A post row, or [`StoreError::Corrupt`] naming it.
fn decode_post(row: &db::Row, media: Vec<MediaId>) -> StoreResult<Post> {
    post_from_row(row, media).map_err(|e| StoreError::corrupt_row("posts", row_id(row), e))
}

/// Keeps the posts that decode; logs and leaves out the others, so one bad
/// row never takes a whole list (or the worker's claims) down.
fn keep_readable(decoded: StoreResult<Post>, posts: &mut Vec<Post>) -> StoreResult<()> {
    match decoded {
        Ok(p) => posts.push(p),
        Err(e) if e.is_corrupt() => {
            tracing::warn!(error = %e, "skipping a post that cannot be read")
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

impl db::Store {
    pub(super) async fn posts_from_rows(&self, rows: Vec<db::Row>) -> StoreResult<Vec<Post>> {
        let mut posts = Vec::with_capacity(rows.len());
        for row in &rows {
            let media = match row.try_get::<Uuid, _>("id") {
                Ok(id) => media_of(self.pool(), PostId(id)).await?,
                Err(_) => Vec::new(),
            };
            keep_readable(decode_post(row, media), &mut posts)?;
        }
        Ok(posts)
    }
}

#[async_trait]
impl PostRepo for db::Store {
    async fn insert_post(&self, p: &Post) -> StoreResult<()> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        write_new_post(&mut tx, p).await?;
        tx.commit().await.map_err(map)
    }

    async fn post(&self, owner: UserId, id: PostId) -> StoreResult<Option<Post>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {POST_COLUMNS} FROM posts WHERE id = ? AND owner_id = ?"
        )))
        .bind(id.0)
        .bind(owner.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        match row {
            Some(row) => Ok(Some(decode_post(&row, media_of(self.pool(), id).await?)?)),
            None => Ok(None),
        }
    }

    async fn list_posts(&self, owner: UserId, f: &PostFilter) -> StoreResult<Vec<Post>> {
        let mut sql = format!("SELECT {POST_COLUMNS} FROM posts WHERE owner_id = ?");
        if f.account.is_some() {
            sql.push_str(" AND account_id = ?");
        }
        match f.accounts.as_deref() {
            None => {}
            Some([]) => sql.push_str(" AND 1 = 0"),
            Some(ids) => {
                let marks = vec!["?"; ids.len()].join(", ");
                sql.push_str(&format!(" AND account_id IN ({marks})"));
            }
        }
        if !f.states.is_empty() {
            let marks = vec!["?"; f.states.len()].join(", ");
            sql.push_str(&format!(" AND state IN ({marks})"));
        }
        // Drafts have no time: they sort (and filter) by creation.
        if f.from.is_some() {
            sql.push_str(" AND COALESCE(scheduled_at, created_at) >= ?");
        }
        if f.to.is_some() {
            sql.push_str(" AND COALESCE(scheduled_at, created_at) < ?");
        }
        sql.push_str(" ORDER BY COALESCE(scheduled_at, created_at), id LIMIT ?");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner.0);
        if let Some(a) = f.account {
            q = q.bind(a.0);
        }
        for a in f.accounts.iter().flatten() {
            q = q.bind(a.0);
        }
        for s in &f.states {
            q = q.bind(s.as_str());
        }
        if let Some(from) = f.from {
            q = q.bind(db::time(from));
        }
        if let Some(to) = f.to {
            q = q.bind(db::time(to));
        }
        let limit = if f.limit == 0 { 500 } else { f.limit };
        let rows = q
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        self.posts_from_rows(rows).await
    }

    async fn update_post(&self, p: &Post) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        let updated = write_post_update(&mut tx, p).await?;
        if updated {
            tx.commit().await.map_err(map)?;
        }
        Ok(updated)
    }

    async fn delete_post(
        &self,
        owner: UserId,
        id: PostId,
        version: u32,
    ) -> StoreResult<Option<Vec<MediaId>>> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        let rows = sqlx::query(
            "SELECT media_id FROM post_media WHERE post_id = ? ORDER BY role DESC, position",
        )
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await
        .map_err(map)?;
        if !write_post_delete(&mut tx, owner, id, Some(version)).await? {
            return Ok(None);
        }
        tx.commit().await.map_err(map)?;
        rows.iter()
            .map(|r| r.try_get::<Uuid, _>("media_id").map(MediaId).map_err(map))
            .collect::<StoreResult<Vec<_>>>()
            .map(Some)
    }

    async fn delete_unreadable_post(
        &self,
        owner: UserId,
        id: PostId,
    ) -> StoreResult<Option<Vec<MediaId>>> {
        // The write lock up front: the read below must never need upgrading.
        let mut tx = db::begin_write(self.pool()).await?;
        let rows = sqlx::query(
            "SELECT media_id FROM post_media WHERE post_id = ? ORDER BY role DESC, position",
        )
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await
        .map_err(map)?;
        if !write_post_delete(&mut tx, owner, id, None).await? {
            return Ok(None);
        }
        tx.commit().await.map_err(map)?;
        // A media id that cannot be read is left for the retention job.
        Ok(Some(
            rows.iter()
                .filter_map(|r| r.try_get::<Uuid, _>("media_id").ok().map(MediaId))
                .collect(),
        ))
    }

    async fn claim_due_posts(
        &self,
        now: OffsetDateTime,
        worker: &str,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Post>> {
        let pool = self.pool();
        // A deadlock victim is claimed again from the start (its leases
        // were rolled back with it).
        let mut posts = deadlock::retry(|| async move {
            let mut tx = db::begin_claim(pool).await?;
            let ids = db::lease_due(
                &mut tx,
                &DUE,
                worker,
                db::time(lease_until),
                db::time(now),
                limit,
            )
            .await?;
            // Read back a chunk at a time: two queries per chunk rather than
            // two per post, inside the claim's transaction.
            let mut posts = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(CLAIM_READ_CHUNK) {
                let marks = vec!["?"; chunk.len()].join(", ");
                let sql = format!("SELECT {POST_COLUMNS} FROM posts WHERE id IN ({marks})");
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind(*id);
                }
                let rows = q.fetch_all(&mut *tx).await.map_err(map)?;
                let sql = format!(
                    "SELECT post_id, media_id FROM post_media WHERE post_id IN ({marks}) AND role = 'item' \
                     ORDER BY post_id, position"
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind(*id);
                }
                let mut media: std::collections::HashMap<Uuid, Vec<MediaId>> =
                    std::collections::HashMap::with_capacity(chunk.len());
                for r in q.fetch_all(&mut *tx).await.map_err(map)? {
                    let post: Uuid = r.try_get("post_id").map_err(map)?;
                    let m: Uuid = r.try_get("media_id").map_err(map)?;
                    media.entry(post).or_default().push(MediaId(m));
                }
                for row in &rows {
                    let files = match row.try_get::<Uuid, _>("id") {
                        Ok(id) => media.remove(&id).unwrap_or_default(),
                        Err(_) => Vec::new(),
                    };
                    keep_readable(decode_post(row, files), &mut posts)?;
                }
            }
            tx.commit().await.map_err(map)?;
            Ok(posts)
        })
        .await?;
        posts.sort_by_key(|p| p.next_action_at);
        Ok(posts)
    }

    async fn save_claimed_post(&self, p: &Post, worker: &str, release: bool) -> StoreResult<bool> {
        let pool = self.pool();
        let r = deadlock::retry(|| async move {
            sqlx::query(
                "UPDATE posts SET state = ?, child_containers = ?, container_id = ?, ig_media_id = ?, permalink = ?, \
                 first_comment_id = ?, first_comment_tried = ?, hold = ?, reason = ?, attempts = ?, next_action_at = ?, \
                 publish_started_at = ?, published_at = ?, failure_acknowledged = ?, version = ?, updated_at = ?, \
                 containers_rev = ?, containers_at = ?, \
                 lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END, \
                 lease_until = CASE WHEN ? THEN NULL ELSE lease_until END \
                 WHERE id = ? AND lease_owner = ? AND version = ? AND content_rev = ?",
            )
            .bind(p.state.as_str())
            .bind(encode_list(&p.child_containers))
            .bind(&p.container_id)
            .bind(&p.ig_media_id)
            .bind(&p.permalink)
            .bind(&p.first_comment_id)
            .bind(db::flag(p.first_comment_tried))
            .bind(p.hold.map(PostHold::as_str))
            .bind(&p.reason)
            .bind(i64::from(p.attempts))
            .bind(p.next_action_at.map(db::time))
            .bind(p.publish_started_at.map(db::time))
            .bind(p.published_at.map(db::time))
            .bind(db::flag(p.failure_acknowledged))
            .bind(i64::from(p.version))
            .bind(db::time(p.updated_at))
            .bind(p.containers_rev.map(i64::from))
            .bind(p.containers_at.map(db::time))
            .bind(release)
            .bind(release)
            .bind(p.id.0)
            .bind(worker)
            .bind(i64::from(p.version) - 1)
            .bind(i64::from(p.content_rev))
            .execute(pool)
            .await
            .map_err(map)
        })
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn renew_post_lease(
        &self,
        id: PostId,
        worker: &str,
        lease_until: OffsetDateTime,
    ) -> StoreResult<bool> {
        let pool = self.pool();
        let r = deadlock::retry(|| async move {
            sqlx::query("UPDATE posts SET lease_until = ? WHERE id = ? AND lease_owner = ?")
                .bind(db::time(lease_until))
                .bind(id.0)
                .bind(worker)
                .execute(pool)
                .await
                .map_err(map)
        })
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn append_post_log(&self, e: &PostLogEntry) -> StoreResult<()> {
        deadlock::retry(|| async move {
            let mut conn = self.pool().acquire().await.map_err(map)?;
            write_log_entry(&mut conn, e).await
        })
        .await
    }

    async fn post_log(&self, owner: UserId, id: PostId) -> StoreResult<Vec<PostLogEntry>> {
        let rows = sqlx::query(
            "SELECT l.at, l.event, l.detail FROM post_log l JOIN posts p ON p.id = l.post_id \
             WHERE l.post_id = ? AND p.owner_id = ? ORDER BY l.id",
        )
        .bind(id.0)
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        let mut entries = Vec::with_capacity(rows.len());
        for r in &rows {
            let entry = (|| {
                let event: String = r.try_get("event").map_err(map)?;
                Ok::<_, StoreError>(PostLogEntry {
                    post_id: id,
                    at: get_time(r, "at")?,
                    event: PostEvent::parse(&event).ok_or_else(|| corrupt("post event", &event))?,
                    detail: r.try_get("detail").map_err(map)?,
                })
            })();
            match entry {
                Ok(e) => entries.push(e),
                Err(e) => {
                    let e = StoreError::corrupt_row("post_log", id.0, e);
                    tracing::warn!(error = %e, "skipping a log entry that cannot be read");
                }
            }
        }
        Ok(entries)
    }

    async fn media_in_use(&self, media: MediaId, except: Option<PostId>) -> StoreResult<bool> {
        let except = except.map(|p| p.0).unwrap_or_default();
        let row =
            sqlx::query("SELECT 1 FROM post_media WHERE media_id = ? AND post_id <> ? LIMIT 1")
                .bind(media.0)
                .bind(except)
                .fetch_optional(self.pool())
                .await
                .map_err(map)?;
        Ok(row.is_some())
    }

    async fn unused_media(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<(UserId, MediaId)>> {
        let rows = sqlx::query(
            "SELECT m.owner_id, m.id FROM media_files m WHERE m.created_at < ? \
             AND NOT EXISTS (SELECT 1 FROM post_media pm WHERE pm.media_id = m.id) \
             ORDER BY m.created_at LIMIT ?",
        )
        .bind(db::time(before))
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter()
            .map(|r| {
                Ok((
                    UserId(r.try_get("owner_id").map_err(map)?),
                    MediaId(r.try_get("id").map_err(map)?),
                ))
            })
            .collect()
    }

    async fn record_containers(
        &self,
        account: AccountId,
        post: PostId,
        at: OffsetDateTime,
        count: u32,
        forget_before: OffsetDateTime,
    ) -> StoreResult<()> {
        // Two workers recording containers of one account deadlock on
        // MariaDB (the DELETE's gap locks block each other's INSERT): the
        // victim runs again.
        let pool = self.pool();
        deadlock::retry(|| async move {
            let mut tx = pool.begin().await.map_err(map)?;
            sqlx::query("DELETE FROM container_uses WHERE account_id = ? AND created_at < ?")
                .bind(account.0)
                .bind(db::time(forget_before))
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            sqlx::query(
                "INSERT INTO container_uses (account_id, post_id, n, created_at) VALUES (?, ?, ?, ?)",
            )
            .bind(account.0)
            .bind(post.0)
            .bind(i64::from(count))
            .bind(db::time(at))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            tx.commit().await.map_err(map)
        })
        .await
    }

    async fn containers_since(
        &self,
        owner: UserId,
        account: AccountId,
        since: OffsetDateTime,
    ) -> StoreResult<u32> {
        // CAST: MariaDB sums integers as DECIMAL.
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(c.n), 0) AS SIGNED) AS used FROM container_uses c \
             JOIN accounts a ON a.id = c.account_id \
             WHERE c.account_id = ? AND a.owner_id = ? AND c.created_at >= ?",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(db::time(since))
        .fetch_one(self.pool())
        .await
        .map_err(map)?;
        let used: i64 = row.try_get("used").map_err(map)?;
        Ok(u32::try_from(used).unwrap_or(u32::MAX))
    }

    async fn count_posts_by_state(&self) -> StoreResult<Vec<(PostState, u64)>> {
        let rows =
            sqlx::query("SELECT state, COUNT(*) AS n FROM posts GROUP BY state ORDER BY state")
                .fetch_all(self.pool())
                .await
                .map_err(map)?;
        rows.iter()
            .map(|r| {
                let s: String = r.try_get("state").map_err(map)?;
                let n: i64 = r.try_get("n").map_err(map)?;
                Ok((
                    PostState::parse(&s).ok_or_else(|| corrupt("post state", &s))?,
                    u64::try_from(n).unwrap_or(0),
                ))
            })
            .collect()
    }
}
