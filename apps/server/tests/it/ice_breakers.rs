//! Ice breakers end to end against the fake Instagram over HTTP: saved over
//! REST (answers become managed automation rules), published (the fake
//! holds them), a person taps one (the signed `messaging_postbacks` webhook
//! puts the question in the inbox), the page in words, removal, and
//! another user's account.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{META_SECRET, TestApp, WEBHOOK_VERIFY_TOKEN};
use secrecy::SecretString;
use serde_json::{Value, json};
use socialflow_core::account::Account;
use socialflow_core::automation::{ActionSpec, Trigger};
use socialflow_core::ice_breakers::is_managed;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
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
    let alice = app.add_user("alice", Language::En).await;
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
    Env {
        app,
        fake,
        _running: running,
        seeded,
        alice,
        account,
    }
}

fn body() -> Value {
    json!({
        "default": [
            {"question": " How much is it? ", "answer": "From 5,000 ₸, {username}. Sizes in the highlights."},
            {"question": "Do you deliver?", "answer": "Yes, all over Kazakhstan."},
        ],
        "ru": [{"question": "Сколько стоит?", "answer": "От 5 000 ₸. Размеры в сторис."}],
        "kk": [{"question": "Бағасы қанша?", "answer": "5 000 ₸-ден бастап."}],
    })
}

#[tokio::test]
async fn saved_published_tapped_and_removed() {
    let e = env().await;
    let tok = e.app.api_token(&e.alice).await;
    let path = format!("/api/v1/accounts/{}/ice-breakers", e.account.id.0);

    // Nothing yet; publishing nothing is refused.
    let (s, got) = e.app.api_get(&tok, &path).await;
    assert_eq!(s, 200, "{got}");
    assert_eq!(got["default"], json!([]));
    let (s, got) = e
        .app
        .api_post(&tok, &format!("{path}/publish"), json!({}))
        .await;
    assert_eq!((s, got["code"].as_str()), (409, Some("nothing_to_publish")));

    // Refused whole, every problem with its place.
    let five: Vec<Value> = (1..=5)
        .map(|i| json!({"question": format!("Q{i}"), "answer": "A"}))
        .collect();
    let bad = json!({
        "default": five,
        "ru": [{"question": "x".repeat(81), "answer": ""}],
    });
    let (s, got) = e
        .app
        .api_call(&tok, reqwest::Method::PUT, &path, Some(bad))
        .await;
    assert_eq!(
        (s, got["code"].as_str()),
        (422, Some("invalid_ice_breakers"))
    );
    let codes: Vec<(&str, &str)> = got["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["locale"].as_str().unwrap(), p["code"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("default", "too_many")), "{codes:?}");
    assert!(codes.contains(&("ru", "question_too_long")), "{codes:?}");
    assert!(codes.contains(&("ru", "answer_required")), "{codes:?}");
    assert!(
        e.app
            .store
            .rules(e.alice.id, e.account.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Saved: trimmed, with stable payloads, each answer a managed rule.
    let (s, got) = e
        .app
        .api_call(&tok, reqwest::Method::PUT, &path, Some(body()))
        .await;
    assert_eq!(s, 200, "{got}");
    assert_eq!(got["default"][0]["question"], "How much is it?");
    assert_eq!(got["default"][1]["payload"], "ib:default:2");
    assert_eq!(got["ru"][0]["payload"], "ib:ru:1");
    let rules = e.app.store.rules(e.alice.id, e.account.id).await.unwrap();
    assert_eq!(rules.len(), 4);
    assert!(rules.iter().all(is_managed));
    let ru = rules
        .iter()
        .find(|r| {
            r.spec.trigger
                == Trigger::IceBreaker {
                    payload: Some("ib:ru:1".into()),
                }
        })
        .expect("the ru answer's rule");
    assert!(ru.spec.enabled);
    assert_eq!(
        ru.spec.actions,
        vec![ActionSpec::DmReply {
            variants: vec!["От 5 000 ₸. Размеры в сторис.".into()]
        }]
    );
    // Saving again with one question edited keeps the other rules.
    let ids: Vec<_> = rules.iter().map(|r| r.id).collect();
    let mut edited = body();
    edited["default"][1]["answer"] = json!("Yes, in 2–3 days.");
    edited["kk"] = json!([]);
    let (s, _) = e
        .app
        .api_call(&tok, reqwest::Method::PUT, &path, Some(edited))
        .await;
    assert_eq!(s, 200);
    let after = e.app.store.rules(e.alice.id, e.account.id).await.unwrap();
    assert_eq!(after.len(), 3);
    assert!(after.iter().all(|r| ids.contains(&r.id)));

    // Published: the fake Instagram holds them as the reference shapes them.
    let (s, got) = e
        .app
        .api_post(&tok, &format!("{path}/publish"), json!({}))
        .await;
    assert_eq!(s, 200, "{got}");
    let held = e.fake.ice_breakers(&e.seeded);
    assert_eq!(
        held,
        vec![
            (
                "default".to_string(),
                vec![
                    ("How much is it?".to_string(), "ib:default:1".to_string()),
                    ("Do you deliver?".to_string(), "ib:default:2".to_string()),
                ]
            ),
            (
                "ru_RU".to_string(),
                vec![("Сколько стоит?".to_string(), "ib:ru:1".to_string())]
            ),
        ]
    );
    let (s, got) = e.app.api_get(&tok, &format!("{path}/published")).await;
    assert_eq!(s, 200);
    assert_eq!(got[1]["locale"], "ru_RU");
    assert_eq!(got[1]["questions"][0]["payload"], "ib:ru:1");

    // A person taps the Russian question: the postback webhook arrives and
    // the question is their message in the inbox.
    e.fake
        .register_webhook(&e.app.url("/webhooks/instagram"), WEBHOOK_VERIFY_TOKEN)
        .await
        .unwrap();
    assert!(
        e.fake
            .tap_ice_breaker(&e.seeded, "fan", "ib:kk:1")
            .is_none()
    );
    let peer = e
        .fake
        .tap_ice_breaker(&e.seeded, "aigerim", "ib:ru:1")
        .expect("the question exists");
    let outcomes = e.fake.flush_webhooks().await;
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].status, 200, "{outcomes:?}");
    let conv_id = format!("igsid:{peer}");
    let conv = e
        .app
        .store
        .cached_conversation(e.alice.id, &conv_id)
        .await
        .unwrap()
        .expect("the conversation arrived by webhook");
    assert!(conv.last_inbound_at.is_some(), "a tap opens the window");
    let msgs = e
        .app
        .store
        .cached_messages(e.alice.id, &conv_id)
        .await
        .unwrap();
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].text.as_deref(), Some("Сколько стоит?"));
    assert!(msgs[0].inbound);

    // The page says they are live and shows every language.
    let c = e.app.login_as("alice").await;
    let page = c
        .get_page(&format!("/accounts/{}/ice-breakers", e.account.id.0))
        .await;
    assert!(page.contains("Live on Instagram"), "{page}");
    assert!(page.contains("value=\"Сколько стоит?\""), "{page}");

    // Removed: gone from Instagram and the answers deleted.
    let (s, _) = e
        .app
        .api_call(&tok, reqwest::Method::DELETE, &path, None)
        .await;
    assert_eq!(s, 204);
    assert!(e.fake.ice_breakers(&e.seeded).is_empty());
    assert!(
        e.app
            .store
            .rules(e.alice.id, e.account.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_page_keeps_what_was_typed_and_says_why() {
    let e = env().await;
    let c = e.app.login_as("alice").await;
    let path = format!("/accounts/{}/ice-breakers", e.account.id.0);
    let csrf = c.csrf(&path).await;
    let long = "д".repeat(81);
    let resp = c
        .post_form_with(
            &path,
            &csrf,
            &[
                ("q-ru-1", long.as_str()),
                ("a-ru-1", "Ответ"),
                ("q-kk-2", "Бағасы қанша?"),
                ("a-kk-2", ""),
            ],
        )
        .await;
    assert_eq!(resp.status(), 422);
    let page = resp.text().await.unwrap();
    assert!(page.contains(&long), "what was typed is kept");
    assert!(
        page.contains("The question is longer than 80 characters."),
        "{page}"
    );
    assert!(page.contains("Write the answer."), "{page}");
    assert!(page.contains("Instagram needs a default list"), "{page}");

    // Saved in good order, then shown back.
    let resp = c
        .post_form_with(
            &path,
            &csrf,
            &[("q-default-1", "Price?"), ("a-default-1", "5 000 ₸")],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let page = c.get_page(&format!("{path}?notice=saved")).await;
    assert!(page.contains("value=\"Price?\""), "{page}");
    assert!(page.contains("not published to Instagram yet"), "{page}");
}

#[tokio::test]
async fn another_users_account_is_not_found() {
    let e = env().await;
    let bob = e.app.add_user("bob", Language::Ru).await;
    let tok = e.app.api_token(&bob).await;
    let path = format!("/api/v1/accounts/{}/ice-breakers", e.account.id.0);
    let (s, _) = e.app.api_get(&tok, &path).await;
    assert_eq!(s, 404);
    let (s, _) = e
        .app
        .api_call(&tok, reqwest::Method::PUT, &path, Some(body()))
        .await;
    assert_eq!(s, 404);
    let (s, _) = e
        .app
        .api_post(&tok, &format!("{path}/publish"), json!({}))
        .await;
    assert_eq!(s, 404);
    let (s, _) = e
        .app
        .api_call(&tok, reqwest::Method::DELETE, &path, None)
        .await;
    assert_eq!(s, 404);
    let c = e.app.login_as("bob").await;
    let resp = c
        .visit(&format!("/accounts/{}/ice-breakers", e.account.id.0))
        .await;
    assert_eq!(resp.status(), 404);
    assert!(e.fake.ice_breakers(&e.seeded).is_empty());
}
