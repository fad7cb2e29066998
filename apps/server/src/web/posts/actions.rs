//! The buttons of a post's page (publish now, cancel, acknowledge a
//! failure, delete), each at its own URL and named by a [`PostAction`].

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::posts::{PostError, PostId};

use super::owned::{load, not_found};
use super::rows::{Lookup, PostRow};
use super::show::show_page;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts_text as text;
use crate::web::request::{client_context, safe_next};
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// What a button does; the route says which, so there is no default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostAction {
    Publish,
    Cancel,
    Acknowledge,
    Delete,
}

impl PostAction {
    /// The notice the post's page shows after it.
    fn notice(self) -> &'static str {
        match self {
            PostAction::Publish => "publishing",
            PostAction::Cancel => "cancelled",
            PostAction::Acknowledge => "acknowledged",
            PostAction::Delete => "deleted",
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    /// Where to return instead of the post's page (e.g. the dashboard).
    next: String,
}

/// Runs `action` and returns to the post's page (or to `next`); a refusal
/// shows the page again with the reason.
async fn act(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    id: &str,
    form: ActionForm,
    action: PostAction,
) -> Response {
    let Ok(id) = id.parse::<PostId>() else {
        return not_found(req, me);
    };
    let owner = me.user.id;
    let ctx = client_context(req, &state.web);
    let result = match action {
        PostAction::Publish => state.posts.publish_now(owner, id, &ctx).await.map(|_| ()),
        PostAction::Cancel => state.posts.cancel(owner, id).await.map(|_| ()),
        PostAction::Acknowledge => state.posts.acknowledge(owner, id).await,
        PostAction::Delete => state.posts.delete(owner, id, &ctx).await,
    };
    let tr = Tr::new(me.user.language);
    let key = match result {
        Ok(()) if action == PostAction::Delete => {
            return Redirect::see_other("/content?notice=deleted").into_response();
        }
        Ok(()) => {
            let target = if form.next.is_empty() {
                format!("/content/{id}?notice={}", action.notice())
            } else {
                safe_next(&form.next).to_string()
            };
            return Redirect::see_other(target).into_response();
        }
        Err(PostError::NotFound) => return not_found(req, me),
        Err(PostError::NotEditable(_)) => "posts-error-not-editable",
        Err(PostError::NotCancellable(_)) => "posts-error-not-cancellable",
        Err(PostError::NotDeletable) => "posts-error-not-deletable",
        Err(PostError::Conflict) => "posts-error-changed",
        Err(PostError::Invalid(problems)) => {
            // Publishing now re-checks the post (e.g. a file was deleted).
            let text = problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| text::problem(&tr, p))
                .collect::<Vec<_>>()
                .join(" ");
            return match state.posts.get(owner, id).await {
                Ok(p) => {
                    show_page(
                        state,
                        req,
                        me,
                        csrf,
                        p,
                        Notice::error(text),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await
                }
                Err(_) => not_found(req, me),
            };
        }
        Err(e) => {
            tracing::error!(error = %e, "post action failed");
            return internal_error(req, Some(&me.user));
        }
    };
    match state.posts.get(owner, id).await {
        Ok(p) => {
            show_page(
                state,
                req,
                me,
                csrf,
                p,
                Notice::error(tr.t(key)),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(_) => not_found(req, me),
    }
}

#[handler]
pub async fn publish(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    act(&state, req, &me, &csrf.0, &id, form, PostAction::Publish).await
}

#[handler]
pub async fn cancel(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    act(&state, req, &me, &csrf.0, &id, form, PostAction::Cancel).await
}

#[handler]
pub async fn acknowledge(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    act(
        &state,
        req,
        &me,
        &csrf.0,
        &id,
        form,
        PostAction::Acknowledge,
    )
    .await
}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    act(&state, req, &me, &csrf.0, &id, form, PostAction::Delete).await
}

#[derive(Template, WebTemplate)]
#[template(path = "posts_delete.html")]
pub struct DeletePage {
    l: Layout,
    id: String,
    row: PostRow,
}

#[handler]
pub async fn confirm_delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let post = match load(&state, req, &me, &id).await {
        None => return not_found(req, &me),
        Some(Err(r)) => return r,
        Some(Ok(p)) => p,
    };
    let tr = Tr::new(me.user.language);
    let lookup = match Lookup::load(&state, &me.user).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    DeletePage {
        id: post.id.to_string(),
        row: lookup.row(&tr, &post),
        l: Layout::new(
            tr,
            "posts-delete-title",
            Some(&me.user),
            &csrf.0,
            "/content",
        ),
    }
    .into_response()
}
