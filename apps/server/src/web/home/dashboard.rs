//! The dashboard: the onboarding checklist, accounts, analytics at a
//! glance and the posts going out next.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{CsrfToken, Data};
use poem::{IntoResponse, Request, Response, handler};

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::layout::Layout;
use crate::web::shared::session::WebUser;

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
                Step::OpenInbox => "/inbox",
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
    pub accounts: Vec<crate::web::settings::accounts::AccountCard>,
    pub reconnect: Vec<ReconnectWarning>,
    /// Each account's profile, growth and refresh times (dashboard_analytics.html).
    pub analytics: Vec<crate::web::analytics::DashboardAccount>,
    pub posts: crate::web::posts::Digest,
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
    let accounts = match state.accounts.list_seen(&me.access).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let analytics = match crate::web::analytics::dashboard_accounts(
        &state,
        &me.workspace_user,
        &accounts,
    )
    .await
    {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot load the dashboard's analytics");
            return internal_error(req, Some(&me.user));
        }
    };
    let names = accounts
        .iter()
        .map(|a| (a.id, a.profile.username.clone()))
        .collect();
    let cards: Vec<_> = accounts
        .into_iter()
        .map(|a| crate::web::settings::accounts::card(&tr, &me.user, a))
        .collect();
    let reconnect = cards
        .iter()
        .filter(|c| c.needs_reconnect)
        .map(|c| ReconnectWarning {
            message: format!("@{}: {}", c.username, c.token_status),
        })
        .collect();
    let posts =
        match crate::web::posts::digest(&state, &me.workspace_user, &me.access, &tr, names).await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "cannot list posts");
                return internal_error(req, Some(&me.user));
            }
        };
    // Setting the workspace up (connecting accounts first) is the work of
    // those who manage its accounts; the others are not shown its steps.
    let sets_up = me
        .access
        .can(socialflow_core::workspaces::Capability::ManageAccounts);
    let checklist = match state.onboarding.checklist(me.access.owner()).await {
        Ok(_) if !sets_up => None,
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
