//! What analytics keeps per account. A metric Instagram did not return (or
//! has deprecated) is `None` and shown as "not available", never zero.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::account::AccountId;

/// Where a follower snapshot came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotSource {
    /// Taken by the daily job (or a manual refresh) from the profile.
    Daily,
    /// Reconstructed on first connection from Instagram's daily follower
    /// gains; a daily snapshot of the same day replaces it.
    Backfill,
}

impl SnapshotSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotSource::Daily => "daily",
            SnapshotSource::Backfill => "backfill",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "daily" => Some(SnapshotSource::Daily),
            "backfill" => Some(SnapshotSource::Backfill),
            _ => None,
        }
    }
}

/// One account's counts on one day (the owner's day): one row per account
/// per day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowerSnapshot {
    pub account_id: AccountId,
    pub day: Date,
    pub followers: Option<i64>,
    pub following: Option<i64>,
    pub media_count: Option<i64>,
    pub source: SnapshotSource,
    pub taken_at: OffsetDateTime,
}

/// The whole profile as fetched (kept 30 days).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProfileData {
    pub username: String,
    pub name: Option<String>,
    pub biography: Option<String>,
    pub website: Option<String>,
    pub profile_picture_url: Option<String>,
    pub followers_count: Option<i64>,
    pub follows_count: Option<i64>,
    pub media_count: Option<i64>,
    pub account_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSnapshot {
    pub account_id: AccountId,
    pub taken_at: OffsetDateTime,
    pub profile: ProfileData,
}

/// Account-level insights for one day (the owner's day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyInsights {
    pub account_id: AccountId,
    pub day: Date,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    pub accounts_engaged: Option<i64>,
    pub total_interactions: Option<i64>,
    /// Taps on the profile's links and contact buttons
    /// (`profile_links_taps`).
    pub profile_activity: Option<i64>,
    pub fetched_at: OffsetDateTime,
}

/// A post's, reel's or story's metrics as last fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaMetrics {
    pub account_id: AccountId,
    pub media_id: String,
    /// `FEED`, `REELS` or `STORY`.
    pub product: String,
    /// `IMAGE`, `VIDEO` or `CAROUSEL_ALBUM`.
    pub media_type: String,
    pub caption: Option<String>,
    pub permalink: Option<String>,
    pub posted_at: OffsetDateTime,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub saves: Option<i64>,
    pub shares: Option<i64>,
    /// Story replies.
    pub replies: Option<i64>,
    /// Reels: average watch time in milliseconds.
    pub avg_watch_time_ms: Option<i64>,
    /// Reels: total watch time in milliseconds.
    pub total_watch_time_ms: Option<i64>,
    pub fetched_at: OffsetDateTime,
}

impl MediaMetrics {
    /// Likes, comments, saves and shares over accounts reached, in percent.
    /// `None` when the reach is unknown or zero, or no interaction metric is
    /// available.
    pub fn engagement_rate(&self) -> Option<f64> {
        let reach = self.reach.filter(|r| *r > 0)?;
        let parts = [self.likes, self.comments, self.saves, self.shares];
        if parts.iter().all(Option::is_none) {
            return None;
        }
        let sum: i64 = parts.iter().flatten().sum();
        Some(sum as f64 * 100.0 / reach as f64)
    }
}

/// One bucket of a demographic breakdown (e.g. age `25-34`: 380).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub key: String,
    pub value: i64,
}

/// Followers online in each UTC hour (index 0–23), averaged over the days
/// Instagram reported; `None` for an hour it did not report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OnlineHours(pub Vec<Option<i64>>);

/// Who follows the account, as last fetched. Empty breakdowns mean
/// Instagram returned none (e.g. under 100 followers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    pub account_id: AccountId,
    pub fetched_at: OffsetDateTime,
    pub demographics: Demographics,
    pub online: Option<OnlineHours>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Demographics {
    pub age: Vec<Bucket>,
    pub gender: Vec<Bucket>,
    pub city: Vec<Bucket>,
    pub country: Vec<Bucket>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn post(reach: Option<i64>, likes: Option<i64>) -> MediaMetrics {
        MediaMetrics {
            account_id: AccountId::new(),
            media_id: "1".into(),
            product: "FEED".into(),
            media_type: "IMAGE".into(),
            caption: None,
            permalink: None,
            posted_at: datetime!(2026-01-01 0:00 UTC),
            reach,
            views: None,
            likes,
            comments: Some(5),
            saves: None,
            shares: Some(5),
            replies: None,
            avg_watch_time_ms: None,
            total_watch_time_ms: None,
            fetched_at: datetime!(2026-01-01 0:00 UTC),
        }
    }

    #[test]
    fn engagement_rate_is_interactions_over_reach() {
        assert_eq!(post(Some(200), Some(10)).engagement_rate(), Some(10.0));
        assert_eq!(post(None, Some(10)).engagement_rate(), None);
        assert_eq!(post(Some(0), Some(10)).engagement_rate(), None);
        let mut none = post(Some(100), None);
        none.comments = None;
        none.shares = None;
        assert_eq!(none.engagement_rate(), None, "no metric at all");
    }
}
