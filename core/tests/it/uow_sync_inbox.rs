//! The inbox sync the worker runs (`apps/worker/src/inbox.rs` calls
//! `InboxService::sync_account`), on the in-memory store, a manual clock and
//! a mocked Instagram whose answers each test scripts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use secrecy::SecretString;
use socialflow_core::account::{Account, AccountStatus};
use socialflow_core::accounts::{AccountService, AccountStorage};
use socialflow_core::audit::AuditKind;
use socialflow_core::inbox::{
    CommentFilter, InboxError, InboxPolicy, InboxService, InboxStorage, MAX_PAGES, SyncMode,
};
use socialflow_core::instagram::{
    Comment, Conversation, InstagramError, LongLivedToken, MediaItem, MediaType, Message,
    MockInstagramApi, Page, Participant, Profile,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{AccountRepo, AuditRepo, CommentRepo, ConversationRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, User, UserId, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::{Duration, OffsetDateTime};

const IG_ID: &str = "17841457215396811";

/// What the mocked Instagram answers next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// One post with two comments (one a reply), one conversation with two
    /// messages.
    Normal,
    /// Every list has another page, for ever.
    Endless,
    /// One post, whose comments have another page for ever.
    EndlessComments,
    /// The token was revoked or expired.
    TokenRefused,
    /// Instagram is having trouble with comments.
    Transient,
}

struct Script {
    answer: Mutex<Answer>,
    comment_pages: Mutex<u32>,
    media_pages: Mutex<u32>,
    message_fetches: Mutex<u32>,
}

impl Script {
    fn set(&self, a: Answer) {
        *self.answer.lock().unwrap() = a;
    }
    fn answer(&self) -> Answer {
        *self.answer.lock().unwrap()
    }
}

fn at() -> OffsetDateTime {
    time::macros::datetime!(2026-11-02 10:00 UTC)
}

fn comment(id: &str, replies: Vec<Comment>) -> Comment {
    Comment {
        id: id.into(),
        text: format!("text of {id}"),
        username: Some("fan".into()),
        from_id: Some("fan-id".into()),
        timestamp: at(),
        like_count: Some(1),
        hidden: false,
        parent_id: None,
        replies,
    }
}

fn instagram(script: Arc<Script>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(|_| {
        Ok(Profile {
            app_scoped_id: "27281358591558845".into(),
            ig_user_id: IG_ID.into(),
            username: "acme".into(),
            ..Profile::default()
        })
    });
    ig.expect_last_usage().returning(|_| None);
    let s = script.clone();
    ig.expect_media_page().returning(move |_, after, _| {
        *s.media_pages.lock().unwrap() += 1;
        let page = after.map_or(0, |c| c.parse::<u32>().unwrap());
        match s.answer() {
            Answer::TokenRefused => Err(InstagramError::TokenInvalid {
                message: "Error validating access token".into(),
            }),
            // Posts without comments, so only the media list is paged.
            Answer::Endless => Ok(Page {
                items: vec![item(&format!("m{page}"), 0)],
                next: Some((page + 1).to_string()),
            }),
            _ => Ok(Page {
                items: vec![item("m1", 2)],
                next: None,
            }),
        }
    });
    let s = script.clone();
    ig.expect_comments_page().returning(move |_, _, after, _| {
        *s.comment_pages.lock().unwrap() += 1;
        match s.answer() {
            Answer::Transient => Err(InstagramError::Transient {
                message: "HTTP 503".into(),
            }),
            Answer::Endless | Answer::EndlessComments => {
                let page = after.map_or(0, |c| c.parse::<u32>().unwrap());
                Ok(Page {
                    items: vec![comment(&format!("c{page}"), vec![])],
                    next: Some((page + 1).to_string()),
                })
            }
            _ => Ok(Page {
                items: vec![comment("c1", vec![comment("r1", vec![])])],
                next: None,
            }),
        }
    });
    let s = script.clone();
    ig.expect_conversations_page()
        .returning(move |_, after, _| {
            let page = after.map_or(0, |c| c.parse::<u32>().unwrap());
            if s.answer() == Answer::Endless {
                return Ok(Page {
                    items: vec![],
                    next: Some((page + 1).to_string()),
                });
            }
            Ok(Page {
                items: vec![Conversation {
                    id: "t1".into(),
                    updated_time: Some(at()),
                    participants: vec![peer(IG_ID), peer("fan-id")],
                }],
                next: None,
            })
        });
    let s = script;
    ig.expect_conversation_messages().returning(move |_, _| {
        *s.message_fetches.lock().unwrap() += 1;
        Ok(vec![
            message("mid1", "fan-id", IG_ID, at() - Duration::minutes(5)),
            message("mid2", IG_ID, "fan-id", at()),
        ])
    });
    ig
}

fn item(id: &str, comments: u64) -> MediaItem {
    MediaItem {
        id: id.into(),
        caption: Some("a post".into()),
        media_type: MediaType::Image,
        media_product_type: Some("FEED".into()),
        media_url: None,
        thumbnail_url: None,
        permalink: None,
        timestamp: at() - Duration::days(1),
        like_count: Some(3),
        comments_count: Some(comments),
        children: vec![],
    }
}

fn peer(id: &str) -> Participant {
    Participant {
        id: id.into(),
        username: Some(format!("user-{id}")),
    }
}

fn message(id: &str, from: &str, to: &str, when: OffsetDateTime) -> Message {
    Message {
        id: id.into(),
        created_time: when,
        from: peer(from),
        to: vec![peer(to)],
        text: Some(format!("message {id}")),
        attachments: vec![],
    }
}

struct World {
    store: Arc<MemoryStore>,
    clock: Arc<ManualClock>,
    inbox: InboxService,
    script: Arc<Script>,
    owner: UserId,
    account: Account,
}

async fn world(policy: InboxPolicy) -> World {
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
        comment_pages: Mutex::new(0),
        media_pages: Mutex::new(0),
        message_fetches: Mutex::new(0),
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
    let inbox = InboxService::new(InboxStorage::from_store(dyn_store), accounts, clock.clone())
        .with_policy(policy);
    World {
        store,
        clock,
        inbox,
        script,
        owner: owner.id,
        account,
    }
}

impl World {
    async fn comment_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .store
            .cached_comments(self.owner, self.account.id, &CommentFilter::default())
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        ids.sort();
        ids
    }

    async fn message_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .store
            .cached_messages(self.owner, "t1")
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.id)
            .collect();
        ids.sort();
        ids
    }

    async fn stored_account(&self) -> Account {
        self.store
            .account(self.owner, self.account.id)
            .await
            .unwrap()
            .unwrap()
    }
}

#[tokio::test]
async fn a_sync_stores_new_comments_and_messages_once_and_a_rerun_adds_nothing() {
    let w = world(InboxPolicy::default()).await;
    let report = w
        .inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap();
    assert_eq!((report.media, report.comments), (1, 2));
    assert_eq!((report.conversations, report.messages), (1, 2));
    assert_eq!(w.comment_ids().await, vec!["c1", "r1"]);
    let reply = w
        .store
        .cached_comment(w.owner, "r1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        reply.parent_id.as_deref(),
        Some("c1"),
        "a reply keeps its thread"
    );
    assert_eq!(w.message_ids().await, vec!["mid1", "mid2"]);

    // Nothing changed and the cache is fresh: nothing fetched again.
    w.clock.advance(Duration::minutes(10));
    let again = w
        .inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap();
    assert_eq!((again.comments, again.media_unchanged), (0, 1));
    assert_eq!(again.messages, 0);
    assert_eq!(*w.script.comment_pages.lock().unwrap(), 1);
    assert_eq!(*w.script.message_fetches.lock().unwrap(), 1);

    // Past the full-refresh age everything is fetched again, and stored
    // over itself: still one row per comment and message.
    w.clock.advance(InboxPolicy::default().full_refresh_after);
    let full = w
        .inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap();
    assert_eq!((full.comments, full.messages), (2, 2));
    assert_eq!(w.comment_ids().await, vec!["c1", "r1"]);
    assert_eq!(w.message_ids().await, vec!["mid1", "mid2"]);
}

#[tokio::test]
async fn paging_stops_at_the_limits_even_when_instagram_never_ends() {
    let w = world(InboxPolicy {
        media_limit: 3,
        ..InboxPolicy::default()
    })
    .await;
    w.script.set(Answer::Endless);
    let report = w
        .inbox
        .sync_account(&w.account, SyncMode::Requested)
        .await
        .unwrap();
    assert_eq!(report.media, 3, "the policy's number of posts");
    assert_eq!(*w.script.media_pages.lock().unwrap(), 3);
    // Conversations answer empty pages with a next cursor for ever.
    assert_eq!(report.conversations, 0);
    assert!(report.calls <= 3 + MAX_PAGES, "{} calls", report.calls);

    // A post whose comments never end: at most MAX_PAGES pages of them.
    let w = world(InboxPolicy::default()).await;
    w.script.set(Answer::EndlessComments);
    let report = w
        .inbox
        .sync_account(&w.account, SyncMode::Requested)
        .await
        .unwrap();
    assert_eq!(*w.script.comment_pages.lock().unwrap(), MAX_PAGES);
    assert_eq!(report.comments, MAX_PAGES);
    assert_eq!(w.comment_ids().await.len(), MAX_PAGES as usize);
}

#[tokio::test]
async fn an_expired_token_marks_the_account_for_reconnection_and_keeps_the_cache() {
    let w = world(InboxPolicy::default()).await;
    w.inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap();
    w.script.set(Answer::TokenRefused);
    w.clock.advance(Duration::hours(1));
    let err = w
        .inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            InboxError::Instagram(InstagramError::TokenInvalid { .. })
        ),
        "{err:?}"
    );
    let account = w.stored_account().await;
    assert_eq!(account.status, AccountStatus::NeedsReconnect);
    let audit = w.store.audit_for_user(w.owner, 20).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.kind == AuditKind::AccountNeedsReconnect)
            .count(),
        1
    );
    assert_eq!(w.comment_ids().await, vec!["c1", "r1"], "the cache stays");

    // The next run leaves an account that needs reconnecting alone.
    let pages = *w.script.media_pages.lock().unwrap();
    let idle = w
        .inbox
        .sync_account(&account, SyncMode::Background)
        .await
        .unwrap();
    assert_eq!(idle.calls, 0);
    assert_eq!(*w.script.media_pages.lock().unwrap(), pages);
}

#[tokio::test]
async fn a_transient_error_leaves_stored_data_intact_and_the_account_active() {
    let w = world(InboxPolicy::default()).await;
    w.inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap();
    let before = w.store.cached_comment(w.owner, "c1").await.unwrap();
    w.script.set(Answer::Transient);
    w.clock.advance(Duration::days(1));
    let err = w
        .inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap_err();
    assert!(
        matches!(err, InboxError::Instagram(InstagramError::Transient { .. })),
        "{err:?}"
    );
    assert_eq!(w.store.cached_comment(w.owner, "c1").await.unwrap(), before);
    assert_eq!(w.comment_ids().await, vec!["c1", "r1"]);
    assert_eq!(w.message_ids().await, vec!["mid1", "mid2"]);
    assert_eq!(w.stored_account().await.status, AccountStatus::Active);

    // Instagram is back: the post's comments are fetched again (it was
    // not marked fetched when the sync stopped).
    w.script.set(Answer::Normal);
    let report = w
        .inbox
        .sync_account(&w.account, SyncMode::Background)
        .await
        .unwrap();
    assert_eq!(report.comments, 2);
}
