//! One entry of the triage list and the key its done state is kept under.

use time::OffsetDateTime;

use crate::account::AccountId;

/// Instagram's ids are short; anything longer is not one.
pub const MAX_ID_BYTES: usize = 255;

/// Which cache table an item lives in: the key of its done state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKey {
    /// A top-level comment (its thread: the replies nest under it).
    Comment,
    /// A direct-message conversation (one item, its latest message).
    Conversation,
}

impl ItemKey {
    /// The stored letter; its order ('c' < 'd') is the list's tie-break.
    pub fn code(self) -> &'static str {
        match self {
            ItemKey::Comment => "c",
            ItemKey::Conversation => "d",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "c" => Some(ItemKey::Comment),
            "d" => Some(ItemKey::Conversation),
            _ => None,
        }
    }
}

/// What an item is, as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Comment,
    Message,
    /// A conversation whose latest message mentions the account in a Story.
    StoryMention,
    /// A conversation whose latest message answers one of the account's
    /// Stories.
    StoryReply,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Comment => "comment",
            ItemKind::Message => "message",
            ItemKind::StoryMention => "story_mention",
            ItemKind::StoryReply => "story_reply",
        }
    }

    /// A conversation's kind from its latest message's attachment kinds.
    pub fn of_conversation<'a>(attachment_kinds: impl IntoIterator<Item = &'a str>) -> Self {
        let mut kind = ItemKind::Message;
        for k in attachment_kinds {
            if k == "story_mention" {
                return ItemKind::StoryMention;
            }
            if k.contains("story") {
                kind = ItemKind::StoryReply;
            }
        }
        kind
    }
}

/// The post a comment is on, as far as the cache knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostSummary {
    pub id: String,
    pub caption: Option<String>,
    pub media_type: String,
    pub thumbnail_url: Option<String>,
    pub media_url: Option<String>,
    pub permalink: Option<String>,
}

impl PostSummary {
    /// A picture to show: the thumbnail, or the media itself when it is an
    /// image (a video's media URL is not a picture).
    pub fn picture(&self) -> Option<&str> {
        self.thumbnail_url
            .as_deref()
            .or(match self.media_type.as_str() {
                "VIDEO" | "REELS" => None,
                _ => self.media_url.as_deref(),
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageItem {
    pub account_id: AccountId,
    pub account_username: String,
    pub key: ItemKey,
    pub kind: ItemKind,
    /// The comment's or the conversation's Instagram id.
    pub id: String,
    /// The post (comments only); `post` is its cached summary, if any.
    pub media_id: Option<String>,
    pub post: Option<PostSummary>,
    /// The comment, or the conversation's latest message.
    pub text: String,
    /// Who wrote the comment; the other person of a conversation.
    pub username: Option<String>,
    pub at: OffsetDateTime,
    pub hidden: bool,
    /// The account replied in the thread (comments) or wrote the latest
    /// message (conversations).
    pub answered: bool,
    /// Marked done (a conversation reopens when the person writes again).
    pub done: bool,
    /// Replies in the comment's thread.
    pub replies: u32,
}

impl TriageItem {
    pub fn unanswered(&self) -> bool {
        !self.answered && !self.done
    }

    pub fn item_ref(&self) -> ItemRef {
        ItemRef {
            account: self.account_id,
            key: self.key,
            id: self.id.clone(),
        }
    }
}

/// An item's identity across the user's accounts, as forms and the API
/// carry it: `c:<account uuid>:<comment id>` or `d:<account uuid>:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub account: AccountId,
    pub key: ItemKey,
    pub id: String,
}

impl ItemRef {
    pub fn parse(s: &str) -> Option<Self> {
        let (k, rest) = s.split_once(':')?;
        let (account, id) = rest.split_once(':')?;
        let key = ItemKey::from_code(k)?;
        let account = uuid::Uuid::parse_str(account).ok()?;
        if id.is_empty() || id.len() > MAX_ID_BYTES || crate::text::has_forbidden_control(id) {
            return None;
        }
        Some(Self {
            account: AccountId(account),
            key,
            id: id.to_string(),
        })
    }
}

impl std::fmt::Display for ItemRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.key.code(), self.account.0, self.id)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn refs_round_trip_and_ids_may_hold_colons() {
        let r = ItemRef {
            account: AccountId(uuid::Uuid::from_u128(7)),
            key: ItemKey::Conversation,
            id: "igsid:123".into(),
        };
        assert_eq!(ItemRef::parse(&r.to_string()), Some(r));
        assert_eq!(
            ItemRef::parse("x:00000000-0000-0000-0000-000000000007:1"),
            None
        );
        assert_eq!(ItemRef::parse("c:not-a-uuid:1"), None);
        assert_eq!(
            ItemRef::parse("c:00000000-0000-0000-0000-000000000007:"),
            None
        );
    }

    #[test]
    fn a_conversation_kind_comes_from_its_attachments() {
        assert_eq!(ItemKind::of_conversation([]), ItemKind::Message);
        assert_eq!(
            ItemKind::of_conversation(["image", "story_mention"]),
            ItemKind::StoryMention
        );
        assert_eq!(
            ItemKind::of_conversation(["story_reply"]),
            ItemKind::StoryReply
        );
    }
}
