//! The automation engine end to end (issue 19): the fake Instagram sends a
//! comment webhook «ЦЕНА?» to the server, the fixture rule (created through
//! `AutomationService`) plans a public and a private reply, the worker's
//! engine runs the job, and the fake Instagram shows exactly one of each —
//! also when the same webhook comes again and the engine runs again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::graph_world::GraphWorld;
use crate::support::{META_SECRET, WEBHOOK_VERIFY_TOKEN};
use socialflow_core::automation::engine::JobState;
use socialflow_core::automation::{AutomationService, RuleSpec};
use socialflow_fake_graph::FakeGraphConfig;
use time::Duration;

fn fixture() -> RuleSpec {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/automation/price-rule.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_price_comment_webhook_gets_one_public_and_one_private_reply() {
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
    let rule = AutomationService::new(app.store.clone(), clock.clone())
        .create(alice.id, account.id, &fixture())
        .await
        .unwrap();
    fake.register_webhook(&app.url("/webhooks/instagram"), WEBHOOK_VERIFY_TOKEN)
        .await
        .unwrap();

    let media = fake.media_ids(&seeded).remove(0);
    let comment = fake.receive_comment(&media, None, "aigerim", "ЦЕНА?");
    let delivered = fake.flush_webhooks().await;
    assert!(delivered.iter().all(|d| d.status == 200), "{delivered:?}");

    let engine = app.state.automation_engine();
    let report = engine.run_due("worker-a").await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");

    // The same comment again (Meta retries deliveries): no second job.
    let again = engine
        .on_webhook(&socialflow_core::inbox::parse_webhook(
            serde_json::json!({"object":"instagram","entry":[{"id": seeded.ig_user_id, "time": 1718000000,
                "changes":[{"field":"comments","value":{"id": comment, "text": "ЦЕНА?",
                "from":{"id":"690","username":"aigerim"},"media":{"id": media}}}]}]})
            .to_string()
            .as_bytes(),
            fake.now(),
        )
        .unwrap())
        .await
        .unwrap();
    assert_eq!(again, 0);
    clock.advance(Duration::minutes(5));
    assert_eq!(engine.run_due("worker-b").await.unwrap().claimed, 0);

    let replies = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(&format!("/{comment}/replies")))
        .count();
    assert_eq!(replies, 1, "one public reply");
    let private: Vec<_> = fake
        .sent_messages(&seeded)
        .into_iter()
        .filter(|m| {
            m.text
                .as_deref()
                .is_some_and(|t| t.starts_with("Здравствуйте! Спасибо за интерес"))
        })
        .collect();
    assert_eq!(private.len(), 1, "one private reply");

    let log = engine
        .rule_log(alice.id, account.id, rule.id, 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].state, JobState::Sent);
    let counters = engine
        .rule_counters(alice.id, account.id, rule.id)
        .await
        .unwrap();
    assert_eq!((counters.matched, counters.sent), (1, 1));

    // The rule list says it in words.
    let page = app
        .login_as("alice")
        .await
        .get_page(&format!("/automation?account={}", account.id.0))
        .await;
    assert!(
        page.contains("Сработало 1 · отправлено 1 · ждёт одобрения 0 · с ошибкой 0"),
        "{page}"
    );
}

/// Webhooks off: the comment reaches SocialFlow only through the worker's
/// inbox sync, which feeds the engine; the comment gets exactly one public
/// and one private reply, also after a second sync finds it again, and the
/// demo account's older comments (written before the rule) get none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_price_comment_found_only_by_the_sync_gets_one_public_and_one_private_reply() {
    let GraphWorld {
        fake,
        running: _running,
        app,
        clock,
        alice,
        seeded,
        account,
    } = GraphWorld::start(FakeGraphConfig::default()).await;
    AutomationService::new(app.store.clone(), clock.clone())
        .create(alice.id, account.id, &fixture())
        .await
        .unwrap();
    // No webhook is registered: the fake notifies nobody.
    fake.advance(std::time::Duration::from_secs(60));
    clock.advance(Duration::minutes(1));
    let media = fake.media_ids(&seeded).remove(0);
    let comment = fake.receive_comment(&media, None, "aigerim", "ЦЕНА?");

    let sync = app.state.inbox_sync();
    let report = sync.run_once().await.unwrap();
    assert_eq!(report.synced, 1, "{report:?}");
    let engine = app.state.automation_engine();
    let run = engine.run_due("worker-a").await.unwrap();
    assert_eq!((run.claimed, run.sent), (1, 1), "{run:?}");
    // The next sync finds the comment (and the reply) again: nothing new.
    clock.advance(Duration::minutes(5));
    fake.advance(std::time::Duration::from_secs(300));
    app.state
        .inbox
        .sync_account(&account, socialflow_core::inbox::SyncMode::Requested)
        .await
        .unwrap();
    assert_eq!(engine.run_due("worker-b").await.unwrap().claimed, 0);

    let replies: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/replies"))
        .map(|r| r.path)
        .collect();
    assert_eq!(replies.len(), 1, "one public reply in all: {replies:?}");
    assert!(replies[0].ends_with(&format!("/{comment}/replies")));
    let private = fake
        .sent_messages(&seeded)
        .into_iter()
        .filter(|m| {
            m.text
                .as_deref()
                .is_some_and(|t| t.starts_with("Здравствуйте! Спасибо за интерес"))
        })
        .count();
    assert_eq!(private, 1, "one private reply");
}
