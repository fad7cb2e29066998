//! `Idempotency-Key` over real HTTP: a retry replays the first answer and
//! creates nothing; the same key with another body is refused; 25 requests
//! racing with one key make exactly one post, on memory, SQLite and
//! MariaDB; an upload replayed stores no second file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use serde_json::{Value, json};
use socialflow_core::posts::MediaClass;
use socialflow_core::{HealthRepo, Language, Store};
use socialflow_fakes::ManualClock;
use socialflow_sql::{ScratchDatabase, SqliteStore};

use crate::support::{TestApp, fixture};

struct Answer {
    status: u16,
    replayed: bool,
    body: Value,
    raw: String,
}

async fn create(app: &TestApp, tok: &str, key: Option<&str>, body: &Value) -> Answer {
    let mut req = reqwest::Client::new()
        .post(app.url("/api/v1/posts"))
        .bearer_auth(tok)
        .json(body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    answer(req.send().await.unwrap()).await
}

async fn answer(resp: reqwest::Response) -> Answer {
    let status = resp.status().as_u16();
    let replayed = resp
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    let raw = resp.text().await.unwrap();
    Answer {
        status,
        replayed,
        body: serde_json::from_str(&raw).unwrap_or(Value::Null),
        raw,
    }
}

async fn post_count(app: &TestApp, tok: &str) -> usize {
    let (_, list) = app.api_get(tok, "/api/v1/posts").await;
    list.as_array().map_or(0, Vec::len)
}

struct Seeded {
    tok: String,
    body: Value,
}

async fn seed(app: &TestApp) -> Seeded {
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "shop").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let body = json!({
        "account_id": acc, "kind": "post", "media_ids": [img],
        "caption": "once", "scheduled_at": "2026-03-10T09:30:00Z",
    });
    Seeded { tok, body }
}

#[tokio::test]
async fn a_retry_replays_the_first_answer_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let s = seed(&app).await;
    let first = create(&app, &s.tok, Some("order-42"), &s.body).await;
    assert_eq!(first.status, 201, "{}", first.raw);
    assert!(!first.replayed);
    let again = create(&app, &s.tok, Some("order-42"), &s.body).await;
    assert_eq!(again.status, 201);
    assert!(again.replayed, "Idempotent-Replayed: true");
    assert_eq!(again.raw, first.raw, "the same body, byte for byte");
    assert_eq!(post_count(&app, &s.tok).await, 1);

    // Without a key every request counts (the feature is opt-in).
    create(&app, &s.tok, None, &s.body).await;
    assert_eq!(post_count(&app, &s.tok).await, 2);

    // Keys are per user: Bob's "order-42" is his own.
    let bob = app.add_user("bob", Language::En).await;
    let bob_acc = app.add_account(&bob, "bobshop").await;
    let bob_img = app
        .media
        .add(bob.id, MediaClass::Image, "https://cdn.test/b.jpg");
    let bob_tok = app.api_token(&bob).await;
    let mut bob_body = s.body.clone();
    bob_body["account_id"] = json!(bob_acc);
    bob_body["media_ids"] = json!([bob_img]);
    let theirs = create(&app, &bob_tok, Some("order-42"), &bob_body).await;
    assert_eq!(theirs.status, 201, "{}", theirs.raw);
    assert!(!theirs.replayed);
}

#[tokio::test]
async fn a_refusal_is_replayed_too_and_another_body_is_refused() {
    let app = TestApp::spawn().await;
    let s = seed(&app).await;
    let mut past = s.body.clone();
    past["scheduled_at"] = json!("2025-03-10T09:30:00Z");
    let first = create(&app, &s.tok, Some("k-1"), &past).await;
    assert_eq!(first.status, 422);
    let again = create(&app, &s.tok, Some("k-1"), &past).await;
    assert_eq!((again.status, again.replayed), (422, true));

    let other = create(&app, &s.tok, Some("k-1"), &s.body).await;
    assert_eq!(other.status, 422);
    assert!(!other.replayed);
    assert_eq!(other.body["code"], "idempotency_key_reused");
    assert_eq!(post_count(&app, &s.tok).await, 0);

    // The same key on another path is another request.
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/posts/import"))
        .bearer_auth(&s.tok)
        .header("idempotency-key", "k-1")
        .header("content-type", "text/csv")
        .body("account,kind,media\nshop,post,a.jpg\n")
        .send()
        .await
        .unwrap();
    assert_eq!(answer(resp).await.body["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn bad_keys_are_refused_before_anything_runs() {
    let app = TestApp::spawn().await;
    let s = seed(&app).await;
    for key in ["k".repeat(256), "   ".to_string()] {
        let a = create(&app, &s.tok, Some(&key), &s.body).await;
        assert_eq!(a.status, 400, "{key:?}");
        assert_eq!(a.body["code"], "invalid_idempotency_key");
    }
    assert!(
        create(&app, &s.tok, Some(&"k".repeat(255)), &s.body)
            .await
            .status
            == 201
    );
    assert_eq!(post_count(&app, &s.tok).await, 1);
}

#[tokio::test]
async fn an_upload_replayed_stores_no_second_file() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let tok = app.api_token(&alice).await;
    let upload = |bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("p.jpg"),
        );
        reqwest::Client::new()
            .post(app.url("/api/v1/media"))
            .bearer_auth(&tok)
            .header("idempotency-key", "upload-1")
            .multipart(form)
            .send()
    };
    let first = answer(upload(fixture("portrait-4x5.jpg")).await.unwrap()).await;
    assert_eq!(first.status, 201, "{}", first.raw);
    let again = answer(upload(fixture("portrait-4x5.jpg")).await.unwrap()).await;
    assert_eq!((again.status, again.replayed), (201, true));
    assert_eq!(again.body["id"], first.body["id"]);
    let (_, files) = app.api_get(&tok, "/api/v1/media").await;
    assert_eq!(files.as_array().unwrap().len(), 1, "one file stored");
    // Another file with the same key is refused.
    let other = answer(upload(fixture("half.jpg")).await.unwrap()).await;
    assert_eq!(other.status, 422, "{}", other.raw);
    assert_eq!(other.body["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn an_import_retried_imports_once() {
    let app = TestApp::spawn().await;
    let s = seed(&app).await;
    let csv = "account,kind,time,media\nshop,post,2026-03-10 09:30,a.jpg\nshop,post,2026-03-11 09:30,a.jpg\n";
    let send = || {
        reqwest::Client::new()
            .post(app.url("/api/v1/posts/import?dry_run=false"))
            .bearer_auth(&s.tok)
            .header("idempotency-key", "import-1")
            .header("content-type", "text/csv")
            .body(csv)
            .send()
    };
    let first = answer(send().await.unwrap()).await;
    assert_eq!(first.status, 201, "{}", first.raw);
    let again = answer(send().await.unwrap()).await;
    assert!(again.replayed);
    assert_eq!(again.raw, first.raw);
    assert_eq!(post_count(&app, &s.tok).await, 2);
}

/// 25 requests with one key at once: one post, one answer that is not a
/// replay, and every other either its replay or "in progress".
async fn parallel_requests_make_one_post(app: &TestApp) {
    let s = seed(app).await;
    let app_url = app.url("/api/v1/posts");
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let url = app_url.clone();
            let tok = s.tok.clone();
            let body = s.body.clone();
            tokio::spawn(async move {
                let resp = reqwest::Client::new()
                    .post(url)
                    .bearer_auth(tok)
                    .header("idempotency-key", "same-key")
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                answer(resp).await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let fresh: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status == 201 && !a.replayed)
        .collect();
    assert_eq!(fresh.len(), 1, "exactly one request ran");
    for a in &answers {
        match (a.status, a.replayed) {
            (201, true) => assert_eq!(a.raw, fresh[0].raw),
            (201, false) => {}
            (409, false) => assert_eq!(a.body["code"], "idempotency_key_in_progress"),
            other => panic!("unexpected answer {other:?}: {}", a.raw),
        }
    }
    assert_eq!(post_count(app, &s.tok).await, 1, "one post");
}

#[tokio::test]
async fn parallel_requests_with_one_key_make_one_post_in_memory() {
    let app = TestApp::spawn().await;
    parallel_requests_make_one_post(&app).await;
}

#[tokio::test]
async fn parallel_requests_with_one_key_make_one_post_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("idem.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let app = TestApp::builder()
        .store(Arc::new(store))
        .clock(Arc::new(ManualClock::default()))
        .spawn()
        .await;
    parallel_requests_make_one_post(&app).await;
}

#[tokio::test]
async fn parallel_requests_with_one_key_make_one_post_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = Arc::new(scratch.store().await.unwrap());
    let app = TestApp::builder()
        .store(store.clone() as Arc<dyn Store>)
        .spawn()
        .await;
    let outcome = tokio::spawn(async move {
        parallel_requests_make_one_post(&app).await;
    })
    .await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}
