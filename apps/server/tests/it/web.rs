//! The HTML interface over real HTTP: logging in and out, sessions, CSRF,
//! throttling, languages and settings.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{PASSWORD, TestApp, csrf_in};
use socialflow_core::Language;
use socialflow_core::audit::AuditKind;
use time::Duration;

#[tokio::test]
async fn login_page_follows_accept_language_and_can_switch() {
    let app = TestApp::spawn().await;
    let c = app.browser();
    let kk = c
        .get(app.url("/login"))
        .header("accept-language", "kk-KZ,ru;q=0.8")
        .send()
        .await
        .unwrap();
    let html = kk.text().await.unwrap();
    assert!(html.contains("<html lang=\"kk\""), "{html}");
    assert!(html.contains("Құпиясөз"));
    let ru = c
        .get(app.url("/login"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ru.contains("Пароль"));
    // An explicit choice wins over the header and sticks (cookie).
    c.get(app.url("/login?lang=en"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    let en = c
        .get(app.url("/login"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("<html lang=\"en\""));
}

#[tokio::test]
async fn login_sets_a_safe_cookie_and_logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let c = app.browser();

    // Pages need a session.
    let r = c.visit("/settings").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2Fsettings");

    let r = app.login(&c, "Alice", PASSWORD).await;
    assert_eq!(r.status(), 303);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("sf_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain-http public URL: {cookie}"
    );

    let home = c.visit("/").await;
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains("Добро пожаловать, alice."), "{html}");
    assert!(html.contains("aria-current=\"page\""));

    let events = app.store.audit_for_user(alice.id, 10).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::LoginSucceeded);

    let csrf = csrf_in(&html).unwrap();
    let r = c.post_form_with("/logout", &csrf, &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(c.visit("/").await.status(), 303);
    let events = app.store.audit_for_user(alice.id, 10).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::Logout);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_translated_refusal() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    for (user, lang, expected) in [
        ("alice", "en", "Wrong username or password."),
        ("nobody", "ru", "Неверное имя пользователя или пароль."),
    ] {
        let c = app.browser();
        c.visit(&format!("/login?lang={lang}")).await;
        let r = app.login(&c, user, "not the password").await;
        assert_eq!(r.status(), 401);
        assert!(
            r.headers()
                .get_all("set-cookie")
                .iter()
                .all(|v| !v.to_str().unwrap().starts_with("sf_session="))
        );
        let html = r.text().await.unwrap();
        assert!(html.contains(expected), "{html}");
        // The username typed is kept; the password is not echoed.
        assert!(html.contains(&format!("value=\"{user}\"")));
        assert!(!html.contains("not the password"));
    }
    let events = app.store.audit_for_user(alice.id, 10).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::LoginFailed);
    let all = app.store.audit_all(10).await.unwrap();
    assert!(
        all.iter().any(|e| e.kind == AuditKind::LoginFailed
            && e.user_id.is_none()
            && e.detail == "nobody")
    );
}

#[tokio::test]
async fn repeated_failures_are_refused_for_a_while() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.browser();
    for _ in 0..10 {
        assert_eq!(app.login(&c, "alice", "guess").await.status(), 401);
    }
    // Even the right password is refused now.
    let r = app.login(&c, "alice", PASSWORD).await;
    assert_eq!(r.status(), 429);
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Too many failed attempts. Try again in 15 minutes.")
    );
    let events = app.store.audit_for_user(alice.id, 20).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::LoginThrottled);
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == AuditKind::LoginFailed)
            .count(),
        10
    );

    app.clock.advance(Duration::minutes(16));
    assert_eq!(app.login(&c, "alice", PASSWORD).await.status(), 303);
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_change_nothing() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.browser();
    let r = c
        .post_form_with(
            "/login",
            "forged",
            &[("username", "alice"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("This form has expired"));
    let events = app.store.audit_for_user(alice.id, 10).await.unwrap();
    assert!(
        events.iter().all(|e| e.kind == AuditKind::UserCreated),
        "no login happened: {events:?}"
    );

    let c = app.login_as("alice").await;
    for csrf in ["", "forged"] {
        let r = c
            .post_form_with("/settings/language", csrf, &[("language", "kk")])
            .await;
        assert_eq!(r.status(), 403);
    }
    let r = c
        .post(app.url("/settings/language"))
        .body("not a form")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.user(alice.id).await.language, Language::En);
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    app.clock.advance(Duration::days(6));
    assert_eq!(c.visit("/").await.status(), 200);
    app.clock.advance(Duration::days(7) + Duration::seconds(1));
    let r = c.visit("/content").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2Fcontent&expired=1");
}

#[tokio::test]
async fn switching_to_kazakh_translates_the_navigation() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/settings").await;
    let r = c
        .post_form_with("/settings/language", &csrf, &[("language", "kk")])
        .await;
    assert_eq!(r.status(), 303);
    let html = c.get_page("/settings?notice=language").await;
    for label in [
        "Басқару тақтасы",
        "Контент",
        "Кіріс",
        "Хабарламалар",
        "Баптаулар",
        "Шығу",
    ] {
        assert!(html.contains(label), "missing {label}");
    }
    assert_eq!(app.user(alice.id).await.language, Language::Kk);
    // An unknown language is refused and nothing changes.
    let r = c
        .post_form_with("/settings/language", &csrf, &[("language", "xx")])
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(app.user(alice.id).await.language, Language::Kk);
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let laptop = app.login_as("alice").await;
    let phone = app.login_as("alice").await;
    let csrf = app.csrf(&laptop, "/settings").await;
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        laptop
            .post(app.url("/settings/password"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("current", current),
                ("new", new),
                ("confirm", confirm),
            ])
            .send()
    };
    let r = change(
        "wrong password",
        "a new long password",
        "a new long password",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("The current password is wrong")
    );
    let r = change(PASSWORD, "a new long password", "different")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = change(PASSWORD, "short", "short").await.unwrap();
    assert!(r.text().await.unwrap().contains("at least 8 characters"));
    assert_eq!(phone.visit("/").await.status(), 200, "nothing changed yet");

    let r = change(PASSWORD, "a new long password", "a new long password")
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(laptop.visit("/").await.status(), 200, "this session stays");
    assert_eq!(phone.visit("/").await.status(), 303, "others end");
    let fresh = app.browser();
    assert_eq!(app.login(&fresh, "alice", PASSWORD).await.status(), 401);
    assert_eq!(
        app.login(&fresh, "alice", "a new long password")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn tokens_are_shown_once_and_only_their_owner_can_revoke_them() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    app.add_user("bob", Language::En).await;
    let a = app.login_as("alice").await;
    let csrf = app.csrf(&a, "/settings").await;
    let r = a
        .post_form_with("/settings/tokens", &csrf, &[("name", "ci")])
        .await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    let html = r.text().await.unwrap();
    let shown = html
        .split("id=\"new-token\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .map(|(_, text)| text);
    assert!(shown.is_some_and(|t| t.starts_with("sfp_")), "{html}");
    let tokens = app.store.list_api_tokens(alice.id).await.unwrap();
    assert_eq!(tokens.len(), 1);
    let id = tokens[0].id.0.to_string();
    // Later views never show the secret again.
    assert!(!a.get_page("/settings").await.contains("sfp_"));

    let b = app.login_as("bob").await;
    let bcsrf = app.csrf(&b, "/settings").await;
    b.post_form_with("/settings/tokens/revoke", &bcsrf, &[("id", id.as_str())])
        .await;
    assert_eq!(
        app.store.list_api_tokens(alice.id).await.unwrap().len(),
        1,
        "bob cannot revoke alice's token"
    );

    a.post_form_with("/settings/tokens/revoke", &csrf, &[("id", id.as_str())])
        .await;
    assert!(
        app.store
            .list_api_tokens(alice.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn first_run_setup_needs_the_printed_token_and_works_once() {
    let app = TestApp::spawn().await;
    let c = app.browser();
    assert_eq!(c.visit("/setup?token=guess").await.status(), 403);
    let path = format!("/setup?token={}", app.state.setup_token);
    let csrf = app.csrf(&c, &path).await;
    let token = app.state.setup_token.clone();
    let post = |user: &'static str, pw: &'static str, token: String| {
        c.post(app.url("/setup"))
            .form(&[
                ("csrf", csrf.clone()),
                ("token", token),
                ("username", user.into()),
                ("password", pw.into()),
                ("confirm", pw.into()),
            ])
            .send()
    };
    assert_eq!(
        post("admin", PASSWORD, "wrong".into())
            .await
            .unwrap()
            .status(),
        403
    );
    let r = post("a", PASSWORD, token.clone()).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("3 to 32 characters"));
    assert_eq!(app.store.count_users().await.unwrap(), 0);

    let r = post("admin", PASSWORD, token.clone()).await.unwrap();
    assert_eq!(r.status(), 303);
    let admin = app.state.users.find("admin").await.unwrap();
    assert!(admin.is_admin());
    // Once a user exists the page is gone.
    assert_eq!(c.visit(&path).await.status(), 303);
    assert_eq!(post("second", PASSWORD, token).await.unwrap().status(), 303);
    assert_eq!(app.store.count_users().await.unwrap(), 1);
}

#[tokio::test]
async fn unknown_pages_and_oversized_forms_get_translated_errors() {
    let app = TestApp::spawn().await;
    let c = app.browser();
    let r = c
        .get(app.url("/nowhere"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Такой страницы не существует.")
    );
    let big = "x".repeat(100 * 1024);
    let r = c.submit("/login", &[("username", big.as_str())]).await;
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn health_endpoints_answer() {
    let app = TestApp::spawn().await;
    let c = app.browser();
    assert_eq!(c.get_page("/healthz").await, "ok");
    assert_eq!(c.get_page("/readyz").await, "ready");
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = TestApp::spawn().await;
    let r = app.browser().get(app.url("/login")).send().await.unwrap();
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn over_https_cookies_are_secure_and_hsts_is_sent() {
    let app = TestApp::builder().https().spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.browser();
    let page = c.visit("/login").await;
    assert_eq!(
        page.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let csrf_cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("__Host-sf_csrf="))
        .unwrap();
    assert!(csrf_cookie.contains("Secure"), "{csrf_cookie}");
    let html = page.text().await.unwrap();
    let csrf = csrf_in(&html).unwrap();
    let value = csrf_cookie.split(';').next().unwrap().to_string();
    let r = c
        .post(app.url("/login"))
        .header("cookie", value)
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "alice"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("sf_session="))
        .unwrap();
    assert!(
        session.contains("Secure")
            && session.contains("HttpOnly")
            && session.contains("SameSite=Lax"),
        "{session}"
    );
}

#[tokio::test]
async fn the_time_zone_is_chosen_in_settings_and_unknown_zones_are_refused() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/settings").await;
    let r = c
        .post_form_with(
            "/settings/time-zone",
            &csrf,
            &[("time_zone", "Mars/Olympus")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Выберите часовой пояс из списка")
    );
    let stored = app.user(alice.id).await;
    assert_eq!(stored.time_zone.name(), "UTC");

    let r = c
        .post_form_with(
            "/settings/time-zone",
            &csrf,
            &[("time_zone", "Asia/Almaty")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let stored = app.user(alice.id).await;
    assert_eq!(stored.time_zone.name(), "Asia/Almaty");
    let html = c.get_page("/settings?notice=time-zone").await;
    assert!(
        html.contains(r#"<option value="Asia/Almaty" selected>"#),
        "{html}"
    );
    // The security events (the login at 09:00 UTC) are on the user's clock
    // and in their language's date format.
    assert!(html.contains("01.01.2026 14:00"), "{html}");
    assert!(!html.contains("09:00 UTC"), "{html}");
}

/// Every POST route of the HTML interface is either a form, refused
/// without its CSRF token before the handler runs, or one of the callbacks
/// Meta signs. The list comes from the route table itself, so a new form
/// is covered the day it is added.
#[tokio::test]
async fn every_form_route_refuses_a_post_without_its_token() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    // A page first, so the CSRF cookie is there and only the token is missing.
    let csrf = app.csrf(&c, "/settings").await;

    let routes = socialflow_server::web::routes::post_routes(&app.state.web);
    assert_eq!(
        routes.signed,
        [
            "/webhooks/instagram",
            "/meta/data-deletion",
            "/meta/deauthorize",
            // A client review link's form: its token is bound to the link
            // (tests/it/client_review.rs refuses a missing or forged one).
            "/r/:secret"
        ],
        "a POST route without a form token must be verified some other way"
    );
    assert!(routes.forms.len() >= 30, "{:?}", routes.forms);
    let id = uuid::Uuid::new_v4().to_string();
    for path in &routes.forms {
        let url = app.url(&path.replace(":media_id", &id).replace(":id", &id));
        let bodies: [&[(&str, &str)]; 3] = [
            &[],
            &[("csrf", "forged"), ("action", "draft")],
            &[("action", "draft"), ("csrf", "")],
        ];
        for body in bodies {
            let r = c.post(&url).form(body).send().await.unwrap();
            assert_eq!(r.status(), 403, "POST {path} with {body:?}");
            let html = r.text().await.unwrap();
            assert!(
                html.contains("did not come from SocialFlow"),
                "{path}: {html}"
            );
        }
    }
    // Nothing happened: still signed in (the sign-out was refused), same
    // language, and the token still works.
    let r = c
        .post(app.url("/settings/language"))
        .form(&[("csrf", csrf.as_str()), ("language", "ru")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let me = app.state.users.find("alice").await.expect("alice is there");
    assert_eq!((me.id, me.language), (alice.id, Language::Ru));
}
