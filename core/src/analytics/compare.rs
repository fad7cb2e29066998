//! The period's key figures and how they compare with the period just
//! before it (same number of days, ending the day before): Δ % per figure,
//! or "no data" when the previous period has none (never a division by
//! zero).

use serde::Serialize;
use time::Duration;

use super::media_summary::MediaSummary;
use super::range::DateRange;
use super::series::{follower_series, growth};
use super::types::{DailyInsights, FollowerSnapshot};

/// The range of the same length that ends the day before `range` starts.
pub fn previous_range(range: DateRange) -> DateRange {
    let to = range.from - Duration::days(1);
    DateRange {
        from: to - Duration::days(range.days() - 1),
        to,
    }
}

/// A period's key figures; `None` where nothing was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Kpis {
    /// Followers on the last recorded day.
    pub followers: Option<i64>,
    /// Reach summed over the known days.
    pub reach: Option<i64>,
    /// Views summed over the known days.
    pub views: Option<i64>,
    /// Interactions (likes, comments, saves, shares…) over the known days.
    pub interactions: Option<i64>,
    /// Posts, reels and stories published.
    pub posts: i64,
    /// Mean engagement rate of the posts that have one, in percent.
    pub engagement_rate: Option<f64>,
}

fn sum(rows: &[DailyInsights], pick: fn(&DailyInsights) -> Option<i64>) -> Option<i64> {
    rows.iter()
        .filter_map(pick)
        .fold(None, |acc, v| Some(acc.unwrap_or(0) + v))
}

/// The figures of one period from its rows (rows outside `range` count
/// not).
pub fn kpis(
    range: DateRange,
    snapshots: &[FollowerSnapshot],
    insights: &[DailyInsights],
    posts: &MediaSummary,
) -> Kpis {
    let inside: Vec<DailyInsights> = insights
        .iter()
        .filter(|r| r.day >= range.from && r.day <= range.to)
        .cloned()
        .collect();
    Kpis {
        followers: growth(&follower_series(range, snapshots)).map(|g| g.last),
        reach: sum(&inside, |r| r.reach),
        views: sum(&inside, |r| r.views),
        interactions: sum(&inside, |r| r.total_interactions),
        posts: i64::try_from(posts.posts).unwrap_or(i64::MAX),
        engagement_rate: posts.mean_rate(),
    }
}

/// How a figure moved since the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "trend", content = "percent", rename_all = "snake_case")]
pub enum Delta {
    /// Up by this many percent.
    Up(f64),
    /// Down by this many percent (a positive number).
    Down(f64),
    /// The same figure.
    Same,
    /// Nothing to compare with: either period has no value, or the
    /// previous one is zero (a percentage of zero means nothing).
    NoData,
}

/// The change from `previous` to `current` in percent.
pub fn delta(current: Option<f64>, previous: Option<f64>) -> Delta {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 && c.is_finite() && p.is_finite() => {
            let pct = (c - p) / p.abs() * 100.0;
            // Shown with one decimal: what rounds to 0.0 is "the same".
            if pct.abs() < 0.05 {
                Delta::Same
            } else if pct > 0.0 {
                Delta::Up(pct)
            } else {
                Delta::Down(-pct)
            }
        }
        (Some(c), Some(p)) if c == p => Delta::Same,
        _ => Delta::NoData,
    }
}

fn n(v: Option<i64>) -> Option<f64> {
    v.map(|v| v as f64)
}

/// Each figure of a period next to its Δ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Comparison {
    pub current: Kpis,
    pub previous: Kpis,
    pub followers: Delta,
    pub reach: Delta,
    pub views: Delta,
    pub interactions: Delta,
    pub posts: Delta,
    pub engagement_rate: Delta,
}

pub fn compare(current: Kpis, previous: Kpis) -> Comparison {
    Comparison {
        followers: delta(n(current.followers), n(previous.followers)),
        reach: delta(n(current.reach), n(previous.reach)),
        views: delta(n(current.views), n(previous.views)),
        interactions: delta(n(current.interactions), n(previous.interactions)),
        posts: delta(Some(current.posts as f64), Some(previous.posts as f64)),
        engagement_rate: delta(current.engagement_rate, previous.engagement_rate),
        current,
        previous,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
        let r = DateRange {
            from: date!(2026 - 11 - 01),
            to: date!(2026 - 11 - 30),
        };
        let p = previous_range(r);
        assert_eq!(p.to, date!(2026 - 10 - 31));
        assert_eq!(p.from, date!(2026 - 10 - 02));
        assert_eq!(p.days(), r.days());
    }

    #[test]
    fn deltas_in_percent_and_no_division_by_zero() {
        assert_eq!(delta(Some(150.0), Some(100.0)), Delta::Up(50.0));
        assert_eq!(delta(Some(75.0), Some(100.0)), Delta::Down(25.0));
        assert_eq!(delta(Some(100.0), Some(100.0)), Delta::Same);
        assert_eq!(delta(Some(5.0), Some(0.0)), Delta::NoData);
        assert_eq!(delta(Some(0.0), Some(0.0)), Delta::Same);
        assert_eq!(delta(Some(5.0), None), Delta::NoData);
        assert_eq!(delta(None, Some(5.0)), Delta::NoData);
        assert_eq!(delta(Some(-5.0), Some(-10.0)), Delta::Up(50.0));
    }

    #[test]
    fn an_empty_period_has_no_figures_but_zero_posts() {
        let r = DateRange {
            from: date!(2026 - 11 - 01),
            to: date!(2026 - 11 - 07),
        };
        let k = kpis(r, &[], &[], &MediaSummary::default());
        assert_eq!(k.followers, None);
        assert_eq!(k.reach, None);
        assert_eq!(k.engagement_rate, None);
        assert_eq!(k.posts, 0);
        let c = compare(
            Kpis {
                reach: Some(10),
                ..Kpis::default()
            },
            k,
        );
        assert_eq!(c.reach, Delta::NoData);
        assert_eq!(c.posts, Delta::Same);
    }
}
