//! The Comments page's actions: reply, comment on the post, hide and
//! unhide, delete (after a confirmation), refresh now. Each returns to the
//! view it came from, or shows it again with the reason and the text typed.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::comments::{CommentView, View, ViewQuery, comment_view, render, view_url};
use super::common::{error_text, refresh_account};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

#[derive(Template, WebTemplate)]
#[template(path = "inbox_comment_delete.html")]
pub struct DeletePage {
    l: Layout,
    comment: CommentView,
    account: String,
    media: String,
    unanswered: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    message: String,
    account: String,
    media: String,
    unanswered: String,
    #[serde(flatten)]
    picker: crate::web::saved_replies::picker::PickerFields,
}

pub fn not_found(req: &Request, me: &WebUser) -> Response {
    error_page(
        req,
        Some(&me.user),
        StatusCode::NOT_FOUND,
        "error-not-found",
    )
}

/// After an action: back to the view on success; on a refusal the view
/// again, with the reason and the typed text.
#[allow(clippy::too_many_arguments)]
pub async fn after(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    f: ActionForm,
    result: Result<(), socialflow_core::inbox::InboxError>,
    ok_notice: &str,
    draft_for: &str,
) -> Response {
    let unanswered = f.unanswered == "1";
    match result {
        Ok(()) => Redirect::see_other(view_url(&f.account, &f.media, unanswered, ok_notice))
            .into_response(),
        Err(e) => {
            let tr = Tr::new(me.user.language);
            let (status, text) = match error_text(&tr, &e, |s| {
                if s == StatusCode::NOT_FOUND {
                    not_found(req, me)
                } else {
                    internal_error(req, Some(&me.user))
                }
            }) {
                Ok(x) => x,
                Err(page) => return *page,
            };
            let on_post = draft_for.is_empty();
            let v = View {
                account: f.account,
                media: f.media,
                unanswered,
                notice: Notice::error(text),
                status: Some(status),
                draft_for: draft_for.to_string(),
                draft: if on_post {
                    String::new()
                } else {
                    f.message.clone()
                },
                post_draft: if on_post { f.message } else { String::new() },
            };
            render(state, req, me, csrf, v).await
        }
    }
}

#[handler]
pub async fn reply(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = unseen(&state, req, &me, &id).await {
        return refused;
    }
    // A saved reply chosen in the box's picker (web/saved_replies/picker.rs).
    let mut f = f;
    f.message = crate::web::saved_replies::picker::for_comment(
        &state,
        me.access.owner(),
        &id,
        &f.picker,
        &f.message,
    )
    .await;
    if f.picker.inserting() {
        let v = View {
            unanswered: f.unanswered == "1",
            account: f.account,
            media: f.media,
            notice: None,
            status: None,
            draft_for: id,
            draft: f.message,
            post_draft: String::new(),
        };
        return render(&state, req, &me, &csrf.0, v).await;
    }
    let ctx = client_context(req, &state.web);
    let result = state
        .inbox
        .reply(me.access.owner(), &id, &f.message, &ctx)
        .await
        .map(|_| ());
    after(&state, req, &me, &csrf.0, f, result, "replied", &id).await
}

#[handler]
pub async fn comment_on_post(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(media_id): Path<String>,
) -> Response {
    let Some(account) = uuid::Uuid::parse_str(&f.account)
        .ok()
        .map(socialflow_core::account::AccountId)
    else {
        return not_found(req, &me);
    };
    if !me.access.sees_account(account) {
        return not_found(req, &me);
    }
    let ctx = client_context(req, &state.web);
    let result = state
        .inbox
        .comment_on_media(me.access.owner(), account, &media_id, &f.message, &ctx)
        .await
        .map(|_| ());
    after(&state, req, &me, &csrf.0, f, result, "commented", "").await
}

pub async fn set_hidden(
    req: &Request,
    state: &AppState,
    me: WebUser,
    csrf: &str,
    id: &str,
    f: ActionForm,
    hidden: bool,
) -> Response {
    if let Some(refused) = unseen(state, req, &me, id).await {
        return refused;
    }
    let ctx = client_context(req, &state.web);
    let result = state
        .inbox
        .set_hidden(me.access.owner(), id, hidden, &ctx)
        .await;
    let notice = if hidden { "hidden" } else { "unhidden" };
    after(state, req, &me, csrf, f, result, notice, "-").await
}

#[handler]
pub async fn hide(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    set_hidden(req, &state, me, &csrf.0, &id, f, true).await
}

#[handler]
pub async fn unhide(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    set_hidden(req, &state, me, &csrf.0, &id, f, false).await
}

/// The confirmation before deleting a comment.
#[handler]
pub async fn confirm_delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    match state.inbox.comment(me.access.owner(), &id).await {
        Ok(Some(c)) if !me.access.sees_account(c.account_id) => not_found(req, &me),
        Ok(Some(c)) => DeletePage {
            comment: comment_view(&me.user, &c),
            account: c.account_id.to_string(),
            media: q.media,
            unanswered: q.unanswered == "1",
            l: Layout::new(tr, "inbox-delete-title", Some(&me.user), &csrf.0, "/inbox"),
        }
        .into_response(),
        Ok(None) => not_found(req, &me),
        Err(e) => {
            tracing::error!(error = %e, "cannot load a comment");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = unseen(&state, req, &me, &id).await {
        return refused;
    }
    let ctx = client_context(req, &state.web);
    let result = state
        .inbox
        .delete_comment(me.access.owner(), &id, &ctx)
        .await;
    after(&state, req, &me, &csrf.0, f, result, "deleted", "-").await
}

/// "Refresh now": syncs the account from Instagram, then back to the view.
#[handler]
pub async fn refresh(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<ActionForm>,
    csrf: &CsrfToken,
) -> Response {
    let result = refresh_account(&state, &me, &f.account).await;
    after(&state, req, &me, &csrf.0, f, result, "refreshed", "-").await
}

/// The page to answer instead of acting on comment `id`, when it is on an
/// account outside the member's (it does not exist for them) or cannot be
/// read.
async fn unseen(state: &AppState, req: &Request, me: &WebUser, id: &str) -> Option<Response> {
    match state.inbox.comment_unseen(&me.access, id).await {
        Ok(false) => None,
        Ok(true) => Some(not_found(req, me)),
        Err(e) => {
            tracing::error!(error = %e, "cannot load a comment");
            Some(internal_error(req, Some(&me.user)))
        }
    }
}
