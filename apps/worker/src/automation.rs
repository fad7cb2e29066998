//! The automation loop: runs due automation jobs every tick, at once again
//! while a full batch came back, and at once when `wake` rings (a job was
//! stored in this process); purges the log past its retention every
//! `purge_every` passes. Safe on several workers: each job is leased to
//! one.

use std::sync::Arc;
use std::time::Duration;

use socialflow_core::automation::engine::{AutomationEngine, RunReport};
use tokio::sync::watch;

use crate::Wake;

/// Called with each pass's report and the open jobs (metrics hook).
pub type AutomationHook = Arc<dyn Fn(&RunReport, Option<u64>) + Send + Sync>;

pub async fn run_automation(
    engine: AutomationEngine,
    worker_id: String,
    tick: Duration,
    purge_every: u32,
    hook: AutomationHook,
    wake: Wake,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(worker = %worker_id, "automation started");
    let batch = engine.policy().batch;
    let mut n: u32 = 0;
    loop {
        if n.is_multiple_of(purge_every.max(1)) {
            match engine.purge_log().await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "automation log retention"),
                Err(e) => tracing::warn!(error = %e, "automation log purge failed; will retry"),
            }
        }
        n = n.wrapping_add(1);
        let mut more = false;
        match engine.run_due(&worker_id).await {
            Ok(report) => {
                hook(&report, engine.open_jobs().await.ok());
                if report.claimed > 0 {
                    tracing::info!(
                        claimed = report.claimed,
                        sent = report.sent,
                        partly_failed = report.partly_failed,
                        failed = report.failed,
                        retried = report.retried,
                        already_sent = report.already_sent,
                        "automation pass"
                    );
                }
                more = report.claimed >= batch;
            }
            Err(e) => tracing::warn!(error = %e, "automation pass failed; retrying"),
        }
        if *shutdown.borrow() {
            break;
        }
        if more {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = wake.notified() => {}
            _ = shutdown.changed() => break,
        }
    }
    tracing::info!("automation stopped");
}
