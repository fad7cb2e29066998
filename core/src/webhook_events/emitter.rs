//! The one call every producer of events makes.

use std::sync::Arc;

use super::{EventKind, OutboxEvent, WebhookOutbox};
use crate::{Clock, UserId};

/// Records events in the outbox. Emission never fails the use case that
/// caused it: a store error is logged (the change itself has happened).
#[derive(Clone)]
pub struct WebhookEvents {
    outbox: Arc<dyn WebhookOutbox>,
    clock: Arc<dyn Clock>,
}

impl WebhookEvents {
    pub fn new(outbox: Arc<dyn WebhookOutbox>, clock: Arc<dyn Clock>) -> Self {
        Self { outbox, clock }
    }

    /// The event, for a use case that commits it in its own unit of work.
    pub fn event(&self, owner: UserId, kind: EventKind, data: serde_json::Value) -> OutboxEvent {
        OutboxEvent::new(owner, kind, data, self.clock.now())
    }

    /// Records the event right after the change that caused it, if any
    /// endpoint of the owner wants it.
    pub async fn emit(&self, owner: UserId, kind: EventKind, data: serde_json::Value) {
        self.record(owner, kind, None, || data).await;
    }

    /// [`Self::emit`], at most once per `key` for the owner (`data` is made
    /// only when the event is wanted).
    pub async fn emit_once(
        &self,
        owner: UserId,
        kind: EventKind,
        key: String,
        data: impl FnOnce() -> serde_json::Value,
    ) {
        self.record(owner, kind, Some(key), data).await;
    }

    async fn record(
        &self,
        owner: UserId,
        kind: EventKind,
        key: Option<String>,
        data: impl FnOnce() -> serde_json::Value,
    ) {
        match self.outbox.webhook_subscribed(owner, kind).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                tracing::warn!(error = %e, kind = %kind, "cannot read webhook subscriptions");
                return;
            }
        }
        let mut event = self.event(owner, kind, data());
        if let Some(key) = key {
            event = event.with_dedupe_key(key);
        }
        if let Err(e) = self.outbox.insert_webhook_event(&event).await {
            tracing::warn!(error = %e, kind = %kind, "cannot record a webhook event");
        }
    }
}
