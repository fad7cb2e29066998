use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::variables::unknown_variables;
use crate::UserId;
use crate::text::has_forbidden_control;

/// A saved reply's name: enough for "Shipping times, long".
pub const MAX_NAME_CHARS: usize = 60;
/// Instagram takes 1,000 bytes in a direct message and 2,200 characters in
/// a comment; a reply longer than 1,000 characters fits neither reliably.
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Saved replies a user may keep.
pub const MAX_SAVED_REPLIES_PER_USER: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SavedReplyId(pub Uuid);

impl SavedReplyId {
    pub fn new() -> Self {
        SavedReplyId(Uuid::now_v7())
    }
}

impl Default for SavedReplyId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for SavedReplyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for SavedReplyId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(SavedReplyId)
    }
}

/// A saved reply; `text` may hold variables (`{username}`, `{account}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedReply {
    pub id: SavedReplyId,
    pub owner: UserId,
    pub name: String,
    pub text: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// What the user sends to create or change a saved reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedReplyInput {
    pub name: String,
    pub text: String,
}

/// One reason a saved reply cannot be kept; the values let each language
/// phrase it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SavedReplyProblem {
    NameRequired,
    NameTooLong {
        max: usize,
        actual: usize,
    },
    TextRequired,
    TextTooLong {
        max: usize,
        actual: usize,
    },
    /// NUL, escape and other control characters (newlines are fine in the
    /// text).
    ControlCharacters {
        field: &'static str,
    },
    /// `{something}` that is not a known variable (a typo would otherwise
    /// reach the customer as is).
    UnknownVariable {
        name: String,
    },
}

impl SavedReplyInput {
    /// The input as stored (trimmed), or every problem at once.
    pub fn validate(&self) -> Result<SavedReplyInput, Vec<SavedReplyProblem>> {
        let name = self.name.trim().to_string();
        let text = self.text.trim().to_string();
        let mut problems = Vec::new();
        let name_len = name.chars().count();
        if name_len == 0 {
            problems.push(SavedReplyProblem::NameRequired);
        } else if name_len > MAX_NAME_CHARS {
            problems.push(SavedReplyProblem::NameTooLong {
                max: MAX_NAME_CHARS,
                actual: name_len,
            });
        }
        if has_forbidden_control(&name) || name.contains(['\n', '\r', '\t']) {
            problems.push(SavedReplyProblem::ControlCharacters { field: "name" });
        }
        let text_len = text.chars().count();
        if text_len == 0 {
            problems.push(SavedReplyProblem::TextRequired);
        } else if text_len > MAX_TEXT_CHARS {
            problems.push(SavedReplyProblem::TextTooLong {
                max: MAX_TEXT_CHARS,
                actual: text_len,
            });
        }
        if has_forbidden_control(&text) {
            problems.push(SavedReplyProblem::ControlCharacters { field: "text" });
        }
        for name in unknown_variables(&text) {
            problems.push(SavedReplyProblem::UnknownVariable { name });
        }
        if problems.is_empty() {
            Ok(SavedReplyInput { name, text })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input(name: &str, text: &str) -> SavedReplyInput {
        SavedReplyInput {
            name: name.into(),
            text: text.into(),
        }
    }

    #[test]
    fn trims_and_accepts_known_variables() {
        let ok = input("  Thanks ", " Thank you, @{username}! — {account}\n").validate();
        assert_eq!(
            ok,
            Ok(input("Thanks", "Thank you, @{username}! — {account}"))
        );
    }

    #[test]
    fn lists_every_problem() {
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        let err = input(&long, "Hi {usernme} and {Name}")
            .validate()
            .unwrap_err();
        assert_eq!(
            err,
            vec![
                SavedReplyProblem::NameTooLong {
                    max: MAX_NAME_CHARS,
                    actual: MAX_NAME_CHARS + 1
                },
                SavedReplyProblem::UnknownVariable {
                    name: "usernme".into()
                },
                SavedReplyProblem::UnknownVariable {
                    name: "Name".into()
                },
            ]
        );
        assert_eq!(
            input(" ", "  ").validate().unwrap_err(),
            vec![
                SavedReplyProblem::NameRequired,
                SavedReplyProblem::TextRequired
            ]
        );
        let too_long = "я".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            input("a\tb", &too_long).validate().unwrap_err(),
            vec![
                SavedReplyProblem::ControlCharacters { field: "name" },
                SavedReplyProblem::TextTooLong {
                    max: MAX_TEXT_CHARS,
                    actual: MAX_TEXT_CHARS + 1
                },
            ]
        );
    }
}
