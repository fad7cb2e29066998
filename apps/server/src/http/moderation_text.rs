//! Moderation in words, for the API and the page alike: list names and the
//! problems of a list's text.

use socialflow_core::moderation::{ListKind, ListProblem, MAX_WORD_CHARS, MAX_WORDS_PER_LIST};

use crate::i18n::Tr;

pub fn problem_code(p: &ListProblem) -> &'static str {
    match p {
        ListProblem::TooManyWords { .. } => "too_many_words",
        ListProblem::WordTooLong { .. } => "word_too_long",
        ListProblem::NothingToMatch { .. } => "nothing_to_match",
        ListProblem::ControlCharacters { .. } => "control_characters",
    }
}

/// The line a problem is about, when it is about one.
pub fn problem_line(p: &ListProblem) -> Option<usize> {
    match p {
        ListProblem::TooManyWords { .. } => None,
        ListProblem::WordTooLong { line, .. }
        | ListProblem::NothingToMatch { line }
        | ListProblem::ControlCharacters { line } => Some(*line),
    }
}

pub fn problem(tr: &Tr, p: &ListProblem) -> String {
    let key = format!("moderation-problem-{}", problem_code(p));
    match p {
        ListProblem::TooManyWords { max } => tr.t1(&key, "max", *max),
        ListProblem::WordTooLong { line, max } => {
            tr.t_args(&key, &[("line", (*line).into()), ("max", (*max).into())])
        }
        ListProblem::NothingToMatch { line } | ListProblem::ControlCharacters { line } => {
            tr.t1(&key, "line", *line)
        }
    }
}

/// The problem as JSON for the API: its code, line, limit and message.
pub fn problem_json(tr: &Tr, p: &ListProblem) -> serde_json::Value {
    let mut v = serde_json::json!({
        "code": problem_code(p),
        "message": problem(tr, p),
    });
    if let Some(line) = problem_line(p) {
        v["line"] = line.into();
    }
    match p {
        ListProblem::TooManyWords { .. } => v["max"] = MAX_WORDS_PER_LIST.into(),
        ListProblem::WordTooLong { .. } => v["max"] = MAX_WORD_CHARS.into(),
        _ => {}
    }
    v
}

/// "Spam", "Profanity", "Your words".
pub fn kind_name(tr: &Tr, kind: ListKind) -> String {
    tr.t(&format!("moderation-list-{}", kind.as_str()))
}
