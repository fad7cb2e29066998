//! `/invite/<secret>`: signed out, the login page first (it comes back
//! here); then "Join <workspace> as <role>" with a CSRF form. Accepting
//! makes the browser work in that workspace. An unknown, used, expired or
//! revoked link is a translated 410 page and changes nothing.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};

use super::{problem, role_label, workspace_cookie};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page_in, internal_error};
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::Layout;
use crate::web::shared::session::WebUser;

#[derive(Template, WebTemplate)]
#[template(path = "team_invite.html")]
pub struct InvitePage {
    l: Layout,
    heading: String,
    action: String,
}

fn refusal(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    e: socialflow_core::team::TeamError,
) -> Response {
    let _ = state;
    let tr = Tr::new(me.user.language);
    match problem(&tr, &e) {
        Some((status, _, _)) if status == StatusCode::GONE => {
            error_page_in(tr, Some(&me.user), csrf, status, "team-invite-invalid")
        }
        Some((status, _, _)) if status == StatusCode::CONFLICT => {
            error_page_in(tr, Some(&me.user), csrf, status, "team-error-full")
        }
        _ => {
            tracing::error!(error = %e, "cannot read an invitation");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(secret): Path<String>,
) -> Response {
    let tr = Tr::new(me.user.language);
    match state.team.preview(&secret).await {
        Ok(p) => {
            let heading = tr.t_args(
                "team-invite-heading",
                &[
                    ("workspace", p.workspace.name.into()),
                    ("role", role_label(&tr, p.role).into()),
                ],
            );
            let mut resp = InvitePage {
                heading,
                action: format!("/invite/{secret}"),
                l: Layout::new(
                    tr,
                    "team-invite-title",
                    Some(&me.user),
                    &csrf.0,
                    "/settings",
                ),
            }
            .into_response();
            resp.headers_mut().insert(
                "cache-control",
                poem::http::HeaderValue::from_static("no-store"),
            );
            resp.headers_mut().insert(
                "referrer-policy",
                poem::http::HeaderValue::from_static("no-referrer"),
            );
            resp
        }
        Err(e) => refusal(&state, req, &me, &csrf.0, e),
    }
}

#[handler]
pub async fn accept(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(secret): Path<String>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match state.team.accept(&me.user, &secret, &ctx).await {
        Ok(member) => {
            req.cookie().add(workspace_cookie(member.workspace, &state));
            // The role's home in the workspace joined (a client's is /client).
            Redirect::see_other(crate::web::shared::layout::home_of(member.role)).into_response()
        }
        Err(e) => refusal(&state, req, &me, &csrf.0, e),
    }
}
