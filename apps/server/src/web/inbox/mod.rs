//! The inbox: comments and direct messages from the cached copy of
//! Instagram, the pieces they share, and the counts in the navigation.

pub mod chat_view;
pub mod comment_actions;
pub mod comments;
pub mod common;
pub mod counts;
pub mod messages;
pub mod triage;
pub mod triage_actions;
