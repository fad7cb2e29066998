//! A delivery: one event to one endpoint, tried until it succeeds or a day
//! has passed. Each row is also a line of the endpoint's delivery log.

use std::fmt;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::backoff::{GIVE_UP_AFTER, retry_delay};
use super::endpoint::EndpointId;
use crate::UserId;
use crate::crypto::EncryptedToken;
use crate::webhook_events::{EventId, EventKind};

/// The longest response snippet kept for the log (characters).
pub const SNIPPET_CHARS: usize = 500;
/// The longest error text kept for the log (characters).
const ERROR_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryId(pub Uuid);

impl DeliveryId {
    pub fn new() -> Self {
        DeliveryId(Uuid::now_v7())
    }
}

impl Default for DeliveryId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for DeliveryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting for its (next) attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Failed for a day (or the endpoint was refused): no more attempts.
    GivenUp,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::GivenUp => "given_up",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Delivered, Self::GivenUp]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: DeliveryId,
    pub endpoint: EndpointId,
    pub event: EventId,
    pub state: DeliveryState,
    pub attempts: u32,
    pub next_attempt_at: OffsetDateTime,
    pub last_attempt_at: Option<OffsetDateTime>,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: Option<u32>,
    pub response_snippet: Option<String>,
    pub created_at: OffsetDateTime,
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub at: OffsetDateTime,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u32,
    pub response_snippet: Option<String>,
}

impl Attempt {
    pub fn succeeded(&self) -> bool {
        self.status_code.is_some_and(|s| (200..300).contains(&s))
    }
}

impl Delivery {
    /// A new delivery due at once.
    pub fn new(endpoint: EndpointId, event: EventId, now: OffsetDateTime) -> Self {
        Self {
            id: DeliveryId::new(),
            endpoint,
            event,
            state: DeliveryState::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_attempt_at: None,
            status_code: None,
            error: None,
            duration_ms: None,
            response_snippet: None,
            created_at: now,
        }
    }

    /// Records an attempt: delivered on 2xx; otherwise due again after the
    /// backoff, or given up when that would be a day after it was made (or
    /// `final_failure`: an attempt that cannot succeed on retry).
    pub fn record(&mut self, attempt: Attempt, final_failure: bool) {
        self.attempts = self.attempts.saturating_add(1);
        self.last_attempt_at = Some(attempt.at);
        self.status_code = attempt.status_code;
        self.error = attempt
            .error
            .as_deref()
            .map(|e| e.chars().take(ERROR_CHARS).collect());
        self.duration_ms = Some(attempt.duration_ms);
        self.response_snippet = attempt
            .response_snippet
            .as_deref()
            .map(|s| s.chars().take(SNIPPET_CHARS).collect());
        if attempt.succeeded() {
            self.state = DeliveryState::Delivered;
            return;
        }
        let next = attempt.at + retry_delay(self.attempts, self.seed());
        if final_failure || next - self.created_at > GIVE_UP_AFTER {
            self.state = DeliveryState::GivenUp;
        } else {
            self.state = DeliveryState::Pending;
            self.next_attempt_at = next;
        }
    }

    fn seed(&self) -> u64 {
        let b = self.id.0.as_bytes();
        u64::from_le_bytes([b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]])
    }

    pub fn age(&self, now: OffsetDateTime) -> Duration {
        now - self.created_at
    }
}

/// A claimed delivery with what sending it needs.
#[derive(Clone, PartialEq, Eq)]
pub struct DueDelivery {
    pub delivery: Delivery,
    pub owner: UserId,
    pub url: String,
    pub secret: EncryptedToken,
    pub kind: EventKind,
    pub body: Vec<u8>,
}

impl fmt::Debug for DueDelivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DueDelivery")
            .field("delivery", &self.delivery)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// A line of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryLogItem {
    pub delivery: Delivery,
    pub kind: EventKind,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn attempt(at: OffsetDateTime, status: Option<u16>) -> Attempt {
        Attempt {
            at,
            status_code: status,
            error: status.is_none().then(|| "connection refused".into()),
            duration_ms: 12,
            response_snippet: Some("x".repeat(2 * SNIPPET_CHARS)),
        }
    }

    #[test]
    fn a_failure_is_retried_later_and_a_2xx_delivers() {
        let t0 = time::macros::datetime!(2026-03-01 10:00 UTC);
        let mut d = Delivery::new(EndpointId::new(), EventId::new(), t0);
        d.record(attempt(t0, Some(500)), false);
        assert_eq!(d.state, DeliveryState::Pending);
        assert_eq!(d.attempts, 1);
        assert!(d.next_attempt_at > t0 && d.next_attempt_at <= t0 + Duration::seconds(30));
        assert_eq!(
            d.response_snippet.as_ref().unwrap().chars().count(),
            SNIPPET_CHARS
        );
        d.record(attempt(d.next_attempt_at, Some(204)), false);
        assert_eq!(d.state, DeliveryState::Delivered);
        assert_eq!(d.status_code, Some(204));
    }

    #[test]
    fn retries_stop_after_a_day() {
        let t0 = time::macros::datetime!(2026-03-01 10:00 UTC);
        let mut d = Delivery::new(EndpointId::new(), EventId::new(), t0);
        let mut n = 0;
        while d.state == DeliveryState::Pending {
            let at = d.next_attempt_at;
            d.record(attempt(at, None), false);
            n += 1;
            assert!(n < 100);
        }
        assert_eq!(d.state, DeliveryState::GivenUp);
        assert!(d.last_attempt_at.unwrap() - t0 <= GIVE_UP_AFTER);
        assert!(d.last_attempt_at.unwrap() - t0 > Duration::hours(12));
    }

    #[test]
    fn a_final_failure_gives_up_at_once() {
        let t0 = time::macros::datetime!(2026-03-01 10:00 UTC);
        let mut d = Delivery::new(EndpointId::new(), EventId::new(), t0);
        d.record(attempt(t0, None), true);
        assert_eq!(d.state, DeliveryState::GivenUp);
    }
}
