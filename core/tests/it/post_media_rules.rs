//! A post's files are checked against their use's media rules when the post
//! is saved: a file Instagram would refuse stops scheduling (with the fix
//! named), a draft keeps it as a warning.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::media::{MediaId, MediaProblem, MediaUse};
use socialflow_core::posts::{
    MediaClass, MediaFix, MediaIssue, MediaSlot, PostError, PostInput, PostKind, PostProblem,
    PostService, PostState,
};
use socialflow_core::storage::{AccountRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, TimeZone, User, UserId, Username};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::Duration;

struct Setup {
    posts: PostService,
    media: Arc<FakePostMedia>,
    clock: Arc<ManualClock>,
    owner: UserId,
    account: AccountId,
}

async fn setup() -> Setup {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let media = Arc::new(FakePostMedia::new());
    let owner = UserId::new();
    let now = clock.now();
    let user = User {
        id: owner,
        username: Username::parse("alice").unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::utc(),
        created_at: now,
        updated_at: now,
    };
    store.insert_user(&user).await.unwrap();
    let account = Account {
        id: AccountId::new(),
        owner,
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
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store,
        media.clone(),
        clock.clone(),
    );
    Setup {
        posts,
        media,
        clock,
        owner,
        account: account.id,
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

    fn reel(&self, duration_ms: u64) -> MediaId {
        let mut facts = FakePostMedia::default_facts(MediaClass::Video);
        facts.probe.duration_ms = Some(duration_ms);
        self.media
            .add_measured(self.owner, facts, "https://cdn.test/v.mp4")
    }

    fn input(&self, kind: PostKind, media: Vec<MediaId>, schedule: bool) -> PostInput {
        PostInput {
            account_id: self.account,
            kind,
            media,
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
            scheduled_at: schedule.then(|| self.clock.now() + Duration::days(1)),
        }
    }
}

fn media_issues(problems: &[PostProblem]) -> Vec<&MediaIssue> {
    problems
        .iter()
        .filter_map(|p| match p {
            PostProblem::Media(m) => Some(m),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_4_to_1_image_is_refused_as_a_feed_post_when_scheduling_with_the_pad_named() {
    let s = setup().await;
    // A 2000×500 upload, stored scaled to Instagram's 1440 px.
    let wide = s.image(1440, 360);
    let err = s
        .posts
        .create(
            s.owner,
            s.input(PostKind::Post, vec![wide], true),
            &RequestContext::cli(),
        )
        .await
        .expect_err("a 4:1 feed image cannot publish");
    let PostError::Invalid(problems) = err else {
        panic!("not a validation error: {err:?}");
    };
    let issues = media_issues(&problems);
    assert_eq!(issues.len(), 1, "{problems:?}");
    let issue = issues[0];
    assert_eq!(issue.slot, MediaSlot::Item(1));
    assert_eq!(issue.media_id, wide);
    assert_eq!(issue.use_, MediaUse::FeedImage);
    assert!(issue.blocking);
    assert!(matches!(
        issue.problem,
        MediaProblem::AspectOutOfRange { actual, .. } if actual == 4.0
    ));
    assert_eq!(issue.fix, Some(MediaFix::Pad { ratio: 1.91 }));
    assert!(!problems[0].is_warning());

    // A tall one is padded the other way, to 4:5.
    let tall = s.image(500, 1000);
    let problems = s
        .posts
        .problems(s.owner, &s.input(PostKind::Post, vec![tall], true))
        .await
        .unwrap();
    assert_eq!(
        media_issues(&problems)[0].fix,
        Some(MediaFix::Pad { ratio: 0.8 })
    );
}

#[tokio::test]
async fn a_draft_keeps_media_problems_as_warnings_and_scheduling_it_is_refused() {
    let s = setup().await;
    let wide = s.image(1440, 360);
    let (draft, warnings) = s
        .posts
        .create(
            s.owner,
            s.input(PostKind::Post, vec![wide], false),
            &RequestContext::cli(),
        )
        .await
        .expect("a draft is saved with its problems");
    assert_eq!(draft.state, PostState::Draft);
    let issues = media_issues(&warnings);
    assert_eq!(issues.len(), 1, "{warnings:?}");
    assert!(!issues[0].blocking && warnings[0].is_warning());

    // Giving it a time, or publishing it now, is refused.
    let err = s
        .posts
        .update(
            s.owner,
            draft.id,
            s.input(PostKind::Post, vec![wide], true),
            None,
            &RequestContext::cli(),
        )
        .await
        .expect_err("scheduling a post that cannot publish");
    assert!(matches!(err, PostError::Invalid(ref p) if media_issues(p)[0].blocking));
    let err = s
        .posts
        .publish_now(s.owner, draft.id, &RequestContext::cli())
        .await
        .expect_err("publishing a post that cannot publish");
    assert!(matches!(err, PostError::Invalid(_)));
    assert_eq!(
        s.posts.get(s.owner, draft.id).await.unwrap().state,
        PostState::Draft
    );
}

#[tokio::test]
async fn valid_media_pass_and_a_too_long_reel_is_refused() {
    let s = setup().await;
    let ok = s.image(1080, 1350);
    let (post, warnings) = s
        .posts
        .create(
            s.owner,
            s.input(PostKind::Post, vec![ok], true),
            &RequestContext::cli(),
        )
        .await
        .expect("a 4:5 JPEG is a fine feed post");
    assert_eq!(post.state, PostState::Scheduled);
    assert!(warnings.is_empty(), "{warnings:?}");

    let reel = s.reel(60_000);
    s.posts
        .create(
            s.owner,
            s.input(PostKind::Reel, vec![reel], true),
            &RequestContext::cli(),
        )
        .await
        .expect("a one-minute reel");

    let long = s.reel(16 * 60_000 + 2_000);
    let err = s
        .posts
        .create(
            s.owner,
            s.input(PostKind::Reel, vec![long], true),
            &RequestContext::cli(),
        )
        .await
        .expect_err("a 16-minute reel");
    let PostError::Invalid(problems) = err else {
        panic!("not a validation error: {err:?}");
    };
    let issues = media_issues(&problems);
    assert_eq!(issues.len(), 1, "{problems:?}");
    assert_eq!(issues[0].use_, MediaUse::ReelVideo);
    assert_eq!(issues[0].problem.code(), "duration_out_of_range");
    assert_eq!(issues[0].fix, None);
}

#[tokio::test]
async fn every_problem_of_every_carousel_item_is_listed_at_once() {
    let s = setup().await;
    let wide = s.image(1440, 360);
    let mut bad_video = FakePostMedia::default_facts(MediaClass::Video);
    bad_video.probe.video_codec = Some("mp4v".into());
    bad_video.probe.duration_ms = Some(2_000);
    let video = s
        .media
        .add_measured(s.owner, bad_video.clone(), "https://cdn.test/b.mp4");
    let problems = s
        .posts
        .problems(
            s.owner,
            &s.input(
                PostKind::Carousel,
                vec![s.image(1080, 1080), wide, video],
                true,
            ),
        )
        .await
        .unwrap();
    let issues = media_issues(&problems);
    let found: Vec<(MediaSlot, &str, Option<&str>)> = issues
        .iter()
        .map(|i| (i.slot, i.problem.code(), i.fix.map(MediaFix::as_str)))
        .collect();
    assert_eq!(
        found,
        vec![
            (MediaSlot::Item(2), "aspect_out_of_range", Some("pad")),
            (
                MediaSlot::Item(3),
                "video_codec_unsupported",
                Some("transcode")
            ),
            // A carousel video's duration limit is unverified: a warning.
            (MediaSlot::Item(3), "duration_unverified", None),
        ]
    );
    assert!(issues[0].blocking && issues[1].blocking && !issues[2].blocking);

    // While the library converts the video, the codec no longer blocks.
    bad_video.converting = true;
    let converting = s
        .media
        .add_measured(s.owner, bad_video, "https://cdn.test/c.mp4");
    let problems = s
        .posts
        .problems(
            s.owner,
            &s.input(
                PostKind::Carousel,
                vec![s.image(1080, 1080), converting],
                true,
            ),
        )
        .await
        .unwrap();
    assert!(problems.iter().all(PostProblem::is_warning), "{problems:?}");
}
