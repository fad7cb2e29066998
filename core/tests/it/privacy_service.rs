//! The privacy use cases on the in-memory fakes: account erasure with files
//! removed only after the database delete, the policy notice, and the
//! admin-only audit view.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::audit::AuditKind;
use socialflow_core::password_check::PasswordCheck;
use socialflow_core::privacy::{
    AccountEraser, AuditFilter, AuditView, AuditViewError, ErasureError, FileError, FileRef,
    PolicyService, PolicyVersion, UserFiles,
};
use socialflow_core::storage::{AuditRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::users::UserService;
use socialflow_core::{Clock, Language, RequestContext, Store, User, UserId};
use socialflow_fakes::{FastHasher, ManualClock, MemoryStore};

const PW: &str = "correct horse battery";

/// Files that may only be removed once their owner is gone.
struct Files {
    store: Arc<MemoryStore>,
    owner: UserId,
    removed: Mutex<Vec<FileRef>>,
}

#[async_trait]
impl UserFiles for Files {
    fn name(&self) -> &'static str {
        "test files"
    }
    async fn files_of(&self, owner: UserId) -> Result<Vec<FileRef>, FileError> {
        assert!(
            self.store.user_by_id(owner).await.unwrap().is_some(),
            "listed before the delete"
        );
        Ok(vec![
            FileRef(format!("{owner}/a.jpg")),
            FileRef(format!("{owner}/b.mp4")),
        ])
    }
    async fn remove(&self, files: &[FileRef]) -> Result<u64, FileError> {
        assert!(
            self.store.user_by_id(self.owner).await.unwrap().is_none(),
            "removed only after the commit"
        );
        self.removed.lock().unwrap().extend(files.iter().cloned());
        Ok(files.len() as u64)
    }
}

/// The user use cases on `store`, with a fast hasher.
fn users_on(store: &Arc<dyn Store>, clock: Arc<dyn Clock>) -> UserService {
    UserService::new(store.clone(), store.clone(), Arc::new(FastHasher), clock)
}

async fn user(users: &UserService, name: &str, role: Role) -> User {
    users
        .create_user(
            name,
            SecretString::from(PW.to_string()),
            role,
            Language::En,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn erasure_checks_the_password_and_removes_files_after_the_delete() {
    let store = Arc::new(MemoryStore::new());
    let dyn_store: Arc<dyn Store> = store.clone();
    let clock = Arc::new(ManualClock::default());
    let users = users_on(&dyn_store, clock.clone());
    let alice = user(&users, "alice", Role::User).await;
    let files = Arc::new(Files {
        store: store.clone(),
        owner: alice.id,
        removed: Mutex::new(Vec::new()),
    });
    let check = PasswordCheck::new(dyn_store.clone(), Arc::new(FastHasher), clock.clone());
    let eraser = AccountEraser::new(dyn_store.clone(), check, clock).with_files(files.clone());
    let ctx = RequestContext::new("203.0.113.9", None);

    let wrong = eraser
        .delete_own_account(&alice, &SecretString::from("nope nope".to_string()), &ctx)
        .await;
    assert!(matches!(wrong, Err(ErasureError::WrongPassword { .. })));
    assert!(store.user_by_id(alice.id).await.unwrap().is_some());
    assert!(files.removed.lock().unwrap().is_empty());

    let report = eraser
        .delete_own_account(&alice, &SecretString::from(PW.to_string()), &ctx)
        .await
        .unwrap();
    assert_eq!(report.files_removed, 2);
    assert_eq!(files.removed.lock().unwrap().len(), 2);
    assert!(store.user_by_id(alice.id).await.unwrap().is_none());
    let trace = store.audit_all(10).await.unwrap();
    assert_eq!(trace.len(), 1, "only the anonymous trace is left");
    assert_eq!(trace[0].kind, AuditKind::UserDeleted);
    assert_eq!(trace[0].user_id, None);
    assert!(!trace[0].detail.contains("alice"));
}

#[tokio::test]
async fn the_notice_shows_until_the_current_version_is_acknowledged() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let users = users_on(&store, clock.clone());
    let alice = user(&users, "alice", Role::User).await;
    // Alice accepted an earlier version.
    store
        .acknowledge_policy(alice.id, "2026-11-27", clock.now())
        .await
        .unwrap();
    let v1 = PolicyService::new(
        store.clone(),
        store.clone(),
        clock.clone(),
        PolicyVersion::parse("2027-01-01").unwrap(),
    );
    assert!(v1.needs_notice(alice.id).await.unwrap());
    assert!(
        v1.needs_notice(alice.id).await.unwrap(),
        "until acknowledged"
    );
    v1.acknowledge(alice.id, &RequestContext::cli())
        .await
        .unwrap();
    assert!(!v1.needs_notice(alice.id).await.unwrap());
    let v2 = PolicyService::new(
        store.clone(),
        store.clone(),
        clock,
        PolicyVersion::parse("2027-02-01").unwrap(),
    );
    assert!(v2.needs_notice(alice.id).await.unwrap());
}

#[tokio::test]
async fn a_new_user_sees_no_change_notice_but_the_next_change_reaches_them() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let users = users_on(&store, clock.clone());
    let bob = user(&users, "bob", Role::User).await;
    let v1 = PolicyService::new(
        store.clone(),
        store.clone(),
        clock.clone(),
        PolicyVersion::parse("2027-01-01").unwrap(),
    );
    assert!(
        !v1.needs_notice(bob.id).await.unwrap(),
        "nothing changed for bob"
    );
    assert_eq!(
        store.acknowledged_policy(bob.id).await.unwrap().as_deref(),
        Some("2027-01-01"),
        "he joined under this version"
    );
    assert!(!v1.needs_notice(bob.id).await.unwrap());
    let v2 = PolicyService::new(
        store.clone(),
        store.clone(),
        clock,
        PolicyVersion::parse("2027-02-01").unwrap(),
    );
    assert!(v2.needs_notice(bob.id).await.unwrap());
}

#[tokio::test]
async fn only_admins_page_through_every_event() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let users = users_on(&store, clock);
    let root = user(&users, "root", Role::Admin).await;
    let alice = user(&users, "alice", Role::User).await;
    let view = AuditView::new(store.clone(), store.clone());
    let all = AuditFilter::default();
    assert!(matches!(
        view.page(&alice, &all).await,
        Err(AuditViewError::Forbidden)
    ));
    let page = view.page(&root, &all).await.unwrap();
    assert_eq!(page.events.len(), 2, "two user_created events");
    assert!(!page.has_more);
    assert_eq!(
        page.usernames.get(&alice.id).map(String::as_str),
        Some("alice")
    );
    let one = view
        .page(
            &root,
            &AuditFilter {
                limit: 1,
                ..AuditFilter::default()
            },
        )
        .await
        .unwrap();
    assert!(one.has_more);
    assert!(matches!(
        view.user_named("ghost").await,
        Err(AuditViewError::UnknownUser(_))
    ));
    assert_eq!(view.user_named("Alice").await.unwrap(), alice.id);
}

/// Once a user is known to have acknowledged the current version, pages ask
/// the store no more (the answer cannot change while the process runs); a
/// user with a notice pending is read every time, so acknowledging on
/// another server shows at once.
#[tokio::test]
async fn an_acknowledged_user_costs_no_read_a_pending_one_is_read_each_time() {
    use socialflow_core::privacy::MockPolicyRepo;
    let (alice, bob) = (UserId::new(), UserId::new());
    let mut repo = MockPolicyRepo::new();
    repo.expect_acknowledged_policy()
        .withf(move |u| *u == alice)
        .times(1)
        .returning(|_| Ok(Some("2027-01-01".into())));
    repo.expect_acknowledged_policy()
        .withf(move |u| *u == bob)
        .times(3)
        .returning(|_| Ok(Some("2026-11-27".into())));
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let users = users_on(&store, clock.clone());
    let carol = user(&users, "carol", Role::User).await.id;
    let policy = PolicyService::new(
        Arc::new(repo),
        store,
        clock,
        PolicyVersion::parse("2027-01-01").unwrap(),
    );
    for _ in 0..3 {
        assert!(!policy.needs_notice(alice).await.unwrap());
        assert!(
            policy.needs_notice(bob).await.unwrap(),
            "until acknowledged"
        );
    }
    // A clone (each request's services) shares what is known.
    assert!(!policy.clone().needs_notice(alice).await.unwrap());
    // Acknowledging is remembered too: carol is never read after it.
    policy
        .acknowledge(carol, &RequestContext::cli())
        .await
        .unwrap();
    assert!(!policy.needs_notice(carol).await.unwrap());
}
