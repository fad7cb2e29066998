//! The public privacy policy, its acknowledgement, and the user's data
//! rights in Settings → Your data: export and account deletion.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query, Redirect};
use poem::{Body, IntoResponse, Request, Response, handler};
use secrecy::SecretString;
use serde::Deserialize;
use socialflow_core::Language;
use socialflow_core::privacy::ErasureError;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::{SESSION_COOKIE, client_context, language};
use crate::web::shared::errors::{SectionPage, internal_error};
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

#[derive(Template, WebTemplate)]
#[template(path = "privacy.html")]
pub struct PolicyPage {
    l: Layout,
    operator_name: Option<String>,
    operator_email: Option<String>,
    hosting_location: Option<String>,
    public_url: String,
    updated: String,
    languages: [Language; 3],
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PolicyQuery {
    lang: String,
}

/// `/privacy`: public; in the language asked for (`?lang=`), else the
/// user's or the browser's.
#[handler]
pub async fn policy(
    req: &Request,
    state: Data<&AppState>,
    me: Option<WebUser>,
    csrf: &CsrfToken,
    Query(q): Query<PolicyQuery>,
) -> Response {
    let user = me.as_ref().map(|m| &m.user);
    let lang = q
        .lang
        .parse::<Language>()
        .unwrap_or_else(|_| language(req, user));
    let settings = &state.privacy.settings;
    PolicyPage {
        l: Layout::new(Tr::new(lang), "privacy-title", user, &csrf.0, ""),
        operator_name: settings.operator_name.clone(),
        operator_email: settings.operator_email.clone(),
        hosting_location: settings.hosting_location.clone(),
        public_url: state.web.public_url.clone(),
        updated: settings.policy_version.to_string(),
        languages: Language::ALL,
    }
    .into_response()
}

/// Back to the page the notice was on (same site only), else home.
fn back(req: &Request, state: &AppState) -> String {
    req.header("referer")
        .and_then(|r| r.strip_prefix(state.web.public_url.as_str()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or("/")
        .to_string()
}

#[handler]
pub async fn acknowledge(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    _form: CsrfForm<TokenOnly>,
) -> Response {
    let ctx = client_context(req, &state.web);
    if let Err(e) = state.privacy.policy.acknowledge(me.user.id, &ctx).await {
        tracing::error!(error = %e, "cannot record a policy acknowledgement");
        return internal_error(req, Some(&me.user));
    }
    Redirect::see_other(back(req, &state)).into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "privacy_data.html")]
pub struct DataPage {
    l: Layout,
    notice: Option<Notice>,
    is_admin: bool,
    confirmed: bool,
}

fn data_page(me: &WebUser, csrf: &str, notice: Option<Notice>, confirmed: bool) -> DataPage {
    let tr = Tr::new(me.user.language);
    DataPage {
        l: Layout::new(tr, "privacy-data-title", Some(&me.user), csrf, "/settings"),
        notice,
        is_admin: me.user.is_admin(),
        confirmed,
    }
}

/// Settings → Your data.
#[handler]
pub fn data(me: WebUser, csrf: &CsrfToken) -> DataPage {
    data_page(&me, &csrf.0, None, false)
}

/// Downloads the export archive.
#[handler]
pub async fn export(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    _form: CsrfForm<TokenOnly>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match crate::http::export::export_archive(&state, &me.user, &ctx).await {
        Ok((file, name)) => Body::from_async_read(file)
            .with_content_type("application/zip")
            .with_header(
                "content-disposition",
                format!("attachment; filename=\"{name}\""),
            )
            .with_header("cache-control", "no-store")
            .into_response(),
        Err(_) => internal_error(req, Some(&me.user)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteForm {
    password: String,
    confirm: String,
}

/// Deletes the account after the password and the confirmation box.
#[handler]
pub async fn delete_account(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let confirmed = form.confirm == "yes";
    let refuse = |key: &str| {
        data_page(&me, &csrf.0, Notice::error(tr.t(key)), confirmed)
            .with_status(StatusCode::UNPROCESSABLE_ENTITY)
            .into_response()
    };
    if !confirmed {
        return refuse("privacy-delete-unconfirmed");
    }
    let password = SecretString::from(form.password);
    match state
        .privacy
        .eraser
        .delete_own_account(&me.user, &password, &client_context(req, &state.web))
        .await
    {
        Ok(_) => {
            req.cookie().remove(SESSION_COOKIE);
            SectionPage {
                paragraphs: vec![tr.t("privacy-deleted-text")],
                l: Layout::new(tr, "privacy-deleted-title", None, "", ""),
            }
            .into_response()
        }
        Err(ErasureError::WrongPassword { delay }) => {
            crate::web::auth::page::wait_out(delay).await;
            refuse("privacy-delete-wrong-password")
        }
        Err(ErasureError::SoleOwner { workspaces }) => {
            let message = tr.t1(
                "privacy-delete-sole-owner",
                "workspaces",
                workspaces.join(", "),
            );
            data_page(&me, &csrf.0, Notice::error(message), confirmed)
                .with_status(StatusCode::CONFLICT)
                .into_response()
        }
        Err(ErasureError::Throttled { retry_after }) => {
            let (secs, message) = crate::web::auth::page::throttle_message(&tr, retry_after);
            data_page(&me, &csrf.0, Notice::error(message), confirmed)
                .with_status(StatusCode::TOO_MANY_REQUESTS)
                .with_header("retry-after", secs.to_string())
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot delete an account");
            internal_error(req, Some(&me.user))
        }
    }
}
