//! The onboarding checklist fills in from what the user has done and stays
//! complete once it was; milestones count their first time only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::media::{MediaFile, MediaFormat, MediaId, MediaKind, MediaProbe, MediaStatus};
use socialflow_core::onboarding::{Milestone, OnboardingService, Step};
use socialflow_core::password::PasswordHash;
use socialflow_core::posts::{Post, PostContent, PostId, PostKind, PostState};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, Store, TimeZone, User, UserId, Username};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::OffsetDateTime;

fn user(name: &str, now: OffsetDateTime) -> User {
    User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::default(),
        created_at: now,
        updated_at: now,
    }
}

fn account(owner: UserId, now: OffsetDateTime) -> Account {
    Account {
        id: AccountId::new(),
        owner,
        ig_user_id: "1784".into(),
        app_scoped_id: "app-1784".into(),
        profile: AccountProfile {
            username: "roastery".into(),
            name: None,
            biography: None,
            website: None,
            profile_picture_url: None,
            followers_count: None,
            follows_count: None,
            media_count: None,
            account_type: None,
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1]),
            expires_at: now + time::Duration::days(60),
            refreshed_at: now,
            scopes: Vec::new(),
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    }
}

fn image(owner: UserId, now: OffsetDateTime) -> MediaFile {
    MediaFile {
        id: MediaId::new(),
        owner,
        kind: MediaKind::Image,
        content_type: "image/jpeg".into(),
        byte_size: 1000,
        original_name: "cup.jpg".into(),
        probe: MediaProbe::new(MediaFormat::Jpeg),
        status: MediaStatus::Ready,
        created_at: now,
        updated_at: now,
    }
}

fn post(owner: UserId, account: AccountId, state: PostState, now: OffsetDateTime) -> Post {
    Post {
        id: PostId::new(),
        owner,
        content: PostContent {
            account_id: account,
            kind: PostKind::Post,
            media: vec![MediaId::new()],
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: String::new(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: (state != PostState::Draft).then_some(now),
        },
        state,
        child_containers: Vec::new(),
        container_id: None,
        ig_media_id: None,
        permalink: None,
        first_comment_id: None,
        first_comment_tried: false,
        hold: None,
        reason: None,
        attempts: 0,
        next_action_at: None,
        publish_started_at: None,
        published_at: None,
        failure_acknowledged: false,
        version: 1,
        content_rev: 1,
        containers_rev: None,
        containers_at: None,
        submitted_by: None,
        created_at: now,
        updated_at: now,
    }
}

fn done(list: &socialflow_core::onboarding::Checklist) -> Vec<Step> {
    list.steps
        .iter()
        .filter(|(_, d)| *d)
        .map(|(s, _)| *s)
        .collect()
}

#[tokio::test]
async fn the_checklist_fills_in_step_by_step_and_then_stays_done() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let now = clock.now();
    let service = OnboardingService::new(
        store.clone(),
        store.clone(),
        store.clone(),
        store.clone(),
        clock.clone(),
    );
    let alice = user("alice", now);
    let bob = user("bob", now);
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();

    let list = service.checklist(alice.id).await.unwrap();
    assert!(done(&list).is_empty());
    assert_eq!(list.next(), Some(Step::ConnectAccount));

    let acct = account(alice.id, now);
    store.insert_account(&acct).await.unwrap();
    store.insert_media(&image(alice.id, now)).await.unwrap();
    // A draft is not a scheduled post yet.
    store
        .insert_post(&post(alice.id, acct.id, PostState::Draft, now))
        .await
        .unwrap();
    let list = service.checklist(alice.id).await.unwrap();
    assert_eq!(done(&list), vec![Step::ConnectAccount, Step::UploadMedia]);
    assert_eq!(list.next(), Some(Step::SchedulePost));

    // A published post counts as scheduled once.
    store
        .insert_post(&post(alice.id, acct.id, PostState::Published, now))
        .await
        .unwrap();
    assert_eq!(
        service.checklist(alice.id).await.unwrap().next(),
        Some(Step::OpenInbox)
    );
    assert!(
        service
            .reach(alice.id, Milestone::InboxOpened)
            .await
            .unwrap()
    );
    assert!(
        !service
            .reach(alice.id, Milestone::InboxOpened)
            .await
            .unwrap()
    );
    assert!(service.checklist(alice.id).await.unwrap().is_complete());

    // Done once, done for good: deleting the account does not bring it back.
    assert!(store.delete_account(alice.id, acct.id).await.unwrap());
    assert!(service.checklist(alice.id).await.unwrap().is_complete());

    // Bob's list is his own.
    assert!(done(&service.checklist(bob.id).await.unwrap()).is_empty());
}
