//! Every password check counts against brute force before bcrypt runs:
//! parallel guesses cannot outrun the count, and re-entering the password
//! (changing it, deleting the account) shares the login's limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::auth::{AuthService, AuthStorage, LoginError, PasswordChangeError};
use socialflow_core::password::{HashError, PasswordHash, PasswordHasher};
use socialflow_core::password_check::{CheckError, PasswordCheck};
use socialflow_core::privacy::{AccountEraser, ErasureError};
use socialflow_core::storage::{LoginThrottleRepo, UserRepo};
use socialflow_core::throttle::ThrottleKey;
use socialflow_core::user::Role;
use socialflow_core::users::UserService;
use socialflow_core::{Clock, Language, RequestContext, Store, User};
use socialflow_crypto::RandomMinter;
use socialflow_fakes::{FastHasher, ManualClock, MemoryStore};
use time::Duration;

const PW: &str = "correct horse battery";

/// The fast hasher, but taking as long as bcrypt does and counting calls:
/// every guess is in flight at once, as with real password checks.
#[derive(Default)]
struct SlowHasher {
    verified: AtomicUsize,
}

#[async_trait]
impl PasswordHasher for SlowHasher {
    async fn hash(&self, password: &SecretString) -> Result<PasswordHash, HashError> {
        FastHasher.hash(password).await
    }
    async fn verify(
        &self,
        password: &SecretString,
        hash: &PasswordHash,
    ) -> Result<bool, HashError> {
        self.verified.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        FastHasher.verify(password, hash).await
    }
    fn dummy_hash(&self) -> PasswordHash {
        FastHasher.dummy_hash()
    }
}

struct World {
    store: Arc<MemoryStore>,
    clock: Arc<ManualClock>,
    hasher: Arc<SlowHasher>,
    auth: AuthService,
    alice: User,
}

async fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let hasher = Arc::new(SlowHasher::default());
    let dyn_store: Arc<dyn Store> = store.clone();
    let auth = AuthService::new(
        AuthStorage::from_store(dyn_store.clone()),
        hasher.clone(),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let users = UserService::new(
        dyn_store.clone(),
        dyn_store.clone(),
        Arc::new(FastHasher),
        clock.clone(),
    );
    let alice = users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx(1))
        .await
        .unwrap();
    World {
        store,
        clock,
        hasher,
        auth,
        alice,
    }
}

fn ctx(n: u8) -> RequestContext {
    RequestContext::new(format!("198.51.100.{n}"), None)
}

fn pw(s: &str) -> SecretString {
    s.to_string().into()
}

async fn failures(store: &MemoryStore, key: ThrottleKey, clock: &ManualClock) -> usize {
    store
        .login_failures_since(&key.storage_key(), clock.now() - Duration::minutes(15))
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_cannot_outrun_the_limit() {
    let w = world().await;
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let auth = w.auth.clone();
            tokio::spawn(async move { auth.login("alice", &pw("guess"), &ctx(7)).await })
        })
        .collect();
    let (mut wrong, mut throttled) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Err(LoginError::InvalidCredentials { .. }) => wrong += 1,
            Err(LoginError::Throttled { retry_after }) => {
                assert!(retry_after >= Duration::seconds(1));
                throttled += 1;
            }
            other => panic!("{:?}", other.err()),
        }
    }
    assert_eq!(wrong, 10, "exactly the limit is checked on the fake");
    assert_eq!(throttled, 15);
    assert_eq!(w.hasher.verified.load(Ordering::SeqCst), 10);
    // Refused attempts are not failures.
    assert_eq!(
        failures(&w.store, ThrottleKey::Username("alice".into()), &w.clock).await,
        10
    );
    assert_eq!(
        failures(&w.store, ThrottleKey::Ip("198.51.100.7".into()), &w.clock).await,
        10
    );
}

#[tokio::test]
async fn changing_the_password_shares_the_login_limit() {
    let w = world().await;
    for i in 0..10 {
        let r = w
            .auth
            .change_password(&w.alice, &pw("guess"), pw("new password!"), None, &ctx(i))
            .await;
        assert!(
            matches!(r, Err(PasswordChangeError::WrongCurrentPassword { .. })),
            "attempt {i}"
        );
    }
    // The right current password is refused now, and so is a login.
    let r = w
        .auth
        .change_password(&w.alice, &pw(PW), pw("new password!"), None, &ctx(50))
        .await;
    let Err(PasswordChangeError::Throttled { retry_after }) = r else {
        panic!("not throttled: {:?}", r.err());
    };
    assert_eq!(retry_after, Duration::minutes(15));
    assert!(matches!(
        w.auth.login("alice", &pw(PW), &ctx(51)).await,
        Err(LoginError::Throttled { .. })
    ));
    let stored = w.store.user_by_id(w.alice.id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, w.alice.password_hash, "unchanged");

    // Once the failures leave the window, the right password works and
    // clears them.
    w.clock.advance(Duration::minutes(16));
    w.auth
        .change_password(&w.alice, &pw(PW), pw("new password!"), None, &ctx(50))
        .await
        .unwrap();
    assert_eq!(
        failures(&w.store, ThrottleKey::Username("alice".into()), &w.clock).await,
        0
    );
}

#[tokio::test]
async fn deleting_the_account_is_throttled_too() {
    let w = world().await;
    let store: Arc<dyn Store> = w.store.clone();
    let eraser = AccountEraser::new(store, w.auth.password_check().clone(), w.clock.clone());
    // Failed logins count towards the re-check, and the other way round.
    for i in 0..5 {
        assert!(matches!(
            w.auth.login("alice", &pw("guess"), &ctx(i)).await,
            Err(LoginError::InvalidCredentials { .. })
        ));
    }
    for i in 5..10 {
        let r = eraser
            .delete_own_account(&w.alice, &pw("guess"), &ctx(i))
            .await;
        assert!(matches!(r, Err(ErasureError::WrongPassword { .. })), "{i}");
    }
    let r = eraser.delete_own_account(&w.alice, &pw(PW), &ctx(60)).await;
    assert!(
        matches!(r, Err(ErasureError::Throttled { .. })),
        "{:?}",
        r.err()
    );
    assert!(w.store.user_by_id(w.alice.id).await.unwrap().is_some());
}

#[tokio::test]
async fn wrong_rechecks_are_slowed_down_like_logins() {
    let w = world().await;
    let mut delays = Vec::new();
    for _ in 0..6 {
        match w
            .auth
            .change_password(&w.alice, &pw("guess"), pw("new password!"), None, &ctx(3))
            .await
        {
            Err(PasswordChangeError::WrongCurrentPassword { delay }) => delays.push(delay),
            other => panic!("{:?}", other.err()),
        }
    }
    let policy = w.auth.password_check().policy();
    let expected: Vec<_> = (1..=6).map(|n| policy.delay_after_failure(n)).collect();
    assert_eq!(delays, expected);
    assert!(delays[5] > Duration::ZERO);
}

#[tokio::test]
async fn the_ip_limit_refuses_across_usernames_and_success_withdraws_its_attempt() {
    let w = world().await;
    let check = w.auth.password_check().clone();
    let dummy = check.dummy_hash();
    // 29 wrong guesses at 29 usernames from one address.
    for i in 0..29 {
        let r = check
            .check(&format!("user{i}"), "203.0.113.5", &pw("x"), &dummy)
            .await;
        assert!(matches!(r, Err(CheckError::Wrong { .. })), "{i}");
    }
    // The right password from there still works, and does not count.
    check
        .check("alice", "203.0.113.5", &pw(PW), &w.alice.password_hash)
        .await
        .unwrap();
    assert_eq!(
        failures(&w.store, ThrottleKey::Ip("203.0.113.5".into()), &w.clock).await,
        29
    );
    let r = check.check("bob", "203.0.113.5", &pw("x"), &dummy).await;
    assert!(matches!(r, Err(CheckError::Wrong { .. })));
    // The 31st attempt from the address is refused, whoever it is for.
    let r = check
        .check("alice", "203.0.113.5", &pw(PW), &w.alice.password_hash)
        .await;
    assert!(
        matches!(r, Err(CheckError::Throttled { .. })),
        "{:?}",
        r.err()
    );
    assert_eq!(
        failures(&w.store, ThrottleKey::Ip("203.0.113.5".into()), &w.clock).await,
        30,
        "the refusal is not counted"
    );
    // Alice's own counter was not touched by the refusal.
    assert_eq!(
        failures(&w.store, ThrottleKey::Username("alice".into()), &w.clock).await,
        0
    );
}

/// A hasher that fails: the attempt is not held against the user.
struct BrokenHasher;

#[async_trait]
impl PasswordHasher for BrokenHasher {
    async fn hash(&self, _: &SecretString) -> Result<PasswordHash, HashError> {
        Err(HashError("broken".into()))
    }
    async fn verify(&self, _: &SecretString, _: &PasswordHash) -> Result<bool, HashError> {
        Err(HashError("broken".into()))
    }
    fn dummy_hash(&self) -> PasswordHash {
        PasswordHash("x".into())
    }
}

#[tokio::test]
async fn a_failing_hasher_leaves_no_failure_behind() {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let check = PasswordCheck::new(store.clone(), Arc::new(BrokenHasher), clock.clone());
    let r = check
        .check("alice", "192.0.2.1", &pw(PW), &PasswordHash("x".into()))
        .await;
    assert!(matches!(r, Err(CheckError::Internal(_))));
    assert_eq!(
        failures(&store, ThrottleKey::Username("alice".into()), &clock).await,
        0
    );
    assert_eq!(
        failures(&store, ThrottleKey::Ip("192.0.2.1".into()), &clock).await,
        0
    );
}
