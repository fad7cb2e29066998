//! Notices a user must hear of at once (issue 18) do not wait for the
//! worker's 5-minute producer pass: an account needing reconnection is
//! noticed within a tick of the notification loop, and a failed post as
//! soon as the publisher rings the loop. The loop here runs its full pass
//! only at the start (then every 1,000 ticks), so what appears later came
//! through the urgent path.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use socialflow_core::notifications::{
    Notification, NotificationKind, NotificationProducer, NotificationService, ProducerStorage,
};
use socialflow_core::posts::{MediaClass, PostId, PostState};
use socialflow_core::{Language, UserId};
use socialflow_worker::{NotificationJob, run_notifications};
use tokio::sync::{Notify, watch};

use crate::support::TestApp;

async fn kinds(service: &NotificationService, owner: UserId) -> Vec<NotificationKind> {
    let all: Vec<Notification> = service.list(owner, 100).await.unwrap();
    all.into_iter().map(|n| n.kind).collect()
}

/// Waits up to 3 s for a notification of `kind`.
async fn arrives(service: &NotificationService, owner: UserId, kind: NotificationKind) -> bool {
    for _ in 0..60 {
        if kinds(service, owner).await.contains(&kind) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_posts_and_reconnects_are_notified_without_waiting_for_the_pass() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let service = NotificationService::new(app.store.clone(), app.store.clone(), app.clock.clone());
    let s = &app.store;
    let producer = NotificationProducer::new(
        ProducerStorage {
            notifications: s.clone(),
            users: s.clone(),
            accounts: s.clone(),
            posts: s.clone(),
            inbox: s.clone(),
            followers: s.clone(),
            insights: s.clone(),
            media: s.clone(),
            automation: s.clone(),
        },
        service.clone(),
        app.clock.clone(),
    );
    let job = NotificationJob {
        producer,
        service: service.clone(),
        worker_id: "test-worker".into(),
    };
    let wake = Arc::new(Notify::new());
    let (stop, rx) = watch::channel(false);
    let running = tokio::spawn(run_notifications(
        job,
        Duration::from_millis(100),
        1000,
        wake.clone(),
        rx,
    ));
    // The first (full) pass finds nothing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(kinds(&service, alice.id).await.is_empty());

    // A post fails (as the publisher records it).
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let (_, saved) = app
        .create_post(
            &tok,
            json!({"account_id": acc, "kind": "post", "media_ids": [img], "caption": "Failing"}),
        )
        .await;
    let id: uuid::Uuid = saved["post"]["id"].as_str().unwrap().parse().unwrap();
    let mut p = app.store.post(alice.id, PostId(id)).await.unwrap().unwrap();
    p.state = PostState::Failed;
    p.reason = Some("Media rejected".into());
    p.version += 1;
    assert!(app.store.update_post(&p).await.unwrap());
    // Ticks alone do not read every owner's posts (that is the full pass)…
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        !kinds(&service, alice.id)
            .await
            .contains(&NotificationKind::PostFailed),
        "no failed-post scan on a plain tick"
    );
    // …the publisher's ring does, at once.
    wake.notify_one();
    assert!(
        arrives(&service, alice.id, NotificationKind::PostFailed).await,
        "the failed post is noticed when the publisher rings"
    );
    let failed = service.list(alice.id, 100).await.unwrap();
    assert_eq!(failed[0].link, format!("/content/{id}"));

    // The token stops working (seen by any process): noticed within a
    // tick, no ring needed.
    let account = app.store.account(alice.id, acc).await.unwrap().unwrap();
    app.state
        .accounts
        .mark_needs_reconnect(&account, "the access token expired")
        .await
        .unwrap();
    assert!(
        arrives(&service, alice.id, NotificationKind::AccountReconnect).await,
        "the reconnect notice comes within a tick"
    );
    // Once each, however many ticks pass.
    tokio::time::sleep(Duration::from_millis(300)).await;
    wake.notify_one();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(kinds(&service, alice.id).await.len(), 2);

    stop.send(true).unwrap();
    running.await.unwrap();
}
