//! Contract cases of outgoing webhooks: endpoints, the outbox's fan-out,
//! leased deliveries and the delivery log.

use std::sync::Arc;

use serde_json::json;
use socialflow_core::UserId;
use socialflow_core::crypto::EncryptedToken;
use socialflow_core::outgoing_webhooks::{Attempt, Delivery, DeliveryState, Endpoint, EndpointId};
use socialflow_core::storage::Store;
use socialflow_core::webhook_events::{EventKind, OutboxEvent};
use time::Duration;

use crate::fixtures::{T0, user};

async fn owner(store: &Arc<dyn Store>, name: &str) -> UserId {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    u.id
}

fn endpoint(owner: UserId, url: &str, events: &[EventKind]) -> Endpoint {
    Endpoint {
        id: EndpointId::new(),
        owner,
        url: url.into(),
        description: "CRM — «заказы»".into(),
        events: events.to_vec(),
        secret: EncryptedToken(vec![1, 2, 3, 0, 255]),
        enabled: true,
        failing_since: None,
        auto_disabled_at: None,
        created_at: T0,
        updated_at: T0,
    }
}

fn event(owner: UserId, kind: EventKind, secs: i64) -> OutboxEvent {
    OutboxEvent::new(
        owner,
        kind,
        json!({"post_id": "p1", "text": "Сәлем ✓"}),
        T0 + Duration::seconds(secs),
    )
}

pub async fn webhook_endpoints_round_trip_scoped_to_their_owner_with_a_limit(
    store: Arc<dyn Store>,
) {
    let alice = owner(&store, "alice").await;
    let bob = owner(&store, "bob").await;
    let mut a = endpoint(
        alice,
        "https://crm.example.com/hooks?x=1",
        &[EventKind::PostPublished, EventKind::PostFailed],
    );
    assert!(store.insert_webhook_endpoint(&a, 2).await.unwrap());
    let mut b = endpoint(
        alice,
        "https://b.example.com/",
        &[EventKind::CommentReceived],
    );
    b.created_at = T0 + Duration::seconds(1);
    assert!(store.insert_webhook_endpoint(&b, 2).await.unwrap());
    // The third is over the limit of 2; Bob's count is his own.
    let c = endpoint(alice, "https://c.example.com/", &[EventKind::Ping]);
    assert!(!store.insert_webhook_endpoint(&c, 2).await.unwrap());
    let theirs = endpoint(bob, "https://bob.example.com/", &[EventKind::PostScheduled]);
    assert!(store.insert_webhook_endpoint(&theirs, 2).await.unwrap());

    assert_eq!(
        store.webhook_endpoints(alice).await.unwrap(),
        vec![a.clone(), b.clone()]
    );
    assert_eq!(
        store.webhook_endpoint(alice, a.id).await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(store.webhook_endpoint(bob, a.id).await.unwrap(), None);

    a.url = "https://crm.example.com/v2".into();
    a.events = vec![EventKind::AccountNeedsReconnect];
    a.enabled = false;
    a.failing_since = Some(T0 + Duration::minutes(5));
    a.updated_at = T0 + Duration::hours(1);
    assert!(store.update_webhook_endpoint(&a).await.unwrap());
    // Saving the same values again still finds the row.
    assert!(store.update_webhook_endpoint(&a).await.unwrap());
    assert_eq!(
        store.webhook_endpoint(alice, a.id).await.unwrap(),
        Some(a.clone())
    );
    let mut stolen = a.clone();
    stolen.owner = bob;
    stolen.url = "https://evil.example.com/".into();
    assert!(!store.update_webhook_endpoint(&stolen).await.unwrap());
    assert_eq!(
        store.webhook_endpoint(alice, a.id).await.unwrap(),
        Some(a.clone())
    );

    assert!(!store.delete_webhook_endpoint(bob, a.id).await.unwrap());
    assert!(store.delete_webhook_endpoint(alice, a.id).await.unwrap());
    assert!(!store.delete_webhook_endpoint(alice, a.id).await.unwrap());
    assert_eq!(store.webhook_endpoints(alice).await.unwrap(), vec![b]);
}

pub async fn webhook_events_fan_out_once_and_dedupe_by_key(store: Arc<dyn Store>) {
    let alice = owner(&store, "alice").await;
    let hook = endpoint(
        alice,
        "https://crm.example.com/",
        &[EventKind::PostPublished],
    );
    store.insert_webhook_endpoint(&hook, 20).await.unwrap();
    let wanted = event(alice, EventKind::PostPublished, 1);
    let unwanted = event(alice, EventKind::PostFailed, 2);
    store.insert_webhook_event(&wanted).await.unwrap();
    store.insert_webhook_event(&unwanted).await.unwrap();
    let waiting = store.unfanned_webhook_events(10).await.unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(waiting[0].id, wanted.id);
    assert_eq!(
        waiting[0].body, wanted.body,
        "the body bytes are kept as made"
    );
    assert_eq!(waiting[0].kind, EventKind::PostPublished);
    assert_eq!(store.unfanned_webhook_events(1).await.unwrap().len(), 1);

    let d = Delivery::new(hook.id, wanted.id, T0);
    assert!(
        store
            .fan_out_webhook_event(wanted.id, std::slice::from_ref(&d), T0)
            .await
            .unwrap()
    );
    // A second worker fanning out the same event makes nothing.
    let again = Delivery::new(hook.id, wanted.id, T0);
    assert!(
        !store
            .fan_out_webhook_event(wanted.id, &[again], T0)
            .await
            .unwrap()
    );
    assert!(
        store
            .fan_out_webhook_event(unwanted.id, &[], T0)
            .await
            .unwrap()
    );
    assert!(store.unfanned_webhook_events(10).await.unwrap().is_empty());
    let log = store.webhook_deliveries(alice, hook.id, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].delivery, d);
    assert_eq!(log[0].kind, EventKind::PostPublished);

    // Subscriptions: enabled endpoints and their events only.
    assert!(
        store
            .webhook_subscribed(alice, EventKind::PostPublished)
            .await
            .unwrap()
    );
    assert!(
        !store
            .webhook_subscribed(alice, EventKind::PostFailed)
            .await
            .unwrap()
    );
    let bob = owner(&store, "bob").await;
    assert!(
        !store
            .webhook_subscribed(bob, EventKind::PostPublished)
            .await
            .unwrap()
    );
    let mut off = hook.clone();
    off.enabled = false;
    store.update_webhook_endpoint(&off).await.unwrap();
    assert!(
        !store
            .webhook_subscribed(alice, EventKind::PostPublished)
            .await
            .unwrap()
    );

    // One event per (owner, dedupe key), even after it was fanned out.
    let first = event(alice, EventKind::CommentReceived, 10).with_dedupe_key("comment:c1");
    assert!(store.insert_webhook_event(&first).await.unwrap());
    store
        .fan_out_webhook_event(first.id, &[], T0)
        .await
        .unwrap();
    let again = event(alice, EventKind::CommentReceived, 11).with_dedupe_key("comment:c1");
    assert!(!store.insert_webhook_event(&again).await.unwrap());
    let theirs = event(bob, EventKind::CommentReceived, 11).with_dedupe_key("comment:c1");
    assert!(store.insert_webhook_event(&theirs).await.unwrap());
    let waiting = store.unfanned_webhook_events(10).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].dedupe_key.as_deref(), Some("comment:c1"));
}

pub async fn webhook_deliveries_are_leased_once_and_finished_by_their_holder(
    store: Arc<dyn Store>,
) {
    let alice = owner(&store, "alice").await;
    let hook = endpoint(
        alice,
        "https://crm.example.com/",
        &[EventKind::PostPublished],
    );
    store.insert_webhook_endpoint(&hook, 20).await.unwrap();
    let e = event(alice, EventKind::PostPublished, 0);
    store.insert_webhook_event(&e).await.unwrap();
    let d = Delivery::new(hook.id, e.id, T0);
    store
        .fan_out_webhook_event(e.id, std::slice::from_ref(&d), T0)
        .await
        .unwrap();

    let now = T0 + Duration::seconds(1);
    let lease = now + Duration::seconds(60);
    let mine = store
        .claim_due_webhook_deliveries("w1", now, lease, 10)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].delivery.id, d.id);
    assert_eq!(mine[0].owner, alice);
    assert_eq!(mine[0].url, hook.url);
    assert_eq!(mine[0].secret, hook.secret);
    assert_eq!(mine[0].body, e.body);
    assert_eq!(mine[0].kind, EventKind::PostPublished);
    assert!(
        store
            .claim_due_webhook_deliveries("w2", now, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let mut failed = d.clone();
    failed.record(
        Attempt {
            at: now,
            status_code: Some(500),
            error: None,
            duration_ms: 42,
            response_snippet: Some("<b>oops</b> ✗".into()),
        },
        false,
    );
    assert!(!store.finish_webhook_delivery(&failed, "w2").await.unwrap());
    assert!(store.finish_webhook_delivery(&failed, "w1").await.unwrap());
    let got = store.webhook_delivery(alice, d.id).await.unwrap().unwrap();
    assert_eq!(got.delivery, failed);
    assert_eq!(got.delivery.state, DeliveryState::Pending);
    // Not due before its next attempt; due after.
    assert!(
        store
            .claim_due_webhook_deliveries("w2", now, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let later = failed.next_attempt_at;
    let again = store
        .claim_due_webhook_deliveries("w2", later, later + Duration::seconds(60), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    // The lease runs out: another worker may take it over.
    let expired = later + Duration::seconds(61);
    let taken = store
        .claim_due_webhook_deliveries("w3", expired, expired + Duration::seconds(60), 10)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert!(!store.finish_webhook_delivery(&failed, "w2").await.unwrap());

    // A disabled endpoint's deliveries wait.
    let mut off = hook.clone();
    off.enabled = false;
    store.update_webhook_endpoint(&off).await.unwrap();
    let far = expired + Duration::hours(1);
    assert!(
        store
            .claim_due_webhook_deliveries("w4", far, far + Duration::seconds(60), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn webhook_endpoint_failures_are_recorded_and_disable_once(store: Arc<dyn Store>) {
    let alice = owner(&store, "alice").await;
    let hook = endpoint(
        alice,
        "https://crm.example.com/",
        &[EventKind::PostPublished],
    );
    store.insert_webhook_endpoint(&hook, 20).await.unwrap();
    let t1 = T0 + Duration::hours(1);
    let t2 = T0 + Duration::hours(2);
    assert_eq!(
        store
            .record_webhook_endpoint_result(hook.id, false, t1)
            .await
            .unwrap(),
        Some(t1)
    );
    assert_eq!(
        store
            .record_webhook_endpoint_result(hook.id, false, t2)
            .await
            .unwrap(),
        Some(t1)
    );
    assert_eq!(
        store
            .record_webhook_endpoint_result(hook.id, true, t2)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .record_webhook_endpoint_result(hook.id, false, t2)
            .await
            .unwrap(),
        Some(t2)
    );
    assert!(
        store
            .auto_disable_webhook_endpoint(hook.id, t2)
            .await
            .unwrap()
    );
    assert!(
        !store
            .auto_disable_webhook_endpoint(hook.id, t2)
            .await
            .unwrap()
    );
    let stored = store
        .webhook_endpoint(alice, hook.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.enabled);
    assert_eq!(stored.auto_disabled_at, Some(t2));
    assert_eq!(stored.failing_since, Some(t2));
    let gone = EndpointId::new();
    assert_eq!(
        store
            .record_webhook_endpoint_result(gone, false, t2)
            .await
            .unwrap(),
        None
    );
}

pub async fn webhook_pings_redeliveries_and_purges_scoped_to_their_owner(store: Arc<dyn Store>) {
    let alice = owner(&store, "alice").await;
    let bob = owner(&store, "bob").await;
    let hook = endpoint(
        alice,
        "https://crm.example.com/",
        &[EventKind::PostPublished],
    );
    store.insert_webhook_endpoint(&hook, 20).await.unwrap();
    let ping = event(alice, EventKind::Ping, 0);
    let first = Delivery::new(hook.id, ping.id, T0);
    store.insert_webhook_ping(&ping, &first).await.unwrap();
    // A ping is fanned out already: nothing waits in the outbox.
    assert!(store.unfanned_webhook_events(10).await.unwrap().is_empty());
    let mut second = Delivery::new(hook.id, ping.id, T0 + Duration::seconds(5));
    second.created_at = T0 + Duration::seconds(5);
    store.insert_webhook_delivery(&second).await.unwrap();
    let log = store.webhook_deliveries(alice, hook.id, 10).await.unwrap();
    assert_eq!(
        log.iter().map(|i| i.delivery.id).collect::<Vec<_>>(),
        vec![second.id, first.id],
        "newest first"
    );
    assert!(
        log.iter()
            .all(|i| i.kind == EventKind::Ping && i.delivery.event == ping.id)
    );
    assert_eq!(
        store
            .webhook_deliveries(alice, hook.id, 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .webhook_deliveries(bob, hook.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .webhook_delivery(bob, first.id)
            .await
            .unwrap()
            .is_none()
    );

    // Old events go with their deliveries.
    let fresh = event(alice, EventKind::PostPublished, 3_600);
    store.insert_webhook_event(&fresh).await.unwrap();
    assert_eq!(
        store
            .purge_webhook_events(T0 + Duration::minutes(1))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .webhook_deliveries(alice, hook.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.unfanned_webhook_events(10).await.unwrap().len(), 1);

    // Deleting the user takes endpoints and events along.
    assert!(store.delete_user(alice).await.unwrap());
    assert!(store.webhook_endpoints(alice).await.unwrap().is_empty());
    assert!(store.unfanned_webhook_events(10).await.unwrap().is_empty());
}
