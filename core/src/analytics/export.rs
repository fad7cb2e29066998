//! Analytics in "Export my data": `analytics.json`, per connected account
//! its daily follower snapshots, profile snapshots, account insights, media
//! metrics, raw story metrics and audience.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

use super::{AnalyticsStorage, Demographics, OnlineHours, ProfileData};
use crate::User;
use crate::inbox::StoryInsightRepo;
use crate::privacy::{DataExporter, ExportError, ExportFile};

/// Wider than any stored day or time (and within what both databases hold).
const FIRST_DAY: Date = date!(1970 - 01 - 01);
const LAST_DAY: Date = date!(9999 - 12 - 31);
const FIRST_TIME: OffsetDateTime = datetime!(1970-01-01 0:00 UTC);
const LAST_TIME: OffsetDateTime = datetime!(9999-12-31 0:00 UTC);

pub struct AnalyticsExporter {
    analytics: AnalyticsStorage,
    /// Raw story metrics arrive by webhook and are stored with the inbox.
    stories: Arc<dyn StoryInsightRepo>,
}

impl AnalyticsExporter {
    pub fn new(analytics: AnalyticsStorage, stories: Arc<dyn StoryInsightRepo>) -> Self {
        Self { analytics, stories }
    }
}

mod rfc {
    pub use time::serde::rfc3339;
}

#[derive(Serialize)]
struct FollowerJson {
    day: String,
    followers: Option<i64>,
    following: Option<i64>,
    media_count: Option<i64>,
    source: &'static str,
    #[serde(with = "rfc::rfc3339")]
    taken_at: OffsetDateTime,
}

#[derive(Serialize)]
struct ProfileJson {
    #[serde(with = "rfc::rfc3339")]
    taken_at: OffsetDateTime,
    profile: ProfileData,
}

#[derive(Serialize)]
struct DailyJson {
    day: String,
    reach: Option<i64>,
    views: Option<i64>,
    accounts_engaged: Option<i64>,
    total_interactions: Option<i64>,
    profile_activity: Option<i64>,
    #[serde(with = "rfc::rfc3339")]
    fetched_at: OffsetDateTime,
}

#[derive(Serialize)]
struct MediaMetricsJson {
    media_id: String,
    product: String,
    media_type: String,
    caption: Option<String>,
    permalink: Option<String>,
    #[serde(with = "rfc::rfc3339")]
    posted_at: OffsetDateTime,
    reach: Option<i64>,
    views: Option<i64>,
    likes: Option<i64>,
    comments: Option<i64>,
    saves: Option<i64>,
    shares: Option<i64>,
    replies: Option<i64>,
    avg_watch_time_ms: Option<i64>,
    total_watch_time_ms: Option<i64>,
    reposts: Option<i64>,
    skip_rate: Option<i64>,
    #[serde(with = "rfc::rfc3339")]
    fetched_at: OffsetDateTime,
}

#[derive(Serialize)]
struct StoryJson {
    story_id: String,
    metric: String,
    value: i64,
    #[serde(with = "rfc::rfc3339")]
    received_at: OffsetDateTime,
}

#[derive(Serialize)]
struct AudienceJson {
    #[serde(with = "rfc::rfc3339")]
    fetched_at: OffsetDateTime,
    demographics: Demographics,
    online: Option<OnlineHours>,
    /// Followers online per UTC hour, as Instagram reported them.
    online_by_hour: Vec<OnlineSampleJson>,
}

#[derive(Serialize)]
struct OnlineSampleJson {
    #[serde(with = "rfc::rfc3339")]
    at: OffsetDateTime,
    followers: i64,
}

#[derive(Serialize)]
struct AccountAnalyticsJson {
    account_id: String,
    username: String,
    follower_snapshots: Vec<FollowerJson>,
    profile_snapshots: Vec<ProfileJson>,
    daily_insights: Vec<DailyJson>,
    media_insights: Vec<MediaMetricsJson>,
    story_insights: Vec<StoryJson>,
    audience: Option<AudienceJson>,
}

#[async_trait]
impl DataExporter for AnalyticsExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let mut out = Vec::new();
        let r = &self.analytics;
        for a in r.accounts.accounts_of(u.id).await? {
            let follower_snapshots = r
                .followers
                .follower_snapshots(u.id, a.id, FIRST_DAY, LAST_DAY)
                .await?
                .into_iter()
                .map(|s| FollowerJson {
                    day: s.day.to_string(),
                    followers: s.followers,
                    following: s.following,
                    media_count: s.media_count,
                    source: s.source.as_str(),
                    taken_at: s.taken_at,
                })
                .collect();
            let profile_snapshots = r
                .profiles
                .profile_snapshots(u.id, a.id, FIRST_TIME)
                .await?
                .into_iter()
                .map(|s| ProfileJson {
                    taken_at: s.taken_at,
                    profile: s.profile,
                })
                .collect();
            let daily_insights = r
                .insights
                .daily_insights(u.id, a.id, FIRST_DAY, LAST_DAY)
                .await?
                .into_iter()
                .map(|d| DailyJson {
                    day: d.day.to_string(),
                    reach: d.reach,
                    views: d.views,
                    accounts_engaged: d.accounts_engaged,
                    total_interactions: d.total_interactions,
                    profile_activity: d.profile_activity,
                    fetched_at: d.fetched_at,
                })
                .collect();
            let media_insights = r
                .metrics
                .media_metrics(u.id, a.id, FIRST_TIME, LAST_TIME)
                .await?
                .into_iter()
                .map(|m| MediaMetricsJson {
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
                    skip_rate: m.skip_rate,
                    fetched_at: m.fetched_at,
                })
                .collect();
            let story_insights = self
                .stories
                .story_insights(u.id, a.id)
                .await?
                .into_iter()
                .map(|s| StoryJson {
                    story_id: s.story_id,
                    metric: s.metric,
                    value: s.value,
                    received_at: s.received_at,
                })
                .collect();
            let audience = r
                .audience
                .audience(u.id, a.id)
                .await?
                .map(|x| AudienceJson {
                    fetched_at: x.fetched_at,
                    demographics: x.demographics,
                    online: x.online,
                    online_by_hour: x
                        .online_samples
                        .iter()
                        .map(|s| OnlineSampleJson {
                            at: s.at,
                            followers: s.followers,
                        })
                        .collect(),
                });
            out.push(AccountAnalyticsJson {
                account_id: a.id.to_string(),
                username: a.profile.username,
                follower_snapshots,
                profile_snapshots,
                daily_insights,
                media_insights,
                story_insights,
                audience,
            });
        }
        Ok(vec![ExportFile::json("analytics.json", &out)?])
    }
}
