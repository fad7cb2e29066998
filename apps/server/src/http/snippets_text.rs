//! Snippet problems and the repeated-hashtags warning in words, for the
//! API and the composer alike.

use socialflow_core::snippets::{HashtagRepetition, SnippetError, SnippetProblem};

use crate::i18n::Tr;

pub fn problem_code(p: &SnippetProblem) -> &'static str {
    match p {
        SnippetProblem::NameRequired => "name_required",
        SnippetProblem::NameTooLong { .. } => "name_too_long",
        SnippetProblem::TextRequired => "text_required",
        SnippetProblem::TextTooLong { .. } => "text_too_long",
        SnippetProblem::ControlCharacters { .. } => "control_characters",
        SnippetProblem::NoHashtags => "no_hashtags",
    }
}

/// Which form field (input id) a problem is about.
pub fn problem_field(p: &SnippetProblem) -> &'static str {
    match p {
        SnippetProblem::NameRequired | SnippetProblem::NameTooLong { .. } => "snippet-name",
        SnippetProblem::ControlCharacters { field } if *field == "name" => "snippet-name",
        _ => "snippet-text",
    }
}

pub fn problem(tr: &Tr, p: &SnippetProblem) -> String {
    let key = format!("composer-snippet-problem-{}", problem_code(p));
    match p {
        SnippetProblem::NameTooLong { max, actual }
        | SnippetProblem::TextTooLong { max, actual } => tr.t_args(
            &key,
            &[("max", (*max).into()), ("actual", (*actual).into())],
        ),
        _ => tr.t(&key),
    }
}

/// A refusal as a list of (field, text); `None` for failures that are not
/// the user's to fix.
pub fn refusal(tr: &Tr, e: &SnippetError) -> Option<Vec<(&'static str, String)>> {
    match e {
        SnippetError::Invalid(problems) => Some(
            problems
                .iter()
                .map(|p| (problem_field(p), problem(tr, p)))
                .collect(),
        ),
        SnippetError::TooMany { max } => Some(vec![(
            "snippet-name",
            tr.t1("composer-snippet-problem-too_many", "max", *max as usize),
        )]),
        SnippetError::NotFound | SnippetError::Store(_) => None,
    }
}

/// "This hashtag set was used in 3 of the last 10 posts…".
pub fn repetition(tr: &Tr, r: &HashtagRepetition) -> String {
    tr.t_args(
        "composer-hashtags-repeated",
        &[("uses", r.uses.into()), ("window", r.window.into())],
    )
}
