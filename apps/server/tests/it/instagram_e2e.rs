//! The whole chain over real HTTP: SocialFlow's web server → the Graph client
//! → the fake Instagram, for connecting an account through OAuth, refreshing
//! it, Instagram refusing the token, and what reaches the logs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{Session, TestApp};
use secrecy::SecretString;
use socialflow_core::Language;
use socialflow_core::account::AccountStatus;
use socialflow_core::instagram::InstagramApi;
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, FaultKind, RunningFakeGraph};
use socialflow_graph::{GraphClient, GraphConfig};

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
    let app = TestApp::builder().instagram(client).spawn().await;
    (app, fake, running)
}

/// Connect → Instagram's dialog (the fake decides) → back to the callback.
/// The client's redirect URI names a server that is gone; the path and query
/// are what matter, so they are replayed against this server.
async fn through_the_dialog(_app: &TestApp, c: &Session) -> reqwest::Response {
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

#[tokio::test]
async fn connect_through_instagrams_dialog_and_refresh() {
    let (app, fake, _running) = with_fake().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let done = through_the_dialog(&app, &c).await;
    assert_eq!(done.status(), 303, "{}", done.text().await.unwrap());

    let accounts = app.store.accounts_of(alice.id).await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].profile.username, "demo_roastery");
    assert_eq!(accounts[0].token.scopes.len(), 5);

    // The first inbox sync starts in the background on connect; let it end
    // so the fault below is met by the refresh, not by that sync.
    for _ in 0..200 {
        if app.state.live.syncing(alice.id).await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(app.state.live.syncing(alice.id).await.unwrap().is_empty());

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
    let c = app.login_as("alice").await;
    let page = through_the_dialog(&app, &c).await;
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("The connection was cancelled in Instagram")
    );
    assert!(app.store.accounts_of(alice.id).await.unwrap().is_empty());
}
