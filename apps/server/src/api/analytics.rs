//! Analytics over REST: the daily follower series, account insights with
//! the audience and the suggested time to post, and post metrics. Days are
//! the user's days; a day without data is `null`, never zero.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::User;
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{self as an, Bucket, DateRange, MediaMetrics};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Follower growth, insights and post performance.
    Analytics,
}

/// One day of the follower series.
#[derive(Object)]
pub struct FollowerDay {
    /// The day, `YYYY-MM-DD`, in the user's time zone.
    pub date: String,
    /// `null` when no snapshot exists for the day (a gap, not zero).
    #[oai(nullable)]
    pub followers: Option<i64>,
    /// Change from the day before, when both days are known.
    #[oai(nullable)]
    pub change: Option<i64>,
    #[oai(nullable)]
    pub following: Option<i64>,
    #[oai(nullable)]
    pub media_count: Option<i64>,
    /// `daily`, or `backfill` (reconstructed from Instagram's daily
    /// follower changes on first connection); `null` on a gap.
    #[oai(nullable)]
    pub source: Option<String>,
}

#[derive(Object)]
pub struct FollowerSeries {
    pub account_id: uuid::Uuid,
    pub from: String,
    pub to: String,
    /// The IANA time zone the days are counted in.
    pub time_zone: String,
    pub days: Vec<FollowerDay>,
    /// Last known minus first known value in the range.
    #[oai(nullable)]
    pub change: Option<i64>,
}

#[derive(Object)]
pub struct InsightDay {
    pub date: String,
    #[oai(nullable)]
    pub reach: Option<i64>,
    #[oai(nullable)]
    pub views: Option<i64>,
    #[oai(nullable)]
    pub accounts_engaged: Option<i64>,
    #[oai(nullable)]
    pub total_interactions: Option<i64>,
    /// Taps on the profile's links and buttons.
    #[oai(nullable)]
    pub profile_activity: Option<i64>,
}

#[derive(Object)]
pub struct BucketDto {
    pub key: String,
    pub value: i64,
}

#[derive(Object)]
pub struct BestTimeDto {
    /// The hour (0–23) on the user's clock.
    pub local_hour: u8,
    pub utc_hour: u8,
    /// Followers online then (average).
    pub followers: i64,
    /// The next instant at that hour, for scheduling.
    #[oai(nullable)]
    pub next_at: Option<OffsetDateTime>,
}

/// When to schedule the account's next post.
#[derive(Object)]
pub struct BestTimeReport {
    pub account_id: uuid::Uuid,
    pub time_zone: String,
    /// `null` when Instagram has not reported when the account's followers
    /// are online (not enough data).
    #[oai(nullable)]
    pub best_time: Option<BestTimeDto>,
    /// `next_at` on your clock, `YYYY-MM-DDTHH:MM` (what the composer's date
    /// and time fields take).
    #[oai(nullable)]
    pub next_local: Option<String>,
}

#[derive(Object)]
pub struct AudienceDto {
    pub fetched_at: OffsetDateTime,
    pub age: Vec<BucketDto>,
    pub gender: Vec<BucketDto>,
    pub city: Vec<BucketDto>,
    pub country: Vec<BucketDto>,
    /// 24 values, index = UTC hour; `null` where Instagram reported nothing.
    /// `null` when Instagram reported no hour at all.
    #[oai(nullable)]
    pub online_followers_by_utc_hour: Option<Vec<super::nullable::Nullable<i64>>>,
    #[oai(nullable)]
    pub best_time: Option<BestTimeDto>,
}

#[derive(Object)]
pub struct InsightsReport {
    pub account_id: uuid::Uuid,
    pub from: String,
    pub to: String,
    pub time_zone: String,
    /// Every day of the range; metrics Instagram did not provide are `null`.
    pub days: Vec<InsightDay>,
    /// `null` until the first fetch.
    #[oai(nullable)]
    pub audience: Option<AudienceDto>,
}

#[derive(Object)]
pub struct PostMetricsDto {
    pub media_id: String,
    /// `FEED`, `REELS` or `STORY`.
    pub product: String,
    pub media_type: String,
    #[oai(nullable)]
    pub caption: Option<String>,
    #[oai(nullable)]
    pub permalink: Option<String>,
    pub posted_at: OffsetDateTime,
    #[oai(nullable)]
    pub reach: Option<i64>,
    #[oai(nullable)]
    pub views: Option<i64>,
    #[oai(nullable)]
    pub likes: Option<i64>,
    #[oai(nullable)]
    pub comments: Option<i64>,
    #[oai(nullable)]
    pub saves: Option<i64>,
    #[oai(nullable)]
    pub shares: Option<i64>,
    #[oai(nullable)]
    pub replies: Option<i64>,
    #[oai(nullable)]
    pub avg_watch_time_ms: Option<i64>,
    #[oai(nullable)]
    pub total_watch_time_ms: Option<i64>,
    /// Reels: times reposted; `null` where Instagram did not return it.
    #[oai(nullable)]
    pub reposts: Option<i64>,
    /// Reels: percent of plays skipped within the first 3 seconds
    /// (`reels_skip_rate`, rounded); `null` where not returned.
    #[oai(nullable)]
    pub reels_skip_rate: Option<i64>,
    /// (likes + comments + saves + shares) / reach × 100; `null` without reach.
    #[oai(nullable)]
    pub engagement_rate: Option<f64>,
    pub fetched_at: OffsetDateTime,
}

impl From<MediaMetrics> for PostMetricsDto {
    fn from(m: MediaMetrics) -> Self {
        PostMetricsDto {
            engagement_rate: m.engagement_rate(),
            media_id: m.media_id,
            product: m.product,
            media_type: m.media_type,
            caption: m.caption,
            permalink: m.permalink,
            posted_at: m.posted_at,
            reach: m.reach,
            views: m.views,
            likes: m.likes,
            comments: m.comments,
            saves: m.saves,
            shares: m.shares,
            replies: m.replies,
            avg_watch_time_ms: m.avg_watch_time_ms,
            total_watch_time_ms: m.total_watch_time_ms,
            reposts: m.reposts,
            reels_skip_rate: m.skip_rate,
            fetched_at: m.fetched_at,
        }
    }
}

fn buckets(b: &[Bucket]) -> Vec<BucketDto> {
    b.iter()
        .map(|b| BucketDto {
            key: b.key.clone(),
            value: b.value,
        })
        .collect()
}

/// The range from `from`/`to` (defaults: the last 30 days), or a 400 that
/// says what is wrong.
fn range(
    state: &AppState,
    user: &User,
    from: Option<String>,
    to: Option<String>,
) -> Result<DateRange, ApiError> {
    an::range_from_params(from.as_deref(), to.as_deref(), state.analytics.today(user))
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_range", e.to_string()))
}

/// Conditional GETs: the browser or client keeps the answer and asks
/// again with `If-None-Match`; nothing changed → 304 without a body.
const CACHE_CONTROL: &str = "private, no-cache";

/// The ETag of an analytics answer: the account's data version (one read,
/// also the ownership check), the operation, the user's zone and language,
/// the range and the hour (the best time's next instant moves with the
/// clock). The version is read before the data: a write in between makes
/// the tag older than the body, which only costs the next request a 200.
async fn api_etag(
    state: &AppState,
    user: &User,
    account: AccountId,
    operation: &str,
    range: DateRange,
) -> Result<String, ApiError> {
    let version = state
        .analytics
        .data_version(user.id, account)
        .await
        .map_err(ApiError::from)?;
    let now = state.analytics.now();
    Ok(an::weak_etag(&[
        "api".to_string(),
        env!("CARGO_PKG_VERSION").to_string(),
        operation.to_string(),
        version.to_string(),
        user.id.to_string(),
        account.0.to_string(),
        user.language.code().to_string(),
        user.time_zone.name().to_string(),
        format!("{}T{:02}", now.date(), now.hour()),
        format!("{}..{}", range.from, range.to),
    ]))
}

/// Whether the client's copy (`If-None-Match`) is `etag`.
fn fresh(if_none_match: &Option<String>, etag: &str) -> bool {
    if_none_match
        .as_deref()
        .is_some_and(|h| an::if_none_match(h, etag))
}

#[derive(ApiResponse)]
pub enum FollowersAnswer {
    /// The series, with its `ETag` (send it back as `If-None-Match`).
    #[oai(status = 200)]
    Body(
        Json<FollowerSeries>,
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
    /// Nothing changed since the `ETag` sent in `If-None-Match`: no body.
    #[oai(status = 304)]
    NotModified(
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
}

// Built once per response and moved out at once; boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(ApiResponse)]
pub enum InsightsAnswer {
    /// The insights, with their `ETag` (send it back as `If-None-Match`).
    #[oai(status = 200)]
    Body(
        Json<InsightsReport>,
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
    /// Nothing changed since the `ETag` sent in `If-None-Match`: no body.
    #[oai(status = 304)]
    NotModified(
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
}

#[derive(ApiResponse)]
pub enum PostMetricsAnswer {
    /// The posts' metrics, with their `ETag` (send it back as
    /// `If-None-Match`).
    #[oai(status = 200)]
    Body(
        Json<Vec<PostMetricsDto>>,
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
    /// Nothing changed since the `ETag` sent in `If-None-Match`: no body.
    #[oai(status = 304)]
    NotModified(
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
}

pub struct AnalyticsApi;

#[OpenApi(tag = "Tag::Analytics")]
impl AnalyticsApi {
    /// The daily follower series from `from` to `to` (`YYYY-MM-DD`,
    /// inclusive, in your time zone; default the last 30 days; at most 729
    /// days).
    #[oai(path = "/accounts/:id/followers", method = "get")]
    async fn followers(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        from: Query<Option<String>>,
        to: Query<Option<String>>,
        /// The `ETag` of an earlier answer: 304 while nothing changed.
        #[oai(name = "If-None-Match")]
        if_none_match: Header<Option<String>>,
    ) -> ApiResult<FollowersAnswer, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let range = range(&state, user, from.0, to.0)?;
        let etag = api_etag(&state, user, AccountId(id.0), "followers", range).await?;
        if fresh(&if_none_match.0, &etag) {
            return Ok(FollowersAnswer::NotModified(etag, CACHE_CONTROL.into()));
        }
        let snapshots = state
            .analytics
            .followers(auth.owner(), AccountId(id.0), range)
            .await
            .map_err(ApiError::from)?;
        let points = an::follower_series(range, &snapshots);
        let change = an::growth(&points).map(|g| g.change);
        let by_day: std::collections::HashMap<_, _> =
            snapshots.iter().map(|s| (s.day, s)).collect();
        let days = points
            .iter()
            .map(|p| {
                let snap = by_day.get(&p.day).copied();
                FollowerDay {
                    date: p.day.to_string(),
                    followers: p.value,
                    change: p.change,
                    following: snap.and_then(|s| s.following),
                    media_count: snap.and_then(|s| s.media_count),
                    source: snap.map(|s| s.source.as_str().to_string()),
                }
            })
            .collect();
        Ok(FollowersAnswer::Body(
            Json(FollowerSeries {
                account_id: id.0,
                from: range.from.to_string(),
                to: range.to.to_string(),
                time_zone: user.time_zone.name().to_string(),
                days,
                change,
            }),
            etag,
            CACHE_CONTROL.into(),
        ))
    }

    /// Account insights per day, the audience (demographics, online
    /// followers) and the suggested time to post.
    #[oai(path = "/accounts/:id/insights", method = "get")]
    async fn insights(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        from: Query<Option<String>>,
        to: Query<Option<String>>,
        /// The `ETag` of an earlier answer: 304 while nothing changed.
        #[oai(name = "If-None-Match")]
        if_none_match: Header<Option<String>>,
    ) -> ApiResult<InsightsAnswer, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let range = range(&state, user, from.0, to.0)?;
        let account = AccountId(id.0);
        let etag = api_etag(&state, user, account, "insights", range).await?;
        if fresh(&if_none_match.0, &etag) {
            return Ok(InsightsAnswer::NotModified(etag, CACHE_CONTROL.into()));
        }
        let rows = state
            .analytics
            .insights(auth.owner(), account, range)
            .await
            .map_err(ApiError::from)?;
        let audience = state
            .analytics
            .audience_of(auth.owner(), account)
            .await
            .map_err(ApiError::from)?;
        let by_day: std::collections::HashMap<_, _> = rows.iter().map(|r| (r.day, r)).collect();
        let days = range
            .iter()
            .map(|day| {
                let r = by_day.get(&day).copied();
                InsightDay {
                    date: day.to_string(),
                    reach: r.and_then(|r| r.reach),
                    views: r.and_then(|r| r.views),
                    accounts_engaged: r.and_then(|r| r.accounts_engaged),
                    total_interactions: r.and_then(|r| r.total_interactions),
                    profile_activity: r.and_then(|r| r.profile_activity),
                }
            })
            .collect();
        let now = state.analytics.now();
        let audience = audience.map(|a| AudienceDto {
            fetched_at: a.fetched_at,
            age: buckets(&a.demographics.age),
            gender: buckets(&a.demographics.gender),
            city: buckets(&a.demographics.city),
            country: buckets(&a.demographics.country),
            best_time: a.online.as_ref().and_then(|o| {
                an::best_time_to_post(o, &user.time_zone, now).map(|b| BestTimeDto {
                    local_hour: b.local_hour,
                    utc_hour: b.utc_hour,
                    followers: b.followers,
                    next_at: an::next_best_posting_time(o, now),
                })
            }),
            online_followers_by_utc_hour: a
                .online
                .map(|o| o.0.into_iter().map(super::nullable::Nullable).collect()),
        });
        Ok(InsightsAnswer::Body(
            Json(InsightsReport {
                account_id: id.0,
                from: range.from.to_string(),
                to: range.to.to_string(),
                time_zone: user.time_zone.name().to_string(),
                days,
                audience,
            }),
            etag,
            CACHE_CONTROL.into(),
        ))
    }

    /// The suggested time to post for the account: the hour its followers
    /// are most often online, and the next such instant (also on your
    /// clock). `best_time` is `null` when there is not enough data.
    #[oai(path = "/accounts/:id/best-time", method = "get")]
    async fn best_time(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<BestTimeReport>, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let s = state
            .analytics
            .posting_suggestion(user, AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(BestTimeReport {
            account_id: id.0,
            time_zone: user.time_zone.name().to_string(),
            next_local: s.map(|s| {
                format!(
                    "{}T{:02}:{:02}",
                    s.next_local.date(),
                    s.next_local.hour(),
                    s.next_local.minute()
                )
            }),
            best_time: s.map(|s| BestTimeDto {
                local_hour: s.next_local.hour(),
                utc_hour: s.best.utc_hour,
                followers: s.best.followers,
                next_at: Some(s.next_at),
            }),
        }))
    }

    /// Metrics of the posts, reels and stories published in the range,
    /// newest first.
    #[oai(path = "/accounts/:id/post-metrics", method = "get")]
    async fn post_metrics(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        from: Query<Option<String>>,
        to: Query<Option<String>>,
        /// The `ETag` of an earlier answer: 304 while nothing changed.
        #[oai(name = "If-None-Match")]
        if_none_match: Header<Option<String>>,
    ) -> ApiResult<PostMetricsAnswer, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let range = range(&state, user, from.0, to.0)?;
        let etag = api_etag(&state, user, AccountId(id.0), "post-metrics", range).await?;
        if fresh(&if_none_match.0, &etag) {
            return Ok(PostMetricsAnswer::NotModified(etag, CACHE_CONTROL.into()));
        }
        let posts = state
            .analytics
            .posts(user, AccountId(id.0), range)
            .await
            .map_err(ApiError::from)?;
        Ok(PostMetricsAnswer::Body(
            Json(posts.into_iter().map(PostMetricsDto::from).collect()),
            etag,
            CACHE_CONTROL.into(),
        ))
    }
}
