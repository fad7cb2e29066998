//! How many SQL statements authenticated requests cost, counted from sqlx's
//! own statement log (`sqlx::query` events), on a SQLite file and on
//! MariaDB. A binary of its own: the counting subscriber is process-wide
//! (SQLite runs statements on its worker threads, so a per-thread
//! subscriber would miss them), and nothing else may query meanwhile; the
//! tests take turns (`ONE_AT_A_TIME`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../it/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::storage::HealthRepo;
use socialflow_core::{Language, RequestContext, Store};
use socialflow_sql::{ScratchDatabase, SqliteStore};
use support::TestApp;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, filter::Targets};

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
static STATEMENTS: AtomicU64 = AtomicU64::new(0);
/// The statements' summaries, for the failure messages.
static TEXTS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

struct CountStatements;

struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" || field.name() == "db.statement" {
            self.0.push_str(&format!("{value:?} "));
        }
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" || field.name() == "db.statement" {
            self.0.push_str(value);
            self.0.push(' ');
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            let mut summary = Summary(String::new());
            event.record(&mut summary);
            TEXTS.lock().unwrap().push(summary.0);
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn count_statements() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        tracing_subscriber::registry()
            .with(
                CountStatements
                    .with_filter(Targets::new().with_target("sqlx::query", tracing::Level::TRACE)),
            )
            .init();
    });
}

/// Statements run while `f` runs (their summaries are printed, and shown
/// when an assertion fails).
async fn statements_of<F: std::future::Future<Output = u16>>(f: F) -> (u16, u64) {
    TEXTS.lock().unwrap().clear();
    let before = STATEMENTS.load(Ordering::SeqCst);
    let status = f.await;
    let n = STATEMENTS.load(Ordering::SeqCst) - before;
    println!("{status} after {n} statements: {:?}", TEXTS.lock().unwrap());
    (status, n)
}

async fn get(client: &reqwest::Client, url: String, auth: (&str, String)) -> u16 {
    client
        .get(url)
        .header(auth.0, auth.1)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn queries_per_request(store: Arc<dyn Store>) {
    let app = TestApp::builder().store(store).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let (token_row, token) = app
        .state
        .auth
        .create_api_token(alice.id, "t", &RequestContext::cli())
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let me = app.url("/api/v1/me");
    let bearer = || ("authorization", format!("Bearer {}", token.expose_secret()));

    // First use of the token: read it, write its last-use time, read the user.
    let (status, n) = statements_of(get(&client, me.clone(), bearer())).await;
    assert_eq!((status, n), (200, 3), "a token's first request");
    // Then the answer is cached: no statement at all.
    for _ in 0..10 {
        let (status, n) = statements_of(get(&client, me.clone(), bearer())).await;
        assert_eq!((status, n), (200, 0), "a cached token's request");
    }
    // The post list: only the list itself.
    let (status, n) = statements_of(get(&client, app.url("/api/v1/posts"), bearer())).await;
    assert_eq!((status, n), (200, 1), "the post list");

    // Revoked: the very next request reads the token again and is refused.
    assert!(
        app.state
            .auth
            .revoke_api_token(alice.id, token_row.id, &RequestContext::cli())
            .await
            .unwrap()
    );
    let (status, n) = statements_of(get(&client, me.clone(), bearer())).await;
    assert_eq!((status, n), (401, 1), "a revoked token's request");

    // A session cookie: the session and the user once, then nothing.
    let ctx = RequestContext::new("127.0.0.1", None);
    let login = app
        .state
        .auth
        .login(
            "alice",
            &SecretString::from(support::PASSWORD.to_string()),
            &ctx,
        )
        .await
        .unwrap();
    let cookie = || {
        (
            "cookie",
            format!("sf_session={}", login.session_secret.expose_secret()),
        )
    };
    let (status, n) = statements_of(get(&client, me.clone(), cookie())).await;
    assert_eq!((status, n), (200, 2), "a session's first request");
    let (status, n) = statements_of(get(&client, me.clone(), cookie())).await;
    assert_eq!((status, n), (200, 0), "a cached session's request");
    // Logged out: the very next request reads the session again, refused.
    app.state
        .auth
        .logout(login.session_secret.expose_secret(), &ctx)
        .await
        .unwrap();
    let (status, n) = statements_of(get(&client, me, cookie())).await;
    assert_eq!((status, n), (401, 1), "a logged-out session's request");
}

#[tokio::test]
async fn authenticated_requests_on_sqlite_cost_no_query_once_cached() {
    let _alone = ONE_AT_A_TIME.lock().await;
    count_statements();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("q.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let store = Arc::new(store);
    queries_per_request(store.clone()).await;
    // Closing runs SQLite's own statements (`PRAGMA optimize`): done here,
    // while this test holds the turn, so they do not count for the next.
    store.pool().close().await;
}

#[tokio::test]
async fn authenticated_requests_on_mariadb_cost_no_query_once_cached() {
    let _alone = ONE_AT_A_TIME.lock().await;
    count_statements();
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = Arc::new(scratch.store().await.unwrap());
    let outcome = tokio::spawn(queries_per_request(store.clone())).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}
