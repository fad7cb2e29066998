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
    /// Reels: how many times it was reposted (`reposts`).
    pub reposts: Option<i64>,
    /// Reels: the percentage of plays skipped within the first 3 seconds
    /// (`reels_skip_rate`), rounded to a whole percent.
    pub skip_rate: Option<i64>,
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

/// A column the posts table sorts by. Unknown values (`NULL`) sort last in
/// both directions; ties keep the newest first (then media id, descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaSort {
    Date,
    Type,
    Reach,
    Views,
    Likes,
    Comments,
    Saves,
    Shares,
    /// Reels' average watch time.
    Watch,
    /// [`MediaMetrics::engagement_rate`].
    Engagement,
}

impl MediaSort {
    pub const ALL: [MediaSort; 10] = [
        MediaSort::Date,
        MediaSort::Type,
        MediaSort::Reach,
        MediaSort::Views,
        MediaSort::Likes,
        MediaSort::Comments,
        MediaSort::Saves,
        MediaSort::Shares,
        MediaSort::Watch,
        MediaSort::Engagement,
    ];

    /// The query-string name (`date`, `type`, `reach`, …, `er`).
    pub fn as_str(self) -> &'static str {
        match self {
            MediaSort::Date => "date",
            MediaSort::Type => "type",
            MediaSort::Reach => "reach",
            MediaSort::Views => "views",
            MediaSort::Likes => "likes",
            MediaSort::Comments => "comments",
            MediaSort::Saves => "saves",
            MediaSort::Shares => "shares",
            MediaSort::Watch => "watch",
            MediaSort::Engagement => "er",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Sorts media as [`MediaSort`] says. `media` must be newest first (the
/// store's order): the sort is stable, so ties keep that order.
pub fn sort_media(media: &mut [MediaMetrics], sort: MediaSort, descending: bool) {
    use std::cmp::Ordering;
    let dir = |o: Ordering| if descending { o.reverse() } else { o };
    if sort == MediaSort::Type {
        media.sort_by(|a, b| dir(a.product.cmp(&b.product)));
        return;
    }
    if sort == MediaSort::Date {
        media.sort_by(|a, b| dir(a.posted_at.cmp(&b.posted_at)));
        return;
    }
    let key = |m: &MediaMetrics| -> Option<f64> {
        match sort {
            MediaSort::Reach => m.reach.map(|v| v as f64),
            MediaSort::Views => m.views.map(|v| v as f64),
            MediaSort::Likes => m.likes.map(|v| v as f64),
            MediaSort::Comments => m.comments.map(|v| v as f64),
            MediaSort::Saves => m.saves.map(|v| v as f64),
            MediaSort::Shares => m.shares.map(|v| v as f64),
            MediaSort::Watch => m.avg_watch_time_ms.map(|v| v as f64),
            MediaSort::Engagement => m.engagement_rate(),
            MediaSort::Date | MediaSort::Type => None,
        }
    };
    media.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => dir(x.partial_cmp(&y).unwrap_or(Ordering::Equal)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
}

/// Which page of the posts table to read: media posted in `[from, until)`,
/// sorted, the first `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaPageQuery {
    pub from: OffsetDateTime,
    pub until: OffsetDateTime,
    pub sort: MediaSort,
    pub descending: bool,
    pub limit: u32,
}

/// The first rows of a sorted posts table, and how many rows it has.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaPage {
    pub rows: Vec<MediaMetrics>,
    pub total: u64,
}

/// What the Analytics page reads for one account and range.
#[derive(Debug, Clone, PartialEq)]
pub struct PageData {
    pub snapshots: Vec<FollowerSnapshot>,
    pub insights: Vec<DailyInsights>,
    /// The first rows of the sorted posts table, and the total.
    pub posts: MediaPage,
    pub audience: Option<Audience>,
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
    /// `online_followers` as Instagram gave it, one sample per UTC hour of
    /// each reported day (the heatmap is built from these at read time).
    pub online_samples: Vec<OnlineSample>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Demographics {
    pub age: Vec<Bucket>,
    pub gender: Vec<Bucket>,
    pub city: Vec<Bucket>,
    pub country: Vec<Bucket>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
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
            reposts: None,
            skip_rate: None,
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

/// Followers online during the hour starting at `at` (UTC, minute 0); the
/// heatmap (`heatmap.rs`) reads these on the user's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnlineSample {
    pub at: OffsetDateTime,
    pub followers: i64,
}
