//! The best-time heatmap and the audience through the whole stack: the
//! Analytics page's grid and suggestion move when the user changes zone in
//! Settings (the "03:00 after a zone change" report), the composer offers
//! "Best times this week", the queue's suggestions come from the grid, and
//! REST gives the grid in any zone and place names in any language, to the
//! owner only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use secrecy::ExposeSecret;
use serde_json::Value;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::analytics::{Audience, Bucket, Demographics, OnlineSample};
use socialflow_core::{Clock, Language, RequestContext, User};
use socialflow_fakes::ManualClock;
use time::macros::datetime;
use time::{Duration, OffsetDateTime, Weekday};

use crate::support::TestApp;

/// Monday 2026-11-30 10:00 UTC.
pub const NOW: OffsetDateTime = datetime!(2026-11-30 10:00 UTC);

async fn token_for(app: &TestApp, user: &User) -> String {
    let (_, secret) = app
        .state
        .auth
        .create_api_token(user.id, "test", &RequestContext::cli())
        .await
        .unwrap();
    secret.expose_secret().to_string()
}

pub async fn account(app: &TestApp, owner: &User, ig: &str) -> Account {
    let now = app.clock.now();
    let account = Account {
        id: AccountId::new(),
        owner: owner.id,
        ig_user_id: ig.into(),
        app_scoped_id: format!("app-{ig}"),
        profile: AccountProfile {
            username: format!("{}_shop", owner.username.as_str()),
            followers_count: Some(5000),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![0; 8]),
            expires_at: now + Duration::days(60),
            refreshed_at: now,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    app.store.insert_account(&account).await.unwrap();
    account
}

/// Four weeks of hours, 100 online, 900 on Fridays at 14:00 UTC; countries
/// and cities as Instagram gives them.
pub async fn seed_audience(app: &TestApp, owner: &User, account: &Account) {
    let start = datetime!(2026-11-02 00:00 UTC);
    let online_samples = (0..28 * 24)
        .map(|i| {
            let at = start + Duration::hours(i);
            let peak = at.weekday() == Weekday::Friday && at.hour() == 14;
            OnlineSample {
                at,
                followers: if peak { 900 } else { 100 },
            }
        })
        .collect();
    let b = |k: &str, v| Bucket {
        key: k.into(),
        value: v,
    };
    app.store
        .upsert_audience(
            owner.id,
            &Audience {
                account_id: account.id,
                fetched_at: app.clock.now(),
                demographics: Demographics {
                    age: vec![b("18-24", 300), b("25-34", 700)],
                    gender: vec![b("F", 600), b("M", 400)],
                    city: vec![b("Almaty, Kazakhstan", 400), b("Almaty, Almaty Region", 50)],
                    country: vec![b("KZ", 800), b("RU", 150)],
                },
                online: None,
                online_samples,
            },
        )
        .await
        .unwrap();
}

pub async fn spawn() -> TestApp {
    TestApp::builder()
        .clock(Arc::new(ManualClock::new(NOW)))
        .spawn()
        .await
}

#[tokio::test]
async fn the_heatmap_and_suggestion_follow_a_zone_change_in_settings() {
    let app = spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let shop = account(&app, &alice, "900").await;
    seed_audience(&app, &alice, &shop).await;
    let c = app.login_as("alice").await;
    let page = format!("/analytics?account={}", shop.id);

    // Zone set to London first (UTC+0 in winter): Friday 14:00.
    let csrf = c.csrf("/settings").await;
    let r = c
        .post_form_with(
            "/settings/time-zone",
            &csrf,
            &[("time_zone", "Europe/London")],
        )
        .await;
    assert!(r.status().is_success() || r.status().is_redirection());
    let html = c.get_page(&page).await;
    assert!(html.contains("class=\"heatmap\""), "{html}");
    assert!(
        html.contains("Suggested time to post: Friday 14:00"),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Friday 14:00: 900 followers online\""));
    assert!(html.contains("(Europe/London)"));

    // Almaty (UTC+5): the same followers, five hours later on the clock.
    let r = c
        .post_form_with(
            "/settings/time-zone",
            &csrf,
            &[("time_zone", "Asia/Almaty")],
        )
        .await;
    assert!(r.status().is_success() || r.status().is_redirection());
    let html = c.get_page(&page).await;
    assert!(
        html.contains("Suggested time to post: Friday 19:00"),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Friday 19:00: 900 followers online\""));
    assert!(html.contains("aria-label=\"Friday 14:00: 100 followers online\""));
    assert!(!html.contains("Friday 03:00: 900"));
    // The link to the composer carries the next Friday 19:00 in Almaty.
    assert!(html.contains("date=2026-12-04&#38;time=19%3A00"), "{html}");

    // The composer offers the busiest slots as chips that fill the time.
    let composer = c
        .get_page(&format!("/content/new?account={}", shop.id))
        .await;
    assert!(composer.contains("Best times this week:"), "{composer}");
    assert!(composer.contains("data-date=\"2026-12-04\" data-time=\"19:00\""));
    assert!(composer.contains("Suggested for @alice_shop: Friday, "));

    // The queue's suggestions are the grid's busiest hour on the new clock.
    let token = token_for(&app, &alice).await;
    let http = reqwest::Client::new();
    let s: Value = http
        .get(app.url(&format!(
            "/api/v1/accounts/{}/queue-slots/suggestions",
            shop.id
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["source"], "best_time", "{s}");
    assert_eq!(s["suggestions"][0]["time"], "19:00", "{s}");
}

#[tokio::test]
async fn rest_gives_the_grid_in_any_zone_and_names_in_any_language_to_the_owner_only() {
    let app = spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let bob = app.add_user("bob", Language::En).await;
    let shop = account(&app, &alice, "901").await;
    let bobs = account(&app, &bob, "902").await;
    seed_audience(&app, &alice, &shop).await;
    let token = token_for(&app, &alice).await;
    let http = reqwest::Client::new();
    let get = |path: String| {
        let http = http.clone();
        let token = token.clone();
        let url = app.url(&path);
        async move { http.get(url).bearer_auth(token).send().await.unwrap() }
    };

    let r = get(format!(
        "/api/v1/accounts/{}/best-time/heatmap?tz=Asia/Kolkata",
        shop.id
    ))
    .await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let body: Value = get(format!(
        "/api/v1/accounts/{}/best-time/heatmap?tz=Asia/Kolkata",
        shop.id
    ))
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(body["time_zone"], "Asia/Kolkata");
    assert_eq!(body["weekdays"][4], "friday");
    assert_eq!(body["cells"][4][19], 900, "14:00 UTC is 19:30 in Kolkata");
    assert_eq!(body["top"][0]["hour"], 19);
    assert_eq!(body["top"][0]["minute"], 30);
    assert_eq!(body["top"][0]["next_at"], "2026-12-04T14:00:00Z");
    // Default: the user's zone (UTC here).
    let body: Value = get(format!("/api/v1/accounts/{}/best-time/heatmap", shop.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["time_zone"], "UTC");
    assert_eq!(body["top"][0]["hour"], 14);
    let r = get(format!(
        "/api/v1/accounts/{}/best-time/heatmap?tz=Mars/Olympus",
        shop.id
    ))
    .await;
    assert_eq!(r.status(), 400);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["code"], "invalid_time_zone");
    // Without data: cells null, no top.
    let empty = account(&app, &alice, "903").await;
    let body: Value = get(format!("/api/v1/accounts/{}/best-time/heatmap", empty.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(body["cells"].is_null(), "{body}");
    assert_eq!(body["top"], Value::Array(vec![]));

    // Names: the user's language by default (ru), or the one asked for.
    let body: Value = get(format!("/api/v1/accounts/{}/audience", shop.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["lang"], "ru");
    assert_eq!(body["countries"][0]["key"], "KZ");
    assert_eq!(body["countries"][0]["name"], "Казахстан");
    assert_eq!(body["countries"][1]["name"], "Россия");
    assert_eq!(body["cities"][0]["name"], "Almaty, Казахстан");
    assert_eq!(body["cities"][1]["name"], "Almaty, Almaty Region");
    assert_eq!(body["age"][1]["percent"], 70.0);
    let body: Value = get(format!("/api/v1/accounts/{}/audience?lang=kk", shop.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["countries"][0]["name"], "Қазақстан");
    let body: Value = get(format!("/api/v1/accounts/{}/audience?lang=en", shop.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["countries"][1]["name"], "Russia");
    let r = get(format!("/api/v1/accounts/{}/audience?lang=xx", shop.id)).await;
    assert_eq!(r.status(), 400);

    // Another user's account is not found, for both.
    for path in [
        format!("/api/v1/accounts/{}/audience", bobs.id),
        format!("/api/v1/accounts/{}/best-time/heatmap", bobs.id),
    ] {
        assert_eq!(get(path.clone()).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn the_analytics_page_names_countries_in_the_users_language() {
    let app = spawn().await;
    let olga = app.add_user("olga", Language::Ru).await;
    let shop = account(&app, &olga, "904").await;
    seed_audience(&app, &olga, &shop).await;
    let c = app.login_as("olga").await;
    let html = c.get_page(&format!("/analytics?account={}", shop.id)).await;
    assert!(html.contains("Казахстан"), "{html}");
    assert!(html.contains("Almaty, Казахстан"));
    assert!(!html.contains(">KZ<"));
    assert!(
        html.contains("Рекомендуемое время публикации: пятница 14:00"),
        "{html}"
    );
    assert!(html.contains("900 подписчиков в сети"));
}
