//! Settings → Security: changing the password and the personal API tokens
//! (created, shown once, revoked).

use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use socialflow_core::auth::PasswordChangeError;
use socialflow_core::password::PasswordPolicyError;
use socialflow_core::token::ApiTokenId;

use super::page::{render, render_with};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::session::WebUser;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

#[handler]
pub async fn change_password(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    if form.new != form.confirm {
        return render_with(
            &state,
            req,
            &me,
            &csrf.0,
            None,
            None,
            Some(("confirm", tr.t("settings-password-mismatch"))),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let ctx = client_context(req, &state.web);
    let current = SecretString::from(form.current);
    let new = SecretString::from(form.new);
    let result = state
        .auth
        .change_password(&me.user, &current, new, Some(&me.secret), &ctx)
        .await;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let mut retry = None;
    let problem = match result {
        Ok(()) => return Redirect::see_other("/settings?notice=password").into_response(),
        Err(PasswordChangeError::WrongCurrentPassword { delay }) => {
            crate::web::auth::page::wait_out(delay).await;
            ("current", tr.t("settings-password-wrong"))
        }
        Err(PasswordChangeError::Throttled { retry_after }) => {
            let (secs, message) = crate::web::auth::page::throttle_message(&tr, retry_after);
            status = StatusCode::TOO_MANY_REQUESTS;
            retry = Some(secs);
            ("current", message)
        }
        Err(PasswordChangeError::Policy(PasswordPolicyError::TooShort { min })) => {
            ("new", tr.t1("settings-password-too-short", "min", min))
        }
        Err(PasswordChangeError::Policy(PasswordPolicyError::TooLong { max })) => {
            ("new", tr.t1("settings-password-too-long", "max", max))
        }
        Err(PasswordChangeError::Internal(e)) => {
            tracing::error!(error = %e, "cannot change the password");
            return internal_error(req, Some(&me.user));
        }
    };
    let resp = render_with(&state, req, &me, &csrf.0, None, None, Some(problem), status).await;
    match retry {
        Some(secs) => resp
            .with_header("retry-after", secs.to_string())
            .into_response(),
        None => resp,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    name: String,
}

#[handler]
pub async fn create_token(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match state
        .auth
        .create_api_token(me.user.id, &form.name, &ctx)
        .await
    {
        Ok((_, secret)) => {
            let shown = secret.expose_secret().to_string();
            // The secret is in this response only; never cache it.
            let mut resp =
                render(&state, req, &me, &csrf.0, None, Some(shown), StatusCode::OK).await;
            resp.headers_mut().insert(
                "cache-control",
                poem::http::HeaderValue::from_static("no-store"),
            );
            resp
        }
        Err(socialflow_core::auth::TokenError::Name(_)) => {
            let tr = Tr::new(me.user.language);
            render_with(
                &state,
                req,
                &me,
                &csrf.0,
                None,
                None,
                Some(("token-name", tr.t("settings-token-invalid-name"))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot create a token");
            internal_error(req, Some(&me.user))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    id: String,
}

#[handler]
pub async fn revoke_token(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> Response {
    // An id that does not parse or is not the user's revokes nothing.
    if let Ok(id) = uuid::Uuid::parse_str(&form.id) {
        let ctx = client_context(req, &state.web);
        if let Err(e) = state
            .auth
            .revoke_api_token(me.user.id, ApiTokenId(id), &ctx)
            .await
        {
            tracing::error!(error = %e, "cannot revoke a token");
            return internal_error(req, Some(&me.user));
        }
    }
    Redirect::see_other("/settings?notice=revoked").into_response()
}
