//! SocialFlow's background worker. Each job is a step function tests call
//! directly with a manual clock; `run` repeats the steps until shutdown.
//! Jobs are idempotent and safe on several workers at once.

mod maintenance;

pub use maintenance::{Maintenance, MaintenanceReport};

use std::time::Duration;

use tokio::sync::watch;

/// Runs `maintenance` every `every` until `shutdown` turns true.
pub async fn run(maintenance: Maintenance, every: Duration, mut shutdown: watch::Receiver<bool>) {
    tracing::info!("worker started");
    loop {
        match maintenance.run_once().await {
            Ok(report) if report.total() > 0 => tracing::info!(
                expired_sessions = report.expired_sessions,
                old_login_failures = report.old_login_failures,
                "maintenance removed stale rows"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "maintenance failed; will retry"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }
    }
    tracing::info!("worker stopped");
}
