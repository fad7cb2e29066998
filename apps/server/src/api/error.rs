//! API errors: JSON `{"code": …, "message": …}` with a stable machine code.
//! Every error leaving `/api` passes through [`to_json`], the one place
//! statuses and codes are decided.

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use serde::Serialize;
use socialflow_core::accounts::AccountError;
use socialflow_core::instagram::InstagramError;
use socialflow_core::posts::{PostError, PostProblem};

use crate::web::posts_text;

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Each thing wrong with the input (posts), as `{code, …numbers, message}`.
    pub problems: Vec<serde_json::Value>,
    /// Seconds for a `Retry-After` header (throttled requests).
    pub retry_after: Option<i64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            problems: Vec::new(),
            retry_after: None,
        }
    }

    /// Adds `Retry-After: secs`.
    pub fn with_retry_after(mut self, secs: i64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Sign in or send a personal API token as 'Authorization: Bearer <token>'.",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The server could not complete the request. Nothing was changed; try again later.",
        )
    }
}

impl ApiError {
    pub fn from_store(e: socialflow_core::StoreError) -> Self {
        tracing::error!(error = %e, "storage failed");
        Self::internal()
    }
}

impl From<InstagramError> for ApiError {
    fn from(e: InstagramError) -> Self {
        let (status, code) = match &e {
            InstagramError::TokenInvalid { .. } => {
                (StatusCode::CONFLICT, "account_needs_reconnect")
            }
            InstagramError::RateLimited { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "instagram_rate_limited")
            }
            InstagramError::Transient { .. } => (StatusCode::BAD_GATEWAY, "instagram_unavailable"),
            InstagramError::PermissionMissing { .. } => {
                (StatusCode::FORBIDDEN, "permission_missing")
            }
            InstagramError::NotFound { .. } => (StatusCode::NOT_FOUND, "instagram_not_found"),
            InstagramError::MediaRejected { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "media_rejected")
            }
            InstagramError::OutsideMessagingWindow => {
                (StatusCode::CONFLICT, "outside_messaging_window")
            }
            InstagramError::RecipientUnavailable => (StatusCode::CONFLICT, "recipient_unavailable"),
            InstagramError::ContainerNotReady => (StatusCode::CONFLICT, "container_not_ready"),
            InstagramError::QuotaReached => {
                (StatusCode::TOO_MANY_REQUESTS, "publishing_quota_reached")
            }
            InstagramError::OAuth { .. } | InstagramError::Invalid { .. } => {
                (StatusCode::BAD_GATEWAY, "instagram_refused")
            }
        };
        Self::new(status, code, e.to_string())
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::NotFound => {
                Self::new(StatusCode::NOT_FOUND, "not_found", "No such account.")
            }
            AccountError::Instagram(e) => e.into(),
            AccountError::Internal(e) => {
                tracing::error!(error = %e, "account operation failed");
                Self::internal()
            }
        }
    }
}

impl From<PostError> for ApiError {
    fn from(e: PostError) -> Self {
        let conflict = |code, message: &str| Self::new(StatusCode::CONFLICT, code, message);
        match e {
            PostError::NotFound => Self::new(StatusCode::NOT_FOUND, "not_found", "No such post."),
            // Another user's account looks exactly like a missing one.
            PostError::Invalid(problems) if problems.contains(&PostProblem::AccountNotFound) => {
                Self::new(StatusCode::NOT_FOUND, "not_found", "No such account.")
            }
            PostError::Invalid(problems) => {
                let mut err = Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_post",
                    "The post was not saved; fix each problem listed.",
                );
                err.problems = problems.iter().map(posts_text::problem_json).collect();
                err
            }
            PostError::NotEditable(state) => conflict(
                "post_not_editable",
                &format!(
                    "The post is {}: it can no longer be edited. Nothing was changed.",
                    state.as_str()
                ),
            ),
            PostError::NotCancellable(state) => conflict(
                "post_not_cancellable",
                &format!(
                    "The post is {}: it can no longer be cancelled.",
                    state.as_str()
                ),
            ),
            PostError::NotDeletable => conflict(
                "post_not_deletable",
                "The post is being published and cannot be deleted now; try again in a minute.",
            ),
            PostError::Conflict => conflict(
                "post_changed",
                "The post was changed meanwhile (version mismatch). Fetch it again and retry.",
            ),
            PostError::Store(e) => Self::from_store(e),
            PostError::OutOfWindow(e) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "time_out_of_range",
                format!(
                    "`{}` must be between 2000-01-01 and {} days from now.",
                    e.field, e.max_days
                ),
            ),
            PostError::Media(e) => {
                tracing::error!(error = %e, "media library failed");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "media_unavailable",
                    "The media library is not available right now. Nothing was changed; try again later.",
                )
            }
        }
    }
}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn as_response(&self) -> Response {
        self.as_response_json()
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[serde_json::Value]>::is_empty")]
    problems: &'a [serde_json::Value],
}

fn json_body(status: StatusCode, code: &str, message: &str) -> Response {
    json_body_with(status, code, message, &[])
}

fn json_body_with(
    status: StatusCode,
    code: &str,
    message: &str,
    problems: &[serde_json::Value],
) -> Response {
    let body = serde_json::to_string(&Body {
        code,
        message,
        problems,
    })
    .unwrap_or_default();
    body.with_content_type("application/json; charset=utf-8")
        .with_status(status)
        .into_response()
}

/// Turns any error raised under `/api` (ours, poem-openapi's parse and auth
/// errors, routing errors) into the JSON shape.
pub async fn to_json(err: poem::Error) -> Response {
    if let Some(api) = err.downcast_ref::<ApiError>() {
        return api.as_response_json();
    }
    let status = err.status();
    let code = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_input",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        s if s.is_server_error() => "internal",
        _ => "error",
    };
    if status == StatusCode::UNAUTHORIZED {
        return ApiError::unauthorized().as_response_json();
    }
    if status.is_server_error() {
        tracing::error!(error = %err, "API request failed");
        return ApiError::internal().as_response_json();
    }
    json_body(status, code, &err.to_string())
}

impl ApiError {
    fn as_response_json(&self) -> Response {
        let resp = json_body_with(self.status, self.code, &self.message, &self.problems);
        match self.retry_after {
            Some(secs) => resp
                .with_header("retry-after", secs.to_string())
                .into_response(),
            None => resp,
        }
    }
}
