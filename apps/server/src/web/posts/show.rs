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
    /// The role may publish (else "Publish now" is not offered).
    can_publish: bool,
    /// Copy as a draft (roles that may draft).
    can_duplicate: bool,
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
    review: ReviewPanel,
    /// The team's notes (none for a role that may not view them).
    notes: Vec<NoteView>,
    /// The member may add notes.
    can_note: bool,
    typed_note: String,
}

/// What a refused review form had typed, shown again.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// The reviewer's note of "request changes".
    pub changes: String,
    /// A team note.
    pub note: String,
}

/// The review part of a post's page: where it is in review, the
/// reviewer's note, and the steps the member may take.
pub struct ReviewPanel {
    /// `in_review`, `changes_requested` or `expired`: explained.
    pub status: Option<String>,
    /// The reviewer's note (changes requested).
    pub note: Option<String>,
    /// Approve / Request changes (in review, and the role may approve).
    pub can_decide: bool,
    /// Send for review (a time, editable, not in review yet).
    pub can_submit: bool,
    pub typed_changes: String,
}

/// One team note.
pub struct NoteView {
    pub id: String,
    pub author: String,
    pub body: String,
    pub at: When,
    /// The member wrote it (may delete it).
    pub mine: bool,
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
    show_page_typed(state, req, me, csrf, post, notice, status, Typed::default()).await
}

/// [`show_page`] keeping what a refused review form had typed.
#[allow(clippy::too_many_arguments)]
pub async fn show_page_typed(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Post,
    notice: Option<Notice>,
    status: StatusCode,
    typed: Typed,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (lookup, log) = match (
        Lookup::load(state, &me.workspace_user, &me.access).await,
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
    // The buttons the member's role may use (the others would be refused).
    let may = |cap| me.access.can(cap);
    use socialflow_core::workspaces::Capability::{Draft, Publish};
    let move_to = if can_edit && may(Draft) {
        lookup
            .accounts
            .iter()
            .filter(|(id, _)| *id != post.content.account_id)
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let (review, notes, can_note) = review_part(state, me, &tr, &post, typed.changes).await;
    ShowPage {
        review,
        notes,
        can_note,
        typed_note: typed.note,
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
        can_edit: can_edit && may(Draft),
        can_duplicate: may(Draft),
        can_publish: may(Publish),
        can_cancel: post.state.is_cancellable()
            && post.state != PostState::Cancelled
            && may(Publish),
        can_delete: post.state.is_deletable() && may(Publish),
        can_acknowledge: failed && !post.failure_acknowledged && may(Publish),
        media,
        l: Layout::new(tr, "posts-post-title", Some(&me.user), csrf, "/content"),
    }
    .with_status(status)
    .into_response()
}

/// The review panel and the team's notes of `post` for the member.
async fn review_part(
    state: &AppState,
    me: &WebUser,
    tr: &Tr,
    post: &Post,
    typed_changes: String,
) -> (ReviewPanel, Vec<NoteView>, bool) {
    use socialflow_core::workspaces::Capability;
    let access = &me.access;
    let status = match post.state {
        PostState::InReview => Some(tr.t("approvals-status-in_review")),
        PostState::ChangesRequested => Some(tr.t("approvals-status-changes_requested")),
        PostState::Expired => Some(tr.t("approvals-status-expired")),
        _ => None,
    };
    let review = ReviewPanel {
        status,
        note: (post.state == PostState::ChangesRequested)
            .then(|| post.reason.clone())
            .flatten(),
        can_decide: post.state == PostState::InReview
            && access.can(Capability::Approve)
            && access.sees_account(post.content.account_id),
        can_submit: post.state != PostState::InReview
            && post.state.is_editable()
            && post.content.scheduled_at.is_some()
            && access.can(Capability::Draft),
        typed_changes,
    };
    let now = state.clock.now();
    let notes = if access.can(Capability::View) {
        match state.approvals().notes(access, post.id).await {
            Ok(notes) => notes
                .into_iter()
                .map(|n| NoteView {
                    id: n.id.to_string(),
                    author: n
                        .author_name
                        .map(|a| format!("@{a}"))
                        .unwrap_or_else(|| tr.t("approvals-note-deleted-author")),
                    body: n.body,
                    at: When::new(tr, &me.user.time_zone, now, n.created_at),
                    mine: n.author == Some(me.user.id),
                })
                .collect(),
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the post's notes");
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    (review, notes, access.can(Capability::Draft))
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
        "submitted" => Notice::ok(tr.t("approvals-submitted-notice")),
        "approved" => Notice::ok(tr.t("approvals-approved-notice")),
        "changes" => Notice::ok(tr.t("approvals-changes-notice")),
        "expired" => Notice::error(tr.t("approvals-expired-notice")),
        "noted" => Notice::ok(tr.t("approvals-noted-notice")),
        "note-deleted" => Notice::ok(tr.t("approvals-note-deleted-notice")),
        _ => None,
    };
    show_page(&state, req, &me, &csrf.0, post, notice, StatusCode::OK).await
}
