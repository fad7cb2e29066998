//! Every use case that writes more than once hands its writes to one unit
//! of work. Here the unit can be told to fail: the storage contract proves
//! that a failed unit writes nothing on every store, so after a failure the
//! store must hold nothing of the use case, which shows that the use case
//! wrote only through its unit (a write beside it would still be there).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::account::{Account, AccountStatus};
use socialflow_core::accounts::{AccountService, AccountStorage, ConnectError};
use socialflow_core::audit::AuditKind;
use socialflow_core::auth::{AuthService, AuthStorage, LoginError, PasswordChangeError};
use socialflow_core::inbox::{CachedComment, InboxChange, InboxError, InboxService, InboxStorage};
use socialflow_core::instagram::{LongLivedToken, MockInstagramApi, Profile};
use socialflow_core::meta::{MetaCallbacks, MockSignedRequestVerifier, SignedRequest};
use socialflow_core::privacy::{
    AccountEraser, FileError, FileRef, PolicyService, PolicyVersion, UserFiles,
};
use socialflow_core::storage::{
    AccountRepo, ApiTokenRepo, AuditRepo, CommentRepo, LoginThrottleRepo, PolicyRepo, SessionRepo,
    StoreError, StoreResult, UserRepo,
};
use socialflow_core::user::Role;
use socialflow_core::users::{UserError, UserService};
use socialflow_core::{Clock, Language, RequestContext, Store, UnitOfWork, User, UserId};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{FastHasher, ManualClock, MemoryStore};
use time::Duration;

const PW: &str = "correct horse battery";

/// The memory store's unit of work, which fails while `fail` is set, and
/// remembers how many changes each unit held.
struct Units {
    store: Arc<MemoryStore>,
    fail: AtomicBool,
    sizes: Mutex<Vec<usize>>,
}

impl Units {
    fn fail(&self, on: bool) {
        self.fail.store(on, Ordering::SeqCst);
    }

    fn last_size(&self) -> usize {
        *self
            .sizes
            .lock()
            .unwrap()
            .last()
            .expect("a unit was committed")
    }
}

#[async_trait]
impl<C: Send + Sync + 'static> UnitOfWork<C> for Units
where
    MemoryStore: UnitOfWork<C>,
{
    async fn commit(&self, changes: Vec<C>) -> StoreResult<()> {
        self.sizes.lock().unwrap().push(changes.len());
        if self.fail.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable("the unit failed".into()));
        }
        self.store.commit(changes).await
    }
}

struct World {
    store: Arc<MemoryStore>,
    dyn_store: Arc<dyn Store>,
    units: Arc<Units>,
    clock: Arc<ManualClock>,
    users: UserService,
    auth: AuthService,
}

fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let dyn_store: Arc<dyn Store> = store.clone();
    let units = Arc::new(Units {
        store: store.clone(),
        fail: AtomicBool::new(false),
        sizes: Mutex::new(Vec::new()),
    });
    let clock = Arc::new(ManualClock::default());
    let users = UserService::new(
        dyn_store.clone(),
        units.clone(),
        Arc::new(FastHasher),
        clock.clone(),
    );
    let auth = AuthService::new(
        AuthStorage {
            units: units.clone(),
            ..AuthStorage::from_store(dyn_store.clone())
        },
        Arc::new(FastHasher),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    World {
        store,
        dyn_store,
        units,
        clock,
        users,
        auth,
    }
}

fn ctx() -> RequestContext {
    RequestContext::new("203.0.113.9", None)
}

fn pw(s: &str) -> SecretString {
    s.to_string().into()
}

impl World {
    async fn alice(&self) -> User {
        self.users
            .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
            .await
            .unwrap()
    }

    async fn audit_kinds(&self, user: UserId) -> Vec<AuditKind> {
        let events = self.store.audit_for_user(user, 50).await.unwrap();
        events.into_iter().map(|e| e.kind).collect()
    }

    fn accounts(&self, ig: MockInstagramApi) -> AccountService {
        AccountService::new(
            AccountStorage {
                units: self.units.clone(),
                ..AccountStorage::from_store(self.dyn_store.clone())
            },
            Arc::new(ig),
            Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap()),
            Arc::new(RandomMinter),
            self.clock.clone(),
        )
    }

    async fn connected(&self, accounts: &AccountService, owner: UserId) -> Account {
        accounts
            .attach(owner, long_lived(), None, &ctx())
            .await
            .unwrap()
            .account
    }
}

fn long_lived() -> LongLivedToken {
    LongLivedToken {
        token: SecretString::from("IGAA-token".to_string()),
        expires_in: Duration::days(60),
        permissions: None,
    }
}

fn instagram() -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(|_| {
        Ok(Profile {
            app_scoped_id: "27281358591558845".into(),
            ig_user_id: "17841457215396811".into(),
            username: "acme".into(),
            ..Profile::default()
        })
    });
    ig
}

#[tokio::test]
async fn creating_and_deleting_a_user_are_one_unit_each() {
    let w = world();
    w.units.fail(true);
    let failed = w
        .users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
        .await;
    assert!(matches!(failed, Err(UserError::Internal(_))), "{failed:?}");
    assert_eq!(w.units.last_size(), 2, "the user and its audit event");
    assert_eq!(w.store.count_users().await.unwrap(), 0);
    assert!(w.store.audit_all(10).await.unwrap().is_empty());

    w.units.fail(false);
    let alice = w.alice().await;
    assert_eq!(w.audit_kinds(alice.id).await, vec![AuditKind::UserCreated]);

    w.units.fail(true);
    assert!(
        w.users
            .delete_user("alice", &RequestContext::cli())
            .await
            .is_err()
    );
    assert!(w.store.user_by_id(alice.id).await.unwrap().is_some());
    assert_eq!(w.audit_kinds(alice.id).await, vec![AuditKind::UserCreated]);

    w.units.fail(false);
    w.users
        .delete_user("alice", &RequestContext::cli())
        .await
        .unwrap();
    assert_eq!(w.store.user_by_id(alice.id).await.unwrap(), None);
    let trace = w.store.audit_all(10).await.unwrap();
    assert_eq!(trace.len(), 1);
    assert_eq!(trace[0].kind, AuditKind::UserDeleted);
    assert_eq!(trace[0].user_id, None);
}

#[tokio::test]
async fn a_login_commits_session_audit_and_cleared_failures_together() {
    let w = world();
    let alice = w.alice().await;
    // One wrong password leaves a failure under the username.
    let wrong = w.auth.login("alice", &pw("not it at all"), &ctx()).await;
    assert!(matches!(wrong, Err(LoginError::InvalidCredentials { .. })));
    let since = w.clock.now() - Duration::hours(1);
    assert_eq!(
        w.store
            .login_failures_since("u:alice", since)
            .await
            .unwrap()
            .len(),
        1
    );

    w.units.fail(true);
    let failed = w.auth.login("alice", &pw(PW), &ctx()).await;
    assert!(matches!(failed, Err(LoginError::Internal(_))));
    assert_eq!(
        w.units.last_size(),
        4,
        "session, audit event, cleared failures, released address reservation"
    );
    assert!(w.store.sessions_of(alice.id).await.unwrap().is_empty());
    assert!(
        !w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::LoginSucceeded)
    );
    assert!(
        !w.store
            .login_failures_since("u:alice", since)
            .await
            .unwrap()
            .is_empty(),
        "the failures are cleared only with the session"
    );

    w.units.fail(false);
    let done = w.auth.login("alice", &pw(PW), &ctx()).await.unwrap();
    assert_eq!(w.store.sessions_of(alice.id).await.unwrap().len(), 1);
    assert!(
        w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::LoginSucceeded)
    );
    assert!(
        w.store
            .login_failures_since("u:alice", since)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(!done.session_secret.expose_secret().is_empty());
}

#[tokio::test]
async fn a_password_change_never_leaves_the_old_sessions_open() {
    let w = world();
    let alice = w.alice().await;
    let here = w.auth.login("alice", &pw(PW), &ctx()).await.unwrap();
    w.auth.login("alice", &pw(PW), &ctx()).await.unwrap();
    let keep = here.session_secret.expose_secret().to_string();
    let new = "a brand new passphrase";

    w.units.fail(true);
    let failed = w
        .auth
        .change_password(&alice, &pw(PW), pw(new), Some(&keep), &ctx())
        .await;
    assert!(matches!(failed, Err(PasswordChangeError::Internal(_))));
    assert_eq!(
        w.units.last_size(),
        5,
        "password, sessions, audit, throttle ×2"
    );
    let stored = w.store.user_by_id(alice.id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, alice.password_hash);
    assert_eq!(w.store.sessions_of(alice.id).await.unwrap().len(), 2);
    assert!(
        !w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::PasswordChanged)
    );

    w.units.fail(false);
    w.auth
        .change_password(&alice, &pw(PW), pw(new), Some(&keep), &ctx())
        .await
        .unwrap();
    assert_eq!(w.store.sessions_of(alice.id).await.unwrap().len(), 1);
    assert!(w.auth.login("alice", &pw(new), &ctx()).await.is_ok());
}

#[tokio::test]
async fn api_tokens_and_logout_write_with_their_audit_events() {
    let w = world();
    let alice = w.alice().await;
    let session = w.auth.login("alice", &pw(PW), &ctx()).await.unwrap();
    w.units.fail(true);
    assert!(
        w.auth
            .create_api_token(alice.id, "ci", &ctx())
            .await
            .is_err()
    );
    assert!(w.store.list_api_tokens(alice.id).await.unwrap().is_empty());
    assert!(
        w.auth
            .logout(session.session_secret.expose_secret(), &ctx())
            .await
            .is_err()
    );
    assert_eq!(w.store.sessions_of(alice.id).await.unwrap().len(), 1);

    w.units.fail(false);
    let (token, _) = w
        .auth
        .create_api_token(alice.id, "ci", &ctx())
        .await
        .unwrap();
    // Someone else's token (or one gone already) is refused without a trace.
    let bob = w
        .users
        .create_user("bob", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap();
    assert!(
        !w.auth
            .revoke_api_token(bob.id, token.id, &ctx())
            .await
            .unwrap()
    );
    assert!(
        !w.audit_kinds(bob.id)
            .await
            .contains(&AuditKind::ApiTokenRevoked)
    );
    assert!(
        w.auth
            .revoke_api_token(alice.id, token.id, &ctx())
            .await
            .unwrap()
    );
    let kinds = w.audit_kinds(alice.id).await;
    assert!(kinds.contains(&AuditKind::ApiTokenCreated));
    assert!(kinds.contains(&AuditKind::ApiTokenRevoked));
}

#[tokio::test]
async fn connecting_disconnecting_and_reconnect_marks_are_one_unit_each() {
    let w = world();
    let alice = w.alice().await;
    let accounts = w.accounts(instagram());

    w.units.fail(true);
    let failed = accounts.attach(alice.id, long_lived(), None, &ctx()).await;
    assert!(
        matches!(failed, Err(ConnectError::Internal(_))),
        "{failed:?}"
    );
    assert!(w.store.accounts_of(alice.id).await.unwrap().is_empty());
    assert!(
        !w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::AccountConnected)
    );

    w.units.fail(false);
    let account = w.connected(&accounts, alice.id).await;
    w.units.fail(true);
    // Reconnecting: token, profile and audit event together.
    assert!(
        accounts
            .attach(alice.id, long_lived(), None, &ctx())
            .await
            .is_err()
    );
    assert_eq!(w.units.last_size(), 3);
    assert!(
        accounts
            .mark_needs_reconnect(&account, "refused")
            .await
            .is_err()
    );
    assert_eq!(w.units.last_size(), 2, "the status and its audit event");
    assert!(
        accounts
            .disconnect(alice.id, account.id, &ctx())
            .await
            .is_err()
    );
    let stored = w
        .store
        .account(alice.id, account.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, AccountStatus::Active);
    let kinds = w.audit_kinds(alice.id).await;
    for kind in [
        AuditKind::AccountReconnected,
        AuditKind::AccountNeedsReconnect,
        AuditKind::AccountDisconnected,
    ] {
        assert!(!kinds.contains(&kind), "{kind:?}");
    }

    w.units.fail(false);
    accounts
        .disconnect(alice.id, account.id, &ctx())
        .await
        .unwrap();
    assert_eq!(w.store.account(alice.id, account.id).await.unwrap(), None);
    assert!(
        w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::AccountDisconnected)
    );
}

#[tokio::test]
async fn metas_callbacks_delete_with_their_trace_and_record_or_not_at_all() {
    let w = world();
    let alice = w.alice().await;
    let accounts = w.accounts(instagram());
    let account = w.connected(&accounts, alice.id).await;
    let mut verifier = MockSignedRequestVerifier::new();
    let now = w.clock.now();
    let app_scoped = account.app_scoped_id.clone();
    verifier.expect_verify().returning(move |_| {
        Ok(SignedRequest {
            user_id: app_scoped.clone(),
            issued_at: now,
            expires: None,
        })
    });
    let meta = MetaCallbacks::new(
        w.dyn_store.clone(),
        w.dyn_store.clone(),
        w.units.clone(),
        Arc::new(verifier),
        Arc::new(RandomMinter),
        w.clock.clone(),
    );

    w.units.fail(true);
    assert!(meta.deauthorize("signed", &ctx()).await.is_err());
    assert!(meta.data_deletion("signed", &ctx()).await.is_err());
    assert_eq!(
        w.units.last_size(),
        3,
        "the delete, one audit event, the record"
    );
    assert!(
        w.store
            .account(alice.id, account.id)
            .await
            .unwrap()
            .is_some()
    );

    w.units.fail(false);
    let record = meta.data_deletion("signed", &ctx()).await.unwrap();
    assert_eq!(record.accounts_deleted, 1);
    assert_eq!(meta.status(&record.code).await.unwrap(), Some(record));
    assert_eq!(w.store.account(alice.id, account.id).await.unwrap(), None);
    assert!(
        w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::DataDeletionCallback)
    );
}

#[tokio::test]
async fn acknowledging_the_policy_is_one_unit() {
    let w = world();
    let alice = w.alice().await;
    let policy = PolicyService::new(
        w.dyn_store.clone(),
        w.units.clone(),
        w.clock.clone(),
        PolicyVersion::built_in(),
    );
    w.units.fail(true);
    assert!(policy.acknowledge(alice.id, &ctx()).await.is_err());
    assert_eq!(w.store.acknowledged_policy(alice.id).await.unwrap(), None);
    assert!(
        !w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::PolicyAcknowledged)
    );
    w.units.fail(false);
    policy.acknowledge(alice.id, &ctx()).await.unwrap();
    assert_eq!(
        w.store.acknowledged_policy(alice.id).await.unwrap(),
        Some(PolicyVersion::BUILT_IN.to_string())
    );
    assert!(
        w.audit_kinds(alice.id)
            .await
            .contains(&AuditKind::PolicyAcknowledged)
    );
}

/// Files whose removal is counted.
#[derive(Default)]
struct Files {
    removed: Mutex<u32>,
}

#[async_trait]
impl UserFiles for Files {
    fn name(&self) -> &'static str {
        "test files"
    }
    async fn files_of(&self, owner: UserId) -> Result<Vec<FileRef>, FileError> {
        Ok(vec![FileRef(format!("{owner}/a.jpg"))])
    }
    async fn remove(&self, files: &[FileRef]) -> Result<u64, FileError> {
        *self.removed.lock().unwrap() += 1;
        Ok(files.len() as u64)
    }
}

#[tokio::test]
async fn an_erasure_and_its_trace_are_one_unit_and_files_wait_for_it() {
    let w = world();
    let alice = w.alice().await;
    let files = Arc::new(Files::default());
    let eraser = AccountEraser::new(
        w.units.clone(),
        w.auth.password_check().clone(),
        w.clock.clone(),
    )
    .with_files(files.clone());

    w.units.fail(true);
    assert!(
        eraser
            .delete_own_account(&alice, &pw(PW), &ctx())
            .await
            .is_err()
    );
    assert_eq!(
        w.units.last_size(),
        4,
        "the erasure, its trace and the password check's two writes"
    );
    assert!(w.store.user_by_id(alice.id).await.unwrap().is_some());
    assert_eq!(
        *files.removed.lock().unwrap(),
        0,
        "no file goes before the commit"
    );

    w.units.fail(false);
    let report = eraser
        .delete_own_account(&alice, &pw(PW), &ctx())
        .await
        .unwrap();
    assert_eq!(report.files_removed, 1);
    assert_eq!(w.store.user_by_id(alice.id).await.unwrap(), None);
    let trace = w.store.audit_all(10).await.unwrap();
    assert_eq!(trace.len(), 1);
    assert_eq!(trace[0].user_id, None);
    assert!(
        trace[0].detail.starts_with("self-service;"),
        "{}",
        trace[0].detail
    );
}

#[tokio::test]
async fn an_inbox_action_caches_and_audits_together_after_instagram() {
    let w = world();
    let alice = w.alice().await;
    let mut ig = instagram();
    ig.expect_reply_to_comment()
        .returning(|_, _, _| Ok("reply-1".into()));
    ig.expect_set_comment_hidden().returning(|_, _, _| Ok(()));
    let accounts = w.accounts(ig);
    let account = w.connected(&accounts, alice.id).await;
    let storage = InboxStorage::from_store(w.dyn_store.clone());
    let inbox = InboxService::new(
        InboxStorage {
            units: w.units.clone() as Arc<dyn UnitOfWork<InboxChange>>,
            ..storage
        },
        accounts,
        w.clock.clone(),
    );
    let comment = CachedComment {
        account_id: account.id,
        id: "c1".into(),
        media_id: "m1".into(),
        parent_id: None,
        text: "love it".into(),
        username: Some("fan".into()),
        timestamp: w.clock.now(),
        hidden: false,
        like_count: Some(0),
        fetched_at: w.clock.now(),
    };
    w.store.upsert_comments(&[comment]).await.unwrap();

    w.units.fail(true);
    let failed = inbox.reply(alice.id, "c1", "thank you", &ctx()).await;
    assert!(matches!(failed, Err(InboxError::Internal(_))), "{failed:?}");
    assert_eq!(w.units.last_size(), 2, "the reply and its audit event");
    assert!(
        w.store
            .cached_comment(alice.id, "reply-1")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        inbox
            .set_hidden(alice.id, "c1", true, &ctx())
            .await
            .is_err()
    );
    assert!(
        !w.store
            .cached_comment(alice.id, "c1")
            .await
            .unwrap()
            .unwrap()
            .hidden
    );
    let kinds = w.audit_kinds(alice.id).await;
    assert!(!kinds.contains(&AuditKind::CommentReplied));
    assert!(!kinds.contains(&AuditKind::CommentHidden));

    w.units.fail(false);
    inbox
        .reply(alice.id, "c1", "thank you", &ctx())
        .await
        .unwrap();
    inbox
        .set_hidden(alice.id, "c1", true, &ctx())
        .await
        .unwrap();
    assert!(
        w.store
            .cached_comment(alice.id, "reply-1")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        w.store
            .cached_comment(alice.id, "c1")
            .await
            .unwrap()
            .unwrap()
            .hidden
    );
    let kinds = w.audit_kinds(alice.id).await;
    assert!(kinds.contains(&AuditKind::CommentReplied));
    assert!(kinds.contains(&AuditKind::CommentHidden));
}
