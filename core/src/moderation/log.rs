//! The moderation log: one entry per comment the lists hid.

use time::OffsetDateTime;
use uuid::Uuid;

use super::list::ListKind;
use crate::account::AccountId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryId(pub Uuid);

impl EntryId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }

    pub fn parse(s: &str) -> Option<Self> {
        Uuid::parse_str(s).ok().map(Self)
    }
}

impl Default for EntryId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A comment hidden by a list. At most one per (account, comment): a
/// comment is hidden automatically once, and an undone entry keeps it from
/// being hidden again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationEntry {
    pub id: EntryId,
    pub account: AccountId,
    pub comment_id: String,
    pub media_id: String,
    pub kind: ListKind,
    /// The list's word or phrase that matched, as written in the list.
    pub word: String,
    pub hidden_at: OffsetDateTime,
    /// When a person undid it (the comment was shown again).
    pub undone_at: Option<OffsetDateTime>,
}

/// A log entry with the comment as the inbox still holds it (its text and
/// author are cached for 24 hours only; after that the entry stands alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogItem {
    pub entry: ModerationEntry,
    pub text: Option<String>,
    pub username: Option<String>,
}
