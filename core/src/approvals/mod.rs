//! Approvals (issue 21): a contributor's post goes through review before
//! it is scheduled; reviewers approve or ask for changes; a post still in
//! review at its time expires and is never published; the team keeps notes
//! on a post, with `@mentions`. The review states are
//! [`crate::posts::PostState`]s (`in_review`, `changes_requested`,
//! `expired`), so every list, filter and the worker's claim see them
//! without a second column to keep in step.

mod export;
mod link_reviewer;
mod model;
mod ports;
mod service;

pub use export::PostNotesExporter;
pub use link_reviewer::ApprovalsReviewer;
pub use model::{
    MAX_MENTIONS, MAX_NOTE_CHARS, MAX_NOTES_PER_POST, NoteId, NoteProblem, PostNote, Reviewer,
    mentions, note_text,
};
pub use ports::{ApprovalNotifier, ApprovalRepo};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{MockApprovalNotifier, MockApprovalRepo};
pub use service::{ApprovalError, ApprovalService, MAX_QUEUE};
