//! The Comments page: the account's posts with their comment counts, a
//! post's threads newest first (unanswered ones highlighted), and the
//! "unanswered" filter across the account. The buttons are in
//! [`super::comment_actions`].

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::inbox::{CachedComment, CachedMedia, CommentFilter, threads};

use super::common::{AccountTab, choose_account, refreshed_text, when};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct PostRow {
    pub id: String,
    /// A picture of the post (https only).
    pub picture: Option<String>,
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
    /// The thread's triage reference and whether it is marked done.
    pub item_ref: String,
    pub done: bool,
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
    /// The post's id from the address (also when the post is not cached
    /// yet: its threads show without the post card).
    media: String,
    unanswered: bool,
    threads: Vec<ThreadView>,
    /// A new comment on the post, kept when Instagram refused it.
    post_draft: String,
    /// Saved replies for the reply boxes' pickers.
    saved: crate::web::saved_replies::picker::SavedReplyChoices,
    account_username: String,
}

impl CommentsPage {
    /// The saved-reply picker of a comment's reply box.
    pub fn picker(
        &self,
        username: &str,
        comment_id: &str,
    ) -> crate::web::saved_replies::picker::PickerBox<'_> {
        self.saved.for_box(
            username,
            &self.account_username,
            &format!("reply-{comment_id}"),
        )
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ViewQuery {
    pub account: String,
    pub media: String,
    pub unanswered: String,
    pub notice: String,
    pub n: String,
}

/// What a page shows besides its data: the view and any kept draft.
#[derive(Default)]
pub struct View {
    pub account: String,
    pub media: String,
    pub unanswered: bool,
    pub notice: Option<Notice>,
    pub status: Option<StatusCode>,
    pub draft_for: String,
    pub draft: String,
    pub post_draft: String,
}

pub fn comment_view(user: &User, c: &CachedComment) -> CommentView {
    CommentView {
        id: c.id.clone(),
        username: c.username.clone().unwrap_or_default(),
        text: c.text.clone(),
        time: when(user, c.timestamp),
        hidden: c.hidden,
        likes: c.like_count.unwrap_or(0),
    }
}

pub fn post_row(tr: &Tr, user: &User, m: &CachedMedia, unanswered: usize) -> PostRow {
    let summary = socialflow_core::inbox::triage::PostSummary {
        id: m.id.clone(),
        caption: None,
        media_type: m.media_type.clone(),
        thumbnail_url: m.thumbnail_url.clone(),
        media_url: m.media_url.clone(),
        permalink: None,
    };
    PostRow {
        picture: summary
            .picture()
            .filter(|u| u.starts_with("https://"))
            .map(str::to_string),
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
            |n| crate::web::shared::format::number(tr.lang, n),
        ),
        unanswered,
    }
}

/// The URL of a view, for redirects after an action: a post's thread
/// view here; the account's unanswered threads are the triage list
/// filtered by the account, and its post list is `/inbox/posts`.
pub fn view_url(account: &str, media: &str, unanswered: bool, notice: &str) -> String {
    if media.is_empty() {
        return list_url(account, unanswered, notice, "");
    }
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

pub async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    v: View,
) -> Response {
    let tr = Tr::new(me.user.language);
    let fail = |e: socialflow_core::StoreError| {
        tracing::error!(error = %e, "cannot show comments");
        internal_error(req, Some(&me.user))
    };
    let (tabs, account) = match choose_account(state, &me.access, &v.account).await {
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
        media: v.media.clone(),
        unanswered: v.unanswered,
        threads: Vec::new(),
        post_draft: v.post_draft,
        saved: crate::web::saved_replies::picker::SavedReplyChoices::load(state, me.access.owner())
            .await,
        account_username: account
            .as_ref()
            .map(|a| a.profile.username.clone())
            .unwrap_or_default(),
        l: Layout::new(tr, "comments-title", Some(&me.user), csrf, "/inbox"),
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
pub async fn fill(
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
            me.access.owner(),
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
    let posts = inbox.cached_media(me.access.owner(), a.id).await?;
    let chosen = posts.iter().find(|m| m.id == media);
    if media.is_empty() && !page.unanswered {
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
    // A comment can arrive (webhook) before its post is cached: its
    // threads show by the post's id, the post card after the next sync.
    let filter = CommentFilter {
        media_id: (!media.is_empty()).then(|| media.to_string()),
        unanswered: false,
    };
    let mut comments = inbox.comments(me.access.owner(), a.id, &filter).await?;
    if page.unanswered {
        let open: Vec<&str> = open_unanswered.iter().map(|c| c.id.as_str()).collect();
        comments.retain(|c| {
            open.contains(&c.id.as_str())
                || c.parent_id.as_deref().is_some_and(|p| open.contains(&p))
        });
    }
    let done = done_threads(state, me, a, (!media.is_empty()).then_some(media)).await?;
    page.threads = threads(comments, &a.profile.username)
        .into_iter()
        .map(|t| ThreadView {
            item_ref: socialflow_core::inbox::triage::ItemRef {
                account: a.id,
                key: socialflow_core::inbox::triage::ItemKey::Comment,
                id: t.comment.id.clone(),
            }
            .to_string(),
            done: done.contains(&t.comment.id),
            draft: if t.comment.id == draft_for {
                draft.to_string()
            } else {
                String::new()
            },
            media_id: t.comment.media_id.clone(),
            unanswered: t.unanswered && !done.contains(&t.comment.id),
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

/// The ids of the threads marked done on the post (or the account), from
/// the triage list (a page holds the most a post shows at once).
async fn done_threads(
    state: &AppState,
    me: &WebUser,
    a: &Account,
    media: Option<&str>,
) -> Result<Vec<String>, socialflow_core::StoreError> {
    use socialflow_core::inbox::triage::{MAX_PAGE_SIZE, StateFilter, TriageFilter, TriageQuery};
    let filter = TriageFilter {
        account: Some(a.id),
        media: media.map(str::to_string),
        state: StateFilter::Done,
        ..TriageFilter::default()
    };
    let Ok(q) = TriageQuery::new(filter, None, Some(MAX_PAGE_SIZE as u32)) else {
        return Ok(Vec::new());
    };
    let page = state.triage.page_seen(&me.access, &q).await?;
    Ok(page.items.into_iter().map(|i| i.id).collect())
}

/// Where an account's list view lives: its unanswered threads are the
/// triage list filtered by the account; all its posts (to comment on one)
/// are `/inbox/posts`.
pub fn list_url(account: &str, unanswered: bool, notice: &str, n: &str) -> String {
    if unanswered {
        return super::triage::TriageParams {
            account: account.to_string(),
            notice: notice.to_string(),
            n: n.to_string(),
            ..Default::default()
        }
        .url();
    }
    let mut q = vec![("account", account)];
    if !notice.is_empty() {
        q.push(("notice", notice));
    }
    if !n.is_empty() {
        q.push(("n", n));
    }
    format!(
        "/inbox/posts?{}",
        serde_urlencoded::to_string(q).unwrap_or_default()
    )
}

fn notice_of(tr: &Tr, notice: &str, n: &str) -> Option<Notice> {
    let n: i64 = n.parse().unwrap_or(0);
    match notice {
        "done" => Notice::ok(tr.t1("triage-notice-done", "count", n)),
        "opened" => Notice::ok(tr.t1("triage-notice-opened", "count", n)),
        "replied" => Notice::ok(tr.t("inbox-notice-replied")),
        "commented" => Notice::ok(tr.t("inbox-notice-commented")),
        "hidden" => Notice::ok(tr.t("inbox-notice-hidden")),
        "unhidden" => Notice::ok(tr.t("inbox-notice-unhidden")),
        "deleted" => Notice::ok(tr.t("inbox-notice-deleted")),
        "refreshed" => Notice::ok(tr.t("inbox-notice-refreshed")),
        _ => None,
    }
}

/// `/inbox/posts?account=`: the account's posts with their comment
/// counts, to open one and comment on it (formerly `/comments?account=`).
#[handler]
pub async fn post_list(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ViewQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let v = View {
        account: q.account,
        notice: notice_of(&tr, &q.notice, &q.n),
        ..View::default()
    };
    super::common::opened(&state, &me.user).await;
    render(&state, req, &me, &csrf.0, v).await
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ViewQuery>,
) -> Response {
    // The triage list is the inbox's home. Only a post's thread view
    // lives here; the Comments section's old list addresses lead to their
    // place under /inbox, filters and notice kept: `/comments` to the
    // list, `?account=…&unanswered=1` to the list filtered by the
    // account, `?account=…` (the post list) to `/inbox/posts`.
    if q.media.is_empty() {
        let url = if q.account.is_empty() {
            super::triage::TriageParams {
                notice: q.notice,
                n: q.n,
                ..Default::default()
            }
            .url()
        } else {
            list_url(&q.account, q.unanswered == "1", &q.notice, &q.n)
        };
        return poem::web::Redirect::see_other(url).into_response();
    }
    let tr = Tr::new(me.user.language);
    let notice = notice_of(&tr, &q.notice, &q.n);
    let v = View {
        account: q.account,
        media: q.media,
        unanswered: q.unanswered == "1",
        notice,
        ..View::default()
    };
    super::common::opened(&state, &me.user).await;
    render(&state, req, &me, &csrf.0, v).await
}
