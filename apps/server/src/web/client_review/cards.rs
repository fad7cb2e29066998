//! A post as Instagram will show it, for reviewers: the account's username
//! and picture, the first file (or a reel's cover) in the feed's 4:5 or the
//! full-screen 9:16 of reels and stories, the carousel's count, the caption
//! with its line breaks and hashtags, and when it is planned in the
//! workspace's time zone.

use std::collections::HashMap;

use socialflow_core::account::Account;
use socialflow_core::client_review::{Decision, Verdict, awaits_review};
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    CaptionLimits, MediaChoice, MediaClass, Post, PostKind, PostState, check_caption,
};
use socialflow_core::{TimeZone, UserId};

use crate::i18n::{Arg, Tr};
use crate::state::AppState;
use crate::web::shared::format::moment;

/// A piece of a caption: plain text, or a hashtag or mention shown in
/// Instagram's link colour.
pub struct CaptionPart {
    pub text: String,
    pub tag: bool,
}

/// One post's review card.
pub struct ReviewCard {
    pub id: String,
    pub username: String,
    pub avatar: Option<String>,
    /// "Reel" or "Story" (feed posts and carousels have none).
    pub badge: Option<String>,
    /// Reels and stories fill a 9:16 frame; feed posts 4:5.
    pub portrait: bool,
    pub image: Option<String>,
    pub video: Option<String>,
    /// "1/4" for a carousel of four, else empty.
    pub count: String,
    pub caption: Vec<CaptionPart>,
    /// When it is planned, in the workspace's time zone (or "not yet
    /// scheduled").
    pub when: String,
    /// What reviewers have said so far, e.g. "Approved by Acme, 5 Dec 10:00".
    pub status: String,
    /// `ok`, `warn` or `draft` (a badge class).
    pub status_code: &'static str,
    /// The note of a request for changes.
    pub note: Option<String>,
    /// Whether Approve / Ask for changes are offered.
    pub open: bool,
    /// A note that was refused, given back to be fixed.
    pub typed_note: String,
    /// Why the last decision about this card was refused.
    pub error: Option<String>,
}

/// The caption split into text and tags (`#word`, `@name`).
pub fn caption_parts(text: &str) -> Vec<CaptionPart> {
    let mut parts: Vec<CaptionPart> = Vec::new();
    let mut push = |s: &str, tag: bool| {
        if s.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.tag == tag && !tag => last.text.push_str(s),
            _ => parts.push(CaptionPart {
                text: s.to_string(),
                tag,
            }),
        }
    };
    let mut rest = text;
    while let Some(start) = rest.find(['#', '@']) {
        push(&rest[..start], false);
        let after = &rest[start + 1..];
        let len = after
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
            .map_or(after.len(), |(i, _)| i);
        // A trailing dot ends a sentence, not the tag.
        let word = after[..len].trim_end_matches('.');
        if word.is_empty() {
            // Only the sign itself: the text before it is already pushed.
            push(&rest[start..start + 1], false);
            rest = after;
        } else {
            let end = start + 1 + word.len();
            push(&rest[start..end], true);
            rest = &rest[end..];
        }
    }
    push(rest, false);
    parts
}

/// The signed URLs of the workspace's files, read once per page (a
/// failing media library leaves the previews empty).
pub async fn media_urls(state: &AppState, owner: UserId) -> HashMap<MediaId, MediaChoice> {
    match state.post_media.choices(owner, state.clock.now()).await {
        Ok(v) => v.into_iter().map(|c| (c.id, c)).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "no previews: the media library failed");
            HashMap::new()
        }
    }
}

/// The card of `post` on `account`, with the latest `decision` made about
/// it (through the link being shown), in `tr` and `tz`.
pub fn card(
    tr: &Tr,
    tz: &TimeZone,
    media: &HashMap<MediaId, MediaChoice>,
    post: &Post,
    account: &Account,
    decision: Option<(&Decision, &str)>,
) -> ReviewCard {
    let c = &post.content;
    let first = c.media.first().and_then(|m| media.get(m));
    let cover = c
        .cover
        .and_then(|m| media.get(&m))
        .and_then(|m| m.thumbnail_url.clone());
    let (image, video) = match first {
        Some(m) if m.class == MediaClass::Video => (cover, m.video_url.clone()),
        Some(m) => (m.thumbnail_url.clone(), None),
        None => (None, None),
    };
    let text = if c.kind.has_caption() {
        check_caption(&c.caption, &c.hashtags, None, &CaptionLimits::INSTAGRAM).text
    } else {
        String::new()
    };
    let (status, status_code, note) = match decision {
        Some((d, who)) => {
            let who = tr.t_args(
                match d.verdict {
                    Verdict::Approved => "review-status-approved",
                    Verdict::ChangesRequested => "review-status-changes",
                },
                &[
                    ("who", Arg::from(who)),
                    ("time", Arg::from(moment(tr.lang, tz, d.decided_at))),
                ],
            );
            let code = match d.verdict {
                Verdict::Approved => "ok",
                Verdict::ChangesRequested => "warn",
            };
            (who, code, d.note.clone())
        }
        None => {
            let (key, code) = waiting_status(post);
            (tr.t(key), code, None)
        }
    };
    ReviewCard {
        id: post.id.to_string(),
        username: account.profile.username.clone(),
        avatar: account
            .profile
            .profile_picture_url
            .clone()
            .filter(|u| u.starts_with("https://")),
        badge: match c.kind {
            PostKind::Reel => Some(tr.t("review-badge-reel")),
            PostKind::Story => Some(tr.t("review-badge-story")),
            _ => None,
        },
        portrait: matches!(c.kind, PostKind::Reel | PostKind::Story),
        image,
        video,
        count: if c.kind == PostKind::Carousel && c.media.len() > 1 {
            format!("1/{}", c.media.len())
        } else {
            String::new()
        },
        caption: caption_parts(&text),
        when: match c.scheduled_at {
            Some(at) => tr.t1("review-when", "time", moment(tr.lang, tz, at)),
            None => tr.t("review-when-unscheduled"),
        },
        status,
        status_code,
        note,
        open: awaits_review(post),
        typed_note: String::new(),
        error: None,
    }
}

/// What a post without a decision shows: waiting for one only when it is
/// in review; otherwise where it stands.
fn waiting_status(post: &Post) -> (&'static str, &'static str) {
    match post.state {
        PostState::InReview => ("review-status-waiting", "in_review"),
        PostState::Scheduled | PostState::Preparing | PostState::Ready | PostState::Publishing => {
            ("review-status-scheduled", "scheduled")
        }
        PostState::ChangesRequested => ("review-status-editing", "warn"),
        PostState::Published | PostState::Verify => ("review-status-published", "ok"),
        PostState::Expired => ("review-status-expired", "draft"),
        PostState::Draft | PostState::Failed | PostState::Cancelled => {
            ("review-status-not-in-review", "draft")
        }
    }
}

/// The card of a member's review queue: its state says whether it awaits
/// a decision or where it stands.
pub fn member_card(
    tr: &Tr,
    tz: &TimeZone,
    media: &HashMap<MediaId, MediaChoice>,
    post: &Post,
    account: &Account,
) -> ReviewCard {
    let mut c = card(tr, tz, media, post, account, None);
    if post.state == PostState::ChangesRequested {
        // What was asked (by this member or a teammate who approves).
        c.note.clone_from(&post.reason);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<(String, bool)> {
        caption_parts(text)
            .into_iter()
            .map(|p| (p.text, p.tag))
            .collect()
    }

    #[test]
    fn hashtags_and_mentions_are_tags() {
        assert_eq!(
            shown("New menu!\n#coffee #утро with @barista."),
            vec![
                ("New menu!\n".into(), false),
                ("#coffee".into(), true),
                (" ".into(), false),
                ("#утро".into(), true),
                (" with ".into(), false),
                ("@barista".into(), true),
                (".".into(), false),
            ]
        );
    }

    #[test]
    fn a_lone_hash_is_text() {
        assert_eq!(shown("# 1 and #"), vec![("# 1 and #".into(), false)]);
        assert!(shown("").is_empty());
    }
}
