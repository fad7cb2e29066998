//! The buttons of a post's page (publish now, cancel, acknowledge a
//! failure, duplicate, move to another account, delete), each at its own
//! URL and named by a [`PostAction`].

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::AccountId;
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
    /// A new draft copy; the copy's page opens.
    Duplicate,
    /// To the account chosen in the form.
    Move,
}

impl PostAction {
    /// The notice the post's page shows after it.
    fn notice(self) -> &'static str {
        match self {
            PostAction::Publish => "publishing",
            PostAction::Cancel => "cancelled",
            PostAction::Acknowledge => "acknowledged",
            PostAction::Delete => "deleted",
            PostAction::Duplicate => "duplicated",
            PostAction::Move => "moved",
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    /// Where to return instead of the post's page (e.g. the dashboard).
    next: String,
    /// Move: the account to move the post to.
    account: String,
    /// Move: the version the page showed (a stale page is refused).
    version: String,
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
    let owner = me.access.owner();
    // A post (or a target account) outside the member's accounts does not
    // exist for them.
    // (No read for a member who sees every account: a post that cannot be
    // read back can still be deleted.)
    match state.posts.any_unseen(&me.access, &[id]).await {
        Ok(false) => {}
        Ok(true) => return not_found(req, me),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a post");
            return internal_error(req, Some(&me.user));
        }
    }
    let ctx = client_context(req, &state.web);
    let tr = Tr::new(me.user.language);
    // The post whose page opens next (the copy, after duplicating).
    let result = match action {
        PostAction::Publish => state.posts.publish_now(owner, id, &ctx).await.map(|p| p.id),
        PostAction::Cancel => state.posts.cancel(owner, id).await.map(|p| p.id),
        PostAction::Acknowledge => state.posts.acknowledge(owner, id).await.map(|()| id),
        PostAction::Delete => state.posts.delete(owner, id, &ctx).await.map(|()| id),
        PostAction::Duplicate => state
            .posts
            .duplicate(owner, id, &ctx)
            .await
            .map(|(p, _)| p.id),
        PostAction::Move => match form.account.trim().parse::<uuid::Uuid>() {
            // A made-up account looks like another user's: not found.
            Err(_) => Err(PostError::Invalid(vec![
                socialflow_core::posts::PostProblem::AccountNotFound,
            ])),
            Ok(account) if !me.access.sees_account(AccountId(account)) => {
                Err(PostError::Invalid(vec![
                    socialflow_core::posts::PostProblem::AccountNotFound,
                ]))
            }
            Ok(account) => state
                .posts
                .move_to_account(
                    owner,
                    id,
                    AccountId(account),
                    form.version.trim().parse().ok(),
                    &ctx,
                )
                .await
                .map(|(p, _)| p.id),
        },
    };
    let key = match result {
        Ok(_) if action == PostAction::Delete => {
            return Redirect::see_other("/content?notice=deleted").into_response();
        }
        Ok(target) => {
            let target = if form.next.is_empty() {
                format!("/content/{target}?notice={}", action.notice())
            } else {
                safe_next(&form.next).to_string()
            };
            return Redirect::see_other(target).into_response();
        }
        Err(PostError::NotFound) => return not_found(req, me),
        Err(PostError::ContainerBudget { used, cap, needed }) => {
            let text = tr.t_args(
                "planner-edit-budget-refused",
                &[
                    ("used", i64::from(used).into()),
                    ("cap", i64::from(cap).into()),
                    ("needed", i64::from(needed).into()),
                ],
            );
            return refused(state, req, me, csrf, id, text).await;
        }
        Err(PostError::NotEditable(_)) => "posts-error-not-editable",
        Err(PostError::NotCancellable(_)) => "posts-error-not-cancellable",
        Err(PostError::NotDeletable) => "posts-error-not-deletable",
        Err(PostError::Conflict) => "posts-error-changed",
        Err(PostError::Invalid(problems)) => {
            // Publishing now, duplicating and moving re-check the post
            // (e.g. a file was deleted, the account is not the user's).
            let text = problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| text::problem(&tr, p))
                .collect::<Vec<_>>()
                .join(" ");
            return refused(state, req, me, csrf, id, text).await;
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

/// The post's page again with why the action was refused (422: nothing
/// changed).
async fn refused(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    id: PostId,
    text: String,
) -> Response {
    match state.posts.get(me.access.owner(), id).await {
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
    }
}

#[handler]
pub async fn duplicate(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    act(&state, req, &me, &csrf.0, &id, form, PostAction::Duplicate).await
}

#[handler]
pub async fn move_to_account(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    act(&state, req, &me, &csrf.0, &id, form, PostAction::Move).await
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
    let lookup = match Lookup::load(&state, &me.workspace_user, &me.access).await {
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
