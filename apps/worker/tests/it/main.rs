//! The worker's integration tests in one binary: the publisher against the
//! fake Instagram (`publishing`, with `support`'s crash-injecting decorator)
//! and the retention run (`retention`, seeding through the server tests'
//! `privacy_seed`).

#[path = "../../../server/tests/it/privacy_seed/mod.rs"]
mod privacy_seed;
mod publishing;
mod retention;
mod support;
