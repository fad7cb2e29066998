//! The header's workspace switcher: `POST /workspaces/switch` checks the
//! user is a member of the workspace asked for and keeps it in the `sf_ws`
//! cookie (HttpOnly, SameSite=Lax, Secure like the session cookie); the
//! personal workspace drops the cookie. Then back to a local page.

use poem::web::cookie::{Cookie, SameSite};
use poem::web::{Data, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::workspaces::WorkspaceId;

use super::request::safe_next;
use super::shared::errors::{error_page, internal_error};
use super::shared::forms::CsrfForm;
use super::shared::session::{WORKSPACE_COOKIE, WebUser, drop_workspace_cookie};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct SwitchForm {
    workspace: String,
    #[serde(default)]
    next: String,
}

/// The workspace cookie: HttpOnly, SameSite=Lax, Secure over HTTPS.
pub fn workspace_cookie(ws: WorkspaceId, secure: bool) -> Cookie {
    let mut c = Cookie::new_with_str(WORKSPACE_COOKIE, ws.to_string());
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(secure);
    c.set_path("/");
    c.set_max_age(std::time::Duration::from_secs(365 * 24 * 3600));
    c
}

#[handler]
pub async fn switch(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<SwitchForm>,
) -> Response {
    let not_found = || {
        error_page(
            req,
            Some(&me.user),
            poem::http::StatusCode::NOT_FOUND,
            "workspace-not-found",
        )
    };
    let Ok(id) = uuid::Uuid::parse_str(form.workspace.trim()) else {
        return not_found();
    };
    let ws = WorkspaceId(id);
    let role = match state.workspaces.access(&me.user, Some(ws)).await {
        Ok(Some(access)) if access.is_personal() => {
            drop_workspace_cookie(req);
            access.role
        }
        Ok(Some(access)) => {
            req.cookie()
                .add(workspace_cookie(ws, state.web.secure_cookies));
            access.role
        }
        // Not a member: the same answer as a workspace that does not exist.
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a workspace membership");
            return internal_error(req, Some(&me.user));
        }
    };
    let next = if form.next.is_empty() {
        "/"
    } else {
        &form.next
    };
    // The section the browser was in, unless the role there may not open
    // it (a client goes to the client page).
    let path = next.split(['?', '#']).next().unwrap_or("/");
    let next = match crate::access::web_rule("GET", path) {
        Some(rule) if !rule.allows(role) => super::shared::layout::home_of(role),
        _ => next,
    };
    Redirect::see_other(safe_next(next)).into_response()
}
