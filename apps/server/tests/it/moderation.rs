//! Moderation word lists end to end: a spam comment delivered by the fake
//! Instagram's webhook is hidden on the fake Instagram, a clean one is
//! untouched, undo shows it again for good; the page and the REST API with
//! their refusals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{META_SECRET, TestApp, WEBHOOK_VERIFY_TOKEN};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use socialflow_core::account::Account;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::moderation::ListKind;
use socialflow_core::{Language, RequestContext, User};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, RunningFakeGraph, SeededAccount};
use socialflow_fakes::ManualClock;
use socialflow_graph::{GraphClient, GraphConfig};
use time::Duration;

struct Env {
    app: TestApp,
    fake: FakeGraph,
    _running: RunningFakeGraph,
    seeded: SeededAccount,
    alice: User,
    account: Account,
}

async fn env() -> Env {
    let fake = FakeGraph::new(FakeGraphConfig {
        webhook_secret: Some(META_SECRET.to_string()),
        ..FakeGraphConfig::default()
    });
    let running = fake.start().await.unwrap();
    let seeded = fake.seed_demo();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/oauth/instagram/callback".to_string(),
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let clock = Arc::new(ManualClock::new(fake.now()));
    let app = TestApp::builder()
        .clock(clock)
        .instagram(client)
        .spawn()
        .await;
    let alice = app.add_user("alice", Language::Ru).await;
    let token = fake.issue_token(&seeded);
    let account = app
        .state
        .accounts
        .attach(
            alice.id,
            LongLivedToken {
                token: SecretString::from(token),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account;
    fake.register_webhook(&app.url("/webhooks/instagram"), WEBHOOK_VERIFY_TOKEN)
        .await
        .unwrap();
    Env {
        app,
        fake,
        _running: running,
        seeded,
        alice,
        account,
    }
}

impl Env {
    /// Whether the fake Instagram has the comment hidden, as its API says.
    async fn hidden_on_instagram(&self, media: &str, id: &str) -> bool {
        let access = self.app.state.accounts.access(&self.account).unwrap();
        let mut cursor = None;
        loop {
            let page = self
                .app
                .state
                .instagram
                .comments_page(&access, media, cursor, 50)
                .await
                .unwrap();
            if let Some(c) = page.items.iter().find(|c| c.id == id) {
                return c.hidden;
            }
            match page.next {
                Some(n) => cursor = Some(n),
                None => panic!("comment {id} not on Instagram"),
            }
        }
    }

    /// A comment someone writes now, delivered by webhook.
    async fn comment(&self, media: &str, by: &str, text: &str) -> String {
        let id = self.fake.receive_comment(media, None, by, text);
        let outcomes = self.fake.flush_webhooks().await;
        assert!(outcomes.iter().all(|o| o.status == 200), "{outcomes:?}");
        id
    }
}

#[tokio::test]
async fn a_spam_comment_by_webhook_is_hidden_undo_shows_it_for_good_and_clean_ones_stay() {
    let e = env().await;
    e.app
        .state
        .moderation
        .add_starter(e.alice.id, e.account.id, ListKind::Spam, Language::Ru)
        .await
        .unwrap();
    let media = e.fake.media_ids(&e.seeded)[0].clone();

    let spam = e
        .comment(
            &media,
            "easy_money",
            "🔥 ЗАРАБОТОК В ДЕНЬ от 5000, пиши в дирeкт!",
        )
        .await;
    let clean = e
        .comment(&media, "aigerim", "Бағасы қанша? Доставка в Алматы есть?")
        .await;
    assert!(e.hidden_on_instagram(&media, &spam).await);
    assert!(!e.hidden_on_instagram(&media, &clean).await);
    let cached = e
        .app
        .store
        .cached_comment(e.alice.id, &spam)
        .await
        .unwrap()
        .unwrap();
    assert!(cached.hidden);

    // The page lists it with the list and the word that matched.
    let c = e.app.login_as("alice").await;
    let path = format!("/inbox/moderation?account={}", e.account.id);
    let page = c.get_page(&path).await;
    assert!(page.contains("заработок в день"), "{page}");
    assert!(page.contains("easy_money"), "{page}");
    assert!(!page.contains("aigerim"), "{page}");

    // Undo with the page's form: shown again on Instagram, for good.
    let entry = e
        .app
        .state
        .moderation
        .log(e.alice.id, e.account.id)
        .await
        .unwrap()[0]
        .entry
        .clone();
    let csrf = c.csrf(&path).await;
    let undo = format!("/inbox/moderation/log/{}/undo", entry.id);
    let account = e.account.id.to_string();
    let r = c
        .submit(
            &undo,
            &[("csrf", csrf.as_str()), ("account", account.as_str())],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(!e.hidden_on_instagram(&media, &spam).await);
    let page = c.get_page(&format!("{path}&notice=undone")).await;
    assert!(page.contains("Комментарий снова виден"), "{page}");

    // A sync brings the comment again: it is not hidden a second time.
    e.app
        .state
        .inbox
        .sync_account(&e.account, socialflow_core::inbox::SyncMode::Requested)
        .await
        .unwrap();
    assert!(!e.hidden_on_instagram(&media, &spam).await);
    // Undoing twice is refused; without the CSRF token nothing happens.
    let r = c
        .submit(
            &undo,
            &[("csrf", csrf.as_str()), ("account", account.as_str())],
        )
        .await;
    assert_eq!(r.status(), 409);
    let r = c.submit(&undo, &[("account", account.as_str())]).await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn a_refused_list_comes_back_as_typed_with_each_problem_and_saves_nothing() {
    let e = env().await;
    let c = e.app.login_as("alice").await;
    let path = format!("/inbox/moderation?account={}", e.account.id);
    let csrf = c.csrf(&path).await;
    let account = e.account.id.to_string();
    let long = "я".repeat(101);
    let words = format!("пиши в директ\n😀😀😀\n{long}");
    let r = c
        .submit(
            "/inbox/moderation/lists/custom",
            &[
                ("csrf", csrf.as_str()),
                ("account", account.as_str()),
                ("enabled", "on"),
                ("words", words.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Строка 2"), "{html}");
    assert!(html.contains("Строка 3: не больше 100 символов"), "{html}");
    assert!(html.contains("😀😀😀"), "the text is kept: {html}");
    let lists = e
        .app
        .state
        .moderation
        .lists(e.alice.id, e.account.id)
        .await
        .unwrap();
    assert!(lists.iter().all(|l| l.words.is_empty()));

    // Saved, and the test box says which word would hide a text.
    let r = c
        .submit(
            "/inbox/moderation/lists/custom",
            &[
                ("csrf", csrf.as_str()),
                ("account", account.as_str()),
                ("enabled", "on"),
                ("words", "пиши в директ\nконкурент*"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = c
        .get_page(&format!("{path}&test=Загляните+к+КОНКУРЕНТАМ"))
        .await;
    assert!(
        page.contains("Будет скрыт списком «Свои слова»: конкурент*"),
        "{page}"
    );
}

async fn api_token(app: &TestApp, user: &User) -> String {
    let (_, secret) = app
        .state
        .auth
        .create_api_token(user.id, "test", &RequestContext::cli())
        .await
        .unwrap();
    secret.expose_secret().to_string()
}

#[tokio::test]
async fn the_rest_api_edits_tests_lists_and_undoes_for_the_owner_only() {
    let e = env().await;
    let bob = e.app.add_user("bob", Language::En).await;
    let alice_token = api_token(&e.app, &e.alice).await;
    let bob_token = api_token(&e.app, &bob).await;
    let http = reqwest::Client::new();
    let call = |method: &str, path: String, token: &str, body: Option<Value>| {
        let mut r = http
            .request(
                method.parse().unwrap(),
                e.app.url(&format!("/api/v1{path}")),
            )
            .bearer_auth(token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        async move {
            let resp = r.send().await.unwrap();
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap();
            (
                status,
                serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
            )
        }
    };
    let a = e.account.id;

    let (s, body) = call(
        "PUT",
        format!("/accounts/{a}/moderation/lists/profanity"),
        &alice_token,
        Some(json!({"enabled": true, "words": ["сука", "fuck*", "!!!"]})),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["code"], "invalid_list");
    assert_eq!(body["problems"][0]["code"], "nothing_to_match");
    assert_eq!(body["problems"][0]["line"], 3);

    let (s, body) = call(
        "PUT",
        format!("/accounts/{a}/moderation/lists/profanity"),
        &alice_token,
        Some(json!({"enabled": true, "words": ["сука", "fuck*"]})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["words"], json!(["сука", "fuck*"]));

    let (s, body) = call(
        "POST",
        format!("/accounts/{a}/moderation/lists/spam/starter"),
        &alice_token,
        Some(json!({"language": "kk"})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert!(body["words"].as_array().unwrap().len() > 10);
    assert_eq!(body["enabled"], true);

    let (s, body) = call(
        "POST",
        format!("/accounts/{a}/moderation/test"),
        &alice_token,
        Some(json!({"text": "Ну ты и CУKA 😡"})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(
        body,
        json!({"hidden": true, "list": "profanity", "word": "сука"})
    );

    let media = e.fake.media_ids(&e.seeded)[0].clone();
    let id = e.comment(&media, "troll", "what the FUCKING hell").await;
    assert!(e.hidden_on_instagram(&media, &id).await);
    let (s, log) = call(
        "GET",
        format!("/accounts/{a}/moderation/log"),
        &alice_token,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(log[0]["comment_id"], id.as_str());
    assert_eq!(log[0]["word"], "fuck*");
    let entry = log[0]["id"].as_str().unwrap().to_string();

    // Bob sees none of it.
    for (method, path, body) in [
        ("GET", format!("/accounts/{a}/moderation/lists"), None),
        ("GET", format!("/accounts/{a}/moderation/log"), None),
        (
            "PUT",
            format!("/accounts/{a}/moderation/lists/custom"),
            Some(json!({"enabled": true, "words": ["x"]})),
        ),
        (
            "POST",
            format!("/accounts/{a}/moderation/test"),
            Some(json!({"text": "x"})),
        ),
        ("POST", format!("/moderation/log/{entry}/undo"), None),
    ] {
        let (s, _) = call(method, path.clone(), &bob_token, body).await;
        assert_eq!(s, 404, "{method} {path}");
    }
    assert!(e.hidden_on_instagram(&media, &id).await);

    let (s, body) = call(
        "POST",
        format!("/moderation/log/{entry}/undo"),
        &alice_token,
        None,
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert!(body["undone_at"].is_string());
    assert!(!e.hidden_on_instagram(&media, &id).await);
    let (s, body) = call(
        "POST",
        format!("/moderation/log/{entry}/undo"),
        &alice_token,
        None,
    )
    .await;
    assert_eq!(s, 409);
    assert_eq!(body["code"], "already_undone");
}
