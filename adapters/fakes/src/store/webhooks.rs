//! Outgoing webhooks in memory, with the databases' semantics (owner
//! scoping, the per-user limit counted with the insert, exactly-once
//! fan-out, conditional leases, rows of a deleted user or endpoint gone).

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::outgoing_webhooks::{
    Delivery, DeliveryId, DeliveryLogItem, DeliveryState, DueDelivery, Endpoint, EndpointId,
    WebhookRepo,
};
use socialflow_core::storage::{StoreError, StoreResult};
use socialflow_core::webhook_events::{EventId, EventKind, OutboxEvent, WebhookOutbox};
use time::OffsetDateTime;

use super::{MemoryStore, State};

#[derive(Clone)]
struct StoredDelivery {
    delivery: Delivery,
    lease_owner: Option<String>,
    lease_until: Option<OffsetDateTime>,
}

#[derive(Clone, Default)]
pub(super) struct Tables {
    endpoints: HashMap<EndpointId, Endpoint>,
    /// Each event and when it was fanned out.
    events: HashMap<EventId, (OutboxEvent, Option<OffsetDateTime>)>,
    deliveries: HashMap<DeliveryId, StoredDelivery>,
}

impl State {
    /// Drops rows whose user, endpoint or event is gone (the SQL stores
    /// cascade).
    fn webhook_garbage(&mut self) {
        let users: Vec<UserId> = self.users.keys().copied().collect();
        let w = &mut self.webhooks;
        w.endpoints.retain(|_, e| users.contains(&e.owner));
        w.events.retain(|_, (e, _)| users.contains(&e.owner));
        let (endpoints, events) = (&w.endpoints, &w.events);
        w.deliveries.retain(|_, d| {
            endpoints.contains_key(&d.delivery.endpoint) && events.contains_key(&d.delivery.event)
        });
    }

    fn write_webhook_event(
        &mut self,
        event: &OutboxEvent,
        fanned: Option<OffsetDateTime>,
    ) -> StoreResult<bool> {
        if !self.users.contains_key(&event.owner) || self.webhooks.events.contains_key(&event.id) {
            return Err(StoreError::Conflict);
        }
        let taken = event.dedupe_key.is_some()
            && self
                .webhooks
                .events
                .values()
                .any(|(e, _)| e.owner == event.owner && e.dedupe_key == event.dedupe_key);
        if taken {
            return Ok(false);
        }
        self.webhooks
            .events
            .insert(event.id, (event.clone(), fanned));
        Ok(true)
    }

    fn write_webhook_delivery(&mut self, d: &Delivery) -> StoreResult<()> {
        let w = &mut self.webhooks;
        if !w.endpoints.contains_key(&d.endpoint)
            || !w.events.contains_key(&d.event)
            || w.deliveries.contains_key(&d.id)
        {
            return Err(StoreError::Conflict);
        }
        w.deliveries.insert(
            d.id,
            StoredDelivery {
                delivery: d.clone(),
                lease_owner: None,
                lease_until: None,
            },
        );
        Ok(())
    }

    fn webhook_log_item(&self, owner: UserId, d: &StoredDelivery) -> Option<DeliveryLogItem> {
        let w = &self.webhooks;
        let endpoint = w.endpoints.get(&d.delivery.endpoint)?;
        let (event, _) = w.events.get(&d.delivery.event)?;
        (endpoint.owner == owner).then(|| DeliveryLogItem {
            delivery: d.delivery.clone(),
            kind: event.kind,
        })
    }
}

#[async_trait]
impl WebhookOutbox for MemoryStore {
    async fn insert_webhook_event(&self, event: &OutboxEvent) -> StoreResult<bool> {
        let mut s = self.lock();
        s.webhook_garbage();
        s.write_webhook_event(event, None)
    }

    async fn webhook_subscribed(&self, owner: UserId, kind: EventKind) -> StoreResult<bool> {
        let mut s = self.lock();
        s.webhook_garbage();
        Ok(s.webhooks
            .endpoints
            .values()
            .any(|e| e.owner == owner && e.wants(kind)))
    }
}

#[async_trait]
impl WebhookRepo for MemoryStore {
    async fn insert_webhook_endpoint(&self, endpoint: &Endpoint, max: u32) -> StoreResult<bool> {
        let mut s = self.lock();
        s.webhook_garbage();
        if !s.users.contains_key(&endpoint.owner) || s.webhooks.endpoints.contains_key(&endpoint.id)
        {
            return Err(StoreError::Conflict);
        }
        let count = s
            .webhooks
            .endpoints
            .values()
            .filter(|e| e.owner == endpoint.owner)
            .count();
        if count >= max as usize {
            return Ok(false);
        }
        s.webhooks.endpoints.insert(endpoint.id, endpoint.clone());
        Ok(true)
    }

    async fn webhook_endpoints(&self, owner: UserId) -> StoreResult<Vec<Endpoint>> {
        let mut s = self.lock();
        s.webhook_garbage();
        let mut v: Vec<Endpoint> = s
            .webhooks
            .endpoints
            .values()
            .filter(|e| e.owner == owner)
            .cloned()
            .collect();
        v.sort_by_key(|e| (e.created_at, e.id));
        Ok(v)
    }

    async fn webhook_endpoint(
        &self,
        owner: UserId,
        id: EndpointId,
    ) -> StoreResult<Option<Endpoint>> {
        let mut s = self.lock();
        s.webhook_garbage();
        Ok(s.webhooks
            .endpoints
            .get(&id)
            .filter(|e| e.owner == owner)
            .cloned())
    }

    async fn update_webhook_endpoint(&self, endpoint: &Endpoint) -> StoreResult<bool> {
        let mut s = self.lock();
        s.webhook_garbage();
        match s.webhooks.endpoints.get_mut(&endpoint.id) {
            Some(e) if e.owner == endpoint.owner => {
                e.url = endpoint.url.clone();
                e.description = endpoint.description.clone();
                e.events = endpoint.events.clone();
                e.enabled = endpoint.enabled;
                e.failing_since = endpoint.failing_since;
                e.auto_disabled_at = endpoint.auto_disabled_at;
                e.updated_at = endpoint.updated_at;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn delete_webhook_endpoint(&self, owner: UserId, id: EndpointId) -> StoreResult<bool> {
        let mut s = self.lock();
        let gone = match s.webhooks.endpoints.get(&id) {
            Some(e) if e.owner == owner => s.webhooks.endpoints.remove(&id).is_some(),
            _ => false,
        };
        s.webhook_garbage();
        Ok(gone)
    }

    async fn unfanned_webhook_events(&self, limit: u32) -> StoreResult<Vec<OutboxEvent>> {
        let mut s = self.lock();
        s.webhook_garbage();
        let mut v: Vec<OutboxEvent> = s
            .webhooks
            .events
            .values()
            .filter(|(_, fanned)| fanned.is_none())
            .map(|(e, _)| e.clone())
            .collect();
        v.sort_by_key(|e| (e.created_at, e.id));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn fan_out_webhook_event(
        &self,
        event: EventId,
        deliveries: &[Delivery],
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        s.webhook_garbage();
        match s.webhooks.events.get(&event) {
            Some((_, None)) => {}
            _ => return Ok(false),
        }
        // All or nothing, like the transaction.
        let mut copy = s.clone();
        if let Some((_, fanned)) = copy.webhooks.events.get_mut(&event) {
            *fanned = Some(now);
        }
        for d in deliveries {
            copy.write_webhook_delivery(d)?;
        }
        *s = copy;
        Ok(true)
    }

    async fn insert_webhook_ping(
        &self,
        event: &OutboxEvent,
        delivery: &Delivery,
    ) -> StoreResult<()> {
        let mut s = self.lock();
        s.webhook_garbage();
        let mut copy = s.clone();
        if !copy.write_webhook_event(event, Some(event.created_at))? {
            return Err(StoreError::Conflict);
        }
        copy.write_webhook_delivery(delivery)?;
        *s = copy;
        Ok(())
    }

    async fn insert_webhook_delivery(&self, delivery: &Delivery) -> StoreResult<()> {
        let mut s = self.lock();
        s.webhook_garbage();
        s.write_webhook_delivery(delivery)
    }

    async fn claim_due_webhook_deliveries(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<DueDelivery>> {
        let mut s = self.lock();
        s.webhook_garbage();
        let w = &s.webhooks;
        let mut ids: Vec<(OffsetDateTime, DeliveryId)> = w
            .deliveries
            .values()
            .filter(|d| {
                d.delivery.state == DeliveryState::Pending
                    && d.delivery.next_attempt_at <= now
                    && d.lease_until.is_none_or(|u| u < now)
                    && w.endpoints
                        .get(&d.delivery.endpoint)
                        .is_some_and(|e| e.enabled)
            })
            .map(|d| (d.delivery.next_attempt_at, d.delivery.id))
            .collect();
        ids.sort();
        ids.truncate(limit as usize);
        let mut due = Vec::with_capacity(ids.len());
        for (_, id) in ids {
            let Some(d) = s.webhooks.deliveries.get_mut(&id) else {
                continue;
            };
            d.lease_owner = Some(worker.to_string());
            d.lease_until = Some(lease_until);
            let delivery = d.delivery.clone();
            let w = &s.webhooks;
            let (Some(endpoint), Some((event, _))) = (
                w.endpoints.get(&delivery.endpoint),
                w.events.get(&delivery.event),
            ) else {
                continue;
            };
            due.push(DueDelivery {
                owner: endpoint.owner,
                url: endpoint.url.clone(),
                secret: endpoint.secret.clone(),
                kind: event.kind,
                body: event.body.clone(),
                delivery,
            });
        }
        Ok(due)
    }

    async fn finish_webhook_delivery(
        &self,
        delivery: &Delivery,
        worker: &str,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        s.webhook_garbage();
        match s.webhooks.deliveries.get_mut(&delivery.id) {
            Some(d) if d.lease_owner.as_deref() == Some(worker) => {
                d.delivery = Delivery {
                    id: d.delivery.id,
                    endpoint: d.delivery.endpoint,
                    event: d.delivery.event,
                    created_at: d.delivery.created_at,
                    ..delivery.clone()
                };
                d.lease_owner = None;
                d.lease_until = None;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn record_webhook_endpoint_result(
        &self,
        endpoint: EndpointId,
        ok: bool,
        now: OffsetDateTime,
    ) -> StoreResult<Option<OffsetDateTime>> {
        let mut s = self.lock();
        s.webhook_garbage();
        let Some(e) = s.webhooks.endpoints.get_mut(&endpoint) else {
            return Ok(None);
        };
        if ok {
            e.failing_since = None;
        } else if e.failing_since.is_none() {
            e.failing_since = Some(now);
        }
        Ok(e.failing_since)
    }

    async fn auto_disable_webhook_endpoint(
        &self,
        endpoint: EndpointId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        s.webhook_garbage();
        match s.webhooks.endpoints.get_mut(&endpoint) {
            Some(e) if e.enabled => {
                e.enabled = false;
                e.auto_disabled_at = Some(now);
                e.updated_at = now;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn webhook_deliveries(
        &self,
        owner: UserId,
        endpoint: EndpointId,
        limit: u32,
    ) -> StoreResult<Vec<DeliveryLogItem>> {
        let mut s = self.lock();
        s.webhook_garbage();
        let mut v: Vec<DeliveryLogItem> = s
            .webhooks
            .deliveries
            .values()
            .filter(|d| d.delivery.endpoint == endpoint)
            .filter_map(|d| s.webhook_log_item(owner, d))
            .collect();
        v.sort_by_key(|i| std::cmp::Reverse((i.delivery.created_at, i.delivery.id)));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn webhook_delivery(
        &self,
        owner: UserId,
        id: DeliveryId,
    ) -> StoreResult<Option<DeliveryLogItem>> {
        let mut s = self.lock();
        s.webhook_garbage();
        Ok(s.webhooks
            .deliveries
            .get(&id)
            .and_then(|d| s.webhook_log_item(owner, d)))
    }

    async fn purge_webhook_events(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        let n = s.webhooks.events.len();
        s.webhooks.events.retain(|_, (e, _)| e.created_at >= before);
        let gone = n - s.webhooks.events.len();
        s.webhook_garbage();
        Ok(gone as u64)
    }
}
