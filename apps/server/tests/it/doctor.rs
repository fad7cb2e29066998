//! `socialflow doctor` finds what is right and says what to fix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use crate::support::TestApp;
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
use socialflow_server::config::Config;
use socialflow_server::doctor::{self, Outcome};

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
    assert!(
        matches!(outcome(&checks, "media URL"), Outcome::Warn(_)),
        "no media directory yet: not checked, {checks:?}"
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

#[tokio::test]
async fn media_must_be_fetchable_through_the_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    // Against the fake Instagram a loopback public URL is allowed; against
    // the real one (no SOCIALFLOW_GRAPH_BASE_URL) it is refused.
    let vars_for = |public: &str, graph: Option<&str>| {
        let mut v = vec![
            ("SOCIALFLOW_DATA_DIR", dir.path().display().to_string()),
            ("SOCIALFLOW_LISTEN", format!("127.0.0.1:{port}")),
            ("SOCIALFLOW_PUBLIC_URL", public.to_string()),
            ("SOCIALFLOW_INSTAGRAM_APP_ID", "fake-app-id".to_string()),
            (
                "SOCIALFLOW_INSTAGRAM_APP_SECRET",
                "fake-app-secret".to_string(),
            ),
        ];
        if let Some(g) = graph {
            v.push(("SOCIALFLOW_GRAPH_BASE_URL", g.to_string()));
        }
        config(&v)
    };
    let vars = |public: &str| vars_for(public, Some(&running.base_url));
    let cfg = vars(&base);
    let before = doctor::run(&cfg, &doctor::http_client()).await;
    assert!(
        matches!(outcome(&before, "media URL"), Outcome::Warn(w) if w.contains("does not exist yet")),
        "{before:?}"
    );

    // A real server over this data directory serves the probe.
    let state = socialflow_server::wiring::build_state(&cfg).await.unwrap();
    let serving = vars(&base);
    tokio::spawn(async move { socialflow_server::serve::serve(&serving, state, false).await });
    let http = doctor::http_client();
    for _ in 0..100 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let checks = doctor::run(&cfg, &http).await;
    assert!(
        matches!(outcome(&checks, "media URL"), Outcome::Ok(_)),
        "{checks:?}"
    );
    let media_dir = dir.path().join("media");
    let real = doctor::run(&vars_for(&base, None), &http).await;
    assert!(
        matches!(outcome(&real, "media URL"), Outcome::Fail(f) if f.contains("loopback")),
        "{real:?}"
    );
    // The media directory holds a working directory for uploads, no file.
    let files = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_file())
            .count()
    };
    assert_eq!(files(&media_dir), 0, "the probe is removed");

    // Another service at the public URL: the doctor says what to fix.
    let wrong = vars(&running.base_url);
    let checks = doctor::run(&wrong, &http).await;
    assert!(
        matches!(outcome(&checks, "media URL"), Outcome::Fail(f) if f.contains("forwards /media/")),
        "{checks:?}"
    );
    assert!(!doctor::print(&checks));
    assert_eq!(files(&media_dir), 0);

    // Without an Instagram app (local use) the same finding is a warning.
    let local = config(&[
        ("SOCIALFLOW_DATA_DIR", dir.path().display().to_string()),
        ("SOCIALFLOW_PUBLIC_URL", base.clone()),
    ]);
    let checks = doctor::run(&local, &http).await;
    assert!(
        matches!(outcome(&checks, "media URL"), Outcome::Warn(w) if w.contains("loopback") && w.contains("once an Instagram app is configured")),
        "{checks:?}"
    );
}
