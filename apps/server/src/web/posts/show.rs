//! A post's page: its content, files, warnings, history, the buttons its
//! state allows and, when an edit would prepare it again, what that costs
//! of the account's Instagram containers.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::posts::{Post, PostEvent, PostInput, PostProblem, PostState, check_caption};

use super::owned::{load, not_found};
use super::rows::{Lookup, PostRow};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::media::{MediaCard, card as media_card};
use crate::web::posts_text as text;
use crate::web::shared::errors::internal_error;
use crate::web::shared::format::When;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct LogRow {
    pub at: When,
    pub event: String,
    /// For failures, holds and retries: what it means, in the user's words.
    pub why: Option<String>,
    /// The recorded detail (Instagram's words, ids), shown folded.
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "posts_show.html")]
pub struct ShowPage {
    l: Layout,
    notice: Option<Notice>,
    row: PostRow,
    zone: String,
    failed: bool,
    failure_text: Option<String>,
    /// `verify`: the Instagram posts that match this one (https links).
    verify: Option<Vec<String>>,
    permalink: Option<String>,
    published_at: Option<When>,
    caption: String,
    hashtags: String,
    first_comment: Option<String>,
    warnings: Vec<String>,
    log: Vec<LogRow>,
    can_edit: bool,
    can_cancel: bool,
    can_delete: bool,
    can_acknowledge: bool,
    /// The post's files with their state (a video's transcoding progress).
    media: Vec<MediaCard>,
    /// Sent back by the move form (a stale page is refused).
    version: u32,
    /// The user's other accounts the post can move to (while editable).
    move_to: Vec<(String, String)>,
    /// When an edit would discard the containers: the account's count and
    /// what editing costs.
    budget: Option<BudgetLine>,
}

/// "Containers used today: N of 400" and what an edit of the content costs.
pub struct BudgetLine {
    pub used: String,
    pub edit: String,
    /// The edit would go over the cap (shown as a warning).
    pub full: bool,
}

pub async fn show_page(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Post,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (lookup, log) = match (
        Lookup::load(state, &me.workspace_user).await,
        state.posts.log(me.access.owner(), post.id).await,
    ) {
        (Ok(l), Ok(g)) => (l, g),
        (Err(e), _) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
        (_, Err(e)) => {
            tracing::error!(error = %e, "cannot load a post's log");
            return internal_error(req, Some(&me.user));
        }
    };
    let can_transcode = state.media.can_transcode().await;
    let mut media = Vec::with_capacity(post.content.media.len());
    for id in post.content.media.iter().chain(post.content.cover.iter()) {
        // A file deleted since is simply not shown; the log says what happened.
        if let Ok(file) = state.media.get(me.access.owner(), *id).await {
            media.push(media_card(state, &tr, file, can_transcode));
        }
    }
    let zone = &me.user.time_zone;
    let report = check_caption(
        &post.content.caption,
        &post.content.hashtags,
        post.content.first_comment.as_deref(),
        state.posts.limits(),
    );
    let failed = post.state == PostState::Failed;
    let mut warnings: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.is_warning())
        .map(|p| text::problem(&tr, &PostProblem::Caption(p.clone())))
        .collect();
    // A draft keeps what Instagram would refuse; say so until it is fixed.
    if post.state.is_editable() {
        match state
            .posts
            .problems(me.access.owner(), &PostInput::from(&post.content))
            .await
        {
            Ok(problems) => warnings.extend(problems.iter().filter_map(|p| match p {
                PostProblem::Media(m) => Some(text::media_issue(&tr, m)),
                _ => None,
            })),
            Err(e) => tracing::warn!(error = %e, "cannot check the post's files"),
        }
    }
    let can_edit = post.state.is_editable();
    let budget = if can_edit {
        match state.posts.edit_forecast(&post).await {
            Ok(f) if f.discards => {
                let full = !f.budget.allows(f.needed);
                let n = |v: u32| crate::i18n::Arg::from(i64::from(v));
                let args = [
                    ("used", n(f.budget.used)),
                    ("cap", n(f.budget.cap)),
                    ("needed", n(f.needed)),
                    ("remaining", n(f.budget.remaining())),
                ];
                let edit_key = if full {
                    "planner-edit-budget-full"
                } else {
                    "planner-edit-budget-edit"
                };
                Some(BudgetLine {
                    used: tr.t_args("planner-edit-budget-line", &args),
                    edit: tr.t_args(edit_key, &args[1..]),
                    full,
                })
            }
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(error = %e, "cannot count the account's containers");
                None
            }
        }
    } else {
        None
    };
    let move_to = if can_edit {
        lookup
            .accounts
            .iter()
            .filter(|(id, _)| *id != post.content.account_id)
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    ShowPage {
        notice,
        version: post.version,
        move_to,
        budget,
        row: lookup.row(&tr, &post),
        zone: zone.name().to_string(),
        failed,
        failure_text: failed.then(|| tr.t("posts-failed-what-to-do")),
        verify: (post.state == PostState::Verify).then(|| {
            post.reason
                .as_deref()
                .unwrap_or_default()
                .lines()
                .filter(|l| l.starts_with("https://"))
                .map(str::to_string)
                .collect()
        }),
        // Only real links: Instagram's permalinks are https.
        permalink: post.permalink.clone().filter(|p| p.starts_with("https://")),
        published_at: post
            .published_at
            .map(|t| When::new(&tr, zone, state.clock.now(), t)),
        caption: post.content.caption.clone(),
        hashtags: post.content.hashtags.clone(),
        first_comment: post.content.first_comment.clone(),
        warnings,
        log: log
            .into_iter()
            .rev()
            .map(|e| LogRow {
                at: When::new(&tr, zone, state.clock.now(), e.at),
                event: text::event(&tr, e.event),
                why: matches!(
                    e.event,
                    PostEvent::Failed | PostEvent::Held | PostEvent::Retry
                )
                .then(|| text::why(&tr, &e.detail).title),
                detail: e.detail,
            })
            .collect(),
        can_edit,
        can_cancel: post.state.is_cancellable() && post.state != PostState::Cancelled,
        can_delete: post.state.is_deletable(),
        can_acknowledge: failed && !post.failure_acknowledged,
        media,
        l: Layout::new(tr, "posts-post-title", Some(&me.user), csrf, "/content"),
    }
    .with_status(status)
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    notice: String,
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let post = match load(&state, req, &me, &id).await {
        None => return not_found(req, &me),
        Some(Err(r)) => return r,
        Some(Ok(p)) => p,
    };
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "saved" => Notice::ok(tr.t("posts-saved")),
        "scheduled" => Notice::ok(tr.t("posts-scheduled-notice")),
        "publishing" => Notice::ok(tr.t("posts-publishing-notice")),
        "cancelled" => Notice::ok(tr.t("posts-cancelled-notice")),
        "acknowledged" => Notice::ok(tr.t("posts-acknowledged-notice")),
        "duplicated" => Notice::ok(tr.t("planner-edit-duplicated")),
        "moved" => Notice::ok(tr.t("planner-edit-moved")),
        _ => None,
    };
    show_page(&state, req, &me, &csrf.0, post, notice, StatusCode::OK).await
}
