//! The worker's side: fan events out to endpoints, send due deliveries with
//! bounded concurrency, record what happened, disable endpoints that have
//! failed for days.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::StreamExt;
use time::Duration;

use super::backoff::DISABLE_AFTER;
use super::delivery::{Attempt, Delivery, DeliveryState, DueDelivery};
use super::endpoint::Endpoint;
use super::ports::{OutgoingRequest, PayloadSigner, SendError, WebhookRepo, WebhookSender};
use super::signature::{EVENT_ID_HEADER, SIGNATURE_HEADER, signature_header};
use crate::crypto::TokenCipher;
use crate::notifications::{Figures, NewNotification, NotificationKind, NotificationService};
use crate::store_error::StoreResult;
use crate::webhook_events::OutboxEvent;
use crate::{Clock, UserId};

/// Events fanned out per pass.
const FAN_OUT_BATCH: u32 = 200;
/// Events and their deliveries are kept this long (the delivery log).
const RETENTION: Duration = Duration::days(30);

#[derive(Debug, Clone, Copy)]
pub struct DispatcherConfig {
    /// How long a claimed delivery is this worker's; longer than a send
    /// (10 s timeout) with room to record it.
    pub lease: Duration,
    /// Deliveries claimed per pass.
    pub batch: u32,
    /// Deliveries in flight at once.
    pub concurrency: usize,
}

impl Default for DispatcherConfig {
    fn default() -> Self {
        Self {
            lease: Duration::seconds(60),
            batch: 32,
            concurrency: 8,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DispatchReport {
    /// Deliveries made from events this pass.
    pub fanned_out: u32,
    pub delivered: u32,
    pub failed: u32,
    pub disabled: u32,
}

#[derive(Clone)]
pub struct WebhookDispatcher {
    repo: Arc<dyn WebhookRepo>,
    sender: Arc<dyn WebhookSender>,
    signer: Arc<dyn PayloadSigner>,
    cipher: Arc<dyn TokenCipher>,
    notifications: NotificationService,
    clock: Arc<dyn Clock>,
    config: DispatcherConfig,
}

enum Sent {
    Delivered,
    Failed {
        disabled: bool,
    },
    /// Another worker holds it now.
    Lost,
}

impl WebhookDispatcher {
    pub fn new(
        repo: Arc<dyn WebhookRepo>,
        sender: Arc<dyn WebhookSender>,
        signer: Arc<dyn PayloadSigner>,
        cipher: Arc<dyn TokenCipher>,
        notifications: NotificationService,
        clock: Arc<dyn Clock>,
        config: DispatcherConfig,
    ) -> Self {
        Self {
            repo,
            sender,
            signer,
            cipher,
            notifications,
            clock,
            config,
        }
    }

    /// One pass: fan out waiting events, then send what is due.
    pub async fn run_once(&self, worker: &str) -> StoreResult<DispatchReport> {
        let mut report = DispatchReport {
            fanned_out: self.fan_out().await?,
            ..DispatchReport::default()
        };
        let now = self.clock.now();
        let due = self
            .repo
            .claim_due_webhook_deliveries(worker, now, now + self.config.lease, self.config.batch)
            .await?;
        let results: Vec<StoreResult<Sent>> = futures::stream::iter(due)
            .map(|d| self.deliver(worker, d))
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        for r in results {
            match r? {
                Sent::Delivered => report.delivered += 1,
                Sent::Failed { disabled } => {
                    report.failed += 1;
                    report.disabled += u32::from(disabled);
                }
                Sent::Lost => {}
            }
        }
        Ok(report)
    }

    /// Deliveries claimed per pass.
    pub fn batch(&self) -> u32 {
        self.config.batch
    }

    /// Deletes events older than the log keeps (call now and then).
    pub async fn purge(&self) -> StoreResult<u64> {
        self.repo
            .purge_webhook_events(self.clock.now() - RETENTION)
            .await
    }

    /// One delivery per enabled endpoint subscribed to each waiting event.
    async fn fan_out(&self) -> StoreResult<u32> {
        let events = self.repo.unfanned_webhook_events(FAN_OUT_BATCH).await?;
        let mut endpoints: BTreeMap<UserId, Vec<Endpoint>> = BTreeMap::new();
        let mut made = 0;
        for event in events {
            if let std::collections::btree_map::Entry::Vacant(slot) = endpoints.entry(event.owner) {
                slot.insert(self.repo.webhook_endpoints(event.owner).await?);
            }
            let deliveries = self.deliveries_for(&event, endpoints.get(&event.owner));
            let n = u32::try_from(deliveries.len()).unwrap_or(u32::MAX);
            if self
                .repo
                .fan_out_webhook_event(event.id, &deliveries, self.clock.now())
                .await?
            {
                made += n;
            }
        }
        Ok(made)
    }

    fn deliveries_for(
        &self,
        event: &OutboxEvent,
        endpoints: Option<&Vec<Endpoint>>,
    ) -> Vec<Delivery> {
        let now = self.clock.now();
        endpoints
            .into_iter()
            .flatten()
            .filter(|e| e.wants(event.kind))
            .map(|e| Delivery::new(e.id, event.id, now))
            .collect()
    }

    async fn deliver(&self, worker: &str, due: DueDelivery) -> StoreResult<Sent> {
        let DueDelivery {
            mut delivery,
            owner,
            url,
            secret,
            kind,
            body,
        } = due;
        let context = Endpoint::secret_context(delivery.endpoint);
        let (attempt, final_failure) = match self.cipher.decrypt(&secret, &context) {
            Err(e) => (
                Attempt {
                    at: self.clock.now(),
                    status_code: None,
                    error: Some(format!("the signing secret cannot be used: {e}")),
                    duration_ms: 0,
                    response_snippet: None,
                },
                true,
            ),
            Ok(secret) => {
                let at = self.clock.now();
                let request = OutgoingRequest {
                    url: url.clone(),
                    headers: vec![
                        (
                            SIGNATURE_HEADER.into(),
                            signature_header(self.signer.as_ref(), &secret, at, &body),
                        ),
                        (EVENT_ID_HEADER.into(), delivery.event.to_string()),
                        ("SocialFlow-Event-Type".into(), kind.as_str().into()),
                    ],
                    body,
                };
                match self.sender.send(request).await {
                    Ok(r) => (
                        Attempt {
                            at,
                            status_code: Some(r.status),
                            error: None,
                            duration_ms: millis(r.duration),
                            response_snippet: Some(r.snippet),
                        },
                        false,
                    ),
                    Err(SendError::Refused(why)) => (
                        Attempt {
                            at,
                            status_code: None,
                            error: Some(format!("refused: {why}")),
                            duration_ms: 0,
                            response_snippet: None,
                        },
                        true,
                    ),
                    Err(SendError::Failed { message, duration }) => (
                        Attempt {
                            at,
                            status_code: None,
                            error: Some(message),
                            duration_ms: millis(duration),
                            response_snippet: None,
                        },
                        false,
                    ),
                }
            }
        };
        let ok = attempt.succeeded();
        delivery.record(attempt, final_failure);
        if !self.repo.finish_webhook_delivery(&delivery, worker).await? {
            return Ok(Sent::Lost);
        }
        let now = self.clock.now();
        let failing_since = self
            .repo
            .record_webhook_endpoint_result(delivery.endpoint, ok, now)
            .await?;
        if ok {
            return Ok(Sent::Delivered);
        }
        tracing::info!(
            delivery = %delivery.id,
            attempts = delivery.attempts,
            given_up = delivery.state == DeliveryState::GivenUp,
            "webhook delivery failed"
        );
        let mut disabled = false;
        if failing_since.is_some_and(|since| now - since >= DISABLE_AFTER)
            && self
                .repo
                .auto_disable_webhook_endpoint(delivery.endpoint, now)
                .await?
        {
            disabled = true;
            let notice = NewNotification {
                owner,
                account: None,
                kind: NotificationKind::WebhookDisabled,
                dedupe_key: format!("webhook-disabled:{}:{}", delivery.endpoint, now.date()),
                subject: url,
                link: "/settings/webhooks".into(),
                figures: Figures::default(),
            };
            if let Err(e) = self.notifications.notify(notice).await {
                tracing::warn!(error = %e, "cannot notify about a disabled webhook endpoint");
            }
        }
        Ok(Sent::Failed { disabled })
    }
}

fn millis(d: std::time::Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}
