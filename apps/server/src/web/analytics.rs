//! The Analytics page (`/analytics`): follower growth with daily gains and
//! losses, reach and views, the posts table, demographics and online hours
//! with the suggested best time, over a chosen range; CSV exports; and the
//! dashboard's per-account analytics.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::User;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::accounts::AccountError;
use socialflow_core::analytics::{
    self as an, Audience, DailyInsights, DateRange, FollowerSnapshot, MediaMetrics, Point,
    RangeError, RangePreset,
};
use time::Duration;

use super::analytics_format as fmt;
use super::charts::{self, HBar, HeatCell, TimeChart};
use super::layout::Layout;
use super::pages::{error_page, internal_error};
use super::session::WebUser;
use crate::i18n::{Arg, Tr};
use crate::state::AppState;

/// Rows of the posts table shown on the page; the CSV has all.
const POSTS_SHOWN: usize = 100;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnalyticsQuery {
    pub account: String,
    pub range: String,
    pub from: String,
    pub to: String,
    pub sort: String,
    pub dir: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

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
    pub engagement: String,
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
    pub demographics: Vec<DemographicChart>,
    pub heat: Vec<HeatCell>,
    pub best_time: String,
    /// The composer with the next such time filled in, when there is one.
    pub schedule_href: Option<String>,
    pub audience_fetched: String,
    pub export_query: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics.html")]
pub struct AnalyticsPage {
    pub l: Layout,
    pub accounts: Vec<Choice>,
    pub presets: Vec<Choice>,
    pub custom: bool,
    pub from: String,
    pub to: String,
    pub error: Option<String>,
    pub data: Option<AnalyticsData>,
    pub chart_width: f64,
    pub chart_height: f64,
}

/// The translated message for a refused range.
pub fn range_error(tr: &Tr, e: &RangeError) -> String {
    match e {
        RangeError::UnknownPreset(_) => tr.t("analytics-error-preset"),
        RangeError::BadDate(s) => tr.t1("analytics-error-date", "value", s.as_str()),
        RangeError::Incomplete => tr.t("analytics-error-incomplete"),
        RangeError::Reversed { .. } => tr.t("analytics-error-reversed"),
        RangeError::TooLong { days, max } => tr.t_args(
            "analytics-error-too-long",
            &[("days", Arg::from(*days)), ("max", Arg::from(*max))],
        ),
        RangeError::InFuture(_) => tr.t("analytics-error-future"),
    }
}

fn preset_label(tr: &Tr, p: RangePreset) -> String {
    tr.t(&format!("analytics-range-{}", p.as_str()))
}

/// The range the query asks for, in the user's days.
pub fn chosen_range(
    q: &AnalyticsQuery,
    today: time::Date,
) -> Result<(RangePreset, DateRange), RangeError> {
    let preset = if q.range.is_empty() {
        RangePreset::Days30
    } else {
        RangePreset::parse(&q.range).ok_or_else(|| RangeError::UnknownPreset(q.range.clone()))?
    };
    let range = an::resolve_range(preset, Some(&q.from), Some(&q.to), today)?;
    Ok((preset, range))
}

fn parse_account(raw: &str) -> Option<AccountId> {
    uuid::Uuid::parse_str(raw).ok().map(AccountId)
}

/// The account the query names, else the user's first.
fn pick<'a>(accounts: &'a [Account], raw: &str) -> Option<&'a Account> {
    match parse_account(raw) {
        Some(id) => accounts.iter().find(|a| a.id == id),
        None if raw.is_empty() => accounts.first(),
        None => None,
    }
}

fn query_string(q: &AnalyticsQuery, account: AccountId, sort: &str, dir: &str) -> String {
    serde_urlencoded::to_string([
        ("account", account.to_string().as_str()),
        ("range", q.range.as_str()),
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
        ("sort", sort),
        ("dir", dir),
    ])
    .unwrap_or_default()
}

const SORTS: [(&str, &str); 10] = [
    ("date", "analytics-col-date"),
    ("reach", "analytics-col-reach"),
    ("views", "analytics-col-views"),
    ("likes", "analytics-col-likes"),
    ("comments", "analytics-col-comments"),
    ("saves", "analytics-col-saves"),
    ("shares", "analytics-col-shares"),
    ("watch", "analytics-col-watch"),
    ("er", "analytics-col-engagement"),
    ("type", "analytics-col-type"),
];

/// Sorts posts by a column (`date` for an unknown one); unknown values sort
/// last whatever the direction.
pub fn sort_posts(posts: &mut [MediaMetrics], sort: &str, descending: bool) {
    an::sort_media(
        posts,
        an::MediaSort::parse(sort).unwrap_or(an::MediaSort::Date),
        descending,
    );
}

fn truncate(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

fn kind_label(tr: &Tr, m: &MediaMetrics) -> String {
    match (m.product.as_str(), m.media_type.as_str()) {
        ("REELS", _) => tr.t("analytics-kind-reel"),
        ("STORY", _) => tr.t("analytics-kind-story"),
        (_, "CAROUSEL_ALBUM") => tr.t("analytics-kind-carousel"),
        _ => tr.t("analytics-kind-post"),
    }
}

fn post_row(tr: &Tr, user: &User, m: &MediaMetrics) -> PostRow {
    PostRow {
        date: fmt::moment(tr.lang, &user.time_zone, m.posted_at),
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
        engagement: fmt::percent(tr, m.engagement_rate()),
    }
}

/// The range by day, or by week when it is longer than
/// [`an::WEEKLY_ABOVE_DAYS`]: charts and tables show the same points.
fn weekly(range: DateRange) -> bool {
    range.days() > an::WEEKLY_ABOVE_DAYS
}

/// A point's label on the axis, and its name in titles and tables ("Nov 3,
/// 2026", or "Nov 3, 2026 – Nov 9, 2026" for a week).
fn span_labels(tr: &Tr, from: time::Date, to: time::Date) -> (String, String) {
    let name = if from == to {
        fmt::day(tr.lang, from)
    } else {
        format!("{} – {}", fmt::day(tr.lang, from), fmt::day(tr.lang, to))
    };
    (fmt::short_day(tr.lang, from), name)
}

/// Points as charts and tables draw them: daily, or weekly for long ranges.
fn chart_points(points: &[Point], weekly: bool, level: bool) -> Vec<an::WeekPoint> {
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

fn follower_view(
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
        first: g.first.to_string(),
        last: g.last.to_string(),
        change: fmt::change(tr, Some(g.change)),
        gained: format!("+{}", g.gained),
        lost: fmt::change(tr, Some(-g.lost)),
    });
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
        charts::lines(&labels, &[("followers", values)]),
        charts::change_bars(&labels, &changes, &titles),
        rows,
    )
}

fn insight_view(tr: &Tr, range: DateRange, rows: &[DailyInsights]) -> (TimeChart, Vec<InsightRow>) {
    let weekly = weekly(range);
    let series = |pick: fn(&DailyInsights) -> Option<i64>| {
        chart_points(&an::insight_series(range, rows, pick), weekly, false)
    };
    let reach = series(|r| r.reach);
    let views = series(|r| r.views);
    let labels: Vec<String> = reach
        .iter()
        .map(|p| fmt::short_day(tr.lang, p.from))
        .collect();
    let chart = charts::lines(
        &labels,
        &[
            ("reach", reach.iter().map(|p| p.value).collect()),
            ("views", views.iter().map(|p| p.value).collect()),
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
                day: fmt::day(tr.lang, r.day),
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

fn audience_view(
    tr: &Tr,
    user: &User,
    now: time::OffsetDateTime,
    audience: Option<&Audience>,
) -> (Vec<DemographicChart>, Vec<HeatCell>, String, String) {
    let Some(a) = audience else {
        return (
            Vec::new(),
            Vec::new(),
            tr.t("analytics-best-time-none"),
            tr.t("analytics-na"),
        );
    };
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
        chart("analytics-demo-country", &a.demographics.country, &plain),
        chart("analytics-demo-city", &a.demographics.city, &plain),
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
    (
        demographics,
        heat,
        best,
        fmt::moment(tr.lang, &user.time_zone, a.fetched_at),
    )
}

fn presets(tr: &Tr, chosen: Option<RangePreset>) -> Vec<Choice> {
    RangePreset::ALL
        .iter()
        .map(|p| Choice {
            value: p.as_str().into(),
            label: preset_label(tr, *p),
            selected: Some(*p) == chosen,
        })
        .collect()
}

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let accounts = match state.accounts.list(me.user.id).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let selected = pick(&accounts, &q.account);
    if selected.is_none() && !q.account.is_empty() {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    }
    let account_choices = accounts
        .iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: format!("@{}", a.profile.username),
            selected: selected.is_some_and(|s| s.id == a.id),
        })
        .collect();
    let today = state.analytics.today(&me.user);
    let chosen = chosen_range(&q, today);
    let mut page = AnalyticsPage {
        accounts: account_choices,
        presets: presets(
            &tr,
            chosen
                .as_ref()
                .ok()
                .map(|c| c.0)
                .or(RangePreset::parse(&q.range)),
        ),
        custom: q.range == "custom",
        from: q.from.clone(),
        to: q.to.clone(),
        error: None,
        data: None,
        chart_width: charts::WIDTH,
        chart_height: charts::HEIGHT,
        l: Layout::new(tr, "analytics-title", Some(&me.user), &csrf.0, "/analytics"),
    };
    let (range, account) = match (chosen, selected) {
        (Err(e), _) => {
            page.error = Some(range_error(&tr, &e));
            return page
                .with_status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response();
        }
        (Ok(_), None) => return page.into_response(),
        (Ok((_, range)), Some(account)) => (range, account),
    };
    match build(&state, &tr, &me.user, account, range, &q).await {
        Ok(data) => {
            page.data = Some(data);
            page.into_response()
        }
        Err(AccountError::NotFound) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot load analytics");
            internal_error(req, Some(&me.user))
        }
    }
}

async fn build(
    state: &AppState,
    tr: &Tr,
    user: &User,
    account: &Account,
    range: DateRange,
    q: &AnalyticsQuery,
) -> Result<AnalyticsData, AccountError> {
    let sort = if SORTS.iter().any(|(k, _)| *k == q.sort) {
        q.sort.as_str()
    } else {
        "date"
    };
    let descending = q.dir != "asc";
    // One ownership check; the posts are sorted and limited in the
    // database: the page shows POSTS_SHOWN rows of possibly thousands (the
    // CSV has all).
    let an::PageData {
        snapshots,
        insights,
        posts,
        audience,
    } = state
        .analytics
        .page_data(
            user,
            account.id,
            range,
            an::MediaSort::parse(sort).unwrap_or(an::MediaSort::Date),
            descending,
            POSTS_SHOWN as u32,
        )
        .await?;

    let (followers, follower_chart, change_chart, follower_rows) =
        follower_view(tr, range, &snapshots);
    let (reach_chart, insight_rows) = insight_view(tr, range, &insights);

    let sort_headers = SORTS
        .iter()
        .map(|(key, label)| {
            let active = *key == sort;
            let next = if active && descending { "asc" } else { "desc" };
            SortHeader {
                label: tr.t(label),
                href: format!("/analytics?{}", query_string(q, account.id, key, next)),
                aria: match (active, descending) {
                    (false, _) => "none",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                },
            }
        })
        .collect();
    let posts_total = usize::try_from(posts.total).unwrap_or(usize::MAX);
    let rows = posts.rows.iter().map(|m| post_row(tr, user, m)).collect();
    let (demographics, heat, best_time, audience_fetched) =
        audience_view(tr, user, state.analytics.now(), audience.as_ref());
    let schedule_href = audience
        .as_ref()
        .and_then(|a| a.online.as_ref())
        .and_then(|o| an::posting_suggestion(o, &user.time_zone, state.analytics.now()))
        .map(|s| {
            let local = s.next_local;
            let q = serde_urlencoded::to_string([
                ("account", account.id.to_string()),
                ("date", local.date().to_string()),
                ("time", format!("{:02}:{:02}", local.hour(), local.minute())),
            ])
            .unwrap_or_default();
            format!("/content/new?{q}#schedule")
        });
    Ok(AnalyticsData {
        username: account.profile.username.clone(),
        range_text: tr.t_args(
            "analytics-range-text",
            &[
                ("from", Arg::from(fmt::day(tr.lang, range.from))),
                ("to", Arg::from(fmt::day(tr.lang, range.to))),
                ("days", Arg::from(range.days())),
            ],
        ),
        weekly_note: weekly(range).then(|| tr.t("analytics-weekly-note")),
        followers,
        follower_chart,
        change_chart,
        follower_rows,
        reach_chart,
        insight_rows,
        posts: rows,
        posts_total,
        posts_note: (posts_total > POSTS_SHOWN).then(|| {
            tr.t_args(
                "analytics-posts-more",
                &[
                    ("shown", Arg::from(POSTS_SHOWN)),
                    ("total", Arg::from(posts_total)),
                ],
            )
        }),
        sort_headers,
        demographics,
        heat,
        best_time,
        schedule_href,
        audience_fetched,
        export_query: query_string(q, account.id, sort, if descending { "desc" } else { "asc" }),
    })
}

// ------------------------------------------------------------------ CSV

/// One CSV field: quoted when needed, and a leading `= + - @` neutralised so
/// spreadsheets do not run Instagram-provided text as a formula.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_response(name: &str, body: String) -> Response {
    body.with_content_type("text/csv; charset=utf-8")
        .with_header(
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        )
        .into_response()
}

/// The follower series as CSV: every day of the range, empty cells where
/// nothing was recorded.
pub fn followers_csv(range: DateRange, snapshots: &[FollowerSnapshot]) -> String {
    let mut out = String::from("date,followers,change,following,posts,source\n");
    let points = an::follower_series(range, snapshots);
    let by_day: std::collections::HashMap<_, _> = snapshots.iter().map(|s| (s.day, s)).collect();
    for p in points {
        let snap = by_day.get(&p.day).copied();
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            p.day,
            opt(p.value),
            opt(p.change),
            opt(snap.and_then(|s| s.following)),
            opt(snap.and_then(|s| s.media_count)),
            snap.map(|s| s.source.as_str()).unwrap_or(""),
        ));
    }
    out
}

pub fn posts_csv(user: &User, posts: &[MediaMetrics]) -> String {
    let mut out = String::from(
        "posted_at,media_id,product,media_type,permalink,caption,reach,views,likes,comments,saves,shares,replies,avg_watch_time_ms,total_watch_time_ms,engagement_rate\n",
    );
    for m in posts {
        let local = user.time_zone.to_local(m.posted_at);
        let row = [
            format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute()),
            csv_field(&m.media_id),
            csv_field(&m.product),
            csv_field(&m.media_type),
            csv_field(m.permalink.as_deref().unwrap_or("")),
            csv_field(m.caption.as_deref().unwrap_or("")),
            opt(m.reach),
            opt(m.views),
            opt(m.likes),
            opt(m.comments),
            opt(m.saves),
            opt(m.shares),
            opt(m.replies),
            opt(m.avg_watch_time_ms),
            opt(m.total_watch_time_ms),
            m.engagement_rate()
                .map(|r| format!("{r:.2}"))
                .unwrap_or_default(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

async fn export_parts(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    q: &AnalyticsQuery,
) -> Result<(Account, DateRange), Response> {
    let tr = Tr::new(me.user.language);
    let Some(id) = parse_account(&q.account) else {
        return Err(error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ));
    };
    let range = match chosen_range(q, state.analytics.today(&me.user)) {
        Ok((_, r)) => r,
        Err(e) => {
            return Err(range_error(&tr, &e)
                .with_status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response());
        }
    };
    match state.accounts.get(me.user.id, id).await {
        Ok(a) => Ok((a, range)),
        Err(AccountError::NotFound) => Err(error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        )),
        Err(e) => {
            tracing::error!(error = %e, "cannot load an account");
            Err(internal_error(req, Some(&me.user)))
        }
    }
}

#[handler]
pub async fn export_followers(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let (account, range) = match export_parts(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match state
        .analytics
        .followers(me.user.id, account.id, range)
        .await
    {
        Ok(s) => csv_response(
            &format!(
                "followers-{}-{}-{}.csv",
                account.profile.username, range.from, range.to
            ),
            followers_csv(range, &s),
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot export followers");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn export_posts(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let (account, range) = match export_parts(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match state.analytics.posts(&me.user, account.id, range).await {
        Ok(mut posts) => {
            sort_posts(&mut posts, &q.sort, q.dir != "asc");
            csv_response(
                &format!(
                    "posts-{}-{}-{}.csv",
                    account.profile.username, range.from, range.to
                ),
                posts_csv(&me.user, &posts),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot export posts");
            internal_error(req, Some(&me.user))
        }
    }
}

// ------------------------------------------------------------ dashboard

/// One account on the dashboard: profile, counts, 30-day growth and when
/// each figure was last refreshed.
pub struct DashboardAccount {
    pub id: String,
    pub username: String,
    pub name: Option<String>,
    pub biography: Option<String>,
    pub picture: Option<String>,
    pub followers: String,
    pub following: String,
    pub posts: String,
    pub profile_refreshed: String,
    pub growth: String,
    pub growth_class: &'static str,
    pub snapshot_taken: String,
    pub insights_fetched: String,
    /// "3 unanswered comments": top-level comments by others the account
    /// has not replied to (links to the Comments page).
    pub unanswered_comments: String,
    /// "1 unread conversation": a message newer than the owner's last look
    /// (links to the Messages page).
    pub unread_conversations: String,
    /// When the inbox (comments, messages) was last fetched, or "not available".
    pub inbox_refreshed: String,
    pub chart: TimeChart,
    pub needs_reconnect: bool,
}

pub async fn dashboard_accounts(
    state: &AppState,
    user: &User,
    accounts: &[Account],
) -> Result<Vec<DashboardAccount>, AccountError> {
    let tr = Tr::new(user.language);
    let today = state.analytics.today(user);
    let range = DateRange {
        from: today - Duration::days(29),
        to: today,
    };
    let mut out = Vec::new();
    for a in accounts {
        let snapshots = state.analytics.followers(user.id, a.id, range).await?;
        let insights = state.analytics.insights(user.id, a.id, range).await?;
        let points = an::follower_series(range, &snapshots);
        let growth = an::growth(&points);
        let labels: Vec<String> = points
            .iter()
            .map(|p| fmt::short_day(tr.lang, p.day))
            .collect();
        let inbox = state
            .inbox
            .account_counts(user.id, a.id)
            .await
            .map_err(|e| AccountError::Internal(e.into()))?;
        let inbox_refreshed = state
            .inbox
            .refreshed_at(user.id, a.id)
            .await
            .map_err(|e| AccountError::Internal(e.into()))?;
        let na = || tr.t("analytics-na");
        let count = |n: Option<i64>| fmt::count(&tr, n);
        out.push(DashboardAccount {
            unanswered_comments: tr.t1(
                "dashboard-unanswered-comments",
                "count",
                i64::try_from(inbox.unanswered_comments).unwrap_or(i64::MAX),
            ),
            unread_conversations: tr.t1(
                "dashboard-unread-conversations",
                "count",
                i64::try_from(inbox.unread_conversations).unwrap_or(i64::MAX),
            ),
            inbox_refreshed: inbox_refreshed
                .map_or_else(na, |t| fmt::moment(tr.lang, &user.time_zone, t)),
            id: a.id.to_string(),
            username: a.profile.username.clone(),
            name: a.profile.name.clone(),
            biography: a.profile.biography.clone(),
            picture: a
                .profile
                .profile_picture_url
                .clone()
                .filter(|u| u.starts_with("https://")),
            followers: count(a.profile.followers_count),
            following: count(a.profile.follows_count),
            posts: count(a.profile.media_count),
            profile_refreshed: fmt::moment(tr.lang, &user.time_zone, a.profile_fetched_at),
            growth: growth.map_or_else(na, |g| fmt::change(&tr, Some(g.change))),
            growth_class: match growth.map(|g| g.change) {
                Some(c) if c > 0 => "good",
                Some(c) if c < 0 => "bad",
                _ => "",
            },
            snapshot_taken: snapshots
                .iter()
                .map(|s| s.taken_at)
                .max()
                .map_or_else(na, |t| fmt::moment(tr.lang, &user.time_zone, t)),
            insights_fetched: insights
                .iter()
                .map(|r| r.fetched_at)
                .max()
                .map_or_else(na, |t| fmt::moment(tr.lang, &user.time_zone, t)),
            chart: charts::lines(
                &labels,
                &[("followers", points.iter().map(|p| p.value).collect())],
            ),
            needs_reconnect: a.status == socialflow_core::account::AccountStatus::NeedsReconnect,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }
}
