//! Instagram's webhooks: `GET /webhooks/instagram` answers Meta's
//! verification handshake, `POST /webhooks/instagram` takes signed
//! deliveries (raw body, no session, no CSRF) into the inbox cache.

use std::collections::HashMap;

use poem::http::StatusCode;
use poem::web::{Data, Query};
use poem::{Body, IntoResponse, Request, Response, handler};
use secrecy::ExposeSecret;
use socialflow_core::inbox::{WebhookError, WebhookHandlingError};
use subtle::ConstantTimeEq;

use crate::state::AppState;
// Kept at its old address for the tests and benches that build a state.
pub use crate::inbox_settings::InboxSettings;

/// Meta's handshake: `hub.mode=subscribe`, our verify token, and a
/// challenge to echo back.
#[handler]
pub fn verify(state: Data<&AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let expected = state.webhooks.verify_token.as_ref();
    let given = q.get("hub.verify_token").map(String::as_str).unwrap_or("");
    let token_ok = expected.is_some_and(|t| {
        let t = t.expose_secret().as_bytes();
        t.len() == given.len() && bool::from(t.ct_eq(given.as_bytes()))
    });
    match (
        q.get("hub.mode").map(String::as_str),
        q.get("hub.challenge"),
    ) {
        (Some("subscribe"), Some(challenge)) if token_ok => challenge
            .clone()
            .with_content_type("text/plain; charset=utf-8")
            .into_response(),
        _ => {
            tracing::warn!("webhook verification refused: wrong mode or verify token");
            StatusCode::FORBIDDEN.into_response()
        }
    }
}

/// Hands a verified delivery's comments and messages to the automation
/// engine. A failure here is logged, not answered with an error: the
/// delivery is stored, and the inbox sync offers the same events again.
async fn automate(state: &AppState, bytes: &[u8]) {
    let events = match socialflow_core::inbox::parse_webhook(bytes, state.clock.now()) {
        Ok(e) => e,
        Err(_) => return,
    };
    match state.automation_engine().on_webhook(&events).await {
        Ok(0) => {}
        Ok(n) => {
            state.metrics.observe_automation_matched(n);
            tracing::info!(jobs = n, "automation jobs from a webhook delivery");
        }
        Err(e) => tracing::warn!(error = %e, "automation could not take a webhook delivery"),
    }
}

/// A delivery: verified against the raw bytes, stored at once, then 200.
/// Anything unsigned or malformed is refused and logged (never its body).
#[handler]
pub async fn receive(req: &Request, state: Data<&AppState>, body: Body) -> Response {
    let bytes = match body.into_bytes().await {
        Ok(b) => b,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    let signature = req.header("x-hub-signature-256");
    match state
        .inbox
        .handle_webhook(state.webhooks.verifier.as_ref(), &bytes, signature)
        .await
    {
        Ok(report) => {
            tracing::info!(
                comments = report.comments,
                messages = report.messages,
                story_metrics = report.story_metrics,
                ignored = report.ignored,
                "webhook delivery stored"
            );
            // This process's open inbox pages look at once (others poll).
            state.live_hub.ring();
            automate(&state, &bytes).await;
            "EVENT_RECEIVED".into_response()
        }
        Err(WebhookHandlingError::Refused(e)) => {
            tracing::warn!(reason = %e, bytes = bytes.len(), "webhook delivery refused");
            match e {
                WebhookError::Malformed(_) => StatusCode::BAD_REQUEST.into_response(),
                WebhookError::NotConfigured => StatusCode::SERVICE_UNAVAILABLE.into_response(),
                WebhookError::Unsigned | WebhookError::BadSignature => {
                    StatusCode::FORBIDDEN.into_response()
                }
            }
        }
        Err(WebhookHandlingError::Internal(e)) => {
            // Meta retries failed deliveries, so nothing is lost.
            tracing::error!(error = %e, "cannot store a webhook delivery");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
