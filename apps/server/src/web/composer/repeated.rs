//! The warning when the post's hashtag set is the one the account used on
//! too many of its latest posts (see `snippets::repeated_set`).

use socialflow_core::account::AccountId;
use socialflow_core::posts::{PostFilter, PostId, PostState};
use socialflow_core::snippets::{REPETITION_LIMIT, REPETITION_WINDOW, hashtag_set, repeated_set};
use time::Duration;

use super::form::ComposerForm;
use crate::http::snippets_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::session::WebUser;

/// How far back the latest posts are looked for.
const LOOK_BACK_DAYS: i64 = 180;

#[derive(Default)]
pub struct RepeatedTags {
    /// The warning, when this post's set is repeated.
    pub warning: Option<String>,
    /// The sets of the account's latest posts (JSON `[["#a","#b"],…]`) and
    /// the warning's words with `{uses}`/`{window}` left in, so the script
    /// warns as the user types.
    pub recent_json: String,
    pub template: String,
    pub limit: usize,
}

pub async fn repeated_tags(
    state: &AppState,
    tr: &Tr,
    me: &WebUser,
    account: Option<AccountId>,
    post: Option<PostId>,
    f: &ComposerForm,
) -> RepeatedTags {
    let Some(account) = account else {
        return RepeatedTags::default();
    };
    let now = state.clock.now();
    let filter = PostFilter {
        account: Some(account),
        states: vec![
            PostState::Scheduled,
            PostState::Preparing,
            PostState::Ready,
            PostState::Publishing,
            PostState::Published,
            PostState::Verify,
        ],
        from: Some(now - Duration::days(LOOK_BACK_DAYS)),
        to: None,
        limit: 1000,
        accounts: None,
    };
    let mut posts = match state.posts.list_seen(&me.access, &filter).await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the latest posts");
            return RepeatedTags::default();
        }
    };
    posts.retain(|p| Some(p.id) != post);
    // Latest first: by when each goes (or went) out.
    posts.sort_by_key(|p| {
        std::cmp::Reverse(
            p.published_at
                .or(p.content.scheduled_at)
                .unwrap_or(p.created_at),
        )
    });
    posts.truncate(REPETITION_WINDOW - 1);
    let recent: Vec<_> = posts.into_iter().map(|p| p.content).collect();
    let current = hashtag_set(&f.caption, &f.hashtags);
    let warning = repeated_set(&current, &recent).map(|r| snippets_text::repetition(tr, &r));
    let sets: Vec<Vec<String>> = recent
        .iter()
        .map(|c| hashtag_set(&c.caption, &c.hashtags).into_iter().collect())
        .collect();
    RepeatedTags {
        warning,
        recent_json: serde_json::to_string(&sets).unwrap_or_else(|_| "[]".into()),
        template: tr.t_args(
            "composer-hashtags-repeated",
            &[("uses", "{uses}".into()), ("window", "{window}".into())],
        ),
        limit: REPETITION_LIMIT,
    }
}
