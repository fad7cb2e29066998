//! Idempotency keys: a client that retries a request (after a timeout, a
//! dropped connection) sends the same `Idempotency-Key`, and the first
//! answer is replayed instead of a second post being made. The key is
//! reserved atomically before the work starts, so of two requests racing
//! with one key exactly one runs.

mod ports;

pub use ports::IdempotencyRepo;
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockIdempotencyRepo;

use std::sync::Arc;

use serde::Serialize;
use time::Duration;

use crate::{Clock, StoreResult, UserId};

/// How long a key is remembered.
pub const KEY_LIFETIME: Duration = Duration::hours(24);
/// A reservation whose request never finished (the process died) is taken
/// over after this long.
pub const STALE_RESERVATION: Duration = Duration::minutes(10);
/// The longest key accepted.
pub const MAX_KEY_CHARS: usize = 255;
/// The largest answer kept for replay; larger ones are not replayable and
/// the key is released.
pub const MAX_STORED_BODY: usize = 256 * 1024;

/// A key as the client sent it: 1–255 printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum KeyError {
    #[error("the Idempotency-Key header is empty")]
    Empty,
    #[error("the Idempotency-Key header is longer than {MAX_KEY_CHARS} characters")]
    TooLong,
    #[error("the Idempotency-Key header may hold only printable ASCII characters")]
    NotPrintable,
}

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        if raw.is_empty() {
            return Err(KeyError::Empty);
        }
        if raw.len() > MAX_KEY_CHARS {
            return Err(KeyError::TooLong);
        }
        if !raw.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
            return Err(KeyError::NotPrintable);
        }
        if raw.trim().is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(Self(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The first answer, kept to be replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// What reserving a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The key is now this request's: do the work, then complete or release.
    Reserved,
    /// The key was used before, for the request with `fingerprint`; its
    /// answer, or `None` while that request is still running.
    Existing {
        fingerprint: String,
        response: Option<StoredResponse>,
    },
}

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Run it (the key is reserved for it).
    Run,
    /// Answer with the first request's answer again.
    Replay(StoredResponse),
    /// The key was used for a different request.
    Mismatch,
    /// The first request with the key is still running.
    InProgress,
}

/// The use case: reserve, replay or refuse; then store the answer or let
/// the key go.
#[derive(Clone)]
pub struct Idempotency {
    repo: Arc<dyn IdempotencyRepo>,
    clock: Arc<dyn Clock>,
}

impl Idempotency {
    pub fn new(repo: Arc<dyn IdempotencyRepo>, clock: Arc<dyn Clock>) -> Self {
        Self { repo, clock }
    }

    /// What to do with `user`'s request carrying `key`; `fingerprint`
    /// stands for the request (method, path, body). `Run` has reserved the
    /// key: [`Idempotency::finish`] or [`Idempotency::abandon`] must follow.
    pub async fn begin(
        &self,
        user: UserId,
        key: &IdempotencyKey,
        fingerprint: &str,
    ) -> StoreResult<Decision> {
        let now = self.clock.now();
        let found = self
            .repo
            .reserve_idempotency_key(
                user,
                key.as_str(),
                fingerprint,
                now,
                now - STALE_RESERVATION,
            )
            .await?;
        Ok(match found {
            Reservation::Reserved => Decision::Run,
            Reservation::Existing { fingerprint: f, .. } if f != fingerprint => Decision::Mismatch,
            Reservation::Existing {
                response: Some(r), ..
            } => Decision::Replay(r),
            Reservation::Existing { response: None, .. } => Decision::InProgress,
        })
    }

    /// Keeps the answer to replay. One too large to keep lets the key go
    /// instead (a retry then runs again, as without a key).
    pub async fn finish(
        &self,
        user: UserId,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> StoreResult<()> {
        if response.body.len() > MAX_STORED_BODY {
            return self.abandon(user, key).await;
        }
        self.repo
            .complete_idempotency_key(user, key.as_str(), response)
            .await
    }

    /// Lets the key go: the request failed on the server's side and a retry
    /// should run it again.
    pub async fn abandon(&self, user: UserId, key: &IdempotencyKey) -> StoreResult<()> {
        self.repo.release_idempotency_key(user, key.as_str()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_printable_and_capped() {
        assert!(IdempotencyKey::parse("order-42 retry").is_ok());
        assert_eq!(IdempotencyKey::parse(""), Err(KeyError::Empty));
        assert_eq!(IdempotencyKey::parse("   "), Err(KeyError::Empty));
        assert_eq!(
            IdempotencyKey::parse(&"k".repeat(256)),
            Err(KeyError::TooLong)
        );
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
        assert_eq!(IdempotencyKey::parse("a\tb"), Err(KeyError::NotPrintable));
        assert_eq!(IdempotencyKey::parse("ключ"), Err(KeyError::NotPrintable));
    }
}
