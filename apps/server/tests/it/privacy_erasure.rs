//! "Delete my account" over the API on real databases: a user with data in
//! every table is deleted, and a scan of every table the schema lists (so
//! tables added later are covered) finds nothing of theirs, while another
//! user's data stays. Also through the Settings page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::privacy_seed::{NOT_USER_DATA, seed_everything, tables_holding};
use crate::support::{PASSWORD, TestApp};
use socialflow_core::audit::AuditKind;
use socialflow_core::privacy::DatabaseDump;
use socialflow_core::{Clock, Language, RequestContext, Store};
use socialflow_fakes::ManualClock;
use socialflow_sql::{ScratchDatabase, SqliteStore};

async fn deletes_everything_of_the_user(store: Arc<dyn Store>, dump: Arc<dyn DatabaseDump>) {
    let app = TestApp::builder().store(store.clone()).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::Ru).await;
    // Logging in clears the user's failed attempts: before seeding them.
    let browser = app.login_as("alice").await;
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
    let page = browser.visit("/settings").await;
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
    let c = app.login_as("alice").await;
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
    assert_eq!(c.visit("/").await.status(), 303);
}

/// `socialflow user delete` (after its confirmation): the eraser the CLI
/// wires over the database and the media directory removes everything of
/// the user, their uploads on disk after the commit, and leaves the same
/// anonymous trace as the web.
#[tokio::test]
async fn the_operators_cli_delete_leaves_nothing_on_sqlite() {
    use socialflow_core::media::{MediaId, MediaStore};
    use socialflow_core::users::UserService;
    use socialflow_fs_media::FsMediaStore;

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let sqlite = SqliteStore::connect(&url).await.unwrap();
    socialflow_core::storage::HealthRepo::migrate(&sqlite)
        .await
        .unwrap();
    let store: Arc<dyn Store> = Arc::new(sqlite.clone());
    let clock = Arc::new(ManualClock::default());
    let users = UserService::new(
        store.clone(),
        store.clone(),
        Arc::new(socialflow_fakes::FastHasher),
        clock.clone(),
    );
    let mut seeded = Vec::new();
    for name in ["alice", "bob"] {
        let user = users
            .create_user(
                name,
                secrecy::SecretString::from(PASSWORD.to_string()),
                socialflow_core::user::Role::User,
                Language::En,
                &RequestContext::cli(),
            )
            .await
            .unwrap();
        let needles = seed_everything(&store, &user, clock.now()).await;
        seeded.push((user, needles));
    }
    let media_dir = dir.path().join("media");
    std::fs::create_dir_all(&media_dir).unwrap();
    let files = FsMediaStore::new(&media_dir);
    let mut uploads = Vec::new();
    for (user, _) in &seeded {
        let id: MediaId = store.media_of(user.id).await.unwrap()[0].id;
        files
            .put(
                id,
                Box::pin(futures::stream::iter([Ok(bytes::Bytes::from_static(
                    b"an upload",
                ))])),
                1 << 20,
            )
            .await
            .unwrap();
        uploads.push(files.path(id));
    }
    let before_bob = tables_holding(&sqlite, &seeded[1].1).await;

    let eraser = socialflow_server::wiring::operator_eraser(store.clone(), &media_dir).unwrap();
    let report = socialflow_server::cli::delete_user_as_operator(&users, &eraser, "alice")
        .await
        .unwrap();
    assert_eq!(report.files_removed, 1);
    assert_eq!(report.files_failed, 0);

    let left = tables_holding(&sqlite, &seeded[0].1).await;
    assert!(left.is_empty(), "alice's data is left in {left:?}");
    assert!(!uploads[0].exists(), "her upload left the disk");
    assert!(uploads[1].exists(), "bob's upload stays");
    assert_eq!(tables_holding(&sqlite, &seeded[1].1).await, before_bob);
    let trace: Vec<_> = store
        .audit_all(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == AuditKind::UserDeleted)
        .collect();
    assert_eq!(trace.len(), 1);
    assert_eq!(trace[0].user_id, None);
    assert!(
        trace[0].detail.starts_with("operator;"),
        "{}",
        trace[0].detail
    );
    assert!(!trace[0].detail.contains("alice"));
    // A second run finds no such user and changes nothing.
    let err = socialflow_server::cli::delete_user_as_operator(&users, &eraser, "alice")
        .await
        .unwrap_err();
    assert!(err.contains("alice"), "{err}");
}
