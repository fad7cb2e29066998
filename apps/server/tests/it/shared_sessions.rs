//! Sessions live in the database, so several server processes share them: a
//! login on one server is honoured by another, and logging out on either
//! ends it everywhere. Run on MariaDB (production) and on a SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{PASSWORD, TestApp, csrf_in};
use socialflow_core::Language;
use socialflow_core::storage::HealthRepo;
use socialflow_fakes::ManualClock;
use socialflow_sql::{ScratchDatabase, SqliteStore};

async fn shared_session_flow(one: &TestApp, two: &TestApp) {
    one.add_user("alice", Language::Ru).await;
    let c = one.browser();
    let r = one.login(&c, "alice", PASSWORD).await;
    assert_eq!(r.status(), 303);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| {
            v.to_str()
                .unwrap()
                .strip_prefix("sf_session=")
                .map(|s| s.split(';').next().unwrap().to_string())
        })
        .unwrap();

    // The other server knows the session.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = plain
        .get(two.url("/settings"))
        .header("cookie", format!("sf_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Настройки"),
        "the user's language follows them"
    );

    // Logging out on the second server ends the session on the first.
    // Carry both cookies: the session and the CSRF cookie of that page.
    let resp = plain
        .get(two.url("/settings"))
        .header("cookie", format!("sf_session={cookie}"))
        .send()
        .await
        .unwrap();
    let csrf_set = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| {
            v.to_str()
                .unwrap()
                .strip_prefix("sf_csrf=")
                .map(|s| s.split(';').next().unwrap().to_string())
        })
        .unwrap();
    let token = csrf_in(&resp.text().await.unwrap()).unwrap();
    let out = plain
        .post(two.url("/logout"))
        .header("cookie", format!("sf_session={cookie}; sf_csrf={csrf_set}"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let after = plain
        .get(one.url("/"))
        .header("cookie", format!("sf_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 303, "the session ended on every server");
}

#[tokio::test]
async fn sessions_work_across_servers_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let clock = Arc::new(ManualClock::default());
    let store_one = Arc::new(scratch.store().await.unwrap());
    let store_two = Arc::new(
        socialflow_sql::MariaDbStore::connect(&scratch.url)
            .await
            .unwrap(),
    );
    let one = TestApp::builder()
        .store(store_one.clone())
        .clock(clock.clone())
        .spawn()
        .await;
    let two = TestApp::builder()
        .store(store_two.clone())
        .clock(clock)
        .spawn()
        .await;
    let outcome = tokio::spawn(async move {
        shared_session_flow(&one, &two).await;
    })
    .await;
    store_one.pool().close().await;
    store_two.pool().close().await;
    scratch.drop_database().await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
async fn sessions_work_across_servers_on_one_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("shared.db").display());
    let first = SqliteStore::connect(&url).await.unwrap();
    first.migrate().await.unwrap();
    let second = SqliteStore::connect(&url).await.unwrap();
    let clock = Arc::new(ManualClock::default());
    let one = TestApp::builder()
        .store(Arc::new(first))
        .clock(clock.clone())
        .spawn()
        .await;
    let two = TestApp::builder()
        .store(Arc::new(second))
        .clock(clock)
        .spawn()
        .await;
    shared_session_flow(&one, &two).await;
}
