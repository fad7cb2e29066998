//! The composer page (new post and edit): the form as typed, the choices
//! it offers, the caption counter and the suggested time to post.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::{IntoResponse, Request, Response};
use socialflow_core::posts::{MediaClass, PostId, PostKind, check_caption};

use super::choices::{MediaOption, item_problems};
use super::form::ComposerForm;
use super::suggestion::{Suggestion, suggestion};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts_text as text;
use crate::web::shared::choice::Choice;
use crate::web::shared::errors::internal_error;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

#[derive(Template, WebTemplate)]
#[template(path = "posts_composer.html")]
pub struct ComposerPage {
    l: Layout,
    notice: Option<Notice>,
    /// Every problem with the field (input id) it is about.
    problems: Vec<(&'static str, String)>,
    action: String,
    cancel_href: String,
    f: ComposerForm,
    accounts: Vec<Choice>,
    kinds: Vec<Choice>,
    media: Vec<MediaOption>,
    covers: Vec<Choice>,
    counts: String,
    /// The caption limits and labels the live counter uses (JSON).
    counter_limits: String,
    counter_labels: String,
    zone: String,
    /// "Suggested for @shop: Friday, Nov 28, 2026 19:00" and the link that
    /// fills the date and time, or "not enough data"; `None` without accounts.
    suggestion: Option<Suggestion>,
}

impl ComposerPage {
    /// The problems about one field.
    pub fn errors(&self, field: &str) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    pub fn invalid(&self, field: &str) -> bool {
        self.problems.iter().any(|(f, _)| *f == field)
    }
}

/// The best time to post for the selected account, offered by the composer.
#[allow(clippy::too_many_arguments)]
pub async fn composer(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Option<PostId>,
    f: ComposerForm,
    problems: Vec<(&'static str, String)>,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let accounts = match state.accounts.list(me.user.id).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let choices = match state
        .post_media
        .choices(me.user.id, state.clock.now())
        .await
    {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "the media library failed");
            Vec::new()
        }
    };
    let kind = PostKind::parse(&f.kind).unwrap_or(PostKind::Post);
    let report = check_caption(
        &f.caption,
        &f.hashtags,
        Some(f.first_comment.as_str()).filter(|c| !c.is_empty()),
        state.posts.limits(),
    );
    let limits = state.posts.limits();
    let counts = tr.t_args(
        "posts-counts",
        &[
            ("chars", report.chars.into()),
            ("max_chars", limits.max_chars.into()),
            ("hashtags", report.hashtags.into()),
            ("max_hashtags", limits.max_hashtags.into()),
            ("mentions", report.mentions.into()),
            ("max_mentions", limits.max_mentions.into()),
        ],
    );
    let counter_limits = serde_json::json!({
        "chars": limits.max_chars,
        "hashtags": limits.max_hashtags,
        "mentions": limits.max_mentions,
    })
    .to_string();
    let counter_labels = serde_json::json!({
        "chars": tr.t("posts-counter-chars"),
        "hashtags": tr.t("posts-counter-hashtags"),
        "mentions": tr.t("posts-counter-mentions"),
    })
    .to_string();
    let mut item_problems = item_problems(state, &tr, me, &f).await;
    let media = choices
        .iter()
        .map(|c| {
            let id = c.id.to_string();
            MediaOption {
                problems: item_problems.remove(&id).unwrap_or_default(),
                checked: f.media.contains(&id),
                order: f.order.get(&id).cloned().unwrap_or_default(),
                label: c.label.clone(),
                thumb: c.thumbnail_url.clone(),
                is_video: c.class == MediaClass::Video,
                id,
            }
        })
        .collect();
    let covers = choices
        .iter()
        .filter(|c| c.class == MediaClass::Image)
        .map(|c| Choice {
            value: c.id.to_string(),
            label: c.label.clone(),
            selected: f.cover == c.id.to_string(),
        })
        .collect();
    let selected = accounts
        .iter()
        .find(|a| f.account_id == a.id.to_string())
        .or(accounts.first());
    let suggestion = match selected {
        Some(a) => Some(suggestion(state, &tr, &me.user, a).await),
        None => None,
    };
    let (action, cancel_href, title) = match post {
        Some(id) => (
            format!("/content/{id}/edit"),
            format!("/content/{id}"),
            "posts-edit-title",
        ),
        None => ("/content/new".into(), "/content".into(), "posts-new-title"),
    };
    ComposerPage {
        notice,
        problems,
        action,
        cancel_href,
        accounts: accounts
            .iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: format!("@{}", a.profile.username),
                selected: f.account_id == a.id.to_string(),
            })
            .collect(),
        kinds: PostKind::ALL
            .into_iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: text::kind(&tr, k),
                selected: k == kind,
            })
            .collect(),
        media,
        covers,
        counts,
        counter_limits,
        counter_labels,
        zone: me.user.time_zone.name().to_string(),
        suggestion,
        f,
        l: Layout::new(tr, title, Some(&me.user), csrf, "/content"),
    }
    .with_status(status)
    .into_response()
}
