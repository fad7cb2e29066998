use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::posts::PostId;
use crate::workspaces::{Access, Capability};

/// Longest reviewer's note or team note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Notes one post may carry.
pub const MAX_NOTES_PER_POST: u32 = 500;
/// Mentions in one note that are notified (the rest are text).
pub const MAX_MENTIONS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteId(pub Uuid);

impl NoteId {
    pub fn new() -> Self {
        NoteId(Uuid::now_v7())
    }
}

impl Default for NoteId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for NoteId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A team note on a post: for the workspace only, never sent to Instagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostNote {
    pub id: NoteId,
    pub post: PostId,
    /// The workspace (the post's owner).
    pub owner: UserId,
    /// `None` once the author's account is deleted.
    pub author: Option<UserId>,
    /// The author's username when read back (`None` when deleted).
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: OffsetDateTime,
}

/// Why a note (reviewer's or team) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoteProblem {
    #[error("the note is empty")]
    Empty,
    #[error("the note has {actual} characters; at most {max}")]
    TooLong { max: usize, actual: usize },
    #[error("the note holds control characters")]
    Control,
}

/// Trims and checks a note.
pub fn note_text(raw: &str) -> Result<String, NoteProblem> {
    let text = raw.trim();
    let n = text.chars().count();
    if n == 0 {
        return Err(NoteProblem::Empty);
    }
    if n > MAX_NOTE_CHARS {
        return Err(NoteProblem::TooLong {
            max: MAX_NOTE_CHARS,
            actual: n,
        });
    }
    if crate::text::has_forbidden_control(text) {
        return Err(NoteProblem::Control);
    }
    Ok(text.to_string())
}

/// The `@username`s a note mentions, lower-cased, each once, in order.
pub fn mentions(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = body.chars().collect();
    let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i] == '@' && (i == 0 || !name_char(chars[i - 1]));
        if starts {
            let mut j = i + 1;
            while j < chars.len() && name_char(chars[j]) {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            // A sentence's full stop is not part of the name.
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if !name.is_empty() && !out.contains(&name) && out.len() < MAX_MENTIONS {
                out.push(name);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Who decides on a post in review: a member of its workspace, or a client
/// review link (built by the client review feature, which checks that the
/// link covers the post before calling).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reviewer {
    Member(Access),
    Link {
        /// The workspace the link belongs to (the posts' owner).
        owner: UserId,
        /// The link's label (the client's name), for the logs.
        label: String,
    },
}

impl Reviewer {
    /// The owner id of the workspace the reviewer decides in.
    pub fn owner(&self) -> UserId {
        match self {
            Reviewer::Member(a) => a.owner(),
            Reviewer::Link { owner, .. } => *owner,
        }
    }

    /// The person deciding, if a member.
    pub fn user(&self) -> Option<UserId> {
        match self {
            Reviewer::Member(a) => Some(a.user),
            Reviewer::Link { .. } => None,
        }
    }

    /// Who it was, for the post log and the audit log.
    pub fn describe(&self) -> String {
        match self {
            Reviewer::Member(a) => format!("member {}", a.user.0),
            Reviewer::Link { label, .. } => {
                let label: String = label.chars().take(80).collect();
                format!("review link \"{label}\"")
            }
        }
    }

    /// Whether a member's role lets them decide on a post of `account`:
    /// the approve capability and the account in their scope.
    pub fn may_decide(&self, account: crate::account::AccountId) -> bool {
        match self {
            Reviewer::Member(a) => a.can(Capability::Approve) && a.sees_account(account),
            Reviewer::Link { .. } => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(
            note_text("  fix the caption "),
            Ok("fix the caption".into())
        );
        assert_eq!(note_text("   "), Err(NoteProblem::Empty));
        assert_eq!(
            note_text(&"я".repeat(2_001)),
            Err(NoteProblem::TooLong {
                max: 2_000,
                actual: 2_001
            })
        );
        assert!(note_text(&"я".repeat(2_000)).is_ok());
        assert_eq!(note_text("a\u{1b}b"), Err(NoteProblem::Control));
        assert!(note_text("line one\nline two").is_ok());
    }

    #[test]
    fn mentions_are_usernames_after_an_at_sign() {
        assert_eq!(
            mentions("@Anna please look, cc @bob.k. and @anna again; mail x@y.z"),
            vec!["anna".to_string(), "bob.k".to_string()]
        );
        assert!(mentions("no one @ all").is_empty());
    }
}
