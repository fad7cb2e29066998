//! Instagram accounts through the web UI and the REST API, with Instagram
//! mocked: the OAuth round trip, what the page shows, disconnecting, and
//! that one user never reaches another's accounts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{Session, TestApp, csrf_in};
use secrecy::SecretString;
use socialflow_core::account::AccountStatus;
use socialflow_core::instagram::{
    InstagramError, LongLivedToken, MockInstagramApi, Profile, ShortLivedToken,
};
use socialflow_core::{Language, RequestContext};
use time::Duration;

fn profile(ig: &str, username: &str) -> Profile {
    Profile {
        app_scoped_id: format!("app-{ig}"),
        ig_user_id: ig.into(),
        username: username.into(),
        name: Some("Acme <b>Coffee</b>".into()),
        biography: Some("<script>alert('x')</script> best coffee".into()),
        profile_picture_url: Some("https://cdn.example/acme.jpg".into()),
        followers_count: Some(23_353),
        follows_count: Some(539),
        media_count: None,
        account_type: Some("BUSINESS".into()),
        ..Profile::default()
    }
}

fn long() -> LongLivedToken {
    LongLivedToken {
        token: SecretString::from("IGAA-secret-long-token".to_string()),
        expires_in: Duration::days(60),
        permissions: None,
    }
}

fn instagram(granted: Option<Vec<String>>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_authorize_url().returning(|state, _| {
        format!("https://www.instagram.example/oauth/authorize?client_id=1&state={state}")
    });
    ig.expect_exchange_code().returning(move |code| match code {
        "network" => Err(InstagramError::Transient {
            message: "could not connect".into(),
        }),
        "good" => Ok(ShortLivedToken {
            token: SecretString::from("short".to_string()),
            user_id: "app-1784".into(),
            permissions: granted.clone(),
        }),
        _ => Err(InstagramError::OAuth {
            message: "Matching code was not found or was already used".into(),
        }),
    });
    ig.expect_exchange_long_lived().returning(|_| Ok(long()));
    ig.expect_profile()
        .returning(|_| Ok(profile("1784", "acme")));
    ig
}

async fn app_with(ig: MockInstagramApi) -> TestApp {
    TestApp::builder().instagram(Arc::new(ig)).spawn().await
}

/// Goes through Connect → Instagram → callback; returns the callback response.
async fn connect(_app: &TestApp, c: &Session, code: &str) -> reqwest::Response {
    let r = c.visit("/oauth/instagram/start").await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("https://www.instagram.example/oauth/authorize"),
        "{location}"
    );
    let state = location.split("state=").nth(1).unwrap();
    c.visit(&format!(
        "/oauth/instagram/callback?code={code}%23_&state={state}"
    ))
    .await
}

#[tokio::test]
async fn connecting_through_oauth_shows_the_account() {
    let app = app_with(instagram(None)).await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let r = connect(&app, &c, "good").await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/accounts?notice=connected&username=acme"),
        "{to}"
    );

    let html = c.get_page(&to).await;
    assert!(html.contains("The account acme is connected."));
    assert!(html.contains("@acme"));
    assert!(html.contains("23,353"));
    assert!(
        html.contains("not available"),
        "unknown media count is not shown as 0"
    );
    assert!(html.contains("Active until"));
    // Instagram's text is escaped, never markup.
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&#60;script&#62;"), "{html}");
    assert!(!html.contains("IGAA-secret-long-token"), "{html}");
    assert_eq!(app.store.accounts_of(alice.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn refused_and_reused_callbacks_save_nothing_and_say_why() {
    let app = app_with(instagram(None)).await;
    let alice = app.add_user("alice", Language::Ru).await;
    let c = app.login_as("alice").await;
    let r = connect(&app, &c, "bad").await;
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Matching code was not found")
    );

    let offline = connect(&app, &c, "network").await;
    assert_eq!(offline.status(), 502);
    assert!(
        offline
            .text()
            .await
            .unwrap()
            .contains("Не удалось связаться с Instagram")
    );

    let forged = c
        .visit("/oauth/instagram/callback?code=good&state=forged")
        .await;
    assert_eq!(forged.status(), 400);
    let denied = {
        let r = c.visit("/oauth/instagram/start").await;
        let state = r.headers()["location"]
            .to_str()
            .unwrap()
            .split("state=")
            .nth(1)
            .unwrap()
            .to_string();
        c.visit(&format!(
            "/oauth/instagram/callback?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state={state}"
        )).await
    };
    assert_eq!(denied.status(), 200);
    assert!(app.store.accounts_of(alice.id).await.unwrap().is_empty());

    // The callback belongs to the browser that started the flow.
    app.add_user("bob", Language::En).await;
    let bob = app.login_as("bob").await;
    let r = c.visit("/oauth/instagram/start").await;
    let state = r.headers()["location"]
        .to_str()
        .unwrap()
        .split("state=")
        .nth(1)
        .unwrap()
        .to_string();
    let stolen = bob
        .visit(&format!(
            "/oauth/instagram/callback?code=good&state={state}"
        ))
        .await;
    assert_eq!(stolen.status(), 400);
    assert!(
        app.store
            .account_by_ig_user_id("1784")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn missing_permissions_are_named() {
    let granted = vec![
        "instagram_business_basic".to_string(),
        "instagram_business_content_publish".to_string(),
    ];
    let app = app_with(instagram(Some(granted))).await;
    app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let r = connect(&app, &c, "good").await;
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let html = c.get_page(&to).await;
    assert!(
        html.contains("Missing: manage comments, manage direct messages, read insights."),
        "{html}"
    );
}

#[tokio::test]
async fn users_never_reach_each_others_accounts() {
    let app = app_with(instagram(None)).await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let acct = app
        .state
        .accounts
        .attach(alice.id, long(), None, &RequestContext::cli())
        .await
        .unwrap()
        .account;
    let id = acct.id.to_string();

    // Bob's browser.
    let b = app.login_as("bob").await;
    let page = b.get_page("/accounts").await;
    assert!(!page.contains("@acme"));
    assert_eq!(
        b.visit(&format!("/accounts/{id}/disconnect"))
            .await
            .status(),
        404
    );
    let csrf = csrf_in(&page).unwrap();
    let r = b
        .post_form_with(&format!("/accounts/{id}/disconnect"), &csrf, &[])
        .await;
    assert_eq!(r.status(), 404);

    // Bob's API token.
    let (_, token) = app
        .state
        .auth
        .create_api_token(bob.id, "t", &RequestContext::cli())
        .await
        .unwrap();
    let token = secrecy::ExposeSecret::expose_secret(&token).to_string();
    let api = reqwest::Client::new();
    let list: serde_json::Value = api
        .get(app.url("/api/v1/accounts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list, serde_json::json!([]));
    for (method, path) in [
        (reqwest::Method::GET, format!("/api/v1/accounts/{id}")),
        (reqwest::Method::DELETE, format!("/api/v1/accounts/{id}")),
        (
            reqwest::Method::POST,
            format!("/api/v1/accounts/{id}/refresh"),
        ),
    ] {
        let r = api
            .request(method.clone(), app.url(&path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{method} {path}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
    }
    assert!(
        app.store
            .account(alice.id, acct.id)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn the_api_lists_refreshes_and_disconnects_without_exposing_the_token() {
    let mut ig = instagram(None);
    ig.checkpoint();
    let mut ig = MockInstagramApi::new();
    let mut calls = 0;
    ig.expect_profile().returning(move |_| {
        calls += 1;
        if calls == 1 {
            Ok(profile("1784", "acme"))
        } else if calls == 2 {
            Ok(Profile {
                followers_count: Some(30_000),
                ..profile("1784", "acme")
            })
        } else {
            Err(InstagramError::TokenInvalid {
                message: "Error validating access token: Session has expired".into(),
            })
        }
    });
    // Refreshing also takes the analytics snapshot; insights have nothing.
    ig.expect_account_insights().returning(|_, _| Ok(vec![]));
    ig.expect_media_page().returning(|_, _, _| {
        Ok(socialflow_core::instagram::Page {
            items: vec![],
            next: None,
        })
    });
    ig.expect_stories().returning(|_| Ok(vec![]));
    ig.expect_conversations_page().returning(|_, _, _| {
        Ok(socialflow_core::instagram::Page {
            items: Vec::new(),
            next: None,
        })
    });
    ig.expect_last_usage().returning(|_| None);
    let app = app_with(ig).await;
    let alice = app.add_user("alice", Language::En).await;
    let acct = app
        .state
        .accounts
        .attach(alice.id, long(), None, &RequestContext::cli())
        .await
        .unwrap()
        .account;
    let (_, token) = app
        .state
        .auth
        .create_api_token(alice.id, "t", &RequestContext::cli())
        .await
        .unwrap();
    let token = secrecy::ExposeSecret::expose_secret(&token).to_string();
    let api = reqwest::Client::new();

    let text = api
        .get(app.url("/api/v1/accounts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!text.contains("IGAA"), "{text}");
    let list: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(list[0]["username"], "acme");
    assert_eq!(list[0]["status"], "active");
    assert!(list[0]["media_count"].is_null());

    let url = app.url(&format!("/api/v1/accounts/{}/refresh", acct.id));
    let refreshed: serde_json::Value = api
        .post(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refreshed["followers_count"], 30_000);

    // Instagram now refuses the token: 409, and the account needs reconnecting.
    let r = api.post(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["code"],
        "account_needs_reconnect"
    );
    let stored = app.store.account(alice.id, acct.id).await.unwrap().unwrap();
    assert_eq!(stored.status, AccountStatus::NeedsReconnect);
    let c = app.login_as("alice").await;
    let html = c.get_page("/accounts").await;
    assert!(html.contains("Needs reconnecting"), "{html}");
    assert!(html.contains("Session has expired"));
    let dashboard = c.get_page("/").await;
    assert!(
        dashboard.contains("role=\"alert\">") && dashboard.contains("<p>@acme: Needs reconnecting"),
        "{dashboard}"
    );

    let r = api
        .delete(app.url(&format!("/api/v1/accounts/{}", acct.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(
        app.store
            .account_by_ig_user_id("1784")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn disconnecting_in_the_ui_asks_first() {
    let app = app_with(instagram(None)).await;
    let alice = app.add_user("alice", Language::En).await;
    let acct = app
        .state
        .accounts
        .attach(alice.id, long(), None, &RequestContext::cli())
        .await
        .unwrap()
        .account;
    let c = app.login_as("alice").await;
    let confirm = c
        .get_page(&format!("/accounts/{}/disconnect", acct.id))
        .await;
    assert!(confirm.contains("Disconnect acme?"));
    assert!(
        app.store
            .account(alice.id, acct.id)
            .await
            .unwrap()
            .is_some(),
        "asking changes nothing"
    );
    for path in ["disconnect", "refresh"] {
        let forged = c
            .post_form_with(&format!("/accounts/{}/{path}", acct.id), "forged", &[])
            .await;
        assert_eq!(forged.status(), 403, "{path} without a valid CSRF token");
    }
    assert!(
        app.store
            .account(alice.id, acct.id)
            .await
            .unwrap()
            .is_some()
    );
    let csrf = csrf_in(&confirm).unwrap();
    let r = c
        .post_form_with(&format!("/accounts/{}/disconnect", acct.id), &csrf, &[])
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        app.store
            .account(alice.id, acct.id)
            .await
            .unwrap()
            .is_none()
    );
}
