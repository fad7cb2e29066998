//! The publishing loop: claims due posts every tick (a second by default,
//! so posts go out on their second) and loops at once while there is more.

use std::sync::Arc;
use std::time::Duration;

use socialflow_core::posts::{PublishReport, Publisher};
use tokio::sync::watch;

/// Called with each pass's report (metrics hook).
pub type ReportHook = Arc<dyn Fn(&PublishReport) + Send + Sync>;

/// A unique lease owner for this process: pid and a random suffix, so two
/// workers on one host (or a restarted one) never share leases.
pub fn worker_id() -> String {
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    format!("worker-{}-{}", std::process::id(), &suffix[..8])
}

pub async fn run_publisher(
    publisher: Publisher,
    tick: Duration,
    hook: ReportHook,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(worker = %publisher.config().worker_id, "publisher started");
    let batch = publisher.config().batch;
    // Renews the leases of the posts being worked on, so a post stays ours
    // for as long as this process lives and no longer than a lease after.
    let heartbeat = tokio::spawn(run_heartbeat(publisher.clone()));
    loop {
        let mut more = false;
        match publisher.run_once().await {
            Ok(report) => {
                hook(&report);
                if report.published + report.failed > 0 {
                    tracing::info!(
                        published = report.published,
                        failed = report.failed,
                        held = report.held,
                        "publishing pass"
                    );
                }
                if report.lost > 0 {
                    // Edited, cancelled or taken over meanwhile: the newer
                    // write won and this worker left those posts alone.
                    tracing::info!(lost = report.lost, "posts changed while being worked on");
                }
                more = report.claimed >= batch;
            }
            Err(e) => tracing::warn!(error = %e, "publishing pass failed; retrying"),
        }
        if *shutdown.borrow() {
            break;
        }
        if more {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = shutdown.changed() => break,
        }
    }
    heartbeat.abort();
    tracing::info!("publisher stopped");
}

async fn run_heartbeat(publisher: Publisher) {
    let every = publisher
        .config()
        .heartbeat
        .try_into()
        .unwrap_or(Duration::from_secs(15))
        .max(Duration::from_millis(100));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = publisher.heartbeat().await {
            tracing::warn!(error = %e, "could not renew publishing leases; retrying at the next beat");
        }
    }
}
