//! The first full inbox sync of a newly connected account, started right
//! after the connection without holding up the redirect. The request is
//! recorded first (durable): if this process stops before the sync
//! completes, the worker finds the request and runs it.

use std::sync::Arc;

use socialflow_core::account::Account;
use socialflow_core::inbox::SyncMode;
use socialflow_core::live::{LiveService, TrackedSync};
use tokio::sync::Semaphore;

use crate::live_hub::LiveHub;

/// At most this many first syncs run at once in one process; more wait
/// their turn (Instagram's limits are per account, the server's are not).
pub const FIRST_SYNCS_AT_ONCE: usize = 2;

#[derive(Clone)]
pub struct FirstSyncs {
    live: LiveService,
    hub: Arc<LiveHub>,
    permits: Arc<Semaphore>,
}

impl FirstSyncs {
    pub fn new(live: LiveService, hub: Arc<LiveHub>) -> Self {
        Self {
            live,
            hub,
            permits: Arc::new(Semaphore::new(FIRST_SYNCS_AT_ONCE)),
        }
    }

    /// Records the request, then syncs in the background. Returns once the
    /// request is stored; the returned handle is for tests.
    pub async fn start(&self, account: Account) -> Option<tokio::task::JoinHandle<()>> {
        if let Err(e) = self.live.request_sync(&account).await {
            // The worker's next start or pass syncs it anyway.
            tracing::warn!(account = %account.id, error = %e, "cannot record the first sync");
            return None;
        }
        let this = self.clone();
        Some(tokio::spawn(async move {
            let Ok(_permit) = this.permits.acquire().await else {
                return;
            };
            match this.live.sync(&account, SyncMode::Requested).await {
                Ok(TrackedSync::Done(r)) => tracing::info!(
                    account = %account.id,
                    media = r.media,
                    comments = r.comments,
                    conversations = r.conversations,
                    deferred = r.deferred,
                    "first inbox sync"
                ),
                Ok(TrackedSync::Busy) => {}
                Err(e) => {
                    tracing::warn!(account = %account.id, error = %e, "first inbox sync failed; the worker retries")
                }
            }
            this.hub.ring();
        }))
    }
}
