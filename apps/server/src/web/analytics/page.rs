//! The Analytics page (`/analytics`): follower growth with daily gains and
//! losses, reach and views, the posts table, demographics and online hours
//! with the suggested best time, over a chosen range.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::accounts::AccountError;
use socialflow_core::analytics::{self as an, DateRange, RangePreset};

use super::charts::{self};
use super::conditional::{PageKey, not_modified, page_etag, tagged};
use super::kpis::{compared_with, kpi_views};
use super::query::{AnalyticsQuery, SORTS, chosen_range, pick, presets, query_string, range_error};
use super::views::{
    AnalyticsData, SortForm, SortHeader, audience_view, follower_view, insight_view, post_row,
    weekly,
};
use crate::i18n::{Arg, Tr};
use crate::state::AppState;
use crate::web::shared::choice::Choice;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::format::day;
use crate::web::shared::layout::Layout;
use crate::web::shared::session::WebUser;

/// Rows of the posts table shown on the page; the CSV has all.
const POSTS_SHOWN: usize = 100;

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

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    // The accounts and their data versions in one read: the version of the
    // chosen one decides whether the browser's copy is still this page.
    let (accounts, versions): (Vec<Account>, Vec<i64>) =
        match state.analytics.accounts_with_versions(&me.access).await {
            Ok(a) => a.into_iter().unzip(),
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
    // `account` was picked from `accounts`, so its version is there.
    let Some(version) = accounts
        .iter()
        .zip(&versions)
        .find_map(|(a, v)| (a.id == account.id).then_some(*v))
    else {
        tracing::error!("the chosen account has no version in the list");
        return internal_error(req, Some(&me.user));
    };
    let key = PageKey {
        version,
        user: &me.user,
        owner: me.access.owner(),
        workspace_zone: me.workspace_user.time_zone.name(),
        account,
        accounts: &accounts,
        range,
        q: &q,
        layout: &page.l,
    };
    let etag = page_etag(&state, req, &key);
    if let Some(resp) = not_modified(req, &etag) {
        return resp;
    }
    match build(&state, &tr, &me.workspace_user, account, range, &q).await {
        Ok(data) => {
            page.data = Some(data);
            tagged(page.into_response(), &etag)
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

pub async fn build(
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

    // The range's rows are already here: the key figures reuse them.
    let comparison = state
        .analytics
        .summary_of_page(user, account.id, range, &snapshots, &insights)
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
    let aud = audience_view(tr, user, state.analytics.now(), audience.as_ref());
    let audience_bars = aud.bars;
    let (demographics, heat, heatmap, best_time, audience_fetched) = (
        aud.demographics,
        aud.heat,
        aud.heatmap,
        aud.best_time,
        aud.fetched,
    );
    let schedule_href = audience
        .as_ref()
        .and_then(|a| an::suggestion_from(a, &user.time_zone, state.analytics.now()))
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
                ("from", Arg::from(day(tr.lang, range.from))),
                ("to", Arg::from(day(tr.lang, range.to))),
                ("days", Arg::from(range.days())),
            ],
        ),
        kpis: kpi_views(tr, &comparison),
        compared_with: compared_with(tr, range),
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
        sort_form: SortForm {
            account: account.id.to_string(),
            range: q.range.clone(),
            from: q.from.clone(),
            to: q.to.clone(),
            sorts: SORTS
                .iter()
                .map(|(key, label)| Choice {
                    value: (*key).into(),
                    label: tr.t(label),
                    selected: *key == sort,
                })
                .collect(),
            descending,
        },
        demographics,
        heat,
        heatmap,
        audience_bars,
        best_time,
        schedule_href,
        audience_fetched,
        export_query: query_string(q, account.id, sort, if descending { "desc" } else { "asc" }),
        report_query: serde_urlencoded::to_string([
            ("account", account.id.to_string()),
            ("from", range.from.to_string()),
            ("to", range.to.to_string()),
        ])
        .unwrap_or_default(),
    })
}
