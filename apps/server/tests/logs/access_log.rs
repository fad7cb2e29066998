//! What the logs contain: every request once in the access log (without the
//! query string), and never a password or a token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{CapturedLogs, PASSWORD, TestApp};
use secrecy::ExposeSecret;
use socialflow_core::{Language, RequestContext};

// One thread, so the server's tasks log into this test's subscriber.
#[tokio::test(flavor = "current_thread")]
async fn requests_are_logged_without_secrets() {
    let logs = CapturedLogs::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .finish();
    let _alone = crate::ONE_AT_A_TIME.lock().await;
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let (_, token) = app
        .state
        .auth
        .create_api_token(alice.id, "t", &RequestContext::cli())
        .await
        .unwrap();
    let c = app.browser();
    app.login(&c, "alice", "a wrong secret password").await;
    let ok = app.login(&c, "alice", PASSWORD).await;
    let session = ok
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
    c.get(app.url("/settings?code=query-secret-123"))
        .header("user-agent", "LogTest/1.0")
        .send()
        .await
        .unwrap();
    app.browser()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token.expose_secret())
        .send()
        .await
        .unwrap();

    let text = logs.text();
    let access: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["target"] == "socialflow::access")
        .collect();
    let settings = access
        .iter()
        .find(|v| v["fields"]["path"] == "/settings")
        .expect("an access line for /settings");
    assert_eq!(settings["fields"]["method"], "GET");
    assert_eq!(settings["fields"]["status"], 200);
    assert_eq!(settings["fields"]["ip"], "127.0.0.1");
    assert_eq!(settings["fields"]["user_agent"], "LogTest/1.0");
    assert!(settings["fields"]["duration_ms"].as_f64().is_some());
    assert!(
        access
            .iter()
            .any(|v| v["fields"]["path"] == "/api/v1/me" && v["fields"]["status"] == 200)
    );

    for secret in [
        PASSWORD,
        "a wrong secret password",
        token.expose_secret(),
        session.as_str(),
        "query-secret-123",
    ] {
        assert!(
            !text.contains(secret),
            "a secret reached the logs: {secret}"
        );
    }
}
