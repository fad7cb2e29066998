//! The Accounts page: connecting Instagram accounts through OAuth, their
//! profile and token status, refreshing and disconnecting.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::{Account, AccountId, AccountStatus};
use socialflow_core::accounts::{AccountError, CallbackParams, ConnectError};
use socialflow_core::instagram::{InstagramError, Scope};
use time::OffsetDateTime;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct AccountCard {
    pub id: String,
    pub username: String,
    pub name: Option<String>,
    pub biography: Option<String>,
    pub picture: Option<String>,
    pub followers: String,
    pub following: String,
    pub posts: String,
    pub token_status: String,
    pub needs_reconnect: bool,
    /// What the account's trouble means and what to do, translated.
    pub status_detail: Option<String>,
    /// Instagram's own words about it (English), for a details fold.
    pub detail_original: Option<String>,
    pub connected_at: String,
    pub refreshed_at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts.html")]
pub struct AccountsPage {
    l: Layout,
    notice: Option<Notice>,
    configured: bool,
    accounts: Vec<AccountCard>,
}

#[derive(Template, WebTemplate)]
#[template(path = "disconnect.html")]
pub struct DisconnectPage {
    l: Layout,
    id: String,
}

/// The account's card; dates and times on the viewer's clock and in their
/// language's format.
pub fn card(tr: &Tr, viewer: &socialflow_core::User, a: Account) -> AccountCard {
    let day = |t: OffsetDateTime| {
        crate::web::shared::format::day(viewer.language, viewer.time_zone.date_of(t))
    };
    let minute = |t: OffsetDateTime| crate::web::inbox::common::when(viewer, t);
    let count = |n: Option<i64>| {
        n.map_or_else(
            || tr.t("accounts-not-available"),
            |v| crate::web::shared::format::number(tr.lang, v),
        )
    };
    let needs_reconnect = a.status == AccountStatus::NeedsReconnect;
    AccountCard {
        id: a.id.to_string(),
        username: a.profile.username,
        name: a.profile.name,
        biography: a.profile.biography,
        // Only https pictures: the page's CSP allows no other remote images.
        picture: a
            .profile
            .profile_picture_url
            .filter(|u| u.starts_with("https://")),
        followers: count(a.profile.followers_count),
        following: count(a.profile.follows_count),
        posts: count(a.profile.media_count),
        token_status: if needs_reconnect {
            tr.t("accounts-token-needs-reconnect")
        } else {
            tr.t1("accounts-token-active", "date", day(a.token.expires_at))
        },
        needs_reconnect,
        status_detail: if needs_reconnect && a.token.ciphertext.is_erased() {
            // The retention run erased the expired token: our words, not
            // Instagram's.
            Some(tr.t("privacy-token-erased"))
        } else {
            a.status_detail
                .as_deref()
                .filter(|_| needs_reconnect)
                .map(|d| crate::web::posts_text::why(tr, d).fix)
        },
        detail_original: a
            .status_detail
            .filter(|_| needs_reconnect && !a.token.ciphertext.is_erased()),
        connected_at: minute(a.connected_at),
        refreshed_at: minute(a.profile_fetched_at),
    }
}

async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    match state.accounts.list_seen(&me.access).await {
        Ok(accounts) => AccountsPage {
            notice,
            configured: state.instagram_configured,
            accounts: accounts
                .into_iter()
                .map(|a| card(&tr, &me.user, a))
                .collect(),
            l: Layout::new(tr, "accounts-title", Some(&me.user), csrf, "/accounts"),
        }
        .with_status(status)
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            internal_error(req, Some(&me.user))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AccountsQuery {
    notice: String,
    username: String,
    missing: String,
}

/// Names the missing permissions in the user's language.
fn missing_text(tr: &Tr, missing: &str) -> String {
    missing
        .split(',')
        .filter_map(Scope::parse)
        .map(|s| tr.t(&format!("scope-{}", s.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

#[handler]
pub async fn list(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<AccountsQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let mut notice = match q.notice.as_str() {
        "connected" => {
            Notice::ok(tr.t1("accounts-notice-connected", "username", q.username.as_str()))
        }
        "reconnected" => Notice::ok(tr.t1(
            "accounts-notice-reconnected",
            "username",
            q.username.as_str(),
        )),
        "disconnected" => Notice::ok(tr.t("accounts-notice-disconnected")),
        "refreshed" => Notice::ok(tr.t("accounts-notice-refreshed")),
        _ => None,
    };
    let missing = missing_text(&tr, &q.missing);
    if !missing.is_empty() {
        notice = Notice::error(tr.t1("accounts-missing-permissions", "scopes", missing));
    }
    render(&state, req, &me, &csrf.0, notice, StatusCode::OK).await
}

/// Sends the browser to Instagram's authorization dialog.
#[handler]
pub async fn start(req: &Request, state: Data<&AppState>, me: WebUser) -> Response {
    if !state.instagram_configured {
        return Redirect::see_other("/accounts").into_response();
    }
    let session = state.auth.session_digest(&me.secret);
    match state
        .accounts
        .start_connect(me.access.owner(), &session)
        .await
    {
        Ok(url) => Redirect::see_other(url).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot start an Instagram connection");
            internal_error(req, Some(&me.user))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_reason: Option<String>,
    error_description: Option<String>,
}

/// The translated message for an Instagram error, and its HTTP status.
pub fn instagram_error_message(tr: &Tr, e: &InstagramError) -> (StatusCode, String) {
    match e {
        InstagramError::TokenInvalid { .. } => (StatusCode::CONFLICT, tr.t("accounts-error-token")),
        InstagramError::RateLimited { .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            tr.t("accounts-error-rate-limited"),
        ),
        InstagramError::Transient { .. } => {
            (StatusCode::BAD_GATEWAY, tr.t("accounts-error-unavailable"))
        }
        InstagramError::PermissionMissing { .. } => {
            (StatusCode::FORBIDDEN, tr.t("accounts-error-permission"))
        }
        InstagramError::OAuth { message } => (
            StatusCode::BAD_REQUEST,
            tr.t1("accounts-error-oauth", "detail", message.as_str()),
        ),
        other => (
            StatusCode::BAD_GATEWAY,
            tr.t1("accounts-error-other", "detail", other.to_string()),
        ),
    }
}

#[handler]
pub async fn callback(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let session = state.auth.session_digest(&me.secret);
    let params = CallbackParams {
        state: q.state,
        code: q.code,
        error: q.error,
        error_reason: q.error_reason,
        error_description: q.error_description,
    };
    let ctx = client_context(req, &state.web);
    let (status, message) = match state
        .accounts
        .complete_connect(me.access.owner(), &session, params, &ctx)
        .await
    {
        Ok(done) => {
            // The inbox fills in the background; the pages say "fetching"
            // until it has.
            state.first_syncs.start(done.account.clone()).await;
            let query = serde_urlencoded::to_string([
                (
                    "notice",
                    if done.reconnected {
                        "reconnected"
                    } else {
                        "connected"
                    },
                ),
                ("username", done.account.profile.username.as_str()),
                (
                    "missing",
                    &done
                        .missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            ])
            .unwrap_or_default();
            return Redirect::see_other(format!("/accounts?{query}")).into_response();
        }
        Err(ConnectError::Denied { .. }) => (StatusCode::OK, tr.t("accounts-error-denied")),
        Err(ConnectError::InvalidState) => (StatusCode::BAD_REQUEST, tr.t("accounts-error-state")),
        Err(ConnectError::ConnectedElsewhere) => {
            (StatusCode::CONFLICT, tr.t("accounts-error-elsewhere"))
        }
        Err(ConnectError::Instagram(e)) => instagram_error_message(&tr, &e),
        Err(ConnectError::Internal(e)) => {
            tracing::error!(error = %e, "cannot finish an Instagram connection");
            return internal_error(req, Some(&me.user));
        }
    };
    render(&state, req, &me, &csrf.0, Notice::error(message), status).await
}

fn parse_id(raw: &str) -> Option<AccountId> {
    uuid::Uuid::parse_str(raw).ok().map(AccountId)
}

fn not_found(req: &Request, me: &WebUser) -> Response {
    error_page(
        req,
        Some(&me.user),
        StatusCode::NOT_FOUND,
        "error-not-found",
    )
}

/// The account id in a form's URL, or the 404 page.
fn checked_id(req: &Request, me: &WebUser, raw_id: &str) -> Result<AccountId, Box<Response>> {
    parse_id(raw_id).ok_or_else(|| Box::new(not_found(req, me)))
}

#[handler]
pub async fn refresh(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    _form: CsrfForm<TokenOnly>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let id = match checked_id(req, &me, &id) {
        Ok(id) => id,
        Err(refusal) => return *refusal,
    };
    let tr = Tr::new(me.user.language);
    match state.analytics.refresh(&me.workspace_user, id).await {
        Ok(_) => Redirect::see_other("/accounts?notice=refreshed").into_response(),
        Err(AccountError::NotFound) => not_found(req, &me),
        Err(AccountError::Instagram(e)) => {
            let (status, message) = instagram_error_message(&tr, &e);
            render(&state, req, &me, &csrf.0, Notice::error(message), status).await
        }
        Err(AccountError::Internal(e)) => {
            tracing::error!(error = %e, "cannot refresh an account");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn confirm_disconnect(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let account = match parse_id(&id) {
        Some(id) => state.accounts.get(me.access.owner(), id).await,
        None => Err(AccountError::NotFound),
    };
    match account {
        Ok(a) => {
            let mut l = Layout::new(tr, "accounts-title", Some(&me.user), &csrf.0, "/accounts");
            l.title = tr.t1(
                "accounts-disconnect-title",
                "username",
                a.profile.username.as_str(),
            );
            DisconnectPage {
                l,
                id: a.id.to_string(),
            }
            .into_response()
        }
        Err(AccountError::NotFound) => not_found(req, &me),
        Err(e) => {
            tracing::error!(error = %e, "cannot load an account");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn disconnect(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    _form: CsrfForm<TokenOnly>,
    Path(id): Path<String>,
) -> Response {
    let id = match checked_id(req, &me, &id) {
        Ok(id) => id,
        Err(refusal) => return *refusal,
    };
    let ctx = client_context(req, &state.web);
    match state.accounts.disconnect(me.access.owner(), id, &ctx).await {
        Ok(()) => Redirect::see_other("/accounts?notice=disconnected").into_response(),
        Err(AccountError::NotFound) => not_found(req, &me),
        Err(e) => {
            tracing::error!(error = %e, "cannot disconnect an account");
            internal_error(req, Some(&me.user))
        }
    }
}
