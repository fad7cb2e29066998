//! A post as lists, calendars and the dashboard show it: account name,
//! thumbnail, local time, state and why it waits or failed.

use std::collections::{HashMap, HashSet};

use socialflow_core::account::AccountId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{MediaClass, Post};
use socialflow_core::workspaces::Access;
use socialflow_core::{TimeZone, User};
use time::macros::format_description;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts_text as text;
use crate::web::shared::format::When;

/// A post as lists, calendars and the dashboard show it.
pub struct PostRow {
    pub id: String,
    pub account: String,
    pub kind: String,
    pub caption: String,
    /// Local date and time in the user's format, or "not scheduled".
    pub when: String,
    /// "in 2 h" when near, else empty.
    pub when_rel: String,
    /// The instant for `<time datetime>`, empty when unscheduled.
    pub when_iso: String,
    /// Local time of day (calendar cells).
    pub time: String,
    pub state: String,
    pub state_code: &'static str,
    pub thumb: Option<String>,
    /// The first file is a video (its thumbnail shows a play mark).
    pub is_video: bool,
    /// What the post waits for, if it is held.
    pub hold: Option<String>,
    /// Why it failed or waits, explained.
    pub reason: Option<text::Why>,
}

/// Account names and thumbnails, loaded once per page.
pub struct Lookup {
    pub accounts: Vec<(AccountId, String)>,
    thumbs: HashMap<MediaId, String>,
    videos: HashSet<MediaId>,
    zone: TimeZone,
    now: time::OffsetDateTime,
}

impl Lookup {
    /// `user` is the workspace's (its media and time zone); `access` keeps
    /// only the accounts the member sees.
    pub async fn load(state: &AppState, user: &User, access: &Access) -> Result<Self, String> {
        let accounts = state
            .accounts
            .list_seen(access)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|a| (a.id, a.profile.username))
            .collect();
        Self::with_accounts(state, user, accounts).await
    }

    /// The same with the user's accounts already read (the dashboard lists
    /// them anyway: one query fewer).
    pub async fn with_accounts(
        state: &AppState,
        user: &User,
        accounts: Vec<(AccountId, String)>,
    ) -> Result<Self, String> {
        // Thumbnails are a nicety: a failing media library leaves them out.
        let now = state.clock.now();
        let choices = match state.post_media.choices(user.id, now).await {
            Ok(choices) => choices,
            Err(e) => {
                tracing::warn!(error = %e, "no thumbnails: the media library failed");
                Vec::new()
            }
        };
        let videos = choices
            .iter()
            .filter(|c| c.class == MediaClass::Video)
            .map(|c| c.id)
            .collect();
        let thumbs = choices
            .into_iter()
            .filter_map(|c| c.thumbnail_url.map(|u| (c.id, u)))
            .collect();
        Ok(Lookup {
            accounts,
            thumbs,
            videos,
            zone: user.time_zone.clone(),
            now,
        })
    }

    fn account(&self, id: AccountId) -> String {
        self.accounts
            .iter()
            .find(|(a, _)| *a == id)
            .map(|(_, name)| format!("@{name}"))
            .unwrap_or_else(|| "—".into())
    }

    pub fn row(&self, tr: &Tr, p: &Post) -> PostRow {
        let local = p.content.scheduled_at.map(|at| self.zone.to_local(at));
        let when = p
            .content
            .scheduled_at
            .map(|at| When::new(tr, &self.zone, self.now, at));
        PostRow {
            id: p.id.to_string(),
            account: self.account(p.content.account_id),
            kind: text::kind(tr, p.content.kind),
            caption: caption_start(tr, &p.content.caption),
            when: when
                .as_ref()
                .map(|w| w.text.clone())
                .unwrap_or_else(|| tr.t("posts-unscheduled")),
            when_rel: when
                .as_ref()
                .and_then(|w| w.relative.clone())
                .unwrap_or_default(),
            when_iso: when.map(|w| w.iso).unwrap_or_default(),
            time: local
                .and_then(|l| l.format(format_description!("[hour]:[minute]")).ok())
                .unwrap_or_default(),
            state: text::state(tr, p.state),
            state_code: p.state.as_str(),
            thumb: p
                .content
                .media
                .iter()
                .chain(p.content.cover.iter())
                .find_map(|m| self.thumbs.get(m).cloned()),
            is_video: p
                .content
                .media
                .first()
                .is_some_and(|m| self.videos.contains(m)),
            hold: p.hold.map(|h| text::hold(tr, h)),
            reason: p.reason.as_deref().map(|r| text::why(tr, r)),
        }
    }
}

fn caption_start(tr: &Tr, caption: &str) -> String {
    let line = caption.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        return tr.t("posts-no-caption");
    }
    let mut s: String = line.chars().take(60).collect();
    if line.chars().count() > 60 || caption.lines().count() > 1 {
        s.push('…');
    }
    s
}
