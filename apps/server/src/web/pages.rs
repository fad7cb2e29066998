//! The dashboard, the sections later features fill, and error pages.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::User;

use super::layout::Layout;
use super::request::language;
use super::session::WebUser;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "section.html")]
pub struct SectionPage {
    pub l: Layout,
    pub paragraphs: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub l: Layout,
    pub message: String,
}

pub struct ReconnectWarning {
    pub message: String,
}

/// One step of the onboarding checklist as the dashboard shows it.
pub struct StepView {
    pub title: String,
    pub text: String,
    pub href: &'static str,
    pub action: String,
    pub done: bool,
    pub next: bool,
}

/// The checklist while it is not complete.
pub struct ChecklistView {
    pub done: usize,
    pub total: usize,
    pub progress: String,
    pub steps: Vec<StepView>,
}

fn checklist_view(tr: &Tr, list: &socialflow_core::onboarding::Checklist) -> Option<ChecklistView> {
    use socialflow_core::onboarding::Step;
    if list.is_complete() {
        return None;
    }
    let next = list.next();
    let steps = list
        .steps
        .iter()
        .map(|(step, done)| {
            let href = match step {
                Step::ConnectAccount => "/accounts",
                Step::UploadMedia => "/media",
                Step::SchedulePost => "/content/new",
                Step::OpenInbox => "/comments",
            };
            let key = step.as_str().replace('_', "-");
            StepView {
                title: tr.t(&format!("onboarding-{key}")),
                text: tr.t(&format!("onboarding-{key}-text")),
                action: tr.t(&format!("onboarding-{key}-action")),
                href,
                done: *done,
                next: Some(*step) == next,
            }
        })
        .collect();
    Some(ChecklistView {
        done: list.done_count(),
        total: list.steps.len(),
        progress: tr.t_args(
            "onboarding-progress",
            &[
                ("done", list.done_count().into()),
                ("total", list.steps.len().into()),
            ],
        ),
        steps,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub l: Layout,
    pub welcome: String,
    pub accounts: Vec<super::accounts::AccountCard>,
    pub reconnect: Vec<ReconnectWarning>,
    /// Each account's profile, growth and refresh times (dashboard_analytics.html).
    pub analytics: Vec<super::analytics::DashboardAccount>,
    pub posts: super::posts::Digest,
    /// The onboarding checklist until every step is done.
    pub checklist: Option<ChecklistView>,
}

/// The overview: each account at a glance, and any that needs reconnecting
/// first. Later features add scheduled and failed posts, unanswered comments.
#[handler]
pub async fn dashboard(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
) -> Response {
    let tr = Tr::new(me.user.language);
    let accounts = match state.accounts.list(me.user.id).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let analytics = match super::analytics::dashboard_accounts(&state, &me.user, &accounts).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot load the dashboard's analytics");
            return internal_error(req, Some(&me.user));
        }
    };
    let cards: Vec<_> = accounts
        .into_iter()
        .map(|a| super::accounts::card(&tr, &me.user, a))
        .collect();
    let reconnect = cards
        .iter()
        .filter(|c| c.needs_reconnect)
        .map(|c| ReconnectWarning {
            message: format!("@{}: {}", c.username, c.token_status),
        })
        .collect();
    let posts = match super::posts::digest(&state, &me.user, &tr).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "cannot list posts");
            return internal_error(req, Some(&me.user));
        }
    };
    let checklist = match state.onboarding.checklist(me.user.id).await {
        Ok(list) => checklist_view(&tr, &list),
        Err(e) => {
            // A nicety: the dashboard works without it.
            tracing::warn!(error = %e, "cannot read the onboarding checklist");
            None
        }
    };
    DashboardPage {
        checklist,
        posts,
        welcome: tr.t1("dashboard-welcome", "username", me.user.username.as_str()),
        accounts: cards,
        reconnect,
        analytics,
        l: Layout::new(tr, "dashboard-title", Some(&me.user), &csrf.0, "/"),
    }
    .into_response()
}

/// A translated error page with `status`; `message_key` says what happened
/// and what to do.
pub fn error_page(
    req: &Request,
    user: Option<&User>,
    status: StatusCode,
    message_key: &str,
) -> Response {
    let tr = Tr::new(language(req, user));
    let csrf = req
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.as_str())
        .unwrap_or("");
    error_page_in(tr, user, csrf, status, message_key)
}

pub fn error_page_in(
    tr: Tr,
    user: Option<&User>,
    csrf: &str,
    status: StatusCode,
    message_key: &str,
) -> Response {
    ErrorPage {
        message: tr.t(message_key),
        l: Layout::new(tr, "error-title", user, csrf, ""),
    }
    .with_status(status)
    .into_response()
}

pub fn internal_error(req: &Request, user: Option<&User>) -> Response {
    error_page(
        req,
        user,
        StatusCode::INTERNAL_SERVER_ERROR,
        "error-internal",
    )
}

pub fn csrf_error(req: &Request, user: Option<&User>) -> Response {
    error_page(req, user, StatusCode::FORBIDDEN, "error-csrf")
}
