//! The access log's count of dropped lines, on its own so that the log
//! (which sets it) and the metrics (which read it) need not know each other.

use std::sync::OnceLock;

/// Lines the access log dropped because its writer fell behind.
pub(crate) static ACCESS_LOG_DROPS: OnceLock<tracing_appender::non_blocking::ErrorCounter> =
    OnceLock::new();

/// Access-log lines dropped so far: the file writer runs on its own thread
/// behind a bounded queue (`ACCESS_LOG_QUEUE_LINES`, 32,768) and a request never waits for
/// it; when the disk cannot keep up, lines are dropped and counted here
/// (`socialflow_access_log_dropped_lines` in `/metrics`).
pub fn access_log_dropped_lines() -> u64 {
    ACCESS_LOG_DROPS
        .get()
        .map_or(0, |c| c.dropped_lines() as u64)
}
