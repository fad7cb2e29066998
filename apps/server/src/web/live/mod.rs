//! `GET /inbox/events`: the open inbox page's event stream (server-sent
//! events), and the "syncing" words pages show while an account's first
//! sync runs.

pub mod stream;
pub mod syncing;
