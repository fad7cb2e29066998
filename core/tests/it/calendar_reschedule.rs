//! The calendar's moves: a post dragged to another time, a draft dropped on
//! a slot (checked as scheduling is), and two posts of one account swapping
//! their times in one commit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    Change, MediaClass, PostError, PostEvent, PostId, PostInput, PostKind, PostProblem,
    PostService, PostState, RescheduleError,
};
use socialflow_core::storage::{AccountRepo, PostRepo, StoreResult, UserRepo};
use socialflow_core::unit_of_work::UnitOfWork;
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, TimeZone, User, UserId, Username};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::{Duration, OffsetDateTime};

/// The store's unit of work, counting commits and the changes in each.
struct Counting {
    store: Arc<MemoryStore>,
    commits: AtomicUsize,
    last: std::sync::Mutex<Vec<&'static str>>,
}

#[async_trait]
impl UnitOfWork<Change> for Counting {
    async fn commit(&self, changes: Vec<Change>) -> StoreResult<()> {
        self.commits.fetch_add(1, Ordering::SeqCst);
        *self.last.lock().unwrap() = changes
            .iter()
            .map(|c| match c {
                Change::InsertPost(_) => "insert_post",
                Change::UpdatePost(_) => "update_post",
                Change::DeletePost { .. } | Change::DeleteUnreadablePost { .. } => "delete",
                Change::AppendPostLog(_) => "log",
                Change::InsertAudit(_) => "audit",
                Change::RequireFreeSlot { .. } => "require_free_slot",
                Change::RecordWebhookEvent(_) => "webhook_event",
            })
            .collect();
        UnitOfWork::<Change>::commit(&*self.store, changes).await
    }
}

struct Setup {
    store: Arc<MemoryStore>,
    posts: PostService,
    units: Arc<Counting>,
    media: Arc<FakePostMedia>,
    clock: Arc<ManualClock>,
    owner: UserId,
    account: AccountId,
    other_account: AccountId,
    ctx: RequestContext,
}

fn user(id: UserId, name: &str, now: OffsetDateTime) -> User {
    User {
        id,
        username: Username::parse(name).unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::utc(),
        created_at: now,
        updated_at: now,
    }
}

fn account(owner: UserId, name: &str, now: OffsetDateTime) -> Account {
    Account {
        id: AccountId::new(),
        owner,
        ig_user_id: format!("ig-{name}"),
        app_scoped_id: format!("app-{name}"),
        profile: AccountProfile {
            username: name.into(),
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
    }
}

async fn setup() -> Setup {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let media = Arc::new(FakePostMedia::new());
    let owner = UserId::new();
    let now = clock.now();
    store.insert_user(&user(owner, "alice", now)).await.unwrap();
    let shop = account(owner, "shop", now);
    let cafe = account(owner, "cafe", now);
    store.insert_account(&shop).await.unwrap();
    store.insert_account(&cafe).await.unwrap();
    let units = Arc::new(Counting {
        store: store.clone(),
        commits: AtomicUsize::new(0),
        last: Default::default(),
    });
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        units.clone(),
        media.clone(),
        clock.clone(),
    );
    Setup {
        store,
        posts,
        units,
        media,
        clock,
        owner,
        account: shop.id,
        other_account: cafe.id,
        ctx: RequestContext::cli(),
    }
}

impl Setup {
    fn image(&self, width: u32, height: u32) -> MediaId {
        let mut facts = FakePostMedia::default_facts(MediaClass::Image);
        facts.probe.width = Some(width);
        facts.probe.height = Some(height);
        self.media
            .add_measured(self.owner, facts, "https://cdn.test/i.jpg")
    }

    async fn post(&self, account: AccountId, at: Option<OffsetDateTime>) -> PostId {
        self.post_of(account, self.image(1080, 1350), at).await
    }

    async fn post_of(
        &self,
        account: AccountId,
        media: MediaId,
        at: Option<OffsetDateTime>,
    ) -> PostId {
        let input = PostInput {
            account_id: account,
            kind: PostKind::Post,
            media: vec![media],
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: "New in".into(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: at,
        };
        self.posts
            .create(self.owner, input, &self.ctx)
            .await
            .unwrap()
            .0
            .id
    }

    fn at(&self, hours: i64) -> OffsetDateTime {
        self.clock.now() + Duration::hours(hours)
    }

    fn commits(&self) -> usize {
        self.units.commits.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn a_scheduled_post_moves_to_another_day_and_the_worker_follows() {
    let s = setup().await;
    let id = s.post(s.account, Some(s.at(24))).await;
    let to = s.at(72);
    let before = s.commits();
    let post = s.posts.reschedule(s.owner, id, to, &s.ctx).await.unwrap();
    assert_eq!(s.commits(), before + 1, "one commit");
    assert_eq!(
        *s.units.last.lock().unwrap(),
        ["update_post", "log", "audit"]
    );
    assert_eq!(post.state, PostState::Scheduled);
    let stored = s.posts.get(s.owner, id).await.unwrap();
    assert_eq!(stored.content.scheduled_at, Some(to));
    // Images are prepared five minutes ahead.
    assert_eq!(stored.next_action_at, Some(to - Duration::minutes(5)));
    assert_eq!(stored.version, 2);
    let log = s.posts.log(s.owner, id).await.unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.event, PostEvent::Scheduled);
    assert!(last.detail.starts_with(&to.year().to_string()), "{last:?}");
}

#[tokio::test]
async fn a_draft_dropped_on_a_slot_is_scheduled_there() {
    let s = setup().await;
    let id = s.post(s.account, None).await;
    let to = s.at(5);
    let post = s.posts.reschedule(s.owner, id, to, &s.ctx).await.unwrap();
    assert_eq!(post.state, PostState::Scheduled);
    assert_eq!(
        s.posts.get(s.owner, id).await.unwrap().content.scheduled_at,
        Some(to)
    );
}

#[tokio::test]
async fn a_draft_instagram_would_refuse_is_not_scheduled_by_a_drop() {
    let s = setup().await;
    // 4:1 as a feed post: a draft keeps it as a warning, scheduling refuses it.
    let wide = s.image(1440, 360);
    let id = s.post_of(s.account, wide, None).await;
    let err = s
        .posts
        .reschedule(s.owner, id, s.at(5), &s.ctx)
        .await
        .unwrap_err();
    let PostError::Invalid(problems) = err else {
        panic!("{err:?}")
    };
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, PostProblem::Media(m) if m.blocking)),
        "{problems:?}"
    );
    let stored = s.posts.get(s.owner, id).await.unwrap();
    assert_eq!(stored.state, PostState::Draft);
    assert_eq!(stored.content.scheduled_at, None);
}

#[tokio::test]
async fn a_time_in_the_past_or_beyond_the_horizon_is_refused() {
    let s = setup().await;
    let id = s.post(s.account, Some(s.at(24))).await;
    for (to, want) in [
        (s.at(-1), PostProblem::ScheduledInPast),
        (
            s.at(24 * 731),
            PostProblem::ScheduledTooFar { max_days: 730 },
        ),
    ] {
        let err = s
            .posts
            .reschedule(s.owner, id, to, &s.ctx)
            .await
            .unwrap_err();
        let PostError::Invalid(problems) = err else {
            panic!("{err:?}")
        };
        assert!(problems.contains(&want), "{problems:?}");
    }
    assert_eq!(
        s.posts.get(s.owner, id).await.unwrap().content.scheduled_at,
        Some(s.at(24))
    );
}

#[tokio::test]
async fn another_users_post_is_not_found_and_not_moved() {
    let s = setup().await;
    let id = s.post(s.account, Some(s.at(24))).await;
    let mallory = UserId::new();
    s.store
        .insert_user(&user(mallory, "mallory", s.clock.now()))
        .await
        .unwrap();
    let err = s
        .posts
        .reschedule(mallory, id, s.at(48), &s.ctx)
        .await
        .unwrap_err();
    assert!(matches!(err, PostError::NotFound), "{err:?}");
    let err = s
        .posts
        .swap_times(mallory, id, id, &s.ctx)
        .await
        .unwrap_err();
    assert!(matches!(err, RescheduleError::SamePost), "{err:?}");
    let other = s.post(s.account, Some(s.at(30))).await;
    let err = s
        .posts
        .swap_times(mallory, id, other, &s.ctx)
        .await
        .unwrap_err();
    assert!(
        matches!(err, RescheduleError::Post(PostError::NotFound)),
        "{err:?}"
    );
    assert_eq!(
        s.posts.get(s.owner, id).await.unwrap().content.scheduled_at,
        Some(s.at(24))
    );
}

#[tokio::test]
async fn a_published_post_stays_where_it_was() {
    let s = setup().await;
    let id = s.post(s.account, Some(s.at(24))).await;
    let mut p = s.posts.get(s.owner, id).await.unwrap();
    p.state = PostState::Published;
    p.version += 1;
    assert!(s.store.update_post(&p).await.unwrap());
    let err = s
        .posts
        .reschedule(s.owner, id, s.at(48), &s.ctx)
        .await
        .unwrap_err();
    assert!(
        matches!(err, PostError::NotEditable(PostState::Published)),
        "{err:?}"
    );
}

#[tokio::test]
async fn two_posts_of_one_account_swap_their_times_in_one_commit() {
    let s = setup().await;
    let (ta, tb) = (s.at(24), s.at(48));
    let a = s.post(s.account, Some(ta)).await;
    let b = s.post(s.account, Some(tb)).await;
    let before = s.commits();
    let (pa, pb) = s.posts.swap_times(s.owner, a, b, &s.ctx).await.unwrap();
    assert_eq!(s.commits(), before + 1, "both posts in one commit");
    assert_eq!(
        *s.units.last.lock().unwrap(),
        ["update_post", "log", "audit", "update_post", "log", "audit"]
    );
    assert_eq!(
        (pa.content.scheduled_at, pb.content.scheduled_at),
        (Some(tb), Some(ta))
    );
    let sa = s.posts.get(s.owner, a).await.unwrap();
    let sb = s.posts.get(s.owner, b).await.unwrap();
    assert_eq!(sa.content.scheduled_at, Some(tb));
    assert_eq!(sb.content.scheduled_at, Some(ta));
    assert_eq!(sb.next_action_at, Some(ta - Duration::minutes(5)));
}

#[tokio::test]
async fn a_swap_across_accounts_or_with_a_draft_is_refused_and_changes_nothing() {
    let s = setup().await;
    let a = s.post(s.account, Some(s.at(24))).await;
    let b = s.post(s.other_account, Some(s.at(48))).await;
    let draft = s.post(s.account, None).await;
    let before = s.commits();
    let err = s.posts.swap_times(s.owner, a, b, &s.ctx).await.unwrap_err();
    assert!(matches!(err, RescheduleError::DifferentAccounts), "{err:?}");
    let err = s
        .posts
        .swap_times(s.owner, a, draft, &s.ctx)
        .await
        .unwrap_err();
    assert!(matches!(err, RescheduleError::NotScheduled), "{err:?}");
    assert_eq!(s.commits(), before);
    assert_eq!(
        s.posts.get(s.owner, a).await.unwrap().content.scheduled_at,
        Some(s.at(24))
    );
}

#[tokio::test]
async fn a_swap_that_would_move_a_post_into_the_past_changes_neither() {
    let s = setup().await;
    let a = s.post(s.account, Some(s.at(1))).await;
    let b = s.post(s.account, Some(s.at(48))).await;
    // `a` fails and its time passes; it cannot give `b` a past time.
    let mut p = s.posts.get(s.owner, a).await.unwrap();
    p.state = PostState::Failed;
    p.version += 1;
    assert!(s.store.update_post(&p).await.unwrap());
    s.clock.advance(Duration::hours(2));
    let err = s.posts.swap_times(s.owner, a, b, &s.ctx).await.unwrap_err();
    assert!(
        matches!(&err, RescheduleError::Post(PostError::Invalid(p)) if p.contains(&PostProblem::ScheduledInPast)),
        "{err:?}"
    );
    assert_eq!(
        s.posts.get(s.owner, a).await.unwrap().state,
        PostState::Failed
    );
    assert_eq!(s.posts.get(s.owner, b).await.unwrap().version, 1);
}
