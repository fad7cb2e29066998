//! Client review links and the decisions made through them. Only the
//! digest of a link's secret is stored; a link's posts go with the posts
//! (CASCADE), the links with their workspace.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::client_review::{
    Decision, InsertOutcome, ReviewLink, ReviewLinkId, ReviewLinkRepo, Verdict,
};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::posts::PostId;
use socialflow_core::storage::StoreResult;
use sqlx::{QueryBuilder, Row};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{db, get_opt_time, get_time};
use crate::error::{corrupt, map};

const COLUMNS: &str = "id, owner_id, digest, label, created_by, created_at, expires_at, revoked_at";

fn read(row: &db::Row, posts: Vec<PostId>) -> StoreResult<ReviewLink> {
    Ok(ReviewLink {
        id: ReviewLinkId(row.try_get::<Uuid, _>("id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        posts,
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        label: row.try_get("label").map_err(map)?,
        created_by: row
            .try_get::<Option<Uuid>, _>("created_by")
            .map_err(map)?
            .map(UserId),
        created_at: get_time(row, "created_at")?,
        expires_at: get_time(row, "expires_at")?,
        revoked_at: get_opt_time(row, "revoked_at")?,
    })
}

impl db::Store {
    async fn link_posts(&self, id: Uuid) -> StoreResult<Vec<PostId>> {
        sqlx::query_scalar::<_, Uuid>(
            "SELECT post_id FROM review_link_posts WHERE link_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await
        .map_err(map)
        .map(|v| v.into_iter().map(PostId).collect())
    }

    async fn read_links(&self, rows: Vec<db::Row>) -> StoreResult<Vec<ReviewLink>> {
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: Uuid = row.try_get("id").map_err(map)?;
            let posts = self.link_posts(id).await?;
            out.push(read(row, posts)?);
        }
        Ok(out)
    }
}

#[async_trait]
impl ReviewLinkRepo for db::Store {
    async fn insert_review_link(
        &self,
        link: &ReviewLink,
        max: u32,
        now: OffsetDateTime,
    ) -> StoreResult<InsertOutcome> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Lock the workspace's principal row first (a no-op write on both
        // databases), so parallel inserts of one workspace count one after
        // the other.
        sqlx::query("UPDATE users SET id = id WHERE id = ?")
            .bind(link.owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        if !link.posts.is_empty() {
            let mut q: QueryBuilder<db::Db> =
                QueryBuilder::new("SELECT COUNT(*) FROM posts WHERE owner_id = ");
            q.push_bind(link.owner.0);
            q.push(" AND id IN (");
            let mut sep = q.separated(", ");
            for p in &link.posts {
                sep.push_bind(p.0);
            }
            q.push(")");
            let found: i64 = q
                .build_query_scalar()
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
            if usize::try_from(found).unwrap_or(0) != link.posts.len() {
                return Ok(InsertOutcome::PostMissing);
            }
        }
        let working: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM review_links WHERE owner_id = ? \
             AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(link.owner.0)
        .bind(db::time(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(map)?;
        if working >= i64::from(max) {
            return Ok(InsertOutcome::TooMany);
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO review_links ({COLUMNS}, window_started_at, window_decisions) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
        )))
        .bind(link.id.0)
        .bind(link.owner.0)
        .bind(&link.digest.0)
        .bind(&link.label)
        .bind(link.created_by.map(|u| u.0))
        .bind(db::time(link.created_at))
        .bind(db::time(link.expires_at))
        .bind(link.revoked_at.map(db::time))
        .bind(db::time(link.created_at))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        if !link.posts.is_empty() {
            let mut q: QueryBuilder<db::Db> =
                QueryBuilder::new("INSERT INTO review_link_posts (link_id, post_id, position) ");
            q.push_values(link.posts.iter().enumerate(), |mut b, (i, p)| {
                b.push_bind(link.id.0)
                    .push_bind(p.0)
                    .push_bind(i64::try_from(i).unwrap_or(i64::MAX));
            });
            q.build().execute(&mut *tx).await.map_err(map)?;
        }
        tx.commit().await.map_err(map)?;
        Ok(InsertOutcome::Stored)
    }

    async fn review_links(&self, owner: UserId) -> StoreResult<Vec<ReviewLink>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM review_links WHERE owner_id = ? \
             ORDER BY created_at DESC, id DESC"
        )))
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        self.read_links(rows).await
    }

    async fn review_link(
        &self,
        owner: UserId,
        id: ReviewLinkId,
    ) -> StoreResult<Option<ReviewLink>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM review_links WHERE id = ? AND owner_id = ?"
        )))
        .bind(id.0)
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        Ok(self.read_links(rows).await?.pop())
    }

    async fn review_link_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ReviewLink>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM review_links WHERE digest = ?"
        )))
        .bind(&digest.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        Ok(self.read_links(rows).await?.pop())
    }

    async fn revoke_review_link(
        &self,
        owner: UserId,
        id: ReviewLinkId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE review_links SET revoked_at = ? \
             WHERE id = ? AND owner_id = ? AND revoked_at IS NULL",
        )
        .bind(db::time(now))
        .bind(id.0)
        .bind(owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn take_decision_slot(
        &self,
        id: ReviewLinkId,
        now: OffsetDateTime,
        max: u32,
    ) -> StoreResult<bool> {
        // One statement: the check and the count cannot be split by a
        // parallel request. `window_decisions` is assigned first, so on
        // MariaDB (which evaluates assignments left to right) both CASEs
        // read the old `window_started_at`.
        let window_over = db::time(now - Duration::hours(1));
        let r = sqlx::query(
            "UPDATE review_links SET \
             window_decisions = CASE WHEN window_started_at <= ? THEN 1 \
                                     ELSE window_decisions + 1 END, \
             window_started_at = CASE WHEN window_started_at <= ? THEN ? \
                                      ELSE window_started_at END \
             WHERE id = ? AND (window_started_at <= ? OR window_decisions < ?)",
        )
        .bind(window_over)
        .bind(window_over)
        .bind(db::time(now))
        .bind(id.0)
        .bind(window_over)
        .bind(i64::from(max))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn record_decision(&self, d: &Decision) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE review_link_posts SET decision = ?, note = ?, decided_at = ? \
             WHERE link_id = ? AND post_id = ?",
        )
        .bind(d.verdict.as_str())
        .bind(d.note.as_deref())
        .bind(db::time(d.decided_at))
        .bind(d.link.0)
        .bind(d.post.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn decisions(&self, id: ReviewLinkId) -> StoreResult<Vec<Decision>> {
        let rows = sqlx::query(
            "SELECT post_id, decision, note, decided_at FROM review_link_posts \
             WHERE link_id = ? AND decision IS NOT NULL ORDER BY position",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter()
            .map(|row| {
                let verdict: String = row.try_get("decision").map_err(map)?;
                Ok(Decision {
                    link: id,
                    post: PostId(row.try_get::<Uuid, _>("post_id").map_err(map)?),
                    verdict: Verdict::parse(&verdict)
                        .ok_or_else(|| corrupt("review decision", &verdict))?,
                    note: row.try_get("note").map_err(map)?,
                    decided_at: get_time(row, "decided_at")?,
                })
            })
            .collect()
    }
}
