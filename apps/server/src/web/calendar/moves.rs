//! Moving posts from the calendar and the profile grid: one form each,
//! used three ways. Without script the form posts and comes back to the
//! page it was on (a refusal shows the page again with what was typed and
//! why); the keyboard uses the same form in the post's "Move" menu; the
//! drag-and-drop script posts the same fields asking for JSON.

use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Json, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::{Deserialize, Serialize};
use socialflow_core::posts::{PostError, PostId, PostProblem, RescheduleError};
use socialflow_core::time_window::{parse_date, parse_time};
use time::PrimitiveDateTime;

use super::page::{CalendarQuery, Typed, render};
use super::profile;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts::owned::not_found;
use crate::web::posts_text as text;
use crate::web::request::{client_context, safe_next};
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::Notice;
use crate::web::shared::session::WebUser;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    post: String,
    /// `YYYY-MM-DD` and `HH:MM` on the user's clock.
    date: String,
    time: String,
    /// The page to return to (the calendar view the form was on).
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SwapForm {
    a: String,
    b: String,
    next: String,
}

/// The script's answer: what happened, in the user's language.
#[derive(Serialize)]
struct Outcome {
    ok: bool,
    message: String,
    problems: Vec<String>,
}

fn wants_json(req: &Request) -> bool {
    req.header("accept")
        .is_some_and(|a| a.contains("application/json"))
}

fn json(status: StatusCode, message: String, problems: Vec<String>) -> Response {
    Json(Outcome {
        ok: status.is_success(),
        message,
        problems,
    })
    .with_status(status)
    .into_response()
}

/// `next` with `notice=…` added (a local path only).
fn with_notice(next: &str, notice: &str, fallback: &str) -> String {
    let next = if next.is_empty() {
        fallback
    } else {
        safe_next(next)
    };
    let sep = if next.contains('?') { '&' } else { '?' };
    format!("{next}{sep}notice={notice}")
}

/// A refusal as words: the status and every problem that blocks.
fn refusal(tr: &Tr, e: &PostError) -> Option<(StatusCode, String, Vec<String>)> {
    let (status, key) = match e {
        PostError::NotFound => (StatusCode::NOT_FOUND, "posts-error-not-found"),
        PostError::NotEditable(_) => (StatusCode::CONFLICT, "calendar-error-not-movable"),
        PostError::Conflict => (StatusCode::CONFLICT, "posts-error-changed"),
        PostError::Invalid(problems) => {
            let list: Vec<String> = problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| text::problem(tr, p))
                .collect();
            return Some((
                StatusCode::UNPROCESSABLE_ENTITY,
                tr.t("calendar-error-invalid"),
                list,
            ));
        }
        _ => return None,
    };
    Some((status, tr.t(key), Vec::new()))
}

/// Where the typed date and time fall, or why they cannot be read.
fn parse_when(
    state: &AppState,
    me: &WebUser,
    tr: &Tr,
    date: &str,
    time: &str,
) -> Result<time::OffsetDateTime, String> {
    let zone = &me.user.time_zone;
    let window = state.posts.window();
    let today = zone.date_of(state.clock.now());
    let (Some(d), Some(t)) = (parse_date(date), parse_time(time)) else {
        return Err(tr.t("posts-problem-time_invalid"));
    };
    if !window.contains_date(d, today) {
        // Far outside the window the zone cannot even place the time.
        let problem = if d < today {
            PostProblem::ScheduledInPast
        } else {
            PostProblem::ScheduledTooFar {
                max_days: window.horizon_days(),
            }
        };
        return Err(text::problem(tr, &problem));
    }
    zone.from_local(PrimitiveDateTime::new(d, t))
        .map_err(|_| tr.t("posts-problem-time_invalid"))
}

#[handler]
pub async fn move_post(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(f): CsrfForm<MoveForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let as_json = wants_json(req);
    let Ok(id) = f.post.trim().parse::<PostId>() else {
        return if as_json {
            json(
                StatusCode::NOT_FOUND,
                tr.t("posts-error-not-found"),
                Vec::new(),
            )
        } else {
            not_found(req, &me)
        };
    };
    if hidden(&state, &me, &[id]).await {
        return if as_json {
            json(
                StatusCode::NOT_FOUND,
                tr.t("posts-error-not-found"),
                Vec::new(),
            )
        } else {
            not_found(req, &me)
        };
    }
    let outcome = match parse_when(&state, &me, &tr, &f.date, &f.time) {
        Err(message) => Err((StatusCode::UNPROCESSABLE_ENTITY, message, Vec::new())),
        Ok(at) => {
            let ctx = client_context(req, &state.web);
            match state
                .posts
                .reschedule(me.access.owner(), id, at, &ctx)
                .await
            {
                Ok(_) => Ok(()),
                Err(e) => match refusal(&tr, &e) {
                    Some(r) => Err(r),
                    None => {
                        tracing::error!(error = %e, "cannot move a post");
                        return if as_json {
                            json(
                                StatusCode::INTERNAL_SERVER_ERROR,
                                tr.t("calendar-error-internal"),
                                Vec::new(),
                            )
                        } else {
                            internal_error(req, Some(&me.user))
                        };
                    }
                },
            }
        }
    };
    match outcome {
        Ok(()) if as_json => json(StatusCode::OK, tr.t("calendar-moved"), Vec::new()),
        Ok(()) => Redirect::see_other(with_notice(&f.next, "moved", "/calendar")).into_response(),
        Err((status, message, problems)) if as_json => json(status, message, problems),
        Err((status, ..)) if status == StatusCode::NOT_FOUND => not_found(req, &me),
        Err((status, message, problems)) => {
            // The page it came from, the form open on its post with what
            // was typed and why it was refused.
            let error = std::iter::once(message)
                .chain(problems)
                .collect::<Vec<_>>()
                .join(" ");
            let typed = Typed {
                post: id.to_string(),
                date: f.date,
                time: f.time,
                error: error.clone(),
            };
            if f.next.starts_with("/calendar/grid") {
                let q = profile::GridQuery::of_path(&f.next);
                return profile::render(&state, req, &me, &csrf.0, q, Notice::error(error), status)
                    .await;
            }
            let q = CalendarQuery::of_path(safe_next(&f.next));
            render(
                &state,
                req,
                &me,
                &csrf.0,
                q,
                Notice::error(error),
                Some(typed),
                status,
            )
            .await
        }
    }
}

#[handler]
pub async fn swap(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(f): CsrfForm<SwapForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let as_json = wants_json(req);
    let (Ok(a), Ok(b)) = (f.a.trim().parse::<PostId>(), f.b.trim().parse::<PostId>()) else {
        return if as_json {
            json(
                StatusCode::NOT_FOUND,
                tr.t("posts-error-not-found"),
                Vec::new(),
            )
        } else {
            not_found(req, &me)
        };
    };
    if hidden(&state, &me, &[a, b]).await {
        return if as_json {
            json(
                StatusCode::NOT_FOUND,
                tr.t("posts-error-not-found"),
                Vec::new(),
            )
        } else {
            not_found(req, &me)
        };
    }
    let ctx = client_context(req, &state.web);
    let refused = match state.posts.swap_times(me.access.owner(), a, b, &ctx).await {
        Ok(_) if as_json => return json(StatusCode::OK, tr.t("calendar-swapped"), Vec::new()),
        Ok(_) => {
            return Redirect::see_other(with_notice(&f.next, "swapped", "/calendar/grid"))
                .into_response();
        }
        Err(RescheduleError::DifferentAccounts) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t("calendar-error-other-account"),
            Vec::new(),
        ),
        Err(RescheduleError::SamePost) | Err(RescheduleError::NotScheduled) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t("calendar-error-swap-unscheduled"),
            Vec::new(),
        ),
        Err(RescheduleError::Post(e)) => match refusal(&tr, &e) {
            Some(r) => r,
            None => {
                tracing::error!(error = %e, "cannot swap two posts");
                return if as_json {
                    json(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        tr.t("calendar-error-internal"),
                        Vec::new(),
                    )
                } else {
                    internal_error(req, Some(&me.user))
                };
            }
        },
    };
    let (status, message, problems) = refused;
    if as_json {
        return json(status, message, problems);
    }
    if status == StatusCode::NOT_FOUND {
        return not_found(req, &me);
    }
    let error = std::iter::once(message)
        .chain(problems)
        .collect::<Vec<_>>()
        .join(" ");
    let q = profile::GridQuery::of_path(safe_next(&f.next));
    profile::render(&state, req, &me, &csrf.0, q, Notice::error(error), status).await
}

/// Whether a post is on an account outside the member's (then it does not
/// exist for them); a failed read refuses the move too.
async fn hidden(state: &AppState, me: &WebUser, ids: &[PostId]) -> bool {
    state
        .posts
        .any_unseen(&me.access, ids)
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "cannot check the member's accounts");
            true
        })
}
