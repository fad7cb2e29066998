//! Client review (docs/client-review.md): the page a review link opens
//! without an account (`/r/{secret}`), the workspace's list of links
//! (`/review-links`), and the review page of members with the client role
//! (`/client`).

pub mod cards;
pub mod links;
pub mod portal;
pub mod public;

use socialflow_core::client_review::{
    MAX_DAYS, MAX_LABEL_CHARS, MAX_LINKS_PER_WORKSPACE, MAX_NOTE_CHARS, MAX_POSTS,
    ReviewLinkProblem,
};

use crate::i18n::Tr;

/// A refused label, number of days, choice of posts or note, translated.
pub fn problem_text(tr: &Tr, p: ReviewLinkProblem) -> String {
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    match p {
        ReviewLinkProblem::LabelEmpty => tr.t("review-links-label-empty"),
        ReviewLinkProblem::LabelTooLong { .. } => {
            tr.t1("review-links-label-long", "max", n(MAX_LABEL_CHARS))
        }
        ReviewLinkProblem::LabelControl => tr.t("review-links-label-control"),
        ReviewLinkProblem::ValidDays { .. } => tr.t1("review-links-days-invalid", "max", MAX_DAYS),
        ReviewLinkProblem::NoPosts => tr.t("review-links-no-posts"),
        ReviewLinkProblem::TooManyPosts { .. } => {
            tr.t1("review-links-too-many-posts", "max", n(MAX_POSTS))
        }
        ReviewLinkProblem::TooManyLinks { .. } => tr.t1(
            "review-links-too-many",
            "max",
            i64::from(MAX_LINKS_PER_WORKSPACE),
        ),
        ReviewLinkProblem::NoteEmpty => tr.t("review-note-empty"),
        ReviewLinkProblem::NoteTooLong { .. } => {
            tr.t1("review-note-long", "max", n(MAX_NOTE_CHARS))
        }
    }
}
