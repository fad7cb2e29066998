//! The Content Manager's posts: the list (and its month and week views),
//! a post's page with its history, the buttons on it, and the dashboard's
//! digest of upcoming and failed posts. Times are shown in the user's time
//! zone. The composer is its own room ([`super::composer`]).

pub mod actions;
pub mod digest;
pub mod list;
pub mod owned;
pub mod rows;
pub mod show;

pub use actions::{
    acknowledge, cancel, confirm_delete, delete, duplicate, move_to_account, publish,
};
pub use digest::{Digest, digest};
pub use rows::PostRow;
