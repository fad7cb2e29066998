use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::text::has_forbidden_control;

/// A snippet's name: enough for "Summer sale, long version".
pub const MAX_NAME_CHARS: usize = 60;
/// A caption's limit: a snippet longer than a caption cannot be used.
pub const MAX_TEXT_CHARS: usize = 2_200;
/// Snippets a user may keep (captions and hashtag groups together).
pub const MAX_SNIPPETS_PER_USER: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SnippetId(pub Uuid);

impl SnippetId {
    pub fn new() -> Self {
        SnippetId(Uuid::now_v7())
    }
}

impl Default for SnippetId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for SnippetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for SnippetId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(SnippetId)
    }
}

/// Where a snippet goes in the composer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnippetKind {
    /// Inserted into the caption.
    Caption,
    /// Added to the hashtags field.
    Hashtags,
}

impl SnippetKind {
    pub const ALL: [SnippetKind; 2] = [SnippetKind::Caption, SnippetKind::Hashtags];

    pub fn as_str(self) -> &'static str {
        match self {
            SnippetKind::Caption => "caption",
            SnippetKind::Hashtags => "hashtags",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A saved caption or hashtag group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub id: SnippetId,
    pub owner: UserId,
    pub kind: SnippetKind,
    pub name: String,
    pub text: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// What the user sends to create or change a snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetInput {
    pub kind: SnippetKind,
    pub name: String,
    pub text: String,
}

/// One reason a snippet cannot be saved; the numbers let each language
/// phrase it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SnippetProblem {
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
    /// NUL, escape and other control characters (newlines and tabs are fine).
    ControlCharacters {
        field: &'static str,
    },
    /// A hashtag group with no hashtag in it.
    NoHashtags,
}

impl SnippetInput {
    /// The input as stored (trimmed; a hashtag group normalised to
    /// `#a #b`), or every problem at once.
    pub fn validate(&self) -> Result<SnippetInput, Vec<SnippetProblem>> {
        let name = self.name.trim().to_string();
        let text = match self.kind {
            SnippetKind::Caption => self.text.trim().to_string(),
            SnippetKind::Hashtags => crate::posts::normalise_hashtags(&self.text),
        };
        let mut problems = Vec::new();
        let name_len = name.chars().count();
        if name_len == 0 {
            problems.push(SnippetProblem::NameRequired);
        } else if name_len > MAX_NAME_CHARS {
            problems.push(SnippetProblem::NameTooLong {
                max: MAX_NAME_CHARS,
                actual: name_len,
            });
        }
        if has_forbidden_control(&name) || name.contains(['\n', '\r', '\t']) {
            problems.push(SnippetProblem::ControlCharacters { field: "name" });
        }
        let text_len = text.chars().count();
        if self.text.trim().is_empty() {
            problems.push(SnippetProblem::TextRequired);
        } else if text.is_empty() {
            problems.push(SnippetProblem::NoHashtags);
        } else if text_len > MAX_TEXT_CHARS {
            problems.push(SnippetProblem::TextTooLong {
                max: MAX_TEXT_CHARS,
                actual: text_len,
            });
        }
        if has_forbidden_control(&text) {
            problems.push(SnippetProblem::ControlCharacters { field: "text" });
        }
        if problems.is_empty() {
            Ok(SnippetInput {
                kind: self.kind,
                name,
                text,
            })
        } else {
            Err(problems)
        }
    }
}
