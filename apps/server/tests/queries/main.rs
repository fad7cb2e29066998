//! How many SQL statements authenticated requests cost, counted from sqlx's
//! own statement log (`sqlx::query` events), on a SQLite file and on
//! MariaDB. A binary of its own: the counting subscriber is process-wide
//! (SQLite runs statements on its worker threads, so a per-thread
//! subscriber would miss them), and nothing else may query meanwhile; the
//! tests take turns (`ONE_AT_A_TIME`).
//!
//! A cached request costs exactly one statement: the primary-key read of the
//! shared revocation epoch (`socialflow_core::auth_cache`), which is also
//! what makes two server instances over one database refuse a revoked
//! secret on the very next request (`two_servers`).

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

/// Statements of a warm dashboard page for a user without accounts, seen
/// on SQLite and MariaDB: the epoch; the policy notice (and, on a first
/// page, its acknowledgement); the header every page shows (the user's
/// workspaces for the switcher and the bell's unread count, one read);
/// the accounts; the inbox sync state; the two post lists; the onboarding
/// checklist's milestones, accounts, media and posts (resolving the
/// personal workspace itself costs nothing). (13 before the header read
/// its two parts in one statement; 12 before the workspace switcher.)
const DASHBOARD_STATEMENTS: u64 = 12;

/// Statements of the Analytics page answered `304 Not Modified` in the
/// personal workspace (a shared one adds its membership and principal
/// reads): the epoch, the header (workspaces and unread count, one read) and the
/// accounts with their analytics data versions (one read, the tag's
/// version); the policy notice costs none once acknowledged. (5 before the
/// header and the accounts were each read in one statement.)
const ANALYTICS_304_STATEMENTS: u64 = 3;

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
static STATEMENTS: AtomicU64 = AtomicU64::new(0);
/// The statements' summaries, for the failure messages.
static TEXTS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

struct CountStatements;

/// How the statements a new connection runs begin.
const CONNECTION_SETUP: [&str; 2] = ["PRAGMA journal_mode", "SET sql_mode"];

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
            // A connection the pool opens runs its set-up once (SQLite's
            // pragmas, MariaDB's session settings): not a request's cost,
            // and when the pool opens one varies from run to run.
            if CONNECTION_SETUP.iter().any(|p| summary.0.starts_with(p)) {
                return;
            }
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

    // First use of the token: the revocation epoch, the token, its last-use
    // time written, the user.
    let (status, n) = statements_of(get(&client, me.clone(), bearer())).await;
    assert_eq!((status, n), (200, 4), "a token's first request");
    // Then the answer is cached: only the epoch's primary-key read.
    for _ in 0..10 {
        let (status, n) = statements_of(get(&client, me.clone(), bearer())).await;
        assert_eq!((status, n), (200, 1), "a cached token's request");
    }
    // The post list: the epoch and the list itself.
    let (status, n) = statements_of(get(&client, app.url("/api/v1/posts"), bearer())).await;
    assert_eq!((status, n), (200, 2), "the post list");

    // Revoked: the very next request reads the token again and is refused.
    assert!(
        app.state
            .auth
            .revoke_api_token(alice.id, token_row.id, &RequestContext::cli())
            .await
            .unwrap()
    );
    let (status, n) = statements_of(get(&client, me.clone(), bearer())).await;
    assert_eq!((status, n), (401, 2), "a revoked token's request");

    // A session cookie: the epoch, the session and the user once, then the
    // epoch only.
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
    assert_eq!((status, n), (200, 3), "a session's first request");
    let (status, n) = statements_of(get(&client, me.clone(), cookie())).await;
    assert_eq!((status, n), (200, 1), "a cached session's request");
    // The dashboard page, warm (a user without accounts yet); see
    // DASHBOARD_STATEMENTS.
    let (status, n) = statements_of(get(&client, app.url("/"), cookie())).await;
    assert_eq!(status, 200, "the dashboard");
    assert!(
        n <= DASHBOARD_STATEMENTS,
        "the dashboard ran {n} statements"
    );
    // The Analytics page revalidated (issue 20, goal 2): the epoch, the
    // header and the accounts with their data versions decide the 304.
    let account = app.add_account(&alice, "alice_shop").await;
    let analytics = app.url(&format!("/analytics?account={}&range=30d", account.0));
    let first = client
        .get(&analytics)
        .header(cookie().0, cookie().1)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    let revalidate = async {
        client
            .get(&analytics)
            .header(cookie().0, cookie().1)
            .header("if-none-match", &tag)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let (status, n) = statements_of(revalidate).await;
    assert_eq!((status, n), (304, ANALYTICS_304_STATEMENTS), "a 304");

    // Logged out: the very next request reads the session again, refused.
    app.state
        .auth
        .logout(login.session_secret.expose_secret(), &ctx)
        .await
        .unwrap();
    let (status, n) = statements_of(get(&client, me, cookie())).await;
    assert_eq!((status, n), (401, 2), "a logged-out session's request");
}

/// Two server instances over one database, each with its own cache (and
/// its own connection pool): what one revokes, the other refuses on its
/// very next request, though it had the answer cached.
async fn two_servers(here: Arc<dyn Store>, there: Arc<dyn Store>) {
    let a = TestApp::builder().store(here).spawn().await;
    let b = TestApp::builder().store(there).spawn().await;
    let alice = a.add_user("alice", Language::En).await;
    let client = reqwest::Client::new();
    let me_b = b.url("/api/v1/me");

    // A token made on A, used (and cached) on B, revoked on A.
    let (token_row, token) = a
        .state
        .auth
        .create_api_token(alice.id, "t", &RequestContext::cli())
        .await
        .unwrap();
    let bearer = || ("authorization", format!("Bearer {}", token.expose_secret()));
    assert_eq!(get(&client, me_b.clone(), bearer()).await, 200);
    let (status, n) = statements_of(get(&client, me_b.clone(), bearer())).await;
    assert_eq!((status, n), (200, 1), "cached on B");
    assert!(
        a.state
            .auth
            .revoke_api_token(alice.id, token_row.id, &RequestContext::cli())
            .await
            .unwrap()
    );
    assert_eq!(
        get(&client, me_b.clone(), bearer()).await,
        401,
        "revoked on A, refused on B at once"
    );

    // A session opened on A, used (and cached) on B, logged out on A.
    let ctx = RequestContext::new("127.0.0.1", None);
    let password = SecretString::from(support::PASSWORD.to_string());
    let login = a.state.auth.login("alice", &password, &ctx).await.unwrap();
    let cookie =
        |secret: &SecretString| ("cookie", format!("sf_session={}", secret.expose_secret()));
    assert_eq!(
        get(&client, me_b.clone(), cookie(&login.session_secret)).await,
        200
    );
    let (status, n) =
        statements_of(get(&client, me_b.clone(), cookie(&login.session_secret))).await;
    assert_eq!((status, n), (200, 1), "cached on B");
    a.state
        .auth
        .logout(login.session_secret.expose_secret(), &ctx)
        .await
        .unwrap();
    assert_eq!(
        get(&client, me_b.clone(), cookie(&login.session_secret)).await,
        401,
        "logged out on A, refused on B at once"
    );

    // A password change on A ends the other sessions: refused on B at once.
    let kept = a.state.auth.login("alice", &password, &ctx).await.unwrap();
    let other = a.state.auth.login("alice", &password, &ctx).await.unwrap();
    for s in [&kept.session_secret, &other.session_secret] {
        assert_eq!(get(&client, me_b.clone(), cookie(s)).await, 200);
    }
    a.state
        .auth
        .change_password(
            &alice,
            &password,
            SecretString::from("a brand new passphrase 2026".to_string()),
            Some(kept.session_secret.expose_secret()),
            &ctx,
        )
        .await
        .unwrap();
    assert_eq!(
        get(&client, me_b.clone(), cookie(&other.session_secret)).await,
        401,
        "other sessions ended on A, refused on B at once"
    );
    assert_eq!(
        get(&client, me_b, cookie(&kept.session_secret)).await,
        200,
        "the session that changed the password stays"
    );
}

#[tokio::test]
async fn authenticated_requests_on_sqlite_cost_one_epoch_read_once_cached() {
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
async fn authenticated_requests_on_mariadb_cost_one_epoch_read_once_cached() {
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

#[tokio::test]
async fn a_revocation_on_one_mariadb_server_is_refused_on_the_next_request_on_another() {
    let _alone = ONE_AT_A_TIME.lock().await;
    count_statements();
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let here = Arc::new(scratch.store().await.unwrap());
    let there = Arc::new(scratch.store().await.unwrap());
    let outcome = tokio::spawn(two_servers(here.clone(), there.clone())).await;
    here.pool().close().await;
    there.pool().close().await;
    scratch.drop_database().await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
async fn a_revocation_on_one_sqlite_process_is_refused_on_the_next_request_on_another() {
    let _alone = ONE_AT_A_TIME.lock().await;
    count_statements();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("q.db").display());
    let here = SqliteStore::connect(&url).await.unwrap();
    here.migrate().await.unwrap();
    let here = Arc::new(here);
    let there = Arc::new(SqliteStore::connect(&url).await.unwrap());
    two_servers(here.clone(), there.clone()).await;
    here.pool().close().await;
    there.pool().close().await;
}
