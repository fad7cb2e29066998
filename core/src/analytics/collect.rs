//! Turning Instagram's insight answers into analytics rows. A metric absent
//! from the answer stays `None`.

use std::collections::BTreeMap;

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

use super::heatmap::{MAX_ONLINE_SAMPLES, OnlineSample};
use super::types::{Bucket, OnlineHours};
use crate::TimeZone;
use crate::instagram::{Insight, MediaItem, MetricValue};

/// Account metrics fetched per day, with `total_value`. `impressions` is
/// deprecated (replaced by `views`) and never asked for.
pub const DAILY_METRICS: [&str; 5] = [
    "reach",
    "views",
    "accounts_engaged",
    "total_interactions",
    "profile_links_taps",
];

/// Metrics asked of a media by its product type (Instagram fails the whole
/// call on a metric that does not fit).
pub fn media_metric_names(product: &str) -> &'static [&'static str] {
    match product {
        "REELS" => &[
            "reach",
            "views",
            "likes",
            "comments",
            "saved",
            "shares",
            "ig_reels_avg_watch_time",
            "ig_reels_video_view_total_time",
            "reposts",
            "reels_skip_rate",
        ],
        "STORY" => &["reach", "views", "replies", "shares"],
        _ => &["reach", "views", "likes", "comments", "saved", "shares"],
    }
}

/// `FEED`, `REELS` or `STORY`: Instagram's product type, or a guess from the
/// media type when it was not returned.
pub fn product_of(item: &MediaItem) -> String {
    match item.media_product_type.as_deref() {
        Some("REELS") => "REELS".into(),
        Some("STORY") => "STORY".into(),
        Some(_) => "FEED".into(),
        None if item.media_type.as_str() == "VIDEO" => "REELS".into(),
        None => "FEED".into(),
    }
}

/// The single number of a metric: its total, else its first value.
pub fn number(insights: &[Insight], name: &str) -> Option<i64> {
    let i = insights.iter().find(|i| i.name == name)?;
    if let Some(t) = &i.total {
        return Some(t.value);
    }
    i.values.iter().find_map(|v| match v.value {
        MetricValue::Number(n) => Some(n),
        MetricValue::Map(_) => None,
    })
}

/// The buckets of a demographic breakdown, largest first. The bucket name is
/// the last dimension value (the first may be the timeframe).
pub fn buckets(insights: &[Insight], name: &str) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = insights
        .iter()
        .filter(|i| i.name == name)
        .filter_map(|i| i.total.as_ref())
        .flat_map(|t| t.breakdowns.iter())
        .flat_map(|b| b.results.iter())
        .filter_map(|r| {
            Some(Bucket {
                key: r.dimension_values.last()?.clone(),
                value: r.value,
            })
        })
        .collect();
    out.sort_by(|a, b| b.value.cmp(&a.value).then(a.key.cmp(&b.key)));
    out
}

fn pacific() -> TimeZone {
    TimeZone::parse("America/Los_Angeles").unwrap_or_default()
}

/// The day Instagram counted a daily value for: its `end_time` is the
/// following midnight in Pacific time.
pub fn instagram_day(end_time: OffsetDateTime) -> Date {
    pacific().date_of(end_time - Duration::seconds(1))
}

/// Daily values of a time series, by Instagram's day.
pub fn daily_values(insights: &[Insight], name: &str) -> BTreeMap<Date, i64> {
    insights
        .iter()
        .filter(|i| i.name == name)
        .flat_map(|i| i.values.iter())
        .filter_map(|v| match (&v.value, v.end_time) {
            (MetricValue::Number(n), Some(end)) => Some((instagram_day(end), *n)),
            _ => None,
        })
        .collect()
}

/// `online_followers`: each day's map of Pacific hour → followers, averaged
/// per UTC hour. `None` when Instagram returned no day.
pub fn online_hours(insights: &[Insight]) -> Option<OnlineHours> {
    let pacific = pacific();
    let mut sums = [(0i64, 0i64); 24];
    for v in insights
        .iter()
        .filter(|i| i.name == "online_followers")
        .flat_map(|i| i.values.iter())
    {
        let MetricValue::Map(hours) = &v.value else {
            continue;
        };
        // The Pacific offset that day, in whole hours (e.g. -7 or -8).
        let offset = v
            .end_time
            .map(|end| {
                let local = pacific.to_local(end - Duration::seconds(1));
                ((local.assume_utc() - (end - Duration::seconds(1))).whole_minutes() as f64 / 60.0)
                    .round() as i64
            })
            .unwrap_or(-8);
        for (hour, count) in hours {
            let Ok(h) = hour.parse::<i64>() else { continue };
            if !(0..24).contains(&h) {
                continue;
            }
            let utc = (h - offset).rem_euclid(24) as usize;
            sums[utc].0 += count;
            sums[utc].1 += 1;
        }
    }
    if sums.iter().all(|(_, n)| *n == 0) {
        return None;
    }
    Some(OnlineHours(
        sums.iter()
            .map(|(sum, n)| (*n > 0).then(|| (*sum as f64 / *n as f64).round() as i64))
            .collect(),
    ))
}

/// `online_followers` as stored: each reported day's Pacific hours moved
/// to the UTC instant they started at (that day's Pacific offset, DST
/// included), oldest first, at most [`MAX_ONLINE_SAMPLES`] (the newest).
/// A Pacific hour skipped by the spring DST change is left out.
pub fn online_samples(insights: &[Insight]) -> Vec<OnlineSample> {
    let pacific = pacific();
    let mut out = Vec::new();
    for v in insights
        .iter()
        .filter(|i| i.name == "online_followers")
        .flat_map(|i| i.values.iter())
    {
        let (MetricValue::Map(hours), Some(end)) = (&v.value, v.end_time) else {
            continue;
        };
        let day = instagram_day(end);
        for (hour, count) in hours {
            let Ok(h) = hour.parse::<u8>() else { continue };
            let Ok(t) = Time::from_hms(h, 0, 0) else {
                continue;
            };
            if let Ok(at) = pacific.from_local(PrimitiveDateTime::new(day, t)) {
                out.push(OnlineSample {
                    at,
                    followers: (*count).max(0),
                });
            }
        }
    }
    out.sort_by_key(|s| s.at);
    out.dedup_by_key(|s| s.at);
    if out.len() > MAX_ONLINE_SAMPLES {
        out.drain(..out.len() - MAX_ONLINE_SAMPLES);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::instagram::{Breakdown, BreakdownResult, InsightValue, TotalValue};
    use time::macros::{date, datetime};

    fn insight(name: &str, values: Vec<InsightValue>, total: Option<TotalValue>) -> Insight {
        Insight {
            name: name.into(),
            period: "day".into(),
            values,
            total,
        }
    }

    #[test]
    fn absent_metrics_are_none_not_zero() {
        let got = vec![insight(
            "reach",
            vec![],
            Some(TotalValue {
                value: 0,
                breakdowns: vec![],
            }),
        )];
        assert_eq!(number(&got, "reach"), Some(0), "a real zero stays zero");
        assert_eq!(number(&got, "views"), None);
    }

    #[test]
    fn demographics_take_the_last_dimension_value() {
        let got = vec![insight(
            "follower_demographics",
            vec![],
            Some(TotalValue {
                value: 30,
                breakdowns: vec![Breakdown {
                    dimension_keys: vec!["timeframe".into(), "age".into()],
                    results: vec![
                        BreakdownResult {
                            dimension_values: vec!["THIS_MONTH".into(), "18-24".into()],
                            value: 10,
                        },
                        BreakdownResult {
                            dimension_values: vec!["THIS_MONTH".into(), "25-34".into()],
                            value: 20,
                        },
                    ],
                }],
            }),
        )];
        let b = buckets(&got, "follower_demographics");
        assert_eq!(b[0].key, "25-34");
        assert_eq!(b[1].value, 10);
    }

    #[test]
    fn online_hours_move_from_pacific_to_utc_and_average() {
        let day = |end: OffsetDateTime, at9: i64| InsightValue {
            value: MetricValue::Map([("9".to_string(), at9)].into_iter().collect()),
            end_time: Some(end),
        };
        // Summer: Pacific is UTC-7, so 9:00 Pacific is 16:00 UTC.
        let got = vec![insight(
            "online_followers",
            vec![
                day(datetime!(2026-06-21 07:00 UTC), 100),
                day(datetime!(2026-06-22 07:00 UTC), 200),
            ],
            None,
        )];
        let hours = online_hours(&got).expect("valid in test");
        assert_eq!(hours.0[16], Some(150));
        assert_eq!(hours.0[9], None);
        assert_eq!(online_hours(&[]), None);
        assert_eq!(
            instagram_day(datetime!(2026-06-22 07:00 UTC)),
            date!(2026 - 06 - 21)
        );
    }
}
