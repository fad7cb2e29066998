//! The one place a form's CSRF token is checked: handlers take a
//! [`CsrfForm`] (or [`PublicForm`], [`CsrfUpload`]) instead of reading the
//! body themselves, so a form without a valid token never reaches them.
//!
//! The token is the `csrf` field, verified against the cookie by poem's
//! [`CsrfVerifier`] (set by [`super::csrf::SessionCsrf`]). A refusal is the
//! translated 403 page; a body whose token is valid but whose fields do not
//! read is a 400.

use poem::http::StatusCode;
use poem::web::CsrfVerifier;
use poem::{FromRequest, Request, RequestBody};
use serde::de::DeserializeOwned;
use socialflow_core::User;

use super::errors::error_page;
use crate::media_upload::{UploadForm, read_capped};
use crate::state::AppState;
use crate::web::request::session_secret;

/// The longest token read from the first field of an upload form.
const TOKEN_LIMIT: usize = 1024;

/// A urlencoded form of a signed-in page whose token is valid; the
/// refusal page shows the user's layout.
pub struct CsrfForm<T>(pub T);

/// The same for the forms used without a session (sign-in, setup, sign-out,
/// theme): the refusal page is the anonymous one.
pub struct PublicForm<T>(pub T);

/// A multipart upload whose first field was a valid `csrf` token; the rest
/// of the body (the file) is left unread for the handler to stream.
pub struct CsrfUpload(pub UploadForm);

/// The fields of a form that carries nothing but its token (a button).
#[derive(serde::Deserialize)]
pub struct TokenOnly {}

/// Who the refusal page is shown to.
#[derive(Clone, Copy)]
enum Audience {
    SignedIn,
    Anonymous,
}

impl<'a, T: DeserializeOwned> FromRequest<'a> for CsrfForm<T> {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        verified(req, body, Audience::SignedIn).await.map(CsrfForm)
    }
}

impl<'a, T: DeserializeOwned> FromRequest<'a> for PublicForm<T> {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        verified(req, body, Audience::Anonymous)
            .await
            .map(PublicForm)
    }
}

impl<'a> FromRequest<'a> for CsrfUpload {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        // The token is the first field and is checked before anything else
        // of the body is read: a forged upload costs one small field.
        let Ok(mut multipart) = UploadForm::from_request(req, body) else {
            return Err(refusal(req, Audience::SignedIn).await);
        };
        let Ok(Some(field)) = multipart.next_field().await else {
            return Err(refusal(req, Audience::SignedIn).await);
        };
        if field.name() != Some("csrf") || field.file_name().is_some() {
            return Err(refusal(req, Audience::SignedIn).await);
        }
        let token = match read_capped(field, TOKEN_LIMIT).await {
            Ok(Some(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
            _ => String::new(),
        };
        if !is_valid(req, &token) {
            return Err(refusal(req, Audience::SignedIn).await);
        }
        Ok(CsrfUpload(multipart))
    }
}

/// Reads the whole urlencoded body, checks its `csrf` field, then reads
/// the fields into `T`.
async fn verified<T: DeserializeOwned>(
    req: &Request,
    body: &mut RequestBody,
    audience: Audience,
) -> poem::Result<T> {
    let Ok(bytes) = body.take()?.into_bytes().await else {
        return Err(refusal(req, audience).await);
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let token = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    if !is_valid(req, token) {
        return Err(refusal(req, audience).await);
    }
    serde_urlencoded::from_bytes(&bytes).map_err(|e| {
        tracing::info!(error = %e, "unreadable form");
        poem::Error::from_response(error_page(
            req,
            None,
            StatusCode::BAD_REQUEST,
            "error-bad-request",
        ))
    })
}

fn is_valid(req: &Request, token: &str) -> bool {
    match req.extensions().get::<CsrfVerifier>() {
        Some(verifier) => verifier.is_valid(token),
        None => {
            // A form route mounted without the CSRF middleware: refuse.
            tracing::error!(path = %req.uri().path(), "form route without CSRF protection");
            false
        }
    }
}

/// The translated 403 page. Only a refusal looks the user up (again: the
/// handler's own [`super::session::WebUser`] has not run yet or is not
/// reachable from here), so accepted forms cost nothing extra.
async fn refusal(req: &Request, audience: Audience) -> poem::Error {
    let user = match audience {
        Audience::SignedIn => signed_in(req).await,
        Audience::Anonymous => None,
    };
    poem::Error::from_response(error_page(
        req,
        user.as_ref(),
        StatusCode::FORBIDDEN,
        "error-csrf",
    ))
}

async fn signed_in(req: &Request) -> Option<User> {
    let state = req.data::<AppState>()?;
    let secret = session_secret(req)?;
    match state.auth.session_user(&secret).await {
        Ok(found) => found.map(|(user, _)| user),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the session for a refused form");
            None
        }
    }
}
