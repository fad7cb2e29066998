//! The privacy policy page and its change notice, data export, and the
//! admin's audit view, through the web UI and the REST API.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::sync::Arc;

use crate::support::{PASSWORD, TestApp};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::audit::AuditKind;
use socialflow_core::instagram::{LongLivedToken, MockInstagramApi, Profile};
use socialflow_core::privacy::PolicyVersion;
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, Store};
use socialflow_fakes::{ManualClock, MemoryStore};
use socialflow_server::privacy_settings::PrivacySettings;

/// A server with operator settings, posts on the real media library and
/// no Meta secrets.
async fn serve_with(store: Arc<dyn Store>, settings: PrivacySettings) -> TestApp {
    TestApp::builder()
        .store(store)
        .privacy(settings)
        .library_post_media()
        .without_meta_secrets()
        .media(|m| m.max_upload_bytes = 1024 * 1024)
        .spawn()
        .await
}

fn operator(version: &str) -> PrivacySettings {
    PrivacySettings {
        operator_name: Some("Almas <Nurgaliyev>".into()),
        operator_email: Some("privacy@example.kz".into()),
        hosting_location: Some("Kazakhstan".into()),
        policy_version: PolicyVersion::parse(version).unwrap(),
    }
}

async fn get(url: String) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn the_policy_is_public_in_three_languages_with_the_operators_details() {
    let app = serve_with(Arc::new(MemoryStore::new()), operator("2027-01-15")).await;
    let base = &app.base;
    let en = get(format!("{base}/privacy")).await;
    assert!(en.contains("<h1>Privacy Policy</h1>"));
    assert!(en.contains("Last updated: <time datetime=\"2027-01-15\">"));
    // Operator text is escaped like any other.
    assert!(
        en.contains("<strong>Almas &#60;Nurgaliyev&#62;</strong>")
            || en.contains("<strong>Almas &lt;Nurgaliyev&gt;</strong>"),
        "{en}"
    );
    assert!(en.contains("mailto:privacy@example.kz"));
    assert!(en.contains("<strong>Kazakhstan</strong>"));
    assert!(en.contains(&format!("href=\"{base}\"")));
    for promise in [
        "up to 24 hours",
        "up to 30 days",
        "up to 729 days",
        "bcrypt",
        "AES-256-SIV",
        "/data-deletion",
    ] {
        assert!(en.contains(promise), "{promise}");
    }
    let ru = get(format!("{base}/privacy?lang=ru")).await;
    assert!(ru.contains("<h1>Политика конфиденциальности</h1>"));
    assert!(ru.contains("до 729 дней") && ru.contains("Kazakhstan"));
    let kk = get(format!("{base}/privacy?lang=kk")).await;
    assert!(kk.contains("<h1>Құпиялылық саясаты</h1>"));
    assert!(kk.contains("729 күнге дейін"));
    // The browser's language is used without ?lang.
    let by_header = reqwest::Client::new()
        .get(format!("{base}/privacy"))
        .header("accept-language", "kk-KZ,kk;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(by_header.contains("Құпиялылық саясаты"));
}

#[tokio::test]
async fn without_operator_settings_the_policy_uses_neutral_words() {
    let app = TestApp::spawn().await;
    let en = get(app.url("/privacy")).await;
    assert!(en.contains("operated by the operator of this installation"));
    assert!(en.contains(&format!(
        "Last updated: <time datetime=\"{}\">",
        PolicyVersion::BUILT_IN
    )));
    assert!(!en.contains("mailto:") && !en.contains("None"));
}

#[tokio::test]
async fn the_login_page_and_every_footer_link_the_policy_and_deletion_page() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let anonymous = app.session_with(reqwest::Client::new());
    for (client, path) in [
        (&anonymous, "/login"),
        (&c, "/"),
        (&c, "/settings"),
        (&anonymous, "/data-deletion"),
        (&anonymous, "/privacy"),
    ] {
        let html = client.get_page(path).await;
        let footer = &html[html
            .find("<footer")
            .unwrap_or_else(|| panic!("no footer on {path}"))..];
        assert!(footer.contains("href=\"/privacy\""), "{path}");
        assert!(footer.contains("href=\"/data-deletion\""), "{path}");
    }
    let login = get(app.url("/login")).await;
    let card = &login[..login.find("<footer").unwrap()];
    assert!(card.contains("href=\"/privacy\"") && card.contains("href=\"/data-deletion\""));
}

#[tokio::test]
async fn a_new_policy_version_shows_a_notice_until_acknowledged() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let app = serve_with(store.clone(), operator("2027-01-15")).await;
    let (base, _state) = (&app.base, &app.state);
    let alice = app.add_user("alice", Language::En).await;
    // Alice accepted the policy of the version before (a brand-new user
    // sees no "has changed" notice: see the test after this one).
    store
        .acknowledge_policy(alice.id, "2026-11-27", time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let c = app.browser();
    let login_page = c.get_page("/login").await;
    assert!(
        !login_page.contains("policy-notice-h"),
        "no notice before login"
    );
    let r = app.login(&c, "alice", PASSWORD).await;
    assert_eq!(r.status(), 303);
    for path in ["/", "/settings", "/accounts", "/privacy"] {
        let html = c.get_page(path).await;
        assert!(
            html.contains("The privacy policy was updated on Jan 15, 2027"),
            "{path}"
        );
    }
    let csrf = c.csrf("/settings").await;
    let forged = c
        .post_form_with("/privacy/acknowledge", "forged", &[])
        .await;
    assert_eq!(forged.status(), 403);
    let ack = c
        .post(format!("{base}/privacy/acknowledge"))
        .header("referer", format!("{base}/settings"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(ack.status(), 303);
    assert_eq!(ack.headers()["location"], "/settings");
    let html = c.get_page("/").await;
    assert!(!html.contains("policy-notice-h"));
    assert_eq!(
        store
            .acknowledged_policy(alice.id)
            .await
            .unwrap()
            .as_deref(),
        Some("2027-01-15")
    );
    let events = store.audit_for_user(alice.id, 10).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::PolicyAcknowledged);
    assert_eq!(events[0].detail, "2027-01-15");

    // The operator publishes a newer version: the notice is back.
    let app2 = serve_with(store.clone(), operator("2027-06-01")).await;
    let c2 = app2.browser();
    app2.login(&c2, "alice", PASSWORD).await;
    let html = c2.get_page("/").await;
    assert!(html.contains("The privacy policy was updated on Jun 1, 2027"));
}

fn unzip_raw(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.insert(f.name().unwrap().to_string(), b);
    }
    out
}

/// Every file as text (media bytes lossily).
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    unzip_raw(bytes)
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
        .collect()
}

async fn app_with_accounts() -> TestApp {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(|t| {
        use secrecy::ExposeSecret;
        let token = t.expose_secret().to_string();
        let who = token.rsplit('-').next().unwrap_or("x").to_string();
        Ok(Profile {
            app_scoped_id: format!("app-{who}"),
            ig_user_id: format!("ig-{who}"),
            username: format!("insta_{who}"),
            biography: Some("<b>bio</b>".into()),
            ..Profile::default()
        })
    });
    ig.expect_last_usage().returning(|_| None);
    TestApp::builder().instagram(Arc::new(ig)).spawn().await
}

async fn connect(app: &TestApp, user: socialflow_core::UserId, token: &str) {
    let long = LongLivedToken {
        token: SecretString::from(token.to_string()),
        expires_in: time::Duration::days(60),
        permissions: None,
    };
    app.state
        .accounts
        .attach(user, long, None, &RequestContext::cli())
        .await
        .unwrap();
}

#[tokio::test]
async fn export_holds_the_users_data_and_no_secrets_nor_others_data() {
    let app = app_with_accounts().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    connect(&app, alice.id, "IGAA-secret-for-alice").await;
    connect(&app, bob.id, "IGAA-secret-for-bob").await;
    // Alice and Bob also have a row in every table: posts and their log,
    // uploads (with the file on disk), the inbox cache and analytics.
    let now = app.clock.now();
    let alice_seeded = crate::privacy_seed::seed_everything(&app.store, &alice, now).await;
    crate::privacy_seed::seed_everything(&app.store, &bob, now).await;
    let upload = app.store.media_of(alice.id).await.unwrap()[0].clone();
    let upload_bytes: Vec<u8> = [
        &[0xff, 0xd8, 0xff, 0xe0][..],
        b"jpeg-bytes-of-alice",
        &[0x00, 0x9c],
    ]
    .concat();
    app.state
        .media
        .store()
        .put(
            upload.id,
            Box::pin(futures::stream::iter([Ok(bytes::Bytes::from(
                upload_bytes.clone(),
            ))])),
            1 << 20,
        )
        .await
        .unwrap();
    let bobs_upload = app.store.media_of(bob.id).await.unwrap()[0].clone();
    app.state
        .media
        .store()
        .put(
            bobs_upload.id,
            Box::pin(futures::stream::iter([Ok(bytes::Bytes::from_static(
                b"jpeg-bytes-of-bob",
            ))])),
            1 << 20,
        )
        .await
        .unwrap();
    let c = app.login_as("alice").await;
    let (_, api_token) = app
        .state
        .auth
        .create_api_token(alice.id, "exporter", &RequestContext::cli())
        .await
        .unwrap();

    // From Settings → Your data.
    let csrf = app.csrf(&c, "/settings/data").await;
    let r = c.post_form_with("/settings/data/export", &csrf, &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("socialflow-export-alice-")
    );
    let archive = r.bytes().await.unwrap();
    let raw = unzip_raw(&archive);
    let files = unzip(&archive);
    let media_path = format!("media/{}.jpeg", upload.id);
    let names: Vec<_> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "accounts.json",
            "analytics.json",
            "api_tokens.json",
            "automation.json",
            "automation_log.json",
            "inbox.json",
            "manifest.json",
            "media.json",
            media_path.as_str(),
            "moderation.json",
            "notifications.json",
            "post_notes.json",
            "posts.json",
            "profile.json",
            "report_links.json",
            "saved_replies.json",
            "security_events.json",
            "sessions.json",
            "workspaces.json"
        ]
    );
    // Her memberships: her personal workspace (its data is the rest of
    // the archive); a shared workspace's data is not hers.
    assert!(files["workspaces.json"].contains("\"personal\": true"));
    assert!(files["workspaces.json"].contains("\"role\": \"owner\""));
    // The upload itself, byte for byte, and what is known about it.
    assert_eq!(raw[&media_path], upload_bytes);
    assert!(files["moderation.json"].contains("banned-word-of-alice"));
    assert!(files["media.json"].contains("photo-of-alice.jpg"));
    assert!(files["media.json"].contains(&format!("\"file\": \"{media_path}\"")));
    assert!(files["manifest.json"].contains(&media_path));
    // Posts with their media references and their log.
    let posts = &files["posts.json"];
    assert!(posts.contains("caption-of-alice"));
    assert!(
        posts.contains(&upload.id.to_string()),
        "the post names its upload"
    );
    assert!(posts.contains("log-of-alice"));
    assert!(posts.contains("\"event\": \"created\""));
    // The inbox cache: posts, comments, conversations and their messages.
    let inbox = &files["inbox.json"];
    for needle in [
        "igcaption-of-alice",
        "text-of-alice",
        "fan-of-alice",
        "conversation-of-alice",
        "friend-of-alice",
        "hello-of-alice",
    ] {
        assert!(inbox.contains(needle), "inbox.json lacks {needle}");
    }
    // Analytics: follower and profile snapshots, account, media and story
    // insights, audience.
    let analytics: serde_json::Value = serde_json::from_str(&files["analytics.json"]).unwrap();
    let seeded = analytics
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["username"] == "insta-of-alice")
        .expect("the seeded account's analytics");
    for part in [
        "follower_snapshots",
        "profile_snapshots",
        "daily_insights",
        "media_insights",
        "story_insights",
    ] {
        assert_eq!(seeded[part].as_array().unwrap().len(), 1, "{part}");
    }
    assert_eq!(seeded["follower_snapshots"][0]["followers"], 10);
    assert_eq!(
        seeded["media_insights"][0]["media_id"],
        "metricmedia-of-alice"
    );
    assert_eq!(seeded["story_insights"][0]["story_id"], "story-of-alice");
    assert!(seeded["audience"].is_object());
    assert!(files["profile.json"].contains("\"username\": \"alice\""));
    assert!(files["accounts.json"].contains("insta_alice"));
    assert!(files["accounts.json"].contains("token_expires_at"));
    assert!(files["sessions.json"].contains("\"ip\": \"127.0.0.1\""));
    assert!(files["api_tokens.json"].contains("exporter"));
    assert!(files["security_events.json"].contains("login_succeeded"));
    let everything: String = files.values().cloned().collect();
    let user = app.user(alice.id).await;
    let account = &app.store.accounts_of(alice.id).await.unwrap()[0];
    let session = &app.store.sessions_of(alice.id).await.unwrap()[0];
    assert!(
        !everything.contains(&user.password_hash.0),
        "no password hash"
    );
    assert!(!everything.contains("IGAA-secret"), "no plaintext token");
    assert!(!everything.contains(&session.digest.0), "no session digest");
    assert!(!everything.contains("bob"), "nothing of bob");
    assert!(
        !everything.contains("cipher-of-alice"),
        "no token ciphertext"
    );
    assert!(
        alice_seeded
            .texts
            .iter()
            .any(|t| everything.contains(t.as_str())),
        "the seeded rows are there"
    );
    let ct = &account.token.ciphertext.0;
    assert!(!everything.contains(&base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        ct
    )));
    assert!(
        !everything.contains(&format!("{ct:?}")[1..20]),
        "no ciphertext bytes"
    );

    // And over the API with a personal token.
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/me/export"))
        .header(
            "authorization",
            format!("Bearer {}", api_token.expose_secret()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let files = unzip(&r.bytes().await.unwrap());
    assert!(files["manifest.json"].contains("socialflow-export/1"));
    let exports = app
        .store
        .audit_for_user(alice.id, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == AuditKind::DataExported)
        .count();
    assert_eq!(exports, 2);
    // Forged CSRF: no archive.
    let r = c
        .post_form_with("/settings/data/export", "forged", &[])
        .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn only_admins_see_every_users_events_filtered_and_paged() {
    let app = TestApp::spawn().await;
    let root = app
        .state
        .users
        .create_user(
            "root",
            SecretString::from(PASSWORD.to_string()),
            Role::Admin,
            Language::En,
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    let alice = app.add_user("alice", Language::En).await;
    let alice_client = app.login_as("alice").await;
    for _ in 0..60 {
        app.login(
            &reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            "bob-unknown",
            "x",
        )
        .await;
    }
    let admin = app.login_as("root").await;

    // Web: forbidden for users, the full list for the admin.
    let r = alice_client.visit("/admin/audit").await;
    assert_eq!(r.status(), 403);
    let page = admin.get_page("/admin/audit").await;
    assert!(page.contains("Failed login") && page.contains("rel=\"next\""));
    let page = admin
        .get_page("/admin/audit?user=alice&kind=login_succeeded")
        .await;
    assert!(page.contains("data-label=\"User\">alice</td>") && !page.contains("Failed login</td>"));
    assert!(
        page.contains("value=\"alice\""),
        "the filter keeps what was typed"
    );
    let page = admin.get_page("/admin/audit?user=nobody").await;
    assert!(page.contains("There is no user named nobody."));

    // API: 403 for a user, pages for the admin.
    let token = |id| {
        let app = &app;
        async move {
            let (_, t) = app
                .state
                .auth
                .create_api_token(id, "t", &RequestContext::cli())
                .await
                .unwrap();
            format!("Bearer {}", t.expose_secret())
        }
    };
    let http = reqwest::Client::new();
    let r = http
        .get(app.url("/api/v1/admin/audit"))
        .header("authorization", token(alice.id).await)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let admin_token = token(root.id).await;
    let first: serde_json::Value = http
        .get(app.url("/api/v1/admin/audit?limit=50"))
        .header("authorization", &admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["events"].as_array().unwrap().len(), 50);
    assert_eq!(first["has_more"], true);
    let second: serde_json::Value = http
        .get(app.url("/api/v1/admin/audit?limit=50&offset=50"))
        .header("authorization", &admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let total = app.store.audit_all(1000).await.unwrap().len();
    assert_eq!(second["events"].as_array().unwrap().len(), total - 50);
    assert_eq!(second["has_more"], false);
    let alices: serde_json::Value = http
        .get(app.url("/api/v1/admin/audit?user=alice"))
        .header("authorization", &admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let events = alices["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["username"] == "alice"));
    let failed: serde_json::Value = http
        .get(app.url("/api/v1/admin/audit?kind=login_failed&limit=500"))
        .header("authorization", &admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Past ten failures from one address, logins are refused (throttled).
    let failed = failed["events"].as_array().unwrap();
    assert_eq!(failed.len(), 10);
    assert!(failed.iter().all(|e| e["kind"] == "login_failed"));
    let bad = http
        .get(app.url("/api/v1/admin/audit?kind=nope"))
        .header("authorization", &admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}

/// The policy: deleting a post from the Content Manager also deletes the
/// underlying file from disk. Over the REST API, with the real media
/// library behind posts: the file stays while another post uses it and
/// leaves the disk (and the library) with the last one.
#[tokio::test]
async fn deleting_a_post_over_the_api_deletes_its_upload_from_disk() {
    use socialflow_core::account::{
        Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
    };
    use socialflow_core::media::MediaId;

    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let app = serve_with(store.clone(), PrivacySettings::default()).await;
    let (base, state) = (&app.base, &app.state);
    let alice = app.add_user("alice", Language::En).await;
    let now = ManualClock::default().now();
    let account = Account {
        id: AccountId::new(),
        owner: alice.id,
        ig_user_id: "ig-alice".into(),
        app_scoped_id: "app-alice".into(),
        profile: AccountProfile {
            username: "alice_ig".into(),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1]),
            expires_at: now + time::Duration::days(60),
            refreshed_at: now,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    store.insert_account(&account).await.unwrap();
    let (_, token) = state
        .auth
        .create_api_token(alice.id, "t", &RequestContext::cli())
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let jpeg = std::fs::read(format!(
        "{}/../../fixtures/media/portrait-4x5.jpg",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let uploaded: serde_json::Value = http
        .post(format!("{base}/api/v1/media"))
        .bearer_auth(token.expose_secret())
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(jpeg).file_name("portrait.jpg"),
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let media_id: MediaId = uploaded["id"].as_str().unwrap().parse().unwrap();
    let path = state.media.store().local_path(media_id).unwrap();
    assert!(path.exists(), "the upload is on disk");

    let mut posts = Vec::new();
    for caption in ["first", "second"] {
        let r: serde_json::Value = http
            .post(format!("{base}/api/v1/posts"))
            .bearer_auth(token.expose_secret())
            .json(&serde_json::json!({
                "account_id": account.id, "kind": "post",
                "media_ids": [media_id.to_string()], "caption": caption
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        posts.push(r["post"]["id"].as_str().expect("a post").to_string());
    }
    let delete = |id: String| {
        let http = http.clone();
        let url = format!("{base}/api/v1/posts/{id}");
        let bearer = token.expose_secret().to_string();
        async move {
            http.delete(url)
                .bearer_auth(bearer)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(delete(posts[0].clone()).await, 204);
    assert!(path.exists(), "the other post still uses the file");
    assert!(
        store
            .media_file(alice.id, media_id)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(delete(posts[1].clone()).await, 204);
    assert!(!path.exists(), "the last post's deletion removed the file");
    assert!(
        store
            .media_file(alice.id, media_id)
            .await
            .unwrap()
            .is_none()
    );
}

/// An account whose expired token the retention run erased asks to be
/// reconnected in our words (not "Instagram said"), in the user's language.
#[tokio::test]
async fn an_erased_token_asks_to_reconnect_in_our_words() {
    let app = app_with_accounts().await;
    let alice = app.add_user("alice", Language::Ru).await;
    connect(&app, alice.id, "IGAA-secret-for-alice").await;
    app.clock.advance(time::Duration::days(61));
    let erased = app
        .store
        .erase_expired_tokens(
            app.clock.now(),
            socialflow_core::account::ERASED_TOKEN_DETAIL,
        )
        .await
        .unwrap();
    assert_eq!(erased, 1);
    let c = app.login_as("alice").await;
    let html = c.get_page("/accounts").await;
    assert!(
        html.contains("Срок действия токена доступа истёк, и он удалён"),
        "{html}"
    );
    assert!(!html.contains("Ответ Instagram"));
}
