//! "Delete my account" over the API on real databases: a user with data in
//! every table is deleted, and a scan of every table the schema lists (so
//! tables added later are covered) finds nothing of theirs, while another
//! user's data stays. Also through the Settings page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod privacy_seed;
mod support;

use std::sync::Arc;

use privacy_seed::{NOT_USER_DATA, seed_everything, tables_holding};
use socialflow_core::audit::AuditKind;
use socialflow_core::privacy::DatabaseDump;
use socialflow_core::{Clock, Language, RequestContext, Store};
use socialflow_fakes::ManualClock;
use socialflow_mariadb::ScratchDatabase;
use socialflow_sqlite::SqliteStore;
use support::{PASSWORD, TestApp};

async fn deletes_everything_of_the_user(store: Arc<dyn Store>, dump: Arc<dyn DatabaseDump>) {
    let app = TestApp::spawn_on(store.clone(), Arc::new(ManualClock::default())).await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::Ru).await;
    // Logging in clears the user's failed attempts: before seeding them.
    let browser = app.logged_in("alice").await;
    let now = app.clock.now();
    let alice_needles = seed_everything(&store, &alice, now).await;
    let bob_needles = seed_everything(&store, &bob, now).await;
    let (_, token) = app
        .state
        .auth
        .create_api_token(alice.id, "cli", &RequestContext::cli())
        .await
        .unwrap();
    use secrecy::ExposeSecret;
    let bearer = format!("Bearer {}", token.expose_secret());

    // The seed reaches every table that holds user data; a table added
    // later fails here until seed_everything() puts a row of the user in it.
    let tables: Vec<String> = dump
        .tables()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    let before = tables_holding(dump.as_ref(), &alice_needles).await;
    for t in &tables {
        if !NOT_USER_DATA.contains(&t.as_str()) {
            assert!(
                before.contains(t),
                "table {t} holds nothing of alice before the deletion: seed it in tests/privacy_seed"
            );
        }
    }

    let http = reqwest::Client::new();
    let wrong = http
        .delete(app.url("/api/v1/me"))
        .header("authorization", &bearer)
        .json(&serde_json::json!({"password": "not her password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    assert!(wrong.text().await.unwrap().contains("wrong_password"));
    assert_eq!(tables_holding(dump.as_ref(), &alice_needles).await, before);

    let done = http
        .delete(app.url("/api/v1/me"))
        .header("authorization", &bearer)
        .json(&serde_json::json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 204);

    let left = tables_holding(dump.as_ref(), &alice_needles).await;
    assert!(left.is_empty(), "alice's data is left in {left:?}");
    let bobs = tables_holding(dump.as_ref(), &bob_needles).await;
    assert_eq!(bobs, before, "bob's data must stay");

    // Her token and her browser session no longer work.
    let me = http
        .get(app.url("/api/v1/me"))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    let page = browser.get(app.url("/settings")).send().await.unwrap();
    assert_eq!(page.status(), 303);
    // An operator trace remains that names no one.
    let trace: Vec<_> = store
        .audit_all(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == AuditKind::UserDeleted)
        .collect();
    assert_eq!(trace.len(), 1);
    assert_eq!(trace[0].user_id, None);
    assert!(!trace[0].detail.contains("alice") && !trace[0].ip.contains('.'));
}

#[tokio::test]
async fn deleting_my_account_leaves_nothing_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    socialflow_core::storage::HealthRepo::migrate(&store)
        .await
        .unwrap();
    deletes_everything_of_the_user(Arc::new(store.clone()), Arc::new(store)).await;
}

#[tokio::test]
async fn deleting_my_account_leaves_nothing_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap();
    deletes_everything_of_the_user(Arc::new(store.clone()), Arc::new(store.clone())).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
}

#[tokio::test]
async fn settings_delete_needs_the_box_and_the_password() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.logged_in("alice").await;
    let csrf = app.csrf(&c, "/settings/data").await;
    let post = |fields: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = app.url("/settings/data/delete");
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let r = post(vec![("csrf", csrf.clone()), ("password", PASSWORD.into())]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Tick the box"));
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("password", "wrong password".into()),
        ("confirm", "yes".into()),
    ])
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("The password is wrong"));
    assert!(
        body.contains("value=\"yes\" required checked"),
        "the box stays ticked"
    );
    let r = post(vec![
        ("csrf", "forged".into()),
        ("password", PASSWORD.into()),
        ("confirm", "yes".into()),
    ])
    .await;
    assert_eq!(r.status(), 403);
    assert!(app.store.user_by_id(alice.id).await.unwrap().is_some());

    let r = post(vec![
        ("csrf", csrf),
        ("password", PASSWORD.into()),
        ("confirm", "yes".into()),
    ])
    .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Account deleted"));
    assert!(app.store.user_by_id(alice.id).await.unwrap().is_none());
    assert_eq!(c.get(app.url("/")).send().await.unwrap().status(), 303);
}
