//! Saved-reply problems in words, for the API and the page alike.

use socialflow_core::saved_replies::{KNOWN_VARIABLES, SavedReplyError, SavedReplyProblem};

use crate::i18n::Tr;

pub fn problem_code(p: &SavedReplyProblem) -> &'static str {
    match p {
        SavedReplyProblem::NameRequired => "name_required",
        SavedReplyProblem::NameTooLong { .. } => "name_too_long",
        SavedReplyProblem::TextRequired => "text_required",
        SavedReplyProblem::TextTooLong { .. } => "text_too_long",
        SavedReplyProblem::ControlCharacters { .. } => "control_characters",
        SavedReplyProblem::UnknownVariable { .. } => "unknown_variable",
    }
}

/// Which form field a problem is about ("name" or "text").
pub fn problem_field(p: &SavedReplyProblem) -> &'static str {
    match p {
        SavedReplyProblem::NameRequired | SavedReplyProblem::NameTooLong { .. } => "name",
        SavedReplyProblem::ControlCharacters { field } if *field == "name" => "name",
        _ => "text",
    }
}

/// The known variables as the user types them: "{username}, {account}".
pub fn known_variables() -> String {
    KNOWN_VARIABLES
        .iter()
        .map(|v| format!("{{{v}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn problem(tr: &Tr, p: &SavedReplyProblem) -> String {
    let key = format!("saved-reply-problem-{}", problem_code(p));
    match p {
        SavedReplyProblem::NameTooLong { max, actual }
        | SavedReplyProblem::TextTooLong { max, actual } => tr.t_args(
            &key,
            &[("max", (*max).into()), ("actual", (*actual).into())],
        ),
        SavedReplyProblem::UnknownVariable { name } => tr.t_args(
            &key,
            &[
                ("name", format!("{{{name}}}").into()),
                ("known", known_variables().into()),
            ],
        ),
        _ => tr.t(&key),
    }
}

/// A refusal as a list of (field, text); `None` for failures that are not
/// the user's to fix.
pub fn refusal(tr: &Tr, e: &SavedReplyError) -> Option<Vec<(&'static str, String)>> {
    match e {
        SavedReplyError::Invalid(problems) => Some(
            problems
                .iter()
                .map(|p| (problem_field(p), problem(tr, p)))
                .collect(),
        ),
        SavedReplyError::TooMany { max } => Some(vec![(
            "name",
            tr.t1("saved-reply-problem-too_many", "max", *max as usize),
        )]),
        SavedReplyError::NotFound | SavedReplyError::Store(_) => None,
    }
}
