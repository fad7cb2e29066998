//! API errors: JSON `{"code": …, "message": …}` with a stable machine code.
//! Every error leaving `/api` passes through [`to_json`], the one place
//! statuses and codes are decided.
//!
//! Each operation states the error statuses it can answer in its return
//! type, `ApiResult<T, { E404 | E409 | … }>`: [`Fail`] documents them in the
//! OpenAPI spec with the [`ErrorBody`] schema, so the spec cannot list fewer
//! statuses than the signature (and schemathesis checks the signature
//! against what the server really answers).

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::registry::{MetaHeader, MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object};
use serde::Serialize;
use socialflow_core::accounts::AccountError;
use socialflow_core::instagram::InstagramError;
use socialflow_core::posts::{PostError, PostProblem};
use socialflow_core::queue::QueueError;

use crate::http::posts_text;

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
            InstagramError::AlreadyRepliedPrivately => {
                (StatusCode::CONFLICT, "already_replied_privately")
            }
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
            PostError::ContainerBudget { used, cap, needed } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "container_budget_exceeded",
                format!(
                    "The account has used {used} of its {cap} Instagram containers in the last 24 hours; this edit would prepare the post again with {needed}. Nothing was changed; edit it later or change only its time."
                ),
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

impl From<QueueError> for ApiError {
    fn from(e: QueueError) -> Self {
        match e {
            QueueError::AccountNotFound => {
                Self::new(StatusCode::NOT_FOUND, "not_found", "No such account.")
            }
            QueueError::InvalidSlots(problems) => {
                let mut err = Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_slots",
                    "The slots were not saved; fix each problem listed.",
                );
                err.problems = crate::http::queue_text::slot_problems_json(&problems);
                err
            }
            QueueError::NoFreeSlot(e) => {
                let tr = crate::i18n::Tr::new(socialflow_core::Language::En);
                Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    crate::http::queue_text::no_free_slot_code(e),
                    crate::http::queue_text::no_free_slot(&tr, e),
                )
            }
            QueueError::Post(e) => e.into(),
            QueueError::Store(e) => Self::from_store(e),
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

/// The body of every error answer under `/api`.
#[derive(Object)]
#[oai(rename = "Error")]
pub struct ErrorBody {
    /// Stable machine code such as `not_found`; match on it.
    pub code: String,
    /// What went wrong, for people; the text may change.
    pub message: String,
    /// Each thing wrong with the input (`invalid_post` only).
    #[oai(skip_serializing_if_is_none)]
    pub problems: Option<Vec<ProblemBody>>,
}

/// One thing wrong with the input; some codes add numbers (e.g. `max`).
#[derive(Object)]
pub struct ProblemBody {
    pub code: String,
    pub message: String,
}

// Error statuses an operation can answer, as bits of `ApiResult`'s set.
pub const E400: u32 = 1 << 0;
pub const E401: u32 = 1 << 1;
pub const E403: u32 = 1 << 2;
pub const E404: u32 = 1 << 3;
pub const E409: u32 = 1 << 4;
pub const E413: u32 = 1 << 5;
pub const E415: u32 = 1 << 6;
pub const E422: u32 = 1 << 7;
pub const E429: u32 = 1 << 8;
pub const E500: u32 = 1 << 9;
pub const E502: u32 = 1 << 10;
pub const E503: u32 = 1 << 11;
pub const E410: u32 = 1 << 12;

/// Every operation: the caller is authenticated (401), works in a workspace
/// they are a member of (404 `workspace_not_found`) with a role that allows
/// the operation (403 `forbidden`), and storage can fail (500).
pub const AUTH: u32 = E401 | E403 | E404 | E500;
/// Every request other than GET/HEAD/OPTIONS: with the session cookie it
/// must be same-origin (403 `cross_origin`), and its body is capped (413)
/// before the operation reads it.
pub const WRITE: u32 = AUTH | E403 | E413;
/// A JSON body: malformed or off-schema (400), or not sent as JSON (415).
pub const JSON_BODY: u32 = E400 | E415;
/// A path id: not a UUID (400), or no such thing of the caller's (404).
pub const BY_ID: u32 = E400 | E404;
/// A call to Instagram: a missing permission (403), a vanished object
/// (404), a token that needs reconnecting or a closed messaging window
/// (409), refused media (422), rate or publishing limits (429), Instagram
/// unreachable or refusing (502).
pub const INSTAGRAM: u32 = E403 | E404 | E409 | E422 | E429 | E502;

/// (bit, status, description) of each documented error status.
const STATUSES: [(u32, u16, &str); 13] = [
    (
        E400,
        400,
        "`bad_request` or a specific code: the request does not match the schema (malformed JSON, a parameter of the wrong type) or says something impossible.",
    ),
    (
        E401,
        401,
        "`unauthorized`: no credentials, or a token or session that is unknown, revoked or expired.",
    ),
    (
        E403,
        403,
        "Refused: `cross_origin` (a session-cookie request that must come from SocialFlow's own pages), `forbidden` (the caller's role in the workspace of the request does not allow the operation; the message names the role needed), or the specific reason in `code`.",
    ),
    (
        E404,
        404,
        "`not_found`: no such object in the workspace of the request; `workspace_not_found`: the `SocialFlow-Workspace` header names a workspace the caller is not a member of.",
    ),
    (
        E409,
        409,
        "Conflict with the current state, named by `code` (e.g. `post_changed`, `post_not_editable`, `account_needs_reconnect`).",
    ),
    (
        E410,
        410,
        "`gone`: a one-time link (an invitation) that was used, revoked or has expired. Nothing was changed.",
    ),
    (
        E413,
        413,
        "`payload_too_large` (or a file-specific code): the request body is over the server's limit. Nothing was stored.",
    ),
    (
        E415,
        415,
        "`unsupported_media_type` (or `unsupported_file_type`): the body is not of a type this operation takes.",
    ),
    (
        E422,
        422,
        "The input parses but is not acceptable; `code` says why (`invalid_post` lists each problem).",
    ),
    (
        E429,
        429,
        "Too many requests or attempts, or an Instagram limit; `Retry-After` (seconds), when present, says when to try again.",
    ),
    (
        E500,
        500,
        "`internal`: a server-side failure. Nothing was changed; the cause is in the server's log.",
    ),
    (
        E502,
        502,
        "Instagram could not be reached or refused the request (`instagram_unavailable`, `instagram_refused`).",
    ),
    (
        E503,
        503,
        "A service the operation needs is not available right now (e.g. `media_unavailable`); try again later.",
    ),
];

/// What an operation answers: its success `T`, or an error with one of the
/// statuses in the bit set `S` (see [`E400`] …), documented in the spec.
pub type ApiResult<T, const S: u32> = Result<T, Fail<S>>;

/// An error answer of an operation whose possible error statuses are `S`.
/// It is still rendered by [`to_json`]; the set only documents it.
pub struct Fail<const S: u32>(poem::Error);

impl<const S: u32> From<poem::Error> for Fail<S> {
    fn from(e: poem::Error) -> Self {
        Self(e)
    }
}

impl<const S: u32> From<ApiError> for Fail<S> {
    fn from(e: ApiError) -> Self {
        Self(e.into())
    }
}

impl<const S: u32> From<Fail<S>> for poem::Error {
    fn from(f: Fail<S>) -> Self {
        f.0
    }
}

impl<const S: u32> ApiResponse for Fail<S> {
    fn meta() -> MetaResponses {
        error_responses(S)
    }

    fn register(registry: &mut Registry) {
        ErrorBody::register(registry);
    }
}

/// The spec's responses for the error statuses in `set`.
pub fn error_responses(set: u32) -> MetaResponses {
    let responses = STATUSES
        .iter()
        .filter(|(bit, _, _)| set & bit != 0)
        .map(|&(_, status, description)| MetaResponse {
            description,
            status: Some(status),
            status_range: None,
            content: vec![MetaMediaType {
                content_type: "application/json; charset=utf-8",
                schema: ErrorBody::schema_ref(),
            }],
            headers: if status == 429 {
                vec![MetaHeader {
                    name: "Retry-After".to_string(),
                    description: Some("Seconds to wait before trying again.".to_string()),
                    required: false,
                    deprecated: false,
                    schema: i64::schema_ref(),
                }]
            } else {
                Vec::new()
            },
        })
        .collect();
    MetaResponses { responses }
}

/// The status of each bit of `set`, for tests and the 405 handler.
pub fn statuses_of(set: u32) -> Vec<u16> {
    STATUSES
        .iter()
        .filter(|(bit, _, _)| set & bit != 0)
        .map(|&(_, status, _)| status)
        .collect()
}
