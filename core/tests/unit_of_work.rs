//! The unit of work on the in-memory store, and the post use cases that
//! commit through it: a unit is all or nothing, and a post is never stored
//! without the log entry and audit event that tell how it came to be.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::audit::{AuditEvent, AuditKind};
use socialflow_core::posts::{
    Change, MediaClass, MockUnitOfWork, Post, PostContent, PostEvent, PostFilter, PostInput,
    PostKind, PostLogEntry, PostService, PostState,
};
use socialflow_core::storage::{AccountRepo, AuditRepo, PostRepo, StoreError, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{
    Clock, Language, RequestContext, TimeZone, UnitOfWork, User, UserId, Username,
};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::Duration;

struct World {
    store: Arc<MemoryStore>,
    clock: Arc<ManualClock>,
    media: Arc<FakePostMedia>,
    owner: UserId,
    account: AccountId,
}

async fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let now = clock.now();
    let owner = UserId::new();
    store
        .insert_user(&User {
            id: owner,
            username: Username::parse("alice").unwrap(),
            password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
            role: Role::User,
            language: Language::En,
            time_zone: TimeZone::utc(),
            created_at: now,
            updated_at: now,
        })
        .await
        .unwrap();
    let account = AccountId::new();
    store
        .insert_account(&Account {
            id: account,
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
        })
        .await
        .unwrap();
    World {
        store,
        clock,
        media: Arc::new(FakePostMedia::new()),
        owner,
        account,
    }
}

impl World {
    fn draft(&self) -> Post {
        let content = PostContent {
            account_id: self.account,
            kind: PostKind::Post,
            media: Vec::new(),
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: false,
            caption: "hello".into(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            scheduled_at: None,
        };
        Post::new_draft(self.owner, content, self.clock.now())
    }

    fn log(&self, post: &Post) -> Change {
        Change::AppendPostLog(PostLogEntry {
            post_id: post.id,
            at: self.clock.now(),
            event: PostEvent::Created,
            detail: String::new(),
        })
    }

    fn audit(&self, user: UserId) -> Change {
        Change::InsertAudit(AuditEvent::new(
            self.clock.now(),
            Some(user),
            AuditKind::PostScheduled,
            &RequestContext::new("test", None),
            "",
        ))
    }

    /// The post service committing through `units`.
    fn posts(&self, units: Arc<dyn socialflow_core::posts::UnitOfWork>) -> PostService {
        PostService::new(
            self.store.clone(),
            self.store.clone(),
            units,
            self.media.clone(),
            self.clock.clone(),
        )
    }

    fn input(&self) -> PostInput {
        let photo = self.media.add_measured(
            self.owner,
            FakePostMedia::default_facts(MediaClass::Image),
            "https://cdn.test/p.jpg",
        );
        let mut input = PostInput::from(&self.draft().content);
        input.media = vec![photo];
        input.scheduled_at = Some(self.clock.now() + Duration::hours(2));
        input
    }

    async fn stored_posts(&self) -> Vec<Post> {
        self.store
            .list_posts(self.owner, &PostFilter::default())
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_unit_writes_every_change() {
    let w = world().await;
    let post = w.draft();
    w.store
        .commit(vec![
            Change::InsertPost(post.clone()),
            w.log(&post),
            w.audit(w.owner),
        ])
        .await
        .unwrap();
    assert_eq!(
        w.store.post(w.owner, post.id).await.unwrap(),
        Some(post.clone())
    );
    assert_eq!(w.store.post_log(w.owner, post.id).await.unwrap().len(), 1);
    assert_eq!(w.store.audit_for_user(w.owner, 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_failing_change_leaves_nothing_of_the_unit() {
    let w = world().await;
    let post = w.draft();
    // The last change names a user who does not exist: the foreign key
    // refuses it, and the post and its log go with it.
    let err = w
        .store
        .commit(vec![
            Change::InsertPost(post.clone()),
            w.log(&post),
            w.audit(UserId::new()),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert_eq!(w.store.post(w.owner, post.id).await.unwrap(), None);
    assert!(w.store.post_log(w.owner, post.id).await.unwrap().is_empty());
    assert!(
        w.store
            .audit_for_user(w.owner, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_stale_update_refuses_the_whole_unit() {
    let w = world().await;
    let post = w.draft();
    w.store.insert_post(&post).await.unwrap();
    let mut stale = post.clone();
    stale.version += 2; // not the stored version + 1
    stale.content.caption = "changed".into();
    let err = w
        .store
        .commit(vec![
            w.log(&post),
            w.audit(w.owner),
            Change::UpdatePost(stale),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert_eq!(
        w.store.post(w.owner, post.id).await.unwrap(),
        Some(post.clone())
    );
    assert!(w.store.post_log(w.owner, post.id).await.unwrap().is_empty());
    assert!(
        w.store
            .audit_for_user(w.owner, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn creating_a_scheduled_post_commits_post_log_and_audit_together() {
    let w = world().await;
    let posts = w.posts(w.store.clone());
    let (post, _) = posts
        .create(w.owner, w.input(), &RequestContext::new("test", None))
        .await
        .unwrap();
    assert_eq!(post.state, PostState::Scheduled);
    let events: Vec<PostEvent> = w
        .store
        .post_log(w.owner, post.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(events, vec![PostEvent::Created, PostEvent::Scheduled]);
    let audit = w.store.audit_for_user(w.owner, 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].kind, AuditKind::PostScheduled);
}

#[tokio::test]
async fn a_failed_commit_stores_no_post() {
    let w = world().await;
    let mut units = MockUnitOfWork::new();
    units
        .expect_commit()
        .withf(|changes| {
            matches!(
                changes.as_slice(),
                [
                    Change::InsertPost(_),
                    Change::AppendPostLog(_),
                    Change::AppendPostLog(_),
                    Change::InsertAudit(_)
                ]
            )
        })
        .returning(|_| Err(StoreError::Unavailable("down".into())));
    let posts = w.posts(Arc::new(units));
    let result = posts
        .create(w.owner, w.input(), &RequestContext::new("test", None))
        .await;
    assert!(result.is_err());
    assert!(w.stored_posts().await.is_empty());
    assert!(
        w.store
            .audit_for_user(w.owner, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn editing_a_post_someone_else_changed_is_a_conflict_and_logs_nothing() {
    let w = world().await;
    let posts = w.posts(w.store.clone());
    let ctx = RequestContext::new("test", None);
    let (post, _) = posts.create(w.owner, w.input(), &ctx).await.unwrap();
    // Another writer bumps the version between our read and our write.
    let mut other = post.clone();
    other.version += 1;
    assert!(w.store.update_post(&other).await.unwrap());
    let mut mine = post.clone();
    mine.version += 1;
    let err = w
        .store
        .commit(vec![Change::UpdatePost(mine), w.log(&post)])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict));
    assert_eq!(w.store.post_log(w.owner, post.id).await.unwrap().len(), 2);
    // Through the use case, a stale expected version is refused too.
    let stale = posts
        .update(w.owner, post.id, w.input(), Some(post.version), &ctx)
        .await;
    assert!(stale.is_err());
    assert_eq!(w.store.post_log(w.owner, post.id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn deleting_a_post_is_one_unit_and_its_files_go_only_after_it() {
    let w = world().await;
    let ctx = RequestContext::new("test", None);
    let (post, _) = w
        .posts(w.store.clone())
        .create(w.owner, w.input(), &ctx)
        .await
        .unwrap();
    let audited = w.store.audit_for_user(w.owner, 10).await.unwrap().len();

    // The delete and its audit event are handed over together; when the
    // unit fails, the post stays and its files are not released.
    let mut units = MockUnitOfWork::new();
    units
        .expect_commit()
        .withf(|changes| {
            matches!(
                changes.as_slice(),
                [Change::DeletePost { .. }, Change::InsertAudit(_)]
            )
        })
        .times(1)
        .returning(|_| Err(StoreError::Unavailable("down".into())));
    let failed = w
        .posts(Arc::new(units))
        .delete(w.owner, post.id, &ctx)
        .await;
    assert!(failed.is_err());
    assert!(w.store.post(w.owner, post.id).await.unwrap().is_some());
    assert!(w.media.released().is_empty());

    w.posts(w.store.clone())
        .delete(w.owner, post.id, &ctx)
        .await
        .unwrap();
    assert_eq!(w.store.post(w.owner, post.id).await.unwrap(), None);
    let audit = w.store.audit_for_user(w.owner, 10).await.unwrap();
    assert_eq!(audit.len(), audited + 1);
    assert_eq!(audit[0].kind, AuditKind::PostDeleted);
    assert_eq!(w.media.released(), post.content.media);
}
