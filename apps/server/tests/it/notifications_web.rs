//! The notification centre, the bell and the preferences page (no script),
//! and the REST endpoints, over HTTP against the memory store.

use socialflow_core::Language;
use socialflow_core::notifications::{Figures, NewNotification, NotificationKind};

use crate::support::TestApp;

async fn notify(app: &TestApp, owner: socialflow_core::UserId, key: &str, unanswered: u32) {
    assert!(
        app.state
            .notifications
            .notify(NewNotification {
                owner,
                account: None,
                kind: NotificationKind::InboxDigest,
                dedupe_key: key.into(),
                subject: String::new(),
                link: "/comments".into(),
                figures: Figures {
                    unanswered: Some(unanswered),
                    unread: Some(1),
                    ..Figures::default()
                },
            })
            .await
            .expect("notify")
    );
}

#[tokio::test]
async fn the_bell_counts_unread_and_the_centre_marks_them_read() {
    let app = TestApp::spawn().await;
    let user = app.add_user("bell", Language::Ru).await;
    let other = app.add_user("other", Language::En).await;
    notify(&app, user.id, "digest:1", 7).await;
    notify(&app, user.id, "digest:2", 3).await;
    notify(&app, other.id, "digest:1", 99).await;
    let s = app.login_as("bell").await;

    let home = s.get_page("/").await;
    assert!(
        home.contains("Уведомления, 2 непрочитанных"),
        "the bell's name"
    );
    assert!(home.contains("class=\"bell-count\" aria-hidden=\"true\">2<"));

    let page = s.get_page("/notifications").await;
    assert!(page.contains("Комментарии без ответа: 7"));
    assert!(page.contains("Комментарии без ответа: 3"));
    assert!(!page.contains(": 99"), "another user's notification");
    assert!(page.contains("Отметить все прочитанными"));

    // Opening one marks it read and goes to its page (a local path).
    let id = app
        .state
        .notifications
        .list(user.id, 10)
        .await
        .expect("list")[0]
        .id;
    let token = s.csrf("/notifications").await;
    let open = s
        .post_form_with(&format!("/notifications/{}/open", id.0), &token, &[])
        .await;
    assert_eq!(open.status(), 303);
    assert_eq!(open.headers()["location"], "/comments");
    assert_eq!(
        app.state
            .notifications
            .unread_count(user.id)
            .await
            .expect("n"),
        1
    );
    // Another user's id: nothing happens to it.
    let theirs = app
        .state
        .notifications
        .list(other.id, 10)
        .await
        .expect("list")[0]
        .id;
    let r = s
        .post_form_with(&format!("/notifications/{}/open", theirs.0), &token, &[])
        .await;
    assert_eq!(r.headers()["location"], "/notifications?notice=gone");
    assert_eq!(
        app.state
            .notifications
            .unread_count(other.id)
            .await
            .expect("n"),
        1
    );

    let all = s
        .post_form_with("/notifications/read-all", &token, &[])
        .await;
    assert_eq!(all.status(), 303);
    assert_eq!(
        app.state
            .notifications
            .unread_count(user.id)
            .await
            .expect("n"),
        0
    );
    let home = s.get_page("/").await;
    assert!(!home.contains("class=\"bell-count\""));
    // Without a CSRF token: refused, nothing changed.
    let r = s
        .post_form_with("/notifications/read-all", "forged", &[])
        .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn preferences_keep_what_was_typed_on_errors_and_save_when_right() {
    let app = TestApp::spawn().await;
    app.add_user("prefs", Language::Kk).await;
    let s = app.login_as("prefs").await;
    let page = s.get_page("/settings/notifications").await;
    assert!(page.contains("Тыныш сағаттар"));
    assert!(
        page.contains("SOCIALFLOW_SMTP_URL"),
        "says e-mail is not set up"
    );
    let token = s.csrf("/settings/notifications").await;
    let bad = s
        .post_form_with(
            "/settings/notifications",
            &token,
            &[
                ("app_post_failed", "on"),
                ("address", "not-an-address"),
                ("quiet_start", "22:00"),
                ("quiet_end", ""),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.expect("body");
    assert!(html.contains("value=\"not-an-address\""), "kept as typed");
    assert!(html.contains("value=\"22:00\""));
    assert!(html.contains("name@example.com"), "the address problem");
    assert!(
        html.contains("екеуін де бос"),
        "the half-filled quiet hours"
    );

    let ok = s
        .post_form_with(
            "/settings/notifications",
            &token,
            &[
                ("app_post_failed", "on"),
                ("email_weekly_summary", "on"),
                ("address", "prefs@example.kz"),
                ("quiet_start", "22:00"),
                ("quiet_end", "07:00"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let user = app.add_user("prefs2", Language::En).await;
    let tok = app.api_token(&user).await;
    let (status, body) = app.api_get(&tok, "/api/v1/notifications/preferences").await;
    assert_eq!(status, 200);
    assert_eq!(body["email_configured"], false);
    assert_eq!(body["email_address"], serde_json::Value::Null);
    let (status, body) = app
        .api_call(
            &tok,
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(serde_json::json!({
                "in_app": ["post_failed", "weekly_summary"],
                "email": ["weekly_summary"],
                "email_address": "p2@example.kz",
                "quiet_start": "23:00",
                "quiet_end": "23:00"
            })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"][0]["code"], "quiet_empty");
    let (status, body) = app
        .api_call(
            &tok,
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(serde_json::json!({
                "in_app": ["post_failed", "weekly_summary"],
                "email": ["weekly_summary"],
                "email_address": "p2@example.kz",
                "quiet_start": "23:00",
                "quiet_end": "06:30"
            })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["quiet_end"], "06:30");
    let (status, body) = app.api_get(&tok, "/api/v1/notifications?limit=500").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = app.api_get(&tok, "/api/v1/notifications").await;
    assert_eq!(status, 200);
    assert_eq!(body["unread"], 0);
}
