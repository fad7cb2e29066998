//! The printable report of one account and period
//! (`/analytics/report?account=&from=&to=`): key figures with Δ %, the
//! follower and reach charts, the top posts and an audience summary, with
//! a print stylesheet so the browser's "Save as PDF" gives a clean report.
//! Its owner can share it as a signed, expiring, revocable read-only link
//! (`/shared/report/{secret}`) that opens without login.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use secrecy::ExposeSecret;
use serde::Deserialize;
use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::accounts::AccountError;
use socialflow_core::analytics::{self as an, DateRange};
use socialflow_core::reports::{
    MAX_LINKS_PER_ACCOUNT, MAX_VALID_DAYS, ReportLink, ReportLinkError, ReportLinkId,
    ReportLinkProblem,
};

use super::charts::{self, TimeChart};
use super::kpis::{KpiView, compared_with, kpi_views};
use super::query::{AnalyticsQuery, chosen_range, parse_account, range_error};
use super::views::{
    DemographicChart, PostRow, audience_view, follower_view, insight_view, post_row,
};
use crate::i18n::{Arg, Tr};
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::format::{day, moment};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// Posts in the report: the best by reach.
const TOP_POSTS: u32 = 10;
/// How long a new link works unless the owner says otherwise.
const DEFAULT_VALID_DAYS: i64 = 30;

pub struct ReportData {
    pub username: String,
    pub name: Option<String>,
    pub range_text: String,
    pub kpis: Vec<KpiView>,
    pub compared_with: String,
    pub follower_chart: TimeChart,
    pub reach_chart: TimeChart,
    pub top_posts: Vec<PostRow>,
    pub demographics: Vec<DemographicChart>,
    pub best_time: String,
    pub prepared: String,
}

pub struct LinkRow {
    pub id: String,
    pub period: String,
    pub expires: String,
    pub expired: bool,
}

/// What only the owner sees: the share form and the links.
pub struct Sharing {
    pub account: String,
    pub from: String,
    pub to: String,
    pub days: String,
    pub max_days: i64,
    pub links: Vec<LinkRow>,
    /// The new link, shown once.
    pub new_url: Option<String>,
    pub notice: Option<Notice>,
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics_report.html")]
pub struct ReportPage {
    pub l: Layout,
    pub d: ReportData,
    pub sharing: Option<Sharing>,
    pub chart_width: f64,
    pub chart_height: f64,
}

/// The report's figures for `owner`'s account over `range`, in `tr`.
pub async fn report_data(
    state: &AppState,
    tr: &Tr,
    owner: &User,
    account: &Account,
    range: DateRange,
) -> Result<ReportData, AccountError> {
    let data = state
        .analytics
        .page_data(
            owner,
            account.id,
            range,
            an::MediaSort::Reach,
            true,
            TOP_POSTS,
        )
        .await?;
    let comparison = state.analytics.summary(owner, account.id, range).await?;
    let (_, follower_chart, _, _) = follower_view(tr, range, &data.snapshots);
    let (reach_chart, _) = insight_view(tr, range, &data.insights);
    let now = state.analytics.now();
    let audience = audience_view(tr, owner, now, data.audience.as_ref());
    let (demographics, best_time) = (audience.demographics, audience.best_time);
    Ok(ReportData {
        username: account.profile.username.clone(),
        name: account.profile.name.clone().filter(|n| !n.is_empty()),
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
        follower_chart,
        reach_chart,
        top_posts: data
            .posts
            .rows
            .iter()
            .map(|m| post_row(tr, owner, m))
            .collect(),
        demographics: demographics
            .into_iter()
            .filter(|c| !c.bars.is_empty())
            .map(|mut c| {
                c.bars.truncate(5);
                c
            })
            .collect(),
        best_time,
        prepared: tr.t1(
            "analytics-report-prepared",
            "time",
            moment(tr.lang, &owner.time_zone, now),
        ),
    })
}

fn link_rows(
    tr: &Tr,
    user: &User,
    now: time::OffsetDateTime,
    links: &[ReportLink],
) -> Vec<LinkRow> {
    links
        .iter()
        .map(|k| LinkRow {
            id: k.id.to_string(),
            period: format!("{} – {}", day(tr.lang, k.from), day(tr.lang, k.to)),
            expires: moment(tr.lang, &user.time_zone, k.expires_at),
            expired: k.expired(now),
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    pub account: String,
    pub range: String,
    pub from: String,
    pub to: String,
}

impl ReportQuery {
    /// Dates given mean a custom range; else the preset (30 days).
    fn analytics(&self) -> AnalyticsQuery {
        let custom = !self.from.is_empty() || !self.to.is_empty();
        AnalyticsQuery {
            account: self.account.clone(),
            range: if custom && self.range.is_empty() {
                "custom".into()
            } else {
                self.range.clone()
            },
            from: self.from.clone(),
            to: self.to.clone(),
            ..AnalyticsQuery::default()
        }
    }
}

fn not_found(req: &Request, user: Option<&User>) -> Response {
    error_page(req, user, StatusCode::NOT_FOUND, "error-not-found")
}

/// The account and range a signed-in request asks for.
async fn owned(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    q: &ReportQuery,
) -> Result<(Account, DateRange), Response> {
    let tr = Tr::new(me.user.language);
    let Some(id) = parse_account(&q.account) else {
        return Err(not_found(req, Some(&me.user)));
    };
    let range = match chosen_range(&q.analytics(), state.analytics.today(&me.user)) {
        Ok((_, r)) => r,
        Err(e) => {
            return Err(range_error(&tr, &e)
                .with_status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response());
        }
    };
    match state.accounts.get_seen(&me.access, id).await {
        Ok(a) => Ok((a, range)),
        Err(AccountError::NotFound) => Err(not_found(req, Some(&me.user))),
        Err(e) => {
            tracing::error!(error = %e, "cannot load an account");
            Err(internal_error(req, Some(&me.user)))
        }
    }
}

/// The owner's report page with the share form and links.
#[allow(clippy::too_many_arguments)]
async fn render_owner(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    account: &Account,
    range: DateRange,
    days: String,
    new_url: Option<String>,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let d = match report_data(state, &tr, &me.workspace_user, account, range).await {
        Ok(d) => d,
        Err(AccountError::NotFound) => return not_found(req, Some(&me.user)),
        Err(e) => {
            tracing::error!(error = %e, "cannot build a report");
            return internal_error(req, Some(&me.user));
        }
    };
    let links = match state.report_links.list(me.access.owner(), account.id).await {
        Ok(l) => l,
        Err(ReportLinkError::NotFound) => return not_found(req, Some(&me.user)),
        Err(e) => {
            tracing::error!(error = %e, "cannot list report links");
            return internal_error(req, Some(&me.user));
        }
    };
    let mut l = Layout::new(
        tr,
        "analytics-report-title",
        Some(&me.user),
        csrf,
        "/analytics",
    );
    l.title = tr.t1("analytics-report-heading", "username", d.username.as_str());
    let view = ReportPage {
        l,
        sharing: Some(Sharing {
            account: account.id.to_string(),
            from: range.from.to_string(),
            to: range.to.to_string(),
            days,
            max_days: MAX_VALID_DAYS,
            links: link_rows(&tr, &me.user, state.analytics.now(), &links),
            new_url,
            notice,
        }),
        d,
        chart_width: charts::WIDTH,
        chart_height: charts::HEIGHT,
    };
    let mut resp = view.with_status(status).into_response();
    // A new link's secret is in this response only; never cache it.
    resp.headers_mut().insert(
        "cache-control",
        poem::http::HeaderValue::from_static("no-store"),
    );
    resp
}

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ReportQuery>,
) -> Response {
    let (account, range) = match owned(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    render_owner(
        req,
        &state,
        &me,
        &csrf.0,
        &account,
        range,
        DEFAULT_VALID_DAYS.to_string(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShareForm {
    pub account: String,
    pub from: String,
    pub to: String,
    pub days: String,
}

/// Makes a share link; the page comes back with it (shown once).
#[handler]
pub async fn share(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(f): CsrfForm<ShareForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let q = ReportQuery {
        account: f.account.clone(),
        from: f.from.clone(),
        to: f.to.clone(),
        ..ReportQuery::default()
    };
    let (account, range) = match owned(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let refuse = |text: String| {
        render_owner(
            req,
            &state,
            &me,
            &csrf.0,
            &account,
            range,
            f.days.clone(),
            None,
            Notice::error(text),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let Ok(days) = f.days.trim().parse::<i64>() else {
        return refuse(tr.t1("analytics-share-days-invalid", "max", MAX_VALID_DAYS)).await;
    };
    match state
        .report_links
        .create(me.access.owner(), account.id, range, days)
        .await
    {
        Ok(new) => {
            let url = format!(
                "{}/shared/report/{}",
                state.web.public_url.trim_end_matches('/'),
                new.secret.expose_secret()
            );
            render_owner(
                req,
                &state,
                &me,
                &csrf.0,
                &account,
                range,
                f.days.clone(),
                Some(url),
                Notice::ok(tr.t("analytics-share-created")),
                StatusCode::OK,
            )
            .await
        }
        Err(ReportLinkError::Invalid(ReportLinkProblem::ValidDays { .. })) => {
            refuse(tr.t1("analytics-share-days-invalid", "max", MAX_VALID_DAYS)).await
        }
        Err(ReportLinkError::Invalid(ReportLinkProblem::TooMany { .. })) => {
            refuse(tr.t1(
                "analytics-share-too-many",
                "max",
                i64::from(MAX_LINKS_PER_ACCOUNT),
            ))
            .await
        }
        Err(ReportLinkError::NotFound) => not_found(req, Some(&me.user)),
        Err(e) => {
            tracing::error!(error = %e, "cannot create a report link");
            internal_error(req, Some(&me.user))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    pub account: String,
    pub from: String,
    pub to: String,
    pub link: String,
}

/// Revokes a link and goes back to the report.
#[handler]
pub async fn revoke(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<RevokeForm>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&f.link) else {
        return not_found(req, Some(&me.user));
    };
    match state
        .report_links
        .revoke(me.access.owner(), ReportLinkId(id))
        .await
    {
        Ok(()) => {
            // Back to the report (a local path built here, never from input).
            let q = serde_urlencoded::to_string([
                ("account", f.account.as_str()),
                ("from", f.from.as_str()),
                ("to", f.to.as_str()),
            ])
            .unwrap_or_default();
            Redirect::see_other(format!("/analytics/report?{q}")).into_response()
        }
        Err(ReportLinkError::NotFound) => not_found(req, Some(&me.user)),
        Err(e) => {
            tracing::error!(error = %e, "cannot revoke a report link");
            internal_error(req, Some(&me.user))
        }
    }
}

/// The report a share link opens, without login, in the owner's language.
/// Unknown, revoked and expired links are 404, the same page for all.
#[handler]
pub async fn shared(req: &Request, state: Data<&AppState>, Path(secret): Path<String>) -> Response {
    let report = match state.report_links.open(&secret).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(req, None),
        Err(e) => {
            tracing::error!(error = %e, "cannot open a report link");
            return internal_error(req, None);
        }
    };
    let tr = Tr::new(report.owner.language);
    let range = DateRange {
        from: report.link.from,
        to: report.link.to,
    };
    let d = match report_data(&state, &tr, &report.owner, &report.account, range).await {
        Ok(d) => d,
        Err(AccountError::NotFound) => return not_found(req, None),
        Err(e) => {
            tracing::error!(error = %e, "cannot build a shared report");
            return internal_error(req, None);
        }
    };
    let mut l = Layout::new(tr, "analytics-report-title", None, "", "/analytics");
    l.title = tr.t1("analytics-report-heading", "username", d.username.as_str());
    let view = ReportPage {
        l,
        d,
        sharing: None,
        chart_width: charts::WIDTH,
        chart_height: charts::HEIGHT,
    };
    let mut resp = view.into_response();
    let h = resp.headers_mut();
    h.insert(
        "cache-control",
        poem::http::HeaderValue::from_static("no-store"),
    );
    h.insert(
        "referrer-policy",
        poem::http::HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "x-robots-tag",
        poem::http::HeaderValue::from_static("noindex"),
    );
    resp
}
