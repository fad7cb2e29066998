//! API errors: JSON `{"code": …, "message": …}` with a stable machine code.
//! Every error leaving `/api` passes through [`to_json`], the one place
//! statuses and codes are decided.

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
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

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn as_response(&self) -> Response {
        json_body(self.status, self.code, &self.message)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
}

fn json_body(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::to_string(&Body { code, message }).unwrap_or_default();
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
        json_body(self.status, self.code, &self.message)
    }
}
