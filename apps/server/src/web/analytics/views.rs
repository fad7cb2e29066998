//! Analytics figures as the page draws them: the series by day or week,
//! the posts table's rows, the demographic and online-hours charts.

use socialflow_core::User;
use socialflow_core::analytics::{
    self as an, Audience, DailyInsights, DateRange, FollowerSnapshot, MediaMetrics, Point,
};

use super::charts::{self, HBar, HeatCell, TimeChart};
use super::format as fmt;
use crate::i18n::{Arg, Tr};
use crate::place_names::PlaceNames;
use crate::web::shared::format::{day, moment, short_day};

pub struct SeriesRow {
    pub day: String,
    pub value: String,
    pub change: String,
    pub missing: bool,
}

pub struct InsightRow {
    pub day: String,
    pub reach: String,
    pub views: String,
    pub engaged: String,
    pub interactions: String,
    pub profile: String,
}

pub struct PostRow {
    pub date: String,
    pub kind: String,
    pub caption: String,
    pub permalink: Option<String>,
    pub reach: String,
    pub views: String,
    pub likes: String,
    pub comments: String,
    pub saves: String,
    pub shares: String,
    pub watch: String,
    /// Reels only: reposts and skip rate ("—" when Instagram gave none).
    pub reposts: String,
    pub skip_rate: String,
    pub engagement: String,
}

/// The posts table's sort as a small form, for phones where the table
/// turns into cards and its headers are not shown.
pub struct SortForm {
    pub account: String,
    pub range: String,
    pub from: String,
    pub to: String,
    pub sorts: Vec<crate::web::shared::choice::Choice>,
    pub descending: bool,
}

pub struct SortHeader {
    pub label: String,
    pub href: String,
    /// `ascending`, `descending` or `none` (aria-sort).
    pub aria: &'static str,
}

pub struct DemographicChart {
    pub title: String,
    pub bars: Vec<HBar>,
    pub height: String,
}

pub struct Summary {
    pub first: String,
    pub last: String,
    pub change: String,
    pub gained: String,
    pub lost: String,
}

pub struct AnalyticsData {
    pub username: String,
    pub range_text: String,
    /// The key figures with their Δ against the previous period.
    pub kpis: Vec<super::kpis::KpiView>,
    pub compared_with: String,
    /// Over 90 days: "one point per week …; the CSV has every day".
    pub weekly_note: Option<String>,
    pub followers: Option<Summary>,
    pub follower_chart: TimeChart,
    pub change_chart: TimeChart,
    pub follower_rows: Vec<SeriesRow>,
    pub reach_chart: TimeChart,
    pub insight_rows: Vec<InsightRow>,
    pub posts: Vec<PostRow>,
    pub posts_total: usize,
    pub posts_note: Option<String>,
    pub sort_headers: Vec<SortHeader>,
    pub sort_form: SortForm,
    pub demographics: Vec<DemographicChart>,
    pub heat: Vec<HeatCell>,
    /// The weekday × hour grid, when the raw online hours are stored.
    pub heatmap: Option<super::heatmap::HeatmapView>,
    /// Age, gender, countries and cities with names and values written out.
    pub audience_bars: Vec<super::audience_bars::BarGroup>,
    pub best_time: String,
    /// The composer with the next such time filled in, when there is one.
    pub schedule_href: Option<String>,
    pub audience_fetched: String,
    pub export_query: String,
    /// `account=&from=&to=` of the report of this range.
    pub report_query: String,
}

pub fn truncate(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

pub fn kind_label(tr: &Tr, m: &MediaMetrics) -> String {
    match (m.product.as_str(), m.media_type.as_str()) {
        ("REELS", _) => tr.t("analytics-kind-reel"),
        ("STORY", _) => tr.t("analytics-kind-story"),
        (_, "CAROUSEL_ALBUM") => tr.t("analytics-kind-carousel"),
        _ => tr.t("analytics-kind-post"),
    }
}

pub fn post_row(tr: &Tr, user: &User, m: &MediaMetrics) -> PostRow {
    PostRow {
        date: moment(tr.lang, &user.time_zone, m.posted_at),
        kind: kind_label(tr, m),
        caption: truncate(m.caption.as_deref().unwrap_or(""), 80),
        permalink: m.permalink.clone().filter(|p| p.starts_with("https://")),
        reach: fmt::count(tr, m.reach),
        views: fmt::count(tr, m.views),
        likes: fmt::count(tr, m.likes),
        comments: fmt::count(tr, m.comments),
        saves: fmt::count(tr, m.saves),
        shares: fmt::count(tr, m.shares),
        watch: fmt::seconds(tr, m.avg_watch_time_ms),
        reposts: m
            .reposts
            .map_or_else(|| "—".into(), |v| fmt::group(tr.lang, v)),
        skip_rate: m
            .skip_rate
            .map_or_else(|| "—".into(), |v| format!("{}%", fmt::group(tr.lang, v))),
        engagement: fmt::percent(tr, m.engagement_rate()),
    }
}

/// The range by day, or by week when it is longer than
/// [`an::WEEKLY_ABOVE_DAYS`]: charts and tables show the same points.
pub fn weekly(range: DateRange) -> bool {
    range.days() > an::WEEKLY_ABOVE_DAYS
}

/// A point's label on the axis, and its name in titles and tables ("Nov 3,
/// 2026", or "Nov 3, 2026 – Nov 9, 2026" for a week).
pub fn span_labels(tr: &Tr, from: time::Date, to: time::Date) -> (String, String) {
    let name = if from == to {
        day(tr.lang, from)
    } else {
        format!("{} – {}", day(tr.lang, from), day(tr.lang, to))
    };
    (short_day(tr.lang, from), name)
}

/// Points as charts and tables draw them: daily, or weekly for long ranges.
pub fn chart_points(points: &[Point], weekly: bool, level: bool) -> Vec<an::WeekPoint> {
    match (weekly, level) {
        (true, true) => an::weekly_last(points),
        (true, false) => an::weekly_sum(points),
        (false, _) => points
            .iter()
            .map(|p| an::WeekPoint {
                from: p.day,
                to: p.day,
                value: p.value,
                change: p.change,
            })
            .collect(),
    }
}

pub fn follower_view(
    tr: &Tr,
    range: DateRange,
    snapshots: &[FollowerSnapshot],
) -> (Option<Summary>, TimeChart, TimeChart, Vec<SeriesRow>) {
    let daily: Vec<Point> = an::follower_series(range, snapshots);
    let points = chart_points(&daily, weekly(range), true);
    let (labels, names): (Vec<String>, Vec<String>) =
        points.iter().map(|p| span_labels(tr, p.from, p.to)).unzip();
    let values: Vec<Option<i64>> = points.iter().map(|p| p.value).collect();
    let changes: Vec<Option<i64>> = points.iter().map(|p| p.change).collect();
    let titles: Vec<String> = points
        .iter()
        .zip(&names)
        .map(|(p, name)| format!("{name}: {}", fmt::change(tr, p.change)))
        .collect();
    // Start, end, gains and losses always count day by day.
    let summary = an::growth(&daily).map(|g| Summary {
        first: fmt::count(tr, Some(g.first)),
        last: fmt::count(tr, Some(g.last)),
        change: fmt::change(tr, Some(g.change)),
        gained: format!("+{}", fmt::group(tr.lang, g.gained)),
        lost: fmt::change(tr, Some(-g.lost)),
    });
    let line = charts::lines(
        tr.lang,
        &labels,
        &names,
        &[charts::Series {
            class: "followers",
            name: tr.t("analytics-col-followers"),
            values,
        }],
    );
    let rows = points
        .iter()
        .zip(names)
        .rev()
        .map(|(p, name)| SeriesRow {
            day: name,
            value: fmt::count(tr, p.value),
            change: if p.value.is_some() {
                fmt::change(tr, p.change)
            } else {
                String::new()
            },
            missing: p.value.is_none(),
        })
        .collect();
    (
        summary,
        line,
        charts::change_bars(tr.lang, &labels, &changes, &titles),
        rows,
    )
}

pub fn insight_view(
    tr: &Tr,
    range: DateRange,
    rows: &[DailyInsights],
) -> (TimeChart, Vec<InsightRow>) {
    let weekly = weekly(range);
    let series = |pick: fn(&DailyInsights) -> Option<i64>| {
        chart_points(&an::insight_series(range, rows, pick), weekly, false)
    };
    let reach = series(|r| r.reach);
    let views = series(|r| r.views);
    let (labels, names): (Vec<String>, Vec<String>) =
        reach.iter().map(|p| span_labels(tr, p.from, p.to)).unzip();
    let chart = charts::lines(
        tr.lang,
        &labels,
        &names,
        &[
            charts::Series {
                class: "reach",
                name: tr.t("analytics-col-reach"),
                values: reach.iter().map(|p| p.value).collect(),
            },
            charts::Series {
                class: "views",
                name: tr.t("analytics-col-views"),
                values: views.iter().map(|p| p.value).collect(),
            },
        ],
    );
    let table = if weekly {
        let engaged = series(|r| r.accounts_engaged);
        let interactions = series(|r| r.total_interactions);
        let profile = series(|r| r.profile_activity);
        (0..reach.len())
            .rev()
            .map(|i| InsightRow {
                day: span_labels(tr, reach[i].from, reach[i].to).1,
                reach: fmt::count(tr, reach[i].value),
                views: fmt::count(tr, views[i].value),
                engaged: fmt::count(tr, engaged[i].value),
                interactions: fmt::count(tr, interactions[i].value),
                profile: fmt::count(tr, profile[i].value),
            })
            .collect()
    } else {
        rows.iter()
            .rev()
            .map(|r| InsightRow {
                day: day(tr.lang, r.day),
                reach: fmt::count(tr, r.reach),
                views: fmt::count(tr, r.views),
                engaged: fmt::count(tr, r.accounts_engaged),
                interactions: fmt::count(tr, r.total_interactions),
                profile: fmt::count(tr, r.profile_activity),
            })
            .collect()
    };
    (chart, table)
}

/// The audience part of the page.
pub struct AudienceView {
    pub demographics: Vec<DemographicChart>,
    pub bars: Vec<super::audience_bars::BarGroup>,
    pub heat: Vec<HeatCell>,
    pub heatmap: Option<super::heatmap::HeatmapView>,
    pub best_time: String,
    pub fetched: String,
}

pub fn audience_view(
    tr: &Tr,
    user: &User,
    now: time::OffsetDateTime,
    audience: Option<&Audience>,
) -> AudienceView {
    let Some(a) = audience else {
        return AudienceView {
            demographics: Vec::new(),
            bars: Vec::new(),
            heat: Vec::new(),
            heatmap: None,
            best_time: tr.t("analytics-best-time-none"),
            fetched: tr.t("analytics-na"),
        };
    };
    let places = PlaceNames::new(tr.lang);
    let gender = |k: &str| match k {
        "F" => tr.t("analytics-gender-f"),
        "M" => tr.t("analytics-gender-m"),
        _ => tr.t("analytics-gender-u"),
    };
    let chart = |key: &str, buckets: &[an::Bucket], label: &dyn Fn(&str) -> String| {
        let rows: Vec<(String, i64)> = buckets
            .iter()
            .take(10)
            .map(|b| (label(&b.key), b.value))
            .collect();
        DemographicChart {
            title: tr.t(key),
            height: format!("{:.0}", rows.len() as f64 * charts::HBAR_ROW + 8.0),
            bars: charts::hbars(&rows),
        }
    };
    let plain = |k: &str| k.to_string();
    let mut age = a.demographics.age.clone();
    age.sort_by(|x, y| x.key.cmp(&y.key));
    let demographics = vec![
        chart("analytics-demo-age", &age, &plain),
        chart("analytics-demo-gender", &a.demographics.gender, &gender),
        chart(
            "analytics-demo-country",
            &a.demographics.country,
            &|k: &str| places.country(k),
        ),
        chart("analytics-demo-city", &a.demographics.city, &|k: &str| {
            places.city(k)
        }),
    ];
    let (heat, best) = match &a.online {
        Some(online) => {
            let best = an::best_time_to_post(online, &user.time_zone, now);
            let local = an::local_hours(online, &user.time_zone, now);
            let text = best.map_or_else(
                || tr.t("analytics-best-time-none"),
                |b| {
                    tr.t_args(
                        "analytics-best-time",
                        &[
                            ("hour", Arg::from(format!("{:02}:00", b.local_hour))),
                            ("followers", Arg::from(b.followers)),
                        ],
                    )
                },
            );
            (charts::heat_strip(&local, best.map(|b| b.local_hour)), text)
        }
        None => (Vec::new(), tr.t("analytics-best-time-none")),
    };
    // The grid from the raw hours; its busiest slot is the suggestion.
    let grid = an::heatmap(&a.online_samples, &user.time_zone);
    let best = match grid.as_ref().and_then(|g| g.top.first()) {
        Some(top) => tr.t1(
            "audience-best-slot",
            "slot",
            super::heatmap::top_text(tr, top),
        ),
        None => best,
    };
    AudienceView {
        demographics,
        bars: super::audience_bars::audience_bars(tr, &a.demographics),
        heat,
        heatmap: grid.map(|g| super::heatmap::heatmap_view(tr, &user.time_zone, &g)),
        best_time: best,
        fetched: moment(tr.lang, &user.time_zone, a.fetched_at),
    }
}
