//! Meta's data deletion and deauthorize callbacks, and the public status
//! page: signed requests verified, forgeries change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{META_SECRET, TestApp};
use secrecy::SecretString;
use socialflow_core::audit::AuditKind;
use socialflow_core::instagram::{LongLivedToken, MockInstagramApi, Profile};
use socialflow_core::{Clock, Language, RequestContext};
use socialflow_crypto::sign_request;

const APP_SCOPED: &str = "27281358591558845";

async fn app_with_account() -> (
    TestApp,
    socialflow_core::User,
    socialflow_core::account::Account,
) {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(|_| {
        Ok(Profile {
            app_scoped_id: APP_SCOPED.into(),
            ig_user_id: "17841457215396811".into(),
            username: "acme".into(),
            ..Profile::default()
        })
    });
    ig.expect_last_usage().returning(|_| None);
    let app = TestApp::builder().instagram(Arc::new(ig)).spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let long = LongLivedToken {
        token: SecretString::from("t".to_string()),
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
    (app, alice, account)
}

fn signed(app: &TestApp, secret: &str, user_id: &str, issued_offset_secs: i64) -> String {
    let issued = app.clock.now().unix_timestamp() + issued_offset_secs;
    sign_request(
        secret,
        &format!(r#"{{"algorithm":"HMAC-SHA256","issued_at":{issued},"user_id":"{user_id}"}}"#),
    )
}

#[tokio::test]
async fn a_signed_deletion_request_deletes_and_reports_its_status() {
    let (app, alice, account) = app_with_account().await;
    let c = app.session_with(reqwest::Client::new());
    let r = c
        .submit(
            "/meta/data-deletion",
            &[("signed_request", signed(&app, META_SECRET, APP_SCOPED, 0))],
        )
        .await;
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    let code = body["confirmation_code"].as_str().unwrap().to_string();
    assert!(
        code.chars().all(|c| c.is_ascii_alphanumeric()) && code.len() >= 16,
        "{code}"
    );
    assert_eq!(
        body["url"],
        format!("{}/data-deletion?code={code}", app.base)
    );
    assert!(
        app.store
            .account(alice.id, account.id)
            .await
            .unwrap()
            .is_none(),
        "deleted at once"
    );
    let events = app.store.audit_for_user(alice.id, 5).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::DataDeletionCallback);

    let page = c
        .get(app.url(&format!("/data-deletion?code={code}")))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("удалены данные 1 подключённого аккаунта"),
        "{page}"
    );
}

#[tokio::test]
async fn forged_expired_and_malformed_requests_change_nothing() {
    let (app, alice, account) = app_with_account().await;
    let c = app.session_with(reqwest::Client::new());
    let attempts = [
        signed(&app, "not-the-secret", APP_SCOPED, 0),
        signed(&app, META_SECRET, APP_SCOPED, -3 * 24 * 3600),
        signed(&app, META_SECRET, APP_SCOPED, 3600),
        "garbage".to_string(),
        String::new(),
    ];
    for raw in attempts {
        for path in ["/meta/data-deletion", "/meta/deauthorize"] {
            let r = c.submit(path, &[("signed_request", raw.as_str())]).await;
            assert_eq!(r.status(), 400, "{path} accepted {raw:?}");
        }
    }
    assert!(
        app.store
            .account(alice.id, account.id)
            .await
            .unwrap()
            .is_some()
    );
    let unknown = c.get_page("/data-deletion?code=NoSuchCode1").await;
    assert!(unknown.contains("No deletion request has this confirmation code"));
}

#[tokio::test]
async fn deauthorize_disconnects_the_account() {
    let (app, alice, account) = app_with_account().await;
    let r = reqwest::Client::new()
        .post(app.url("/meta/deauthorize"))
        .form(&[("signed_request", signed(&app, META_SECRET, APP_SCOPED, -60))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        app.store
            .account(alice.id, account.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        app.store.audit_for_user(alice.id, 1).await.unwrap()[0].kind,
        AuditKind::AccountDeauthorized
    );
}

#[tokio::test]
async fn the_public_page_explains_both_ways() {
    let app = TestApp::spawn().await;
    let html = reqwest::get(app.url("/data-deletion"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("From SocialFlow") && html.contains("From Instagram"));
    assert!(html.contains("Apps and websites"));
}
