//! The operator's pages: the pause switch and caps on `/automation`, the
//! approval queue in the inbox (`/inbox/approvals`), a rule's log
//! (`/automation/{account}/{rule}/log`) and the builder's live sentence
//! (`/automation/{account}/preview`). All plain forms and links.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Html, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::automation::engine::{EngineError, JobId, JobState, StoredAction};
use socialflow_core::automation::{HoldReason, OperatorError, OperatorJob, RuleId};

use super::form::RuleForm;
use super::page::{TypedCaps, account_of, gone, render_list};
use super::summary::summary;
use crate::http::automation_ops_text as text;
use crate::http::automation_text::action_name;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::format;
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

// ---- Pause and caps ------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SettingsForm {
    /// `pause`, `resume` or `caps`.
    intent: String,
    hourly: String,
    daily: String,
}

/// A whole number as typed, or the translated problem.
fn number(tr: &Tr, typed: &str) -> Result<u32, String> {
    typed
        .trim()
        .parse::<u32>()
        .map_err(|_| tr.t("automation-ops-not-a-number"))
}

#[handler]
pub async fn save_settings(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(account): Path<String>,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let Some(acc) = account_of(&state, &me, &account).await else {
        return gone(req, &me.user);
    };
    let operator = state.automation_operator();
    let current = match operator.settings(me.access.owner(), acc.id).await {
        Ok(s) => s,
        Err(OperatorError::NotFound) => return gone(req, &me.user),
        Err(e) => {
            tracing::error!(error = %e, "cannot read automation settings");
            return internal_error(req, Some(&me.user));
        }
    };
    let (paused, hourly, daily, notice) = match form.intent.as_str() {
        "pause" | "resume" => (
            form.intent == "pause",
            current.limits.hourly(),
            current.limits.daily(),
            if form.intent == "pause" {
                "paused"
            } else {
                "resumed"
            },
        ),
        _ => {
            let (h, d) = (number(&tr, &form.hourly), number(&tr, &form.daily));
            match (h, d) {
                (Ok(h), Ok(d)) => (current.paused.is_some(), h, d, "caps"),
                (h, d) => {
                    let mut problems = Vec::new();
                    if let Err(m) = h {
                        problems.push(("hourly", m));
                    }
                    if let Err(m) = d {
                        problems.push(("daily", m));
                    }
                    return refused_caps(req, &state, &me, &csrf.0, &account, &tr, form, problems)
                        .await;
                }
            }
        }
    };
    match operator
        .set_settings(me.access.owner(), acc.id, paused, hourly, daily)
        .await
    {
        Ok(_) => Redirect::see_other(format!("/automation?account={account}&notice={notice}"))
            .into_response(),
        Err(OperatorError::NotFound) => gone(req, &me.user),
        Err(e) => match text::operator_refusal(&tr, &e) {
            Some((_, message)) => {
                let field = match &e {
                    OperatorError::Engine(EngineError::Limits(p)) => text::limits_field(*p),
                    _ => "hourly",
                };
                refused_caps(
                    req,
                    &state,
                    &me,
                    &csrf.0,
                    &account,
                    &tr,
                    form,
                    vec![(field, message)],
                )
                .await
            }
            None => {
                tracing::error!(error = %e, "cannot save automation settings");
                internal_error(req, Some(&me.user))
            }
        },
    }
}

#[allow(clippy::too_many_arguments)]
async fn refused_caps(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    account: &str,
    tr: &Tr,
    form: SettingsForm,
    problems: Vec<(&'static str, String)>,
) -> Response {
    render_list(
        req,
        state,
        me,
        csrf,
        account,
        Notice::error(tr.t("automation-ops-caps-not-saved")),
        Some(TypedCaps {
            hourly: form.hourly,
            daily: form.daily,
            problems,
        }),
    )
    .await
}

// ---- Shared: a job as shown ---------------------------------------------

/// One action of a job: its name, the exact text, and (in the log) what
/// became of it.
pub struct ActionView {
    pub name: String,
    pub text: Option<String>,
    pub status: String,
    pub failed: bool,
    /// Instagram's id of what was sent, or its refusal.
    pub answer: Option<String>,
}

pub struct JobView {
    pub id: String,
    pub rule_id: String,
    pub rule_name: String,
    /// "@anna commented" / "@anna wrote".
    pub who: String,
    pub text: String,
    pub permalink: Option<String>,
    pub caption: Option<String>,
    pub when: String,
    pub state: String,
    pub state_code: &'static str,
    pub hold: Option<String>,
    pub actions: Vec<ActionView>,
}

/// The replies of `account` held for approval, as the approvals pages
/// show them.
pub async fn held_views(
    state: &AppState,
    tr: &Tr,
    zone: &socialflow_core::TimeZone,
    owner: socialflow_core::UserId,
    account: AccountId,
) -> Result<Vec<JobView>, OperatorError> {
    Ok(state
        .automation_operator()
        .held(owner, account)
        .await?
        .into_iter()
        .map(|o| job_view(tr, zone, o))
        .collect())
}

fn job_view(tr: &Tr, zone: &socialflow_core::TimeZone, o: OperatorJob) -> JobView {
    let j = o.job;
    let who = o
        .trigger
        .username
        .map(|u| format!("@{u}"))
        .unwrap_or_else(|| tr.t("automation-ops-someone"));
    JobView {
        id: j.id.to_string(),
        rule_id: j.rule.to_string(),
        rule_name: o
            .rule_name
            .unwrap_or_else(|| tr.t("automation-ops-rule-gone")),
        who: if o.trigger.comment {
            tr.t1("automation-ops-comment-by", "who", who)
        } else {
            tr.t1("automation-ops-message-from", "who", who)
        },
        text: o
            .trigger
            .text
            .unwrap_or_else(|| tr.t("automation-ops-text-gone")),
        permalink: o.trigger.permalink.filter(|p| p.starts_with("https://")),
        caption: o.trigger.caption.map(|c| c.chars().take(80).collect()),
        when: format::moment(tr.lang, zone, j.event_at),
        state: text::state_text(tr, j.state),
        state_code: match j.state {
            JobState::Sent => "ok",
            JobState::Failed | JobState::PartlyFailed => "error",
            JobState::Held => "warn",
            _ => "draft",
        },
        // Why it waits, while it waits (an approved job keeps the reason).
        hold: j
            .hold
            .filter(|_| j.state == JobState::Held)
            .map(|h| text::hold_text(tr, h)),
        actions: j
            .actions
            .into_iter()
            .map(|a| ActionView {
                name: action_name(tr, a.action.kind()),
                text: match a.action {
                    StoredAction::PublicReply { text, .. }
                    | StoredAction::PrivateReply { text, .. }
                    | StoredAction::DmReply { text, .. } => Some(text),
                    _ => None,
                },
                status: text::action_status_text(tr, a.status),
                failed: a.status == socialflow_core::automation::engine::ActionStatus::Failed,
                answer: a.detail,
            })
            .collect(),
    }
}

pub struct Tab {
    pub id: String,
    pub username: String,
    pub active: bool,
}

// ---- The approval queue --------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "automation_approvals.html")]
pub struct ApprovalsPage {
    l: Layout,
    notice: Option<Notice>,
    tabs: Vec<Tab>,
    account: String,
    username: String,
    paused: bool,
    jobs: Vec<JobView>,
    /// "2 replies wait".
    held_text: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ApprovalsQuery {
    account: String,
    notice: String,
}

fn approvals_notice(tr: &Tr, code: &str) -> Option<Notice> {
    match code {
        "approved" => Notice::ok(tr.t("automation-ops-approved")),
        "rejected" => Notice::ok(tr.t("automation-ops-rejected")),
        "gone" => Notice::error(tr.t("automation-ops-gone")),
        "cap-hourly" => Notice::error(tr.t1(
            "automation-ops-cap-reached",
            "reason",
            text::hold_text(tr, HoldReason::HourlyCap),
        )),
        "cap-daily" => Notice::error(tr.t1(
            "automation-ops-cap-reached",
            "reason",
            text::hold_text(tr, HoldReason::DailyCap),
        )),
        _ => None,
    }
}

async fn accounts_and_choice(
    state: &AppState,
    me: &WebUser,
    wanted: &str,
) -> Result<(Vec<Account>, Option<usize>), socialflow_core::accounts::AccountError> {
    let accounts = state.accounts.list_seen(&me.access).await?;
    let i = accounts
        .iter()
        .position(|a| a.id.0.to_string() == wanted)
        .or(if wanted.is_empty() && !accounts.is_empty() {
            Some(0)
        } else {
            None
        });
    Ok((accounts, i))
}

#[handler]
pub async fn approvals(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ApprovalsQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (accounts, chosen) = match accounts_and_choice(&state, &me, &q.account).await {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    if !q.account.is_empty() && chosen.is_none() {
        return gone(req, &me.user);
    }
    let notice = approvals_notice(&tr, &q.notice);
    let mut page = ApprovalsPage {
        notice,
        tabs: accounts
            .iter()
            .enumerate()
            .map(|(i, a)| Tab {
                id: a.id.0.to_string(),
                username: a.profile.username.clone(),
                active: Some(i) == chosen,
            })
            .collect(),
        account: String::new(),
        username: String::new(),
        paused: false,
        jobs: Vec::new(),
        held_text: String::new(),
        l: Layout::new(
            tr,
            "automation-ops-approvals-title",
            Some(&me.user),
            &csrf.0,
            "/inbox",
        ),
    };
    if let Some(acc) = chosen.and_then(|i| accounts.get(i)) {
        let operator = state.automation_operator();
        let held = operator.held(me.access.owner(), acc.id).await;
        let settings = operator.settings(me.access.owner(), acc.id).await;
        match (held, settings) {
            (Ok(held), Ok(settings)) => {
                page.jobs = held
                    .into_iter()
                    .map(|o| job_view(&tr, &me.user.time_zone, o))
                    .collect();
                page.paused = settings.paused.is_some();
                page.held_text = tr.t1("automation-ops-held-count", "count", page.jobs.len());
            }
            (Err(e), _) | (_, Err(e)) => {
                tracing::error!(error = %e, "cannot list held replies");
                return internal_error(req, Some(&me.user));
            }
        }
        page.account = acc.id.0.to_string();
        page.username = acc.profile.username.clone();
    }
    page.into_response()
}

async fn decide(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    account: &str,
    job: &str,
    yes: bool,
) -> Response {
    let (Ok(aid), Ok(jid)) = (uuid::Uuid::parse_str(account), uuid::Uuid::parse_str(job)) else {
        return gone(req, &me.user);
    };
    let back = |notice: &str| {
        Redirect::see_other(format!(
            "/inbox/approvals?account={account}&notice={notice}"
        ))
        .into_response()
    };
    match state
        .automation_operator()
        .decide(me.access.owner(), AccountId(aid), JobId(jid), yes)
        .await
    {
        Ok(()) => back(if yes { "approved" } else { "rejected" }),
        // Another user's account, or a job decided meanwhile (in another
        // tab): the queue says it no longer waits.
        Err(OperatorError::NotFound) => {
            match state.accounts.get(me.access.owner(), AccountId(aid)).await {
                Ok(_) => back("gone"),
                Err(_) => gone(req, &me.user),
            }
        }
        // Sending it now would pass a cap: it stays held, and the queue
        // says why.
        Err(OperatorError::Engine(EngineError::CapReached(h))) => back(match h {
            HoldReason::DailyCap => "cap-daily",
            _ => "cap-hourly",
        }),
        Err(e) => {
            tracing::error!(error = %e, "cannot decide a held reply");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn approve(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Path((account, job)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    decide(req, &state, &me, &account, &job, true).await
}

#[handler]
pub async fn reject(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Path((account, job)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    decide(req, &state, &me, &account, &job, false).await
}

// ---- A rule's log --------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "automation_log.html")]
pub struct LogPageView {
    l: Layout,
    account: String,
    rule_id: String,
    rule_name: String,
    counters: String,
    entries: Vec<JobView>,
    page: u32,
    /// "Page 2".
    page_text: String,
    newer: Option<u32>,
    older: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LogQuery {
    page: Option<u32>,
}

#[handler]
pub async fn rule_log(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path((account, rule)): Path<(String, String)>,
    Query(q): Query<LogQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (Ok(aid), Ok(rid)) = (uuid::Uuid::parse_str(&account), rule.parse::<RuleId>()) else {
        return gone(req, &me.user);
    };
    let page = q.page.unwrap_or(1);
    let log = match state
        .automation_operator()
        .rule_log(me.access.owner(), AccountId(aid), rid, page)
        .await
    {
        Ok(l) => l,
        Err(OperatorError::NotFound) => return gone(req, &me.user),
        Err(OperatorError::PageOutOfRange { .. }) => {
            return error_page(
                req,
                Some(&me.user),
                StatusCode::NOT_FOUND,
                "automation-gone",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read a rule's log");
            return internal_error(req, Some(&me.user));
        }
    };
    let c = log.counters;
    let n = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    LogPageView {
        counters: tr.t_args(
            "automation-ops-log-counters",
            &[
                ("matched", n(c.matched).into()),
                ("sent", n(c.sent).into()),
                ("held", n(c.held).into()),
                ("failed", n(c.failed).into()),
                ("pending", n(c.pending).into()),
            ],
        ),
        entries: log
            .entries
            .into_iter()
            .map(|o| job_view(&tr, &me.user.time_zone, o))
            .collect(),
        page: log.page,
        page_text: tr.t1("automation-ops-page", "page", log.page as usize),
        newer: (log.page > 1).then(|| log.page - 1),
        older: log.has_more.then(|| log.page + 1),
        rule_name: log.rule_name,
        account,
        rule_id: rule,
        l: Layout::new(
            tr,
            "automation-ops-log-title",
            Some(&me.user),
            &csrf.0,
            "/automation",
        ),
    }
    .into_response()
}

// ---- The builder's live sentence -----------------------------------------

/// The "In words" sentence for the builder's current values: the script
/// posts the form here while the user types, so the phrasing lives only
/// on the server.
#[handler]
pub async fn preview(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Path(account): Path<String>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    if account_of(&state, &me, &account).await.is_none() {
        return gone(req, &me.user);
    }
    let (spec, _) = form.to_spec(&tr);
    let mut resp = Html(
        askama::filters::escape(summary(&tr, &spec), askama::filters::Html)
            .map(|e| e.to_string())
            .unwrap_or_default(),
    )
    .into_response();
    resp.headers_mut().insert(
        "cache-control",
        poem::http::HeaderValue::from_static("no-store"),
    );
    resp
}
