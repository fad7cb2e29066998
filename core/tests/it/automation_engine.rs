//! The automation engine on the in-memory store with a mocked Instagram:
//! one job per event however often it arrives, each reply sent once, a
//! retry after a crash finds the earlier sends, caps hold under parallel
//! events, a refused token pauses the account, approval.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::automation::engine::{
    ActionStatus, AutomationEngine, AutomationJobRepo, EngineAccount, EngineError, EngineHost,
    EventOutcome, HostError, Job, JobState, PauseReason,
};
use socialflow_core::automation::{
    AutomationService, Event, EventKind, HoldReason, RuleSpec, SendMode, Skip,
};
use socialflow_core::instagram::{
    Comment, IgAccess, InstagramError, MockInstagramApi, Page, SentMessage,
};
use socialflow_core::storage::{AccountRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, TimeZone, User, UserId, Username};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::Duration;

use crate::automation_support::{NOW, fixture_spec};

pub const IG_ID: &str = "17840000000000001";
const PUBLIC: &str = "aigerim, отправили цену вам в личные сообщения 📩";

#[derive(Default)]
pub struct Host {
    refused: Mutex<Vec<String>>,
    done: Mutex<u32>,
}

#[async_trait]
impl EngineHost for Host {
    async fn access(
        &self,
        _owner: UserId,
        _account: AccountId,
    ) -> Result<Option<IgAccess>, HostError> {
        Ok(Some(IgAccess {
            ig_user_id: IG_ID.into(),
            token: SecretString::from("token".to_string()),
        }))
    }
    async fn account_of(&self, _ig: &str) -> Result<Option<EngineAccount>, HostError> {
        Ok(None)
    }
    async fn zone(&self, _owner: UserId) -> Result<TimeZone, HostError> {
        Ok(TimeZone::utc())
    }
    async fn token_refused(
        &self,
        _owner: UserId,
        _account: AccountId,
        detail: &str,
    ) -> Result<(), HostError> {
        self.refused.lock().unwrap().push(detail.to_string());
        Ok(())
    }
    async fn mark_done(&self, _job: &Job) -> Result<(), HostError> {
        *self.done.lock().unwrap() += 1;
        Ok(())
    }
    async fn notify_team(&self, _job: &Job) -> Result<(), HostError> {
        Ok(())
    }
}

pub struct World {
    pub store: Arc<MemoryStore>,
    pub clock: Arc<ManualClock>,
    pub host: Arc<Host>,
    pub owner: UserId,
    pub account: AccountId,
}

pub async fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let u = User {
        id: UserId::new(),
        username: Username::parse("aliya").unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::Ru,
        time_zone: TimeZone::utc(),
        created_at: NOW,
        updated_at: NOW,
    };
    store.insert_user(&u).await.unwrap();
    let account = Account {
        id: AccountId::new(),
        owner: u.id,
        ig_user_id: IG_ID.into(),
        app_scoped_id: "app-aliya".into(),
        profile: AccountProfile {
            username: "shop".into(),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1]),
            expires_at: NOW + Duration::days(60),
            refreshed_at: NOW,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: NOW,
        profile_fetched_at: NOW,
    };
    store.insert_account(&account).await.unwrap();
    World {
        store,
        clock: Arc::new(ManualClock::new(NOW)),
        host: Arc::new(Host::default()),
        owner: u.id,
        account: account.id,
    }
}

impl World {
    pub async fn rule(&self, spec: &RuleSpec) {
        AutomationService::new(self.store.clone(), self.clock.clone())
            .create(self.owner, self.account, spec)
            .await
            .unwrap();
    }

    fn engine(&self, ig: MockInstagramApi) -> AutomationEngine {
        AutomationEngine::new(
            self.store.clone(),
            self.store.clone(),
            Arc::new(ig),
            self.host.clone(),
            self.clock.clone(),
        )
    }

    async fn jobs(&self) -> Vec<Job> {
        self.store
            .account_jobs(self.owner, self.account, 1_000)
            .await
            .unwrap()
    }
}

pub fn price_comment(comment_id: &str) -> Event {
    Event {
        kind: EventKind::Comment {
            media_id: "1790".into(),
            comment_id: comment_id.into(),
        },
        author_id: format!("igsid-{comment_id}"),
        author_username: Some("aigerim".into()),
        text: "ЦЕНА?".into(),
        at: NOW,
        from_account: false,
        human_replied: false,
    }
}

fn sent(id: &str) -> SentMessage {
    SentMessage {
        recipient_id: "igsid".into(),
        message_id: id.into(),
    }
}

#[tokio::test]
async fn a_comment_from_webhook_and_sync_makes_one_job_and_each_reply_goes_once() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    let mut ig = MockInstagramApi::new();
    ig.expect_reply_to_comment()
        .withf(|_, c, t| c == "c1" && t == PUBLIC)
        .times(1)
        .returning(|_, _, _| Ok("r1".into()));
    ig.expect_send_private_reply()
        .withf(|_, c, t| c == "c1" && t.starts_with("Здравствуйте"))
        .times(1)
        .returning(|_, _, _| Ok(sent("m1")));
    let engine = w.engine(ig);
    let first = engine
        .on_event(w.owner, w.account, "c1", &price_comment("c1"))
        .await
        .unwrap();
    assert!(
        matches!(first, EventOutcome::Queued { held: None, .. }),
        "{first:?}"
    );
    // The same comment again, as the sync finds it.
    let again = engine
        .on_event(w.owner, w.account, "c1", &price_comment("c1"))
        .await
        .unwrap();
    // No second job: the stored job counts as this person's answer on the
    // post (or, racing, the event key is taken).
    assert!(
        matches!(
            again,
            EventOutcome::Duplicate | EventOutcome::Skipped(Skip::NoRuleMatched)
        ),
        "{again:?}"
    );
    let report = engine.run_due("w1").await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1));
    // Nothing left to run: a second round sends nothing.
    assert_eq!(engine.run_due("w1").await.unwrap().claimed, 0);
    let jobs = w.jobs().await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].state, JobState::Sent);
    assert!(
        jobs[0]
            .actions
            .iter()
            .all(|a| a.status == ActionStatus::Done)
    );
    let counters = engine
        .rule_counters(w.owner, w.account, jobs[0].rule)
        .await
        .unwrap();
    assert_eq!(
        (counters.matched, counters.sent, counters.failed),
        (1, 1, 0)
    );
}

#[tokio::test]
async fn a_retry_after_a_crash_between_send_and_record_sends_nothing_twice() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    let engine = w.engine(MockInstagramApi::new());
    engine
        .on_event(w.owner, w.account, "c1", &price_comment("c1"))
        .await
        .unwrap();
    // Worker 1 claims the job, writes both actions as sending, sends them
    // and dies before recording anything.
    let mut job = w
        .store
        .claim_due_jobs("w1", NOW, NOW + Duration::seconds(60), 10)
        .await
        .unwrap()
        .pop()
        .unwrap();
    for a in &mut job.actions {
        a.status = ActionStatus::Sending;
        a.at = Some(NOW);
    }
    assert!(w.store.save_job(&job, "w1", false).await.unwrap());
    w.clock.advance(Duration::seconds(61));

    let mut ig = MockInstagramApi::new();
    ig.expect_comments_page().times(1).returning(|_, _, _, _| {
        Ok(Page {
            items: vec![Comment {
                id: "c1".into(),
                text: "ЦЕНА?".into(),
                username: Some("aigerim".into()),
                from_id: Some("igsid-c1".into()),
                timestamp: NOW,
                like_count: None,
                hidden: false,
                parent_id: None,
                replies: vec![Comment {
                    id: "r1".into(),
                    text: PUBLIC.into(),
                    username: Some("shop".into()),
                    from_id: Some(IG_ID.into()),
                    timestamp: NOW,
                    like_count: None,
                    hidden: false,
                    parent_id: Some("c1".into()),
                    replies: vec![],
                }],
            }],
            next: None,
        })
    });
    ig.expect_reply_to_comment().times(0);
    ig.expect_send_private_reply()
        .times(1)
        .returning(|_, _, _| Err(InstagramError::AlreadyRepliedPrivately));
    let report = w.engine(ig).run_due("w2").await.unwrap();
    assert_eq!(
        (report.claimed, report.sent, report.already_sent),
        (1, 1, 2)
    );
    let jobs = w.jobs().await;
    assert_eq!(jobs[0].state, JobState::Sent);
    assert!(
        jobs[0]
            .actions
            .iter()
            .all(|a| a.status == ActionStatus::AlreadyDone)
    );
    assert_eq!(jobs[0].attempts, 2);
}

#[tokio::test]
async fn a_retry_sends_a_public_reply_the_first_run_never_got_out() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    let engine = w.engine(MockInstagramApi::new());
    engine
        .on_event(w.owner, w.account, "c1", &price_comment("c1"))
        .await
        .unwrap();
    let mut job = w
        .store
        .claim_due_jobs("w1", NOW, NOW + Duration::seconds(60), 10)
        .await
        .unwrap()
        .pop()
        .unwrap();
    job.actions[0].status = ActionStatus::Sending;
    assert!(w.store.save_job(&job, "w1", false).await.unwrap());
    w.clock.advance(Duration::seconds(61));
    let mut ig = MockInstagramApi::new();
    // The comment has no reply by the account: the send did not go out.
    ig.expect_comments_page().times(1).returning(|_, _, _, _| {
        Ok(Page {
            items: vec![],
            next: None,
        })
    });
    ig.expect_reply_to_comment()
        .times(1)
        .returning(|_, _, _| Ok("r1".into()));
    ig.expect_send_private_reply()
        .times(1)
        .returning(|_, _, _| Ok(sent("m1")));
    let report = w.engine(ig).run_due("w2").await.unwrap();
    assert_eq!((report.sent, report.already_sent), (1, 0));
}

#[tokio::test]
async fn parallel_events_never_pass_the_hourly_cap() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    let engine = w.engine(MockInstagramApi::new());
    engine
        .set_settings(w.owner, w.account, false, 10, 100)
        .await
        .unwrap();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..25 {
        let engine = engine.clone();
        let (owner, account) = (w.owner, w.account);
        set.spawn(async move {
            let key = format!("c{i}");
            engine
                .on_event(owner, account, &key, &price_comment(&key))
                .await
                .unwrap()
        });
    }
    let mut queued = 0;
    let mut held = 0;
    while let Some(r) = set.join_next().await {
        match r.unwrap() {
            EventOutcome::Queued { held: None, .. } => queued += 1,
            EventOutcome::Queued {
                held: Some(HoldReason::HourlyCap),
                ..
            } => held += 1,
            other => panic!("{other:?}"),
        }
    }
    // Two sends each: five fit under ten.
    assert_eq!((queued, held), (5, 20));
    let usage = w.store.automation_usage(w.account, NOW).await.unwrap();
    assert_eq!(usage.last_hour, 10);
    let held_jobs = engine.held(w.owner, w.account, 100).await.unwrap();
    assert_eq!(held_jobs.len(), 20);
    // Approving one more now would pass the cap.
    let e = engine
        .decide(w.owner, w.account, held_jobs[0].id, true)
        .await
        .unwrap_err();
    assert!(matches!(e, EngineError::CapReached(HoldReason::HourlyCap)));
    // An hour later it fits.
    w.clock.advance(Duration::minutes(61));
    engine
        .decide(w.owner, w.account, held_jobs[0].id, true)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refused_token_pauses_the_account_and_the_job_waits() {
    let w = world().await;
    w.rule(&fixture_spec()).await;
    let mut ig = MockInstagramApi::new();
    ig.expect_reply_to_comment().times(1).returning(|_, _, _| {
        Err(InstagramError::TokenInvalid {
            message: "Error validating access token".into(),
        })
    });
    let engine = w.engine(ig);
    engine
        .on_event(w.owner, w.account, "c1", &price_comment("c1"))
        .await
        .unwrap();
    let report = engine.run_due("w1").await.unwrap();
    assert_eq!(report.retried, 1);
    let settings = engine.settings(w.owner, w.account).await.unwrap();
    assert_eq!(settings.paused, Some(PauseReason::TokenInvalid));
    assert_eq!(w.host.refused.lock().unwrap().len(), 1);
    let jobs = w.jobs().await;
    assert_eq!(jobs[0].state, JobState::Pending);
    // Paused: the job is not claimed again, and new events are not answered.
    w.clock.advance(Duration::minutes(5));
    assert_eq!(engine.run_due("w1").await.unwrap().claimed, 0);
    let next = engine
        .on_event(w.owner, w.account, "c2", &price_comment("c2"))
        .await
        .unwrap();
    assert!(matches!(next, EventOutcome::Skipped(_)), "{next:?}");
}

#[tokio::test]
async fn a_rule_asking_for_approval_holds_until_approved() {
    let w = world().await;
    let mut spec = fixture_spec();
    spec.send = SendMode::Approve;
    w.rule(&spec).await;
    let mut ig = MockInstagramApi::new();
    ig.expect_reply_to_comment()
        .times(1)
        .returning(|_, _, _| Ok("r1".into()));
    ig.expect_send_private_reply()
        .times(1)
        .returning(|_, _, _| Ok(sent("m1")));
    let engine = w.engine(ig);
    let out = engine
        .on_event(w.owner, w.account, "c1", &price_comment("c1"))
        .await
        .unwrap();
    assert!(matches!(
        out,
        EventOutcome::Queued {
            held: Some(HoldReason::Approval),
            ..
        }
    ));
    assert_eq!(engine.run_due("w1").await.unwrap().claimed, 0);
    let held = engine.held(w.owner, w.account, 10).await.unwrap();
    assert_eq!(held.len(), 1);
    // Another user cannot decide it.
    let stranger = UserId::new();
    assert!(matches!(
        engine.decide(stranger, w.account, held[0].id, true).await,
        Err(EngineError::NotFound)
    ));
    engine
        .decide(w.owner, w.account, held[0].id, true)
        .await
        .unwrap();
    w.clock.advance(Duration::seconds(1));
    assert_eq!(engine.run_due("w1").await.unwrap().sent, 1);
    let _ = w.clock.now();
}

#[tokio::test]
async fn caps_out_of_range_are_refused() {
    let w = world().await;
    let engine = w.engine(MockInstagramApi::new());
    assert!(matches!(
        engine
            .set_settings(w.owner, w.account, false, 751, 1000)
            .await,
        Err(EngineError::Limits(_))
    ));
    assert!(matches!(
        engine
            .set_settings(UserId::new(), w.account, true, 10, 10)
            .await,
        Err(EngineError::NotFound)
    ));
}
