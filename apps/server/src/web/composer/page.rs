//! The composer page (new post and edit): the form as typed, the choices
//! it offers, the caption counter and the suggested time to post.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::{IntoResponse, Request, Response};
use socialflow_core::posts::{
    MediaClass, PostField, PostId, PostKind, TrialStrategy, check_caption,
};

use super::choices::{MediaOption, item_problems};
use super::form::ComposerForm;
use super::kinds::{KindStep, kind_steps};
use super::preview::Preview;
use super::repeated::{RepeatedTags, repeated_tags};
use super::suggestion::{Suggestion, suggestion};
use crate::i18n::Tr;
use crate::state::AppState;
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
    media: Vec<MediaOption>,
    covers: Vec<Choice>,
    counts: String,
    /// The caption limits and labels the live counter uses (JSON).
    counter_limits: String,
    counter_labels: String,
    zone: String,
    /// The kind being composed and the steps to change it.
    kind: PostKind,
    steps: Vec<KindStep>,
    trials: Vec<Choice>,
    preview: Preview,
    /// Saved captions and hashtag groups to insert.
    caption_snippets: Vec<SnippetButton>,
    hashtag_snippets: Vec<SnippetButton>,
    /// The warning about a hashtag set used too often, and the account's
    /// recent sets for the script to check as the user types.
    repeated: RepeatedTags,
    /// Where the no-script upload sends the user back to.
    upload_return: String,
    /// "Suggested for @shop: Friday, Nov 28, 2026 19:00" and the link that
    /// fills the date and time, or "not enough data"; `None` without accounts.
    suggestion: Option<Suggestion>,
    /// "Best times this week" for the selected account.
    best_times: Vec<super::best_times::BestTimeChip>,
    /// The member's role may not publish: "Send for review" instead of
    /// "Schedule", and no "Publish now".
    needs_review: bool,
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

    /// Whether the chosen kind takes the field (the others are rendered
    /// `hidden`, so switching kinds with script loses nothing).
    pub fn shows(&self, field: &str) -> bool {
        field_named(field).is_none_or(|f| self.kind.allows(f))
    }

    /// The kinds that take the field, for the script (`data-for-kinds`).
    pub fn kinds_for(&self, field: &str) -> String {
        PostKind::ALL
            .into_iter()
            .filter(|k| field_named(field).is_none_or(|f| k.allows(f)))
            .map(PostKind::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn kind_is(&self, kind: &str) -> bool {
        self.kind.as_str() == kind
    }
}

/// A saved caption or hashtag group as an insert button.
pub struct SnippetButton {
    pub id: String,
    pub name: String,
    pub text: String,
}

fn field_named(name: &str) -> Option<PostField> {
    PostField::ALL.into_iter().find(|f| f.as_str() == name)
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
    let accounts = match state.accounts.list_seen(&me.access).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let choices = match state
        .post_media
        .choices(me.access.owner(), state.clock.now())
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
    let media: Vec<MediaOption> = choices
        .iter()
        .map(|c| {
            let id = c.id.to_string();
            MediaOption {
                problems: item_problems.remove(&id).unwrap_or_default(),
                checked: f.media.contains(&id),
                order: f.order.get(&id).cloned().unwrap_or_default(),
                label: c.label.clone(),
                thumb: c.thumbnail_url.clone(),
                video: c.video_url.clone(),
                is_video: c.class == MediaClass::Video,
                id,
            }
        })
        .collect();
    // The chosen files first, in their order (what drag and the up/down
    // buttons rearrange), then the rest of the library.
    let chosen: Vec<String> = f.ordered_media().iter().map(|m| m.to_string()).collect();
    let mut media: Vec<MediaOption> = media;
    media.sort_by_key(|m| chosen.iter().position(|c| *c == m.id).unwrap_or(usize::MAX));
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
        Some(a) => Some(suggestion(state, &tr, &me.workspace_user, a).await),
        None => None,
    };
    let best_times = match selected {
        Some(a) => {
            super::best_times::best_time_chips(
                state,
                &tr,
                &me.workspace_user,
                a,
                post,
                kind.as_str(),
            )
            .await
        }
        None => Vec::new(),
    };
    let username = selected
        .map(|a| a.profile.username.to_string())
        .unwrap_or_default();
    let preview = Preview::new(&f, kind, &username, &choices);
    let (caption_snippets, hashtag_snippets) = match state.snippets.list(me.access.owner()).await {
        Ok(all) => all
            .into_iter()
            .map(|s| {
                let caption = s.kind == socialflow_core::snippets::SnippetKind::Caption;
                let b = SnippetButton {
                    id: s.id.to_string(),
                    name: s.name,
                    text: s.text,
                };
                (caption, b)
            })
            .fold(
                (Vec::new(), Vec::new()),
                |(mut c, mut h), (is_caption, b)| {
                    if is_caption {
                        c.push(b)
                    } else {
                        h.push(b)
                    }
                    (c, h)
                },
            ),
        Err(e) => {
            tracing::warn!(error = %e, "cannot list snippets");
            (Vec::new(), Vec::new())
        }
    };
    let repeated = repeated_tags(state, &tr, me, selected.map(|a| a.id), post, &f).await;
    let trials = std::iter::once(Choice {
        value: String::new(),
        label: tr.t("composer-trial-off"),
        selected: TrialStrategy::parse(&f.trial).is_none(),
    })
    .chain(TrialStrategy::ALL.into_iter().map(|t| Choice {
        value: t.as_str().into(),
        label: tr.t(&format!("composer-trial-{}", t.as_str().to_lowercase())),
        selected: TrialStrategy::parse(&f.trial) == Some(t),
    }))
    .collect();
    let steps = kind_steps(&tr, kind, post, &f);
    let upload_return = match post {
        Some(id) => format!("/content/{id}/edit"),
        None => "/content/new".into(),
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
        needs_review: !me
            .access
            .can(socialflow_core::workspaces::Capability::Publish),
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
        media,
        covers,
        counts,
        counter_limits,
        counter_labels,
        zone: me.user.time_zone.name().to_string(),
        kind,
        steps,
        trials,
        preview,
        caption_snippets,
        hashtag_snippets,
        repeated,
        upload_return,
        suggestion,
        best_times,
        f,
        l: Layout::new(tr, title, Some(&me.user), csrf, "/content"),
    }
    .with_status(status)
    .into_response()
}
