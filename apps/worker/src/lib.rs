//! SocialFlow's background worker. Each job is a step function tests call
//! directly with a manual clock; `run` repeats the steps until shutdown.
//! Jobs are idempotent and safe on several workers at once.

mod analytics;
mod automation;
mod inbox;
mod maintenance;
pub mod media;
mod notifications;
mod publishing;
mod webhooks;

pub use automation::{AutomationHook, run_automation};
pub use inbox::{InboxSchedule, InboxSyncJob, InboxSyncReport, SYNCS_AT_ONCE};
pub use maintenance::{AccessLogPruner, INBOX_RETENTION, Maintenance, MaintenanceReport};
pub use notifications::{NotificationJob, Wake, run_notifications};
pub use publishing::{ReportHook, run_publisher, worker_id};
pub use webhooks::run_webhooks;

use std::time::Duration;

use socialflow_core::accounts::AccountService;
use socialflow_core::analytics::AnalyticsService;
use tokio::sync::watch;

/// The worker's jobs.
#[derive(Clone)]
pub struct Jobs {
    pub maintenance: Maintenance,
    pub accounts: AccountService,
    pub inbox: InboxSyncJob,
    pub analytics: AnalyticsService,
}

impl Jobs {
    /// One pass over every job; failures are logged and retried next pass.
    pub async fn run_once(&self) {
        match self.maintenance.run_once().await {
            Ok(report) => report.log(),
            Err(e) => tracing::warn!(error = %e, "maintenance failed; will retry"),
        }
        match self.accounts.refresh_due_tokens().await {
            Ok(r) if r.refreshed + r.needs_reconnect + r.deferred > 0 => tracing::info!(
                refreshed = r.refreshed,
                needs_reconnect = r.needs_reconnect,
                deferred = r.deferred,
                "token refresh"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "token refresh failed; will retry"),
        }
        match self.inbox.run_once().await {
            Ok(r) if r.synced + r.deferred + r.failed > 0 => tracing::info!(
                synced = r.synced,
                deferred = r.deferred,
                failed = r.failed,
                "inbox sync"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "inbox sync failed; will retry"),
        }
        analytics::run_once(&self.analytics).await;
    }
}

/// Runs the jobs every `every` until `shutdown` turns true.
pub async fn run(jobs: Jobs, every: Duration, mut shutdown: watch::Receiver<bool>) {
    tracing::info!("worker started");
    loop {
        jobs.run_once().await;
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
