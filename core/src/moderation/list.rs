//! Word lists: what a list is, how its text is checked, and the lists of
//! one account compiled once into the matcher of `automation::matcher`.

use time::OffsetDateTime;

use crate::account::AccountId;
use crate::automation::matcher::Keyword;
use crate::automation::normalize::fold;

/// At most this many words or phrases in one list.
pub const MAX_WORDS_PER_LIST: usize = 500;
/// At most this many characters in one word or phrase.
pub const MAX_WORD_CHARS: usize = 100;
/// The textarea of a list is refused whole past this many bytes (500 lines
/// of 100 characters of up to four bytes, with their line ends), before it
/// is split, so a huge body allocates nothing more.
pub const MAX_LIST_TEXT_BYTES: usize = MAX_WORDS_PER_LIST * (MAX_WORD_CHARS * 4 + 2);

/// The three lists every account has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    Spam,
    Profanity,
    Custom,
}

impl ListKind {
    pub const ALL: [ListKind; 3] = [ListKind::Spam, ListKind::Profanity, ListKind::Custom];

    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Spam => "spam",
            ListKind::Profanity => "profanity",
            ListKind::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One account's list of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationList {
    pub account: AccountId,
    pub kind: ListKind,
    /// Only an enabled list hides comments.
    pub enabled: bool,
    /// The words and phrases as the user typed them (trimmed, one per line,
    /// no two folding the same).
    pub words: Vec<String>,
    pub updated_at: OffsetDateTime,
}

impl ModerationList {
    /// The list an account has before anyone saved it: off and empty.
    pub fn empty(account: AccountId, kind: ListKind, at: OffsetDateTime) -> Self {
        Self {
            account,
            kind,
            enabled: false,
            words: Vec::new(),
            updated_at: at,
        }
    }

    /// The words one per line, as the textarea shows them.
    pub fn text(&self) -> String {
        self.words.join("\n")
    }
}

/// What is wrong with a list's text; `line` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListProblem {
    /// More than [`MAX_WORDS_PER_LIST`] words (or a text past
    /// [`MAX_LIST_TEXT_BYTES`]).
    TooManyWords { max: usize },
    /// A line longer than [`MAX_WORD_CHARS`].
    WordTooLong { line: usize, max: usize },
    /// A line of only emoji or punctuation: it could never match a word.
    NothingToMatch { line: usize },
    /// A line with a control character.
    ControlCharacters { line: usize },
}

/// Splits a list's text into its words: one per line, trimmed, empty lines
/// and lines starting with `#` skipped, a word folding the same as an
/// earlier one dropped. Every problem is reported, not only the first.
pub fn parse_words(text: &str) -> Result<Vec<String>, Vec<ListProblem>> {
    if text.len() > MAX_LIST_TEXT_BYTES {
        return Err(vec![ListProblem::TooManyWords {
            max: MAX_WORDS_PER_LIST,
        }]);
    }
    let mut words: Vec<String> = Vec::new();
    let mut seen: Vec<Keyword> = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let word = raw.trim();
        if word.is_empty() || word.starts_with('#') {
            continue;
        }
        if word.chars().count() > MAX_WORD_CHARS {
            problems.push(ListProblem::WordTooLong {
                line,
                max: MAX_WORD_CHARS,
            });
            continue;
        }
        if crate::text::has_forbidden_control(word) || word.contains('\t') {
            problems.push(ListProblem::ControlCharacters { line });
            continue;
        }
        let Some(key) = Keyword::parse(word) else {
            problems.push(ListProblem::NothingToMatch { line });
            continue;
        };
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        words.push(word.to_string());
    }
    if words.len() > MAX_WORDS_PER_LIST {
        problems.insert(
            0,
            ListProblem::TooManyWords {
                max: MAX_WORDS_PER_LIST,
            },
        );
    }
    if problems.is_empty() {
        Ok(words)
    } else {
        Err(problems)
    }
}

/// Which list and which of its words a text matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: ListKind,
    /// The word or phrase as written in the list.
    pub word: String,
}

/// The enabled lists of one account, folded once, tried on many texts.
#[derive(Debug, Clone, Default)]
pub struct CompiledLists {
    entries: Vec<(ListKind, String, Keyword)>,
}

impl CompiledLists {
    /// The enabled lists' words, in list order (spam, profanity, custom).
    pub fn compile(lists: &[ModerationList]) -> Self {
        let mut lists: Vec<&ModerationList> = lists.iter().filter(|l| l.enabled).collect();
        lists.sort_by_key(|l| l.kind);
        let entries = lists
            .into_iter()
            .flat_map(|l| {
                l.words
                    .iter()
                    .take(MAX_WORDS_PER_LIST)
                    .filter_map(move |w| Keyword::parse(w).map(|k| (l.kind, w.clone(), k)))
            })
            .collect();
        Self { entries }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first word of the enabled lists found in `text` (the matcher's
    /// `contains`: whole words, phrases together, `*` a word's start).
    pub fn find(&self, text: &str) -> Option<Hit> {
        if self.entries.is_empty() {
            return None;
        }
        let folded = fold(text);
        self.entries
            .iter()
            .find(|(_, _, k)| k.found_in(&folded))
            .map(|(kind, word, _)| Hit {
                kind: *kind,
                word: word.clone(),
            })
    }
}
