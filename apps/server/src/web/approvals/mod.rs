//! Approvals in the browser: the `/approvals` queue (posts in review, then
//! automation replies held for approval), and the post page's review
//! buttons and team notes, each a form at its own URL.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::approvals::{ApprovalError, NoteId, NoteProblem, Reviewer};
use socialflow_core::posts::{PostError, PostId};
use socialflow_core::workspaces::{Access, Capability};

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::automation::ops::{JobView, held_views};
use crate::web::posts::owned::not_found;
use crate::web::posts::rows::{Lookup, PostRow};
use crate::web::posts::show::{Typed, show_page_typed};
use crate::web::request::{client_context, safe_next};
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// The user as the workspace's data is read for (accounts, thumbnails):
/// the workspace's owner id with the person's language and time zone.
fn as_workspace(me: &WebUser) -> socialflow_core::User {
    let mut u = me.user.clone();
    u.id = me.access.owner();
    u
}

/// Automation replies held for approval over the workspace's accounts the
/// member sees (0 for a role that may not reply).
pub async fn held_count(state: &AppState, access: &Access) -> u32 {
    if !access.can(Capability::Reply) {
        return 0;
    }
    let accounts = match state.accounts.list_seen(access).await {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(error = %e, "cannot list accounts to count held replies");
            return 0;
        }
    };
    let mut n = 0u32;
    for a in accounts.iter().filter(|a| access.sees_account(a.id)) {
        match state
            .automation_engine()
            .held(access.owner(), a.id, 1_000)
            .await
        {
            Ok(jobs) => n = n.saturating_add(u32::try_from(jobs.len()).unwrap_or(u32::MAX)),
            Err(e) => tracing::warn!(error = %e, "cannot count held replies"),
        }
    }
    n
}

/// One post waiting for review, with its buttons.
pub struct QueueItem {
    pub row: PostRow,
    /// Who sent it, when known.
    pub author: Option<String>,
}

/// The held replies of one account (the automation component).
pub struct HeldGroup {
    pub account: String,
    pub username: String,
    pub jobs: Vec<JobView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "approvals.html")]
pub struct ApprovalsPage {
    l: Layout,
    notice: Option<Notice>,
    /// The member may approve posts (else the first section explains).
    may_approve: bool,
    posts: Vec<QueueItem>,
    /// The member may decide held replies.
    may_reply: bool,
    held: Vec<HeldGroup>,
    zone: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    notice: String,
}

fn notice(tr: &Tr, code: &str) -> Option<Notice> {
    match code {
        "approved" => Notice::ok(tr.t("approvals-approved-notice")),
        "changes" => Notice::ok(tr.t("approvals-changes-notice")),
        "expired" => Notice::error(tr.t("approvals-expired-notice")),
        "submitted" => Notice::ok(tr.t("approvals-submitted-notice")),
        "noted" => Notice::ok(tr.t("approvals-noted-notice")),
        "note-deleted" => Notice::ok(tr.t("approvals-note-deleted-notice")),
        _ => None,
    }
}

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<PageQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let access = &me.access;
    let may_approve = access.can(Capability::Approve);
    let may_reply = access.can(Capability::Reply);
    let ws_user = as_workspace(&me);
    let lookup = match Lookup::load(&state, &ws_user, access).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let mut posts = Vec::new();
    if may_approve {
        let queue = match state.approvals().queue(access).await {
            Ok(q) => q,
            Err(e) => {
                tracing::error!(error = %e, "cannot list posts in review");
                return internal_error(req, Some(&me.user));
            }
        };
        let members = state.approvals().member_names(access).await;
        for p in &queue {
            let author = p.submitted_by.and_then(|u| {
                if u == me.user.id {
                    Some(me.user.username.to_string())
                } else {
                    members
                        .iter()
                        .find(|(m, _)| *m == u)
                        .map(|(_, name)| name.clone())
                }
            });
            posts.push(QueueItem {
                row: lookup.row(&tr, p),
                author,
            });
        }
    }
    let mut held = Vec::new();
    if may_reply {
        for (id, name) in &lookup.accounts {
            if !access.sees_account(*id) {
                continue;
            }
            match held_views(&state, &tr, &me.user.time_zone, access.owner(), *id).await {
                Ok(jobs) if !jobs.is_empty() => held.push(HeldGroup {
                    account: id.0.to_string(),
                    username: name.clone(),
                    jobs,
                }),
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "cannot list held replies");
                    return internal_error(req, Some(&me.user));
                }
            }
        }
    }
    ApprovalsPage {
        notice: notice(&tr, &q.notice),
        may_approve,
        posts,
        may_reply,
        held,
        zone: me.user.time_zone.name().to_string(),
        l: Layout::new(tr, "approvals-title", Some(&me.user), &csrf.0, "/approvals"),
    }
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    /// The reviewer's note (request changes) or a team note.
    note: String,
    /// Where to return instead of the post's page (the queue).
    next: String,
}

/// After a step: back to `next` (a local path) or the post's page.
fn back(id: PostId, next: &str, notice: &str) -> Response {
    let target = if next.is_empty() {
        format!("/content/{id}?notice={notice}")
    } else {
        let next = safe_next(next);
        let sep = if next.contains('?') { '&' } else { '?' };
        format!("{next}{sep}notice={notice}")
    };
    Redirect::see_other(target).into_response()
}

/// The post's page again with why the step was refused, keeping what was
/// typed.
#[allow(clippy::too_many_arguments)]
async fn refused(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    id: PostId,
    e: ApprovalError,
    typed: Typed,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (status, text) = match e {
        ApprovalError::NotFound | ApprovalError::Post(PostError::NotFound) => {
            return not_found(req, me);
        }
        ApprovalError::Forbidden(_) => {
            return error_page(
                req,
                Some(&me.user),
                StatusCode::FORBIDDEN,
                "approvals-error-forbidden",
            );
        }
        ApprovalError::WrongState(_) => (StatusCode::CONFLICT, tr.t("approvals-error-state")),
        ApprovalError::NoTime => (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t("approvals-error-no-time"),
        ),
        ApprovalError::Note(p) => (StatusCode::UNPROCESSABLE_ENTITY, note_problem(&tr, p)),
        ApprovalError::TooManyNotes { max } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t1("approvals-error-too-many-notes", "max", i64::from(max)),
        ),
        ApprovalError::Post(PostError::Conflict) => {
            (StatusCode::CONFLICT, tr.t("posts-error-changed"))
        }
        ApprovalError::Post(PostError::Invalid(problems)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| crate::web::posts_text::problem(&tr, p))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        e => {
            tracing::error!(error = %e, "approval step failed");
            return internal_error(req, Some(&me.user));
        }
    };
    match state.posts.get(me.access.owner(), id).await {
        Ok(p) => show_page_typed(state, req, me, csrf, p, Notice::error(text), status, typed).await,
        Err(_) => not_found(req, me),
    }
}

/// A note's problem in the user's words.
pub fn note_problem(tr: &Tr, p: NoteProblem) -> String {
    match p {
        NoteProblem::Empty => tr.t("approvals-error-note-empty"),
        NoteProblem::TooLong { max, actual } => tr.t_args(
            "approvals-error-note-long",
            &[
                ("max", i64::try_from(max).unwrap_or(i64::MAX).into()),
                ("actual", i64::try_from(actual).unwrap_or(i64::MAX).into()),
            ],
        ),
        NoteProblem::Control => tr.t("approvals-error-note-control"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Submit,
    Approve,
    RequestChanges,
    AddNote,
}

async fn step(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    raw: &str,
    form: ReviewForm,
    step: Step,
) -> Response {
    let Ok(id) = raw.parse::<PostId>() else {
        return not_found(req, me);
    };
    let ctx = client_context(req, &state.web);
    let approvals = state.approvals();
    let reviewer = Reviewer::Member(me.access.clone());
    let result = match step {
        Step::Submit => approvals
            .submit(&me.access, id, &ctx)
            .await
            .map(|_| "submitted"),
        Step::Approve => approvals.approve(&reviewer, id, &ctx).await.map(|p| {
            if p.state == socialflow_core::posts::PostState::Expired {
                "expired"
            } else {
                "approved"
            }
        }),
        Step::RequestChanges => approvals
            .request_changes(&reviewer, id, &form.note, &ctx)
            .await
            .map(|_| "changes"),
        Step::AddNote => approvals
            .add_note(&me.access, id, &form.note)
            .await
            .map(|_| "noted"),
    };
    match result {
        Ok(notice) => {
            let next = if step == Step::AddNote {
                ""
            } else {
                form.next.as_str()
            };
            back(id, next, notice)
        }
        Err(e) => {
            let typed = match step {
                Step::RequestChanges => Typed {
                    changes: form.note,
                    ..Typed::default()
                },
                Step::AddNote => Typed {
                    note: form.note,
                    ..Typed::default()
                },
                _ => Typed::default(),
            };
            refused(state, req, me, csrf, id, e, typed).await
        }
    }
}

#[handler]
pub async fn submit(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Response {
    step(&state, req, &me, &csrf.0, &id, form, Step::Submit).await
}

#[handler]
pub async fn approve(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Response {
    step(&state, req, &me, &csrf.0, &id, form, Step::Approve).await
}

#[handler]
pub async fn request_changes(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Response {
    step(&state, req, &me, &csrf.0, &id, form, Step::RequestChanges).await
}

#[handler]
pub async fn add_note(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Response {
    step(&state, req, &me, &csrf.0, &id, form, Step::AddNote).await
}

#[handler]
pub async fn delete_note(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path((id, note)): Path<(String, String)>,
    CsrfForm(_form): CsrfForm<ReviewForm>,
) -> Response {
    let (Ok(pid), Ok(nid)) = (id.parse::<PostId>(), uuid::Uuid::parse_str(&note)) else {
        return not_found(req, &me);
    };
    match state
        .approvals()
        .delete_note(&me.access, pid, NoteId(nid))
        .await
    {
        Ok(()) => back(pid, "", "note-deleted"),
        Err(e) => refused(&state, req, &me, &csrf.0, pid, e, Typed::default()).await,
    }
}
