//! Instagram access tokens never reach the logs, even when calls fail.
//! In the `logs` binary, never beside other tests: tracing's per-thread
//! subscriber must not race them for callsite registration.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{CapturedLogs, TestApp};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::{Language, RequestContext};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, FaultKind, RunningFakeGraph};
use socialflow_graph::{GraphClient, GraphConfig};

async fn with_fake() -> (TestApp, FakeGraph, RunningFakeGraph) {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/oauth/instagram/callback",
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let app = TestApp::builder().instagram(client).spawn().await;
    (app, fake, running)
}

#[tokio::test(flavor = "current_thread")]
async fn instagram_tokens_never_reach_the_logs() {
    let logs = CapturedLogs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .finish();
    let _alone = crate::ONE_AT_A_TIME.lock().await;
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

    let text = logs.text();
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
