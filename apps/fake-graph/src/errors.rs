//! Instagram's error bodies: the Graph envelope, the OAuth host's own shape
//! and rupload's, with the messages the reference quotes.

use poem::http::{Method, StatusCode};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::clock::pacific;
use crate::ids::trace_id;

/// An error answer: HTTP status and body.
#[derive(Debug, Clone)]
pub(crate) struct GraphError {
    pub status: StatusCode,
    pub body: Value,
}

impl GraphError {
    /// `{"error": {"message", "type", "code", "fbtrace_id"}}`.
    pub(crate) fn new(
        status: StatusCode,
        kind: &str,
        code: i64,
        message: impl Into<String>,
    ) -> Self {
        let message: String = message.into();
        GraphError {
            status,
            body: json!({ "error": {
                "message": message,
                "type": kind,
                "code": code,
                "fbtrace_id": trace_id(),
            }}),
        }
    }

    /// An `OAuthException` with HTTP 400, the most common kind.
    pub(crate) fn oauth(code: i64, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "OAuthException", code, message)
    }

    pub(crate) fn subcode(mut self, subcode: i64) -> Self {
        self.body["error"]["error_subcode"] = json!(subcode);
        self
    }

    /// The text Instagram means to be shown to people.
    pub(crate) fn user(mut self, title: &str, msg: &str) -> Self {
        self.body["error"]["error_user_title"] = json!(title);
        self.body["error"]["error_user_msg"] = json!(msg);
        self
    }

    pub(crate) fn transient(mut self, transient: bool) -> Self {
        self.body["error"]["is_transient"] = json!(transient);
        self
    }

    pub(crate) fn code(&self) -> Option<i64> {
        self.body["error"]["code"].as_i64()
    }

    /// A rate-limit answer: usage headers must read 100.
    pub(crate) fn is_throttle(&self) -> bool {
        matches!(self.code(), Some(4 | 17 | 32 | 613 | 80002))
    }

    // ------------------------------------------------------------ requests

    /// Code 100: an invalid or missing parameter.
    pub(crate) fn param(message: impl Into<String>) -> Self {
        Self::oauth(100, message)
    }

    pub(crate) fn required(name: &str) -> Self {
        Self::param(format!("(#100) The parameter {name} is required"))
    }

    /// Code 100 / 33: no such object, not yours, or not this operation.
    pub(crate) fn unsupported(method: &Method, id: &str) -> Self {
        let verb = method.as_str().to_ascii_lowercase();
        Self::new(
            StatusCode::BAD_REQUEST,
            "GraphMethodException",
            100,
            format!(
                "Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api"
            ),
        )
        .subcode(33)
    }

    pub(crate) fn unknown_path(rest: &str) -> Self {
        Self::oauth(2500, format!("Unknown path components: /{rest}"))
    }

    pub(crate) fn nonexisting_field(field: &str, node: &str) -> Self {
        Self::param(format!(
            "(#100) Tried accessing nonexisting field ({field}) on node type ({node})"
        ))
    }

    pub(crate) fn syntax(message: impl Into<String>) -> Self {
        Self::oauth(2500, message)
    }

    // -------------------------------------------------------------- tokens

    pub(crate) fn missing_token() -> Self {
        Self::oauth(
            2500,
            "An active access token must be used to query information about the current user.",
        )
    }

    /// 190 / 467: a token Instagram never issued (or garbage).
    pub(crate) fn invalid_token() -> Self {
        Self::oauth(
            190,
            "Invalid OAuth access token - Cannot parse access token",
        )
        .subcode(467)
    }

    /// 190 / 463: expired, with the times as Instagram writes them.
    pub(crate) fn expired_token(expired_at: OffsetDateTime, now: OffsetDateTime) -> Self {
        Self::oauth(
            190,
            format!(
                "Error validating access token: Session has expired on {}. The current time is {}.",
                pacific(expired_at),
                pacific(now)
            ),
        )
        .subcode(463)
    }

    /// 190 / 460: invalidated by a password change or a security check.
    pub(crate) fn session_invalidated() -> Self {
        Self::oauth(
            190,
            "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
        )
        .subcode(460)
    }

    /// Code 10: the token lacks the permission (a scope the user unticked,
    /// or an injected fault). Graph answers these with HTTP 403.
    pub(crate) fn permission_denied() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "OAuthException",
            10,
            "(#10) Application does not have permission for this action",
        )
    }

    // ------------------------------------------------------ other hosts

    /// api.instagram.com's own shape: `{"error_type","code","error_message"}`.
    pub(crate) fn oauth_host(message: &str) -> Self {
        GraphError {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error_type": "OAuthException", "code": 400, "error_message": message }),
        }
    }

    /// rupload.facebook.com's shape: `{"debug_info":{…}}`, the inner
    /// message being JSON in a string.
    pub(crate) fn rupload(status: StatusCode, retriable: bool, message: &str) -> Self {
        let inner = json!({ "success": false, "error": { "message": message } }).to_string();
        GraphError {
            status,
            body: json!({ "debug_info": {
                "retriable": retriable,
                "type": "ProcessingFailedError",
                "message": inner,
            }}),
        }
    }

    // -------------------------------------------------------------- faults

    /// Code 2, HTTP 500, `is_transient`.
    pub(crate) fn server_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "OAuthException",
            2,
            "An unexpected error has occurred. Please retry your request later.",
        )
        .transient(true)
    }

    /// Code 1, as Instagram answers for e.g. a breakdown a metric lacks.
    pub(crate) fn unknown_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "OAuthException",
            1,
            "An unknown error has occurred.",
        )
    }

    pub(crate) fn rate_limited(code: i64) -> Self {
        let message = match code {
            4 => "(#4) Application request limit reached",
            17 => "(#17) User request limit reached",
            32 => "(#32) Page request limit reached",
            613 => "(#613) Calls to this api have exceeded the rate limit.",
            _ => {
                "There have been too many calls to this Instagram account. Wait a bit and try again."
            }
        };
        let e = Self::oauth(code, message);
        if code == 80002 || code == 4 || code == 17 {
            e.transient(true)
        } else {
            e
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_carry_what_clients_branch_on() {
        let e = GraphError::invalid_token();
        assert_eq!(e.body["error"]["code"], 190);
        assert_eq!(e.body["error"]["error_subcode"], 467);
        assert!(e.body["error"]["fbtrace_id"].as_str().is_some());
        let e = GraphError::oauth_host("Invalid platform app");
        assert_eq!(e.body["error_message"], "Invalid platform app");
        let e = GraphError::rupload(StatusCode::BAD_REQUEST, false, "unauthorized user request");
        let inner: Value =
            serde_json::from_str(e.body["debug_info"]["message"].as_str().unwrap_or(""))
                .unwrap_or_default();
        assert_eq!(inner["error"]["message"], "unauthorized user request");
        assert!(GraphError::rate_limited(80002).is_throttle());
    }
}
