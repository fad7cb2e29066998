//! Signed outgoing webhooks (issue 22): a user's endpoints, the deliveries
//! of the events they subscribe to, and the dispatcher the worker runs.
//!
//! An event is one stored row (`webhook_events::OutboxEvent`, its body fixed
//! once); the dispatcher fans it out into one delivery per subscribed,
//! enabled endpoint (exactly once, in one transaction) and sends each with
//! retries, so a crash loses nothing and a retry never sends another body.

mod backoff;
mod delivery;
mod dispatcher;
mod endpoint;
mod ports;
mod service;
mod signature;
mod ssrf;

pub use backoff::{DISABLE_AFTER, GIVE_UP_AFTER, retry_delay};
pub use delivery::{Attempt, Delivery, DeliveryId, DeliveryLogItem, DeliveryState, DueDelivery};
pub use dispatcher::{DispatchReport, DispatcherConfig, WebhookDispatcher};
pub use endpoint::{
    Endpoint, EndpointId, EndpointInput, EndpointProblem, MAX_DESCRIPTION_CHARS,
    MAX_ENDPOINTS_PER_USER, MAX_URL_CHARS, UrlPolicy, validate_endpoint,
};
pub use ports::{
    OutgoingRequest, PayloadSigner, SendError, SendResponse, WebhookRepo, WebhookSender,
};
pub use service::{CreatedEndpoint, WebhookError, WebhookService, WebhookStorage};
pub use signature::{EVENT_ID_HEADER, SIGNATURE_HEADER, signature_header};
pub use ssrf::{AddressClass, classify};
