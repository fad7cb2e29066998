//! The publisher against the fake Instagram over real HTTP: every kind of
//! post, holds, retries, and "never twice, never lost" with the process
//! killed at every step.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{CrashingInstagram, When};
use secrecy::SecretString;
use socialflow_core::account::{AccountId, AccountStatus};
use socialflow_core::accounts::AccountService;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::posts::{
    MediaClass, Post, PostEvent, PostHold, PostInput, PostKind, PostService, PostState, Publisher,
    PublisherConfig,
};
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, TimeZone, User, UserId, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fake_graph::{
    FakeGraph, FakeGraphConfig, FaultKind, RunningFakeGraph, SeedProfile, SeededAccount,
};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use socialflow_graph::{GraphClient, GraphConfig};
use time::{Duration, OffsetDateTime};

struct Harness {
    fake: FakeGraph,
    _running: RunningFakeGraph,
    seeded: SeededAccount,
    store: Arc<dyn Store>,
    clock: Arc<ManualClock>,
    instagram: Arc<CrashingInstagram>,
    accounts: AccountService,
    media: Arc<FakePostMedia>,
    posts: PostService,
    user: UserId,
    account: AccountId,
}

async fn harness_with(store: Arc<dyn Store>, config: FakeGraphConfig) -> Harness {
    let fake = FakeGraph::new(FakeGraphConfig {
        fetch_media: false,
        ..config
    });
    let running = fake.start().await.unwrap();
    let seeded = fake.add_account(SeedProfile {
        username: "corner_cafe".into(),
        ..Default::default()
    });
    let token = fake.issue_token(&seeded);
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/cb",
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let graph: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let instagram = Arc::new(CrashingInstagram::new(graph));
    let clock = Arc::new(ManualClock::default());
    let cipher = Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap());
    let accounts = AccountService::new(
        socialflow_core::accounts::AccountStorage::from_store(store.clone()),
        instagram.clone(),
        cipher,
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let now = clock.now_utc();
    let user = User {
        id: UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::utc(),
        created_at: now,
        updated_at: now,
    };
    store.insert_user(&user).await.unwrap();
    let connected = accounts
        .attach(
            user.id,
            LongLivedToken {
                token: SecretString::from(token),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    let media = Arc::new(FakePostMedia::new());
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store.clone(),
        media.clone(),
        clock.clone(),
    );
    Harness {
        fake,
        _running: running,
        seeded,
        store,
        clock,
        instagram,
        accounts,
        media,
        posts,
        user: user.id,
        account: connected.account.id,
    }
}

async fn harness() -> Harness {
    harness_with(Arc::new(MemoryStore::new()), FakeGraphConfig::default()).await
}

impl Harness {
    fn publisher(&self, worker: &str) -> Publisher {
        Publisher::new(
            self.store.clone(),
            self.store.clone(),
            self.store.clone(),
            self.accounts.clone(),
            self.media.clone(),
            self.clock.clone(),
            PublisherConfig::new(worker),
        )
    }

    fn image(&self) -> socialflow_core::media::MediaId {
        self.media
            .add(self.user, MediaClass::Image, "https://media.example/a.jpg")
    }

    fn video(&self) -> socialflow_core::media::MediaId {
        self.media
            .add(self.user, MediaClass::Video, "https://media.example/v.mp4")
    }

    fn input(
        &self,
        kind: PostKind,
        media: Vec<socialflow_core::media::MediaId>,
        at: Option<OffsetDateTime>,
    ) -> PostInput {
        PostInput {
            account_id: self.account,
            kind,
            media,
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: "Fresh croissants".into(),
            hashtags: "bakery".into(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            scheduled_at: at,
        }
    }

    async fn schedule(&self, input: PostInput) -> Post {
        self.posts
            .create(self.user, input, &RequestContext::cli())
            .await
            .unwrap()
            .0
    }

    async fn reload(&self, post: &Post) -> Post {
        self.posts.get(self.user, post.id).await.unwrap()
    }

    /// Runs passes of `publisher`, moving both clocks `step` after each,
    /// until the post settles (published/failed) or `max` passes.
    async fn drive(&self, publisher: &Publisher, post: &Post, step: Duration, max: usize) -> Post {
        for _ in 0..max {
            publisher.run_once().await.unwrap();
            let p = self.reload(post).await;
            if matches!(
                p.state,
                PostState::Published | PostState::Failed | PostState::Verify
            ) {
                return p;
            }
            self.advance(step);
        }
        self.reload(post).await
    }

    fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.fake.advance(std::time::Duration::from_secs(
            by.whole_seconds().max(0) as u64
        ));
    }

    fn published(&self) -> Vec<socialflow_fake_graph::PublishedMedia> {
        self.fake.published_media(&self.seeded)
    }
}

trait NowUtc {
    fn now_utc(&self) -> OffsetDateTime;
}
impl NowUtc for ManualClock {
    fn now_utc(&self) -> OffsetDateTime {
        socialflow_core::Clock::now(self)
    }
}

#[tokio::test]
async fn an_image_post_is_published_at_its_second_with_its_first_comment() {
    let h = harness().await;
    let at = h.clock.now_utc() + Duration::minutes(30);
    let mut input = h.input(PostKind::Post, vec![h.image()], Some(at));
    input.first_comment = Some("#morning #fresh".into());
    let post = h.schedule(input).await;
    assert_eq!(post.state, PostState::Scheduled);
    let w = h.publisher("w1");

    // Nothing happens before the preparation lead (5 minutes for images).
    w.run_once().await.unwrap();
    assert!(h.fake.containers(&h.seeded).is_empty());
    h.advance(Duration::minutes(25));
    w.run_once().await.unwrap();
    let p = h.reload(&post).await;
    assert_eq!(p.state, PostState::Preparing);
    assert!(p.container_id.is_some(), "container stored at once");
    h.advance(Duration::seconds(3));
    w.run_once().await.unwrap();
    assert_eq!(h.reload(&post).await.state, PostState::Ready);
    assert!(h.published().is_empty(), "not before its time");

    h.advance(at - h.clock.now_utc());
    let report = w.run_once().await.unwrap();
    assert_eq!(report.published, 1);
    assert_eq!(
        report.lags,
        vec![Duration::ZERO],
        "no lag with a frozen clock"
    );
    let p = h.reload(&post).await;
    assert_eq!(p.state, PostState::Published);
    assert_eq!(
        p.published_at,
        Some(at),
        "published on the scheduled second"
    );
    let published = h.published();
    assert_eq!(published.len(), 1);
    assert_eq!(p.ig_media_id.as_deref(), Some(published[0].id.as_str()));
    assert_eq!(published[0].caption, "Fresh croissants\n\n#bakery");
    assert!(p.permalink.is_some());
    assert!(p.first_comment_id.is_some());
    let log: Vec<PostEvent> = h
        .posts
        .log(h.user, post.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    for e in [
        PostEvent::ContainerCreated,
        PostEvent::Ready,
        PostEvent::PublishStarted,
        PostEvent::Published,
        PostEvent::FirstComment,
    ] {
        assert!(log.contains(&e), "{e:?} missing from {log:?}");
    }
}

#[tokio::test]
async fn reels_carousels_and_stories_publish_as_their_kind() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let reel = h
        .schedule(h.input(PostKind::Reel, vec![h.video()], Some(now)))
        .await;
    let carousel = h
        .schedule(h.input(
            PostKind::Carousel,
            vec![h.image(), h.video(), h.image()],
            Some(now),
        ))
        .await;
    let story = h
        .schedule(h.input(PostKind::Story, vec![h.image()], Some(now)))
        .await;
    let w = h.publisher("w1");
    for post in [&reel, &carousel, &story] {
        let p = h.drive(&w, post, Duration::seconds(5), 40).await;
        assert_eq!(
            p.state,
            PostState::Published,
            "{:?}: {:?}",
            p.content.kind,
            p.reason
        );
    }
    let mut kinds: Vec<(String, String)> = h
        .published()
        .into_iter()
        .map(|m| (m.media_type, m.media_product_type))
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            ("CAROUSEL_ALBUM".to_string(), "FEED".to_string()),
            ("IMAGE".to_string(), "STORY".to_string()),
            ("VIDEO".to_string(), "REELS".to_string()),
        ]
    );
    assert_eq!(h.reload(&carousel).await.child_containers.len(), 3);
}

#[tokio::test]
async fn a_used_up_quota_holds_the_post_visibly_instead_of_failing() {
    let h = harness_with(
        Arc::new(MemoryStore::new()),
        FakeGraphConfig {
            quota_total: 1,
            ..Default::default()
        },
    )
    .await;
    let now = h.clock.now_utc();
    let first = h
        .schedule(h.input(PostKind::Post, vec![h.image()], Some(now)))
        .await;
    let second = h
        .schedule(h.input(PostKind::Post, vec![h.image()], Some(now)))
        .await;
    let w = h.publisher("w1");
    assert_eq!(
        h.drive(&w, &first, Duration::seconds(3), 10).await.state,
        PostState::Published
    );
    for _ in 0..5 {
        w.run_once().await.unwrap();
        h.advance(Duration::seconds(3));
    }
    let held = h.reload(&second).await;
    assert_eq!(held.state, PostState::Ready);
    assert_eq!(held.hold, Some(PostHold::Quota));
    assert!(
        held.reason.as_deref().unwrap().contains("publishing limit"),
        "{:?}",
        held.reason
    );
    // A day later the quota has room again and the post goes out.
    h.advance(Duration::hours(24));
    let p = h.drive(&w, &second, Duration::minutes(10), 10).await;
    assert_eq!(p.state, PostState::Published);
    assert_eq!(p.hold, None);
    assert_eq!(h.published().len(), 2);
}

#[tokio::test]
async fn an_invalid_token_holds_posts_until_the_account_is_reconnected() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let post = h
        .schedule(h.input(PostKind::Post, vec![h.image()], Some(now)))
        .await;
    h.fake.faults().fail_next(1, FaultKind::SessionInvalidated);
    let w = h.publisher("w1");
    w.run_once().await.unwrap();
    let p = h.reload(&post).await;
    assert_eq!(p.hold, Some(PostHold::Reconnect));
    assert_eq!(p.state, PostState::Scheduled);
    let account = h.store.account(h.user, h.account).await.unwrap().unwrap();
    assert_eq!(account.status, AccountStatus::NeedsReconnect);
    // While disconnected nothing is attempted.
    h.advance(Duration::minutes(5));
    w.run_once().await.unwrap();
    assert!(h.fake.containers(&h.seeded).is_empty());
    // The user reconnects (a fresh token): publishing resumes by itself.
    let token = h.fake.issue_token(&h.seeded);
    h.accounts
        .attach(
            h.user,
            LongLivedToken {
                token: SecretString::from(token),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    let p = h.drive(&w, &post, Duration::minutes(1), 10).await;
    assert_eq!(p.state, PostState::Published);
    assert_eq!(h.published().len(), 1);
}

#[tokio::test]
async fn transient_errors_retry_with_backoff_and_a_lost_answer_never_doubles() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let post = h
        .schedule(h.input(PostKind::Post, vec![h.image()], Some(now)))
        .await;
    let w = h.publisher("w1");
    // Two server errors on container creation: retried later, not failed.
    h.fake
        .faults()
        .fail_next_matching("/media", 2, FaultKind::ServerError);
    w.run_once().await.unwrap();
    let p = h.reload(&post).await;
    assert_eq!(
        (p.state, p.hold, p.attempts),
        (PostState::Scheduled, Some(PostHold::Retrying), 1)
    );
    let retry_at = p.next_action_at.unwrap();
    assert!(
        retry_at > h.clock.now_utc() + Duration::seconds(10),
        "backs off"
    );
    // The publish call's answer is lost (connection dropped after Instagram
    // may have acted): the worker checks the container before retrying.
    h.fake
        .faults()
        .fail_next_matching("media_publish", 1, FaultKind::DropConnection);
    let p = h.drive(&w, &post, Duration::minutes(1), 30).await;
    assert_eq!(p.state, PostState::Published, "{:?}", p.reason);
    assert_eq!(h.published().len(), 1, "exactly once");
}

#[tokio::test]
async fn rejected_media_fails_at_once_with_instagrams_words() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let post = h
        .schedule(h.input(PostKind::Post, vec![h.image()], Some(now)))
        .await;
    h.fake.faults().fail_next_containers(1);
    let p = h
        .drive(&h.publisher("w1"), &post, Duration::seconds(3), 5)
        .await;
    assert_eq!(p.state, PostState::Failed);
    assert!(!p.reason.as_deref().unwrap_or_default().is_empty());
    assert!(!p.failure_acknowledged);
    h.posts.acknowledge(h.user, post.id).await.unwrap();
    assert!(h.reload(&post).await.failure_acknowledged);
}

#[tokio::test]
async fn unreachable_media_is_held_with_the_reason_then_fails() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let post = h
        .schedule(h.input(PostKind::Post, vec![h.image()], Some(now)))
        .await;
    h.media
        .set_unreachable(Some("SOCIALFLOW_PUBLIC_URL points to localhost"));
    let w = h.publisher("w1");
    w.run_once().await.unwrap();
    let p = h.reload(&post).await;
    assert_eq!(p.hold, Some(PostHold::MediaUnreachable));
    assert_eq!(
        p.reason.as_deref(),
        Some("SOCIALFLOW_PUBLIC_URL points to localhost")
    );
    let p = h.drive(&w, &post, Duration::hours(1), 20).await;
    assert_eq!(p.state, PostState::Failed);
    assert!(h.published().is_empty());
}

#[tokio::test]
async fn a_cancel_racing_the_worker_wins_or_loses_cleanly() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let post = h
        .schedule(h.input(PostKind::Post, vec![h.image()], Some(now)))
        .await;
    // The worker claims the post (version bumps), then the user cancels.
    let claimed = h
        .store
        .claim_due_posts(now, "w1", now + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let cancelled = h.posts.cancel(h.user, post.id).await.unwrap();
    assert_eq!(cancelled.state, PostState::Cancelled);
    // The stale worker's write is refused; nothing is published later.
    let mut stale = claimed[0].clone();
    stale.state = PostState::Preparing;
    stale.version += 1;
    assert!(!h.store.save_claimed_post(&stale, "w1", true).await.unwrap());
    let p = h
        .drive(&h.publisher("w2"), &post, Duration::minutes(10), 5)
        .await;
    assert_eq!(p.state, PostState::Cancelled);
    assert!(h.published().is_empty());
}

/// Kills the worker at `op`/`when` while it works on a post, lets the lease
/// expire, and has another worker finish: exactly one Instagram post, and
/// at most one first comment.
async fn crash_and_recover(store: Arc<dyn Store>, op: &'static str, when: When) {
    let h = harness_with(store, FakeGraphConfig::default()).await;
    let now = h.clock.now_utc();
    let mut input = h.input(
        PostKind::Post,
        vec![h.image()],
        Some(now + Duration::seconds(30)),
    );
    input.first_comment = Some("first".into());
    let post = h.schedule(input).await;
    h.instagram.arm(op, when);
    let w1 = h.publisher("w1");
    let mut crashed = false;
    for _ in 0..40 {
        let task = tokio::spawn({
            let w1 = w1.clone();
            async move { w1.run_once().await }
        });
        // Give the pass time to reach the crash point or finish.
        for _ in 0..200 {
            if task.is_finished() || h.instagram.crashed() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        if h.instagram.crashed() {
            task.abort();
            let _ = task.await;
            crashed = true;
            break;
        }
        task.await.unwrap().unwrap();
        h.advance(Duration::seconds(5));
    }
    assert!(crashed, "{op} {when:?} was never reached");
    h.instagram.disarm();
    // The dead worker's lease runs out; another worker takes over.
    h.advance(Duration::minutes(6));
    let w2 = h.publisher("w2");
    let p = h.drive(&w2, &post, Duration::seconds(5), 40).await;
    assert_eq!(
        p.state,
        PostState::Published,
        "{op} {when:?}: {:?}",
        p.reason
    );
    let published = h.published();
    assert_eq!(
        published.len(),
        1,
        "{op} {when:?}: published {} times",
        published.len()
    );
    assert_eq!(
        p.ig_media_id.as_deref(),
        Some(published[0].id.as_str()),
        "{op} {when:?}"
    );
    let comments = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/comments"))
        .count();
    assert!(comments <= 1, "{op} {when:?}: {comments} first comments");
    if !(op == "comment_on_media" && when == When::After) {
        assert_eq!(comments, 1, "{op} {when:?}: the first comment was lost");
    }
}

const CRASH_POINTS: [(&str, When); 7] = [
    ("create_container", When::Before),
    ("create_container", When::After),
    ("container_status", When::After),
    ("publish_container", When::Before),
    ("publish_container", When::After),
    ("media_item", When::Before),
    ("comment_on_media", When::After),
];

#[tokio::test]
async fn never_twice_never_lost_when_killed_at_every_step_in_memory() {
    for (op, when) in CRASH_POINTS {
        crash_and_recover(Arc::new(MemoryStore::new()), op, when).await;
    }
}

#[tokio::test]
async fn never_twice_never_lost_when_killed_at_every_step_on_mariadb() {
    for (op, when) in CRASH_POINTS {
        let url = socialflow_sql::ScratchDatabase::server_url();
        let db = socialflow_sql::ScratchDatabase::create(&url)
            .await
            .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
        crash_and_recover(Arc::new(db.store().await.unwrap()), op, when).await;
        db.drop_database().await.unwrap();
    }
}

/// Scale-out: two worker processes (two publishers with their own leases)
/// race over the same MariaDB; every post is published exactly once.
#[tokio::test]
async fn two_workers_on_one_mariadb_publish_each_post_exactly_once() {
    let url = socialflow_sql::ScratchDatabase::server_url();
    let db = socialflow_sql::ScratchDatabase::create(&url)
        .await
        .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
    let h = harness_with(
        Arc::new(db.store().await.unwrap()),
        FakeGraphConfig::default(),
    )
    .await;
    let now = h.clock.now_utc();
    let mut posts = Vec::new();
    for i in 0..60 {
        let mut input = h.input(PostKind::Post, vec![h.image()], Some(now));
        input.caption = format!("Post {i}");
        posts.push(h.schedule(input).await);
    }
    h.fake.faults().latency(std::time::Duration::from_millis(5));
    let mut a = PublisherConfig::new("worker-a");
    a.batch = 7;
    let mut b = PublisherConfig::new("worker-b");
    b.batch = 7;
    let wa = Publisher::new(
        h.store.clone(),
        h.store.clone(),
        h.store.clone(),
        h.accounts.clone(),
        h.media.clone(),
        h.clock.clone(),
        a,
    );
    let wb = Publisher::new(
        h.store.clone(),
        h.store.clone(),
        h.store.clone(),
        h.accounts.clone(),
        h.media.clone(),
        h.clock.clone(),
        b,
    );
    let mut published = (0, 0);
    for _ in 0..40 {
        let (ra, rb) = tokio::join!(wa.run_once(), wb.run_once());
        published.0 += ra.unwrap().published;
        published.1 += rb.unwrap().published;
        h.advance(Duration::seconds(3));
    }
    assert_eq!(published.0 + published.1, 60, "{published:?}");
    assert!(
        published.0 > 0 && published.1 > 0,
        "both workers took part: {published:?}"
    );
    let on_instagram = h.published();
    assert_eq!(on_instagram.len(), 60);
    let mut captions: Vec<_> = on_instagram.iter().map(|m| m.caption.clone()).collect();
    captions.sort();
    captions.dedup();
    assert_eq!(captions.len(), 60, "no post twice");
    for p in &posts {
        assert_eq!(h.reload(p).await.state, PostState::Published);
    }
    db.drop_database().await.unwrap();
}

/// Runs passes of `w` (moving time 5 s between them) until the armed crash
/// point is reached; returns the stuck pass, to abort ("kill -9") or keep.
async fn run_until_crash(
    h: &Harness,
    w: &Publisher,
) -> tokio::task::JoinHandle<
    Result<socialflow_core::posts::PublishReport, socialflow_core::storage::StoreError>,
> {
    for _ in 0..40 {
        let task = tokio::spawn({
            let w = w.clone();
            async move { w.run_once().await }
        });
        for _ in 0..400 {
            if task.is_finished() || h.instagram.crashed() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        if h.instagram.crashed() {
            return task;
        }
        task.await.unwrap().unwrap();
        h.advance(Duration::seconds(5));
    }
    panic!("the crash point was never reached");
}

async fn kill(
    task: tokio::task::JoinHandle<
        Result<socialflow_core::posts::PublishReport, socialflow_core::storage::StoreError>,
    >,
) {
    task.abort();
    let _ = task.await;
}

fn comments_on(h: &Harness, media_id: &str) -> usize {
    h.fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(&format!("/{media_id}/comments")))
        .count()
}

/// The bug of issue 14: recovery looked only at the 10 newest media, so a
/// post published just before a crash lost its media id (and with it the
/// permalink and the first comment) once the account posted more meanwhile.
#[tokio::test]
async fn recovery_pages_past_the_ten_newest_media_and_finishes_the_post() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let mut input = h.input(PostKind::Post, vec![h.image()], Some(now));
    input.first_comment = Some("first".into());
    let post = h.schedule(input).await;
    h.instagram.arm("publish_container", When::After);
    let w1 = h.publisher("w1");
    kill(run_until_crash(&h, &w1).await).await;
    h.instagram.disarm();
    let ours = h.published();
    assert_eq!(ours.len(), 1, "Instagram has the post; we never heard");
    // Before anyone resumes it, the account posts 30 more from the app
    // (a reel among them with our very caption: the wrong kind).
    h.advance(Duration::seconds(2));
    for i in 0..30 {
        h.fake
            .post_from_app(&h.seeded, &format!("From the phone {i}"), i % 3 == 0);
    }
    h.fake.post_from_app(&h.seeded, &ours[0].caption, true);
    // Long after any lease, another worker resumes it.
    h.advance(Duration::minutes(6));
    let p = h
        .drive(&h.publisher("w2"), &post, Duration::seconds(5), 10)
        .await;
    assert_eq!(p.state, PostState::Published, "{:?}", p.reason);
    assert_eq!(p.ig_media_id.as_deref(), Some(ours[0].id.as_str()));
    assert_eq!(p.permalink.as_deref(), Some(ours[0].permalink.as_str()));
    assert!(p.first_comment_id.is_some(), "the first comment was sent");
    assert_eq!(comments_on(&h, &ours[0].id), 1);
    assert_eq!(h.published().len(), 1, "exactly once");
    let log = h.posts.log(h.user, post.id).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.event == PostEvent::Recovered && e.detail.contains(&ours[0].id)),
        "{log:?}"
    );
}

/// Two media of the post's kind and caption since the attempt started:
/// the post is left for the user to verify, with both links, never guessed.
#[tokio::test]
async fn two_matching_media_leave_the_post_for_the_user_to_verify() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let mut input = h.input(PostKind::Post, vec![h.image()], Some(now));
    input.first_comment = Some("first".into());
    let post = h.schedule(input).await;
    h.instagram.arm("publish_container", When::After);
    kill(run_until_crash(&h, &h.publisher("w1")).await).await;
    h.instagram.disarm();
    let ours = h.published();
    // The owner also posted the same words from the app meantime.
    let twin = h.fake.post_from_app(&h.seeded, &ours[0].caption, false);
    h.advance(Duration::minutes(6));
    let p = h
        .drive(&h.publisher("w2"), &post, Duration::seconds(5), 10)
        .await;
    assert_eq!(p.state, PostState::Verify, "{:?}", p.reason);
    assert_eq!(p.ig_media_id, None, "no guess");
    let reason = p.reason.clone().unwrap_or_default();
    assert!(reason.contains(&ours[0].permalink), "{reason}");
    assert_eq!(reason.lines().count(), 2, "{reason}");
    assert!(p.published_at.is_some());
    assert_eq!(comments_on(&h, &ours[0].id) + comments_on(&h, &twin), 0);
    assert_eq!(h.published().len(), 1, "published once");
    // Left alone from then on.
    h.advance(Duration::minutes(10));
    assert_eq!(h.publisher("w3").run_once().await.unwrap().claimed, 0);
}

/// A stuck-but-alive worker keeps its post with the heartbeat past the
/// lease; once it dies, another worker resumes the post within one lease.
#[tokio::test]
async fn the_heartbeat_keeps_a_post_and_a_dead_worker_is_resumed_within_a_lease() {
    let h = harness().await;
    let now = h.clock.now_utc();
    let mut input = h.input(PostKind::Post, vec![h.image()], Some(now));
    input.first_comment = Some("first".into());
    let post = h.schedule(input).await;
    // The publish call hangs (Instagram acted, no answer yet).
    h.instagram.arm("publish_container", When::After);
    let w1 = h.publisher("w1");
    let stuck = run_until_crash(&h, &w1).await;
    let lease = w1.config().lease;
    assert!(lease <= Duration::seconds(45), "{lease}");
    let w2 = h.publisher("w2");
    for _ in 0..4 {
        h.advance(w1.config().heartbeat);
        assert_eq!(w1.heartbeat().await.unwrap(), 1);
        assert_eq!(w2.run_once().await.unwrap().claimed, 0, "still w1's");
    }
    // w1 is killed right after its last beat.
    kill(stuck).await;
    h.instagram.disarm();
    h.advance(lease - Duration::seconds(1));
    assert_eq!(w2.run_once().await.unwrap().claimed, 0);
    h.advance(Duration::seconds(2));
    let report = w2.run_once().await.unwrap();
    assert_eq!((report.claimed, report.published), (1, 1));
    let p = h.reload(&post).await;
    assert_eq!(p.state, PostState::Published);
    let ours = h.published();
    assert_eq!(ours.len(), 1);
    assert_eq!(p.ig_media_id.as_deref(), Some(ours[0].id.as_str()));
    assert_eq!(comments_on(&h, &ours[0].id), 1);
}

/// Reels, carousels and stories are found after a crash too: a reel and a
/// carousel by kind and caption on the media edge, a story among the live
/// stories (it has no caption).
#[tokio::test]
async fn reels_carousels_and_stories_are_found_after_a_crash() {
    for (kind, files) in [
        (PostKind::Reel, 1),
        (PostKind::Carousel, 2),
        (PostKind::Story, 1),
    ] {
        let h = harness().await;
        let now = h.clock.now_utc();
        let media = (0..files)
            .map(|_| {
                if kind == PostKind::Reel {
                    h.video()
                } else {
                    h.image()
                }
            })
            .collect();
        let post = h.schedule(h.input(kind, media, Some(now))).await;
        h.instagram.arm("publish_container", When::After);
        kill(run_until_crash(&h, &h.publisher("w1")).await).await;
        h.instagram.disarm();
        h.advance(Duration::seconds(46));
        let p = h
            .drive(&h.publisher("w2"), &post, Duration::seconds(5), 10)
            .await;
        let ours = h.published();
        assert_eq!(ours.len(), 1, "{kind:?}");
        assert_eq!(
            (p.state, p.ig_media_id.as_deref(), p.permalink.as_deref()),
            (
                PostState::Published,
                Some(ours[0].id.as_str()),
                Some(ours[0].permalink.as_str())
            ),
            "{kind:?}: {:?}",
            p.reason
        );
    }
}
