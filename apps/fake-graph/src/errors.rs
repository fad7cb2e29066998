//! Instagram's error bodies, exactly as the reference documents them.

use poem::http::StatusCode;
use serde_json::{Value, json};

/// A Graph API error: status, body and whether to drop the connection.
#[derive(Debug, Clone)]
pub struct GraphError {
    pub status: StatusCode,
    pub body: Value,
}

fn fbtrace() -> String {
    format!("A{}", &uuid::Uuid::now_v7().simple().to_string()[..20])
}

impl GraphError {
    pub fn graph(
        status: StatusCode,
        kind: &str,
        code: i64,
        subcode: Option<i64>,
        message: &str,
    ) -> Self {
        let mut error = json!({
            "message": message,
            "type": kind,
            "code": code,
            "fbtrace_id": fbtrace(),
        });
        if let Some(s) = subcode {
            error["error_subcode"] = json!(s);
        }
        GraphError {
            status,
            body: json!({ "error": error }),
        }
    }

    pub fn with_user_text(mut self, title: &str, msg: &str) -> Self {
        self.body["error"]["error_user_title"] = json!(title);
        self.body["error"]["error_user_msg"] = json!(msg);
        self
    }

    pub fn transient(mut self) -> Self {
        self.body["error"]["is_transient"] = json!(true);
        self
    }

    /// Errors of api.instagram.com's code exchange: a different shape.
    pub fn oauth_host(message: &str) -> Self {
        GraphError {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error_type": "OAuthException", "code": 400, "error_message": message }),
        }
    }

    pub fn invalid_token() -> Self {
        Self::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            190,
            Some(467),
            "Invalid OAuth access token - Cannot parse access token",
        )
    }

    pub fn expired_token() -> Self {
        Self::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            190,
            Some(463),
            "Error validating access token: Session has expired on Thursday, 26-Nov-26 10:00:00 PST.",
        )
    }

    pub fn bad_param(message: &str) -> Self {
        Self::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            100,
            None,
            message,
        )
    }

    pub fn not_found(id: &str) -> Self {
        Self::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            100,
            Some(33),
            &format!(
                "Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
            ),
        )
    }

    pub fn nonexisting_field(field: &str, node: &str) -> Self {
        Self::bad_param(&format!(
            "(#100) Tried accessing nonexisting field ({field}) on node type ({node})"
        ))
    }

    pub fn server_error() -> Self {
        Self::graph(
            StatusCode::INTERNAL_SERVER_ERROR,
            "OAuthException",
            2,
            None,
            "An unexpected error has occurred. Please retry your request later.",
        )
        .transient()
    }

    pub fn rate_limited(code: i64) -> Self {
        let message = match code {
            4 => "(#4) Application request limit reached",
            17 => "(#17) User request limit reached",
            _ => {
                "There have been too many calls to this Instagram account. Wait a bit and try again."
            }
        };
        Self::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            code,
            None,
            message,
        )
    }

    pub fn permission_missing() -> Self {
        Self::graph(
            StatusCode::FORBIDDEN,
            "OAuthException",
            10,
            None,
            "(#10) Application does not have permission for this action",
        )
    }
}
