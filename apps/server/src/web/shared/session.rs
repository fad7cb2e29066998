//! The signed-in user of an HTML request. Pages that need one take
//! [`WebUser`]; without a live session the browser is sent to the login page.

use poem::http::StatusCode;
use poem::web::Redirect;
use poem::{FromRequest, IntoResponse, Request, RequestBody};
use socialflow_core::User;
use socialflow_core::session::Session;
use socialflow_core::workspaces::{Access, WorkspaceId};

use super::errors::internal_error;
use crate::state::AppState;
use crate::web::request::{SESSION_COOKIE, session_secret};

pub struct WebUser {
    pub user: User,
    pub session: Session,
    /// The cookie secret, to keep this session when ending the others.
    pub secret: String,
    /// The workspace this request works in (the `sf_ws` cookie; the
    /// user's personal one without it) and the user's role there. Data of
    /// the workspace is read and written as `access.owner()`.
    pub access: Access,
    /// The user the workspace's data is kept for: `user` itself in the
    /// personal workspace, the workspace's principal row (its time zone)
    /// in a shared one. Pass it to use cases that take a `&User` for the
    /// workspace's data (queue, analytics, best times, post lists).
    pub workspace_user: User,
}

/// The cookie naming the workspace the browser works in.
pub const WORKSPACE_COOKIE: &str = "sf_ws";

/// Drops the workspace cookie: a removal for the path it was set on (the
/// jar's own removal names no path, which a browser applies to the path of
/// the request only, keeping the cookie of `/`).
pub fn drop_workspace_cookie(req: &Request) {
    let mut c = poem::web::cookie::Cookie::new_with_str(WORKSPACE_COOKIE, "");
    c.set_path("/");
    c.make_removal();
    req.cookie().add(c);
}

/// The access of `user` to the workspace the cookie names; the personal
/// workspace when there is none, or when the user is no longer a member
/// (then the stale cookie is dropped).
async fn workspace_access(req: &Request, state: &AppState, user: &User) -> poem::Result<Access> {
    let requested = req
        .cookie()
        .get(WORKSPACE_COOKIE)
        .and_then(|c| uuid::Uuid::parse_str(c.value_str()).ok())
        .map(WorkspaceId);
    match state.workspaces.access(user, requested).await {
        Ok(Some(access)) => Ok(access),
        Ok(None) => {
            drop_workspace_cookie(req);
            Ok(Access::personal(user.id))
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read the workspace membership");
            Err(poem::Error::from_response(internal_error(req, None)))
        }
    }
}

impl<'a> FromRequest<'a> for WebUser {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let state = req
            .data::<AppState>()
            .ok_or_else(|| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;
        let Some(secret) = session_secret(req) else {
            return Err(to_login(req, false));
        };
        match state.auth.session_user(&secret).await {
            Ok(Some((user, session))) => {
                let policy = &state.privacy.policy;
                match policy.needs_notice(user.id).await {
                    Ok(true) => {
                        super::page_context::mark_policy(user.id, policy.current().to_string())
                    }
                    Ok(false) => {}
                    // The page still works; the notice shows next time.
                    Err(e) => tracing::warn!(error = %e, "cannot read the policy acknowledgement"),
                }
                let access = workspace_access(req, state, &user).await?;
                super::page_context::mark_role(user.id, access.role);
                if req.method() == poem::http::Method::GET {
                    page_header(state, &user, &access).await;
                } else {
                    unread_count(state, &user).await;
                }
                // Before anything else of the workspace is read.
                check_route(req, &user, &access)?;
                let workspace_user = match state.users.workspace_user(&access, &user).await {
                    Ok(u) => u,
                    Err(e) => {
                        tracing::error!(error = %e, "cannot read the workspace");
                        return Err(poem::Error::from_response(internal_error(req, Some(&user))));
                    }
                };
                if req.method() == poem::http::Method::GET {
                    mark_approvals_count(state, &access).await;
                }
                Ok(WebUser {
                    user,
                    session,
                    secret,
                    access,
                    workspace_user,
                })
            }
            Ok(None) => {
                // A stale cookie: drop it so the browser stops sending it.
                req.cookie().remove(SESSION_COOKIE);
                Err(to_login(req, true))
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot read the session");
                Err(poem::Error::from_response(internal_error(req, None)))
            }
        }
    }
}

/// Refuses the request (403, a translated page naming the role needed)
/// when the member's role does not allow the route's capability. A route
/// missing from the access table is refused outside the personal workspace.
fn check_route(req: &Request, user: &User, access: &Access) -> poem::Result<()> {
    let route = req.data::<crate::access::RouteRule>().copied();
    let rule = route.and_then(|r| r.0);
    let allowed = match rule {
        Some(rule) => rule.allows(access.role),
        None => access.is_personal(),
    };
    if allowed {
        // A member limited to some accounts: the others do not exist.
        let hidden = route
            .and_then(|r| crate::access::account_in_path(r.1, req.uri().path()))
            .is_some_and(|a| !access.sees_account(socialflow_core::account::AccountId(a)));
        if hidden {
            return Err(poem::Error::from_response(super::errors::error_page(
                req,
                Some(user),
                StatusCode::NOT_FOUND,
                "error-not-found",
            )));
        }
        return Ok(());
    }
    let rule = rule.unwrap_or(crate::access::Rule::Needs(
        socialflow_core::workspaces::Capability::Own,
    ));
    Err(poem::Error::from_response(super::errors::forbidden_page(
        req,
        user,
        access.role,
        rule,
    )))
}

/// Where signing in lands: `next`, unless it is the dashboard and the
/// user's role in the workspace the cookie names has another home (a
/// client's is the client page, the only workspace page they may open).
pub async fn landing<'a>(req: &Request, state: &AppState, user: &User, next: &'a str) -> &'a str {
    if next != "/" {
        return next;
    }
    let requested = req
        .cookie()
        .get(WORKSPACE_COOKIE)
        .and_then(|c| uuid::Uuid::parse_str(c.value_str()).ok())
        .map(WorkspaceId);
    match state.workspaces.access(user, requested).await {
        Ok(Some(access)) => super::layout::home_of(access.role),
        // No membership (or no answer): the personal workspace's dashboard.
        Ok(None) | Err(_) => next,
    }
}

/// A page's header: the workspace switcher (nothing shown when the user
/// has only the personal workspace) and the bell's count, in one read.
async fn page_header(state: &AppState, user: &User, access: &Access) {
    match state.workspaces.header_of(user.id).await {
        Ok(facts) => {
            super::page_context::mark_unread(user.id, facts.unread);
            super::page_context::mark_workspaces(
                user.id,
                access.workspace,
                facts
                    .workspaces
                    .into_iter()
                    .map(|(w, role)| super::page_context::HeaderWorkspace {
                        id: w.id,
                        name: w.name,
                        personal: w.personal,
                        role,
                    })
                    .collect(),
            );
        }
        // The page still works; no switcher, no count on the bell.
        Err(e) => tracing::warn!(error = %e, "cannot read the page header"),
    }
}

/// The bell's count for a form's answer (a page shown again with its
/// errors); such requests list no workspaces.
async fn unread_count(state: &AppState, user: &User) {
    match state.notifications.unread_count(user.id).await {
        Ok(n) => super::page_context::mark_unread(user.id, n),
        // The page still works; the bell shows no count.
        Err(e) => tracing::warn!(error = %e, "cannot count unread notifications"),
    }
}

/// A redirect to the login page that comes back here afterwards.
fn to_login(req: &Request, expired: bool) -> poem::Error {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let query = serde_urlencoded::to_string([("next", path)]).unwrap_or_default();
    let mut target = format!("/login?{query}");
    if expired {
        target.push_str("&expired=1");
    }
    poem::Error::from_response(Redirect::see_other(target).into_response())
}

/// The navigation's count of posts waiting for the member's review: only
/// in a shared workspace (the personal one costs no query) and for roles
/// that may approve.
async fn mark_approvals_count(state: &AppState, access: &Access) {
    if access.is_personal() || !access.can(socialflow_core::workspaces::Capability::Approve) {
        return;
    }
    let n = state.approvals().queue_count(access).await;
    crate::web::shared::page_context::mark_approvals(
        access.user,
        u32::try_from(n).unwrap_or(u32::MAX),
    );
}
