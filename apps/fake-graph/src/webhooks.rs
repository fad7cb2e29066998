//! Webhook deliveries as Meta makes them (reference §8): registering a
//! callback first passes the GET verification handshake; afterwards every
//! new comment and inbound message is POSTed there as
//! `{"object":"instagram","entry":[…]}`, signed with
//! `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the exact bytes>`, and a
//! failed delivery is retried (duplicates are possible, as on Instagram).

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::task::JoinHandle;

use crate::FakeGraph;

/// Attempts per delivery: at once, then after these pauses (Meta keeps
/// trying for 36 hours with decreasing frequency; a test needs less).
const RETRY_PAUSES: [Duration; 2] = [Duration::from_millis(100), Duration::from_millis(400)];

#[derive(Debug, Clone)]
pub(crate) struct WebhookTarget {
    url: String,
}

/// Why a callback URL was not accepted, as the App Dashboard reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookSetupError {
    /// The callback did not answer (connection refused, timeout, DNS).
    Unreachable(String),
    /// It answered, but not 200 with the challenge as the whole body
    /// (e.g. 403 for a wrong verify token).
    ChallengeFailed { status: u16 },
}

impl std::fmt::Display for WebhookSetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(e) => write!(f, "the callback URL could not be reached: {e}"),
            Self::ChallengeFailed { status } => write!(
                f,
                "the callback URL or verify token couldn't be validated (answered {status})"
            ),
        }
    }
}

/// The outcome of one delivery after its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryOutcome {
    /// The last answer's status (0: no answer at all).
    pub status: u16,
    pub attempts: u32,
}

impl FakeGraph {
    /// Registers the app's webhook callback, as saving it in the App
    /// Dashboard does: Meta first calls
    /// `GET <callback>?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`
    /// and accepts the URL only on 200 with the challenge echoed.
    pub async fn register_webhook(
        &self,
        callback: &str,
        verify_token: &str,
    ) -> Result<(), WebhookSetupError> {
        let http = self
            .http()
            .ok_or_else(|| WebhookSetupError::Unreachable("no HTTP client".into()))?;
        let challenge = self.state().ids.numeric("11582");
        let resp = http
            .get(callback)
            .query(&[
                ("hub.mode", "subscribe"),
                ("hub.challenge", challenge.as_str()),
                ("hub.verify_token", verify_token),
            ])
            .send()
            .await
            .map_err(|e| WebhookSetupError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let body = resp.text().await.unwrap_or_default();
        if status != 200 || body != challenge {
            return Err(WebhookSetupError::ChallengeFailed { status });
        }
        *self.webhook_target() = Some(WebhookTarget {
            url: callback.to_string(),
        });
        Ok(())
    }

    /// Waits for every delivery sent so far and returns their outcomes, in
    /// the order the events happened.
    pub async fn flush_webhooks(&self) -> Vec<DeliveryOutcome> {
        let pending: Vec<JoinHandle<DeliveryOutcome>> = std::mem::take(&mut *self.deliveries());
        let mut out = Vec::with_capacity(pending.len());
        for handle in pending {
            out.push(handle.await.unwrap_or(DeliveryOutcome {
                status: 0,
                attempts: 0,
            }));
        }
        out
    }

    /// A comment (or reply) notification for the account `ig_user_id`.
    pub(crate) fn emit_comment(
        &self,
        ig_user_id: &str,
        comment: &crate::model::Comment,
        product: &str,
    ) {
        let mut value = json!({
            "id": comment.id,
            "text": comment.text,
            "from": {"id": comment.from_id, "username": comment.username},
            "media": {"id": comment.media_id, "media_product_type": product},
        });
        if let Some(parent) = &comment.parent_id {
            value["parent_id"] = json!(parent);
        }
        let entry = json!({
            "id": ig_user_id,
            "time": comment.timestamp.unix_timestamp(),
            "changes": [{"field": "comments", "value": value}],
        });
        self.emit(entry);
    }

    /// An inbound direct message notification (`messaging[]`).
    pub(crate) fn emit_message(
        &self,
        ig_user_id: &str,
        sender: &str,
        mid: &str,
        text: &str,
        at: time::OffsetDateTime,
    ) {
        let millis = i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
        let entry = json!({
            "id": ig_user_id,
            "time": millis,
            "messaging": [{
                "sender": {"id": sender},
                "recipient": {"id": ig_user_id},
                "timestamp": millis,
                "message": {"mid": mid, "text": text},
            }],
        });
        self.emit(entry);
    }

    pub(crate) fn emit(&self, entry: Value) {
        let Some(target) = self.webhook_target().clone() else {
            return;
        };
        let Some(http) = self.http().cloned() else {
            return;
        };
        // Only inside a runtime (the fake is always driven from one).
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let body = json!({"object": "instagram", "entry": [entry]}).to_string();
        let signature = sign(self.webhook_secret(), body.as_bytes());
        let handle = runtime.spawn(deliver(http, target.url, body, signature));
        self.deliveries().push(handle);
    }

    fn webhook_secret(&self) -> &str {
        self.config()
            .webhook_secret
            .as_deref()
            .unwrap_or(&self.config().app_secret)
    }
}

async fn deliver(
    http: reqwest::Client,
    url: String,
    body: String,
    signature: String,
) -> DeliveryOutcome {
    let mut outcome = DeliveryOutcome {
        status: 0,
        attempts: 0,
    };
    for pause in std::iter::once(Duration::ZERO).chain(RETRY_PAUSES) {
        tokio::time::sleep(pause).await;
        outcome.attempts += 1;
        let sent = http
            .post(&url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &signature)
            .body(body.clone())
            .send()
            .await;
        outcome.status = sent.map_or(0, |r| r.status().as_u16());
        if outcome.status == 200 {
            break;
        }
    }
    outcome
}

/// `sha256=<hex>` over the exact bytes sent.
pub(crate) fn sign(secret: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length; the error arm cannot happen.
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_meta() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        assert_eq!(
            sign("key", b"The quick brown fox jumps over the lazy dog"),
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }
}
