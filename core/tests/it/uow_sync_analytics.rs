//! The analytics sync the worker runs (`apps/worker/src/analytics.rs` calls
//! `AnalyticsService::run_daily`), on the in-memory store, a manual clock
//! and a mocked Instagram whose answers each test scripts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use secrecy::SecretString;
use socialflow_core::account::{Account, AccountStatus};
use socialflow_core::accounts::{AccountService, AccountStorage};
use socialflow_core::analytics::{
    AnalyticsService, AnalyticsStorage, CAPTURE_RETRY_AFTER, FollowerSnapshot, RECENT_MEDIA,
    SnapshotSource,
};
use socialflow_core::audit::AuditKind;
use socialflow_core::instagram::{
    InstagramError, LongLivedToken, MediaItem, MediaType, MockInstagramApi, Page, Profile,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{
    AccountRepo, AuditRepo, FollowerSnapshotRepo, MediaMetricsRepo, UserRepo,
};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, Store, User, UserId, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::{Duration, OffsetDateTime};

/// What the mocked Instagram's profile call answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Normal,
    TokenRefused,
    Transient,
}

struct Script {
    answer: Mutex<Answer>,
    /// How many posts the media list holds (whatever was asked).
    posts: Mutex<usize>,
    insight_calls: Mutex<u32>,
}

fn at() -> OffsetDateTime {
    time::macros::datetime!(2026-11-02 10:00 UTC)
}

fn instagram(script: Arc<Script>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    let s = script.clone();
    ig.expect_profile()
        .returning(move |_| match *s.answer.lock().unwrap() {
            Answer::TokenRefused => Err(InstagramError::TokenInvalid {
                message: "Error validating access token".into(),
            }),
            Answer::Transient => Err(InstagramError::Transient {
                message: "HTTP 503".into(),
            }),
            Answer::Normal => Ok(Profile {
                app_scoped_id: "27281358591558845".into(),
                ig_user_id: "17841457215396811".into(),
                username: "acme".into(),
                followers_count: Some(500),
                follows_count: Some(10),
                media_count: Some(40),
                ..Profile::default()
            }),
        });
    ig.expect_account_insights().returning(|_, _| Ok(vec![]));
    let s = script.clone();
    ig.expect_media_page().returning(move |_, _, _| {
        let n = *s.posts.lock().unwrap();
        Ok(Page {
            items: (0..n).map(|i| item(&format!("m{i}"))).collect(),
            next: Some("more".into()),
        })
    });
    let s = script;
    ig.expect_media_insights().returning(move |_, _, _| {
        *s.insight_calls.lock().unwrap() += 1;
        Ok(vec![])
    });
    ig.expect_stories().returning(|_| Ok(vec![]));
    ig
}

fn item(id: &str) -> MediaItem {
    MediaItem {
        id: id.into(),
        caption: None,
        media_type: MediaType::Image,
        media_product_type: Some("FEED".into()),
        media_url: None,
        thumbnail_url: None,
        permalink: None,
        timestamp: at() - Duration::days(2),
        like_count: Some(5),
        comments_count: Some(1),
        children: vec![],
    }
}

struct World {
    store: Arc<MemoryStore>,
    clock: Arc<ManualClock>,
    analytics: AnalyticsService,
    script: Arc<Script>,
    owner: UserId,
    account: Account,
}

async fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let dyn_store: Arc<dyn Store> = store.clone();
    let clock = Arc::new(ManualClock::new(at()));
    let owner = User {
        id: UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: PasswordHash("x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: at(),
        updated_at: at(),
    };
    store.insert_user(&owner).await.unwrap();
    let script = Arc::new(Script {
        answer: Mutex::new(Answer::Normal),
        posts: Mutex::new(2),
        insight_calls: Mutex::new(0),
    });
    let accounts = AccountService::new(
        AccountStorage::from_store(dyn_store.clone()),
        Arc::new(instagram(script.clone())),
        Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap()),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let token = LongLivedToken {
        token: SecretString::from("IGAA-token".to_string()),
        expires_in: Duration::days(60),
        permissions: None,
    };
    let account = accounts
        .attach(owner.id, token, None, &RequestContext::cli())
        .await
        .unwrap()
        .account;
    let analytics = AnalyticsService::new(
        AnalyticsStorage::from_store(dyn_store),
        accounts,
        clock.clone(),
    );
    World {
        store,
        clock,
        analytics,
        script,
        owner: owner.id,
        account,
    }
}

impl World {
    async fn daily_snapshots(&self) -> Vec<FollowerSnapshot> {
        let today = self.clock.now().date();
        self.store
            .follower_snapshots(
                self.owner,
                self.account.id,
                today - Duration::days(60),
                today,
            )
            .await
            .unwrap()
            .into_iter()
            .filter(|s| s.source == SnapshotSource::Daily)
            .collect()
    }

    async fn stored_media(&self) -> usize {
        self.store
            .media_metrics(
                self.owner,
                self.account.id,
                at() - Duration::days(30),
                at() + Duration::days(30),
            )
            .await
            .unwrap()
            .len()
    }

    fn answer(&self, a: Answer) {
        *self.script.answer.lock().unwrap() = a;
    }
}

#[tokio::test]
async fn a_day_is_captured_once_and_a_rerun_stores_nothing_new() {
    let w = world().await;
    let first = w.analytics.run_daily().await.unwrap();
    assert_eq!((first.captured, first.failed), (1, 0));
    assert_eq!(w.daily_snapshots().await.len(), 1);
    assert_eq!(w.stored_media().await, 2);

    w.clock.advance(Duration::minutes(30));
    let again = w.analytics.run_daily().await.unwrap();
    assert_eq!((again.captured, again.already_done), (0, 1));
    assert_eq!(w.daily_snapshots().await.len(), 1, "one snapshot a day");
    assert_eq!(w.stored_media().await, 2, "media rows replaced, not added");

    // The next day: a second daily snapshot, the same media rows.
    w.clock.advance(Duration::days(1));
    let next = w.analytics.run_daily().await.unwrap();
    assert_eq!(next.captured, 1);
    assert_eq!(w.daily_snapshots().await.len(), 2);
    assert_eq!(w.stored_media().await, 2);
}

#[tokio::test]
async fn the_media_read_is_bounded_whatever_instagram_returns() {
    let w = world().await;
    *w.script.posts.lock().unwrap() = RECENT_MEDIA as usize + 30;
    let report = w.analytics.run_daily().await.unwrap();
    assert_eq!(report.captured, 1);
    assert_eq!(w.stored_media().await, RECENT_MEDIA as usize);
    assert_eq!(
        *w.script.insight_calls.lock().unwrap(),
        RECENT_MEDIA,
        "one insights call per post kept, none for the rest"
    );
}

#[tokio::test]
async fn an_expired_token_marks_the_account_for_reconnection_and_stops_its_captures() {
    let w = world().await;
    w.answer(Answer::TokenRefused);
    let report = w.analytics.run_daily().await.unwrap();
    assert_eq!((report.captured, report.failed), (0, 1));
    let account = w
        .store
        .account(w.owner, w.account.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.status, AccountStatus::NeedsReconnect);
    let audit = w.store.audit_for_user(w.owner, 20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.kind == AuditKind::AccountNeedsReconnect)
    );
    assert!(w.daily_snapshots().await.is_empty());

    // Later runs leave it alone until the user reconnects.
    w.clock.advance(CAPTURE_RETRY_AFTER + Duration::minutes(1));
    let later = w.analytics.run_daily().await.unwrap();
    assert_eq!((later.captured, later.failed), (0, 0));
}

#[tokio::test]
async fn a_transient_error_keeps_what_is_stored_and_is_retried_later() {
    let w = world().await;
    w.analytics.run_daily().await.unwrap();
    let yesterday = w.daily_snapshots().await;
    assert_eq!(yesterday.len(), 1);

    w.clock.advance(Duration::days(1));
    w.answer(Answer::Transient);
    let failed = w.analytics.run_daily().await.unwrap();
    assert_eq!((failed.captured, failed.failed), (0, 1));
    assert_eq!(
        w.daily_snapshots().await,
        yesterday,
        "nothing lost, nothing half-written"
    );
    assert_eq!(w.stored_media().await, 2);
    let account = w
        .store
        .account(w.owner, w.account.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.status, AccountStatus::Active);

    // Instagram is back, but the account waits out the retry delay first.
    w.answer(Answer::Normal);
    let waiting = w.analytics.run_daily().await.unwrap();
    assert_eq!((waiting.captured, waiting.failed), (0, 0));
    w.clock.advance(CAPTURE_RETRY_AFTER);
    let back = w.analytics.run_daily().await.unwrap();
    assert_eq!(back.captured, 1);
    assert_eq!(w.daily_snapshots().await.len(), 2);
}
