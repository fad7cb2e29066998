//! Who is calling the API: a personal token (`Authorization: Bearer`) or the
//! browser's session cookie.

use poem::Request;
use poem::http::{Method, StatusCode};
use poem_openapi::SecurityScheme;
use poem_openapi::auth::{ApiKey, Bearer};
use socialflow_core::User;

use super::error::ApiError;
use crate::state::AppState;

fn state(req: &Request) -> poem::Result<&AppState> {
    req.data::<AppState>()
        .ok_or_else(|| ApiError::internal().into())
}

/// A personal API token created in Settings or with `socialflow token create`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "check_bearer")]
pub struct TokenAuth(pub User);

async fn check_bearer(req: &Request, bearer: Bearer) -> poem::Result<User> {
    match state(req)?.auth.bearer_user(&bearer.token).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(ApiError::unauthorized().into()),
        Err(e) => {
            tracing::error!(error = %e, "cannot check an API token");
            Err(ApiError::internal().into())
        }
    }
}

/// The web UI's session cookie. For requests that change data, the browser
/// must also show the request comes from our own pages (same origin), so a
/// foreign site cannot ride on the cookie.
#[derive(SecurityScheme)]
#[oai(
    ty = "api_key",
    key_name = "sf_session",
    key_in = "cookie",
    checker = "check_cookie"
)]
pub struct SessionAuth(pub User);

async fn check_cookie(req: &Request, key: ApiKey) -> poem::Result<User> {
    let state = state(req)?;
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_origin(req, &state.web.public_url) {
        return Err(cross_origin().into());
    }
    match state.auth.session_user(&key.key).await {
        Ok(Some((user, _))) => Ok(user),
        Ok(None) => Err(ApiError::unauthorized().into()),
        Err(e) => {
            tracing::error!(error = %e, "cannot check a session");
            Err(ApiError::internal().into())
        }
    }
}

fn cross_origin() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "cross_origin",
        "Requests that change data or download your data with a session cookie must come from SocialFlow's own pages; scripts should use a personal API token.",
    )
}

fn same_origin(req: &Request, public_url: &str) -> bool {
    if req.header("sec-fetch-site") == Some("same-origin") {
        return true;
    }
    req.header("origin")
        .is_some_and(|o| o.trim_end_matches('/') == public_url)
}

#[derive(SecurityScheme)]
pub enum ApiAuth {
    Token(TokenAuth),
    Session(SessionAuth),
}

impl ApiAuth {
    pub fn user(&self) -> &User {
        match self {
            ApiAuth::Token(TokenAuth(u)) | ApiAuth::Session(SessionAuth(u)) => u,
        }
    }

    /// For a `GET` that must not be started by a foreign page (the data
    /// export, which a link elsewhere could otherwise trigger with the
    /// session cookie): with a session, the request must come from our own
    /// pages, as for requests that change data. Tokens pass.
    pub fn require_own_pages(&self, req: &Request) -> poem::Result<()> {
        match self {
            ApiAuth::Token(_) => Ok(()),
            ApiAuth::Session(_) if same_origin(req, &state(req)?.web.public_url) => Ok(()),
            ApiAuth::Session(_) => Err(cross_origin().into()),
        }
    }
}
