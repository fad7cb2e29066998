//! Direct messages shown as a chat: what each attachment is (so the page
//! can show an image, a link card or the Story a message answers), and how
//! long the reply window stays open, in whole hours and minutes.

use time::{Duration, OffsetDateTime};

use super::service::InboxService;
use super::types::{CachedConversation, CachedMessage};
use crate::UserId;
use crate::account::AccountId;
use crate::instagram::Attachment;
use crate::store_error::StoreError;

/// What an attachment is, from Instagram's `type` or MIME type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentKind {
    Image,
    Video,
    Audio,
    File,
    /// A shared post or reel: shown as a link card.
    Share,
    /// The person mentioned the account in their Story.
    StoryMention,
    /// The person answered one of the account's Stories.
    StoryReply,
    /// A sticker, a heart or anything newer than this code.
    Other,
}

impl AttachmentKind {
    /// Instagram names kinds (`image`, `share`, `story_mention`, `ig_reel`,
    /// …) or, when read back through the Graph API, gives a MIME type
    /// (`image/jpeg`).
    pub fn of(kind: &str) -> Self {
        let k = kind.trim().to_ascii_lowercase();
        let main = k.split('/').next().unwrap_or("");
        match main {
            "image" | "photo" | "animated_image" => AttachmentKind::Image,
            "video" => AttachmentKind::Video,
            "audio" => AttachmentKind::Audio,
            "file" | "application" | "text" => AttachmentKind::File,
            "share" | "ig_post" | "ig_reel" | "reel" | "media_share" | "fallback" => {
                AttachmentKind::Share
            }
            "story_mention" => AttachmentKind::StoryMention,
            "story" | "ig_story" | "story_reply" => AttachmentKind::StoryReply,
            _ => AttachmentKind::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Image => "image",
            AttachmentKind::Video => "video",
            AttachmentKind::Audio => "audio",
            AttachmentKind::File => "file",
            AttachmentKind::Share => "share",
            AttachmentKind::StoryMention => "story_mention",
            AttachmentKind::StoryReply => "story_reply",
            AttachmentKind::Other => "other",
        }
    }
}

/// An attachment ready to show: its kind and a link that is safe to put in
/// a page (https only; Instagram's CDN links are https).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatAttachment {
    pub kind: AttachmentKind,
    pub url: Option<String>,
}

impl ChatAttachment {
    pub fn of(a: &Attachment) -> Self {
        ChatAttachment {
            kind: AttachmentKind::of(&a.kind),
            url: a.url.clone().filter(|u| u.starts_with("https://")),
        }
    }
}

/// Time left until a window closes, rounded up to the minute (so "0 min"
/// is never shown while a reply is still possible).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLeft {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
}

impl TimeLeft {
    /// `None` once `closes_at` has passed.
    pub fn until(now: OffsetDateTime, closes_at: OffsetDateTime) -> Option<Self> {
        let left = closes_at - now;
        if left <= Duration::ZERO {
            return None;
        }
        let total_minutes = (left.whole_seconds() + 59) / 60;
        Some(TimeLeft {
            days: total_minutes / (24 * 60),
            hours: total_minutes / 60 % 24,
            minutes: total_minutes % 60,
        })
    }
}

/// Characters of a message shown in the conversation list.
pub const PREVIEW_CHARS: usize = 80;

/// What a message shows: never nothing. A message Instagram sent with
/// neither text nor an attachment we can show is `unsupported`, said in
/// words on the page rather than an empty bubble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    pub text: Option<String>,
    pub attachments: Vec<ChatAttachment>,
    pub unsupported: bool,
}

impl ChatMessage {
    pub fn of(m: &CachedMessage) -> Self {
        let text = m
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let attachments: Vec<ChatAttachment> =
            m.attachments.iter().map(ChatAttachment::of).collect();
        let unsupported = text.is_none() && attachments.is_empty();
        ChatMessage {
            text,
            attachments,
            unsupported,
        }
    }
}

/// The conversation list's line about the latest message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// The start of its text (at most [`PREVIEW_CHARS`], "…" when cut).
    Text(String),
    /// No text: what its first attachment is.
    Attachment(AttachmentKind),
    Unsupported,
}

impl Preview {
    pub fn of(m: &CachedMessage) -> Self {
        let chat = ChatMessage::of(m);
        if let Some(t) = chat.text {
            let one_line = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if one_line.chars().count() > PREVIEW_CHARS {
                let cut: String = one_line.chars().take(PREVIEW_CHARS - 1).collect();
                return Preview::Text(format!("{}…", cut.trim_end()));
            }
            return Preview::Text(one_line);
        }
        match chat.attachments.first() {
            Some(a) => Preview::Attachment(a.kind),
            None => Preview::Unsupported,
        }
    }
}

/// A conversation with its latest message, for the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationPreview {
    pub conversation: CachedConversation,
    pub latest: Option<CachedMessage>,
}

impl InboxService {
    /// The account's conversations (latest first) with each one's latest
    /// message. One read per conversation: the cache holds at most the
    /// conversations of the last sync's pages, each read by its key.
    pub async fn conversation_previews(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<ConversationPreview>, StoreError> {
        let conversations = self.conversations(owner, account).await?;
        let mut out = Vec::with_capacity(conversations.len());
        for c in conversations {
            let latest = self
                .messages(owner, &c.id)
                .await?
                .into_iter()
                .max_by_key(|m| m.created_at);
            out.push(ConversationPreview {
                conversation: c,
                latest,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn kinds_from_names_and_mime_types() {
        assert_eq!(AttachmentKind::of("image/jpeg"), AttachmentKind::Image);
        assert_eq!(AttachmentKind::of("IMAGE"), AttachmentKind::Image);
        assert_eq!(AttachmentKind::of("video/mp4"), AttachmentKind::Video);
        assert_eq!(AttachmentKind::of("ig_reel"), AttachmentKind::Share);
        assert_eq!(AttachmentKind::of("share"), AttachmentKind::Share);
        assert_eq!(
            AttachmentKind::of("story_mention"),
            AttachmentKind::StoryMention
        );
        assert_eq!(AttachmentKind::of("story"), AttachmentKind::StoryReply);
        assert_eq!(AttachmentKind::of("like_heart"), AttachmentKind::Other);
        assert_eq!(AttachmentKind::of(""), AttachmentKind::Other);
    }

    fn message(text: Option<&str>, attachments: Vec<Attachment>) -> CachedMessage {
        CachedMessage {
            account_id: AccountId::new(),
            id: "m".into(),
            conversation_id: "c".into(),
            sender_id: "s".into(),
            sender_username: None,
            recipient_id: "r".into(),
            recipient_username: None,
            text: text.map(str::to_string),
            attachments,
            created_at: datetime!(2026-12-07 10:00 UTC),
            inbound: true,
            fetched_at: datetime!(2026-12-07 10:00 UTC),
        }
    }

    #[test]
    fn a_message_is_never_empty() {
        let blank = ChatMessage::of(&message(Some("  "), vec![]));
        assert!(blank.unsupported);
        assert_eq!(blank.text, None);
        assert_eq!(Preview::of(&message(None, vec![])), Preview::Unsupported);
        let story = Attachment {
            kind: "story_mention".into(),
            url: Some("https://cdn.example/s.jpg".into()),
        };
        let m = ChatMessage::of(&message(None, vec![story.clone()]));
        assert!(!m.unsupported);
        assert_eq!(
            Preview::of(&message(None, vec![story])),
            Preview::Attachment(AttachmentKind::StoryMention)
        );
    }

    #[test]
    fn previews_are_one_short_line() {
        assert_eq!(
            Preview::of(&message(Some("Hi!\n\nIs it  open?"), vec![])),
            Preview::Text("Hi! Is it open?".into())
        );
        let long = "слово ".repeat(40);
        match Preview::of(&message(Some(&long), vec![])) {
            Preview::Text(t) => {
                assert!(t.ends_with('…'));
                assert!(t.chars().count() <= PREVIEW_CHARS);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn links_must_be_https() {
        let a = Attachment {
            kind: "image".into(),
            url: Some("javascript:alert(1)".into()),
        };
        assert_eq!(ChatAttachment::of(&a).url, None);
    }

    #[test]
    fn time_left_rounds_up_to_the_minute() {
        let now = datetime!(2026-12-07 10:00 UTC);
        assert_eq!(
            TimeLeft::until(now, now + Duration::minutes(192) - Duration::seconds(30)),
            Some(TimeLeft {
                days: 0,
                hours: 3,
                minutes: 12
            })
        );
        assert_eq!(
            TimeLeft::until(now, now + Duration::seconds(1)),
            Some(TimeLeft {
                days: 0,
                hours: 0,
                minutes: 1
            })
        );
        assert_eq!(
            TimeLeft::until(now, now + Duration::days(6) + Duration::hours(5)),
            Some(TimeLeft {
                days: 6,
                hours: 5,
                minutes: 0
            })
        );
        assert_eq!(TimeLeft::until(now, now), None);
    }
}
