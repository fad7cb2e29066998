use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{PostId, PostKind, PostState};
use crate::UserId;
use crate::account::AccountId;
use crate::media::MediaId;

/// A person tagged on an image: `x`, `y` in 0–1 from the top left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserTagSpec {
    pub username: String,
    pub x: f64,
    pub y: f64,
}

/// How a trial reel (shown to non-followers first) graduates to the
/// account's followers: `trial_params.graduation_strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrialStrategy {
    /// The user shares it with followers in the app.
    #[serde(rename = "MANUAL")]
    Manual,
    /// Instagram shares it if it performs well in 72 hours.
    #[serde(rename = "SS_PERFORMANCE")]
    Performance,
}

impl TrialStrategy {
    pub const ALL: [TrialStrategy; 2] = [TrialStrategy::Manual, TrialStrategy::Performance];

    /// Instagram's value.
    pub fn as_str(self) -> &'static str {
        match self {
            TrialStrategy::Manual => "MANUAL",
            TrialStrategy::Performance => "SS_PERFORMANCE",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Container options added after the first release (issue 17): each
/// applies to the kinds [`super::PostKind::allows`] names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PostOptions {
    /// A reel's original-audio name (`audio_name`; Instagram keeps the
    /// first one set).
    pub audio_name: Option<String>,
    /// A trial reel and how it graduates (`trial_params`).
    pub trial: Option<TrialStrategy>,
    /// Instagram's "AI info" label (`is_ai_generated`).
    pub ai_generated: bool,
}

/// What the user wrote and chose: everything an edit may change.
#[derive(Debug, Clone, PartialEq)]
pub struct PostContent {
    pub account_id: AccountId,
    pub kind: PostKind,
    /// In order; a carousel shows them in this order.
    pub media: Vec<MediaId>,
    /// A reel's cover image (wins over `thumb_offset_ms`).
    pub cover: Option<MediaId>,
    pub thumb_offset_ms: Option<u64>,
    /// A reel also appears in the feed.
    pub share_to_feed: bool,
    pub caption: String,
    pub hashtags: String,
    pub first_comment: Option<String>,
    pub collaborators: Vec<String>,
    pub location_id: Option<String>,
    pub alt_text: Option<String>,
    pub user_tags: Vec<UserTagSpec>,
    pub options: PostOptions,
    /// UTC; `None` for a draft.
    pub scheduled_at: Option<OffsetDateTime>,
}

/// Why an active post is waiting instead of moving on. Visible to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostHold {
    /// The account's 24-hour publishing quota is used up.
    Quota,
    /// Instagram refused the account's token: reconnect it.
    Reconnect,
    /// Instagram cannot fetch the media from our public URL.
    MediaUnreachable,
    /// Instagram is failing or rate limiting; retrying with backoff.
    Retrying,
}

impl PostHold {
    pub fn as_str(self) -> &'static str {
        match self {
            PostHold::Quota => "quota",
            PostHold::Reconnect => "reconnect",
            PostHold::MediaUnreachable => "media_unreachable",
            PostHold::Retrying => "retrying",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            PostHold::Quota,
            PostHold::Reconnect,
            PostHold::MediaUnreachable,
            PostHold::Retrying,
        ]
        .into_iter()
        .find(|h| h.as_str() == s)
    }
}

/// A post as stored. `version` increases with every write; every update is
/// conditional on it, so a user's edit, a cancel and the worker never
/// overwrite each other.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub id: PostId,
    pub owner: UserId,
    pub content: PostContent,
    pub state: PostState,
    /// Carousel item containers, in media order, stored as each is created.
    pub child_containers: Vec<String>,
    /// The container to publish, stored before publish is called.
    pub container_id: Option<String>,
    pub ig_media_id: Option<String>,
    pub permalink: Option<String>,
    pub first_comment_id: Option<String>,
    /// Set before the first comment is sent, so a crash never sends two.
    pub first_comment_tried: bool,
    pub hold: Option<PostHold>,
    /// The user-facing reason of a failure (Instagram's words when it gave
    /// them) or of a hold.
    pub reason: Option<String>,
    /// Consecutive failed attempts of the current step.
    pub attempts: u32,
    /// When the worker should next look at the post.
    pub next_action_at: Option<OffsetDateTime>,
    /// When the publish call was first made.
    pub publish_started_at: Option<OffsetDateTime>,
    pub published_at: Option<OffsetDateTime>,
    /// A failed post stays on the dashboard until the user acknowledges it.
    pub failure_acknowledged: bool,
    /// Increases with every write (user's or worker's); every update is
    /// conditional on it.
    pub version: u32,
    /// Increases when the user changes what would be published (not the
    /// time alone): containers built from an older revision are never
    /// published.
    pub content_rev: u32,
    /// The `content_rev` the recorded containers were built from.
    pub containers_rev: Option<u32>,
    /// When the first of the recorded containers was created (they expire
    /// 24 h later).
    pub containers_at: Option<OffsetDateTime>,
    /// Who last sent it for review (a person; `None` once they are
    /// deleted, and for posts never reviewed): told about the decision.
    pub submitted_by: Option<UserId>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The content fields the databases keep as one JSON document (the ones no
/// query filters on). Shared by the SQL adapters so both store the same.
#[derive(Serialize, Deserialize)]
struct ContentExtras {
    cover: Option<uuid::Uuid>,
    thumb_offset_ms: Option<u64>,
    share_to_feed: bool,
    caption: String,
    hashtags: String,
    first_comment: Option<String>,
    collaborators: Vec<String>,
    location_id: Option<String>,
    alt_text: Option<String>,
    user_tags: Vec<UserTagSpec>,
    // Added by issue 17: absent in older rows.
    #[serde(default)]
    audio_name: Option<String>,
    #[serde(default)]
    trial: Option<TrialStrategy>,
    #[serde(default)]
    is_ai_generated: bool,
}

impl PostContent {
    /// The JSON document of the fields not stored in their own columns.
    pub fn extras_json(&self) -> String {
        let extras = ContentExtras {
            cover: self.cover.map(|m| m.0),
            thumb_offset_ms: self.thumb_offset_ms,
            share_to_feed: self.share_to_feed,
            caption: self.caption.clone(),
            hashtags: self.hashtags.clone(),
            first_comment: self.first_comment.clone(),
            collaborators: self.collaborators.clone(),
            location_id: self.location_id.clone(),
            alt_text: self.alt_text.clone(),
            user_tags: self.user_tags.clone(),
            audio_name: self.options.audio_name.clone(),
            trial: self.options.trial,
            is_ai_generated: self.options.ai_generated,
        };
        serde_json::to_string(&extras).unwrap_or_else(|_| "{}".into())
    }

    /// Rebuilds the content from its columns and [`Self::extras_json`].
    pub fn from_parts(
        account_id: AccountId,
        kind: PostKind,
        media: Vec<MediaId>,
        scheduled_at: Option<OffsetDateTime>,
        extras_json: &str,
    ) -> Result<Self, String> {
        let e: ContentExtras = serde_json::from_str(extras_json).map_err(|e| e.to_string())?;
        Ok(PostContent {
            account_id,
            kind,
            media,
            cover: e.cover.map(MediaId),
            thumb_offset_ms: e.thumb_offset_ms,
            share_to_feed: e.share_to_feed,
            caption: e.caption,
            hashtags: e.hashtags,
            first_comment: e.first_comment,
            collaborators: e.collaborators,
            location_id: e.location_id,
            alt_text: e.alt_text,
            user_tags: e.user_tags,
            options: PostOptions {
                audio_name: e.audio_name,
                trial: e.trial,
                ai_generated: e.is_ai_generated,
            },
            scheduled_at,
        })
    }
}

/// Encodes a list of container ids for a text column.
pub fn encode_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

pub fn decode_list(text: &str) -> Result<Vec<String>, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_written_before_the_options_read_as_none() {
        let old = r#"{"cover":null,"thumb_offset_ms":null,"share_to_feed":true,"caption":"hi","hashtags":"","first_comment":null,"collaborators":[],"location_id":null,"alt_text":null,"user_tags":[]}"#;
        let c = PostContent::from_parts(
            AccountId(uuid::Uuid::nil()),
            PostKind::Reel,
            Vec::new(),
            None,
            old,
        )
        .expect("old row");
        assert_eq!(c.options, PostOptions::default());
        let mut c2 = c.clone();
        c2.options = PostOptions {
            audio_name: Some("Original".into()),
            trial: Some(TrialStrategy::Performance),
            ai_generated: true,
        };
        let json = c2.extras_json();
        assert!(json.contains("SS_PERFORMANCE"), "{json}");
        let back =
            PostContent::from_parts(c2.account_id, c2.kind, Vec::new(), None, &json).expect("row");
        assert_eq!(back, c2);
    }
}
