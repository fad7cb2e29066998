//! Whether a comment or a message matches a rule's text condition.
//!
//! Keywords and text are folded the same way ([`super::normalize`]); a
//! keyword matches whole words (`цена` matches «Цена?» but not «ценам»),
//! a keyword ending in `*` matches the start of its last word (`цен*`
//! matches «цену», «ценник»), and a keyword of several words matches them
//! next to each other. An excluded keyword found in the text wins over
//! every include.

use regex::{Regex, RegexBuilder};

use super::normalize::{Folded, fold, light};

/// The compiled program of a pattern may take this many bytes; a pattern
/// that needs more is refused when the rule is saved.
pub const REGEX_SIZE_LIMIT: usize = 256 * 1024;
/// The lazy DFA's cache per pattern.
pub const REGEX_DFA_SIZE_LIMIT: usize = 512 * 1024;
/// Groups and repetitions nested deeper than this are refused.
pub const REGEX_NEST_LIMIT: u32 = 16;

/// One keyword, folded into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    words: Vec<String>,
    /// The last word matches as a prefix (`цен*`).
    prefix: bool,
}

impl Keyword {
    /// The keyword as typed; `None` when nothing but punctuation, emoji or
    /// spaces is in it (it could never match a word).
    pub fn parse(raw: &str) -> Option<Keyword> {
        let trimmed = raw.trim();
        let prefix = trimmed.ends_with('*');
        let folded = fold(trimmed);
        if folded.is_empty() {
            return None;
        }
        Some(Keyword {
            words: folded.words().to_vec(),
            prefix,
        })
    }

    fn word_matches(&self, i: usize, word: &str) -> bool {
        let want = &self.words[i];
        if self.prefix && i + 1 == self.words.len() {
            word.starts_with(want.as_str())
        } else {
            word == want
        }
    }

    /// The keyword's words next to each other somewhere in `text`.
    pub fn found_in(&self, text: &Folded) -> bool {
        let words = text.words();
        let n = self.words.len();
        n <= words.len()
            && words
                .windows(n)
                .any(|w| w.iter().enumerate().all(|(i, x)| self.word_matches(i, x)))
    }

    /// `text` is the keyword and nothing else.
    pub fn is_all_of(&self, text: &Folded) -> bool {
        text.words().len() == self.words.len() && self.found_in(text)
    }
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("the pattern is not a valid regular expression")]
    Invalid,
    #[error("the pattern compiles to more than the size limit")]
    TooBig,
}

/// Compiles a user's pattern, case-insensitive, within the size limits.
pub fn compile_pattern(pattern: &str) -> Result<Regex, PatternError> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => PatternError::TooBig,
            _ => PatternError::Invalid,
        })
}

/// What the text must be, compiled.
#[derive(Debug, Clone)]
pub enum Condition {
    /// Any text, even none (a Story mention has none).
    Any,
    /// One of the keywords somewhere in the text.
    Contains(Vec<Keyword>),
    /// The whole text is one of the keywords (punctuation and emoji aside).
    Exact(Vec<Keyword>),
    /// The pattern finds a match in the text as typed (lower case, ё→е) or
    /// in its folded words joined by spaces.
    Pattern(Regex),
}

/// A rule's text condition with its exclusions.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub condition: Condition,
    pub exclude: Vec<Keyword>,
}

impl Matcher {
    /// Whether `text` satisfies the condition and holds no excluded word.
    pub fn matches(&self, text: &str) -> bool {
        let folded = fold(text);
        if self.exclude.iter().any(|k| k.found_in(&folded)) {
            return false;
        }
        match &self.condition {
            Condition::Any => true,
            Condition::Contains(keys) => keys.iter().any(|k| k.found_in(&folded)),
            Condition::Exact(keys) => keys.iter().any(|k| k.is_all_of(&folded)),
            Condition::Pattern(re) => re.is_match(&light(text)) || re.is_match(&folded.joined()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn contains(include: &[&str], exclude: &[&str]) -> Matcher {
        Matcher {
            condition: Condition::Contains(
                include.iter().filter_map(|k| Keyword::parse(k)).collect(),
            ),
            exclude: exclude.iter().filter_map(|k| Keyword::parse(k)).collect(),
        }
    }

    #[test]
    fn whole_words_only_unless_starred() {
        let m = contains(&["цена"], &[]);
        assert!(m.matches("Цена?"));
        assert!(!m.matches("ценам"));
        assert!(!m.matches("оценка"));
        let m = contains(&["цен*"], &[]);
        assert!(m.matches("какая цену?"));
        assert!(m.matches("ЦЕННИК"));
        assert!(!m.matches("оценка"));
    }

    #[test]
    fn phrases_need_their_words_together() {
        let m = contains(&["сколько стоит"], &[]);
        assert!(m.matches("А сколько, стоит?"));
        assert!(!m.matches("стоит сколько"));
    }

    #[test]
    fn exclusions_win() {
        let m = contains(&["цена"], &["не интересует"]);
        assert!(m.matches("цена?"));
        assert!(!m.matches("цена не интересует"));
    }

    #[test]
    fn keywords_of_only_symbols_are_nothing() {
        assert_eq!(Keyword::parse("!!! 😍"), None);
        assert_eq!(Keyword::parse("   "), None);
    }

    #[test]
    fn patterns_run_on_both_forms() {
        let m = Matcher {
            condition: Condition::Pattern(compile_pattern(r"баға(сы)?\b").expect("compiles")),
            exclude: vec![],
        };
        assert!(m.matches("БАҒАСЫ қанша?"));
        let m = Matcher {
            condition: Condition::Pattern(compile_pattern(r"^бага").expect("compiles")),
            exclude: vec![],
        };
        // Typed with the Kazakh letter, the folded form still starts «бага».
        assert!(m.matches("Бағасы?"));
    }

    #[test]
    fn oversized_patterns_are_refused() {
        assert_eq!(
            compile_pattern(r"\w{1000}\w{1000}").expect_err("too big"),
            PatternError::TooBig
        );
        assert_eq!(
            compile_pattern("(").expect_err("invalid"),
            PatternError::Invalid
        );
    }
}
