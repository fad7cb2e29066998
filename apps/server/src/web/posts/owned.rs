//! The owner's post by the id in a URL, as every post page and form finds
//! it.

use poem::http::StatusCode;
use poem::{Request, Response};
use socialflow_core::posts::{Post, PostError, PostId};

use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::session::WebUser;

/// The owner's post by its id in the URL: `None` when it is not theirs (or
/// not a post id), `Err` with the page to return when storage failed.
pub async fn load(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    raw: &str,
) -> Option<Result<Post, Response>> {
    let id = raw.parse::<PostId>().ok()?;
    match state.posts.get_seen(&me.access, id).await {
        Ok(p) => Some(Ok(p)),
        Err(PostError::NotFound) => None,
        Err(e) => {
            tracing::error!(error = %e, "cannot read a post");
            Some(Err(internal_error(req, Some(&me.user))))
        }
    }
}

/// The 404 page of a post that is not the user's.
pub fn not_found(req: &Request, me: &WebUser) -> Response {
    error_page(
        req,
        Some(&me.user),
        StatusCode::NOT_FOUND,
        "posts-error-not-found",
    )
}
