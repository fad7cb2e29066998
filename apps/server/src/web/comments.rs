//! The Comments page: the account's posts with their comment counts, a
//! post's threads newest first (unanswered ones highlighted), the
//! "unanswered" filter across the account, and the actions: reply, comment
//! on the post, hide/unhide, delete (after a confirmation).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, CsrfVerifier, Data, Form, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::inbox::{CachedComment, CachedMedia, CommentFilter, threads};

use super::inbox_common::{AccountTab, choose_account, error_text, refreshed_text, when};
use super::layout::{Layout, Notice};
use super::pages::{csrf_error, error_page, internal_error};
use super::request::client_context;
use super::session::WebUser;
use crate::i18n::Tr;
use crate::state::AppState;

pub struct PostRow {
    pub id: String,
    pub caption: String,
    pub media_type: String,
    pub permalink: Option<String>,
    pub time: String,
    pub comments: String,
    pub unanswered: usize,
}

pub struct CommentView {
    pub id: String,
    pub username: String,
    pub text: String,
    pub time: String,
    pub hidden: bool,
    pub likes: i64,
}

pub struct ThreadView {
    pub comment: CommentView,
    pub replies: Vec<CommentView>,
    pub unanswered: bool,
    pub media_id: String,
    /// The reply the user typed, kept when Instagram refused it.
    pub draft: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox_comments.html")]
pub struct CommentsPage {
    l: Layout,
    notice: Option<Notice>,
    tabs: Vec<AccountTab>,
    account: String,
    refreshed: String,
    /// The post list (no post chosen, no filter).
    posts: Vec<PostRow>,
    /// The chosen post, when one is open.
    post: Option<PostRow>,
    unanswered: bool,
    threads: Vec<ThreadView>,
    /// A new comment on the post, kept when Instagram refused it.
    post_draft: String,
}

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
pub struct ViewQuery {
    account: String,
    media: String,
    unanswered: String,
    notice: String,
}

/// What a page shows besides its data: the view and any kept draft.
#[derive(Default)]
struct View {
    account: String,
    media: String,
    unanswered: bool,
    notice: Option<Notice>,
    status: Option<StatusCode>,
    draft_for: String,
    draft: String,
    post_draft: String,
}

fn comment_view(user: &User, c: &CachedComment) -> CommentView {
    CommentView {
        id: c.id.clone(),
        username: c.username.clone().unwrap_or_default(),
        text: c.text.clone(),
        time: when(user, c.timestamp),
        hidden: c.hidden,
        likes: c.like_count.unwrap_or(0),
    }
}

fn post_row(tr: &Tr, user: &User, m: &CachedMedia, unanswered: usize) -> PostRow {
    PostRow {
        id: m.id.clone(),
        caption: m
            .caption
            .as_deref()
            .map(|c| c.chars().take(140).collect())
            .unwrap_or_default(),
        media_type: tr.t(match m.media_type.as_str() {
            "VIDEO" | "REELS" => "inbox-media-video",
            "CAROUSEL_ALBUM" => "inbox-media-carousel",
            _ => "inbox-media-image",
        }),
        permalink: m.permalink.clone().filter(|p| p.starts_with("https://")),
        time: when(user, m.timestamp),
        comments: m.comments_count.map_or_else(
            || tr.t("inbox-unknown"),
            |n| super::format::number(tr.lang, n),
        ),
        unanswered,
    }
}

/// The URL of a view, for redirects after an action.
fn view_url(account: &str, media: &str, unanswered: bool, notice: &str) -> String {
    let mut q = vec![("account", account)];
    if !media.is_empty() {
        q.push(("media", media));
    }
    if unanswered {
        q.push(("unanswered", "1"));
    }
    if !notice.is_empty() {
        q.push(("notice", notice));
    }
    format!(
        "/comments?{}",
        serde_urlencoded::to_string(q).unwrap_or_default()
    )
}

async fn render(state: &AppState, req: &Request, me: &WebUser, csrf: &str, v: View) -> Response {
    let tr = Tr::new(me.user.language);
    let fail = |e: socialflow_core::StoreError| {
        tracing::error!(error = %e, "cannot show comments");
        internal_error(req, Some(&me.user))
    };
    let (tabs, account) = match choose_account(state, me.user.id, &v.account).await {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let refreshed = refreshed_text(state, &tr, &me.user, account.as_ref()).await;
    let mut page = CommentsPage {
        notice: v.notice,
        tabs,
        account: account
            .as_ref()
            .map(|a| a.id.to_string())
            .unwrap_or_default(),
        refreshed,
        posts: Vec::new(),
        post: None,
        unanswered: v.unanswered,
        threads: Vec::new(),
        post_draft: v.post_draft,
        l: Layout::new(tr, "comments-title", Some(&me.user), csrf, "/comments"),
    };
    if let Some(a) = &account
        && let Err(e) = fill(
            state,
            &tr,
            me,
            a,
            &v.media,
            &v.draft_for,
            &v.draft,
            &mut page,
        )
        .await
    {
        return fail(e);
    }
    page.with_status(v.status.unwrap_or(StatusCode::OK))
        .into_response()
}

#[allow(clippy::too_many_arguments)]
async fn fill(
    state: &AppState,
    tr: &Tr,
    me: &WebUser,
    a: &Account,
    media: &str,
    draft_for: &str,
    draft: &str,
    page: &mut CommentsPage,
) -> Result<(), socialflow_core::StoreError> {
    let inbox = &state.inbox;
    let open_unanswered = inbox
        .comments(
            me.user.id,
            a.id,
            &CommentFilter {
                media_id: None,
                unanswered: true,
            },
        )
        .await?;
    let mut per_post: HashMap<&str, usize> = HashMap::new();
    for c in &open_unanswered {
        *per_post.entry(c.media_id.as_str()).or_default() += 1;
    }
    let posts = inbox.cached_media(me.user.id, a.id).await?;
    let chosen = posts.iter().find(|m| m.id == media);
    if chosen.is_none() && !page.unanswered {
        page.posts = posts
            .iter()
            .map(|m| {
                post_row(
                    tr,
                    &me.user,
                    m,
                    per_post.get(m.id.as_str()).copied().unwrap_or(0),
                )
            })
            .collect();
        return Ok(());
    }
    page.post = chosen.map(|m| {
        post_row(
            tr,
            &me.user,
            m,
            per_post.get(m.id.as_str()).copied().unwrap_or(0),
        )
    });
    let filter = CommentFilter {
        media_id: chosen.map(|m| m.id.clone()),
        unanswered: false,
    };
    let mut comments = inbox.comments(me.user.id, a.id, &filter).await?;
    if page.unanswered {
        let open: Vec<&str> = open_unanswered.iter().map(|c| c.id.as_str()).collect();
        comments.retain(|c| {
            open.contains(&c.id.as_str())
                || c.parent_id.as_deref().is_some_and(|p| open.contains(&p))
        });
    }
    page.threads = threads(comments, &a.profile.username)
        .into_iter()
        .map(|t| ThreadView {
            draft: if t.comment.id == draft_for {
                draft.to_string()
            } else {
                String::new()
            },
            media_id: t.comment.media_id.clone(),
            unanswered: t.unanswered,
            replies: t
                .replies
                .iter()
                .map(|r| comment_view(&me.user, r))
                .collect(),
            comment: comment_view(&me.user, &t.comment),
        })
        .collect();
    Ok(())
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ViewQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "replied" => Notice::ok(tr.t("inbox-notice-replied")),
        "commented" => Notice::ok(tr.t("inbox-notice-commented")),
        "hidden" => Notice::ok(tr.t("inbox-notice-hidden")),
        "unhidden" => Notice::ok(tr.t("inbox-notice-unhidden")),
        "deleted" => Notice::ok(tr.t("inbox-notice-deleted")),
        "refreshed" => Notice::ok(tr.t("inbox-notice-refreshed")),
        _ => None,
    };
    let v = View {
        account: q.account,
        media: q.media,
        unanswered: q.unanswered == "1",
        notice,
        ..View::default()
    };
    super::inbox_common::opened(&state, &me.user).await;
    render(&state, req, &me, &csrf.0, v).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    csrf: String,
    message: String,
    account: String,
    media: String,
    unanswered: String,
}

fn not_found(req: &Request, me: &WebUser) -> Response {
    error_page(
        req,
        Some(&me.user),
        StatusCode::NOT_FOUND,
        "error-not-found",
    )
}

fn checked(
    req: &Request,
    me: &WebUser,
    verifier: &CsrfVerifier,
    form: poem::Result<Form<ActionForm>>,
) -> Result<ActionForm, Box<Response>> {
    match form {
        Ok(Form(f)) if verifier.is_valid(&f.csrf) => Ok(f),
        _ => Err(Box::new(csrf_error(req, Some(&me.user)))),
    }
}

/// After an action: back to the view on success; on a refusal the view
/// again, with the reason and the typed text.
#[allow(clippy::too_many_arguments)]
async fn after(
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

#[allow(clippy::too_many_arguments)]
#[handler]
pub async fn reply(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    form: poem::Result<Form<ActionForm>>,
) -> Response {
    let f = match checked(req, &me, verifier, form) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let ctx = client_context(req, &state.web);
    let result = state
        .inbox
        .reply(me.user.id, &id, &f.message, &ctx)
        .await
        .map(|_| ());
    after(&state, req, &me, &csrf.0, f, result, "replied", &id).await
}

#[allow(clippy::too_many_arguments)]
#[handler]
pub async fn comment_on_post(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(media_id): Path<String>,
    form: poem::Result<Form<ActionForm>>,
) -> Response {
    let f = match checked(req, &me, verifier, form) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let Some(account) = uuid::Uuid::parse_str(&f.account)
        .ok()
        .map(socialflow_core::account::AccountId)
    else {
        return not_found(req, &me);
    };
    let ctx = client_context(req, &state.web);
    let result = state
        .inbox
        .comment_on_media(me.user.id, account, &media_id, &f.message, &ctx)
        .await
        .map(|_| ());
    after(&state, req, &me, &csrf.0, f, result, "commented", "").await
}

#[allow(clippy::too_many_arguments)]
async fn set_hidden(
    req: &Request,
    state: &AppState,
    me: WebUser,
    csrf: &str,
    verifier: &CsrfVerifier,
    id: &str,
    form: poem::Result<Form<ActionForm>>,
    hidden: bool,
) -> Response {
    let f = match checked(req, &me, verifier, form) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let ctx = client_context(req, &state.web);
    let result = state.inbox.set_hidden(me.user.id, id, hidden, &ctx).await;
    let notice = if hidden { "hidden" } else { "unhidden" };
    after(state, req, &me, csrf, f, result, notice, "-").await
}

#[allow(clippy::too_many_arguments)]
#[handler]
pub async fn hide(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    form: poem::Result<Form<ActionForm>>,
) -> Response {
    set_hidden(req, &state, me, &csrf.0, verifier, &id, form, true).await
}

#[allow(clippy::too_many_arguments)]
#[handler]
pub async fn unhide(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    form: poem::Result<Form<ActionForm>>,
) -> Response {
    set_hidden(req, &state, me, &csrf.0, verifier, &id, form, false).await
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
    match state.inbox.comment(me.user.id, &id).await {
        Ok(Some(c)) => DeletePage {
            comment: comment_view(&me.user, &c),
            account: c.account_id.to_string(),
            media: q.media,
            unanswered: q.unanswered == "1",
            l: Layout::new(
                tr,
                "inbox-delete-title",
                Some(&me.user),
                &csrf.0,
                "/comments",
            ),
        }
        .into_response(),
        Ok(None) => not_found(req, &me),
        Err(e) => {
            tracing::error!(error = %e, "cannot load a comment");
            internal_error(req, Some(&me.user))
        }
    }
}

#[allow(clippy::too_many_arguments)]
#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    form: poem::Result<Form<ActionForm>>,
) -> Response {
    let f = match checked(req, &me, verifier, form) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let ctx = client_context(req, &state.web);
    let result = state.inbox.delete_comment(me.user.id, &id, &ctx).await;
    after(&state, req, &me, &csrf.0, f, result, "deleted", "-").await
}

/// "Refresh now": syncs the account from Instagram, then back to the view.
#[allow(clippy::too_many_arguments)]
#[handler]
pub async fn refresh(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    form: poem::Result<Form<ActionForm>>,
) -> Response {
    let f = match checked(req, &me, verifier, form) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let result = refresh_account(&state, &me, &f.account).await;
    after(&state, req, &me, &csrf.0, f, result, "refreshed", "-").await
}

/// Syncs one of the user's accounts now (Comments and Messages pages).
pub async fn refresh_account(
    state: &AppState,
    me: &WebUser,
    raw_account: &str,
) -> Result<(), socialflow_core::inbox::InboxError> {
    let id = uuid::Uuid::parse_str(raw_account)
        .map(socialflow_core::account::AccountId)
        .map_err(|_| socialflow_core::inbox::InboxError::NotFound)?;
    let report = state.inbox.refresh(me.user.id, id).await?;
    if report.deferred {
        return Err(socialflow_core::instagram::InstagramError::RateLimited {
            retry_after: report.retry_after,
        }
        .into());
    }
    Ok(())
}
