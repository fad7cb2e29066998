//! The notification loop: sends due e-mails every tick, and every
//! `produce_every` ticks runs the producers (failed posts, reconnects,
//! quota, digest, weekly summary) and the retention purge. Both steps are
//! idempotent and safe on several workers (dedupe keys, e-mail leases).
//!
//! What a user should hear of at once does not wait for the full pass:
//! every tick looks for accounts needing reconnection (one query), and a
//! [`Wake`] from the publisher ("a post failed") runs the failed-post
//! producer and the delivery right away.

use std::sync::Arc;
use std::time::Duration;

use socialflow_core::notifications::{NotificationProducer, NotificationService};
use tokio::sync::{Notify, watch};

/// Rings the notification loop at once (the publisher does, when a post
/// failed). A ring while the loop is busy is kept for its next wait.
pub type Wake = Arc<Notify>;

/// The two steps, for tests to call directly.
#[derive(Clone)]
pub struct NotificationJob {
    pub producer: NotificationProducer,
    pub service: NotificationService,
    /// The e-mail lease owner (this process).
    pub worker_id: String,
}

impl NotificationJob {
    /// Producers and retention; failures are logged and retried next pass.
    pub async fn produce(&self) {
        match self.producer.run_once().await {
            Ok(r) if r.recorded > 0 => tracing::info!(recorded = r.recorded, "notifications"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "notification producers failed; will retry"),
        }
        match self.service.purge().await {
            Ok(n) if n > 0 => tracing::info!(deleted = n, "notification retention"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "notification retention failed; will retry"),
        }
    }

    /// The cheap producers of what must not wait for the full pass: the
    /// reconnect notices always, failed posts when the loop was woken.
    pub async fn produce_urgent(&self, failed_posts: bool) {
        let mut recorded = 0;
        match self.producer.run_reconnects().await {
            Ok(r) => recorded += r.recorded,
            Err(e) => tracing::warn!(error = %e, "reconnect notifications failed; will retry"),
        }
        if failed_posts {
            match self.producer.run_failed_posts().await {
                Ok(r) => recorded += r.recorded,
                Err(e) => {
                    tracing::warn!(error = %e, "failed-post notifications failed; will retry")
                }
            }
        }
        if recorded > 0 {
            tracing::info!(recorded, "notifications");
        }
    }

    /// Sends what is due.
    pub async fn deliver(&self) {
        match self.service.deliver_due(&self.worker_id).await {
            Ok(r) if r.sent + r.retrying + r.failed > 0 => tracing::info!(
                sent = r.sent,
                retrying = r.retrying,
                failed = r.failed,
                "notification e-mails"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "e-mail delivery failed; will retry"),
        }
    }
}

pub async fn run_notifications(
    job: NotificationJob,
    tick: Duration,
    produce_every: u32,
    wake: Wake,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut n: u32 = 0;
    let mut woken = false;
    loop {
        if n.is_multiple_of(produce_every.max(1)) {
            job.produce().await;
        } else {
            job.produce_urgent(woken).await;
        }
        n = n.wrapping_add(1);
        job.deliver().await;
        woken = false;
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = wake.notified() => woken = true,
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }
    }
}
