//! A test world over the fake Instagram: the fake Graph server running, the
//! app talking to it through the real Graph client on a manual clock, and
//! alice (Russian) with the fake's demo account attached.

use std::sync::Arc;

use secrecy::SecretString;
use socialflow_core::account::Account;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::{Language, RequestContext, User};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, RunningFakeGraph, SeededAccount};
use socialflow_fakes::ManualClock;
use socialflow_graph::{GraphClient, GraphConfig};
use time::Duration;

use super::TestApp;

pub struct GraphWorld {
    pub fake: FakeGraph,
    /// Keeps the fake's server up for the test's life.
    pub running: RunningFakeGraph,
    pub app: TestApp,
    pub clock: Arc<ManualClock>,
    pub alice: User,
    pub seeded: SeededAccount,
    pub account: Account,
}

impl GraphWorld {
    pub async fn start(config: FakeGraphConfig) -> Self {
        let fake = FakeGraph::new(config);
        let running = fake.start().await.unwrap();
        let mut cfg = GraphConfig::new(
            "fake-app-id",
            SecretString::from("fake-app-secret".to_string()),
            "http://127.0.0.1/oauth/instagram/callback".to_string(),
        );
        cfg.graph_base_url = running.base_url.clone();
        cfg.oauth_base_url = running.base_url.clone();
        let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
        let clock = Arc::new(ManualClock::new(fake.now()));
        let app = TestApp::builder()
            .clock(clock.clone())
            .instagram(client)
            .spawn()
            .await;
        let alice = app.add_user("alice", Language::Ru).await;
        let seeded = fake.seed_demo();
        let account = app
            .state
            .accounts
            .attach(
                alice.id,
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
            .account;
        GraphWorld {
            fake,
            running,
            app,
            clock,
            alice,
            seeded,
            account,
        }
    }
}
