//! The authentication cache never outlives a revocation made in this
//! process: with every answer cached first (a request just before), the
//! very next request after logout, a password change or reset, a token
//! revocation, a language or time-zone change or the user's deletion sees
//! the database's new state. Runs on the memory store, whose writes bump the
//! revocation epoch like the SQL adapters' do.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::auth::{AuthService, AuthStorage};
use socialflow_core::user::Role;
use socialflow_core::users::UserService;
use socialflow_core::{Language, RequestContext, Store, TimeZone, User};
use socialflow_crypto::RandomMinter;
use socialflow_fakes::{FastHasher, ManualClock, MemoryStore};

const PW: &str = "correct horse battery";

struct World {
    auth: AuthService,
    users: UserService,
}

fn world() -> World {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    World {
        auth: AuthService::new(
            AuthStorage::from_store(store.clone()),
            Arc::new(FastHasher),
            Arc::new(RandomMinter),
            clock.clone(),
        ),
        users: UserService::new(store.clone(), store, Arc::new(FastHasher), clock),
    }
}

fn ctx() -> RequestContext {
    RequestContext::new("203.0.113.9", Some("test".into()))
}

fn pw(s: &str) -> SecretString {
    s.to_string().into()
}

async fn alice(w: &World) -> User {
    w.users
        .create_user("alice", pw(PW), Role::User, Language::En, &ctx())
        .await
        .unwrap()
}

async fn session(w: &World) -> String {
    let done = w.auth.login("alice", &pw(PW), &ctx()).await.unwrap();
    let secret = done.session_secret.expose_secret().to_string();
    // Cached now.
    assert!(w.auth.session_user(&secret).await.unwrap().is_some());
    assert!(w.auth.session_user(&secret).await.unwrap().is_some());
    secret
}

#[tokio::test]
async fn logout_ends_a_cached_session_at_once() {
    let w = world();
    alice(&w).await;
    let secret = session(&w).await;
    w.auth.logout(&secret, &ctx()).await.unwrap();
    assert!(w.auth.session_user(&secret).await.unwrap().is_none());
}

#[tokio::test]
async fn a_password_change_ends_the_other_cached_sessions_at_once() {
    let w = world();
    let user = alice(&w).await;
    let kept = session(&w).await;
    let other = session(&w).await;
    w.auth
        .change_password(
            &user,
            &pw(PW),
            pw("a new long password"),
            Some(kept.as_str()),
            &ctx(),
        )
        .await
        .unwrap();
    assert!(w.auth.session_user(&other).await.unwrap().is_none());
    let (me, _) = w.auth.session_user(&kept).await.unwrap().expect("kept");
    assert_ne!(me.password_hash, user.password_hash, "the fresh user row");
}

#[tokio::test]
async fn an_operator_password_reset_ends_cached_sessions_at_once() {
    let w = world();
    alice(&w).await;
    let secret = session(&w).await;
    // Another service (the CLI's), not the one holding the cache.
    w.users
        .reset_password("alice", pw("another password"), &RequestContext::cli())
        .await
        .unwrap();
    assert!(w.auth.session_user(&secret).await.unwrap().is_none());
}

#[tokio::test]
async fn a_revoked_cached_token_is_refused_at_once() {
    let w = world();
    let user = alice(&w).await;
    let (token, secret) = w
        .auth
        .create_api_token(user.id, "ci", &ctx())
        .await
        .unwrap();
    for _ in 0..2 {
        assert!(
            w.auth
                .bearer_user(secret.expose_secret())
                .await
                .unwrap()
                .is_some()
        );
    }
    assert!(
        w.auth
            .revoke_api_token(user.id, token.id, &ctx())
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
async fn deleting_the_user_ends_cached_tokens_and_sessions_at_once() {
    let w = world();
    let user = alice(&w).await;
    let (_, token) = w
        .auth
        .create_api_token(user.id, "ci", &ctx())
        .await
        .unwrap();
    assert!(
        w.auth
            .bearer_user(token.expose_secret())
            .await
            .unwrap()
            .is_some()
    );
    let secret = session(&w).await;
    w.users
        .delete_user("alice", &RequestContext::cli())
        .await
        .unwrap();
    assert!(
        w.auth
            .bearer_user(token.expose_secret())
            .await
            .unwrap()
            .is_none()
    );
    assert!(w.auth.session_user(&secret).await.unwrap().is_none());
}

#[tokio::test]
async fn language_and_time_zone_changes_show_on_the_next_request() {
    let w = world();
    let user = alice(&w).await;
    let secret = session(&w).await;
    w.users
        .set_language(&user, Language::Kk, &ctx())
        .await
        .unwrap();
    let (me, _) = w.auth.session_user(&secret).await.unwrap().unwrap();
    assert_eq!(me.language, Language::Kk);
    let zone = TimeZone::parse("Asia/Almaty").unwrap();
    w.users.set_time_zone(&me, &zone, &ctx()).await.unwrap();
    let (me, _) = w.auth.session_user(&secret).await.unwrap().unwrap();
    assert_eq!(me.time_zone, zone);
}
