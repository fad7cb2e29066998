//! Saved replies: answers a user keeps to insert into any reply box (a
//! comment reply or a direct message), with variables such as
//! `{username}` filled in for the person being answered.

mod export;
mod ports;
mod reply;
mod service;
mod variables;

pub use export::SavedRepliesExporter;
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockSavedReplyRepo;
pub use ports::SavedReplyRepo;
pub use reply::{
    MAX_NAME_CHARS, MAX_SAVED_REPLIES_PER_USER, MAX_TEXT_CHARS, SavedReply, SavedReplyId,
    SavedReplyInput, SavedReplyProblem,
};
pub use service::{SavedReplyError, SavedReplyService};
pub use variables::{KNOWN_VARIABLES, ReplyVariables, expand, insert_into, unknown_variables};
