//! `socialflow doctor` finds what is right and says what to fix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;

use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
use socialflow_server::config::Config;
use socialflow_server::doctor::{self, Outcome};
use support::TestApp;

fn config(vars: &[(&str, String)]) -> Config {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    Config::from_lookup(|k| map.get(k).cloned()).unwrap()
}

fn outcome<'a>(checks: &'a [doctor::Check], name: &str) -> &'a Outcome {
    &checks.iter().find(|c| c.name == name).unwrap().outcome
}

#[tokio::test]
async fn a_working_setup_passes_and_plain_http_is_flagged() {
    let app = TestApp::spawn().await;
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let cfg = config(&[
        ("SOCIALFLOW_DATA_DIR", dir.path().display().to_string()),
        ("SOCIALFLOW_PUBLIC_URL", app.base.clone()),
        ("SOCIALFLOW_INSTAGRAM_APP_ID", "fake-app-id".into()),
        ("SOCIALFLOW_INSTAGRAM_APP_SECRET", "fake-app-secret".into()),
        ("SOCIALFLOW_GRAPH_BASE_URL", running.base_url.clone()),
    ]);
    let before = doctor::run(&cfg, &doctor::http_client()).await;
    assert!(
        matches!(outcome(&before, "database"), Outcome::Warn(_)),
        "{before:?}"
    );
    socialflow_server::wiring::open_store(&cfg).await.unwrap();
    let checks = doctor::run(&cfg, &doctor::http_client()).await;
    assert!(
        matches!(outcome(&checks, "master key"), Outcome::Warn(w) if w.contains("generates it")),
        "{checks:?}"
    );
    assert!(
        !dir.path().join("master.key").exists(),
        "the doctor creates nothing"
    );
    assert!(
        matches!(outcome(&checks, "data directory"), Outcome::Ok(_)),
        "{checks:?}"
    );
    assert!(
        matches!(outcome(&checks, "database"), Outcome::Ok(_)),
        "{checks:?}"
    );
    assert!(
        matches!(outcome(&checks, "public URL"), Outcome::Warn(w) if w.contains("https")),
        "{checks:?}"
    );
    assert!(
        matches!(outcome(&checks, "Instagram API"), Outcome::Ok(_)),
        "{checks:?}"
    );
    assert!(
        matches!(outcome(&checks, "redirect URI"), Outcome::Warn(_)),
        "{checks:?}"
    );
    assert!(doctor::print(&checks), "warnings alone do not fail");
}

#[tokio::test]
async fn unreachable_services_fail_with_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(&[
        ("SOCIALFLOW_DATA_DIR", dir.path().display().to_string()),
        (
            "SOCIALFLOW_DATABASE_URL",
            "mysql://root@127.0.0.1:1/none".into(),
        ),
        ("SOCIALFLOW_MASTER_KEY", "not a key".into()),
        ("SOCIALFLOW_PUBLIC_URL", "http://127.0.0.1:1".into()),
    ]);
    let checks = doctor::run(&cfg, &doctor::http_client()).await;
    assert!(
        matches!(outcome(&checks, "master key"), Outcome::Fail(f) if f.starts_with("SOCIALFLOW_MASTER_KEY")),
        "{checks:?}"
    );
    assert!(
        matches!(outcome(&checks, "database"), Outcome::Fail(f) if f.contains("SOCIALFLOW_DATABASE_URL")),
        "{checks:?}"
    );
    assert!(
        matches!(outcome(&checks, "public URL"), Outcome::Fail(f) if f.contains("not reachable")),
        "{checks:?}"
    );
    assert!(matches!(
        outcome(&checks, "Instagram app"),
        Outcome::Warn(_)
    ));
    assert!(!doctor::print(&checks));
}
