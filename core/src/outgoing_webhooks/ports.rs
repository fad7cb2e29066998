use std::time::Duration;

use async_trait::async_trait;
use secrecy::SecretString;
use time::OffsetDateTime;

use super::delivery::{Delivery, DeliveryId, DeliveryLogItem, DueDelivery};
use super::endpoint::{Endpoint, EndpointId};
use crate::UserId;
use crate::store_error::StoreResult;
use crate::webhook_events::{EventId, OutboxEvent};

/// Endpoints, the outbox's fan-out and the deliveries. Reads and writes a
/// person asks for take the owner (another user's endpoint reads as
/// absent); the dispatcher's do not.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait WebhookRepo: Send + Sync {
    /// Inserts the endpoint unless its owner already has `max`; the count
    /// and the insert are one step. False when at the limit.
    async fn insert_webhook_endpoint(&self, endpoint: &Endpoint, max: u32) -> StoreResult<bool>;
    /// The owner's endpoints, oldest first.
    async fn webhook_endpoints(&self, owner: UserId) -> StoreResult<Vec<Endpoint>>;
    async fn webhook_endpoint(
        &self,
        owner: UserId,
        id: EndpointId,
    ) -> StoreResult<Option<Endpoint>>;
    /// Saves url, description, events, enabled, failing_since,
    /// auto_disabled_at and updated_at of the owner's endpoint. False when
    /// it is gone.
    async fn update_webhook_endpoint(&self, endpoint: &Endpoint) -> StoreResult<bool>;
    /// Deletes the owner's endpoint and its deliveries. False when absent.
    async fn delete_webhook_endpoint(&self, owner: UserId, id: EndpointId) -> StoreResult<bool>;

    /// Events not yet fanned out, oldest first, at most `limit`.
    async fn unfanned_webhook_events(&self, limit: u32) -> StoreResult<Vec<OutboxEvent>>;
    /// Marks the event fanned out and inserts its deliveries, in one
    /// transaction, unless it already was (false: another worker did it).
    /// An event with no deliveries is kept (its dedupe key holds) until
    /// the purge.
    async fn fan_out_webhook_event(
        &self,
        event: EventId,
        deliveries: &[Delivery],
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Stores a fanned-out event with its one delivery (the test event).
    async fn insert_webhook_ping(
        &self,
        event: &OutboxEvent,
        delivery: &Delivery,
    ) -> StoreResult<()>;
    /// A new delivery of a stored event (redeliver).
    async fn insert_webhook_delivery(&self, delivery: &Delivery) -> StoreResult<()>;

    /// Leases up to `limit` pending deliveries due at `now` whose endpoint
    /// is enabled and whose lease (if any) has run out. Each lease is a
    /// conditional update: of two workers racing, one gets a delivery.
    async fn claim_due_webhook_deliveries(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<DueDelivery>>;
    /// Saves the attempt's outcome and releases the lease, if `worker`
    /// still holds it (false otherwise: nothing is written).
    async fn finish_webhook_delivery(&self, delivery: &Delivery, worker: &str)
    -> StoreResult<bool>;
    /// Records on the endpoint whether a delivery succeeded: a success
    /// clears `failing_since`, a failure sets it unless set. Returns the
    /// value after (None when the endpoint is gone or healthy).
    async fn record_webhook_endpoint_result(
        &self,
        endpoint: EndpointId,
        ok: bool,
        now: OffsetDateTime,
    ) -> StoreResult<Option<OffsetDateTime>>;
    /// Disables an enabled endpoint for failing. False when it was already
    /// disabled (so the owner is told once).
    async fn auto_disable_webhook_endpoint(
        &self,
        endpoint: EndpointId,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// The owner's endpoint's deliveries, newest first, at most `limit`.
    async fn webhook_deliveries(
        &self,
        owner: UserId,
        endpoint: EndpointId,
        limit: u32,
    ) -> StoreResult<Vec<DeliveryLogItem>>;
    async fn webhook_delivery(
        &self,
        owner: UserId,
        id: DeliveryId,
    ) -> StoreResult<Option<DeliveryLogItem>>;
    /// Deletes events (and their deliveries) made before `before`.
    async fn purge_webhook_events(&self, before: OffsetDateTime) -> StoreResult<u64>;
}

/// HMAC-SHA256 of a message under an endpoint's secret, hex.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait PayloadSigner: Send + Sync {
    fn sign(&self, secret: &SecretString, message: &[u8]) -> String;
}

/// One POST of an event to an endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub url: String,
    /// Extra headers (signature, event id, event type); the sender adds
    /// `Content-Type: application/json` and its `User-Agent`.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("url", &self.url)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// The endpoint's answer, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendResponse {
    pub status: u16,
    /// The start of the body (the read is capped), lossily UTF-8.
    pub snippet: String,
    pub duration: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The address is not allowed (SSRF guard) or the URL unusable: no
    /// retry will help until the operator or the user changes something.
    #[error("refused: {0}")]
    Refused(String),
    /// No answer (DNS, connection, TLS, timeout): worth retrying.
    #[error("{message}")]
    Failed { message: String, duration: Duration },
}

/// Delivers requests over HTTP.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait WebhookSender: Send + Sync {
    async fn send(&self, request: OutgoingRequest) -> Result<SendResponse, SendError>;
}
