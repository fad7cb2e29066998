//! Analytics tables: follower and profile snapshots, account and
//! media insights, audiences. Reads filter on `owner_id`.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{
    Audience, DailyInsights, Demographics, FollowerSnapshot, MediaMetrics, MediaPage,
    MediaPageQuery, MediaSort, OnlineHours, OnlineSample, OwnerRows, ProfileData, ProfileSnapshot,
    SnapshotSource,
};
use socialflow_core::storage::{
    AnalyticsVersionRepo, AudienceRepo, DailyInsightsRepo, FollowerSnapshotRepo, MediaMetricsRepo,
    ProfileSnapshotRepo, StoreError, StoreResult,
};
use sqlx::Row;
use time::{Date, OffsetDateTime};

use super::{db, get_time, write_batches};
use crate::deadlock;
use crate::error::{corrupt, map};

/// `ORDER BY` for the posts table: unknown values last in both directions,
/// ties newest first (as `socialflow_core::analytics::sort_media`).
fn media_order(sort: MediaSort, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    let key = match sort {
        MediaSort::Date => return format!("posted_at {dir}, media_id DESC"),
        MediaSort::Type => return format!("product {dir}, posted_at DESC, media_id DESC"),
        MediaSort::Reach => "reach",
        MediaSort::Views => "views",
        MediaSort::Likes => "likes",
        MediaSort::Comments => "comments",
        MediaSort::Saves => "saves",
        MediaSort::Shares => "shares",
        MediaSort::Watch => "avg_watch_time_ms",
        // MediaMetrics::engagement_rate, in double precision (1e2, not a
        // decimal 100.0) so ties and order match the Rust computation.
        MediaSort::Engagement => {
            "CASE WHEN reach > 0 AND (likes IS NOT NULL OR comments IS NOT NULL \
             OR saves IS NOT NULL OR shares IS NOT NULL) THEN (COALESCE(likes, 0) \
             + COALESCE(comments, 0) + COALESCE(saves, 0) + COALESCE(shares, 0)) * 1e2 / reach END"
        }
    };
    format!("({key}) IS NULL, ({key}) {dir}, posted_at DESC, media_id DESC")
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Other(format!("analytics JSON: {e}"))
}

fn snapshot_from_row(row: &db::Row) -> StoreResult<FollowerSnapshot> {
    let source: String = row.try_get("source").map_err(map)?;
    Ok(FollowerSnapshot {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        day: row.try_get("day").map_err(map)?,
        followers: row.try_get("followers").map_err(map)?,
        following: row.try_get("following").map_err(map)?,
        media_count: row.try_get("media_count").map_err(map)?,
        source: SnapshotSource::parse(&source)
            .ok_or_else(|| corrupt("snapshot source", &source))?,
        taken_at: get_time(row, "taken_at")?,
    })
}

fn insights_from_row(row: &db::Row) -> StoreResult<DailyInsights> {
    Ok(DailyInsights {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        day: row.try_get("day").map_err(map)?,
        reach: row.try_get("reach").map_err(map)?,
        views: row.try_get("views").map_err(map)?,
        accounts_engaged: row.try_get("accounts_engaged").map_err(map)?,
        total_interactions: row.try_get("total_interactions").map_err(map)?,
        profile_activity: row.try_get("profile_activity").map_err(map)?,
        fetched_at: get_time(row, "fetched_at")?,
    })
}

fn media_from_row(row: &db::Row) -> StoreResult<MediaMetrics> {
    Ok(MediaMetrics {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        media_id: row.try_get("media_id").map_err(map)?,
        product: row.try_get("product").map_err(map)?,
        media_type: row.try_get("media_type").map_err(map)?,
        caption: row.try_get("caption").map_err(map)?,
        permalink: row.try_get("permalink").map_err(map)?,
        posted_at: get_time(row, "posted_at")?,
        reach: row.try_get("reach").map_err(map)?,
        views: row.try_get("views").map_err(map)?,
        likes: row.try_get("likes").map_err(map)?,
        comments: row.try_get("comments").map_err(map)?,
        saves: row.try_get("saves").map_err(map)?,
        shares: row.try_get("shares").map_err(map)?,
        replies: row.try_get("replies").map_err(map)?,
        avg_watch_time_ms: row.try_get("avg_watch_time_ms").map_err(map)?,
        total_watch_time_ms: row.try_get("total_watch_time_ms").map_err(map)?,
        reposts: row.try_get("reposts").map_err(map)?,
        skip_rate: row.try_get("skip_rate").map_err(map)?,
        fetched_at: get_time(row, "fetched_at")?,
    })
}

/// The columns of `media_metrics` an upsert replaces, in bind order.
const METRICS_COLUMNS: &str = "product, media_type, caption, permalink, posted_at, reach, views, likes, \
     comments, saves, shares, replies, avg_watch_time_ms, total_watch_time_ms, reposts, skip_rate, fetched_at";

const SNAPSHOT_HEAD: &str = "INSERT INTO follower_snapshots \
    (account_id, owner_id, day, followers, following, media_count, source, taken_at)";
const SNAPSHOT_INSERT: &str = "INSERT INTO follower_snapshots \
    (account_id, owner_id, day, followers, following, media_count, source, taken_at) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

const SNAPSHOT_COLUMNS: usize = 8;

/// Adds one to the data version of each account in `accounts` (created at
/// 1), in the caller's transaction: the version changes exactly when the
/// account's analytics rows do, and ETags built from it follow.
async fn bump_versions(
    conn: &mut db::Conn,
    owner: UserId,
    accounts: impl IntoIterator<Item = AccountId>,
) -> StoreResult<()> {
    let accounts = distinct_accounts(accounts.into_iter().map(|a| (a, owner)));
    write_versions(conn, &accounts).await
}

/// Each account once, with the first owner given for it, sorted: two
/// writers of the same accounts then lock their versions in one order.
fn distinct_accounts(
    accounts: impl IntoIterator<Item = (AccountId, UserId)>,
) -> Vec<(AccountId, UserId)> {
    let mut seen: std::collections::BTreeMap<AccountId, UserId> = Default::default();
    for (a, owner) in accounts {
        seen.entry(a).or_insert(owner);
    }
    seen.into_iter().collect()
}

/// [`bump_versions`] for accounts of several owners (from
/// [`distinct_accounts`]), in one multi-row statement per 500 accounts.
async fn write_versions(conn: &mut db::Conn, accounts: &[(AccountId, UserId)]) -> StoreResult<()> {
    write_batches(
        conn,
        accounts,
        "INSERT INTO analytics_versions (account_id, owner_id, version) ",
        &db::increment("account_id", "version"),
        3,
        |b, (a, owner)| {
            b.push_bind(a.0).push_bind(owner.0).push_bind(1_i64);
        },
    )
    .await
}

/// A batch's rows, each with its entry's owner.
fn owned<T>(batch: &[OwnerRows<T>]) -> impl Iterator<Item = (UserId, &T)> {
    batch
        .iter()
        .flat_map(|(owner, rows)| rows.iter().map(move |r| (*owner, r)))
}

/// Rows in primary-key order (`cmp`): two writers of the same accounts
/// then lock their rows in one order. The sort is stable, so of two rows
/// with one key the later still comes later, and stays.
fn in_key_order<'a, T>(
    rows: impl Iterator<Item = (UserId, &'a T)>,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<(UserId, &'a T)> {
    let mut rows: Vec<(UserId, &T)> = rows.collect();
    rows.sort_by(|a, b| cmp(a.1, b.1));
    rows
}

fn insight_key(a: &DailyInsights, b: &DailyInsights) -> std::cmp::Ordering {
    (a.account_id, a.day).cmp(&(b.account_id, b.day))
}

fn media_key(a: &MediaMetrics, b: &MediaMetrics) -> std::cmp::Ordering {
    (a.account_id, &a.media_id).cmp(&(b.account_id, &b.media_id))
}

/// Account insights of one or several owners, in the caller's transaction.
async fn write_insights(conn: &mut db::Conn, rows: &[(UserId, &DailyInsights)]) -> StoreResult<()> {
    let tail = db::upsert(
        "account_id, day",
        &[
            "reach",
            "views",
            "accounts_engaged",
            "total_interactions",
            "profile_activity",
            "fetched_at",
        ],
    );
    write_batches(
        conn,
        rows,
        "INSERT INTO account_insights (account_id, owner_id, day, reach, views, accounts_engaged, \
         total_interactions, profile_activity, fetched_at) ",
        &tail,
        9,
        |b, (owner, r)| {
            b.push_bind(r.account_id.0)
                .push_bind(owner.0)
                .push_bind(r.day)
                .push_bind(r.reach)
                .push_bind(r.views)
                .push_bind(r.accounts_engaged)
                .push_bind(r.total_interactions)
                .push_bind(r.profile_activity)
                .push_bind(db::time(r.fetched_at));
        },
    )
    .await?;
    let accounts = distinct_accounts(rows.iter().map(|(owner, r)| (r.account_id, *owner)));
    write_versions(conn, &accounts).await
}

/// Media metrics of one or several owners, in the caller's transaction.
async fn write_media(conn: &mut db::Conn, rows: &[(UserId, &MediaMetrics)]) -> StoreResult<()> {
    let head =
        format!("INSERT INTO media_metrics (account_id, owner_id, media_id, {METRICS_COLUMNS}) ");
    let tail = db::upsert(
        "account_id, media_id",
        &METRICS_COLUMNS.split(", ").collect::<Vec<_>>(),
    );
    write_batches(conn, rows, &head, &tail, 20, |b, (owner, m)| {
        b.push_bind(m.account_id.0)
            .push_bind(owner.0)
            .push_bind(m.media_id.clone())
            .push_bind(m.product.clone())
            .push_bind(m.media_type.clone())
            .push_bind(m.caption.clone())
            .push_bind(m.permalink.clone())
            .push_bind(db::time(m.posted_at))
            .push_bind(m.reach)
            .push_bind(m.views)
            .push_bind(m.likes)
            .push_bind(m.comments)
            .push_bind(m.saves)
            .push_bind(m.shares)
            .push_bind(m.replies)
            .push_bind(m.avg_watch_time_ms)
            .push_bind(m.total_watch_time_ms)
            .push_bind(m.reposts)
            .push_bind(m.skip_rate)
            .push_bind(db::time(m.fetched_at));
    })
    .await?;
    let accounts = distinct_accounts(rows.iter().map(|(owner, m)| (m.account_id, *owner)));
    write_versions(conn, &accounts).await
}

impl db::Store {
    /// Account insights in one transaction; a deadlock's victim (the
    /// worker's processes may write the same accounts) runs it again.
    async fn insights_in_one_transaction(
        &self,
        rows: &[(UserId, &DailyInsights)],
    ) -> StoreResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let pool = self.pool();
        deadlock::retry(|| async move {
            let mut tx = db::begin_write(pool).await?;
            write_insights(&mut tx, rows).await?;
            tx.commit().await.map_err(map)
        })
        .await
    }

    /// Media metrics in one transaction, as
    /// [`Self::insights_in_one_transaction`].
    async fn media_in_one_transaction(&self, rows: &[(UserId, &MediaMetrics)]) -> StoreResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let pool = self.pool();
        deadlock::retry(|| async move {
            let mut tx = db::begin_write(pool).await?;
            write_media(&mut tx, rows).await?;
            tx.commit().await.map_err(map)
        })
        .await
    }
}

#[async_trait]
impl AnalyticsVersionRepo for db::Store {
    async fn analytics_version(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<i64>> {
        let row: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT v.version FROM accounts a \
             LEFT JOIN analytics_versions v ON v.account_id = a.id \
             WHERE a.id = ? AND a.owner_id = ?",
        )
        .bind(account.0)
        .bind(owner.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        Ok(row.map(|(v,)| v.unwrap_or(0)))
    }

    async fn accounts_with_versions(
        &self,
        owner: UserId,
    ) -> StoreResult<Vec<(socialflow_core::account::Account, i64)>> {
        use super::accounts::{ACCOUNT_COLUMNS_OF_A, account_from_row};
        // A join, not a correlated read: on MariaDB the cheaper of the two
        // (and cheaper than the list and a version read apart).
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS_OF_A}, v.version AS analytics_version FROM accounts a \
             LEFT JOIN analytics_versions v ON v.account_id = a.id \
             WHERE a.owner_id = ? ORDER BY a.username, a.id"
        ));
        let rows = sqlx::query(sql)
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter()
            .map(|row| {
                let version: Option<i64> = row.try_get("analytics_version").map_err(map)?;
                Ok((account_from_row(row)?, version.unwrap_or(0)))
            })
            .collect()
    }
}

#[async_trait]
impl FollowerSnapshotRepo for db::Store {
    async fn upsert_follower_snapshot(
        &self,
        owner: UserId,
        s: &FollowerSnapshot,
    ) -> StoreResult<()> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SNAPSHOT_INSERT}{}",
            db::upsert(
                "account_id, day",
                &[
                    "followers",
                    "following",
                    "media_count",
                    "source",
                    "taken_at"
                ]
            )
        ));
        let mut tx = db::begin_write(self.pool()).await?;
        sqlx::query(sql)
            .bind(s.account_id.0)
            .bind(owner.0)
            .bind(s.day)
            .bind(s.followers)
            .bind(s.following)
            .bind(s.media_count)
            .bind(s.source.as_str())
            .bind(db::time(s.taken_at))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        bump_versions(&mut tx, owner, [s.account_id]).await?;
        tx.commit().await.map_err(map)?;
        Ok(())
    }

    async fn insert_backfill_snapshots(
        &self,
        owner: UserId,
        snapshots: &[FollowerSnapshot],
    ) -> StoreResult<u64> {
        // Counted, not summed from rows affected: MariaDB reports a
        // duplicate left as it is as "found".
        let count_sql = "SELECT COUNT(*) FROM follower_snapshots WHERE owner_id = ?";
        let tail = db::keep_existing("account_id, day", "account_id");
        let mut tx = db::begin_write(self.pool()).await?;
        let before: i64 = sqlx::query_scalar(count_sql)
            .bind(owner.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
        write_batches(
            &mut tx,
            snapshots,
            &format!("{SNAPSHOT_HEAD} "),
            &tail,
            SNAPSHOT_COLUMNS,
            |b, s| {
                b.push_bind(s.account_id.0)
                    .push_bind(owner.0)
                    .push_bind(s.day)
                    .push_bind(s.followers)
                    .push_bind(s.following)
                    .push_bind(s.media_count)
                    .push_bind(SnapshotSource::Backfill.as_str())
                    .push_bind(db::time(s.taken_at));
            },
        )
        .await?;
        let after: i64 = sqlx::query_scalar(count_sql)
            .bind(owner.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
        if after > before {
            bump_versions(&mut tx, owner, snapshots.iter().map(|s| s.account_id)).await?;
        }
        tx.commit().await.map_err(map)?;
        Ok(u64::try_from(after - before).unwrap_or(0))
    }

    async fn follower_snapshots(
        &self,
        owner: UserId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<FollowerSnapshot>> {
        let rows = sqlx::query(
            "SELECT account_id, day, followers, following, media_count, source, taken_at \
             FROM follower_snapshots WHERE account_id = ? AND owner_id = ? AND day >= ? AND day <= ? \
             ORDER BY day",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(snapshot_from_row).collect()
    }

    async fn purge_follower_snapshots(&self, before: Date) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM follower_snapshots WHERE day < ?")
            .bind(before)
            .execute(self.pool())
            .await
            .map_err(map)?
            .rows_affected())
    }
}

#[async_trait]
impl ProfileSnapshotRepo for db::Store {
    async fn insert_profile_snapshot(&self, owner: UserId, s: &ProfileSnapshot) -> StoreResult<()> {
        let profile = serde_json::to_string(&s.profile).map_err(json_err)?;
        sqlx::query(
            "INSERT INTO profile_snapshots (id, account_id, owner_id, taken_at, profile) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(uuid::Uuid::now_v7())
        .bind(s.account_id.0)
        .bind(owner.0)
        .bind(db::time(s.taken_at))
        .bind(profile)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn profile_snapshots(
        &self,
        owner: UserId,
        account: AccountId,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<ProfileSnapshot>> {
        let rows = sqlx::query(
            "SELECT account_id, taken_at, profile FROM profile_snapshots \
             WHERE account_id = ? AND owner_id = ? AND taken_at >= ? ORDER BY taken_at, id",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(db::time(since))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter()
            .map(|row| {
                let profile: String = row.try_get("profile").map_err(map)?;
                Ok(ProfileSnapshot {
                    account_id: AccountId(row.try_get("account_id").map_err(map)?),
                    taken_at: get_time(row, "taken_at")?,
                    profile: serde_json::from_str::<ProfileData>(&profile).map_err(json_err)?,
                })
            })
            .collect()
    }

    async fn purge_profile_snapshots(&self, before: OffsetDateTime) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM profile_snapshots WHERE taken_at < ?")
                .bind(db::time(before))
                .execute(self.pool())
                .await
                .map_err(map)?
                .rows_affected(),
        )
    }
}

#[async_trait]
impl DailyInsightsRepo for db::Store {
    async fn upsert_daily_insights(
        &self,
        owner: UserId,
        rows: &[DailyInsights],
    ) -> StoreResult<()> {
        let rows = in_key_order(rows.iter().map(|r| (owner, r)), insight_key);
        self.insights_in_one_transaction(&rows).await
    }

    async fn upsert_daily_insights_batch(
        &self,
        batch: &[OwnerRows<DailyInsights>],
    ) -> StoreResult<()> {
        let rows = in_key_order(owned(batch), insight_key);
        self.insights_in_one_transaction(&rows).await
    }

    async fn daily_insights(
        &self,
        owner: UserId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<DailyInsights>> {
        let rows = sqlx::query(
            "SELECT account_id, day, reach, views, accounts_engaged, total_interactions, profile_activity, \
             fetched_at FROM account_insights WHERE account_id = ? AND owner_id = ? AND day >= ? AND day <= ? \
             ORDER BY day",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(insights_from_row).collect()
    }
}

#[async_trait]
impl MediaMetricsRepo for db::Store {
    async fn upsert_media_metrics(&self, owner: UserId, rows: &[MediaMetrics]) -> StoreResult<()> {
        let rows = in_key_order(rows.iter().map(|r| (owner, r)), media_key);
        self.media_in_one_transaction(&rows).await
    }

    async fn upsert_media_metrics_batch(
        &self,
        batch: &[OwnerRows<MediaMetrics>],
    ) -> StoreResult<()> {
        let rows = in_key_order(owned(batch), media_key);
        self.media_in_one_transaction(&rows).await
    }

    async fn media_metrics(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> StoreResult<Vec<MediaMetrics>> {
        let rows = sqlx::query(
            "SELECT account_id, media_id, product, media_type, caption, permalink, posted_at, reach, views, \
             likes, comments, saves, shares, replies, avg_watch_time_ms, total_watch_time_ms, reposts, skip_rate, fetched_at \
             FROM media_metrics WHERE account_id = ? AND owner_id = ? AND posted_at >= ? AND posted_at < ? \
             ORDER BY posted_at DESC, media_id DESC",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(db::time(from))
        .bind(db::time(until))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(media_from_row).collect()
    }

    async fn media_summary(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> StoreResult<socialflow_core::analytics::MediaSummary> {
        // The engagement rate of `MediaMetrics::engagement_rate`, per row
        // in the database: `1e2` is a double on both SQLite and MariaDB,
        // so the division is a floating one, as in Rust.
        let (posts, rate_sum, rated): (i64, Option<f64>, i64) = sqlx::query_as(
            "SELECT COUNT(*), \
             SUM(CASE WHEN reach > 0 AND (likes IS NOT NULL OR comments IS NOT NULL \
                 OR saves IS NOT NULL OR shares IS NOT NULL) \
               THEN (COALESCE(likes, 0) + COALESCE(comments, 0) + COALESCE(saves, 0) \
                 + COALESCE(shares, 0)) * 1e2 / reach END), \
             COUNT(CASE WHEN reach > 0 AND (likes IS NOT NULL OR comments IS NOT NULL \
                 OR saves IS NOT NULL OR shares IS NOT NULL) THEN 1 END) \
             FROM media_metrics \
             WHERE account_id = ? AND owner_id = ? AND posted_at >= ? AND posted_at < ?",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(db::time(from))
        .bind(db::time(until))
        .fetch_one(self.pool())
        .await
        .map_err(map)?;
        Ok(socialflow_core::analytics::MediaSummary {
            posts: u64::try_from(posts).unwrap_or(0),
            rate_sum: rate_sum.unwrap_or(0.0),
            rated: u64::try_from(rated).unwrap_or(0),
        })
    }

    async fn media_metrics_page(
        &self,
        owner: UserId,
        account: AccountId,
        q: &MediaPageQuery,
    ) -> StoreResult<MediaPage> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM media_metrics \
             WHERE account_id = ? AND owner_id = ? AND posted_at >= ? AND posted_at < ?",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(db::time(q.from))
        .bind(db::time(q.until))
        .fetch_one(self.pool())
        .await
        .map_err(map)?;
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT account_id, media_id, product, media_type, caption, permalink, posted_at, reach, views, \
             likes, comments, saves, shares, replies, avg_watch_time_ms, total_watch_time_ms, reposts, skip_rate, fetched_at \
             FROM media_metrics WHERE account_id = ? AND owner_id = ? AND posted_at >= ? AND posted_at < ? \
             ORDER BY {} LIMIT ?",
            media_order(q.sort, q.descending)
        ));
        let rows = sqlx::query(sql)
            .bind(account.0)
            .bind(owner.0)
            .bind(db::time(q.from))
            .bind(db::time(q.until))
            .bind(i64::from(q.limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        Ok(MediaPage {
            rows: rows
                .iter()
                .map(media_from_row)
                .collect::<StoreResult<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}

#[async_trait]
impl AudienceRepo for db::Store {
    async fn upsert_audience(&self, owner: UserId, a: &Audience) -> StoreResult<()> {
        let demographics = serde_json::to_string(&a.demographics).map_err(json_err)?;
        let online = a
            .online
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(json_err)?;
        let samples: Vec<(i64, i64)> = a
            .online_samples
            .iter()
            .map(|s| (s.at.unix_timestamp(), s.followers))
            .collect();
        let samples = serde_json::to_string(&samples).map_err(json_err)?;
        let sql = format!(
            "INSERT INTO audiences \
             (account_id, owner_id, fetched_at, demographics, online_hours, online_samples) \
             VALUES (?, ?, ?, ?, ?, ?){}",
            db::upsert(
                "account_id",
                &[
                    "fetched_at",
                    "demographics",
                    "online_hours",
                    "online_samples"
                ]
            )
        );
        let mut tx = db::begin_write(self.pool()).await?;
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(a.account_id.0)
            .bind(owner.0)
            .bind(db::time(a.fetched_at))
            .bind(demographics)
            .bind(online)
            .bind(samples)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        bump_versions(&mut tx, owner, [a.account_id]).await?;
        tx.commit().await.map_err(map)?;
        Ok(())
    }

    async fn audience(&self, owner: UserId, account: AccountId) -> StoreResult<Option<Audience>> {
        let row = sqlx::query(
            "SELECT account_id, fetched_at, demographics, online_hours, online_samples \
             FROM audiences \
             WHERE account_id = ? AND owner_id = ?",
        )
        .bind(account.0)
        .bind(owner.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        row.map(|row| {
            let demographics: String = row.try_get("demographics").map_err(map)?;
            let online: Option<String> = row.try_get("online_hours").map_err(map)?;
            Ok(Audience {
                account_id: AccountId(row.try_get("account_id").map_err(map)?),
                fetched_at: get_time(&row, "fetched_at")?,
                demographics: serde_json::from_str::<Demographics>(&demographics)
                    .map_err(json_err)?,
                online: online
                    .map(|o| serde_json::from_str::<OnlineHours>(&o))
                    .transpose()
                    .map_err(json_err)?,
                online_samples: samples_of(&row)?,
            })
        })
        .transpose()
    }
}

/// The stored `[unix, followers]` pairs; a row written before the column
/// existed has none.
fn samples_of(row: &db::Row) -> StoreResult<Vec<OnlineSample>> {
    let raw: Option<String> = row.try_get("online_samples").map_err(map)?;
    let pairs: Vec<(i64, i64)> = match raw {
        Some(r) => serde_json::from_str(&r).map_err(json_err)?,
        None => Vec::new(),
    };
    Ok(pairs
        .into_iter()
        .filter_map(|(at, followers)| {
            OffsetDateTime::from_unix_timestamp(at)
                .ok()
                .map(|at| OnlineSample { at, followers })
        })
        .collect())
}
