//! Privacy: the policy and its acknowledgement, the user's data (export,
//! deletion), and Meta's data-deletion and deauthorize callbacks.

pub mod meta;
pub mod page;
