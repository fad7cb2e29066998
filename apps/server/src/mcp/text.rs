//! What the MCP tools answer: JSON views of posts, accounts and comments,
//! and every refusal as a message in the user's language (the same words
//! the web pages use).

use serde_json::{Value, json};
use socialflow_core::account::Account;
use socialflow_core::accounts::AccountError;
use socialflow_core::analytics::RangeError;
use socialflow_core::inbox::{CachedComment, InboxError};
use socialflow_core::media::{MediaError, MediaFile, RemoteMediaError};
use socialflow_core::posts::{Post, PostError, PostLogEntry, PostProblem};
use socialflow_core::queue::QueueError;
use socialflow_core::{StoreError, User};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::http::{posts_text, queue_text};
use crate::i18n::Tr;

/// A refusal, already in the caller's words; nothing was changed.
#[derive(Debug)]
pub struct Refusal(pub String);

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn internal(tr: &Tr, what: &str, e: &dyn std::fmt::Display) -> Refusal {
    tracing::error!(error = %e, what, "MCP tool failed");
    Refusal(tr.t("error-internal"))
}

pub fn store(tr: &Tr, e: StoreError) -> Refusal {
    internal(tr, "storage", &e)
}

pub fn post(tr: &Tr, e: PostError) -> Refusal {
    Refusal(match e {
        PostError::NotFound => tr.t("posts-error-not-found"),
        PostError::Invalid(problems) if problems.contains(&PostProblem::AccountNotFound) => {
            tr.t("mcp-error-account-not-found")
        }
        PostError::Invalid(problems) => problems
            .iter()
            .filter(|p| !p.is_warning())
            .map(|p| posts_text::problem(tr, p))
            .collect::<Vec<_>>()
            .join(" "),
        PostError::NotEditable(_) => tr.t("posts-error-not-editable"),
        PostError::NotCancellable(_) => tr.t("posts-error-not-cancellable"),
        PostError::NotDeletable => tr.t("posts-error-not-deletable"),
        PostError::Conflict => tr.t("posts-error-changed"),
        PostError::ContainerBudget { used, cap, needed } => tr.t_args(
            "planner-edit-budget-refused",
            &[
                ("used", i64::from(used).into()),
                ("cap", i64::from(cap).into()),
                ("needed", i64::from(needed).into()),
            ],
        ),
        PostError::OutOfWindow(e) => e.to_string(),
        e @ (PostError::Store(_) | PostError::Media(_)) => return internal(tr, "posts", &e),
    })
}

pub fn queue(tr: &Tr, e: QueueError) -> Refusal {
    match e {
        QueueError::Post(e) => post(tr, e),
        QueueError::NoFreeSlot(e) => Refusal(queue_text::no_free_slot(tr, e)),
        QueueError::AccountNotFound => Refusal(tr.t("mcp-error-account-not-found")),
        e @ (QueueError::InvalidSlots(_) | QueueError::Store(_)) => internal(tr, "queue", &e),
    }
}

pub fn account(tr: &Tr, e: AccountError) -> Refusal {
    match e {
        AccountError::NotFound => Refusal(tr.t("mcp-error-account-not-found")),
        AccountError::Instagram(e) => Refusal(crate::web::inbox::common::instagram_text(tr, &e).1),
        AccountError::Internal(e) => internal(tr, "accounts", &e),
    }
}

pub fn inbox(tr: &Tr, e: InboxError) -> Refusal {
    match e {
        InboxError::NotFound => Refusal(tr.t("mcp-error-comment-not-found")),
        InboxError::Internal(e) => internal(tr, "inbox", &e),
        other => {
            match crate::web::inbox::common::error_text(tr, &other, |_| poem::Response::default()) {
                Ok((_, text)) => Refusal(text),
                Err(_) => internal(tr, "inbox", &other),
            }
        }
    }
}

pub fn media(tr: &Tr, e: MediaError) -> Refusal {
    match e {
        MediaError::Internal(_) => internal(tr, "media", &e),
        e => Refusal(crate::web::media::text::upload_error(tr, &e).1),
    }
}

pub fn remote(tr: &Tr, e: &RemoteMediaError) -> Refusal {
    Refusal(match e {
        RemoteMediaError::NotHttp => tr.t("mcp-error-source-scheme"),
        RemoteMediaError::TooLong => tr.t("mcp-error-source-too-long"),
        RemoteMediaError::HostNotAllowed(h) => {
            tr.t1("mcp-error-host-not-allowed", "host", h.as_str())
        }
        RemoteMediaError::NotPublic(h) => tr.t1("mcp-error-host-private", "host", h.as_str()),
        RemoteMediaError::LocalFilesOff => tr.t("mcp-error-local-off"),
        RemoteMediaError::PathNotAllowed => tr.t("mcp-error-path-not-allowed"),
    })
}

pub fn range(tr: &Tr, e: &RangeError) -> Refusal {
    Refusal(crate::web::analytics::query::range_error(tr, e))
}

pub fn account_json(a: &Account) -> Value {
    json!({
        "id": a.id.0,
        "username": a.profile.username,
        "name": a.profile.name,
        "status": a.status.as_str(),
        "followers_count": a.profile.followers_count,
        "media_count": a.profile.media_count,
    })
}

/// A post as the tools show it; `tr` words its hold and state.
pub fn post_json(tr: &Tr, user: &User, p: &Post) -> Value {
    let c = &p.content;
    json!({
        "id": p.id.0,
        "account_id": c.account_id.0,
        "kind": c.kind.as_str(),
        "state": p.state.as_str(),
        "state_label": posts_text::state(tr, p.state),
        "caption": c.caption,
        "hashtags": c.hashtags,
        "first_comment": c.first_comment,
        "media_ids": c.media.iter().map(|m| m.0).collect::<Vec<_>>(),
        "scheduled_at": c.scheduled_at.map(rfc3339),
        "scheduled_local": c.scheduled_at.map(|t| crate::web::shared::format::moment(user.language, &user.time_zone, t)),
        "hold": p.hold.map(|h| posts_text::hold(tr, h)),
        "reason": p.reason,
        "permalink": p.permalink,
        "published_at": p.published_at.map(rfc3339),
        "version": p.version,
    })
}

pub fn log_json(tr: &Tr, e: &PostLogEntry) -> Value {
    json!({
        "at": rfc3339(e.at),
        "event": e.event.as_str(),
        "label": posts_text::event(tr, e.event),
        "detail": e.detail,
    })
}

pub fn warnings_json(tr: &Tr, warnings: &[PostProblem]) -> Value {
    Value::Array(
        warnings
            .iter()
            .map(|w| json!({"code": posts_text::problem_code(w), "message": posts_text::problem(tr, w)}))
            .collect(),
    )
}

pub fn comment_json(c: &CachedComment) -> Value {
    json!({
        "id": c.id,
        "media_id": c.media_id,
        "parent_id": c.parent_id,
        "text": c.text,
        "username": c.username,
        "timestamp": rfc3339(c.timestamp),
        "hidden": c.hidden,
    })
}

pub fn media_json(f: &MediaFile) -> Value {
    json!({
        "id": f.id.0,
        "kind": f.kind.as_str(),
        "status": f.status.as_str(),
        "content_type": f.content_type,
        "byte_size": f.byte_size,
        "original_name": f.original_name,
    })
}
