//! Logs: the operator log on stderr, and the HTTP access log (the policy's
//! server logs) in daily files `<data dir>/logs/access.log.YYYY-MM-DD`,
//! removed after 30 days.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::filter::{EnvFilter, Targets};
use tracing_subscriber::prelude::*;

use crate::middleware::ACCESS_TARGET;

/// How long access-log files are kept, as the privacy policy promises.
pub const ACCESS_LOG_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);
const ACCESS_LOG_PREFIX: &str = "access.log";
/// Lines the access log's queue to its writer thread holds before it drops
/// (and counts) lines. The queue is allocated and written in full when the
/// server starts (32 bytes a line): `tracing-appender`'s default of 128,000
/// lines was 3.9 MiB of an idle server's 45 MiB (issue 20, goal 6); 32,768
/// is 1 MiB, still 2.7 s of a stalled disk at the 12,000 requests a second
/// the HTTP benchmark reaches.
pub const ACCESS_LOG_QUEUE_LINES: usize = 32_768;

use crate::access_log_drops::ACCESS_LOG_DROPS;
pub use crate::access_log_drops::access_log_dropped_lines;

/// Console-only logging, for commands that serve no HTTP.
pub fn init_console(filter: &str) {
    let console = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                // Colours only on a terminal: `docker logs` and log files
                // get plain text.
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_filter(console),
        )
        .try_init();
}

/// Console logging plus the access-log files. Keep the guard alive for as
/// long as the server runs: dropping it flushes the file writer.
pub fn init_with_access_log(filter: &str, logs_dir: &Path) -> Result<WorkerGuard, String> {
    std::fs::create_dir_all(logs_dir)
        .map_err(|e| format!("cannot create {}: {e}", logs_dir.display()))?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix(ACCESS_LOG_PREFIX)
        .build(logs_dir)
        .map_err(|e| format!("cannot open the access log in {}: {e}", logs_dir.display()))?;
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(ACCESS_LOG_QUEUE_LINES)
        .lossy(true)
        .finish(appender);
    let _ = ACCESS_LOG_DROPS.set(writer.error_counter());
    // Access lines go to the files only, not to the console.
    let console = EnvFilter::try_new(format!("{filter},{ACCESS_TARGET}=off"))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let access_only = Targets::new().with_target(ACCESS_TARGET, tracing::Level::INFO);
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                // Colours only on a terminal: `docker logs` and log files
                // get plain text.
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_filter(console),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .json()
                .with_current_span(false)
                .with_span_list(false)
                .with_target(false)
                .with_writer(writer)
                .with_filter(access_only),
        )
        .try_init();
    Ok(guard)
}

/// Deletes access-log files last written before `now - retention`. Returns
/// the files removed.
pub fn prune_access_logs(
    dir: &Path,
    now: SystemTime,
    retention: Duration,
) -> std::io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let Some(cutoff) = now.checked_sub(retention) else {
        return Ok(removed);
    };
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(ACCESS_LOG_PREFIX) {
            continue;
        }
        let modified = entry.metadata()?.modified()?;
        if modified < cutoff {
            std::fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    Ok(removed)
}

/// The retention run's pruner: removes access logs in `dir` older than
/// [`ACCESS_LOG_RETENTION`] at `now`; a missing directory holds none.
pub fn prune_logs_dir(dir: &Path, now: SystemTime) -> std::io::Result<u64> {
    match prune_access_logs(dir, now, ACCESS_LOG_RETENTION) {
        Ok(removed) => Ok(removed.len() as u64),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prunes_only_old_access_logs() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in [
            "access.log.2026-01-01",
            "access.log.2026-02-15",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let now = SystemTime::now();
        // Pretend it is 31 days later: every file written now is too old,
        // except files that are not access logs.
        let later = now + Duration::from_secs(31 * 24 * 3600);
        let removed = prune_access_logs(dir.path(), later, ACCESS_LOG_RETENTION).expect("prune");
        assert_eq!(removed.len(), 2);
        assert!(dir.path().join("notes.txt").exists());
        // Within the retention nothing goes.
        std::fs::write(dir.path().join("access.log.2026-03-01"), "x").expect("write");
        assert!(
            prune_access_logs(dir.path(), now, ACCESS_LOG_RETENTION)
                .expect("prune")
                .is_empty()
        );
    }

    #[test]
    fn the_retention_runs_pruner_counts_and_tolerates_no_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("access.log.2026-01-01"), "x").expect("write");
        let now = SystemTime::now();
        assert_eq!(prune_logs_dir(dir.path(), now).expect("prune"), 0);
        let later = now + Duration::from_secs(31 * 24 * 3600);
        assert_eq!(prune_logs_dir(dir.path(), later).expect("prune"), 1);
        assert_eq!(prune_logs_dir(dir.path(), later).expect("prune"), 0);
        let missing = dir.path().join("not-created-yet");
        assert_eq!(prune_logs_dir(&missing, later).expect("prune"), 0);
    }
}
