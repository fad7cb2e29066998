//! The security review's findings, reproduced over real HTTP: parallel
//! password guesses against the throttle (on every storage adapter),
//! re-entered passwords sharing the login's limits, open redirects through
//! `next`, CSRF tokens carried from one session to another, the `__Host-`
//! cookie prefix, and the data export's origin check.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{PASSWORD, TestApp, csrf_in};
use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::password::{HashError, PasswordHash, PasswordHasher};
use socialflow_core::storage::HealthRepo;
use socialflow_core::{Language, Store};
use socialflow_fakes::{FastHasher, MemoryStore};
use socialflow_sql::{ScratchDatabase, SqliteStore};

/// The username limit of the default throttle policy.
const LIMIT: usize = 10;
const PARALLEL: usize = 25;

/// Checks passwords as slowly as bcrypt does, so parallel guesses really
/// are all in flight at once.
struct SlowHasher;

#[async_trait]
impl PasswordHasher for SlowHasher {
    async fn hash(&self, password: &SecretString) -> Result<PasswordHash, HashError> {
        FastHasher.hash(password).await
    }
    async fn verify(
        &self,
        password: &SecretString,
        hash: &PasswordHash,
    ) -> Result<bool, HashError> {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        FastHasher.verify(password, hash).await
    }
    fn dummy_hash(&self) -> PasswordHash {
        FastHasher.dummy_hash()
    }
}

/// 25 wrong passwords at once, each from its own browser: only the limit
/// are checked (401), the rest refused (429); then even the right password
/// is refused.
async fn parallel_guesses(store: Arc<dyn Store>) {
    let app = TestApp::builder()
        .store(store)
        .hasher(Arc::new(SlowHasher))
        .spawn()
        .await;
    app.add_user("alice", Language::En).await;
    let mut ready = Vec::new();
    for _ in 0..PARALLEL {
        let c = app.browser();
        let csrf = app.csrf(&c, "/login").await;
        ready.push((c, csrf));
    }
    let url = app.url("/login");
    let tasks: Vec<_> = ready
        .into_iter()
        .map(|(c, csrf)| {
            let url = url.clone();
            tokio::spawn(async move {
                c.post(url)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("username", "alice"),
                        ("password", "a wrong guess"),
                        ("next", "/"),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(wrong + refused, PARALLEL, "{statuses:?}");
    // At most the limit may be checked; the storage serialises the
    // reservations, so it is exactly the limit.
    assert_eq!(wrong, LIMIT, "{wrong} guesses were checked: {statuses:?}");
    assert_eq!(refused, PARALLEL - LIMIT, "{statuses:?}");
    println!("{PARALLEL} parallel wrong logins: {wrong} x 401, {refused} x 429");
    let c = app.browser();
    assert_eq!(app.login(&c, "alice", PASSWORD).await.status(), 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_logins_are_throttled_in_memory() {
    parallel_guesses(Arc::new(MemoryStore::new())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_logins_are_throttled_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("throttle.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    parallel_guesses(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_logins_are_throttled_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = Arc::new(scratch.store().await.unwrap());
    let outcome = tokio::spawn(parallel_guesses(store.clone())).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Changing the password and deleting the account ask for it again; those
/// checks count with failed logins, so a stolen session cannot guess the
/// password without limit.
#[tokio::test]
async fn re_entered_passwords_are_throttled_with_logins() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    for i in 0..LIMIT {
        let csrf = app.csrf(&c, "/settings").await;
        let r = c
            .post_form_with(
                "/settings/password",
                &csrf,
                &[
                    ("current", "a wrong guess"),
                    ("new", "another long password"),
                    ("confirm", "another long password"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "guess {i}");
    }
    let csrf = app.csrf(&c, "/settings").await;
    let r = c
        .post_form_with(
            "/settings/password",
            &csrf,
            &[
                ("current", PASSWORD),
                ("new", "another long password"),
                ("confirm", "another long password"),
            ],
        )
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Too many failed attempts. Try again in 15 minutes.")
    );

    // The account deletion form and the API share the same count.
    let csrf = app.csrf(&c, "/settings/data").await;
    let r = c
        .post_form_with(
            "/settings/data/delete",
            &csrf,
            &[("password", PASSWORD), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status(), 429);
    let (_, token) = app
        .state
        .auth
        .create_api_token(
            app.state.users.find("alice").await.unwrap().id,
            "script",
            &socialflow_core::RequestContext::cli(),
        )
        .await
        .unwrap();
    use secrecy::ExposeSecret;
    let r = reqwest::Client::new()
        .delete(app.url("/api/v1/me"))
        .bearer_auth(token.expose_secret())
        .json(&serde_json::json!({ "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    assert!(app.state.users.find("alice").await.is_ok(), "not deleted");
}

/// `next=/%09/evil.example` arrives as `/<TAB>/evil.example`, which a
/// browser turns into `//evil.example`: it must lead home instead.
#[tokio::test]
async fn next_cannot_lead_to_another_site() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.browser();
    let page = c.get_page("/login?next=/%09/evil.example").await;
    assert!(page.contains("name=\"next\" value=\"/\""), "{page}");
    assert!(!page.contains("evil.example"));
    for next in [
        "/\t/evil.example",
        "/%09/evil.example",
        "/\\evil.example",
        "/\n/evil.example",
    ] {
        let c = app.browser();
        let csrf = app.csrf(&c, "/login").await;
        let r = c
            .post_form_with(
                "/login",
                &csrf,
                &[
                    ("username", "alice"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/", "{next:?}");
        // Signed in already: the login page redirects the same way.
        let r = c.visit("/login?next=/%09/evil.example").await;
        assert_eq!(r.headers()["location"], "/");
    }
    let c = app.browser();
    let csrf = app.csrf(&c, "/login").await;
    let r = c
        .post_form_with(
            "/login",
            &csrf,
            &[
                ("username", "alice"),
                ("password", PASSWORD),
                ("next", "/settings?tab=tokens"),
            ],
        )
        .await;
    assert_eq!(r.headers()["location"], "/settings?tab=tokens");
}

fn set_cookie(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with(&format!("{name}=")))
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

/// Logs in with a plain client and returns the `sf_session=…` pair.
async fn session_of(app: &TestApp, user: &str) -> String {
    let c = app.browser();
    let r = app.login(&c, user, PASSWORD).await;
    assert_eq!(r.status(), 303);
    cookie_pair(&set_cookie(&r, "sf_session").unwrap())
}

/// A form token (and its cookie) taken from one session is refused in
/// another: the token is bound to the session it was issued to.
#[tokio::test]
async fn a_csrf_token_from_one_session_is_refused_in_another() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    app.add_user("mallory", Language::En).await;
    let plain = app.session_with(
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    );
    let alice = session_of(&app, "alice").await;
    let mallory = session_of(&app, "mallory").await;

    // Mallory's own token and cookie, from her settings page.
    let page = plain
        .get(app.url("/settings"))
        .header("cookie", &mallory)
        .send()
        .await
        .unwrap();
    let csrf_cookie = cookie_pair(&set_cookie(&page, "sf_csrf").unwrap());
    let token = csrf_in(&page.text().await.unwrap()).unwrap();
    let change = |session: String| {
        plain
            .post(app.url("/settings/language"))
            .header("cookie", format!("{session}; {csrf_cookie}"))
            .form(&[("csrf", token.as_str()), ("language", "ru")])
            .send()
    };
    // Planted in Alice's browser, they change nothing.
    let r = change(alice.clone()).await.unwrap();
    assert_eq!(r.status(), 403);
    let alice_user = app.state.users.find("alice").await.unwrap();
    assert_eq!(alice_user.language, Language::En);
    // In Mallory's own session they work.
    let r = change(mallory.clone()).await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.state.users.find("mallory").await.unwrap().language,
        Language::Ru
    );

    // A token from before login does not survive the login either.
    let c = app.browser();
    let before = app.csrf(&c, "/login").await;
    assert_eq!(app.login(&c, "alice", PASSWORD).await.status(), 303);
    let r = c
        .post_form_with("/settings/language", &before, &[("language", "kk")])
        .await;
    assert_eq!(r.status(), 403);
}

/// Over HTTPS the CSRF cookie is `__Host-` prefixed (Secure, `Path=/`, no
/// `Domain`), so a sibling subdomain cannot plant one.
#[tokio::test]
async fn over_https_the_csrf_cookie_has_the_host_prefix() {
    let app = TestApp::builder().https().spawn().await;
    app.add_user("alice", Language::En).await;
    let plain = app.session_with(
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    );
    let page = plain.visit("/login").await;
    assert!(set_cookie(&page, "sf_csrf").is_none());
    let cookie = set_cookie(&page, "__Host-sf_csrf").expect("__Host- cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
    let token = csrf_in(&page.text().await.unwrap()).unwrap();
    let r = plain
        .post(app.url("/login"))
        .header("cookie", cookie_pair(&cookie))
        .form(&[
            ("csrf", token.as_str()),
            ("username", "alice"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Without the prefix the same cookie is not read.
    let unprefixed = cookie_pair(&cookie).replacen("__Host-", "", 1);
    let r = plain
        .post(app.url("/login"))
        .header("cookie", unprefixed)
        .form(&[
            ("csrf", token.as_str()),
            ("username", "alice"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

/// The export is a GET, so a foreign page could start the download with
/// the session cookie; like every other session request that matters, it
/// must come from SocialFlow's own pages. Tokens are not affected.
#[tokio::test]
async fn the_export_with_a_session_cookie_needs_our_origin() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let session = session_of(&app, "alice").await;
    let plain = reqwest::Client::new();
    let export = |site: Option<&'static str>| {
        let mut r = plain
            .get(app.url("/api/v1/me/export"))
            .header("cookie", &session);
        if let Some(s) = site {
            r = r.header("sec-fetch-site", s);
        }
        r.send()
    };
    for site in [None, Some("cross-site"), Some("same-site")] {
        let r = export(site).await.unwrap();
        assert_eq!(r.status(), 403, "{site:?}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "cross_origin");
    }
    let r = export(Some("same-origin")).await.unwrap();
    assert_eq!(r.status(), 200);
    let r = plain
        .get(app.url("/api/v1/me/export"))
        .header("cookie", &session)
        .header("origin", app.base.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The settings page's form (POST, with the CSRF token) still works
    // without any script.
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/settings/data").await;
    let r = c.post_form_with("/settings/data/export", &csrf, &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
}
