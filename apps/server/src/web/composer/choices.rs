//! The media library as the composer offers it: each file with its
//! thumbnail, its place in the post, and what Instagram's rules say about
//! it with a link to the fix.

use std::collections::HashMap;

use socialflow_core::media::Severity;
use socialflow_core::posts::{MediaFix, MediaSlot, PostProblem};

use super::form::ComposerForm;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts_text as text;
use crate::web::shared::session::WebUser;

pub struct MediaOption {
    pub id: String,
    pub label: String,
    pub thumb: Option<String>,
    /// A video's URL: the browser shows a frame of it as the thumbnail.
    pub video: Option<String>,
    pub is_video: bool,
    pub checked: bool,
    pub order: String,
    /// What Instagram's rules say about the file as this post uses it.
    pub problems: Vec<ItemProblem>,
}

/// A media rule a chosen file breaks, shown on the file, with a link to
/// the fix.
pub struct ItemProblem {
    pub text: String,
    /// `bad` when it stops scheduling (or would), `warn` otherwise.
    pub class: &'static str,
    /// Where the fix is: the upload form with padding ticked, or the
    /// Media page (conversion).
    pub fix: Option<FixLink>,
}

pub struct FixLink {
    pub href: &'static str,
    pub label: String,
}

/// The media problems of the files chosen in `f`, by file id, as if it were
/// scheduled when it has a date: a draft's refusals are shown too.
pub async fn item_problems(
    state: &AppState,
    tr: &Tr,
    me: &WebUser,
    f: &ComposerForm,
) -> HashMap<String, Vec<ItemProblem>> {
    let mut out: HashMap<String, Vec<ItemProblem>> = HashMap::new();
    if f.media.is_empty() {
        return out;
    }
    let zone = &me.user.time_zone;
    let today = zone.date_of(state.clock.now());
    let (input, _) = f.to_input(
        tr,
        zone,
        !f.date.trim().is_empty(),
        state.posts.window(),
        today,
    );
    let problems = match state.posts.problems(me.access.owner(), &input).await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "cannot check the chosen files");
            return out;
        }
    };
    for p in problems {
        let PostProblem::Media(m) = p else { continue };
        if m.slot == MediaSlot::Cover {
            continue;
        }
        let refusal = m.problem.severity() == Severity::Refusal && !m.converting;
        let fix = match m.fix {
            _ if m.converting => None,
            Some(MediaFix::Pad { .. }) => Some(FixLink {
                href: "/media?pad=1#media-upload",
                label: tr.t("posts-fix-pad-link"),
            }),
            Some(MediaFix::Transcode) => Some(FixLink {
                href: "/media",
                label: tr.t("posts-fix-media-link"),
            }),
            None => None,
        };
        out.entry(m.media_id.to_string())
            .or_default()
            .push(ItemProblem {
                text: text::media_issue(tr, &m),
                class: if refusal { "bad" } else { "warn" },
                fix,
            });
    }
    out
}
