//! The events SocialFlow tells outgoing webhooks about (issue 22): what a
//! use case records when something happens. Kept apart from
//! `outgoing_webhooks` (endpoints, deliveries, the dispatcher) so the
//! modules that emit events (posts, inbox, notifications, automation) do not
//! depend on the delivery machinery, which itself uses notifications.

mod emitter;
mod event;
mod ports;

pub use emitter::WebhookEvents;
pub use event::{EventId, EventKind, OutboxEvent};
pub use ports::WebhookOutbox;
