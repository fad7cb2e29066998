//! Contract cases for the unit of work: all changes land, or none.

use std::sync::Arc;

use socialflow_core::account::{AccountId, AccountStatus};
use socialflow_core::audit::AuditKind;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::inbox::{CachedComment, InboxChange};
use socialflow_core::meta::DeletionRequest;
use socialflow_core::password::PasswordHash;
use socialflow_core::posts::Change as PostChange;
use socialflow_core::posts::{Change, UnitOfWork};
use socialflow_core::posts::{PostEvent, PostFilter, PostId, PostLogEntry, PostState};
use socialflow_core::storage::{Store, StoreError};
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::{Change as PeopleChange, UnitOfWork as Unit, UserId};
use time::Duration;

use crate::fixtures::{T0, event, session, user};
use crate::posts_cases::{owner_with_account, post};

pub async fn a_unit_writes_post_log_and_audit_together(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let p = post(alice, acc, PostState::Draft, None);
    let mut edited = p.clone();
    edited.content.caption = "edited in the same unit".into();
    edited.version = 2;
    edited.updated_at = T0 + Duration::minutes(1);
    unit.commit(vec![
        Change::InsertPost(p.clone()),
        Change::AppendPostLog(PostLogEntry {
            post_id: p.id,
            at: T0,
            event: PostEvent::Created,
            detail: "created".into(),
        }),
        Change::UpdatePost(edited.clone()),
        Change::InsertAudit(event(Some(alice), AuditKind::PostScheduled, T0, "unit")),
    ])
    .await
    .unwrap();

    let stored = store.post(alice, p.id).await.unwrap().unwrap();
    assert_eq!(stored, edited, "the update in the unit saw the insert");
    let log = store.post_log(alice, p.id).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].event, PostEvent::Created);
    let audit = store.audit_for_user(alice, 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail, "unit");
    // An empty unit is a no-op, not an error.
    unit.commit(Vec::new()).await.unwrap();
}

pub async fn a_unit_with_a_stale_update_writes_nothing(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let existing = post(alice, acc, PostState::Draft, None);
    store.insert_post(&existing).await.unwrap();
    let fresh = post(alice, acc, PostState::Draft, None);
    let mut stale = existing.clone();
    stale.content.caption = "written over a version nobody holds".into();
    stale.version = 5;

    let err = unit
        .commit(vec![
            Change::InsertPost(fresh.clone()),
            Change::AppendPostLog(PostLogEntry {
                post_id: existing.id,
                at: T0,
                event: PostEvent::Edited,
                detail: "edited".into(),
            }),
            Change::InsertAudit(event(Some(alice), AuditKind::PostScheduled, T0, "unit")),
            Change::UpdatePost(stale),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");

    assert_eq!(store.post(alice, fresh.id).await.unwrap(), None);
    assert_eq!(
        store.post(alice, existing.id).await.unwrap(),
        Some(existing.clone())
    );
    let posts = store
        .list_posts(alice, &PostFilter::default())
        .await
        .unwrap();
    assert_eq!(posts.len(), 1);
    assert!(store.post_log(alice, existing.id).await.unwrap().is_empty());
    assert!(store.audit_for_user(alice, 10).await.unwrap().is_empty());
}

pub async fn a_unit_failing_on_a_constraint_writes_nothing(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let existing = post(alice, acc, PostState::Draft, None);
    store.insert_post(&existing).await.unwrap();
    let fresh = post(alice, acc, PostState::Draft, None);

    // The second insert repeats an id: the unit fails after the first write.
    let err = unit
        .commit(vec![
            Change::InsertPost(fresh.clone()),
            Change::InsertAudit(event(Some(alice), AuditKind::PostScheduled, T0, "unit")),
            Change::InsertPost(existing.clone()),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");

    assert_eq!(store.post(alice, fresh.id).await.unwrap(), None);
    assert!(store.audit_for_user(alice, 10).await.unwrap().is_empty());
}

// The other kinds of change: every store commits each kind as one unit.

pub async fn a_password_unit_is_all_or_nothing(store: Arc<dyn Store>) {
    let unit: Arc<dyn Unit<PeopleChange>> = store.clone();
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    for d in ["s1", "s2"] {
        store
            .insert_session(&session(alice.id, d, T0))
            .await
            .unwrap();
    }
    store.record_login_failure("u:alice", T0).await.unwrap();
    let since = T0 - Duration::hours(1);
    let change_password = |extra: Vec<PeopleChange>| {
        let mut unit = vec![
            PeopleChange::SetPassword {
                user: alice.id,
                hash: PasswordHash("$2b$12$new".into()),
                at: T0 + Duration::minutes(1),
            },
            PeopleChange::DeleteUserSessions {
                user: alice.id,
                keep: Some(TokenDigest("s1".into())),
            },
            PeopleChange::ClearLoginFailures("u:alice".into()),
            PeopleChange::InsertAudit(event(Some(alice.id), AuditKind::PasswordChanged, T0, "")),
        ];
        unit.extend(extra);
        unit
    };

    // The last write takes a username already taken: nothing before it lands.
    let err = unit
        .commit(change_password(vec![PeopleChange::InsertUser(user(
            "alice",
        ))]))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    let stored = store.user_by_id(alice.id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, alice.password_hash);
    assert_eq!(store.sessions_of(alice.id).await.unwrap().len(), 2);
    assert_eq!(
        store
            .login_failures_since("u:alice", since)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store.audit_for_user(alice.id, 10).await.unwrap().is_empty());

    unit.commit(change_password(Vec::new())).await.unwrap();
    let stored = store.user_by_id(alice.id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, PasswordHash("$2b$12$new".into()));
    let left = store.sessions_of(alice.id).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].digest, TokenDigest("s1".into()));
    assert!(
        store
            .login_failures_since("u:alice", since)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.audit_for_user(alice.id, 10).await.unwrap().len(), 1);
}

pub async fn a_unit_whose_row_is_gone_writes_nothing(store: Arc<dyn Store>) {
    let unit: Arc<dyn Unit<PeopleChange>> = store.clone();
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let bob = user("bob");
    store.insert_user(&bob).await.unwrap();
    let token = ApiToken {
        id: ApiTokenId(uuid::Uuid::now_v7()),
        user_id: alice,
        name: "ci".into(),
        digest: TokenDigest("t1".into()),
        created_at: T0,
        last_used_at: None,
    };
    store.insert_api_token(&token).await.unwrap();
    let app_scoped = store
        .account(alice, acc)
        .await
        .unwrap()
        .unwrap()
        .app_scoped_id;

    // Each of these must find its row (bob owns neither the account nor
    // the token; two accounts were expected; nobody has that id).
    let missing = [
        PeopleChange::DeleteAccount {
            owner: bob.id,
            account: acc,
        },
        PeopleChange::DeleteApiToken {
            owner: bob.id,
            id: token.id,
        },
        PeopleChange::DeleteAccountsByAppScopedId {
            app_scoped_id: app_scoped.clone(),
            expected: 2,
        },
        PeopleChange::DeleteUser(UserId::new()),
        PeopleChange::EraseUser {
            user: UserId::new(),
            username: "nobody".into(),
        },
    ];
    for change in missing {
        let err = unit
            .commit(vec![
                PeopleChange::SetAccountStatus {
                    account: acc,
                    status: AccountStatus::NeedsReconnect,
                    detail: Some("refused".into()),
                },
                PeopleChange::InsertAudit(event(
                    Some(alice),
                    AuditKind::AccountDisconnected,
                    T0,
                    "",
                )),
                change.clone(),
            ])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{change:?}: {err:?}");
        let account = store.account(alice, acc).await.unwrap().unwrap();
        assert_eq!(account.status, AccountStatus::Active, "{change:?}");
        assert!(store.audit_for_user(alice, 10).await.unwrap().is_empty());
        assert_eq!(store.list_api_tokens(alice).await.unwrap().len(), 1);
    }

    // Meta's deletion: the accounts read, then exactly those deleted with
    // the record and an audit event per account.
    let found = store.accounts_by_app_scoped_id(&app_scoped).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, acc);
    let record = DeletionRequest {
        code: "abc123".into(),
        subject_digest: "digest".into(),
        requested_at: T0,
        completed_at: Some(T0),
        accounts_deleted: 1,
    };
    unit.commit(vec![
        PeopleChange::DeleteAccountsByAppScopedId {
            app_scoped_id: app_scoped.clone(),
            expected: 1,
        },
        PeopleChange::InsertAudit(event(
            Some(alice),
            AuditKind::DataDeletionCallback,
            T0,
            "alice",
        )),
        PeopleChange::InsertDeletionRequest(record.clone()),
    ])
    .await
    .unwrap();
    assert_eq!(store.account(alice, acc).await.unwrap(), None);
    assert!(
        store
            .accounts_by_app_scoped_id(&app_scoped)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.deletion_request("abc123").await.unwrap(),
        Some(record)
    );
    assert_eq!(store.audit_for_user(alice, 10).await.unwrap().len(), 1);
}

pub async fn an_inbox_unit_writes_the_cache_and_its_audit_together(store: Arc<dyn Store>) {
    let unit: Arc<dyn Unit<InboxChange>> = store.clone();
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let comment = |account, id: &str, parent: Option<&str>| CachedComment {
        account_id: account,
        id: id.into(),
        media_id: "m1".into(),
        parent_id: parent.map(str::to_string),
        text: format!("text of {id}"),
        username: Some("fan".into()),
        timestamp: T0,
        hidden: false,
        like_count: Some(0),
        fetched_at: T0,
    };
    store
        .upsert_comments(&[comment(acc, "c1", None)])
        .await
        .unwrap();

    unit.commit(vec![
        InboxChange::UpsertComment(comment(acc, "r1", Some("c1"))),
        InboxChange::SetCommentHidden {
            account: acc,
            comment: "c1".into(),
            hidden: true,
        },
        InboxChange::InsertAudit(event(Some(alice), AuditKind::CommentReplied, T0, "c1")),
    ])
    .await
    .unwrap();
    assert!(store.cached_comment(alice, "r1").await.unwrap().is_some());
    assert!(
        store
            .cached_comment(alice, "c1")
            .await
            .unwrap()
            .unwrap()
            .hidden
    );
    assert_eq!(store.audit_for_user(alice, 10).await.unwrap().len(), 1);

    // The last write names an account that does not exist.
    let err = unit
        .commit(vec![
            InboxChange::DeleteComment {
                account: acc,
                comment: "c1".into(),
            },
            InboxChange::InsertAudit(event(Some(alice), AuditKind::CommentDeleted, T0, "c1")),
            InboxChange::UpsertComment(comment(AccountId::new(), "x1", None)),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert!(store.cached_comment(alice, "c1").await.unwrap().is_some());
    assert!(store.cached_comment(alice, "r1").await.unwrap().is_some());
    assert_eq!(store.audit_for_user(alice, 10).await.unwrap().len(), 1);
}

pub async fn a_post_delete_unit_needs_the_current_version(store: Arc<dyn Store>) {
    let unit: Arc<dyn Unit<PostChange>> = store.clone();
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let p = post(alice, acc, PostState::Draft, None);
    store.insert_post(&p).await.unwrap();
    let audit = || PostChange::InsertAudit(event(Some(alice), AuditKind::PostDeleted, T0, "del"));

    for stale in [
        PostChange::DeletePost {
            owner: alice,
            id: p.id,
            version: 7,
        },
        PostChange::DeleteUnreadablePost {
            owner: alice,
            id: PostId::new(),
        },
    ] {
        let err = unit.commit(vec![audit(), stale]).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{err:?}");
        assert!(store.post(alice, p.id).await.unwrap().is_some());
        assert!(store.audit_for_user(alice, 10).await.unwrap().is_empty());
    }

    unit.commit(vec![
        PostChange::DeletePost {
            owner: alice,
            id: p.id,
            version: 1,
        },
        audit(),
    ])
    .await
    .unwrap();
    assert_eq!(store.post(alice, p.id).await.unwrap(), None);
    assert_eq!(store.audit_for_user(alice, 10).await.unwrap().len(), 1);
}
