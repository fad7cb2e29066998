//! Saving the composer: the button pressed ([`ComposerAction`]) says
//! whether the post is kept as a draft, scheduled, published now, or only
//! given the suggested time.

use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::approvals::ApprovalError;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{PostError, PostId, PostState};
use socialflow_core::snippets::{SnippetId, SnippetKind};
use socialflow_core::workspaces::Capability;

use super::form::ComposerForm;
use super::page::composer;
use super::suggestion::suggestion;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts::owned::not_found;
use crate::web::posts_text as text;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::Notice;
use crate::web::shared::session::WebUser;

/// The composer's buttons (`action`). A form sent without one (Enter in a
/// field, in browsers that send no button) is a draft; any other value is
/// refused rather than guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComposerAction {
    Draft,
    Schedule,
    Publish,
    /// Fill in the suggested time; nothing is saved.
    Suggest,
    /// Move a chosen file one place earlier (`up:<id>`) or later
    /// (`down:<id>`): the no-script reordering; nothing is saved.
    Move {
        media: MediaId,
        up: bool,
    },
    /// Append a saved caption or hashtag group (`snippet:<id>`): the
    /// no-script insert; nothing is saved.
    Snippet(SnippetId),
}

impl ComposerAction {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "" | "draft" => Some(ComposerAction::Draft),
            "schedule" => Some(ComposerAction::Schedule),
            "publish" => Some(ComposerAction::Publish),
            "suggest" => Some(ComposerAction::Suggest),
            other => {
                let (verb, id) = other.split_once(':')?;
                match verb {
                    "up" | "down" => Some(ComposerAction::Move {
                        media: id.parse().ok()?,
                        up: verb == "up",
                    }),
                    "snippet" => id.parse().ok().map(ComposerAction::Snippet),
                    _ => None,
                }
            }
        }
    }
}

/// The fields of the composer with the button pressed, or the 400 page.
fn read(
    req: &Request,
    me: &WebUser,
    pairs: Vec<(String, String)>,
) -> Result<(ComposerAction, ComposerForm), Box<Response>> {
    let (raw, f) = ComposerForm::parse(pairs);
    match ComposerAction::parse(&raw) {
        Some(action) => Ok((action, f)),
        None => Err(Box::new(error_page(
            req,
            Some(&me.user),
            StatusCode::BAD_REQUEST,
            "error-unknown-action",
        ))),
    }
}

/// Saves the composer as `action` says and goes to the post's page; a
/// refusal shows the composer again with everything typed.
async fn submit(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Option<PostId>,
    action: ComposerAction,
    f: ComposerForm,
) -> Response {
    let tr = Tr::new(me.user.language);
    let mut f = f;
    match action {
        ComposerAction::Suggest => return use_suggestion(state, req, me, csrf, post, f).await,
        ComposerAction::Move { media, up } => {
            f.move_media(&media.to_string(), up);
            return composer(
                state,
                req,
                me,
                csrf,
                post,
                f,
                Vec::new(),
                None,
                StatusCode::OK,
            )
            .await;
        }
        ComposerAction::Snippet(id) => {
            let notice = match state.snippets.get(me.access.owner(), id).await {
                Ok(s) => {
                    let field = match s.kind {
                        SnippetKind::Caption => &mut f.caption,
                        SnippetKind::Hashtags => &mut f.hashtags,
                    };
                    let gap = match (field.trim().is_empty(), s.kind) {
                        (true, _) => "",
                        (false, SnippetKind::Caption) => "\n\n",
                        (false, SnippetKind::Hashtags) => " ",
                    };
                    *field = format!("{}{gap}{}", field.trim_end(), s.text);
                    None
                }
                Err(e) => {
                    tracing::info!(error = %e, "snippet to insert not found");
                    Notice::error(tr.t("composer-snippet-gone"))
                }
            };
            return composer(
                state,
                req,
                me,
                csrf,
                post,
                f,
                Vec::new(),
                notice,
                StatusCode::OK,
            )
            .await;
        }
        ComposerAction::Draft | ComposerAction::Schedule | ComposerAction::Publish => {}
    }
    let zone = me.user.time_zone.clone();
    let schedule = action == ComposerAction::Schedule;
    let today = zone.date_of(state.clock.now());
    let (input, mut form_problems) = f.to_input(&tr, &zone, schedule, state.posts.window(), today);
    if !form_problems.is_empty() {
        // Show the core's problems too, so nothing comes in rounds.
        match state.posts.problems(me.access.owner(), &input).await {
            Ok(more) => form_problems.extend(
                more.iter()
                    .filter(|p| !p.is_warning())
                    .map(|p| (text::problem_field(p), text::problem(&tr, p))),
            ),
            Err(e) => tracing::warn!(error = %e, "cannot check the rest of the post"),
        }
        return composer(
            state,
            req,
            me,
            csrf,
            post,
            f,
            form_problems,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let ctx = client_context(req, &state.web);
    let owner = me.access.owner();
    // Saved as the member: a role that may not publish sends a post with
    // a time for review (and may not publish now).
    if action == ComposerAction::Publish && !me.access.can(Capability::Publish) {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::FORBIDDEN,
            "approvals-error-forbidden",
        );
    }
    let approvals = state.approvals();
    let saved = match post {
        None => approvals.create(&me.access, input, &ctx).await,
        Some(id) => {
            let version = f.version.trim().parse::<u32>().ok();
            approvals.update(&me.access, id, input, version, &ctx).await
        }
    };
    let saved = match saved {
        Ok(v) => Ok(v),
        Err(ApprovalError::Post(e)) => Err(e),
        Err(ApprovalError::NotFound) => Err(PostError::NotFound),
        Err(ApprovalError::Forbidden(_)) => {
            return error_page(
                req,
                Some(&me.user),
                StatusCode::FORBIDDEN,
                "approvals-error-forbidden",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot save a post");
            return internal_error(req, Some(&me.user));
        }
    };
    let result = match saved {
        Ok((p, _)) if action == ComposerAction::Publish => state
            .posts
            .publish_now(owner, p.id, &ctx)
            .await
            .map(|p| (p, "publishing")),
        Ok((p, _)) if p.state == PostState::Scheduled => Ok((p, "scheduled")),
        Ok((p, _)) if p.state == PostState::InReview => Ok((p, "submitted")),
        Ok((p, _)) => Ok((p, "saved")),
        Err(e) => Err(e),
    };
    let (status, problems, notice) = match result {
        Ok((p, notice)) => {
            return Redirect::see_other(format!("/content/{}?notice={notice}", p.id))
                .into_response();
        }
        Err(PostError::Invalid(problems)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| (text::problem_field(p), text::problem(&tr, p)))
                .collect(),
            None,
        ),
        Err(PostError::NotEditable(_)) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Notice::error(tr.t("posts-error-not-editable")),
        ),
        Err(PostError::Conflict) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Notice::error(tr.t("posts-error-changed")),
        ),
        // Preparing the post again would go over Instagram's containers a day.
        Err(PostError::ContainerBudget { used, cap, needed }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Vec::new(),
            Notice::error(tr.t_args(
                "planner-edit-budget-refused",
                &[
                    ("used", i64::from(used).into()),
                    ("cap", i64::from(cap).into()),
                    ("needed", i64::from(needed).into()),
                ],
            )),
        ),
        Err(PostError::NotFound) => return not_found(req, me),
        Err(PostError::Media(e)) => {
            tracing::error!(error = %e, "the media library failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                vec![("media", tr.t("posts-problem-media_unavailable"))],
                None,
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot save a post");
            return internal_error(req, Some(&me.user));
        }
    };
    composer(state, req, me, csrf, post, f, problems, notice, status).await
}

#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
    csrf: &CsrfToken,
) -> Response {
    let (action, f) = match read(req, &me, pairs) {
        Ok(read) => read,
        Err(refusal) => return *refusal,
    };
    submit(&state, req, &me, &csrf.0, None, action, f).await
}

#[handler]
pub async fn update(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let (action, f) = match read(req, &me, pairs) {
        Ok(read) => read,
        Err(refusal) => return *refusal,
    };
    let Ok(id) = id.parse::<PostId>() else {
        return not_found(req, &me);
    };
    submit(&state, req, &me, &csrf.0, Some(id), action, f).await
}

/// "Use this time": the composer again with everything typed kept and the
/// schedule set to the suggested time of the account selected in the form
/// now. Nothing is saved.
pub async fn use_suggestion(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Option<PostId>,
    mut f: ComposerForm,
) -> Response {
    let tr = Tr::new(me.user.language);
    let accounts = match state.accounts.list_seen(&me.access).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let selected = accounts
        .iter()
        .find(|a| f.account_id == a.id.to_string())
        .or(accounts.first());
    if let Some(a) = selected
        && let Some((date, time)) = suggestion(state, &tr, &me.workspace_user, a).await.slot
    {
        f.date = date;
        f.time = time;
    }
    composer(
        state,
        req,
        me,
        csrf,
        post,
        f,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}
