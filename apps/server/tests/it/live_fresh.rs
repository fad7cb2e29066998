//! Fresh inbox data (issue 18) over real HTTP: connecting an account
//! through Instagram's dialog starts its first sync at once (the fake
//! Instagram serves it), the dashboard and inbox say "fetching" while a
//! first sync is pending, the worker's first pass syncs stale accounts and
//! picks up requested ones, and the inbox event stream tells the owner —
//! and only the owner — about a webhook's comment without its text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration as StdDuration;

use crate::support::{META_SECRET, Session, TestApp};
use secrecy::SecretString;
use serde_json::json;
use socialflow_core::account::Account;
use socialflow_core::inbox::{LiveKind, SyncMode};
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::live::TrackedSync;
use socialflow_core::{Language, RequestContext};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, RunningFakeGraph};
use socialflow_graph::{GraphClient, GraphConfig};
use socialflow_worker::{InboxSchedule, InboxSyncJob};
use time::Duration;

/// A test app talking to the fake Instagram, whose redirect URI is this
/// app's callback (the address is only known once a server runs).
async fn with_fake() -> (TestApp, FakeGraph, RunningFakeGraph) {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let account = fake.seed_demo();
    fake.consent_as(&account);
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/oauth/instagram/callback".to_string(),
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let clock = Arc::new(socialflow_fakes::ManualClock::new(fake.now()));
    let app = TestApp::builder()
        .clock(clock)
        .instagram(client)
        .spawn()
        .await;
    (app, fake, running)
}

/// Connect → Instagram's dialog → back to our callback.
async fn through_the_dialog(c: &Session) -> reqwest::Response {
    let start = c.visit("/oauth/instagram/start").await;
    let authorize = start.headers()["location"].to_str().unwrap().to_string();
    let dialog = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let back = dialog.get(&authorize).send().await.unwrap();
    let callback = back.headers()["location"].to_str().unwrap().to_string();
    let path = callback.split_once("/oauth/instagram/callback").unwrap().1;
    c.visit(&format!("/oauth/instagram/callback{path}")).await
}

fn comment_calls(fake: &FakeGraph) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.path.ends_with("/comments") && r.method == "GET")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_an_account_syncs_its_inbox_without_waiting_for_the_poll() {
    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    assert_eq!(comment_calls(&fake), 0);
    let done = through_the_dialog(&c).await;
    assert_eq!(done.status(), 303, "{}", done.text().await.unwrap());
    let account = app.store.accounts_of(alice.id).await.unwrap().remove(0);

    // No worker runs in this test: only the connection can have synced.
    let mut synced = false;
    for _ in 0..200 {
        let states = app.store.inbox_sync_states(alice.id).await.unwrap();
        if states
            .iter()
            .any(|s| s.account == account.id && s.finished_at.is_some())
        {
            synced = true;
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    assert!(synced, "the first sync completed");
    assert!(comment_calls(&fake) > 0, "comments were fetched");
    let states = app.store.inbox_sync_states(alice.id).await.unwrap();
    assert_eq!(states[0].requested_at, None, "the request is done");
    let counts = app.state.inbox.counts(alice.id).await.unwrap();
    assert!(counts.unanswered_comments > 0, "{counts:?}");
    // The dashboard shows the count, not "fetching" and not 0.
    let dashboard = c.get_page("/").await;
    let figure = format!("{} unanswered", counts.unanswered_comments);
    assert!(dashboard.contains(&figure), "{figure} in the dashboard");
    assert!(!dashboard.contains("Fetching comments"));
    // The open pages were told.
    let events = app.store.live_events_after(alice.id, 0, 10).await.unwrap();
    assert!(events.iter().any(|e| e.kind == LiveKind::Synced));
}

/// An account attached directly (as a connection does), with the fake's
/// token.
async fn attach(app: &TestApp, fake: &FakeGraph, owner: &socialflow_core::User) -> Account {
    let seeded = fake.seed_demo();
    app.state
        .accounts
        .attach(
            owner.id,
            LongLivedToken {
                token: SecretString::from(fake.issue_token(&seeded)),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account
}

#[tokio::test]
async fn pages_say_fetching_while_the_first_sync_is_pending() {
    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = attach(&app, &fake, &alice).await;
    app.state.live.request_sync(&account).await.unwrap();
    let c = app.login_as("alice").await;
    let dashboard = c.get_page("/").await;
    assert!(dashboard.contains("Fetching comments…"), "{dashboard}");
    assert!(dashboard.contains("Fetching messages…"));
    assert!(!dashboard.contains("0 unanswered"), "never a wrong 0");
    let inbox = c
        .get_page(&format!("/inbox/posts?account={}", account.id))
        .await;
    assert!(inbox.contains("Fetching your comments and messages…"));

    let done = app
        .state
        .live
        .sync(&account, SyncMode::Background)
        .await
        .unwrap();
    assert!(matches!(done, TrackedSync::Done(r) if !r.deferred));
    let dashboard = c.get_page("/").await;
    assert!(!dashboard.contains("Fetching comments…"));
    assert!(dashboard.contains("unanswered"));
    let inbox = c
        .get_page(&format!("/inbox/posts?account={}", account.id))
        .await;
    assert!(!inbox.contains("Fetching your comments and messages…"));
}

#[tokio::test]
async fn the_worker_start_syncs_stale_accounts_and_picks_up_requests() {
    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = attach(&app, &fake, &alice).await;
    let schedule = InboxSchedule::default();
    let start = || {
        InboxSyncJob::new(
            app.state.inbox.clone(),
            app.store.clone(),
            app.clock.clone(),
        )
        .with_live(app.state.live.clone())
        .with_schedule(schedule)
    };

    // Never synced: the first pass of a starting worker syncs it at once
    // (without tracking it would wait for an offset inside 15 minutes).
    let job = start();
    assert_eq!(job.run_once().await.unwrap().synced, 1);
    assert!(
        app.state
            .inbox
            .counts(alice.id)
            .await
            .unwrap()
            .unanswered_comments
            > 0
    );

    // A worker restarting 10 minutes later leaves the fresh inbox alone…
    app.clock.advance(Duration::minutes(10));
    assert_eq!(start().run_once().await.unwrap().synced, 0);
    // …and one starting after 30 minutes syncs it at once.
    app.clock.advance(Duration::minutes(20));
    let job = start();
    assert_eq!(job.run_once().await.unwrap().synced, 1);

    // A first sync asked for elsewhere (a server that stopped) is picked
    // up by the running worker's next pass, not after its interval.
    app.clock.advance(Duration::minutes(1));
    assert_eq!(job.run_once().await.unwrap().synced, 0, "not due");
    app.state.live.request_sync(&account).await.unwrap();
    assert_eq!(job.run_once().await.unwrap().synced, 1);
    assert!(
        app.store.inbox_sync_states(alice.id).await.unwrap()[0]
            .requested_at
            .is_none()
    );
}

#[tokio::test]
async fn a_sync_claimed_by_another_process_is_not_run_twice() {
    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = attach(&app, &fake, &alice).await;
    let now = socialflow_core::Clock::now(&*app.clock);
    assert!(
        app.store
            .claim_inbox_sync(account.id, now, now - Duration::minutes(10))
            .await
            .unwrap()
    );
    let before = fake.requests().len();
    let r = app
        .state
        .live
        .sync(&account, SyncMode::Background)
        .await
        .unwrap();
    assert_eq!(r, TrackedSync::Busy);
    assert_eq!(fake.requests().len(), before, "no call to Instagram");
}

// ---------------------------------------------------------------- streams

fn signed(body: &str) -> String {
    socialflow_crypto::sign_webhook(META_SECRET, body.as_bytes())
}

async fn deliver(app: &TestApp, body: &str) {
    let r = reqwest::Client::new()
        .post(app.url("/webhooks/instagram"))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signed(body))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

fn comment_webhook(ig_user_id: &str, id: &str, text: &str) -> String {
    json!({"object":"instagram","entry":[{"id": ig_user_id, "time": 1718000000, "changes":[
        {"field":"comments","value":{"id": id, "text": text,
          "from":{"id":"61","username":"webhook_fan"},"media":{"id":"17800000000000009"}}}]}]})
    .to_string()
}

/// Reads a stream's bytes for up to `wait`, or until `enough` says so.
async fn read_for(
    resp: &mut reqwest::Response,
    wait: StdDuration,
    enough: impl Fn(&str) -> bool,
) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    while !enough(&seen) {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, resp.chunk()).await {
            Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            // Closed, failed, or out of time.
            _ => break,
        }
    }
    seen
}

fn events_in(stream: &str) -> Vec<serde_json::Value> {
    stream
        .split("\n\n")
        .filter(|frame| frame.contains("event: inbox"))
        .filter_map(|frame| frame.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_reaches_the_owners_event_stream_and_nobody_elses() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let shop = app.add_account(&alice, "roastery").await;
    app.add_account(&bob, "bakery").await;
    let a = app.login_as("alice").await;
    let b = app.login_as("bob").await;
    // Signed out: no stream.
    let anon = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/inbox/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 303);

    let mut alices = a.visit("/inbox/events").await;
    assert_eq!(alices.status(), 200);
    assert_eq!(
        alices.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    assert!(alices.headers().get("content-encoding").is_none());
    let mut bobs = b.visit("/inbox/events").await;
    assert_eq!(bobs.status(), 200);

    deliver(
        &app,
        &comment_webhook("ig-roastery", "17900000000000001", "Secret words, no leak"),
    )
    .await;
    let seen = read_for(&mut alices, StdDuration::from_secs(10), |s| {
        s.contains("event: inbox")
    })
    .await;
    let events = events_in(&seen);
    assert_eq!(events.len(), 1, "{seen}");
    let e = &events[0];
    assert_eq!(e["kind"], "comment");
    assert_eq!(e["item"], "17900000000000001");
    assert_eq!(e["account"], shop.to_string());
    assert_eq!(e["counts"]["comments"], 1);
    assert_eq!(e["label"], "1 new comment or message");
    assert!(!seen.contains("Secret words"), "no text in events");
    assert!(seen.contains(&format!("id: {}", e["seq"])));

    // Bob's stream hears nothing of it (two polls and more).
    let bob_saw = read_for(&mut bobs, StdDuration::from_secs(5), |s| {
        s.contains("event: inbox")
    })
    .await;
    assert!(!bob_saw.contains("event: inbox"), "{bob_saw}");

    // A second comment: the label counts both.
    deliver(
        &app,
        &comment_webhook("ig-roastery", "17900000000000002", "again"),
    )
    .await;
    let seen = read_for(&mut alices, StdDuration::from_secs(10), |s| {
        s.contains("event: inbox")
    })
    .await;
    assert_eq!(events_in(&seen)[0]["label"], "2 new comments and messages");

    // Resuming after the first event replays the second only.
    let first: u64 = e["seq"].as_u64().unwrap();
    let mut resumed = a
        .get(a.url("/inbox/events"))
        .header("last-event-id", first.to_string())
        .send()
        .await
        .unwrap();
    let seen = read_for(&mut resumed, StdDuration::from_secs(10), |s| {
        s.contains("event: inbox")
    })
    .await;
    let replay = events_in(&seen);
    assert_eq!(replay.len(), 1);
    assert_eq!(replay[0]["item"], "17900000000000002");
    drop(resumed);

    // Open streams are capped per user (4). Alice holds one, and the
    // resumed one counts until the server notices it was dropped.
    let mut extra = Vec::new();
    let mut refused = 0;
    for _ in 0..4 {
        let r = a.visit("/inbox/events").await;
        match r.status().as_u16() {
            200 => extra.push(r),
            429 => refused += 1,
            other => panic!("status {other}"),
        }
    }
    assert!((2..=3).contains(&extra.len()), "{} opened", extra.len());
    assert_eq!(extra.len() + refused, 4);
    // Another user's streams are not affected by alice's.
    assert_eq!(b.visit("/inbox/events").await.status(), 200);
    drop(extra);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_event_stream() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let a = app.login_as("alice").await;
    let mut stream = a.visit("/inbox/events").await;
    assert_eq!(stream.status(), 200);
    let r = a.post_form("/logout", &[]).await;
    assert!(r.status().is_redirection() || r.status().is_success());
    // The session is checked every 10 seconds: the stream then ends.
    let started = tokio::time::Instant::now();
    let mut ended = false;
    while started.elapsed() < StdDuration::from_secs(20) {
        match tokio::time::timeout(StdDuration::from_secs(20), stream.chunk()).await {
            Ok(Ok(Some(_))) => continue,
            _ => {
                ended = true;
                break;
            }
        }
    }
    assert!(ended, "the stream closed after logout");
}

#[tokio::test]
async fn api_clients_poll_the_same_events_and_see_sync_status() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let shop = app.add_account(&alice, "roastery").await;
    let a = app.api_token(&alice).await;
    let b = app.api_token(&bob).await;
    let (s, start) = app.api_get(&a, "/api/v1/inbox/events").await;
    assert_eq!(s, 200, "{start}");
    assert_eq!(start["events"], json!([]));
    let latest = start["latest"].as_u64().unwrap();
    deliver(
        &app,
        &comment_webhook("ig-roastery", "17900000000000005", "hello there"),
    )
    .await;
    let (s, page) = app
        .api_get(&a, &format!("/api/v1/inbox/events?after={latest}"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(page["events"][0]["kind"], "comment");
    assert_eq!(page["events"][0]["item_id"], "17900000000000005");
    assert_eq!(page["events"][0]["account_id"], shop.to_string());
    assert!(!page.to_string().contains("hello there"));
    assert_eq!(page["latest"], page["events"][0]["seq"]);
    let (_, theirs) = app.api_get(&b, "/api/v1/inbox/events?after=0").await;
    assert_eq!(theirs["events"], json!([]), "bob sees none of alice's");
    let (s, bad) = app.api_get(&a, "/api/v1/inbox/events?after=-1").await;
    assert_eq!(s, 400, "{bad}");

    let (s, status) = app.api_get(&a, "/api/v1/inbox/sync-status").await;
    assert_eq!(s, 200);
    assert_eq!(status[0]["account_id"], shop.to_string());
    assert_eq!(status[0]["syncing"], false);
    let account = app.store.account(alice.id, shop).await.unwrap().unwrap();
    app.state.live.request_sync(&account).await.unwrap();
    let (_, status) = app.api_get(&a, "/api/v1/inbox/sync-status").await;
    assert_eq!(status[0]["syncing"], true);
}
