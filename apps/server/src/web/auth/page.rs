//! Logging in and out, and creating the first administrator.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use socialflow_core::Language;
use socialflow_core::auth::LoginError;
use socialflow_core::user::{Role, UsernameError};
use socialflow_core::users::UserError;
use subtle::ConstantTimeEq;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::{
    SESSION_COOKIE, client_context, language, language_cookie, safe_next, session_cookie,
    session_secret,
};
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::{PublicForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    l: Layout,
    notice: Option<Notice>,
    username: String,
    next: String,
    languages: [Language; 3],
}

fn login_page(tr: Tr, csrf: &str, notice: Option<Notice>, username: &str, next: &str) -> LoginPage {
    LoginPage {
        l: Layout::new(tr, "login-title", None, csrf, ""),
        notice,
        username: username.to_string(),
        next: safe_next(next).to_string(),
        languages: Language::ALL,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
    lang: Option<String>,
    expired: Option<String>,
    logged_out: Option<String>,
    setup: Option<String>,
}

#[handler]
pub async fn login_form(
    req: &Request,
    state: Data<&AppState>,
    csrf: &CsrfToken,
    Query(q): Query<LoginQuery>,
) -> Response {
    // Already signed in: nothing to do here.
    if let Some(secret) = session_secret(req)
        && let Ok(Some((user, _))) = state.auth.session_user(&secret).await
    {
        let next =
            crate::web::shared::session::landing(req, &state, &user, safe_next(&q.next)).await;
        return Redirect::see_other(next).into_response();
    }
    let chosen = q.lang.as_deref().and_then(|l| l.parse::<Language>().ok());
    if let Some(lang) = chosen {
        req.cookie().add(language_cookie(lang, &state));
    }
    let tr = Tr::new(chosen.unwrap_or_else(|| language(req, None)));
    let notice = if q.expired.is_some() {
        Notice::error(tr.t("login-session-expired"))
    } else if q.logged_out.is_some() {
        Notice::ok(tr.t("login-logged-out"))
    } else if q.setup.is_some() {
        Notice::ok(tr.t("setup-done"))
    } else {
        None
    };
    login_page(tr, &csrf.0, notice, "", &q.next).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    next: String,
    /// The browser's time zone, filled in by the page's script.
    time_zone: String,
}

#[handler]
pub async fn login_submit(
    req: &Request,
    state: Data<&AppState>,
    csrf: &CsrfToken,
    PublicForm(form): PublicForm<LoginForm>,
) -> Response {
    let tr = Tr::new(language(req, None));
    let ctx = client_context(req, &state.web);
    let password = SecretString::from(form.password);
    match state.auth.login(&form.username, &password, &ctx).await {
        Ok(done) => {
            req.cookie()
                .add(session_cookie(done.session_secret.expose_secret(), &state));
            let lang = super::first_run::on_sign_in(&state, req, &done.user, &form.time_zone).await;
            req.cookie().add(language_cookie(lang, &state));
            let next = crate::web::shared::session::landing(
                req,
                &state,
                &done.user,
                safe_next(&form.next),
            )
            .await;
            Redirect::see_other(next).into_response()
        }
        Err(LoginError::InvalidCredentials { delay }) => {
            // Slows down guessing; bcrypt already spent the same time on
            // unknown usernames.
            wait_out(delay).await;
            let notice = Notice::error(tr.t("login-error-invalid"));
            login_page(tr, &csrf.0, notice, &form.username, &form.next)
                .with_status(StatusCode::UNAUTHORIZED)
                .into_response()
        }
        Err(LoginError::Throttled { retry_after }) => {
            let (secs, message) = throttle_message(&tr, retry_after);
            let notice = Notice::error(message);
            login_page(tr, &csrf.0, notice, &form.username, &form.next)
                .with_status(StatusCode::TOO_MANY_REQUESTS)
                .with_header("retry-after", secs.to_string())
                .into_response()
        }
        Err(LoginError::Internal(e)) => {
            tracing::error!(error = %e, "login failed on the server side");
            internal_error(req, None)
        }
    }
}

/// Waits the delay a wrong password earns before the answer goes out.
// Shared with the API's password checks.
pub use crate::http::throttle::wait_out;

/// The `Retry-After` seconds (at least 1) and the translated "try again in
/// N minutes" for a throttled password check.
pub fn throttle_message(tr: &Tr, retry_after: time::Duration) -> (i64, String) {
    let secs = retry_after.whole_seconds().max(1);
    let minutes = (secs + 59) / 60;
    (secs, tr.t1("login-error-throttled", "minutes", minutes))
}

#[handler]
pub async fn logout(
    req: &Request,
    state: Data<&AppState>,
    _form: PublicForm<TokenOnly>,
) -> Response {
    if let Some(secret) = session_secret(req) {
        let ctx = client_context(req, &state.web);
        if let Err(e) = state.auth.logout(&secret, &ctx).await {
            tracing::error!(error = %e, "logout failed");
            return internal_error(req, None);
        }
    }
    req.cookie().remove(SESSION_COOKIE);
    Redirect::see_other("/login?logged_out=1").into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "setup.html")]
pub struct SetupPage {
    l: Layout,
    notice: Option<Notice>,
    token: String,
    username: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SetupForm {
    token: String,
    username: String,
    password: String,
    confirm: String,
}

fn setup_token_ok(state: &AppState, token: &str) -> bool {
    bool::from(token.as_bytes().ct_eq(state.setup_token.as_bytes()))
}

async fn has_users(state: &AppState) -> Result<bool, UserError> {
    Ok(state.users.count().await? > 0)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SetupQuery {
    token: String,
}

#[handler]
pub async fn setup_form(
    req: &Request,
    state: Data<&AppState>,
    csrf: &CsrfToken,
    Query(q): Query<SetupQuery>,
) -> Response {
    match has_users(&state).await {
        Ok(true) => return Redirect::see_other("/login").into_response(),
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot count users");
            return internal_error(req, None);
        }
    }
    if !setup_token_ok(&state, &q.token) {
        return error_page(req, None, StatusCode::FORBIDDEN, "setup-invalid-token");
    }
    let tr = Tr::new(language(req, None));
    SetupPage {
        l: Layout::new(tr, "setup-title", None, &csrf.0, ""),
        notice: None,
        token: q.token,
        username: String::new(),
    }
    .into_response()
}

#[handler]
pub async fn setup_submit(
    req: &Request,
    state: Data<&AppState>,
    csrf: &CsrfToken,
    PublicForm(form): PublicForm<SetupForm>,
) -> Response {
    match has_users(&state).await {
        Ok(true) => return Redirect::see_other("/login").into_response(),
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot count users");
            return internal_error(req, None);
        }
    }
    if !setup_token_ok(&state, &form.token) {
        return error_page(req, None, StatusCode::FORBIDDEN, "setup-invalid-token");
    }
    let lang = language(req, None);
    let tr = Tr::new(lang);
    let page = |notice: String| {
        SetupPage {
            l: Layout::new(tr, "setup-title", None, &csrf.0, ""),
            notice: Notice::error(notice),
            token: form.token.clone(),
            username: form.username.clone(),
        }
        .with_status(StatusCode::UNPROCESSABLE_ENTITY)
        .into_response()
    };
    if form.password != form.confirm {
        return page(tr.t("settings-password-mismatch"));
    }
    let ctx = client_context(req, &state.web);
    let password = SecretString::from(form.password.clone());
    match state
        .users
        .create_user(&form.username, password, Role::Admin, lang, &ctx)
        .await
    {
        Ok(_) => Redirect::see_other("/login?setup=1").into_response(),
        Err(e) => match user_error_message(&tr, &e) {
            Some(msg) => page(msg),
            None => {
                tracing::error!(error = %e, "cannot create the first administrator");
                internal_error(req, None)
            }
        },
    }
}

/// The translated message for a user-input error; `None` for internal ones.
pub fn user_error_message(tr: &Tr, e: &UserError) -> Option<String> {
    use socialflow_core::password::PasswordPolicyError;
    Some(match e {
        UserError::Username(UsernameError::Length) => tr.t("error-username-length"),
        UserError::Username(UsernameError::Characters) => tr.t("error-username-chars"),
        UserError::Username(UsernameError::Reserved) => tr.t("error-username-reserved"),
        UserError::UsernameTaken(_) => tr.t("error-username-taken"),
        UserError::Password(PasswordPolicyError::TooShort { min }) => {
            tr.t1("settings-password-too-short", "min", *min)
        }
        UserError::Password(PasswordPolicyError::TooLong { max }) => {
            tr.t1("settings-password-too-long", "max", *max)
        }
        UserError::NotFound(_) | UserError::Internal(_) => return None,
    })
}
