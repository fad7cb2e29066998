//! What the key figures need of a period's posts, without the posts: how
//! many there are and their engagement rates summed. A period can hold
//! thousands of posts (two periods of up to a year each); the SQL stores
//! aggregate in the database, so the key figures read two numbers per
//! period instead of every row.

use super::types::MediaMetrics;

/// A period's posts in figures.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MediaSummary {
    /// Posts, reels and stories posted in the period.
    pub posts: u64,
    /// The sum of the engagement rates (percent) of the posts that have
    /// one ([`MediaMetrics::engagement_rate`]).
    pub rate_sum: f64,
    /// How many posts have an engagement rate.
    pub rated: u64,
}

impl MediaSummary {
    /// The figures of `rows` (what the SQL stores compute in the database).
    pub fn of(rows: &[MediaMetrics]) -> Self {
        rows.iter().fold(Self::default(), |mut s, m| {
            s.posts += 1;
            if let Some(rate) = m.engagement_rate() {
                s.rate_sum += rate;
                s.rated += 1;
            }
            s
        })
    }

    /// The mean engagement rate, in percent; `None` when no post has one.
    pub fn mean_rate(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.rate_sum / self.rated as f64)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use time::macros::datetime;

    use super::*;
    use crate::account::AccountId;

    fn post(reach: Option<i64>, likes: Option<i64>) -> MediaMetrics {
        MediaMetrics {
            account_id: AccountId(uuid::Uuid::nil()),
            media_id: "m".into(),
            product: "FEED".into(),
            media_type: "IMAGE".into(),
            caption: None,
            permalink: None,
            posted_at: datetime!(2026-11-01 10:00 UTC),
            reach,
            views: None,
            likes,
            comments: None,
            saves: None,
            shares: None,
            replies: None,
            avg_watch_time_ms: None,
            total_watch_time_ms: None,
            reposts: None,
            skip_rate: None,
            fetched_at: datetime!(2026-11-01 10:00 UTC),
        }
    }

    #[test]
    fn counts_every_post_and_averages_the_rated_ones() {
        let s = MediaSummary::of(&[
            post(Some(200), Some(10)),
            post(Some(100), Some(10)),
            post(None, Some(10)),
            post(Some(100), None),
        ]);
        assert_eq!(s.posts, 4);
        assert_eq!(s.rated, 2);
        assert_eq!(s.mean_rate(), Some(7.5));
        assert_eq!(MediaSummary::of(&[]).mean_rate(), None);
        assert_eq!(MediaSummary::of(&[]).posts, 0);
    }
}
