//! The analytics storage port. Reads take the owner; rows also carry it so
//! a query can never reach another user's data.

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use super::types::{
    Audience, DailyInsights, FollowerSnapshot, MediaMetrics, MediaPage, MediaPageQuery,
    ProfileSnapshot, sort_media,
};
use crate::UserId;
use crate::account::AccountId;
use crate::store_error::StoreResult;

/// One follower count per account per day (kept 729 days).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait FollowerSnapshotRepo: Send + Sync {
    /// Stores the day's snapshot, replacing one already stored for that
    /// account and day (one row per account per day, however often it runs).
    async fn upsert_follower_snapshot(
        &self,
        owner: UserId,
        snapshot: &FollowerSnapshot,
    ) -> StoreResult<()>;

    /// Stores back-filled snapshots for days that have none yet; returns
    /// how many were new.
    async fn insert_backfill_snapshots(
        &self,
        owner: UserId,
        snapshots: &[FollowerSnapshot],
    ) -> StoreResult<u64>;

    /// The owner's account's snapshots from `from` to `to` (inclusive), by day.
    async fn follower_snapshots(
        &self,
        owner: UserId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<FollowerSnapshot>>;

    /// Deletes snapshots of days before `before` (all accounts).
    async fn purge_follower_snapshots(&self, before: Date) -> StoreResult<u64>;
}

/// Profile counters as fetched during the day (kept 30 days).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ProfileSnapshotRepo: Send + Sync {
    async fn insert_profile_snapshot(
        &self,
        owner: UserId,
        snapshot: &ProfileSnapshot,
    ) -> StoreResult<()>;

    /// The owner's account's profile snapshots taken at or after `since`,
    /// oldest first.
    async fn profile_snapshots(
        &self,
        owner: UserId,
        account: AccountId,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<ProfileSnapshot>>;

    /// Deletes profile snapshots taken before `before` (all accounts).
    async fn purge_profile_snapshots(&self, before: OffsetDateTime) -> StoreResult<u64>;
}

/// One owner's rows in a batched write: each row's account is the owner's
/// (a store refuses the batch otherwise, or files the rows under `owner`).
pub type OwnerRows<T> = (UserId, Vec<T>);

/// Account insights, one row per account per day.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DailyInsightsRepo: Send + Sync {
    /// Stores each day's account insights, replacing that day's row.
    async fn upsert_daily_insights(&self, owner: UserId, rows: &[DailyInsights])
    -> StoreResult<()>;

    /// Stores several owners' account insights in one transaction, all or
    /// nothing: each entry as [`Self::upsert_daily_insights`] stores it, and
    /// each account's data version moves once. Of two rows with one key
    /// the later stays; an empty batch writes nothing. The stores split it
    /// into statements; callers keep it within
    /// [`super::BATCH_ACCOUNTS`] accounts and [`super::BATCH_ROWS`] rows
    /// (one transaction, held in memory).
    async fn upsert_daily_insights_batch(
        &self,
        batch: &[OwnerRows<DailyInsights>],
    ) -> StoreResult<()>;

    async fn daily_insights(
        &self,
        owner: UserId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<DailyInsights>>;
}

/// Per-media metrics, one row per media.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MediaMetricsRepo: Send + Sync {
    /// Stores media metrics, replacing the media's previous row.
    async fn upsert_media_metrics(&self, owner: UserId, rows: &[MediaMetrics]) -> StoreResult<()>;

    /// Stores several owners' media metrics in one transaction, as
    /// [`DailyInsightsRepo::upsert_daily_insights_batch`] does insights.
    async fn upsert_media_metrics_batch(
        &self,
        batch: &[OwnerRows<MediaMetrics>],
    ) -> StoreResult<()>;

    /// The owner's account's media posted in `[from, until)`, newest first.
    async fn media_metrics(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> StoreResult<Vec<MediaMetrics>>;

    /// The first `limit` of the account's media posted in `[from, until)`,
    /// sorted as [`MediaSort`] says, and how many there are in all. The
    /// default loads them all and sorts in memory; the SQL stores sort and
    /// limit in the database.
    async fn media_metrics_page(
        &self,
        owner: UserId,
        account: AccountId,
        q: &MediaPageQuery,
    ) -> StoreResult<MediaPage> {
        let mut rows = self.media_metrics(owner, account, q.from, q.until).await?;
        let total = rows.len() as u64;
        sort_media(&mut rows, q.sort, q.descending);
        rows.truncate(q.limit as usize);
        Ok(MediaPage { rows, total })
    }

    /// How many of the account's media were posted in `[from, until)` and
    /// their engagement rates summed (the key figures). The default reads
    /// the rows; the SQL stores aggregate in the database, so the figures
    /// of a long period never load its posts.
    async fn media_summary(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> StoreResult<super::MediaSummary> {
        let rows = self.media_metrics(owner, account, from, until).await?;
        Ok(super::MediaSummary::of(&rows))
    }
}

/// The account's audience breakdown, one per account.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AudienceRepo: Send + Sync {
    /// Stores the account's audience, replacing the previous one.
    async fn upsert_audience(&self, owner: UserId, audience: &Audience) -> StoreResult<()>;

    async fn audience(&self, owner: UserId, account: AccountId) -> StoreResult<Option<Audience>>;
}

/// Each account's analytics data version, bumped by the stores in the same
/// transaction as every write of the account's snapshots, insights, media
/// metrics or audience. The pages and the API build their ETags from it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AnalyticsVersionRepo: Send + Sync {
    /// The account's data version (0 before its first write), or `None`
    /// when the account is not the owner's: one read is both the
    /// ownership check and the version.
    async fn analytics_version(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<i64>>;
    /// The owner's accounts as [`crate::storage::AccountRepo::accounts_of`]
    /// lists them (by username), each with its data version, in one read:
    /// the Analytics page lists the accounts and tags itself with the
    /// chosen one's version.
    async fn accounts_with_versions(
        &self,
        owner: UserId,
    ) -> StoreResult<Vec<(crate::account::Account, i64)>>;
}
