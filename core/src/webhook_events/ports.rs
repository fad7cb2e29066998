use async_trait::async_trait;

use super::{EventKind, OutboxEvent};
use crate::UserId;
use crate::store_error::StoreResult;

/// Where events wait until the dispatcher fans them out to endpoints.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait WebhookOutbox: Send + Sync {
    /// Stores the event (not yet fanned out). False when the owner already
    /// has an event with its dedupe key (nothing is written).
    async fn insert_webhook_event(&self, event: &OutboxEvent) -> StoreResult<bool>;
    /// Whether the owner has an enabled endpoint subscribed to `kind`
    /// (emitters skip making events nobody wants).
    async fn webhook_subscribed(&self, owner: UserId, kind: EventKind) -> StoreResult<bool>;
}
