//! The operator's side of automation over HTTP: pause and caps (REST and
//! the `/automation` page, problems in Russian, typed values kept), the
//! approval queue (REST and `/inbox/approvals`: what started each held
//! reply and exactly what it would send; approve, reject, CSRF, another
//! user's 404), a rule's log page by page, the automation notification,
//! and end to end through the fake Instagram: a held reply approved in the
//! inbox is sent exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::automation::engine::{EventOutcome, JobState};
use socialflow_core::automation::{
    AutomationService, Event, EventKind, HoldReason, RuleId, RuleSpec, SendMode,
};
use socialflow_core::inbox::CachedComment;
use socialflow_core::storage::Store;
use socialflow_core::{Clock, Language, User};
use socialflow_fake_graph::FakeGraphConfig;
use socialflow_sql::ScratchDatabase;
use time::Duration;

use crate::support::graph_world::GraphWorld;
use crate::support::{META_SECRET, TestApp, WEBHOOK_VERIFY_TOKEN, csrf_in};

fn fixture() -> RuleSpec {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/automation/price-rule.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The fixture rule, held for a person's approval.
fn approve_rule() -> RuleSpec {
    let mut spec = fixture();
    spec.send = SendMode::Approve;
    spec
}

fn base(account: AccountId) -> String {
    format!("/api/v1/accounts/{account}/automation")
}

/// A price comment on `media`, cached by the inbox as a webhook would, and
/// handed to the engine: a held job (the rule asks for approval).
async fn held_comment(
    app: &TestApp,
    owner: &User,
    account: AccountId,
    id: &str,
    who: &str,
    text: &str,
) {
    let now = app.clock.now();
    app.store
        .upsert_comments(&[CachedComment {
            account_id: account,
            id: id.into(),
            media_id: "1790".into(),
            parent_id: None,
            text: text.into(),
            username: Some(who.into()),
            timestamp: now,
            hidden: false,
            like_count: None,
            fetched_at: now,
        }])
        .await
        .unwrap();
    let event = Event {
        kind: EventKind::Comment {
            media_id: "1790".into(),
            comment_id: id.into(),
        },
        author_id: format!("igsid-{who}"),
        author_username: Some(who.into()),
        text: text.into(),
        at: now,
        from_account: false,
        human_replied: false,
    };
    let outcome = app
        .state
        .automation_engine()
        .on_event(owner.id, account, id, &event)
        .await
        .unwrap();
    assert!(
        matches!(
            outcome,
            EventOutcome::Queued {
                held: Some(HoldReason::Approval),
                ..
            }
        ),
        "{outcome:?}"
    );
}

async fn settings_round_trip(app: &TestApp) {
    let alice = app.add_user("alice", Language::Ru).await;
    let bob = app.add_user("bob", Language::En).await;
    let shop = app.add_account(&alice, "shop").await;
    let (ta, tb) = (app.api_token(&alice).await, app.api_token(&bob).await);
    let url = format!("{}/settings", base(shop));

    let (status, s) = app.api_get(&ta, &url).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(
        s,
        json!({"paused": false, "pause_reason": "running", "hourly_cap": 200, "daily_cap": 1000})
    );
    let put = |tok: String, body: Value| {
        let url = url.clone();
        async move { app.api_call(&tok, Method::PUT, &url, Some(body)).await }
    };
    let (status, e) = put(
        ta.clone(),
        json!({"paused": false, "hourly_cap": 751, "daily_cap": 1000}),
    )
    .await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "hourly_out_of_range");
    assert_eq!(e["message"], "Часовой лимит — от 1 до 750.");
    let (status, e) = put(
        ta.clone(),
        json!({"paused": false, "hourly_cap": 100, "daily_cap": 99}),
    )
    .await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "daily_below_hourly");
    // Nothing changed by the refusals.
    assert_eq!(app.api_get(&ta, &url).await.1["hourly_cap"], 200);

    let (status, s) = put(
        ta.clone(),
        json!({"paused": true, "hourly_cap": 50, "daily_cap": 300}),
    )
    .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(
        s,
        json!({"paused": true, "pause_reason": "user", "hourly_cap": 50, "daily_cap": 300})
    );
    assert_eq!(app.api_get(&ta, &url).await.1, s);

    // Bob: Alice's account is absent.
    assert_eq!(app.api_get(&tb, &url).await.0, 404);
    assert_eq!(
        put(
            tb.clone(),
            json!({"paused": false, "hourly_cap": 10, "daily_cap": 10})
        )
        .await
        .0,
        404
    );
    assert_eq!(app.api_get(&ta, &url).await.1["paused"], true);
}

#[tokio::test]
async fn pause_and_caps_over_rest_with_russian_problems_and_owner_scoping() {
    let app = TestApp::spawn().await;
    settings_round_trip(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_and_caps_over_rest_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store: Arc<dyn Store> = Arc::new(scratch.store().await.unwrap_or_else(|e| panic!("{e}")));
    let app = TestApp::builder().store(store).spawn().await;
    settings_round_trip(&app).await;
    scratch.drop_database().await.unwrap();
}

#[tokio::test]
async fn the_page_pauses_resumes_and_keeps_refused_caps_as_typed() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let shop = app.add_account(&alice, "shop").await;
    let c = app.login_as("alice").await;
    let page = c.get_page(&format!("/automation?account={shop}")).await;
    let csrf = csrf_in(&page).unwrap();
    assert!(page.contains("Приостановить автоматизацию"), "{page}");
    assert!(!page.contains("id=\"paused-banner\""));
    let settings = format!("/automation/{shop}/settings");

    let r = c
        .post_form_with(&settings, "forged", &[("intent", "pause")])
        .await;
    assert_eq!(r.status(), 403);
    let r = c
        .post_form_with(&settings, &csrf, &[("intent", "pause")])
        .await;
    assert_eq!(r.status(), 303);
    let page = c
        .get_page(&format!("/automation?account={shop}&notice=paused"))
        .await;
    assert!(page.contains("id=\"paused-banner\""), "{page}");
    assert!(page.contains("Автоматизация @shop на паузе"), "{page}");
    assert!(page.contains("Возобновить автоматизацию"));

    // A refused save keeps what was typed and says what is wrong.
    let r = c
        .post_form_with(
            &settings,
            &csrf,
            &[("intent", "caps"), ("hourly", "сто"), ("daily", "900")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Введите целое число."), "{page}");
    assert!(page.contains("value=\"сто\""), "{page}");
    assert!(page.contains("value=\"900\""), "{page}");
    let r = c
        .post_form_with(
            &settings,
            &csrf,
            &[("intent", "caps"), ("hourly", "800"), ("daily", "900")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Часовой лимит — от 1 до 750."), "{page}");
    assert!(page.contains("value=\"800\""), "{page}");
    let s = app
        .state
        .automation_operator()
        .settings(alice.id, shop)
        .await
        .unwrap();
    assert_eq!((s.limits.hourly(), s.limits.daily()), (200, 1000));
    assert!(s.paused.is_some(), "a caps save leaves the pause as it was");

    let r = c
        .post_form_with(
            &settings,
            &csrf,
            &[("intent", "caps"), ("hourly", " 40 "), ("daily", "400")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = c
        .post_form_with(&settings, &csrf, &[("intent", "resume")])
        .await;
    assert_eq!(r.status(), 303);
    let s = app
        .state
        .automation_operator()
        .settings(alice.id, shop)
        .await
        .unwrap();
    assert_eq!((s.limits.hourly(), s.limits.daily()), (40, 400));
    assert!(s.paused.is_none());
    let page = c.get_page(&format!("/automation?account={shop}")).await;
    assert!(!page.contains("id=\"paused-banner\""), "{page}");
    assert!(page.contains("value=\"40\""));

    // Bob cannot pause Alice's account.
    app.add_user("bob", Language::En).await;
    let b = app.login_as("bob").await;
    let bcsrf = b.csrf("/settings").await;
    let r = b
        .post_form_with(&settings, &bcsrf, &[("intent", "pause")])
        .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn held_replies_are_listed_with_their_trigger_approved_rejected_and_logged() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let bob = app.add_user("bob", Language::En).await;
    let shop = app.add_account(&alice, "shop").await;
    let (ta, tb) = (app.api_token(&alice).await, app.api_token(&bob).await);
    let rule = AutomationService::new(app.store.clone(), app.clock.clone())
        .create(alice.id, shop, &approve_rule())
        .await
        .unwrap();
    held_comment(&app, &alice, shop, "c-1", "aigerim", "ЦЕНА? <b>сколько</b>").await;
    app.clock.advance(Duration::seconds(1));
    held_comment(&app, &alice, shop, "c-2", "dana", "цена доставки").await;

    // REST: oldest first, what started each and exactly what it would send.
    let held_url = format!("{}/held", base(shop));
    let (status, held) = app.api_get(&ta, &held_url).await;
    assert_eq!(status, 200, "{held}");
    let held = held.as_array().unwrap().clone();
    assert_eq!(held.len(), 2);
    assert_eq!(held[0]["state"], "held");
    assert_eq!(held[0]["hold"], "approval");
    assert_eq!(held[0]["rule_name"], "Цена → ответ и личное сообщение");
    assert_eq!(held[0]["trigger"]["username"], "aigerim");
    assert_eq!(held[0]["trigger"]["text"], "ЦЕНА? <b>сколько</b>");
    assert_eq!(held[0]["trigger"]["event_id"], "c-1");
    assert_eq!(held[0]["actions"][0]["kind"], "public_reply");
    assert_eq!(
        held[0]["actions"][0]["text"],
        "aigerim, отправили цену вам в личные сообщения 📩"
    );
    assert_eq!(held[0]["actions"][1]["kind"], "private_reply");
    let first = held[0]["id"].as_str().unwrap().to_string();
    let second = held[1]["id"].as_str().unwrap().to_string();
    assert_eq!(app.api_get(&tb, &held_url).await.0, 404);

    // The inbox: a link with the count, and the queue page.
    let c = app.login_as("alice").await;
    let inbox = c.get_page("/inbox").await;
    assert!(inbox.contains("href=\"/inbox/approvals\""), "{inbox}");
    assert!(inbox.contains("badge-warn plain\">2</span>"), "{inbox}");
    let page = c
        .get_page(&format!("/inbox/approvals?account={shop}"))
        .await;
    let csrf = csrf_in(&page).unwrap();
    assert!(page.contains("2 ответа ждут"), "{page}");
    assert!(page.contains("@aigerim прокомментировал(а)"), "{page}");
    assert!(
        page.contains("ЦЕНА? &#60;b&#62;сколько&#60;/b&#62;"),
        "outside text escaped: {page}"
    );
    assert!(page.contains("aigerim, отправили цену вам в личные сообщения 📩"));
    assert!(page.contains("Здравствуйте! Спасибо за интерес."));
    assert!(page.contains("правило требует одобрения"));

    // Approve the first from the page; CSRF and another user refused.
    let approve = format!("/inbox/approvals/{shop}/{first}/approve");
    assert_eq!(
        c.post_form_with(&approve, "forged", &[]).await.status(),
        403
    );
    let b = app.login_as("bob").await;
    let bcsrf = b.csrf("/settings").await;
    assert_eq!(b.post_form_with(&approve, &bcsrf, &[]).await.status(), 404);
    assert_eq!(
        app.api_post(&tb, &format!("{held_url}/{first}/approve"), json!({}))
            .await
            .0,
        404
    );
    let r = c.post_form_with(&approve, &csrf, &[]).await;
    assert_eq!(r.status(), 303);
    let back = r.headers()["location"].to_str().unwrap().to_string();
    assert!(back.ends_with("notice=approved"), "{back}");
    let page = c.get_page(&back).await;
    assert!(page.contains("Одобрено: ответ отправляется."), "{page}");
    assert!(page.contains("1 ответ ждёт"), "{page}");
    // Twice (another tab): it no longer waits.
    let r = c.post_form_with(&approve, &csrf, &[]).await;
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("notice=gone")
    );

    // Reject the second over REST.
    let (status, _) = app
        .api_post(&ta, &format!("{held_url}/{second}/reject"), json!({}))
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        app.api_post(&ta, &format!("{held_url}/{second}/reject"), json!({}))
            .await
            .0,
        404
    );
    assert!(
        app.api_get(&ta, &held_url)
            .await
            .1
            .as_array()
            .unwrap()
            .is_empty()
    );
    let jobs = app
        .store
        .rule_jobs(alice.id, shop, rule.id, 10)
        .await
        .unwrap();
    let state_of = |key: &str| jobs.iter().find(|j| j.event_key == key).unwrap().state;
    assert_eq!(state_of("c-1"), JobState::Pending, "approved: due now");
    assert_eq!(state_of("c-2"), JobState::Rejected);

    // The rule's log: REST pages and the page in words.
    let log_url = format!("{}/rules/{}/log", base(shop), rule.id);
    let (status, log) = app.api_get(&ta, &log_url).await;
    assert_eq!(status, 200, "{log}");
    assert_eq!(log["counters"]["matched"], 2);
    assert_eq!(log["page"], 1);
    assert_eq!(log["page_size"], 25);
    assert_eq!(log["has_more"], false);
    assert_eq!(log["entries"][0]["state"], "rejected");
    assert_eq!(log["entries"][0]["trigger"]["text"], "цена доставки");
    let (status, e) = app.api_get(&ta, &format!("{log_url}?page=0")).await;
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "invalid_page");
    assert_eq!(
        app.api_get(&ta, &format!("{log_url}?page=401")).await.0,
        422
    );
    assert_eq!(app.api_get(&tb, &log_url).await.0, 404);
    let other = format!("{}/rules/{}/log", base(shop), RuleId::new());
    assert_eq!(app.api_get(&ta, &other).await.0, 404);

    let list = c.get_page(&format!("/automation?account={shop}")).await;
    let log_link = format!("/automation/{shop}/{}/log", rule.id);
    assert!(list.contains(&log_link), "{list}");
    let page = c.get_page(&log_link).await;
    assert!(
        page.contains(
            "Сработало 2 · отправлено 0 · ждут одобрения 0 · с ошибкой 0 · ждут отправки 1"
        ),
        "{page}"
    );
    assert!(page.contains("отклонено"), "{page}");
    assert!(page.contains("@dana прокомментировал(а)"), "{page}");
    assert_eq!(b.visit(&log_link).await.status(), 404);
}

#[tokio::test]
async fn a_rules_log_pages_by_twenty_five_newest_first() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let shop = app.add_account(&alice, "shop").await;
    let ta = app.api_token(&alice).await;
    let rule = AutomationService::new(app.store.clone(), app.clock.clone())
        .create(alice.id, shop, &approve_rule())
        .await
        .unwrap();
    for i in 0..27 {
        // A person each: one automatic answer per person and post.
        let who = format!("anna{i}");
        held_comment(&app, &alice, shop, &format!("c-{i}"), &who, "price? цена").await;
        app.clock.advance(Duration::seconds(1));
    }
    let log_url = format!("{}/rules/{}/log", base(shop), rule.id);
    let (_, one) = app.api_get(&ta, &log_url).await;
    assert_eq!(one["entries"].as_array().unwrap().len(), 25);
    assert_eq!(one["has_more"], true);
    assert_eq!(one["entries"][0]["trigger"]["event_id"], "c-26");
    let (_, two) = app.api_get(&ta, &format!("{log_url}?page=2")).await;
    let ids: Vec<&str> = two["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["trigger"]["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c-1", "c-0"]);
    assert_eq!(two["has_more"], false);

    let c = app.login_as("alice").await;
    let page = c
        .get_page(&format!("/automation/{shop}/{}/log", rule.id))
        .await;
    assert!(page.contains("href=\"?page=2\""), "{page}");
    assert!(page.contains("Page 1"), "{page}");
    let page = c
        .get_page(&format!("/automation/{shop}/{}/log?page=2", rule.id))
        .await;
    assert!(page.contains("href=\"?page=1\""), "{page}");

    // The bell: one automation notification while replies wait.
    let producer = app.state.notification_producer();
    producer.run_once().await.unwrap();
    producer.run_once().await.unwrap();
    let bell = c.get_page("/notifications").await;
    assert_eq!(
        bell.matches("27 automation replies wait for approval")
            .count(),
        1,
        "{bell}"
    );
}

#[tokio::test]
async fn the_builder_sentence_is_rebuilt_from_the_form_values() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let shop = app.add_account(&alice, "shop").await;
    let c = app.login_as("alice").await;
    let page = c.get_page(&format!("/automation/{shop}/new")).await;
    let csrf = csrf_in(&page).unwrap();
    assert!(page.contains(&format!("data-preview-url=\"/automation/{shop}/preview\"")));
    let fields = [
        ("name", "x"),
        ("trigger", "comment"),
        ("post", "any"),
        ("mode", "contains"),
        ("include", "цена, <b>стоимость</b>"),
        ("public_reply", "ок"),
        ("delay_min", "0"),
        ("delay_max", "0"),
        ("send", "auto"),
    ];
    let r = c
        .post_form_with(&format!("/automation/{shop}/preview"), &csrf, &fields)
        .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.starts_with("Когда кто-то комментирует любой пост и в тексте есть «цена» или «&#60;b&#62;стоимость&#60;/b&#62;»"),
        "{html}"
    );
    assert_eq!(
        c.post_form_with(&format!("/automation/{shop}/preview"), "forged", &fields)
            .await
            .status(),
        403
    );
    app.add_user("bob", Language::En).await;
    let b = app.login_as("bob").await;
    let bcsrf = b.csrf("/settings").await;
    assert_eq!(
        b.post_form_with(&format!("/automation/{shop}/preview"), &bcsrf, &fields)
            .await
            .status(),
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_reply_approved_in_the_inbox_is_sent_exactly_once() {
    let GraphWorld {
        fake,
        running: _running,
        app,
        clock,
        alice,
        seeded,
        account,
    } = GraphWorld::start(FakeGraphConfig {
        webhook_secret: Some(META_SECRET.to_string()),
        ..FakeGraphConfig::default()
    })
    .await;
    AutomationService::new(app.store.clone(), clock.clone())
        .create(alice.id, account.id, &approve_rule())
        .await
        .unwrap();
    fake.register_webhook(&app.url("/webhooks/instagram"), WEBHOOK_VERIFY_TOKEN)
        .await
        .unwrap();

    let media = fake.media_ids(&seeded).remove(0);
    let comment = fake.receive_comment(&media, None, "aigerim", "ЦЕНА?");
    let delivered = fake.flush_webhooks().await;
    assert!(delivered.iter().all(|d| d.status == 200), "{delivered:?}");

    // Held: the worker sends nothing.
    let engine = app.state.automation_engine();
    assert_eq!(engine.run_due("worker-a").await.unwrap().claimed, 0);
    let public_replies = || {
        fake.requests()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(&format!("/{comment}/replies")))
            .count()
    };
    let private_replies = || {
        fake.sent_messages(&seeded)
            .into_iter()
            .filter(|m| {
                m.text
                    .as_deref()
                    .is_some_and(|t| t.starts_with("Здравствуйте! Спасибо за интерес"))
            })
            .count()
    };
    assert_eq!((public_replies(), private_replies()), (0, 0));

    // The inbox shows it; approving there sends it, once.
    let c = app.login_as("alice").await;
    let page = c
        .get_page(&format!("/inbox/approvals?account={}", account.id))
        .await;
    assert!(page.contains("@aigerim прокомментировал(а)"), "{page}");
    assert!(page.contains("ЦЕНА?"), "{page}");
    let csrf = csrf_in(&page).unwrap();
    let job = page
        .split(&format!("/inbox/approvals/{}/", account.id))
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    let approve = format!("/inbox/approvals/{}/{job}/approve", account.id);
    assert_eq!(c.post_form_with(&approve, &csrf, &[]).await.status(), 303);
    let report = engine.run_due("worker-a").await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");
    // Approving again and another round send nothing more.
    let r = c.post_form_with(&approve, &csrf, &[]).await;
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("notice=gone")
    );
    clock.advance(Duration::minutes(5));
    assert_eq!(engine.run_due("worker-b").await.unwrap().claimed, 0);
    assert_eq!((public_replies(), private_replies()), (1, 1));
    let page = c
        .get_page(&format!("/inbox/approvals?account={}", account.id))
        .await;
    assert!(page.contains("Нет ответов, ожидающих одобрения."), "{page}");
}
