//! The interface's shared behaviour over HTTP: first sign-in defaults, the
//! onboarding checklist, the policy notice for new users, the theme switch,
//! the live counters, the time-zone picker and composer errors all at once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{PASSWORD, TestApp, csrf_in};
use socialflow_core::Language;
use socialflow_core::media::MediaId;
use socialflow_core::onboarding::Milestone;

async fn get(c: &reqwest::Client, url: String) -> String {
    c.get(url).send().await.unwrap().text().await.unwrap()
}

async fn login_with(
    app: &TestApp,
    c: &reqwest::Client,
    name: &str,
    zone: &str,
    accept_language: &str,
) -> reqwest::Response {
    let csrf = app.csrf(c, "/login").await;
    c.post(app.url("/login"))
        .header("accept-language", accept_language)
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", name),
            ("password", PASSWORD),
            ("next", "/"),
            ("time_zone", zone),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_first_sign_in_takes_the_browsers_zone_and_language_and_later_ones_do_not() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.browser();
    let r = login_with(&app, &c, "alice", "Asia/Almaty", "ru-RU,ru;q=0.9").await;
    assert_eq!(r.status(), 303);
    let alice = app.state.users.find("alice").await.unwrap();
    assert_eq!(alice.time_zone.name(), "Asia/Almaty");
    assert_eq!(alice.language, Language::Ru);
    assert!(get(&c, app.url("/")).await.contains("<html lang=\"ru\""));

    // She chooses English and UTC; the next sign-in keeps her choice.
    let ctx = socialflow_core::RequestContext::cli();
    app.state
        .users
        .set_language(&alice, Language::En, &ctx)
        .await
        .unwrap();
    let alice = app.state.users.find("alice").await.unwrap();
    app.state
        .users
        .set_time_zone(&alice, &socialflow_core::TimeZone::utc(), &ctx)
        .await
        .unwrap();
    let c2 = app.browser();
    login_with(&app, &c2, "alice", "Europe/Berlin", "kk").await;
    let alice = app.state.users.find("alice").await.unwrap();
    assert_eq!(alice.time_zone.name(), "UTC");
    assert_eq!(alice.language, Language::En);

    // A user created with Russian keeps it; an unknown zone is ignored.
    app.add_user("olga", Language::Ru).await;
    let c3 = app.browser();
    login_with(&app, &c3, "olga", "Mars/Olympus", "en-US").await;
    let olga = app.state.users.find("olga").await.unwrap();
    assert_eq!(olga.language, Language::Ru);
    assert_eq!(olga.time_zone.name(), "UTC");
}

#[tokio::test]
async fn the_checklist_fills_in_and_goes_away_and_new_users_see_no_policy_change_notice() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let dash = get(&c, app.url("/")).await;
    assert!(dash.contains("Get started"), "{dash}");
    assert!(dash.contains("0 of 4 done"));
    assert!(dash.contains("href=\"/accounts\""));
    assert!(
        !dash.contains("policy-notice-h"),
        "a brand-new user joined under this policy"
    );

    // Opening the inbox ticks its step.
    get(&c, app.url("/inbox")).await;
    let dash = get(&c, app.url("/")).await;
    assert!(dash.contains("1 of 4 done"), "{dash}");
    let steps = app.state.onboarding.checklist(alice.id).await.unwrap();
    assert_eq!(steps.done_count(), 1);
    assert!(
        !app.state
            .onboarding
            .reach(alice.id, Milestone::InboxOpened)
            .await
            .unwrap()
    );
    // Once everything was done, the checklist is gone for good.
    app.state
        .onboarding
        .reach(alice.id, Milestone::ChecklistDone)
        .await
        .unwrap();
    let dash = get(&c, app.url("/")).await;
    assert!(!dash.contains("Get started"));
}

#[tokio::test]
async fn the_theme_switch_sets_a_cookie_and_comes_back_to_the_page() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let html = get(&c, app.url("/settings")).await;
    assert!(html.contains("<html lang=\"en\" data-cancel-label"));
    assert!(!html.contains("data-theme=\""));
    let csrf = csrf_in(&html).unwrap();
    let r = c
        .post_form_with("/theme", &csrf, &[("theme", "dark"), ("next", "/settings")])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/settings");
    let html = get(&c, app.url("/settings")).await;
    assert!(html.contains("data-theme=\"dark\""), "{html}");
    assert!(html.contains("value=\"dark\" aria-pressed=\"true\""));
    // Only local paths, and a forged form changes nothing.
    let r = c
        .submit(
            "/theme",
            &[
                ("csrf", csrf_in(&html).unwrap().as_str()),
                ("theme", "light"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.headers()["location"], "/");
    let r = c
        .post_form_with("/theme", "forged", &[("theme", "dark"), ("next", "/")])
        .await;
    assert_eq!(r.status(), 403);
    assert!(get(&c, app.url("/")).await.contains("data-theme=\"light\""));
}

#[tokio::test]
async fn counters_time_zones_and_assets() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::Ru).await;
    let c = app.login_as("alice").await;
    let counts: serde_json::Value = c.visit("/ui/counts").await.json().await.unwrap();
    assert_eq!(counts["comments"], 0);
    assert_eq!(counts["messages"], 0);
    // Signed out: no counts.
    let anon = app.browser();
    let r = anon.visit("/ui/counts").await;
    assert_eq!(r.status(), 303);

    let html = get(&c, app.url("/settings")).await;
    assert!(
        html.contains("<optgroup label=\"Азия\">"),
        "regions are translated"
    );
    assert!(html.contains(">(UTC+05:00) Almaty</option>"));
    assert!(!html.contains(">US/Eastern<"));

    // Versioned assets may be cached for good; the page links them so.
    let link = html
        .split("href=\"/static/style.css?v=")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let r = anon.visit(&format!("/static/style.css?v={link}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let r = anon.visit("/static/app.js").await;
    assert_eq!(r.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn the_composer_names_every_problem_at_once_under_its_field() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let missing = MediaId::new().to_string();
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", "schedule"),
                ("kind", "post"),
                ("account_id", "not-an-account"),
                ("media", missing.as_str()),
                ("caption", "typed text stays"),
                ("collaborators", "a b c d"),
                ("date", "2026-13-45"),
                ("time", "25:00"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    // The time, the account, the file and the collaborators: all at once.
    // (A field the kind does not take is not sent to the core at all: the
    // composer shows only the chosen kind's fields.)
    for (field, text) in [
        ("date", "The date or time is not valid"),
        ("account", "Choose one of your connected accounts."),
        ("media", "A chosen file no longer exists"),
        ("collaborators", "At most 3 collaborators; 4 given."),
    ] {
        assert!(
            html.contains(&format!("href=\"#{field}\"")),
            "{field}: {html}"
        );
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(!html.contains("first_comment;"), "no internal field names");
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"account-error\""));
    assert!(html.contains("typed text stays"));
    assert!(
        app.store
            .list_posts(
                app.state.users.find("alice").await.unwrap().id,
                &Default::default()
            )
            .await
            .unwrap()
            .is_empty()
    );
}
