//! Authentication use cases on the in-memory fakes, plus interaction checks
//! with mockall where the *how* matters (bcrypt spent on unknown users).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::audit::AuditKind;
use socialflow_core::auth::{AuthService, AuthStorage, LoginError};
use socialflow_core::password::{MockPasswordHasher, PasswordHash};
use socialflow_core::storage::{AuditRepo, SessionRepo, UserRepo};
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::user::Role;
use socialflow_core::users::{UserError, UserService};
use socialflow_core::{Clock, Language, RequestContext, Store};
use socialflow_crypto::RandomMinter;
use socialflow_fakes::{FastHasher, ManualClock, MemoryStore};
use time::Duration;

const PW: &str = "correct horse battery";

struct World {
    store: Arc<MemoryStore>,
    clock: Arc<ManualClock>,
    auth: AuthService,
    users: UserService,
}

fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let dyn_store: Arc<dyn Store> = store.clone();
    let auth = AuthService::new(
        AuthStorage::from_store(dyn_store.clone()),
        Arc::new(FastHasher),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let users = UserService::new(
        dyn_store.clone(),
        dyn_store.clone(),
        Arc::new(FastHasher),
        clock.clone(),
    );
    World {
        store,
        clock,
        auth,
        users,
    }
}

fn ctx() -> RequestContext {
    RequestContext::new("203.0.113.9", Some("test".into()))
}

fn pw(s: &str) -> SecretString {
    s.to_string().into()
}

#[tokio::test]
async fn a_session_lives_until_logout_and_stores_only_a_digest() {
    let w = world();
    let alice = w
        .users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap();
    let done = w.auth.login("ALICE", &pw(PW), &ctx()).await.unwrap();
    assert_eq!(done.user.id, alice.id);
    let secret = done.session_secret.expose_secret();
    assert_ne!(
        done.session.digest.0, secret,
        "the secret itself is never stored"
    );
    assert!(
        w.store
            .session_by_digest(&done.session.digest)
            .await
            .unwrap()
            .is_some()
    );

    let (user, _) = w.auth.session_user(secret).await.unwrap().expect("live");
    assert_eq!(user.id, alice.id);
    assert!(w.auth.session_user("made-up").await.unwrap().is_none());

    w.auth.logout(secret, &ctx()).await.unwrap();
    assert!(w.auth.session_user(secret).await.unwrap().is_none());
}

#[tokio::test]
async fn expired_sessions_are_deleted_on_sight() {
    let w = world();
    w.users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap();
    let done = w.auth.login("alice", &pw(PW), &ctx()).await.unwrap();
    let secret = done.session_secret.expose_secret().to_string();
    // Active every 6 days, the session still ends at 30 days.
    for _ in 0..4 {
        w.clock.advance(Duration::days(6));
        assert!(w.auth.session_user(&secret).await.unwrap().is_some());
    }
    w.clock.advance(Duration::days(6));
    assert!(w.auth.session_user(&secret).await.unwrap().is_none());
    assert!(
        w.store
            .session_by_digest(&done.session.digest)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn throttling_counts_per_username_and_per_ip() {
    let w = world();
    let alice = w
        .users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap();
    for i in 0..10 {
        let ip = RequestContext::new(format!("198.51.100.{i}"), None);
        match w.auth.login("alice", &pw("wrong"), &ip).await {
            Err(LoginError::InvalidCredentials { delay }) => {
                let expected = ThrottlePolicy::default().delay_after_failure(i + 1);
                assert_eq!(delay, expected);
            }
            other => panic!("attempt {i}: {:?}", other.err()),
        }
    }
    // The username is locked from any address.
    let fresh_ip = RequestContext::new("192.0.2.1", None);
    assert!(matches!(
        w.auth.login("alice", &pw(PW), &fresh_ip).await,
        Err(LoginError::Throttled { .. })
    ));
    // Another user from a fresh address is not affected.
    w.users
        .create_user("bob", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap();
    assert!(w.auth.login("bob", &pw(PW), &fresh_ip).await.is_ok());
    // Success clears the username's failures once the lock has passed.
    w.clock.advance(Duration::minutes(15));
    assert!(w.auth.login("alice", &pw(PW), &fresh_ip).await.is_ok());
    let kinds: Vec<_> = w
        .store
        .audit_for_user(alice.id, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == AuditKind::LoginFailed)
            .count(),
        10
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == AuditKind::LoginThrottled)
            .count(),
        1
    );
}

#[tokio::test]
async fn tokens_authenticate_until_revoked() {
    let w = world();
    let alice = w
        .users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap();
    let (token, secret) = w
        .auth
        .create_api_token(alice.id, "ci", &ctx())
        .await
        .unwrap();
    assert!(secret.expose_secret().starts_with("sfp_"));
    assert_eq!(
        w.auth
            .bearer_user(secret.expose_secret())
            .await
            .unwrap()
            .map(|u| u.id),
        Some(alice.id)
    );
    assert!(w.auth.bearer_user("sfp_nope").await.unwrap().is_none());
    assert!(matches!(
        w.auth.create_api_token(alice.id, "  ", &ctx()).await,
        Err(socialflow_core::auth::TokenError::Name(_))
    ));
    assert!(
        w.auth
            .revoke_api_token(alice.id, token.id, &ctx())
            .await
            .unwrap()
    );
    assert!(
        w.auth
            .bearer_user(secret.expose_secret())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn user_management_validates_and_cleans_up() {
    let w = world();
    assert!(matches!(
        w.users
            .create_user("x", pw(PW), Role::User, Language::En, &ctx())
            .await,
        Err(UserError::Username(_))
    ));
    assert!(matches!(
        w.users
            .create_user("alice", pw("short"), Role::User, Language::En, &ctx())
            .await,
        Err(UserError::Password(_))
    ));
    w.users
        .create_user("alice", pw(PW), Role::Admin, Language::Kk, &ctx())
        .await
        .unwrap();
    assert!(matches!(
        w.users
            .create_user("Alice", pw(PW), Role::User, Language::En, &ctx())
            .await,
        Err(UserError::UsernameTaken(_))
    ));
    let done = w.auth.login("alice", &pw(PW), &ctx()).await.unwrap();
    w.users
        .reset_password("alice", pw("another password"), &RequestContext::cli())
        .await
        .unwrap();
    assert!(
        w.auth
            .session_user(done.session_secret.expose_secret())
            .await
            .unwrap()
            .is_none(),
        "reset ends sessions"
    );
    w.users
        .delete_user("alice", &RequestContext::cli())
        .await
        .unwrap();
    assert_eq!(w.store.count_users().await.unwrap(), 0);
    let left = w.store.audit_all(10).await.unwrap();
    assert_eq!(left.len(), 1, "only the operator's anonymous trace remains");
    assert_eq!(left[0].kind, AuditKind::UserDeleted);
    assert!(left[0].user_id.is_none());
    assert!(!left[0].detail.contains("alice"));
    assert!(matches!(
        w.users.delete_user("alice", &RequestContext::cli()).await,
        Err(UserError::NotFound(_))
    ));
}

#[tokio::test]
async fn unknown_usernames_cost_one_password_check_like_known_ones() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let dummy = PasswordHash("$2b$12$dummy".into());
    let mut hasher = MockPasswordHasher::new();
    hasher.expect_dummy_hash().return_const(dummy.clone());
    hasher
        .expect_verify()
        .withf(move |_, h| *h == dummy)
        .times(1)
        .returning(|_, _| Ok(false));
    hasher.expect_hash().never();
    let auth = AuthService::new(
        AuthStorage::from_store(store.clone()),
        Arc::new(hasher),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let result = auth.login("nobody", &pw(PW), &ctx()).await;
    assert!(matches!(result, Err(LoginError::InvalidCredentials { .. })));
    let events = store.audit_all(10).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::LoginFailed);
    assert_eq!(events[0].at, clock.now());
}

/// A shared workspace's principal row is not a person: even with a hash
/// that matches, it never signs in, and nobody can register its kind of name.
#[tokio::test]
async fn a_workspace_row_never_signs_in_and_its_names_are_reserved() {
    let w = world();
    let alice = w
        .users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap();
    let id = uuid::Uuid::now_v7();
    let principal = socialflow_core::User {
        id: socialflow_core::UserId(id),
        username: socialflow_core::Username::for_workspace(id),
        // The worst case: a hash of a password somebody knows.
        password_hash: alice.password_hash.clone(),
        role: Role::Workspace,
        ..alice.clone()
    };
    w.store.insert_user(&principal).await.unwrap();
    let refused = w
        .auth
        .login(principal.username.as_str(), &pw(PW), &ctx())
        .await;
    assert!(matches!(
        refused,
        Err(LoginError::InvalidCredentials { .. })
    ));
    assert!(w.auth.login("alice", &pw(PW), &ctx()).await.is_ok());
    let taken = w
        .users
        .create_user("ws.mine", pw(PW), Role::User, Language::En, &ctx())
        .await;
    assert!(
        matches!(
            taken,
            Err(UserError::Username(
                socialflow_core::user::UsernameError::Reserved
            ))
        ),
        "{taken:?}"
    );
}
