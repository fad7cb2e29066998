//! The outgoing webhooks loop: fan events out and send due deliveries every
//! tick (at once again while a full batch came back), and purge the log
//! past its retention every `purge_every` ticks. Safe on several workers:
//! each event is fanned out once and each delivery is leased to one.

use std::time::Duration;

use socialflow_core::outgoing_webhooks::WebhookDispatcher;
use tokio::sync::watch;

pub async fn run_webhooks(
    dispatcher: WebhookDispatcher,
    worker_id: String,
    tick: Duration,
    purge_every: u32,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(worker = %worker_id, "outgoing webhooks started");
    let mut n: u32 = 0;
    loop {
        if n.is_multiple_of(purge_every.max(1)) {
            match dispatcher.purge().await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "webhook log retention"),
                Err(e) => tracing::warn!(error = %e, "webhook log purge failed; will retry"),
            }
        }
        n = n.wrapping_add(1);
        let mut more = false;
        match dispatcher.run_once(&worker_id).await {
            Ok(r) => {
                if r.fanned_out + r.delivered + r.failed > 0 {
                    tracing::info!(
                        fanned_out = r.fanned_out,
                        delivered = r.delivered,
                        failed = r.failed,
                        disabled = r.disabled,
                        "webhook pass"
                    );
                }
                more = r.delivered + r.failed >= dispatcher.batch();
            }
            Err(e) => tracing::warn!(error = %e, "webhook pass failed; retrying"),
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
    tracing::info!("outgoing webhooks stopped");
}
