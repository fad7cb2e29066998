//! The whole chain over real HTTP: SocialFlow's web server → the Graph client
//! → the fake Instagram, for connecting an account through OAuth, refreshing
//! it, Instagram refusing the token, and what reaches the logs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::account::AccountStatus;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::{Language, RequestContext};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, FaultKind, RunningFakeGraph};
use socialflow_fakes::{ManualClock, MemoryStore};
use socialflow_graph::{GraphClient, GraphConfig};
use support::TestApp;

async fn with_fake() -> (TestApp, FakeGraph, RunningFakeGraph) {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let account = fake.seed_demo();
    fake.consent_as(&account);
    // The redirect URI must match the app's; the test server's address is
    // only known after it starts, so build the client in two steps.
    let app = TestApp::spawn().await;
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        app.url("/oauth/instagram/callback"),
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    drop(app);
    let app = TestApp::spawn_with(
        Arc::new(MemoryStore::new()),
        Arc::new(ManualClock::default()),
        client,
        true,
    )
    .await;
    (app, fake, running)
}

#[tokio::test]
async fn connect_through_instagrams_dialog_and_refresh() {
    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    // The client's redirect URI names a server that is gone; the path and
    // query are what matter, so replay them against this server.
    let c = app.logged_in("alice").await;
    let start = c
        .get(app.url("/oauth/instagram/start"))
        .send()
        .await
        .unwrap();
    let authorize = start.headers()["location"].to_str().unwrap().to_string();
    let dialog = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let back = dialog.get(&authorize).send().await.unwrap();
    let callback = back.headers()["location"].to_str().unwrap().to_string();
    let path = callback.split_once("/oauth/instagram/callback").unwrap().1;
    let done = c
        .get(app.url(&format!("/oauth/instagram/callback{path}")))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303, "{}", done.text().await.unwrap());

    let accounts = app.store.accounts_of(alice.id).await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].profile.username, "demo_roastery");
    assert_eq!(accounts[0].token.scopes.len(), 5);

    // Refresh now: Instagram answers; then it refuses the token.
    let refreshed = app
        .state
        .accounts
        .refresh(alice.id, accounts[0].id)
        .await
        .unwrap();
    assert_eq!(refreshed.profile.followers_count, Some(23_353));
    fake.faults().fail_next(1, FaultKind::TokenExpired);
    assert!(
        app.state
            .accounts
            .refresh(alice.id, accounts[0].id)
            .await
            .is_err()
    );
    let after = app
        .store
        .account(alice.id, accounts[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, AccountStatus::NeedsReconnect);
}

#[tokio::test]
async fn declined_dialog_saves_nothing() {
    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    fake.faults().deny_next_consent();
    let c = app.logged_in("alice").await;
    let start = c
        .get(app.url("/oauth/instagram/start"))
        .send()
        .await
        .unwrap();
    let authorize = start.headers()["location"].to_str().unwrap().to_string();
    let dialog = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let back = dialog.get(&authorize).send().await.unwrap();
    let callback = back.headers()["location"].to_str().unwrap().to_string();
    let path = callback.split_once("/oauth/instagram/callback").unwrap().1;
    let page = c
        .get(app.url(&format!("/oauth/instagram/callback{path}")))
        .send()
        .await
        .unwrap();
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("The connection was cancelled in Instagram")
    );
    assert!(app.store.accounts_of(alice.id).await.unwrap().is_empty());
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn instagram_tokens_never_reach_the_logs() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    let demo = fake.seed_demo();
    let token = fake.issue_token(&demo);
    let long = LongLivedToken {
        token: SecretString::from(token.clone()),
        expires_in: time::Duration::days(60),
        permissions: None,
    };
    let account = app
        .state
        .accounts
        .attach(alice.id, long, None, &RequestContext::cli())
        .await
        .unwrap()
        .account;
    app.state
        .accounts
        .refresh(alice.id, account.id)
        .await
        .unwrap();
    fake.faults().fail_next(1, FaultKind::ServerError);
    let _ = app.state.accounts.refresh(alice.id, account.id).await;
    fake.faults().fail_next(1, FaultKind::DropConnection);
    let _ = app.state.accounts.refresh(alice.id, account.id).await;
    fake.faults().fail_next(1, FaultKind::TokenExpired);
    let _ = app.state.accounts.refresh(alice.id, account.id).await;

    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        text.contains("Instagram refused a call"),
        "the failures were logged: {text}"
    );
    assert!(!text.contains(&token), "an access token reached the logs");
    // Nor does the stored ciphertext hold it.
    let stored = app
        .store
        .account(alice.id, account.id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !stored
            .token
            .ciphertext
            .0
            .windows(token.len())
            .any(|w| w == token.as_bytes())
    );
    assert_eq!(
        app.state
            .accounts
            .access(&stored)
            .unwrap()
            .token
            .expose_secret(),
        token
    );
}
