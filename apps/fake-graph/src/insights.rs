//! Insights: the account's (`GET /{ig-user-id}/insights`, time series and
//! total values with breakdowns, demographics, follower counts, online
//! followers) and a media's (`GET /{media-id}/insights`, with the rules of
//! which metric fits which media). Numbers are generated from the account
//! and the day, so the same question always gets the same answer.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use crate::call::Call;
use crate::clock::iso;
use crate::errors::GraphError;
use crate::ids::noise;

use crate::model::{Account, Media, Product};
use crate::tokens::INSIGHTS;

const IMPRESSIONS_GONE: &str = "(#100) Starting from version 22 and above, the impressions metric is no longer supported. Please use views instead.";
const PLAYS_GONE: &str = "(#100) Starting from version 22 and above, the plays, clips_replays_count and ig_reels_aggregated_all_plays_count metrics are no longer supported. Please use views instead.";
const MAX_SPAN_SECS: i64 = 30 * 86_400;
const PERIODS: &[&str] = &[
    "day",
    "week",
    "days_28",
    "month",
    "lifetime",
    "total_over_range",
];
const BREAKDOWNS: &[&str] = &[
    "age",
    "city",
    "country",
    "gender",
    "media_product_type",
    "follow_type",
    "follower_type",
    "contact_button_type",
];

struct Metric {
    name: &'static str,
    period: &'static str,
    total: bool,
    series: bool,
    breakdowns: &'static [&'static str],
}

const fn metric(
    name: &'static str,
    period: &'static str,
    total: bool,
    series: bool,
    breakdowns: &'static [&'static str],
) -> Metric {
    Metric {
        name,
        period,
        total,
        series,
        breakdowns,
    }
}

const BY_TYPE: &[&str] = &["media_product_type"];
const DEMOGRAPHIC: &[&str] = &["age", "city", "country", "gender"];

const ACCOUNT_METRICS: &[Metric] = &[
    metric(
        "reach",
        "day",
        true,
        true,
        &["media_product_type", "follow_type"],
    ),
    metric(
        "views",
        "day",
        true,
        false,
        &["follower_type", "media_product_type"],
    ),
    metric("accounts_engaged", "day", true, false, &[]),
    metric("total_interactions", "day", true, false, BY_TYPE),
    metric("likes", "day", true, false, BY_TYPE),
    metric("comments", "day", true, false, BY_TYPE),
    metric("saves", "day", true, false, BY_TYPE),
    metric("shares", "day", true, false, BY_TYPE),
    metric("replies", "day", true, false, &[]),
    metric("reposts", "day", true, false, &[]),
    metric(
        "profile_links_taps",
        "day",
        true,
        false,
        &["contact_button_type"],
    ),
    metric(
        "follows_and_unfollows",
        "day",
        true,
        false,
        &["follow_type"],
    ),
    metric(
        "follower_demographics",
        "lifetime",
        true,
        false,
        DEMOGRAPHIC,
    ),
    metric(
        "engaged_audience_demographics",
        "lifetime",
        true,
        false,
        DEMOGRAPHIC,
    ),
    metric("follower_count", "day", false, true, &[]),
    metric("online_followers", "lifetime", false, true, &[]),
];

fn title(name: &str) -> (&'static str, &'static str) {
    match name {
        "reach" => (
            "Accounts reached",
            "The number of unique accounts that have seen your content, at least once, including in ads.",
        ),
        "views" => (
            "Views",
            "The number of times your content was played or displayed.",
        ),
        "accounts_engaged" => (
            "Accounts engaged",
            "The number of accounts that have interacted with your content, including in ads.",
        ),
        "total_interactions" => (
            "Content interactions",
            "The total number of post interactions, story interactions, reels interactions, video interactions and live video interactions.",
        ),
        "likes" => (
            "Likes",
            "The number of likes on your posts, reels and videos.",
        ),
        "comments" => (
            "Comments",
            "The number of comments on your posts, reels, videos and live videos.",
        ),
        "saves" | "saved" => (
            "Saves",
            "The number of saves of your posts, reels and videos.",
        ),
        "shares" => (
            "Shares",
            "The number of shares of your posts, stories, reels, videos and live videos.",
        ),
        "replies" => (
            "Replies",
            "The number of replies you received from your story.",
        ),
        "reposts" => ("Reposts", "The number of times your content was reposted."),
        "profile_links_taps" => (
            "Profile links taps",
            "The number of taps on your business address, call button, email button and text button.",
        ),
        "follows_and_unfollows" => (
            "Follows and unfollows",
            "The number of accounts that followed you and the number that unfollowed you.",
        ),
        "follower_demographics" => (
            "Follower demographics",
            "The demographic characteristics of followers, including countries, cities and gender distribution.",
        ),
        "engaged_audience_demographics" => (
            "Engaged audience demographics",
            "The demographic characteristics of the engaged audience.",
        ),
        "follower_count" => (
            "Follower count",
            "Total number of unique accounts following this profile",
        ),
        "online_followers" => (
            "Online followers",
            "Total number of followers of this profile who were online during the specified period",
        ),
        "follows" => (
            "Follows",
            "The number of accounts that started following you.",
        ),
        "profile_visits" => (
            "Profile visits",
            "The number of times your profile was visited.",
        ),
        "profile_activity" => (
            "Profile activity",
            "The number of actions people took when they visited your profile after engaging with your post.",
        ),
        "navigation" => (
            "Navigation",
            "The total number of actions taken from your story.",
        ),
        "ig_reels_avg_watch_time" => (
            "Average watch time",
            "The average amount of time spent playing the reel.",
        ),
        "ig_reels_video_view_total_time" => (
            "Watch time",
            "The total amount of time the reel was played, including any time spent replaying the reel.",
        ),
        "reels_skip_rate" => (
            "Skip rate",
            "The percentage of times your reel was skipped within the first 3 seconds.",
        ),
        "crossposted_views" => (
            "Crossposted views",
            "The number of views of the reel crossposted to Facebook.",
        ),
        "facebook_views" => (
            "Facebook views",
            "The number of views of the reel on Facebook.",
        ),
        _ => ("", ""),
    }
}

fn must_be_one_of(index: usize, names: &[&str]) -> GraphError {
    GraphError::param(format!(
        "(#100) metric[{index}] must be one of the following values: {}",
        names.join(", ")
    ))
}

/// Each day's end (07:00 UTC, Pacific midnight) within `[since, until]`.
fn day_ends(since: OffsetDateTime, until: OffsetDateTime) -> Vec<OffsetDateTime> {
    let day = 86_400;
    let shift = 7 * 3600;
    let first = (since.unix_timestamp() - shift).div_euclid(day) * day + shift;
    let first = if first < since.unix_timestamp() {
        first + day
    } else {
        first
    };
    let mut out = Vec::new();
    let mut t = first;
    while t <= until.unix_timestamp() {
        if let Ok(d) = OffsetDateTime::from_unix_timestamp(t) {
            out.push(d);
        }
        t += day;
    }
    out
}

fn day_number(end: OffsetDateTime) -> i64 {
    (end.unix_timestamp() - 7 * 3600).div_euclid(86_400)
}

/// One day's value of an account metric.
fn daily(a: &Account, name: &str, day: i64) -> i64 {
    if name == "total_interactions" {
        return ["likes", "comments", "saves", "shares"]
            .iter()
            .map(|m| daily(a, m, day))
            .sum();
    }
    let share = match name {
        "reach" => 0.12,
        "views" => 0.45,
        "accounts_engaged" => 0.025,
        "likes" => 0.02,
        "comments" => 0.002,
        "saves" => 0.003,
        "shares" => 0.002,
        "replies" => 0.001,
        "reposts" => 0.0005,
        "profile_links_taps" => 0.002,
        "follows_and_unfollows" => 0.003,
        "follower_count" => 0.002,
        _ => 0.01,
    };
    let f = a.followers_count as f64;
    (f * share * (0.7 + 0.6 * noise(a.seed, name, day))).round() as i64
}

/// A metric's total over the days in the range (unique-account metrics are
/// not additive across days).
fn total(a: &Account, name: &str, days: &[OffsetDateTime], until: OffsetDateTime) -> i64 {
    let days: Vec<i64> = if days.is_empty() {
        vec![day_number(until) + 1]
    } else {
        days.iter().copied().map(day_number).collect()
    };
    let sum: i64 = days.iter().map(|d| daily(a, name, *d)).sum();
    if matches!(name, "reach" | "accounts_engaged") && days.len() > 1 {
        (sum as f64 / (1.0 + 0.15 * (days.len() - 1) as f64)).round() as i64
    } else {
        sum
    }
}

fn buckets(a: &Account, dimension: &str) -> Vec<(String, f64)> {
    let fixed = |list: &[(&str, f64)]| list.iter().map(|(k, w)| ((*k).to_string(), *w)).collect();
    match dimension {
        "media_product_type" => fixed(&[
            ("POST", 0.38),
            ("REEL", 0.34),
            ("CAROUSEL_CONTAINER", 0.16),
            ("STORY", 0.12),
        ]),
        "follow_type" | "follower_type" => fixed(&[("FOLLOWER", 0.62), ("NON_FOLLOWER", 0.38)]),
        "contact_button_type" => fixed(&[
            ("BOOK_NOW", 0.1),
            ("CALL", 0.25),
            ("DIRECTION", 0.3),
            ("EMAIL", 0.15),
            ("INSTANT_EXPERIENCE", 0.05),
            ("TEXT", 0.1),
            ("UNDEFINED", 0.05),
        ]),
        "age" => fixed(&[
            ("13-17", 0.03),
            ("18-24", 0.22),
            ("25-34", 0.38),
            ("35-44", 0.21),
            ("45-54", 0.09),
            ("55-64", 0.05),
            ("65+", 0.02),
        ]),
        "gender" => fixed(&[("F", 0.58), ("M", 0.39), ("U", 0.03)]),
        "country" => a.countries.clone(),
        "city" => a.cities.clone(),
        "action_type" => fixed(&[
            ("BIO_LINK_CLICKED", 0.3),
            ("CALL", 0.1),
            ("DIRECTION", 0.2),
            ("EMAIL", 0.1),
            ("OTHER", 0.2),
            ("TEXT", 0.1),
        ]),
        "story_navigation_action_type" => fixed(&[
            ("TAP_FORWARD", 0.55),
            ("TAP_BACK", 0.12),
            ("TAP_EXIT", 0.23),
            ("SWIPE_FORWARD", 0.1),
        ]),
        _ => Vec::new(),
    }
}

/// `{"dimension_keys":[…],"results":[{"dimension_values":[…],"value"}]}`:
/// every combination of the dimensions' buckets, the biggest 45.
fn breakdown(a: &Account, value: i64, dims: &[&str], salt: &str) -> Value {
    let mut combos: Vec<(Vec<String>, f64)> = vec![(Vec::new(), 1.0)];
    for d in dims {
        let mut next = Vec::new();
        for (values, w) in &combos {
            for (k, kw) in buckets(a, d) {
                let mut v = values.clone();
                v.push(k);
                next.push((v, w * kw));
            }
        }
        combos = next;
    }
    let weights: Vec<f64> = combos
        .iter()
        .enumerate()
        .map(|(i, (_, w))| w * (0.9 + 0.2 * noise(a.seed, salt, i as i64)))
        .collect();
    let sum: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    // Shares of `value` that add up to it exactly (the last takes the rest).
    let mut left = value;
    let last = combos.len().saturating_sub(1);
    let mut results: Vec<(Vec<String>, i64)> = combos
        .into_iter()
        .zip(weights)
        .enumerate()
        .map(|(i, ((values, _), w))| {
            let v = if i == last {
                left
            } else {
                ((value as f64 * w / sum).round() as i64).min(left)
            };
            left -= v;
            (values, v)
        })
        .filter(|(_, v)| *v > 0)
        .collect();
    results.sort_by_key(|(_, v)| std::cmp::Reverse(*v));
    results.truncate(45);
    json!({
        "dimension_keys": dims,
        "results": results.into_iter().map(|(values, v)| json!({ "dimension_values": values, "value": v })).collect::<Vec<_>>(),
    })
}

fn unix_param(cx: &Call<'_>, name: &str) -> Result<Option<OffsetDateTime>, GraphError> {
    cx.params
        .get(name)
        .map(|v| {
            v.parse::<i64>()
                .ok()
                .and_then(|n| OffsetDateTime::from_unix_timestamp(n).ok())
                .ok_or_else(|| {
                    GraphError::param(format!(
                        "(#100) Param {name} must be a valid unix timestamp"
                    ))
                })
        })
        .transpose()
}

fn split(list: &str) -> Vec<&str> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// `GET /{ig-user-id}/insights`.
pub(crate) fn account(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(INSIGHTS)?;
    let catalogue: Vec<&Metric> = ACCOUNT_METRICS
        .iter()
        .filter(|m| m.name != "online_followers" || cx.config().online_followers)
        .collect();
    let names: Vec<&str> = catalogue.iter().map(|m| m.name).collect();
    let requested = split(cx.params.require("metric")?);
    let mut metrics: Vec<&Metric> = Vec::new();
    for (i, name) in requested.iter().enumerate() {
        if *name == "impressions" {
            return Err(GraphError::param(IMPRESSIONS_GONE));
        }
        let m = catalogue
            .iter()
            .find(|m| m.name == *name)
            .ok_or_else(|| must_be_one_of(i, &names))?;
        metrics.push(m);
    }
    let period = cx.params.require("period")?;
    if !PERIODS.contains(&period) {
        return Err(GraphError::param(format!(
            "(#100) period must be one of the following values: {}",
            PERIODS.join(", ")
        )));
    }
    if let Some(m) = metrics.iter().find(|m| m.period != period) {
        return Err(GraphError::param(format!(
            "(#100) Incompatible period {period} for metric {}: it supports only {}",
            m.name, m.period
        )));
    }
    let metric_type = cx.params.get("metric_type");
    let want_total = match metric_type {
        None | Some("time_series") => false,
        Some("total_value") => true,
        Some(_) => {
            return Err(GraphError::param(
                "(#100) metric_type must be one of the following values: time_series, total_value",
            ));
        }
    };
    let needs_total: Vec<&str> = metrics
        .iter()
        .filter(|m| !m.series && !want_total)
        .map(|m| m.name)
        .collect();
    if !needs_total.is_empty() {
        return Err(GraphError::param(format!(
            "(#100) The following metrics ({}) should be specified with parameter metric_type=total_value",
            needs_total.join(", ")
        )));
    }
    let series_only: Vec<&str> = metrics
        .iter()
        .filter(|m| !m.total && want_total)
        .map(|m| m.name)
        .collect();
    if !series_only.is_empty() {
        return Err(GraphError::param(format!(
            "(#100) The following metrics ({}) do not support metric_type=total_value",
            series_only.join(", ")
        )));
    }
    let dims = split(cx.params.get("breakdown").unwrap_or(""));
    for (i, d) in dims.iter().enumerate() {
        if !BREAKDOWNS.contains(d) {
            return Err(GraphError::param(format!(
                "(#100) breakdown[{i}] must be one of the following values: {}",
                BREAKDOWNS.join(", ")
            )));
        }
    }
    // A breakdown a metric lacks: Instagram's "unknown error". Time series
    // ignore breakdowns.
    if want_total
        && metrics
            .iter()
            .any(|m| dims.iter().any(|d| !m.breakdowns.contains(d)))
    {
        return Err(GraphError::unknown_error());
    }
    let demographic = metrics.iter().any(|m| m.breakdowns == DEMOGRAPHIC);
    if demographic {
        if dims.is_empty() {
            return Err(GraphError::param(
                "(#100) Demographic metrics need the parameter breakdown (age, city, country or gender)",
            ));
        }
        match cx.params.get("timeframe") {
            Some("this_week" | "this_month") => {}
            None => return Err(GraphError::required("timeframe")),
            Some(_) => {
                return Err(GraphError::param(
                    "(#100) timeframe must be one of the following values: this_week, this_month",
                ));
            }
        }
    }
    let now = cx.state().now();
    let until = unix_param(cx, "until")?.unwrap_or(now);
    let default_span = if want_total { 86_400 } else { MAX_SPAN_SECS };
    let since = unix_param(cx, "since")?.unwrap_or(until - Duration::seconds(default_span));
    if since > until {
        return Err(GraphError::param("(#100) since must be earlier than until"));
    }
    if (until - since).whole_seconds() > MAX_SPAN_SECS {
        return Err(GraphError::param(
            "(#100) There cannot be more than 30 days (2592000 s) between since and until",
        ));
    }
    let state = cx.state();
    let a = state
        .accounts
        .get(cx.auth.account)
        .ok_or_else(GraphError::invalid_token)?;
    let days = day_ends(since, until);
    let timeframe = cx.params.get("timeframe").unwrap_or("this_month");
    let mut data = Vec::new();
    for m in &metrics {
        let needs_100 = matches!(
            m.name,
            "follower_count"
                | "online_followers"
                | "follower_demographics"
                | "engaged_audience_demographics"
                | "follows_and_unfollows"
        );
        if needs_100 && a.followers_count < 100 {
            continue; // Instagram returns nothing under 100 followers.
        }
        let (t, d) = title(m.name);
        let mut item = json!({
            "name": m.name,
            "period": m.period,
            "title": t,
            "description": d,
            "id": format!("{}/insights/{}/{}", a.ig_user_id, m.name, m.period),
        });
        if want_total {
            let value = if m.breakdowns == DEMOGRAPHIC {
                let share = if m.name == "follower_demographics" {
                    1.0
                } else if timeframe == "this_week" {
                    0.08
                } else {
                    0.2
                };
                (a.followers_count as f64 * share).round() as i64
            } else {
                total(a, m.name, &days, until)
            };
            let mut tv = if m.breakdowns == DEMOGRAPHIC {
                json!({})
            } else {
                json!({ "value": value })
            };
            if !dims.is_empty() {
                tv["breakdowns"] = json!([breakdown(a, value, &dims, m.name)]);
            }
            item["total_value"] = tv;
        } else if m.name == "online_followers" {
            let values: Vec<Value> = days
                .iter()
                .map(|end| {
                    let day = day_number(*end);
                    let hours: serde_json::Map<String, Value> = (0..24)
                        .map(|h| {
                            let curve = 0.35
                                + 0.65
                                    * ((h as f64 - 13.0) / 24.0 * std::f64::consts::TAU)
                                        .cos()
                                        .abs();
                            let v = a.followers_count as f64
                                * 0.03
                                * curve
                                * (0.85 + 0.3 * noise(a.seed, "online", day * 24 + h));
                            (h.to_string(), json!(v.round() as i64))
                        })
                        .collect();
                    json!({ "value": hours, "end_time": iso(*end) })
                })
                .collect();
            item["values"] = json!(values);
        } else {
            let values: Vec<Value> = days
                .iter()
                .filter(|end| m.name != "follower_count" || now - **end <= Duration::days(30))
                .map(|end| json!({ "value": daily(a, m.name, day_number(*end)), "end_time": iso(*end) }))
                .collect();
            item["values"] = json!(values);
        }
        data.push(item);
    }
    let mut answer = json!({ "data": data });
    if !want_total && !answer["data"].as_array().is_none_or(Vec::is_empty) {
        let span = until - since;
        let link = cx.page_link();
        let shifted = |by: Duration| {
            link.with_all(&[
                ("since", (since + by).unix_timestamp().to_string()),
                ("until", (until + by).unix_timestamp().to_string()),
            ])
        };
        let mut paging = json!({ "previous": shifted(-span) });
        if until + span <= now {
            paging["next"] = json!(shifted(span));
        }
        answer["paging"] = paging;
    }
    Ok(answer)
}

const FEED_METRICS: &[&str] = &[
    "reach",
    "views",
    "likes",
    "comments",
    "saved",
    "shares",
    "total_interactions",
    "follows",
    "profile_visits",
    "profile_activity",
    "reposts",
];
const REELS_METRICS: &[&str] = &[
    "reach",
    "views",
    "likes",
    "comments",
    "saved",
    "shares",
    "total_interactions",
    "ig_reels_avg_watch_time",
    "ig_reels_video_view_total_time",
    "reels_skip_rate",
    "reposts",
    "crossposted_views",
    "facebook_views",
];
const STORY_METRICS: &[&str] = &[
    "reach",
    "views",
    "replies",
    "shares",
    "total_interactions",
    "follows",
    "profile_visits",
    "profile_activity",
    "navigation",
    "reposts",
];
const PLAYS: &[&str] = &[
    "plays",
    "clips_replays_count",
    "ig_reels_aggregated_all_plays_count",
];

fn media_value(m: &Media, comments: u64, name: &str, seed: u64) -> i64 {
    let l = m.like_count as f64;
    let v = m.viewers as f64;
    let views = v * match m.product {
        Product::Feed => 2.3,
        Product::Reels => 3.1,
        Product::Story => 1.2,
    };
    let n = noise(seed, name, 0);
    let value = match name {
        "reach" => v,
        "views" => views,
        "likes" => l,
        "comments" => comments as f64,
        "saved" => l / 9.0,
        "shares" => l / 14.0,
        "replies" => v / 80.0,
        "total_interactions" => {
            if m.product == Product::Story {
                v / 80.0 + l / 14.0
            } else {
                l + comments as f64 + l / 9.0 + l / 14.0
            }
        }
        "follows" => v / 200.0,
        "profile_visits" => v / 40.0,
        "profile_activity" => v / 60.0,
        "navigation" => v * 1.5,
        "reposts" => l / 60.0,
        "ig_reels_avg_watch_time" => 3500.0 + 9000.0 * n,
        "ig_reels_video_view_total_time" => views * (3500.0 + 9000.0 * n),
        "reels_skip_rate" => 20.0 + 40.0 * n,
        "crossposted_views" => views / 10.0,
        "facebook_views" => views / 12.0,
        _ => 0.0,
    };
    value.round() as i64
}

/// `GET /{media-id}/insights?metric=…`: one unsupported metric fails the
/// whole call.
pub(crate) fn media(cx: &Call<'_>, index: usize) -> Result<Value, GraphError> {
    cx.auth.require(INSIGHTS)?;
    let requested = split(cx.params.require("metric")?);
    let state = cx.state();
    let m = &state.media[index];
    if m.parent.is_some() {
        return Err(GraphError::param(
            "(#100) The Media Insights API does not support carousel children media",
        ));
    }
    let mut all: Vec<&str> = FEED_METRICS.to_vec();
    for x in REELS_METRICS.iter().chain(STORY_METRICS) {
        if !all.contains(x) {
            all.push(x);
        }
    }
    let supported = match m.product {
        Product::Feed => FEED_METRICS,
        Product::Reels => REELS_METRICS,
        Product::Story => STORY_METRICS,
    };
    for (i, name) in requested.iter().enumerate() {
        if *name == "impressions" {
            return Err(GraphError::param(IMPRESSIONS_GONE));
        }
        if PLAYS.contains(name) {
            return Err(GraphError::param(PLAYS_GONE));
        }
        if !all.contains(name) {
            return Err(must_be_one_of(i, &all));
        }
        if !supported.contains(name) {
            return Err(GraphError::param(format!(
                "(#100) The Media Insights API does not support the {name} metric for this media product type."
            )));
        }
    }
    if m.product == Product::Story && m.viewers < 5 {
        return Err(GraphError::oauth(
            10,
            "(#10) Not enough viewers for the media to show insights",
        ));
    }
    let dims = split(cx.params.get("breakdown").unwrap_or(""));
    for d in &dims {
        if !matches!(*d, "action_type" | "story_navigation_action_type") {
            return Err(GraphError::param(
                "(#100) breakdown must be one of the following values: action_type, story_navigation_action_type",
            ));
        }
    }
    let a = state
        .accounts
        .get(m.account)
        .ok_or_else(GraphError::invalid_token)?;
    let comments = state.comments.iter().filter(|c| c.media_id == m.id).count() as u64;
    let seed = a.seed ^ crate::ids::mix(m.timestamp.unix_timestamp() as u64);
    let mut data = Vec::new();
    for name in &requested {
        let value = media_value(m, comments, name, seed);
        let (t, d) = title(name);
        let mut item = json!({
            "name": name,
            "period": "lifetime",
            "values": [{ "value": value }],
            "title": t,
            "description": d,
            "id": format!("{}/insights/{name}/lifetime", m.id),
        });
        if !dims.is_empty() {
            let fits = match *name {
                "profile_activity" => dims == ["action_type"],
                "navigation" => dims == ["story_navigation_action_type"],
                _ => false,
            };
            if !fits {
                return Err(GraphError::unknown_error());
            }
            item["total_value"] =
                json!({ "value": value, "breakdowns": [breakdown(a, value, &dims, name)] });
        }
        data.push(item);
    }
    Ok(json!({ "data": data }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn days_end_at_pacific_midnight() {
        let until = datetime!(2026-06-22 12:00 UTC);
        let days = day_ends(until - Duration::days(30), until);
        assert_eq!(days.len(), 30);
        assert_eq!(iso(days[29]), "2026-06-22T07:00:00+0000");
        assert_eq!(day_ends(until - Duration::hours(24), until).len(), 1);
    }
}
