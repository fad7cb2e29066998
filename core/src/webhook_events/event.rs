//! An event as stored in the outbox: its id, type and the exact body every
//! delivery of it sends.

use std::fmt;

use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::UserId;

/// The event's unique id: `id` in the body and `SocialFlow-Event-Id`; the
/// same on every attempt and redelivery, so receivers de-duplicate on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(pub Uuid);

impl EventId {
    pub fn new() -> Self {
        EventId(Uuid::now_v7())
    }
}

impl Default for EventId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "evt_{}", self.0.simple())
    }
}

/// The event types. `Ping` is the "send test event" button's and cannot be
/// subscribed to: it goes to the one endpoint it tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    PostScheduled,
    PostPublished,
    PostFailed,
    AccountNeedsReconnect,
    CommentReceived,
    MessageReceived,
    AutomationAction,
    Ping,
}

impl EventKind {
    /// The events an endpoint can subscribe to, in display order.
    pub const SUBSCRIBABLE: [EventKind; 7] = [
        EventKind::PostScheduled,
        EventKind::PostPublished,
        EventKind::PostFailed,
        EventKind::AccountNeedsReconnect,
        EventKind::CommentReceived,
        EventKind::MessageReceived,
        EventKind::AutomationAction,
    ];

    /// The `type` in the body, the stored and the API name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::PostScheduled => "post.scheduled",
            EventKind::PostPublished => "post.published",
            EventKind::PostFailed => "post.failed",
            EventKind::AccountNeedsReconnect => "account.needs_reconnect",
            EventKind::CommentReceived => "comment.received",
            EventKind::MessageReceived => "message.received",
            EventKind::AutomationAction => "automation.action",
            EventKind::Ping => "ping",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::SUBSCRIBABLE
            .into_iter()
            .chain([EventKind::Ping])
            .find(|k| k.as_str() == s)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One event in the outbox. `body` is serialised once, when the event is
/// made, and never again: every attempt and redelivery sends these bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub id: EventId,
    pub owner: UserId,
    pub kind: EventKind,
    pub body: Vec<u8>,
    pub created_at: OffsetDateTime,
    /// At most one event per (owner, key): what happened is recorded once
    /// however often it is seen (a comment met again by the next sync).
    pub dedupe_key: Option<String>,
}

impl fmt::Debug for OutboxEvent {
    // The body can carry a customer's message: not for logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboxEvent")
            .field("id", &self.id)
            .field("owner", &self.owner)
            .field("kind", &self.kind)
            .field("body_bytes", &self.body.len())
            .field("created_at", &self.created_at)
            .field("dedupe_key", &self.dedupe_key)
            .finish()
    }
}

impl OutboxEvent {
    /// The event with its body `{"id", "type", "created_at", "data"}`.
    pub fn new(
        owner: UserId,
        kind: EventKind,
        data: serde_json::Value,
        now: OffsetDateTime,
    ) -> Self {
        let id = EventId::new();
        // Whole seconds with UTC offset: what receivers parse most easily.
        let at = now.replace_nanosecond(0).unwrap_or(now);
        let created = at.format(&Rfc3339).unwrap_or_default();
        let body = json!({
            "id": id.to_string(),
            "type": kind.as_str(),
            "created_at": created,
            "data": data,
        });
        Self {
            id,
            owner,
            kind,
            body: body.to_string().into_bytes(),
            created_at: now,
            dedupe_key: None,
        }
    }

    /// The same event, recorded at most once per `key` for its owner.
    pub fn with_dedupe_key(mut self, key: impl Into<String>) -> Self {
        let key: String = key.into();
        // The column holds 200 characters; longer keys are cut (ids are short).
        self.dedupe_key = Some(key.chars().take(200).collect());
        self
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_ping_is_not_subscribable() {
        for k in EventKind::SUBSCRIBABLE {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EventKind::parse("ping"), Some(EventKind::Ping));
        assert!(!EventKind::SUBSCRIBABLE.contains(&EventKind::Ping));
        assert_eq!(EventKind::parse("post.deleted"), None);
    }

    #[test]
    fn body_names_the_event_and_carries_the_data() {
        let now = time::macros::datetime!(2026-03-01 10:00:00.5 UTC);
        let e = OutboxEvent::new(
            UserId(Uuid::nil()),
            EventKind::PostPublished,
            json!({"media_id": "1801"}),
            now,
        );
        let v: serde_json::Value = serde_json::from_slice(&e.body).unwrap();
        assert_eq!(v["id"], e.id.to_string());
        assert_eq!(v["type"], "post.published");
        assert_eq!(v["created_at"], "2026-03-01T10:00:00Z");
        assert_eq!(v["data"]["media_id"], "1801");
        assert!(e.id.to_string().starts_with("evt_"));
    }
}
