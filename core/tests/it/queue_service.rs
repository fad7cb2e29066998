//! The queue's use cases on the in-memory store: slots checked and kept per
//! account, suggestions from the best-time data (or stated defaults), "add
//! to queue" validated like scheduling and safe under 25 requests at once,
//! and the calendar feed's secret (rotated, revoked).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;

use secrecy::ExposeSecret;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::analytics::{Audience, Demographics, OnlineHours};
use socialflow_core::posts::{
    MediaClass, PostError, PostInput, PostKind, PostProblem, PostService, PostState,
};
use socialflow_core::queue::{
    NoFreeSlot, QueueError, QueueService, QueueStorage, RawSlot, SlotProblem, SuggestionSource,
};
use socialflow_core::storage::{AccountRepo, AudienceRepo, Store, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, TimeZone, User, Username};
use socialflow_crypto::RandomMinter;
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::Duration;
use time::macros::datetime;

struct Setup {
    queue: QueueService,
    posts: PostService,
    store: Arc<MemoryStore>,
    media: Arc<FakePostMedia>,
    clock: Arc<ManualClock>,
    user: User,
    account: AccountId,
}

async fn setup() -> Setup {
    let store = Arc::new(MemoryStore::new());
    // Monday 2026-12-07 06:00 in Almaty (UTC+5).
    let clock = Arc::new(ManualClock::new(datetime!(2026-12-07 01:00 UTC)));
    let media = Arc::new(FakePostMedia::new());
    let now = clock.now();
    let user = User {
        id: socialflow_core::UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::parse("Asia/Almaty").unwrap(),
        created_at: now,
        updated_at: now,
    };
    store.insert_user(&user).await.unwrap();
    let account = Account {
        id: AccountId::new(),
        owner: user.id,
        ig_user_id: "ig-1".into(),
        app_scoped_id: "app-1".into(),
        profile: AccountProfile {
            username: "shop".into(),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1]),
            expires_at: now + Duration::days(60),
            refreshed_at: now,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    store.insert_account(&account).await.unwrap();
    let dyn_store: Arc<dyn Store> = store.clone();
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store.clone(),
        media.clone(),
        clock.clone(),
    );
    let queue = QueueService::new(
        QueueStorage::from_store(dyn_store),
        posts.clone(),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    Setup {
        queue,
        posts,
        store,
        media,
        clock,
        user,
        account: account.id,
    }
}

fn raw(day: &str, time: &str) -> RawSlot {
    RawSlot {
        weekday: day.into(),
        time: time.into(),
    }
}

fn weekdays(time: &str) -> Vec<RawSlot> {
    ["mon", "tue", "wed", "thu", "fri"]
        .iter()
        .map(|d| raw(d, time))
        .collect()
}

impl Setup {
    /// A feed-post draft with a square image, or (`false`) with a 4:1 one,
    /// which a draft keeps as a warning and scheduling refuses.
    async fn draft(&self, fine: bool) -> socialflow_core::posts::PostId {
        let mut facts = FakePostMedia::default_facts(MediaClass::Image);
        if !fine {
            facts.probe.width = Some(1440);
            facts.probe.height = Some(360);
        }
        let media = vec![
            self.media
                .add_measured(self.user.id, facts, "https://cdn.test/a.jpg"),
        ];
        let input = PostInput {
            account_id: self.account,
            kind: PostKind::Post,
            media,
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: "Queued".into(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: None,
        };
        let (post, _) = self
            .posts
            .create(self.user.id, input, &RequestContext::cli())
            .await
            .unwrap();
        post.id
    }
}

#[tokio::test]
async fn slots_are_checked_all_at_once_and_kept_sorted() {
    let s = setup().await;
    let err = s
        .queue
        .set_slots(
            s.user.id,
            s.account,
            &[
                raw("fri", "09:00"),
                raw("friday", "9am"),
                raw("fri", "09:00"),
            ],
        )
        .await
        .unwrap_err();
    let QueueError::InvalidSlots(problems) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        problems,
        vec![
            SlotProblem::BadWeekday { position: 2 },
            SlotProblem::BadTime { position: 2 },
            SlotProblem::Duplicate {
                weekday: "fri",
                time: "09:00".into()
            }
        ]
    );
    assert!(
        s.queue
            .slots(s.user.id, s.account)
            .await
            .unwrap()
            .is_empty()
    );
    let mut set = weekdays("18:30");
    set.push(raw("mon", "09:00"));
    let saved = s.queue.set_slots(s.user.id, s.account, &set).await.unwrap();
    assert_eq!(saved.len(), 6);
    assert_eq!(saved[0].time.to_string(), "09:00", "Monday 09:00 first");
    // Another user's account is "not found".
    let other = socialflow_core::UserId::new();
    assert!(matches!(
        s.queue.slots(other, s.account).await,
        Err(QueueError::AccountNotFound)
    ));
}

#[tokio::test]
async fn suggestions_come_from_online_hours_or_are_stated_defaults() {
    let s = setup().await;
    let d = s.queue.suggestions(&s.user, s.account).await.unwrap();
    assert_eq!(d.source, SuggestionSource::Defaults);
    assert_eq!(d.items[0].time.to_string(), "09:00");
    let mut hours = vec![Some(10); 24];
    hours[14] = Some(700); // 19:00 in Almaty
    s.store
        .upsert_audience(
            s.user.id,
            &Audience {
                account_id: s.account,
                fetched_at: s.clock.now(),
                demographics: Demographics::default(),
                online: Some(OnlineHours(hours)),
                online_samples: Vec::new(),
            },
        )
        .await
        .unwrap();
    let b = s.queue.suggestions(&s.user, s.account).await.unwrap();
    assert_eq!(b.source, SuggestionSource::BestTime);
    assert_eq!(b.items[0].time.to_string(), "19:00");
    assert_eq!(b.items[0].followers, Some(700));
    // Taking it with one click adds its seven slots; twice adds nothing.
    let take: Vec<RawSlot> = b.items[0].slots().into_iter().map(RawSlot::from).collect();
    assert_eq!(
        s.queue
            .add_slots(s.user.id, s.account, &take)
            .await
            .unwrap()
            .len(),
        7
    );
    assert_eq!(
        s.queue
            .add_slots(s.user.id, s.account, &take)
            .await
            .unwrap()
            .len(),
        7
    );
    let after = s.queue.suggestions(&s.user, s.account).await.unwrap();
    assert!(after.items.iter().all(|i| i.time.to_string() != "19:00"));
}

#[tokio::test]
async fn add_to_queue_takes_the_next_free_slot_on_the_users_clock() {
    let s = setup().await;
    let ctx = RequestContext::cli();
    // No slots yet: a clear error, nothing changed.
    let first = s.draft(true).await;
    assert!(matches!(
        s.queue.add_to_queue(&s.user, first, &ctx).await,
        Err(QueueError::NoFreeSlot(NoFreeSlot::NoSlots))
    ));
    assert_eq!(
        s.posts.get(s.user.id, first).await.unwrap().state,
        PostState::Draft
    );
    s.queue
        .set_slots(s.user.id, s.account, &weekdays("09:00"))
        .await
        .unwrap();
    let (p1, _) = s.queue.add_to_queue(&s.user, first, &ctx).await.unwrap();
    assert_eq!(p1.state, PostState::Scheduled);
    // Monday 09:00 in Almaty is 04:00 UTC.
    assert_eq!(
        p1.content.scheduled_at,
        Some(datetime!(2026-12-07 04:00 UTC))
    );
    let second = s.draft(true).await;
    let (p2, _) = s.queue.add_to_queue(&s.user, second, &ctx).await.unwrap();
    assert_eq!(
        p2.content.scheduled_at,
        Some(datetime!(2026-12-08 04:00 UTC))
    );
    // A post scheduled by hand at a slot's time takes that slot too.
    let manual = s.draft(true).await;
    let post = s.posts.get(s.user.id, manual).await.unwrap();
    let input = PostInput {
        scheduled_at: Some(datetime!(2026-12-09 04:00 UTC)),
        ..PostInput::from(&post.content)
    };
    s.posts
        .update(s.user.id, manual, input, None, &ctx)
        .await
        .unwrap();
    let third = s.draft(true).await;
    let (p3, _) = s.queue.add_to_queue(&s.user, third, &ctx).await.unwrap();
    assert_eq!(
        p3.content.scheduled_at,
        Some(datetime!(2026-12-10 04:00 UTC))
    );
    // Re-queueing a queued post keeps its own slot (it does not block itself).
    let (again, _) = s.queue.add_to_queue(&s.user, first, &ctx).await.unwrap();
    assert_eq!(again.content.scheduled_at, p1.content.scheduled_at);
    // Its slot freed by cancelling, the next post takes it.
    s.posts.cancel(s.user.id, second).await.unwrap();
    let fourth = s.draft(true).await;
    let (p4, _) = s.queue.add_to_queue(&s.user, fourth, &ctx).await.unwrap();
    assert_eq!(
        p4.content.scheduled_at,
        Some(datetime!(2026-12-08 04:00 UTC))
    );
}

#[tokio::test]
async fn add_to_queue_validates_like_scheduling() {
    let s = setup().await;
    s.queue
        .set_slots(s.user.id, s.account, &weekdays("09:00"))
        .await
        .unwrap();
    // A 4:1 image cannot be a feed post: refused with the problem, no time.
    let bare = s.draft(false).await;
    let err = s
        .queue
        .add_to_queue(&s.user, bare, &RequestContext::cli())
        .await
        .unwrap_err();
    let QueueError::Post(PostError::Invalid(problems)) = err else {
        panic!("{err:?}")
    };
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, PostProblem::Media(m) if m.blocking)),
        "{problems:?}"
    );
    let post = s.posts.get(s.user.id, bare).await.unwrap();
    assert_eq!(
        (post.state, post.content.scheduled_at),
        (PostState::Draft, None)
    );
    // Another user's post is not found.
    let mut stranger = s.user.clone();
    stranger.id = socialflow_core::UserId::new();
    let ok = s.draft(true).await;
    assert!(matches!(
        s.queue
            .add_to_queue(&stranger, ok, &RequestContext::cli())
            .await,
        Err(QueueError::Post(PostError::NotFound))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_five_concurrent_adds_get_twenty_five_slots() {
    let s = setup().await;
    s.queue
        .set_slots(s.user.id, s.account, &weekdays("09:00"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for _ in 0..25 {
        ids.push(s.draft(true).await);
    }
    let user = Arc::new(s.user.clone());
    let tasks: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let queue = s.queue.clone();
            let user = user.clone();
            tokio::spawn(async move {
                queue
                    .add_to_queue(&user, id, &RequestContext::cli())
                    .await
                    .map(|(p, _)| p.content.scheduled_at.unwrap())
            })
        })
        .collect();
    let mut times = HashSet::new();
    for t in tasks {
        assert!(
            times.insert(t.await.unwrap().unwrap()),
            "a slot given twice"
        );
    }
    assert_eq!(times.len(), 25);
    let upcoming = s.queue.upcoming(&s.user, s.account).await.unwrap();
    assert_eq!(upcoming.len(), 10, "two weeks of weekday 09:00 slots");
    assert!(upcoming.iter().all(|u| u.post.is_some()), "all filled");
}

#[tokio::test]
async fn the_feed_secret_is_shown_once_rotated_and_revoked() {
    let s = setup().await;
    assert_eq!(s.queue.feed(s.user.id, s.account).await.unwrap(), None);
    let first = s.queue.open_feed(s.user.id, s.account).await.unwrap();
    assert!(first.expose_secret().len() >= 22, "at least 128 bits");
    let stored = s.queue.feed(s.user.id, s.account).await.unwrap().unwrap();
    assert_ne!(
        stored.digest.0,
        first.expose_secret(),
        "only a digest is kept"
    );
    s.queue
        .set_slots(s.user.id, s.account, &weekdays("09:00"))
        .await
        .unwrap();
    let id = s.draft(true).await;
    s.queue
        .add_to_queue(&s.user, id, &RequestContext::cli())
        .await
        .unwrap();
    let content = s
        .queue
        .feed_content(first.expose_secret())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(content.account.id, s.account);
    assert_eq!(content.posts.len(), 1, "drafts are not in the feed");
    let second = s.queue.open_feed(s.user.id, s.account).await.unwrap();
    assert!(
        s.queue
            .feed_content(first.expose_secret())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.queue
            .feed_content(second.expose_secret())
            .await
            .unwrap()
            .is_some()
    );
    assert!(s.queue.revoke_feed(s.user.id, s.account).await.unwrap());
    assert!(
        s.queue
            .feed_content(second.expose_secret())
            .await
            .unwrap()
            .is_none()
    );
    assert!(s.queue.feed_content("").await.unwrap().is_none());
}
