//! Error pages: a translated message with the status, in the layout of
//! the signed-in user when there is one; and the plain page of paragraphs
//! the policy and help sections use.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::CsrfToken;
use poem::{IntoResponse, Request, Response};
use socialflow_core::User;

use super::layout::Layout;
use crate::i18n::Tr;
use crate::web::request::language;

#[derive(Template, WebTemplate)]
#[template(path = "section.html")]
pub struct SectionPage {
    pub l: Layout,
    pub paragraphs: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub l: Layout,
    pub message: String,
}

/// A translated error page with `status`; `message_key` says what happened
/// and what to do.
pub fn error_page(
    req: &Request,
    user: Option<&User>,
    status: StatusCode,
    message_key: &str,
) -> Response {
    let tr = Tr::new(language(req, user));
    let csrf = req
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.as_str())
        .unwrap_or("");
    error_page_in(tr, user, csrf, status, message_key)
}

pub fn error_page_in(
    tr: Tr,
    user: Option<&User>,
    csrf: &str,
    status: StatusCode,
    message_key: &str,
) -> Response {
    ErrorPage {
        message: tr.t(message_key),
        l: Layout::new(tr, "error-title", user, csrf, ""),
    }
    .with_status(status)
    .into_response()
}

pub fn internal_error(req: &Request, user: Option<&User>) -> Response {
    error_page(
        req,
        user,
        StatusCode::INTERNAL_SERVER_ERROR,
        "error-internal",
    )
}

/// 403: the member's role in the active workspace does not allow the route;
/// the page says which role it needs (and the header's switcher leads back
/// to another workspace).
pub fn forbidden_page(
    req: &Request,
    user: &User,
    role: socialflow_core::workspaces::MemberRole,
    rule: crate::access::Rule,
) -> Response {
    let tr = Tr::new(language(req, Some(user)));
    let csrf = req
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.as_str())
        .unwrap_or("");
    let message = forbidden_text(tr, role, rule);
    ErrorPage {
        message,
        l: Layout::new(tr, "access-forbidden-title", Some(user), csrf, ""),
    }
    .with_status(StatusCode::FORBIDDEN)
    .into_response()
}

/// "Your role in this workspace (viewer) does not allow this: it needs editor or higher."
pub fn forbidden_text(
    tr: Tr,
    role: socialflow_core::workspaces::MemberRole,
    rule: crate::access::Rule,
) -> String {
    tr.t_args(
        "access-forbidden",
        &[
            (
                "role",
                tr.t(&format!("access-role-{}", role.as_str())).into(),
            ),
            (
                "needed",
                tr.t(&format!("access-role-{}", rule.least_role().as_str()))
                    .into(),
            ),
        ],
    )
}
