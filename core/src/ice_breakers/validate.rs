//! Checking the ice breakers a user sends. Every problem is reported at
//! once with its place (locale, row) and a translation key
//! (`apps/server/locales/*/ice_breakers.ftl`).

use serde::Serialize;

use super::model::{IceBreaker, IceBreakerSet, Locale};
use crate::automation::USERNAME_PLACEHOLDER;
use crate::text::{MAX_USERNAME_CHARS, has_forbidden_control};

pub use super::model::MAX_PER_LOCALE;
/// The longest question (Meta's ice-breaker limit for Messenger and
/// Instagram; a longer one is cut on the phone).
pub const MAX_QUESTION_CHARS: usize = 80;
/// The answer is a DM: Instagram refuses a text over 1,000 bytes of UTF-8.
pub const MAX_ANSWER_BYTES: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemKind {
    QuestionRequired,
    QuestionTooLong {
        max: usize,
    },
    AnswerRequired,
    AnswerTooLong {
        max: usize,
    },
    ControlCharacters,
    /// Braces other than `{username}` in an answer.
    UnknownPlaceholder,
    DuplicateQuestion,
    TooMany {
        max: usize,
    },
    /// Instagram needs a `default` list when another locale has one.
    DefaultRequired,
}

impl ProblemKind {
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::QuestionRequired => "question_required",
            ProblemKind::QuestionTooLong { .. } => "question_too_long",
            ProblemKind::AnswerRequired => "answer_required",
            ProblemKind::AnswerTooLong { .. } => "answer_too_long",
            ProblemKind::ControlCharacters => "control_characters",
            ProblemKind::UnknownPlaceholder => "unknown_placeholder",
            ProblemKind::DuplicateQuestion => "duplicate_question",
            ProblemKind::TooMany { .. } => "too_many",
            ProblemKind::DefaultRequired => "default_required",
        }
    }

    /// The number a message names, if any.
    pub fn max(&self) -> Option<usize> {
        match self {
            ProblemKind::QuestionTooLong { max }
            | ProblemKind::AnswerTooLong { max }
            | ProblemKind::TooMany { max } => Some(*max),
            _ => None,
        }
    }
}

/// One problem, where it is: the locale and the row (0-based, as sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IceBreakerProblem {
    pub locale: Locale,
    pub index: Option<usize>,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

/// Trims every text, drops rows left wholly empty (the form's unused
/// slots), and checks the rest. Returns the clean set or every problem.
pub fn validate(input: &IceBreakerSet) -> Result<IceBreakerSet, Vec<IceBreakerProblem>> {
    let mut problems = Vec::new();
    let mut clean = IceBreakerSet::default();
    for locale in Locale::ALL {
        let rows = input.locale(locale);
        let mut kept = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let question = row.question.trim();
            let answer = row.answer.trim();
            if question.is_empty() && answer.is_empty() {
                continue;
            }
            let mut problem = |kind| {
                problems.push(IceBreakerProblem {
                    locale,
                    index: Some(index),
                    kind,
                })
            };
            let question_chars = question.chars().count();
            if question.is_empty() {
                problem(ProblemKind::QuestionRequired);
            } else if question_chars > MAX_QUESTION_CHARS {
                problem(ProblemKind::QuestionTooLong {
                    max: MAX_QUESTION_CHARS,
                });
            }
            // A question is one line on the phone.
            if question.contains(['\n', '\r', '\t'])
                || has_forbidden_control(question)
                || has_forbidden_control(answer)
            {
                problem(ProblemKind::ControlCharacters);
            }
            if answer.is_empty() {
                problem(ProblemKind::AnswerRequired);
            } else if answer
                .replace(USERNAME_PLACEHOLDER, &"w".repeat(MAX_USERNAME_CHARS))
                .len()
                > MAX_ANSWER_BYTES
            {
                problem(ProblemKind::AnswerTooLong {
                    max: MAX_ANSWER_BYTES,
                });
            }
            if answer
                .replace(USERNAME_PLACEHOLDER, "")
                .contains(['{', '}'])
            {
                problem(ProblemKind::UnknownPlaceholder);
            }
            let folded = question.to_lowercase();
            if kept
                .iter()
                .any(|b: &IceBreaker| b.question.to_lowercase() == folded)
            {
                problem(ProblemKind::DuplicateQuestion);
            }
            kept.push(IceBreaker {
                question: question.to_string(),
                answer: answer.to_string(),
            });
        }
        if kept.len() > MAX_PER_LOCALE {
            problems.push(IceBreakerProblem {
                locale,
                index: None,
                kind: ProblemKind::TooMany {
                    max: MAX_PER_LOCALE,
                },
            });
        }
        *clean.locale_mut(locale) = kept;
    }
    if clean.default.is_empty() && !(clean.ru.is_empty() && clean.kk.is_empty()) {
        problems.push(IceBreakerProblem {
            locale: Locale::Default,
            index: None,
            kind: ProblemKind::DefaultRequired,
        });
    }
    if problems.is_empty() {
        Ok(clean)
    } else {
        Err(problems)
    }
}
