//! The inbox sync as automation's fallback source (issue 19): what a sync
//! stored feeds the engine with the webhook's keys, so a comment seen both
//! ways makes one job; only recent events, written after the rule was
//! saved, are answered; the account's own comments, replies and comments a
//! human answered are left alone. In-memory store, mocked Instagram.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::Account;
use socialflow_core::automation::engine::{
    AutomationEngine, AutomationJobRepo, EventOutcome, Job, JobState,
};
use socialflow_core::inbox::{CachedComment, CachedMessage, SyncHook};
use socialflow_core::instagram::{MockInstagramApi, SentMessage};
use socialflow_core::storage::AccountRepo;
use time::{Duration, OffsetDateTime};

use crate::automation_engine::{World, price_comment, world};
use crate::automation_support::{NOW, fixture_spec, spec};

fn engine(w: &World, ig: MockInstagramApi) -> AutomationEngine {
    AutomationEngine::new(
        w.store.clone(),
        w.store.clone(),
        Arc::new(ig),
        w.host.clone(),
        w.clock.clone(),
    )
}

async fn account(w: &World) -> Account {
    w.store.account(w.owner, w.account).await.unwrap().unwrap()
}

async fn jobs(w: &World) -> Vec<Job> {
    w.store
        .account_jobs(w.owner, w.account, 1_000)
        .await
        .unwrap()
}

fn comment(w: &World, id: &str, user: &str, text: &str, at: OffsetDateTime) -> CachedComment {
    CachedComment {
        account_id: w.account,
        id: id.into(),
        media_id: "1790".into(),
        parent_id: None,
        text: text.into(),
        username: Some(user.into()),
        timestamp: at,
        hidden: false,
        like_count: None,
        fetched_at: at,
    }
}

fn reply_under(c: &CachedComment, id: &str, user: &str, text: &str) -> CachedComment {
    CachedComment {
        id: id.into(),
        parent_id: Some(c.id.clone()),
        username: Some(user.into()),
        text: text.into(),
        timestamp: c.timestamp + Duration::minutes(1),
        ..c.clone()
    }
}

fn message(w: &World, id: &str, inbound: bool, text: &str, at: OffsetDateTime) -> CachedMessage {
    let (person, shop) = ("igsid-77".to_string(), "17840000000000001".to_string());
    CachedMessage {
        account_id: w.account,
        id: id.into(),
        conversation_id: "t1".into(),
        sender_id: if inbound {
            person.clone()
        } else {
            shop.clone()
        },
        sender_username: None,
        recipient_id: if inbound { shop } else { person },
        recipient_username: None,
        text: Some(text.into()),
        attachments: vec![],
        created_at: at,
        inbound,
        fetched_at: at,
    }
}

fn sent(id: &str) -> SentMessage {
    SentMessage {
        recipient_id: "igsid".into(),
        message_id: id.into(),
    }
}

#[tokio::test]
async fn a_comment_found_by_the_sync_gets_each_reply_once() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    w.clock.advance(Duration::minutes(10));
    let mut ig = MockInstagramApi::new();
    ig.expect_reply_to_comment()
        .withf(|_, c, t| c == "c-sync" && t.starts_with("aigerim, отправили"))
        .times(1)
        .returning(|_, _, _| Ok("r1".into()));
    ig.expect_send_private_reply()
        .withf(|_, c, _| c == "c-sync")
        .times(1)
        .returning(|_, _, _| Ok(sent("m1")));
    let engine = engine(&w, ig);
    let acc = account(&w).await;
    let found = comment(&w, "c-sync", "aigerim", "ЦЕНА?", NOW + Duration::minutes(5));

    // Through the inbox's hook, as the sync calls it; then the next sync
    // finds the same comment again.
    engine
        .synced(&acc, std::slice::from_ref(&found), &[])
        .await
        .unwrap();
    assert_eq!(engine.on_synced(&acc, &[found], &[]).await.unwrap(), 0);
    let all = jobs(&w).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].event_key, "c-sync");

    let report = engine.run_due("w1").await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");
    assert_eq!(jobs(&w).await[0].state, JobState::Sent);
}

#[tokio::test]
async fn a_comment_seen_by_webhook_and_then_by_sync_makes_one_job() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    w.clock.advance(Duration::minutes(10));
    let engine = engine(&w, MockInstagramApi::new());
    let acc = account(&w).await;
    let mut by_webhook = price_comment("c1");
    by_webhook.at = NOW + Duration::minutes(5);
    let first = engine
        .on_event(w.owner, w.account, "c1", &by_webhook)
        .await
        .unwrap();
    assert!(matches!(first, EventOutcome::Queued { .. }), "{first:?}");
    let by_sync = comment(&w, "c1", "aigerim", "ЦЕНА?", NOW + Duration::minutes(5));
    assert_eq!(engine.on_synced(&acc, &[by_sync], &[]).await.unwrap(), 0);
    assert_eq!(jobs(&w).await.len(), 1);
}

#[tokio::test]
async fn old_comments_and_those_before_the_rule_are_left_alone() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    // The first sync of the account, two days later.
    w.clock.advance(Duration::days(2));
    let engine = engine(&w, MockInstagramApi::new());
    let acc = account(&w).await;
    let now = NOW + Duration::days(2);
    let rows = [
        // Before the rule was saved.
        comment(&w, "c-before", "a1", "цена?", NOW - Duration::minutes(1)),
        // After the rule, but older than the 24-hour look-back.
        comment(&w, "c-old", "a2", "цена?", now - Duration::hours(25)),
        // Inside the look-back: answered.
        comment(&w, "c-new", "a3", "цена?", now - Duration::hours(23)),
    ];
    assert_eq!(engine.on_synced(&acc, &rows, &[]).await.unwrap(), 1);
    let all = jobs(&w).await;
    assert_eq!(
        all.iter().map(|j| j.event_key.as_str()).collect::<Vec<_>>(),
        ["c-new"]
    );
}

#[tokio::test]
async fn own_comments_replies_and_comments_a_human_answered_are_not_answered() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    w.clock.advance(Duration::minutes(30));
    let engine = engine(&w, MockInstagramApi::new());
    let acc = account(&w).await;
    let at = NOW + Duration::minutes(1);
    let answered = comment(&w, "c-answered", "a1", "цена?", at);
    let rows = [
        // The account's own comment (its username, any case).
        comment(&w, "c-own", "SHOP", "цена?", at),
        answered.clone(),
        // A human's reply from the account under it.
        reply_under(&answered, "r-human", "shop", "Написали вам в директ"),
        // Someone's reply under another comment: not a new question.
        reply_under(&answered, "r-other", "a2", "и мне цена?"),
    ];
    assert_eq!(engine.on_synced(&acc, &rows, &[]).await.unwrap(), 0);
    assert!(jobs(&w).await.is_empty());
}

#[tokio::test]
async fn a_message_found_by_the_sync_is_keyed_by_its_id_and_one_answered_later_is_not() {
    let w = world().await;
    w.rule(&spec(serde_json::json!({
        "name": "DM price",
        "enabled": true,
        "trigger": {"kind": "direct_message"},
        "match": {"mode": "contains", "include": ["цена"]},
        "actions": [{"kind": "dm_reply", "variants": ["Цена — 5000 ₸"]}]
    })))
    .await;
    w.clock.advance(Duration::minutes(30));
    let engine = engine(&w, MockInstagramApi::new());
    let acc = account(&w).await;
    let at = NOW + Duration::minutes(1);
    let conversation = [
        message(&w, "mid-1", true, "Цена?", at),
        // The account's own earlier message is never an event.
        message(
            &w,
            "mid-0",
            false,
            "Здравствуйте!",
            at - Duration::minutes(1),
        ),
    ];
    assert_eq!(engine.on_synced(&acc, &[], &conversation).await.unwrap(), 1);
    assert_eq!(jobs(&w).await[0].event_key, "mid-1");

    // Another person's conversation, where the account already answered.
    let w2 = world().await;
    w2.rule(&spec(serde_json::json!({
        "name": "DM price",
        "enabled": true,
        "trigger": {"kind": "direct_message"},
        "match": {"mode": "contains", "include": ["цена"]},
        "actions": [{"kind": "dm_reply", "variants": ["Цена — 5000 ₸"]}]
    })))
    .await;
    w2.clock.advance(Duration::minutes(30));
    let engine2 = self::engine(&w2, MockInstagramApi::new());
    let acc2 = account(&w2).await;
    let answered = [
        message(&w2, "mid-2", true, "Цена?", at),
        message(&w2, "mid-3", false, "5000 ₸", at + Duration::minutes(2)),
    ];
    assert_eq!(engine2.on_synced(&acc2, &[], &answered).await.unwrap(), 0);
    assert!(jobs(&w2).await.is_empty());
}
