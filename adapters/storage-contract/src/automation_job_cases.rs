//! Contract cases of automation jobs and settings: one job per event,
//! exclusive leases under parallel claims, caps never passed under
//! parallel reservations, owner scoping, pause, purge, cascades.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::automation::engine::{
    ActionStatus, AutomationSettings, Decided, Enqueued, Job, JobAction, JobId, JobState,
    PauseReason, StoredAction,
};
use socialflow_core::automation::{
    AutomationLimits, HoldReason, PostScope, Rule, RuleId, RuleInsert, Trigger,
};
use socialflow_core::storage::Store;
use time::Duration;

use crate::automation_cases::sample_rule;
use crate::fixtures::{T0, account, user};

async fn owner_with_rule(store: &Arc<dyn Store>, name: &str) -> (UserId, AccountId, RuleId) {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    let a = account(u.id, &format!("ig-{name}"), name, T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    let r = sample_rule(a.id, "Цена");
    assert!(matches!(
        store.insert_rule(u.id, &r, 10).await.unwrap(),
        RuleInsert::Inserted { .. }
    ));
    (u.id, a.id, r.id)
}

fn job(owner: UserId, account: AccountId, rule: RuleId, key: &str) -> Job {
    Job {
        id: JobId::new(),
        owner,
        account,
        rule,
        event_key: key.into(),
        author_id: format!("igsid-{key}"),
        media_id: Some("1790".into()),
        event_at: T0,
        seed: u64::MAX - 7,
        state: JobState::Pending,
        hold: None,
        actions: vec![
            JobAction {
                action: StoredAction::PublicReply {
                    comment_id: key.into(),
                    text: "aigerim, ответили в директ 📩 «акция»".into(),
                },
                status: ActionStatus::Planned,
                detail: None,
                at: None,
            },
            JobAction {
                action: StoredAction::PrivateReply {
                    comment_id: key.into(),
                    text: "Сәлеметсіз бе! Бағасы — 5 000 ₸".into(),
                },
                status: ActionStatus::Planned,
                detail: None,
                at: None,
            },
        ],
        due_at: T0,
        attempts: 0,
        reserved_sends: 2,
        detail: None,
        created_at: T0,
        updated_at: T0,
    }
}

fn caps(hourly: u32, daily: u32) -> AutomationLimits {
    AutomationLimits::new(hourly, daily).unwrap()
}

pub async fn automation_jobs_round_trip_once_per_event_scoped_to_their_owner(
    store: Arc<dyn Store>,
) {
    let (alice, shop, rule) = owner_with_rule(&store, "alice").await;
    let (bob, _, _) = owner_with_rule(&store, "bob").await;
    let j = job(alice, shop, rule, "c1");
    let limits = AutomationLimits::default();
    assert_eq!(
        store.enqueue_job(&j, limits, T0).await.unwrap(),
        Enqueued::Queued
    );
    // The same event again (by webhook and by sync): one job.
    let again = job(alice, shop, rule, "c1");
    assert_eq!(
        store.enqueue_job(&again, limits, T0).await.unwrap(),
        Enqueued::Duplicate
    );
    // Bob cannot put jobs into alice's account.
    assert_eq!(
        store
            .enqueue_job(&job(bob, shop, rule, "c2"), limits, T0)
            .await
            .unwrap(),
        Enqueued::NoAccount
    );
    assert_eq!(store.job(alice, shop, j.id).await.unwrap(), Some(j.clone()));
    assert_eq!(store.job(bob, shop, j.id).await.unwrap(), None);
    assert!(
        store
            .rule_jobs(bob, shop, rule, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.rule_jobs(alice, shop, rule, 10).await.unwrap(),
        vec![j.clone()]
    );
    let usage = store.automation_usage(shop, T0).await.unwrap();
    assert_eq!((usage.last_hour, usage.last_day), (2, 2));
    let usage = store
        .automation_usage(shop, T0 + Duration::minutes(61))
        .await
        .unwrap();
    assert_eq!((usage.last_hour, usage.last_day), (0, 2));
    let prior = store
        .prior_matches(shop, "igsid-c1", T0 - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(prior.len(), 1);
    assert_eq!(prior[0].media_id.as_deref(), Some("1790"));
    assert_eq!(store.open_job_count().await.unwrap(), 1);

    // A worker runs it; only the lease holder may write.
    let mut claimed = store
        .claim_due_jobs("w1", T0, T0 + Duration::seconds(60), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let mut running = claimed.pop().unwrap();
    assert_eq!((running.state, running.attempts), (JobState::Running, 1));
    running.actions[0].status = ActionStatus::Done;
    running.actions[0].detail = Some("17900001".into());
    running.actions[0].at = Some(T0 + Duration::seconds(1));
    running.actions[1].status = ActionStatus::AlreadyDone;
    running.state = JobState::Sent;
    assert!(!store.save_job(&running, "w2", true).await.unwrap());
    assert!(
        store
            .renew_job_lease(running.id, "w1", T0 + Duration::seconds(90))
            .await
            .unwrap()
    );
    assert!(
        !store
            .renew_job_lease(running.id, "w2", T0 + Duration::seconds(90))
            .await
            .unwrap()
    );
    assert!(store.save_job(&running, "w1", true).await.unwrap());
    let stored = store.job(alice, shop, j.id).await.unwrap().unwrap();
    assert_eq!(stored.state, JobState::Sent);
    assert_eq!(stored.actions, running.actions);
    assert!(
        store
            .claim_due_jobs("w1", T0 + Duration::hours(1), T0 + Duration::hours(2), 10)
            .await
            .unwrap()
            .is_empty(),
        "a finished job is never claimed"
    );
    let c = store.rule_counters(alice, shop, rule).await.unwrap();
    assert_eq!((c.matched, c.sent, c.failed, c.held), (1, 1, 0, 0));
    assert_eq!(
        store.rule_counters(bob, shop, rule).await.unwrap().matched,
        0
    );

    // The log is purged after its retention; open jobs stay.
    store
        .enqueue_job(&job(alice, shop, rule, "c3"), limits, T0)
        .await
        .unwrap();
    assert_eq!(store.purge_jobs(T0 + Duration::days(91)).await.unwrap(), 1);
    assert_eq!(store.account_jobs(alice, shop, 10).await.unwrap().len(), 1);
}

pub async fn parallel_claims_lease_each_job_to_one_worker(store: Arc<dyn Store>) {
    let (alice, shop, rule) = owner_with_rule(&store, "alice").await;
    let limits = caps(750, 5_000);
    for i in 0..30 {
        store
            .enqueue_job(&job(alice, shop, rule, &format!("c{i}")), limits, T0)
            .await
            .unwrap();
    }
    let tasks: Vec<_> = (0..6)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .claim_due_jobs(&format!("w{w}"), T0, T0 + Duration::seconds(60), 10)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.extend(t.await.unwrap().into_iter().map(|j| j.id));
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "a job went to two workers");
    assert!(n <= 30);
    // A lease that ran out goes to the next worker (its holder died).
    let later = store
        .claim_due_jobs(
            "w9",
            T0 + Duration::seconds(61),
            T0 + Duration::seconds(120),
            100,
        )
        .await
        .unwrap();
    assert_eq!(later.len(), 30);
    assert!(later.iter().all(|j| j.attempts >= 1));
}

pub async fn parallel_enqueues_never_pass_the_caps(store: Arc<dyn Store>) {
    let (alice, shop, rule) = owner_with_rule(&store, "alice").await;
    let limits = caps(10, 16);
    let tasks: Vec<_> = (0..25)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .enqueue_job(&job(alice, shop, rule, &format!("c{i}")), limits, T0)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut queued = 0;
    for t in tasks {
        match t.await.unwrap() {
            Enqueued::Queued => queued += 1,
            Enqueued::HeldByCap(HoldReason::HourlyCap) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(queued, 5, "two sends each under an hourly cap of ten");
    assert_eq!(
        store.automation_usage(shop, T0).await.unwrap().last_hour,
        10
    );
    let held = store.held_jobs(alice, shop, 100).await.unwrap();
    assert_eq!(held.len(), 20);
    assert!(held.iter().all(|j| j.hold == Some(HoldReason::HourlyCap)));
    // Approving counts against the caps too: in the next hour, three fit
    // under the daily sixteen (ten used).
    let later = T0 + Duration::minutes(61);
    let tasks: Vec<_> = held
        .iter()
        .map(|j| {
            let store = store.clone();
            let id = j.id;
            tokio::spawn(async move {
                store
                    .decide_held_job(alice, shop, id, true, limits, later)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut approved = 0;
    for t in tasks {
        match t.await.unwrap() {
            Decided::Approved => approved += 1,
            Decided::CapReached(HoldReason::DailyCap) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(approved, 3);
    assert_eq!(
        store.automation_usage(shop, later).await.unwrap().last_day,
        16
    );
    let still = store.held_jobs(alice, shop, 100).await.unwrap();
    assert_eq!(
        store
            .decide_held_job(alice, shop, still[0].id, false, limits, later)
            .await
            .unwrap(),
        Decided::Rejected
    );
    assert_eq!(
        store
            .decide_held_job(alice, shop, still[0].id, false, limits, later)
            .await
            .unwrap(),
        Decided::NotFound,
        "no longer held"
    );
}

pub async fn automation_settings_pause_claims_and_are_scoped(store: Arc<dyn Store>) {
    let (alice, shop, rule) = owner_with_rule(&store, "alice").await;
    let (bob, _, _) = owner_with_rule(&store, "bob").await;
    assert_eq!(
        store.automation_settings(alice, shop).await.unwrap(),
        Some(AutomationSettings::default())
    );
    assert_eq!(store.automation_settings(bob, shop).await.unwrap(), None);
    let paused = AutomationSettings {
        paused: Some(PauseReason::TokenInvalid),
        limits: caps(100, 500),
    };
    assert!(
        !store
            .save_automation_settings(bob, shop, &paused)
            .await
            .unwrap()
    );
    assert!(
        store
            .save_automation_settings(alice, shop, &paused)
            .await
            .unwrap()
    );
    assert_eq!(
        store.automation_settings(alice, shop).await.unwrap(),
        Some(paused)
    );
    store
        .enqueue_job(&job(alice, shop, rule, "c1"), paused.limits, T0)
        .await
        .unwrap();
    assert!(
        store
            .claim_due_jobs("w1", T0, T0 + Duration::seconds(60), 10)
            .await
            .unwrap()
            .is_empty(),
        "a paused account's jobs wait"
    );
    let running = AutomationSettings {
        paused: None,
        ..paused
    };
    assert!(
        store
            .save_automation_settings(alice, shop, &running)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .claim_due_jobs("w1", T0, T0 + Duration::seconds(60), 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn next_published_rules_bind_once(store: Arc<dyn Store>) {
    let (alice, shop, _) = owner_with_rule(&store, "alice").await;
    let mut next = sample_rule(shop, "next");
    next.spec.trigger = Trigger::Comment {
        post: PostScope::NextPublished,
    };
    store.insert_rule(alice, &next, 10).await.unwrap();
    assert_eq!(store.bind_next_published(shop, "1801").await.unwrap(), 1);
    assert_eq!(store.bind_next_published(shop, "1802").await.unwrap(), 0);
    let stored: Rule = store.rule(alice, shop, next.id).await.unwrap().unwrap();
    assert_eq!(stored.bound_media_id.as_deref(), Some("1801"));
}

pub async fn automation_jobs_go_with_their_rule_account_and_user(store: Arc<dyn Store>) {
    let (alice, shop, rule) = owner_with_rule(&store, "alice").await;
    let limits = AutomationLimits::default();
    store
        .enqueue_job(&job(alice, shop, rule, "c1"), limits, T0)
        .await
        .unwrap();
    assert!(store.delete_rule(alice, shop, rule).await.unwrap());
    assert!(
        store
            .account_jobs(alice, shop, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let (bob, cafe, rule) = owner_with_rule(&store, "bob").await;
    store
        .enqueue_job(&job(bob, cafe, rule, "c1"), limits, T0)
        .await
        .unwrap();
    let s = AutomationSettings {
        paused: Some(PauseReason::User),
        limits,
    };
    store.save_automation_settings(bob, cafe, &s).await.unwrap();
    assert!(store.delete_account(bob, cafe).await.unwrap());
    assert_eq!(store.open_job_count().await.unwrap(), 0);

    let (carol, bar, rule) = owner_with_rule(&store, "carol").await;
    store
        .enqueue_job(&job(carol, bar, rule, "c1"), limits, T0)
        .await
        .unwrap();
    assert!(store.delete_user(carol).await.unwrap());
    assert_eq!(store.open_job_count().await.unwrap(), 0);
    assert!(
        store
            .prior_matches(bar, "igsid-c1", T0 - Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );
}
