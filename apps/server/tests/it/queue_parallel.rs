//! "Add to queue" under load, on both real databases: 25 requests at once
//! for one account get 25 different slots (the slot is re-checked in the
//! transaction that schedules the post, the account's writers serialised).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::json;
use socialflow_core::Language;
use socialflow_core::posts::MediaClass;
use socialflow_core::storage::{HealthRepo, Store};
use socialflow_sql::{ScratchDatabase, SqliteStore};

use crate::support::TestApp;

async fn twenty_five_at_once(store: Arc<dyn Store>) {
    let app = TestApp::builder().store(store).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let tok = app.api_token(&alice).await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let slots = json!({"slots": [
        {"weekday": "mon", "time": "09:00"}, {"weekday": "wed", "time": "12:30"},
        {"weekday": "fri", "time": "18:00"}]});
    let (s, body) = app
        .api_call(
            &tok,
            reqwest::Method::PUT,
            &format!("/api/v1/accounts/{acc}/queue-slots"),
            Some(slots),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let mut ids = Vec::new();
    for i in 0..25 {
        let (s, body) = app
            .create_post(&tok, json!({"account_id": acc, "kind": "post", "media_ids": [img], "caption": format!("#{i}")}))
            .await;
        assert_eq!(s, 201, "{body}");
        ids.push(body["post"]["id"].as_str().unwrap().to_string());
    }
    let client = reqwest::Client::new();
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let req = client
                .post(app.url(&format!("/api/v1/posts/{id}/queue")))
                .bearer_auth(&tok)
                .send();
            tokio::spawn(async move {
                let resp = req.await.unwrap();
                let status = resp.status().as_u16();
                (status, resp.json::<serde_json::Value>().await.unwrap())
            })
        })
        .collect();
    let mut times = HashSet::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(
            times.insert(body["scheduled_at"].as_str().unwrap().to_string()),
            "slot {} given twice",
            body["scheduled_at"]
        );
    }
    assert_eq!(times.len(), 25);
    // What the database holds agrees: 25 posts, 25 times.
    let (_, posts) = app
        .api_get(
            &tok,
            &format!("/api/v1/posts?account_id={acc}&state=scheduled&limit=100"),
        )
        .await;
    let stored: HashSet<_> = posts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["scheduled_at"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(stored.len(), 25);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_five_concurrent_adds_get_twenty_five_slots_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("q.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    twenty_five_at_once(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_five_concurrent_adds_get_twenty_five_slots_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap_or_else(|e| panic!("{e}"));
    twenty_five_at_once(Arc::new(store)).await;
    scratch.drop_database().await.unwrap();
}
