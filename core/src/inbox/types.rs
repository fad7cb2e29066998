//! What the inbox caches from Instagram. Every row carries `fetched_at`: the
//! privacy policy keeps cached comments and messages at most 24 hours.

use time::OffsetDateTime;

use crate::account::AccountId;
use crate::instagram::Attachment;

/// One of the account's recent posts (the last ~50).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedMedia {
    pub account_id: AccountId,
    pub id: String,
    pub caption: Option<String>,
    /// `IMAGE`, `VIDEO`, `CAROUSEL_ALBUM`.
    pub media_type: String,
    pub media_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub permalink: Option<String>,
    pub timestamp: OffsetDateTime,
    pub like_count: Option<i64>,
    pub comments_count: Option<i64>,
    pub fetched_at: OffsetDateTime,
    /// When this post's comments were last fetched in full, and the
    /// `comments_count` Instagram reported then: sync skips posts whose
    /// count has not moved since a recent fetch.
    pub comments_fetched_at: Option<OffsetDateTime>,
    pub comments_fetched_count: Option<i64>,
}

/// A comment or a reply (`parent_id` set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedComment {
    pub account_id: AccountId,
    pub id: String,
    pub media_id: String,
    pub parent_id: Option<String>,
    pub text: String,
    pub username: Option<String>,
    pub timestamp: OffsetDateTime,
    pub hidden: bool,
    pub like_count: Option<i64>,
    pub fetched_at: OffsetDateTime,
}

/// A direct-message conversation (1:1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedConversation {
    pub account_id: AccountId,
    pub id: String,
    /// The other person's IGSID and username.
    pub participant_id: String,
    pub participant_username: Option<String>,
    pub last_message_at: Option<OffsetDateTime>,
    /// The person's latest message: the 24-hour window counts from it.
    pub last_inbound_at: Option<OffsetDateTime>,
    /// When the owner last opened the thread (kept across refreshes).
    pub read_at: Option<OffsetDateTime>,
    pub fetched_at: OffsetDateTime,
}

impl CachedConversation {
    /// The person wrote after the owner last opened the thread.
    pub fn unread(&self) -> bool {
        match (self.last_inbound_at, self.read_at) {
            (Some(inbound), Some(read)) => inbound > read,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedMessage {
    pub account_id: AccountId,
    pub id: String,
    pub conversation_id: String,
    pub sender_id: String,
    pub sender_username: Option<String>,
    pub recipient_id: String,
    pub recipient_username: Option<String>,
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
    pub created_at: OffsetDateTime,
    /// Sent by the other person (not by the account).
    pub inbound: bool,
    pub fetched_at: OffsetDateTime,
}

/// Which comments to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentFilter {
    pub media_id: Option<String>,
    /// Only top-level comments by others that the account has not replied to.
    pub unanswered: bool,
}

/// The dashboard's inbox figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxCounts {
    pub unanswered_comments: u64,
    pub unread_conversations: u64,
}

/// A raw story metric from a `story_insights` webhook (read by analytics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryInsightValue {
    pub account_id: AccountId,
    pub story_id: String,
    pub metric: String,
    pub value: i64,
    pub received_at: OffsetDateTime,
}

/// Rows the retention job removed, per kind (counts only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxPurge {
    pub media: u64,
    pub comments: u64,
    pub conversations: u64,
    pub messages: u64,
}

impl InboxPurge {
    pub fn total(&self) -> u64 {
        self.media + self.comments + self.conversations + self.messages
    }
}

/// Attachments as stored: one `kind<TAB>url` per line.
pub fn encode_attachments(list: &[Attachment]) -> String {
    list.iter()
        .map(|a| {
            format!(
                "{}\t{}",
                a.kind.replace(['\t', '\n'], " "),
                a.url.as_deref().unwrap_or("").replace(['\t', '\n'], " ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn decode_attachments(s: &str) -> Vec<Attachment> {
    s.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (kind, url) = l.split_once('\t').unwrap_or((l, ""));
            Attachment {
                kind: kind.to_string(),
                url: (!url.is_empty()).then(|| url.to_string()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_round_trip() {
        let list = vec![
            Attachment {
                kind: "image".into(),
                url: Some("https://x/a.jpg".into()),
            },
            Attachment {
                kind: "share".into(),
                url: None,
            },
        ];
        assert_eq!(decode_attachments(&encode_attachments(&list)), list);
        assert!(decode_attachments("").is_empty());
    }
}
