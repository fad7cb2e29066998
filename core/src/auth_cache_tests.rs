//! The authentication cache: queries saved, lifetime, capacity, and the
//! shared revocation epoch (a revocation made by this or another server
//! process takes effect on the next request). Counts come from mockall
//! expectations (`times`): each stands for one database query.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use secrecy::SecretString;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::audit::MockAuditRepo;
use crate::auth::{AuthService, AuthStorage};
use crate::crypto::SecretMinter;
use crate::password::{MockPasswordHasher, PasswordHash};
use crate::session::{MockSessionRepo, Session};
use crate::throttle::MockLoginThrottleRepo;
use crate::token::{ApiToken, ApiTokenId, MockApiTokenRepo};
use crate::unit_of_work::MockUnitOfWork;
use crate::user::{MockUserRepo, Role, User, UserId, Username};
use crate::{Clock, Language, TimeZone};

/// The database's epoch row, as every server process sharing it sees it;
/// counts its reads.
#[derive(Default)]
struct SharedEpoch {
    epoch: AtomicU64,
    reads: AtomicU64,
}

impl SharedEpoch {
    /// What a store does in the transaction of a revocation.
    fn bump(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
    }
    fn reads(&self) -> u64 {
        self.reads.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl AuthEpochRepo for SharedEpoch {
    async fn auth_epoch(&self) -> crate::store_error::StoreResult<u64> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        Ok(self.epoch.load(Ordering::SeqCst))
    }
}

struct Manual(Mutex<OffsetDateTime>);

impl Clock for Manual {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

impl Manual {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

/// Digest = the secret prefixed, so tests know every digest.
struct PlainMinter;

impl SecretMinter for PlainMinter {
    fn mint(&self) -> SecretString {
        "minted".to_string().into()
    }
    fn digest(&self, secret: &str) -> TokenDigest {
        TokenDigest(format!("d:{secret}"))
    }
}

const T0: OffsetDateTime = datetime!(2026-12-01 10:00 UTC);

fn user(id: UserId) -> User {
    User {
        id,
        username: Username::parse("alice").unwrap(),
        password_hash: PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::utc(),
        created_at: T0,
        updated_at: T0,
    }
}

fn session(id: UserId, secret: &str) -> Session {
    Session {
        digest: TokenDigest(format!("d:{secret}")),
        user_id: id,
        created_at: T0,
        last_seen_at: T0,
        expires_at: T0 + Duration::days(30),
        ip: "127.0.0.1".into(),
        user_agent: None,
    }
}

fn token(id: UserId, secret: &str) -> ApiToken {
    ApiToken {
        id: ApiTokenId(uuid::Uuid::now_v7()),
        user_id: id,
        name: "ci".into(),
        digest: TokenDigest(format!("d:{secret}")),
        created_at: T0,
        last_used_at: Some(T0),
    }
}

fn service(
    users: MockUserRepo,
    sessions: MockSessionRepo,
    tokens: MockApiTokenRepo,
    clock: Arc<Manual>,
) -> AuthService {
    service_on(
        users,
        sessions,
        tokens,
        clock,
        Arc::new(SharedEpoch::default()),
    )
}

fn service_on(
    users: MockUserRepo,
    sessions: MockSessionRepo,
    tokens: MockApiTokenRepo,
    clock: Arc<Manual>,
    epoch: Arc<SharedEpoch>,
) -> AuthService {
    AuthService::new(
        AuthStorage {
            users: Arc::new(users),
            sessions: Arc::new(sessions),
            tokens: Arc::new(tokens),
            audit: Arc::new(MockAuditRepo::new()),
            throttle: Arc::new(MockLoginThrottleRepo::new()),
            units: Arc::new(MockUnitOfWork::<Change>::new()),
            epochs: epoch,
        },
        Arc::new(MockPasswordHasher::new()),
        Arc::new(PlainMinter),
        clock,
    )
}

fn clock() -> Arc<Manual> {
    Arc::new(Manual(Mutex::new(T0)))
}

#[tokio::test]
async fn a_token_costs_two_queries_once_then_none_within_the_lifetime() {
    let id = UserId::new();
    let mut users = MockUserRepo::new();
    users
        .expect_user_by_id()
        .times(2)
        .returning(move |_| Ok(Some(user(id))));
    let mut tokens = MockApiTokenRepo::new();
    tokens
        .expect_api_token_by_digest()
        .times(2)
        .returning(move |_| Ok(Some(token(id, "sfp_a"))));
    tokens.expect_touch_api_token().never();
    let clock = clock();
    let auth = service(users, MockSessionRepo::new(), tokens, clock.clone());
    for _ in 0..100 {
        assert_eq!(
            auth.bearer_user("sfp_a").await.unwrap().map(|u| u.id),
            Some(id)
        );
    }
    // Past the lifetime the database is asked again (once).
    clock.advance(AUTH_CACHE_TTL);
    for _ in 0..100 {
        assert!(auth.bearer_user("sfp_a").await.unwrap().is_some());
    }
}

#[tokio::test]
async fn a_session_costs_two_queries_once_within_the_lifetime() {
    let id = UserId::new();
    let mut users = MockUserRepo::new();
    users
        .expect_user_by_id()
        .times(1)
        .returning(move |_| Ok(Some(user(id))));
    let mut sessions = MockSessionRepo::new();
    sessions
        .expect_session_by_digest()
        .times(1)
        .returning(move |_| Ok(Some(session(id, "c"))));
    sessions.expect_touch_session().never();
    let clock = clock();
    let auth = service(users, sessions, MockApiTokenRepo::new(), clock);
    for _ in 0..50 {
        assert!(auth.session_user("c").await.unwrap().is_some());
    }
}

#[tokio::test]
async fn an_expired_cached_session_is_refused_without_waiting_for_the_cache() {
    let id = UserId::new();
    let mut users = MockUserRepo::new();
    users
        .expect_user_by_id()
        .times(1)
        .returning(move |_| Ok(Some(user(id))));
    let mut sessions = MockSessionRepo::new();
    let mut near_end = session(id, "c");
    near_end.expires_at = T0 + Duration::seconds(2);
    let stored = Arc::new(Mutex::new(Some(near_end)));
    let read = stored.clone();
    sessions
        .expect_session_by_digest()
        .returning(move |_| Ok(read.lock().unwrap().clone()));
    let gone = stored.clone();
    sessions
        .expect_delete_session()
        .times(1)
        .returning(move |_| Ok(gone.lock().unwrap().take().is_some()));
    let clock = clock();
    let auth = service(users, sessions, MockApiTokenRepo::new(), clock.clone());
    assert!(auth.session_user("c").await.unwrap().is_some());
    clock.advance(Duration::seconds(2));
    assert!(auth.session_user("c").await.unwrap().is_none());
    assert!(stored.lock().unwrap().is_none(), "deleted on sight");
}

/// Two server processes over one database: each has its own cache, both
/// read the same epoch row.
#[tokio::test]
async fn a_revocation_on_another_server_takes_effect_on_the_next_request() {
    let id = UserId::new();
    let shared = Arc::new(SharedEpoch::default());
    let row = Arc::new(Mutex::new(Some(token(id, "sfp_b"))));
    let server = |row: Arc<Mutex<Option<ApiToken>>>| {
        let mut users = MockUserRepo::new();
        users
            .expect_user_by_id()
            .returning(move |_| Ok(Some(user(id))));
        let mut tokens = MockApiTokenRepo::new();
        tokens
            .expect_api_token_by_digest()
            .returning(move |_| Ok(row.lock().unwrap().clone()));
        service_on(
            users,
            MockSessionRepo::new(),
            tokens,
            clock(),
            shared.clone(),
        )
    };
    let here = server(row.clone());
    let _there = server(row.clone());
    assert!(here.bearer_user("sfp_b").await.unwrap().is_some());
    assert!(here.bearer_user("sfp_b").await.unwrap().is_some(), "cached");
    // The other process revokes the token: row and epoch in one transaction.
    row.lock().unwrap().take();
    shared.bump();
    assert!(here.bearer_user("sfp_b").await.unwrap().is_none());
}

#[tokio::test]
async fn a_cached_answer_costs_one_epoch_read_and_nothing_else() {
    let id = UserId::new();
    let shared = Arc::new(SharedEpoch::default());
    let mut users = MockUserRepo::new();
    users
        .expect_user_by_id()
        .times(1)
        .returning(move |_| Ok(Some(user(id))));
    let mut sessions = MockSessionRepo::new();
    sessions
        .expect_session_by_digest()
        .times(1)
        .returning(move |_| Ok(Some(session(id, "c"))));
    let auth = service_on(
        users,
        sessions,
        MockApiTokenRepo::new(),
        clock(),
        shared.clone(),
    );
    for _ in 0..10 {
        assert!(auth.session_user("c").await.unwrap().is_some());
    }
    assert_eq!(shared.reads(), 10, "one epoch read per request");
}

#[tokio::test]
async fn with_the_cache_off_the_epoch_is_not_read() {
    let id = UserId::new();
    let shared = Arc::new(SharedEpoch::default());
    let mut users = MockUserRepo::new();
    users
        .expect_user_by_id()
        .times(3)
        .returning(move |_| Ok(Some(user(id))));
    let mut sessions = MockSessionRepo::new();
    sessions
        .expect_session_by_digest()
        .times(3)
        .returning(move |_| Ok(Some(session(id, "c"))));
    let auth = service_on(
        users,
        sessions,
        MockApiTokenRepo::new(),
        clock(),
        shared.clone(),
    )
    .with_cache(Arc::new(AuthCache::new(Duration::ZERO, 0)));
    for _ in 0..3 {
        assert!(auth.session_user("c").await.unwrap().is_some());
    }
    assert_eq!(shared.reads(), 0);
}

#[tokio::test]
async fn a_revocation_in_this_process_takes_effect_on_the_next_request() {
    let id = UserId::new();
    let shared = Arc::new(SharedEpoch::default());
    let mut users = MockUserRepo::new();
    users
        .expect_user_by_id()
        .returning(move |_| Ok(Some(user(id))));
    let row = Arc::new(Mutex::new(Some(token(id, "sfp_c"))));
    let read = row.clone();
    let mut tokens = MockApiTokenRepo::new();
    tokens
        .expect_api_token_by_digest()
        .returning(move |_| Ok(read.lock().unwrap().clone()));
    let auth = service_on(
        users,
        MockSessionRepo::new(),
        tokens,
        clock(),
        shared.clone(),
    );
    assert!(auth.bearer_user("sfp_c").await.unwrap().is_some());
    // A store adapter committing a revocation bumps the epoch with it.
    row.lock().unwrap().take();
    shared.bump();
    assert!(auth.bearer_user("sfp_c").await.unwrap().is_none());
}

#[test]
fn an_answer_read_while_a_revocation_committed_is_never_used() {
    let cache = AuthCache::default();
    let id = UserId::new();
    let digest = TokenDigest("d:x".into());
    let before_read = 7;
    // ... the database read happens, then a revocation commits (epoch 8) ...
    cache.put(
        digest.clone(),
        user(id),
        Credential::Token(token(id, "x")),
        T0,
        before_read,
    );
    assert!(cache.get(&digest, T0, 8).is_none());
    assert!(cache.is_empty(), "dropped when found void");
}

#[test]
fn the_cache_is_bounded_and_makes_room_from_stale_entries() {
    let cache = AuthCache::new(Duration::seconds(5), 3);
    let id = UserId::new();
    let put = |name: &str, at: OffsetDateTime| {
        cache.put(
            TokenDigest(name.into()),
            user(id),
            Credential::Token(token(id, name)),
            at,
            0,
        );
    };
    put("a", T0);
    put("b", T0);
    put("c", T0 + Duration::seconds(3));
    put("d", T0 + Duration::seconds(3));
    assert_eq!(cache.len(), 3, "full: the fourth is not kept");
    assert!(
        cache
            .get(&TokenDigest("d".into()), T0 + Duration::seconds(3), 0)
            .is_none()
    );
    // Once a and b are stale, a new entry pushes them out.
    put("e", T0 + Duration::seconds(6));
    assert_eq!(cache.len(), 2);
    assert!(
        cache
            .get(&TokenDigest("e".into()), T0 + Duration::seconds(6), 0)
            .is_some()
    );
    assert!(
        cache
            .get(&TokenDigest("c".into()), T0 + Duration::seconds(6), 0)
            .is_some()
    );
    // A clock that went back never revives or honours an entry.
    assert!(cache.get(&TokenDigest("e".into()), T0, 0).is_none());
}

#[test]
fn a_zero_lifetime_caches_nothing() {
    let cache = AuthCache::new(Duration::ZERO, 10);
    let id = UserId::new();
    cache.put(
        TokenDigest("a".into()),
        user(id),
        Credential::Token(token(id, "a")),
        T0,
        0,
    );
    assert!(cache.is_empty());
}
