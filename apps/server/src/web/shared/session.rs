//! The signed-in user of an HTML request. Pages that need one take
//! [`WebUser`]; without a live session the browser is sent to the login page.

use poem::http::StatusCode;
use poem::web::Redirect;
use poem::{FromRequest, IntoResponse, Request, RequestBody};
use socialflow_core::User;
use socialflow_core::session::Session;

use super::errors::internal_error;
use crate::state::AppState;
use crate::web::request::{SESSION_COOKIE, session_secret};

pub struct WebUser {
    pub user: User,
    pub session: Session,
    /// The cookie secret, to keep this session when ending the others.
    pub secret: String,
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
                match state.notifications.unread_count(user.id).await {
                    Ok(n) => super::page_context::mark_unread(user.id, n),
                    // The page still works; the bell shows no count.
                    Err(e) => tracing::warn!(error = %e, "cannot count unread notifications"),
                }
                Ok(WebUser {
                    user,
                    session,
                    secret,
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
