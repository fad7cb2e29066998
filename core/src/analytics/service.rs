//! The analytics use cases: taking the day's snapshot and insights for an
//! account (daily job, manual refresh, first connection's back-fill), the
//! queries behind the pages and the API, and retention.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use time::{Date, Duration, OffsetDateTime};

use super::batch::AnalyticsBatch;
use super::collect::{self, DAILY_METRICS};
use super::ports::{
    AnalyticsVersionRepo, AudienceRepo, DailyInsightsRepo, FollowerSnapshotRepo, MediaMetricsRepo,
    ProfileSnapshotRepo,
};
use super::range::{DateRange, FOLLOWER_RETENTION_DAYS, PROFILE_RETENTION_DAYS};
use super::types::*;
use crate::account::{Account, AccountId, AccountProfile, AccountRepo, AccountStatus};
use crate::accounts::{AccountError, AccountService};
use crate::instagram::{
    IgAccess, Insight, InsightsQuery, InstagramApi, InstagramError, MediaItem, MetricType,
};
use crate::store_error::StoreError;
use crate::user::UserRepo;
use crate::{Clock, TimeZone, User, UserId};

/// How many days the first connection back-fills (Instagram keeps daily
/// follower counts for 30 days).
pub const BACKFILL_DAYS: i64 = 30;
/// How many past days each capture re-reads (insights may lag 48 hours).
pub const RECENT_DAYS: i64 = 3;
/// How many of the newest posts get their metrics refreshed per capture.
pub const RECENT_MEDIA: u32 = 50;
/// Live stories are polled at least this often, so their insights are kept
/// before Instagram drops them 24 hours after the story ends.
pub const STORY_POLL_EVERY: Duration = Duration::hours(3);
/// After a failed capture, the daily job waits this long before trying the
/// account again (Instagram down, rate limited).
pub const CAPTURE_RETRY_AFTER: Duration = Duration::minutes(15);

/// What one capture stored (counts only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CaptureReport {
    pub snapshot: bool,
    pub backfilled: u64,
    pub insight_days: u64,
    pub media: u64,
    pub stories: u64,
    pub audience: bool,
    /// Parts Instagram refused or could not answer (retried next run).
    pub failed_parts: u32,
    /// The account's first capture (30 days read and back-filled): the
    /// daily job writes its rows at once rather than holding them in a
    /// batch, as later captures re-read only 3 days.
    pub first_capture: bool,
}

/// What one pass of the daily job did (counts only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DailyReport {
    pub captured: u32,
    pub already_done: u32,
    pub stories_polled: u32,
    pub failed: u32,
}

/// What one retention run removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RetentionReport {
    pub follower_snapshots: u64,
    pub profile_snapshots: u64,
}

/// The repositories the analytics use cases use.
#[derive(Clone)]
pub struct AnalyticsStorage {
    pub users: Arc<dyn UserRepo>,
    pub accounts: Arc<dyn AccountRepo>,
    pub followers: Arc<dyn FollowerSnapshotRepo>,
    pub profiles: Arc<dyn ProfileSnapshotRepo>,
    pub insights: Arc<dyn DailyInsightsRepo>,
    pub metrics: Arc<dyn MediaMetricsRepo>,
    pub audience: Arc<dyn AudienceRepo>,
    pub versions: Arc<dyn AnalyticsVersionRepo>,
}

#[derive(Clone)]
pub struct AnalyticsService {
    storage: AnalyticsStorage,
    accounts: AccountService,
    clock: Arc<dyn Clock>,
    /// When each account's stories were last polled by this process.
    story_polls: Arc<Mutex<HashMap<AccountId, OffsetDateTime>>>,
    /// When each account's last capture by this process failed.
    failed_captures: Arc<Mutex<HashMap<AccountId, OffsetDateTime>>>,
}

fn internal(e: StoreError) -> AccountError {
    AccountError::from(e)
}

impl AnalyticsService {
    pub fn new(storage: AnalyticsStorage, accounts: AccountService, clock: Arc<dyn Clock>) -> Self {
        Self {
            storage,
            accounts,
            clock,
            story_polls: Arc::new(Mutex::new(HashMap::new())),
            failed_captures: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn ig(&self) -> &Arc<dyn InstagramApi> {
        self.accounts.instagram()
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Today in the user's time zone.
    pub fn today(&self, user: &User) -> Date {
        user.time_zone.date_of(self.clock.now())
    }

    /// Refreshes an account now: profile, today's snapshot, insights and
    /// post metrics (the "Refresh" button and `POST …/refresh`).
    pub async fn refresh(
        &self,
        user: &User,
        id: AccountId,
    ) -> Result<(Account, CaptureReport), AccountError> {
        let account = self.accounts.get(user.id, id).await?;
        let report = self.capture(&account, &user.time_zone).await?;
        Ok((self.accounts.get(user.id, id).await?, report))
    }

    /// Takes the day's snapshot for an account and fetches its insights,
    /// stored before it returns. Only the profile is essential: insight
    /// failures are counted and retried on the next run.
    pub async fn capture(
        &self,
        account: &Account,
        tz: &TimeZone,
    ) -> Result<CaptureReport, AccountError> {
        let mut batch = AnalyticsBatch::new();
        let captured = self.capture_into(account, tz, &mut batch).await;
        // What Instagram answered is stored even when a later part failed.
        let written = batch
            .write(&*self.storage.insights, &*self.storage.metrics)
            .await;
        let report = captured?;
        written.map_err(internal)?;
        Ok(report)
    }

    /// As [`Self::capture`], but the account insights and media metrics
    /// are added to `batch` for the caller to write (with other accounts'
    /// rows, in one transaction per table); the profile, snapshots and
    /// audience are stored as they come.
    async fn capture_into(
        &self,
        account: &Account,
        tz: &TimeZone,
        batch: &mut AnalyticsBatch,
    ) -> Result<CaptureReport, AccountError> {
        let access = self.accounts.access(account)?;
        let profile = match self.ig().profile(&access.token).await {
            Ok(p) => AccountProfile::from(&p),
            Err(InstagramError::TokenInvalid { message }) => {
                self.accounts
                    .mark_needs_reconnect(account, &message)
                    .await
                    .map_err(internal)?;
                return Err(InstagramError::TokenInvalid { message }.into());
            }
            Err(e) => return Err(e.into()),
        };
        let now = self.clock.now();
        let owner = account.owner;
        // Not one unit of work: each part is stored (or batched) as
        // Instagram answers it, with calls in between, so a part Instagram
        // fails keeps the parts it answered (and an upsert makes a rerun
        // harmless).
        self.storage
            .accounts
            .update_account_profile(account.id, &profile, now)
            .await?;
        self.storage
            .profiles
            .insert_profile_snapshot(
                owner,
                &ProfileSnapshot {
                    account_id: account.id,
                    taken_at: now,
                    profile: ProfileData {
                        username: profile.username.clone(),
                        name: profile.name.clone(),
                        biography: profile.biography.clone(),
                        website: profile.website.clone(),
                        profile_picture_url: profile.profile_picture_url.clone(),
                        followers_count: profile.followers_count,
                        follows_count: profile.follows_count,
                        media_count: profile.media_count,
                        account_type: profile.account_type.clone(),
                    },
                },
            )
            .await?;
        let today = tz.date_of(now);
        let first_time = self
            .storage
            .followers
            .follower_snapshots(
                owner,
                account.id,
                today - Duration::days(FOLLOWER_RETENTION_DAYS),
                today,
            )
            .await?
            .is_empty();
        self.storage
            .followers
            .upsert_follower_snapshot(
                owner,
                &FollowerSnapshot {
                    account_id: account.id,
                    day: today,
                    followers: profile.followers_count,
                    following: profile.follows_count,
                    media_count: profile.media_count,
                    source: SnapshotSource::Daily,
                    taken_at: now,
                },
            )
            .await?;
        let mut report = CaptureReport {
            snapshot: true,
            first_capture: first_time,
            ..CaptureReport::default()
        };

        if first_time && let Some(followers) = profile.followers_count {
            match self.backfill(account, &access, today, followers).await {
                Ok(n) => report.backfilled = n,
                Err(e) => self.part_failed(&mut report, account, "backfill", e)?,
            }
        }
        let days = if first_time {
            BACKFILL_DAYS
        } else {
            RECENT_DAYS
        };
        match self.daily_insights(account, &access, tz, today, days).await {
            Ok(rows) => {
                report.insight_days = rows.len() as u64;
                batch.add_insights(owner, rows);
            }
            Err(e) => self.part_failed(&mut report, account, "account insights", e.into())?,
        }
        match self.audience(account, &access).await {
            Ok(()) => report.audience = true,
            Err(e) => self.part_failed(&mut report, account, "audience", e)?,
        }
        match self.recent_media(account, &access).await {
            Ok(rows) => {
                report.media = rows.len() as u64;
                batch.add_media(owner, rows);
            }
            Err(e) => self.part_failed(&mut report, account, "media insights", e.into())?,
        }
        match self.story_rows(account, &access).await {
            Ok(rows) => {
                report.stories = rows.len() as u64;
                batch.add_media(owner, rows);
            }
            Err(e) => self.part_failed(&mut report, account, "story insights", e.into())?,
        }
        Ok(report)
    }

    /// Counts a failed part; a storage failure still fails the capture.
    fn part_failed(
        &self,
        report: &mut CaptureReport,
        account: &Account,
        part: &str,
        e: PartError,
    ) -> Result<(), AccountError> {
        match e {
            PartError::Store(e) => Err(internal(e)),
            PartError::Instagram(e) => {
                tracing::warn!(account = %account.id, part, error = %e, "analytics: Instagram did not answer; retrying next run");
                report.failed_parts += 1;
                Ok(())
            }
        }
    }

    /// Reconstructs past daily follower counts from today's count and
    /// Instagram's daily `follower_count` changes (last 30 days). Days that
    /// already have a snapshot are kept.
    async fn backfill(
        &self,
        account: &Account,
        access: &IgAccess,
        today: Date,
        followers_today: i64,
    ) -> Result<u64, PartError> {
        let now = self.clock.now();
        let insights = self
            .ig()
            .account_insights(
                access,
                &InsightsQuery {
                    metrics: vec!["follower_count".into()],
                    period: "day".into(),
                    metric_type: Some(MetricType::TimeSeries),
                    breakdown: None,
                    timeframe: None,
                    since: Some(now - Duration::days(BACKFILL_DAYS)),
                    until: Some(now),
                },
            )
            .await?;
        let gains = collect::daily_values(&insights, "follower_count");
        let mut rows = Vec::new();
        let mut count = followers_today;
        let mut day = today;
        // Walk back: yesterday's count is today's minus today's gain. The
        // newest two days may not be counted yet (Instagram lags up to 48
        // hours): they count as no change. A gap further back ends the walk.
        let mut seen = false;
        let mut lagging = 0;
        for _ in 0..BACKFILL_DAYS {
            let gain = match gains.get(&day) {
                Some(g) => {
                    seen = true;
                    *g
                }
                None if !seen && lagging < 2 => {
                    lagging += 1;
                    0
                }
                None => break,
            };
            count -= gain;
            let Some(previous) = day.previous_day() else {
                break;
            };
            day = previous;
            rows.push(FollowerSnapshot {
                account_id: account.id,
                day,
                followers: Some(count.max(0)),
                following: None,
                media_count: None,
                source: SnapshotSource::Backfill,
                taken_at: now,
            });
        }
        Ok(self
            .storage
            .followers
            .insert_backfill_snapshots(account.owner, &rows)
            .await?)
    }

    /// Account insights for each of the last `days` complete days (not
    /// stored: the caller batches them).
    async fn daily_insights(
        &self,
        account: &Account,
        access: &IgAccess,
        tz: &TimeZone,
        today: Date,
        days: i64,
    ) -> Result<Vec<DailyInsights>, InstagramError> {
        let now = self.clock.now();
        let mut rows = Vec::new();
        for back in 1..=days {
            let day = today - Duration::days(back);
            let since = tz.start_of_day(day);
            let until = tz.start_of_day(day + Duration::days(1)) - Duration::seconds(1);
            let got = self
                .metrics_tolerant(
                    &DAILY_METRICS,
                    |metrics| InsightsQuery {
                        metrics,
                        period: "day".into(),
                        metric_type: Some(MetricType::TotalValue),
                        breakdown: None,
                        timeframe: None,
                        since: Some(since),
                        until: Some(until),
                    },
                    access,
                )
                .await?;
            rows.push(DailyInsights {
                account_id: account.id,
                day,
                reach: collect::number(&got, "reach"),
                views: collect::number(&got, "views"),
                accounts_engaged: collect::number(&got, "accounts_engaged"),
                total_interactions: collect::number(&got, "total_interactions"),
                profile_activity: collect::number(&got, "profile_links_taps"),
                fetched_at: now,
            });
        }
        Ok(rows)
    }

    /// Asks for all metrics at once; when Instagram refuses the set (one
    /// metric unsupported fails the whole call), asks one by one and leaves
    /// out those it refuses.
    async fn metrics_tolerant(
        &self,
        names: &[&str],
        query: impl Fn(Vec<String>) -> InsightsQuery,
        access: &IgAccess,
    ) -> Result<Vec<Insight>, InstagramError> {
        let all: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        match self.ig().account_insights(access, &query(all)).await {
            Err(InstagramError::Invalid { .. }) => {
                let mut out = Vec::new();
                for name in names {
                    match self
                        .ig()
                        .account_insights(access, &query(vec![name.to_string()]))
                        .await
                    {
                        Ok(mut got) => out.append(&mut got),
                        Err(InstagramError::Invalid { .. }) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(out)
            }
            other => other,
        }
    }

    /// Follower demographics and online hours.
    async fn audience(&self, account: &Account, access: &IgAccess) -> Result<(), PartError> {
        let now = self.clock.now();
        let mut demographics = Demographics::default();
        for dimension in ["age", "gender", "city", "country"] {
            let got = match self
                .ig()
                .account_insights(
                    access,
                    &InsightsQuery {
                        metrics: vec!["follower_demographics".into()],
                        period: "lifetime".into(),
                        metric_type: Some(MetricType::TotalValue),
                        breakdown: Some(dimension.into()),
                        timeframe: Some("this_month".into()),
                        since: None,
                        until: None,
                    },
                )
                .await
            {
                Ok(got) => got,
                // Not offered for this account: "not available".
                Err(InstagramError::Invalid { .. }) => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            let buckets = collect::buckets(&got, "follower_demographics");
            match dimension {
                "age" => demographics.age = buckets,
                "gender" => demographics.gender = buckets,
                "city" => demographics.city = buckets,
                _ => demographics.country = buckets,
            }
        }
        let (online, online_samples) = match self
            .ig()
            .account_insights(
                access,
                &InsightsQuery {
                    metrics: vec!["online_followers".into()],
                    period: "lifetime".into(),
                    metric_type: Some(MetricType::TimeSeries),
                    breakdown: None,
                    timeframe: None,
                    since: Some(now - Duration::days(BACKFILL_DAYS)),
                    until: Some(now),
                },
            )
            .await
        {
            Ok(got) => (collect::online_hours(&got), collect::online_samples(&got)),
            Err(InstagramError::Invalid { .. }) => (None, Vec::new()),
            Err(e) => return Err(e.into()),
        };
        self.storage
            .audience
            .upsert_audience(
                account.owner,
                &Audience {
                    account_id: account.id,
                    fetched_at: now,
                    demographics,
                    online,
                    online_samples,
                },
            )
            .await?;
        Ok(())
    }

    /// Metrics of the newest posts (not stored: the caller batches them).
    async fn recent_media(
        &self,
        account: &Account,
        access: &IgAccess,
    ) -> Result<Vec<MediaMetrics>, InstagramError> {
        let page = self.ig().media_page(access, None, RECENT_MEDIA).await?;
        // Never more than asked for, whatever the answer holds: each item
        // costs a call of its own.
        let items = &page.items[..page.items.len().min(RECENT_MEDIA as usize)];
        self.media_rows(account, access, items).await
    }

    async fn media_rows(
        &self,
        account: &Account,
        access: &IgAccess,
        items: &[MediaItem],
    ) -> Result<Vec<MediaMetrics>, InstagramError> {
        let now = self.clock.now();
        let mut rows = Vec::new();
        for item in items {
            let product = collect::product_of(item);
            let got = self
                .media_metrics_tolerant(access, &item.id, &product)
                .await?;
            let n = |name| collect::number(&got, name);
            let count = |c: Option<u64>| c.map(|v| i64::try_from(v).unwrap_or(i64::MAX));
            rows.push(MediaMetrics {
                account_id: account.id,
                media_id: item.id.clone(),
                media_type: item.media_type.as_str().to_string(),
                caption: item.caption.clone(),
                permalink: item.permalink.clone(),
                posted_at: item.timestamp,
                reach: n("reach"),
                views: n("views"),
                likes: n("likes").or(count(item.like_count)),
                comments: n("comments").or(count(item.comments_count)),
                saves: n("saved"),
                shares: n("shares"),
                replies: n("replies"),
                avg_watch_time_ms: n("ig_reels_avg_watch_time"),
                total_watch_time_ms: n("ig_reels_video_view_total_time"),
                reposts: n("reposts"),
                skip_rate: n("reels_skip_rate"),
                product,
                fetched_at: now,
            });
        }
        Ok(rows)
    }

    async fn media_metrics_tolerant(
        &self,
        access: &IgAccess,
        media_id: &str,
        product: &str,
    ) -> Result<Vec<Insight>, InstagramError> {
        let names: Vec<String> = collect::media_metric_names(product)
            .iter()
            .map(|s| s.to_string())
            .collect();
        match self.ig().media_insights(access, media_id, &names).await {
            Ok(got) => Ok(got),
            // Too few viewers (stories), or the media is gone: nothing to show.
            Err(InstagramError::PermissionMissing { .. } | InstagramError::NotFound { .. }) => {
                Ok(Vec::new())
            }
            Err(InstagramError::Invalid { .. }) => {
                let mut out = Vec::new();
                for name in names {
                    match self
                        .ig()
                        .media_insights(access, media_id, std::slice::from_ref(&name))
                        .await
                    {
                        Ok(mut got) => out.append(&mut got),
                        Err(
                            InstagramError::Invalid { .. }
                            | InstagramError::PermissionMissing { .. }
                            | InstagramError::NotFound { .. },
                        ) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(out)
            }
            Err(e) => Err(e),
        }
    }

    /// The insights of the account's live stories, as media rows (not
    /// stored: the caller batches them). Polled every pass that is
    /// [`STORY_POLL_EVERY`] after the last, so a story's numbers are kept
    /// before they vanish.
    async fn story_rows(
        &self,
        account: &Account,
        access: &IgAccess,
    ) -> Result<Vec<MediaMetrics>, InstagramError> {
        let now = self.clock.now();
        self.story_polls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(account.id, now);
        let stories = self.ig().stories(access).await?;
        self.media_rows(account, access, &stories).await
    }

    fn story_poll_due(&self, id: AccountId, now: OffsetDateTime) -> bool {
        self.story_polls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .is_none_or(|last| now - *last >= STORY_POLL_EVERY)
    }

    /// One pass of the daily job: every active account without today's
    /// snapshot (in its owner's day) gets one; others only have their
    /// stories polled when due. Safe on several workers: a second capture of
    /// the same day replaces the same row.
    ///
    /// The account insights and media metrics of several accounts are
    /// gathered and written together ([`AnalyticsBatch`]: one transaction
    /// per table for up to [`super::BATCH_ACCOUNTS`] accounts or
    /// [`super::BATCH_ROWS`] rows), and whatever is held is written before
    /// the pass returns, an error included. An account Instagram fails
    /// adds nothing to the batch and takes nothing of the others' out.
    pub async fn run_daily(&self) -> Result<DailyReport, StoreError> {
        let mut pass = Pass {
            report: DailyReport::default(),
            batch: AnalyticsBatch::new(),
            held: Vec::new(),
        };
        let mut outcome = Ok(());
        for (id, owner) in self.storage.accounts.active_account_ids().await? {
            if let Err(e) = self.daily_one(id, owner, &mut pass).await {
                outcome = Err(e);
                break;
            }
            if pass.batch.is_full() {
                self.flush(&mut pass).await;
            }
        }
        self.flush(&mut pass).await;
        outcome.map(|()| pass.report)
    }

    /// One account's turn in [`Self::run_daily`].
    async fn daily_one(
        &self,
        id: AccountId,
        owner: UserId,
        pass: &mut Pass,
    ) -> Result<(), StoreError> {
        let (Some(user), Some(account)) = (
            self.storage.users.user_by_id(owner).await?,
            self.storage.accounts.account(owner, id).await?,
        ) else {
            return Ok(());
        };
        if account.status != AccountStatus::Active {
            return Ok(());
        }
        let now = self.clock.now();
        let today = user.time_zone.date_of(now);
        let done = self
            .storage
            .followers
            .follower_snapshots(owner, id, today, today)
            .await?
            .iter()
            .any(|s| s.source == SnapshotSource::Daily);
        if done {
            pass.report.already_done += 1;
            if self.story_poll_due(id, now) {
                let access = match self.accounts.access(&account) {
                    Ok(access) => access,
                    Err(e) => {
                        tracing::warn!(account = %id, error = %e, "cannot decrypt a token for story polling");
                        return Ok(());
                    }
                };
                match self.story_rows(&account, &access).await {
                    Ok(rows) => {
                        pass.batch.add_media(owner, rows);
                        pass.report.stories_polled += 1;
                        pass.held.push((id, Held::Stories));
                    }
                    Err(e) => {
                        tracing::warn!(account = %id, error = %e, "story poll failed; retrying later")
                    }
                }
            }
            return Ok(());
        }
        let recently_failed = self
            .failed_captures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .is_some_and(|at| now - *at < CAPTURE_RETRY_AFTER);
        if recently_failed {
            return Ok(());
        }
        match self
            .capture_into(&account, &user.time_zone, &mut pass.batch)
            .await
        {
            Ok(captured) => {
                pass.report.captured += 1;
                pass.held.push((id, Held::Capture));
                self.failed_captures
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&id);
                // Its 30 days are not read again: not held at the risk of
                // a crash.
                if captured.first_capture {
                    self.flush(pass).await;
                }
            }
            Err(e) => {
                tracing::warn!(account = %id, error = %e, "analytics capture failed; retrying in 15 minutes");
                pass.report.failed += 1;
                self.failed_captures
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(id, now);
            }
        }
        Ok(())
    }

    /// Writes the pass's batch. When the store refuses it, writes it again
    /// account by account, so one refused account (deleted meanwhile)
    /// keeps no other's rows out; an account whose rows are not stored
    /// counts as failed (a capture) or not polled (stories).
    async fn flush(&self, pass: &mut Pass) {
        let (insights, media) = (&*self.storage.insights, &*self.storage.metrics);
        if let Err(e) = pass.batch.write(insights, media).await {
            tracing::warn!(error = %e, accounts = pass.batch.accounts(), rows = pass.batch.rows(), "analytics: a batched write failed; writing account by account");
            let now = self.clock.now();
            for (accounts, e) in pass.batch.write_each(insights, media).await {
                for id in accounts {
                    tracing::warn!(account = %id, error = %e, "analytics: the account's insights could not be stored");
                    let Some(at) = pass.held.iter().position(|(a, _)| *a == id) else {
                        continue;
                    };
                    let report = &mut pass.report;
                    match pass.held.swap_remove(at).1 {
                        Held::Capture => {
                            report.captured = report.captured.saturating_sub(1);
                            report.failed += 1;
                            self.failed_captures
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .insert(id, now);
                        }
                        Held::Stories => {
                            report.stories_polled = report.stories_polled.saturating_sub(1)
                        }
                    }
                }
            }
        }
        pass.held.clear();
    }

    /// Deletes follower snapshots older than 729 days and profile snapshots
    /// older than 30 days.
    pub async fn purge(&self) -> Result<RetentionReport, StoreError> {
        let (followers_before, profiles_before) = retention_cutoffs(self.clock.now());
        Ok(RetentionReport {
            follower_snapshots: self
                .storage
                .followers
                .purge_follower_snapshots(followers_before)
                .await?,
            profile_snapshots: self
                .storage
                .profiles
                .purge_profile_snapshots(profiles_before)
                .await?,
        })
    }

    // --- Queries (owner-scoped) ---

    /// The workspace's accounts the member sees (filtered by the member's
    /// account scope exactly as [`AccountService::list_seen`] filters), each
    /// with its data version, in one read: the Analytics page's list and its
    /// tag's version.
    pub async fn accounts_with_versions(
        &self,
        access: &crate::workspaces::Access,
    ) -> Result<Vec<(Account, i64)>, StoreError> {
        let all = self
            .storage
            .versions
            .accounts_with_versions(access.owner())
            .await?;
        Ok(access.filter_accounts(all, |(a, _)| a.id))
    }

    /// The account's analytics data version (what a conditional request's
    /// ETag is built from): one read that is also the ownership check.
    /// `NotFound` when the account is not the user's.
    pub async fn data_version(&self, user: UserId, id: AccountId) -> Result<i64, AccountError> {
        self.storage
            .versions
            .analytics_version(user, id)
            .await?
            .ok_or(AccountError::NotFound)
    }

    async fn owned(&self, user: UserId, id: AccountId) -> Result<Account, AccountError> {
        self.accounts.get(user, id).await
    }

    pub async fn followers(
        &self,
        user: UserId,
        id: AccountId,
        range: DateRange,
    ) -> Result<Vec<FollowerSnapshot>, AccountError> {
        self.owned(user, id).await?;
        Ok(self
            .storage
            .followers
            .follower_snapshots(user, id, range.from, range.to)
            .await?)
    }

    pub async fn insights(
        &self,
        user: UserId,
        id: AccountId,
        range: DateRange,
    ) -> Result<Vec<DailyInsights>, AccountError> {
        self.owned(user, id).await?;
        Ok(self
            .storage
            .insights
            .daily_insights(user, id, range.from, range.to)
            .await?)
    }

    /// Media posted during the range's days (in the user's time zone),
    /// newest first.
    pub async fn posts(
        &self,
        user: &User,
        id: AccountId,
        range: DateRange,
    ) -> Result<Vec<MediaMetrics>, AccountError> {
        self.owned(user.id, id).await?;
        let from = user.time_zone.start_of_day(range.from);
        let until = user.time_zone.start_of_day(range.to + Duration::days(1));
        Ok(self
            .storage
            .metrics
            .media_metrics(user.id, id, from, until)
            .await?)
    }

    /// Everything the Analytics page shows for one account and range, with
    /// one ownership check (instead of one per read).
    pub async fn page_data(
        &self,
        user: &User,
        id: AccountId,
        range: DateRange,
        sort: MediaSort,
        descending: bool,
        limit: u32,
    ) -> Result<PageData, AccountError> {
        self.owned(user.id, id).await?;
        let from = user.time_zone.start_of_day(range.from);
        let until = user.time_zone.start_of_day(range.to + Duration::days(1));
        Ok(PageData {
            snapshots: self
                .storage
                .followers
                .follower_snapshots(user.id, id, range.from, range.to)
                .await?,
            insights: self
                .storage
                .insights
                .daily_insights(user.id, id, range.from, range.to)
                .await?,
            posts: self
                .storage
                .metrics
                .media_metrics_page(
                    user.id,
                    id,
                    &MediaPageQuery {
                        from,
                        until,
                        sort,
                        descending,
                        limit,
                    },
                )
                .await?,
            audience: self.storage.audience.audience(user.id, id).await?,
        })
    }

    /// As [`Self::summary`], for a page that has already read the range's
    /// snapshots and insights (and checked the owner, as
    /// [`Self::page_data`] does): only the previous period's rows and the
    /// two posts summaries are read, not the range's rows a second time.
    pub async fn summary_of_page(
        &self,
        user: &User,
        id: AccountId,
        range: DateRange,
        snapshots: &[FollowerSnapshot],
        insights: &[DailyInsights],
    ) -> Result<super::Comparison, AccountError> {
        let from = user.time_zone.start_of_day(range.from);
        let until = user.time_zone.start_of_day(range.to + Duration::days(1));
        let posts = self
            .storage
            .metrics
            .media_summary(user.id, id, from, until)
            .await?;
        let current = super::kpis(range, snapshots, insights, &posts);
        let previous = self
            .period_kpis(user, id, super::previous_range(range))
            .await?;
        Ok(super::compare(current, previous))
    }

    async fn period_kpis(
        &self,
        user: &User,
        id: AccountId,
        r: DateRange,
    ) -> Result<super::Kpis, AccountError> {
        let from = user.time_zone.start_of_day(r.from);
        let until = user.time_zone.start_of_day(r.to + Duration::days(1));
        let snapshots = self
            .storage
            .followers
            .follower_snapshots(user.id, id, r.from, r.to)
            .await?;
        let insights = self
            .storage
            .insights
            .daily_insights(user.id, id, r.from, r.to)
            .await?;
        // Counted and averaged in the store: a long period's posts are
        // never loaded for two numbers.
        let posts = self
            .storage
            .metrics
            .media_summary(user.id, id, from, until)
            .await?;
        Ok(super::kpis(r, &snapshots, &insights, &posts))
    }

    /// The range's key figures next to the previous period's (same
    /// length, just before), with Δ % per figure.
    pub async fn summary(
        &self,
        user: &User,
        id: AccountId,
        range: DateRange,
    ) -> Result<super::Comparison, AccountError> {
        self.owned(user.id, id).await?;
        let current = self.period_kpis(user, id, range).await?;
        let previous = self
            .period_kpis(user, id, super::previous_range(range))
            .await?;
        Ok(super::compare(current, previous))
    }

    pub async fn audience_of(
        &self,
        user: UserId,
        id: AccountId,
    ) -> Result<Option<Audience>, AccountError> {
        self.owned(user, id).await?;
        Ok(self.storage.audience.audience(user, id).await?)
    }

    /// When to schedule the account's next post (the Content Manager's
    /// suggestion): `Ok(None)` when the audience's online hours are unknown;
    /// `NotFound` when the account is not the user's.
    pub async fn posting_suggestion(
        &self,
        user: &User,
        id: AccountId,
    ) -> Result<Option<super::PostingSuggestion>, AccountError> {
        let now = self.clock.now();
        Ok(self
            .audience_of(user.id, id)
            .await?
            .and_then(|a| super::heatmap::suggestion_from(&a, &user.time_zone, now)))
    }

    /// The account's best-time heatmap on `tz`'s clock (the user's zone, or
    /// one the API asks for): `Ok(None)` without online data; `NotFound`
    /// when the account is not the user's.
    pub async fn heatmap_of(
        &self,
        user: UserId,
        id: AccountId,
        tz: &crate::TimeZone,
    ) -> Result<Option<super::Heatmap>, AccountError> {
        Ok(self
            .audience_of(user, id)
            .await?
            .and_then(|a| super::heatmap(&a.online_samples, tz)))
    }

    pub async fn profile_history(
        &self,
        user: UserId,
        id: AccountId,
    ) -> Result<Vec<ProfileSnapshot>, AccountError> {
        self.owned(user, id).await?;
        let since = self.clock.now() - Duration::days(PROFILE_RETENTION_DAYS);
        Ok(self
            .storage
            .profiles
            .profile_snapshots(user, id, since)
            .await?)
    }
}

/// What retention removes at `now`: follower snapshots of days before the
/// first returned (729 days are kept, today included) and profile snapshots
/// taken before the second (30 days).
pub fn retention_cutoffs(now: OffsetDateTime) -> (Date, OffsetDateTime) {
    (
        now.date() - Duration::days(FOLLOWER_RETENTION_DAYS - 1),
        now - Duration::days(PROFILE_RETENTION_DAYS),
    )
}

/// One pass of the daily job: its counts, and the rows fetched but not
/// written yet with the accounts they count for.
struct Pass {
    report: DailyReport,
    batch: AnalyticsBatch,
    held: Vec<(AccountId, Held)>,
}

/// What put an account's rows in the pass's batch.
enum Held {
    Capture,
    Stories,
}

/// Why one part of a capture failed.
#[derive(Debug, thiserror::Error)]
pub enum PartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Instagram(#[from] InstagramError),
}
