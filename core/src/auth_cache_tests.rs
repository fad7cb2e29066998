//! The authentication cache: queries saved, lifetime, capacity, the
//! revocation epoch, and the bound for revocations made by another server
//! process. Counts come from mockall expectations (`times`): each stands
//! for one database query.
//!
//! The revocation epoch is process-wide, so these tests take one lock: a
//! revocation in one test must not turn another's expected hit into a miss.

#![allow(clippy::unwrap_used, clippy::expect_used)]

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

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

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
    AuthService::new(
        AuthStorage {
            users: Arc::new(users),
            sessions: Arc::new(sessions),
            tokens: Arc::new(tokens),
            audit: Arc::new(MockAuditRepo::new()),
            throttle: Arc::new(MockLoginThrottleRepo::new()),
            units: Arc::new(MockUnitOfWork::<Change>::new()),
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
    let _serial = SERIAL.lock().await;
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
    let _serial = SERIAL.lock().await;
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
    let _serial = SERIAL.lock().await;
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

#[tokio::test]
async fn a_revocation_on_another_server_takes_effect_within_the_lifetime() {
    let _serial = SERIAL.lock().await;
    let id = UserId::new();
    let mut users = MockUserRepo::new();
    users
        .expect_user_by_id()
        .returning(move |_| Ok(Some(user(id))));
    // The row as the shared database has it; another server process deletes
    // it (this process's epoch never hears of that).
    let row = Arc::new(Mutex::new(Some(token(id, "sfp_b"))));
    let read = row.clone();
    let mut tokens = MockApiTokenRepo::new();
    tokens
        .expect_api_token_by_digest()
        .returning(move |_| Ok(read.lock().unwrap().clone()));
    let clock = clock();
    let auth = service(users, MockSessionRepo::new(), tokens, clock.clone());
    assert!(auth.bearer_user("sfp_b").await.unwrap().is_some());
    row.lock().unwrap().take();
    clock.advance(AUTH_CACHE_TTL - Duration::milliseconds(1));
    assert!(
        auth.bearer_user("sfp_b").await.unwrap().is_some(),
        "the documented bound: up to the cache's lifetime"
    );
    clock.advance(Duration::milliseconds(1));
    assert!(auth.bearer_user("sfp_b").await.unwrap().is_none());
}

#[tokio::test]
async fn a_revocation_in_this_process_takes_effect_on_the_next_request() {
    let _serial = SERIAL.lock().await;
    let id = UserId::new();
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
    let auth = service(users, MockSessionRepo::new(), tokens, clock());
    assert!(auth.bearer_user("sfp_c").await.unwrap().is_some());
    // A store adapter committing a revocation bumps the epoch after commit.
    row.lock().unwrap().take();
    note_auth_change();
    assert!(auth.bearer_user("sfp_c").await.unwrap().is_none());
}

#[test]
fn an_answer_read_while_a_revocation_committed_is_not_kept() {
    let _serial = SERIAL.blocking_lock();
    let cache = AuthCache::default();
    let id = UserId::new();
    let digest = TokenDigest("d:x".into());
    let before_read = auth_epoch();
    // ... the database read happens, then a revocation commits ...
    note_auth_change();
    cache.put(
        digest.clone(),
        user(id),
        Credential::Token(token(id, "x")),
        T0,
        before_read,
    );
    assert!(cache.get(&digest, T0).is_none());
    assert!(cache.is_empty());
}

#[test]
fn the_cache_is_bounded_and_makes_room_from_stale_entries() {
    let _serial = SERIAL.blocking_lock();
    let cache = AuthCache::new(Duration::seconds(5), 3);
    let id = UserId::new();
    let put = |name: &str, at: OffsetDateTime| {
        cache.put(
            TokenDigest(name.into()),
            user(id),
            Credential::Token(token(id, name)),
            at,
            auth_epoch(),
        );
    };
    put("a", T0);
    put("b", T0);
    put("c", T0 + Duration::seconds(3));
    put("d", T0 + Duration::seconds(3));
    assert_eq!(cache.len(), 3, "full: the fourth is not kept");
    assert!(
        cache
            .get(&TokenDigest("d".into()), T0 + Duration::seconds(3))
            .is_none()
    );
    // Once a and b are stale, a new entry pushes them out.
    put("e", T0 + Duration::seconds(6));
    assert_eq!(cache.len(), 2);
    assert!(
        cache
            .get(&TokenDigest("e".into()), T0 + Duration::seconds(6))
            .is_some()
    );
    assert!(
        cache
            .get(&TokenDigest("c".into()), T0 + Duration::seconds(6))
            .is_some()
    );
    // A clock that went back never revives or honours an entry.
    assert!(cache.get(&TokenDigest("e".into()), T0).is_none());
}

#[test]
fn a_zero_lifetime_caches_nothing() {
    let _serial = SERIAL.blocking_lock();
    let cache = AuthCache::new(Duration::ZERO, 10);
    let id = UserId::new();
    cache.put(
        TokenDigest("a".into()),
        user(id),
        Credential::Token(token(id, "a")),
        T0,
        auth_epoch(),
    );
    assert!(cache.is_empty());
}
