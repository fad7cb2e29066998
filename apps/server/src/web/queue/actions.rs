//! The queue page's forms: save the slot grid, take a suggestion, add a
//! post to the queue, and make, rotate or revoke the calendar feed's link.
//! Every refusal shows the page again with what was typed and why.

use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use secrecy::ExposeSecret;
use socialflow_core::account::AccountId;
use socialflow_core::posts::{PostError, PostId};
use socialflow_core::queue::{QueueError, RawSlot, WEEK, check_slots, weekday_code};

use super::page::{Extra, render};
use super::view::{Cell, GridRow, days_text};
use crate::http::{posts_text, queue_text};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::Notice;
use crate::web::shared::session::WebUser;

/// A form's fields as sent, repeated names included (`slot`, `day`).
type Fields = Vec<(String, String)>;

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn all<'a>(f: &'a Fields, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    f.iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// At most this many values of a repeated field are read (the grid has
/// 50 slots × 7 days at most).
const MAX_VALUES: usize = 400;

fn account_of(raw: &str) -> Option<AccountId> {
    raw.parse::<uuid::Uuid>().ok().map(AccountId)
}

fn to_page(account: &str, notice: &str) -> Response {
    let q =
        serde_urlencoded::to_string([("account", account), ("notice", notice)]).unwrap_or_default();
    Redirect::see_other(format!("/queue?{q}")).into_response()
}

/// The grid as sent, to show it again on error.
fn sent_grid(tr: &Tr, slots: &[RawSlot]) -> Vec<GridRow> {
    let mut times: Vec<&str> = slots.iter().map(|s| s.time.as_str()).collect();
    times.sort();
    times.dedup();
    times
        .into_iter()
        .map(|t| {
            let on: Vec<time::Weekday> = slots
                .iter()
                .filter(|s| s.time == t)
                .filter_map(|s| socialflow_core::queue::parse_weekday(&s.weekday))
                .collect();
            GridRow {
                time: t.to_string(),
                cells: WEEK
                    .iter()
                    .map(|d| Cell {
                        code: weekday_code(*d),
                        checked: on.contains(d),
                    })
                    .collect(),
                summary: days_text(tr, &on),
            }
        })
        .collect()
}

/// Saves the whole grid: the checked `slot`s (`mon@09:00`) plus the new
/// time on the chosen `new_day`s.
#[handler]
pub async fn save_slots(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(f): CsrfForm<Fields>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let account_raw = field(&f, "account").to_string();
    let Some(account) = account_of(&account_raw) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    let mut raw: Vec<RawSlot> = all(&f, "slot")
        .take(MAX_VALUES)
        .map(|v| {
            let (day, time) = v.split_once('@').unwrap_or((v, ""));
            RawSlot {
                weekday: day.to_string(),
                time: time.to_string(),
            }
        })
        .collect();
    let new_time = field(&f, "new_time").trim().to_string();
    let new_days: Vec<String> = all(&f, "new_day").take(7).map(str::to_string).collect();
    let mut errors = Vec::new();
    match (new_time.is_empty(), new_days.is_empty()) {
        (false, true) => errors.push(tr.t("queue-error-new-needs-day")),
        (true, false) => errors.push(tr.t("queue-error-new-needs-time")),
        (false, false) => raw.extend(new_days.iter().map(|d| RawSlot {
            weekday: d.clone(),
            time: new_time.clone(),
        })),
        (true, true) => {}
    }
    // The grid's own problems too, all at once.
    if let (false, Err(problems)) = (errors.is_empty(), check_slots(&raw)) {
        errors.extend(problems.iter().map(|p| queue_text::slot_problem(&tr, p)));
    }
    let result = if errors.is_empty() {
        state
            .queue
            .set_slots(me.access.owner(), account, &raw)
            .await
    } else {
        Err(QueueError::InvalidSlots(Vec::new()))
    };
    match result {
        Ok(_) => to_page(&account_raw, "slots"),
        Err(QueueError::InvalidSlots(problems)) => {
            errors.extend(problems.iter().map(|p| queue_text::slot_problem(&tr, p)));
            let keep: Vec<RawSlot> = all(&f, "slot")
                .take(MAX_VALUES)
                .map(|v| {
                    let (day, time) = v.split_once('@').unwrap_or((v, ""));
                    RawSlot {
                        weekday: day.to_string(),
                        time: time.to_string(),
                    }
                })
                .collect();
            let extra = Extra {
                notice: Notice::error(tr.t("queue-error-slots-not-saved")),
                slot_errors: errors,
                grid: Some(sent_grid(&tr, &keep)),
                new_time,
                new_days,
                feed_url: None,
            };
            render(
                &state,
                req,
                &me,
                &csrf.0,
                &account_raw,
                extra,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failed(req, &me, e, "save queue slots"),
    }
}

/// A queue error no form can show beside its fields: an account that is not
/// the user's (or is gone) is a 404 page, anything else a logged 500.
fn failed(req: &Request, me: &WebUser, e: QueueError, doing: &str) -> Response {
    match e {
        QueueError::AccountNotFound => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        e => {
            tracing::error!(error = %e, "cannot {doing}");
            internal_error(req, Some(&me.user))
        }
    }
}

/// Takes a suggestion: its time on its days, added to the account's slots.
#[handler]
pub async fn add_slots(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(f): CsrfForm<Fields>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let account_raw = field(&f, "account").to_string();
    let Some(account) = account_of(&account_raw) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    let time = field(&f, "time");
    let raw: Vec<RawSlot> = all(&f, "day")
        .take(7)
        .map(|d| RawSlot {
            weekday: d.to_string(),
            time: time.to_string(),
        })
        .collect();
    match state
        .queue
        .add_slots(me.access.owner(), account, &raw)
        .await
    {
        Ok(_) => to_page(&account_raw, "slots"),
        Err(QueueError::InvalidSlots(problems)) => {
            let extra = Extra {
                notice: Notice::error(tr.t("queue-error-slots-not-saved")),
                slot_errors: problems
                    .iter()
                    .map(|p| queue_text::slot_problem(&tr, p))
                    .collect(),
                ..Extra::default()
            };
            render(
                &state,
                req,
                &me,
                &csrf.0,
                &account_raw,
                extra,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failed(req, &me, e, "add queue slots"),
    }
}

/// "Add to queue": the post goes to its account's next free slot; the
/// queue page then says when. A refusal says why, on the queue page.
#[handler]
pub async fn add_to_queue(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(_f): CsrfForm<Fields>,
    Path(id): Path<String>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let not_found = || {
        error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "posts-error-not-found",
        )
    };
    let Ok(id) = id.parse::<PostId>() else {
        return not_found();
    };
    let ctx = client_context(req, &state.web);
    let account = match state.posts.get_seen(&me.access, id).await {
        Ok(p) => p.content.account_id.to_string(),
        Err(PostError::NotFound) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a post");
            return internal_error(req, Some(&me.user));
        }
    };
    let (status, text) = match state.queue.add_to_queue(&me.workspace_user, id, &ctx).await {
        Ok(_) => {
            let q = serde_urlencoded::to_string([
                ("account", account.as_str()),
                ("notice", "queued"),
                ("post", &id.to_string()),
            ])
            .unwrap_or_default();
            return Redirect::see_other(format!("/queue?{q}")).into_response();
        }
        Err(QueueError::NoFreeSlot(e)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            queue_text::no_free_slot(&tr, e),
        ),
        Err(QueueError::Post(PostError::Invalid(problems))) => {
            let list = problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| posts_text::problem(&tr, p))
                .collect::<Vec<_>>()
                .join(" ");
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                tr.t1("queue-error-post-invalid", "problems", list.as_str()),
            )
        }
        Err(QueueError::Post(PostError::NotFound)) => return not_found(),
        Err(QueueError::Post(PostError::NotEditable(_))) => {
            (StatusCode::CONFLICT, tr.t("posts-error-not-editable"))
        }
        Err(QueueError::Post(PostError::Conflict)) => {
            (StatusCode::CONFLICT, tr.t("posts-error-changed"))
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot add a post to the queue");
            return internal_error(req, Some(&me.user));
        }
    };
    let extra = Extra {
        notice: Notice::error(text),
        ..Extra::default()
    };
    render(&state, req, &me, &csrf.0, &account, extra, status).await
}

/// Makes the account's feed link, or a new one in place of the old.
#[handler]
pub async fn open_feed(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(f): CsrfForm<Fields>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let account_raw = field(&f, "account").to_string();
    let Some(account) = account_of(&account_raw) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    match state.queue.open_feed(me.access.owner(), account).await {
        Ok(secret) => {
            let extra = Extra {
                notice: Notice::ok(tr.t("queue-notice-feed-created")),
                feed_url: Some(format!(
                    "{}/calendar/{}.ics",
                    state.web.public_url,
                    secret.expose_secret()
                )),
                ..Extra::default()
            };
            let mut resp = render(
                &state,
                req,
                &me,
                &csrf.0,
                &account_raw,
                extra,
                StatusCode::OK,
            )
            .await;
            // The link is in this response only; never cache it.
            resp.headers_mut().insert(
                "cache-control",
                poem::http::HeaderValue::from_static("no-store"),
            );
            resp
        }
        Err(e) => failed(req, &me, e, "make a calendar feed"),
    }
}

#[handler]
pub async fn revoke_feed(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<Fields>,
) -> Response {
    let account_raw = field(&f, "account").to_string();
    let Some(account) = account_of(&account_raw) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    match state.queue.revoke_feed(me.access.owner(), account).await {
        Ok(_) => to_page(&account_raw, "revoked"),
        Err(e) => failed(req, &me, e, "revoke a calendar feed"),
    }
}
