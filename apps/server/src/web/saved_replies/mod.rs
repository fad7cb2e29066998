//! Saved replies: the page that lists, adds, edits and deletes them
//! (`/inbox/saved-replies`), and the picker every reply box includes.

pub mod page;
pub mod picker;
