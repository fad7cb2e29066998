//! The tests of what reaches the logs, in a binary of their own: each
//! installs a per-thread tracing subscriber, and one being installed while
//! another test registers a callsite can leave that callsite disabled (a
//! race in tracing's interest cache). Here the only tests are these, and
//! they take turns (`ONE_AT_A_TIME`).

mod access_log;
mod instagram_logs;
#[path = "../it/support/mod.rs"]
mod support;

/// Held for the whole of each test, so no callsite registers while another
/// test installs its subscriber.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
