//! The contract cases. Each takes a fresh, migrated, empty store.

pub use crate::posts_cases::*;

use std::sync::Arc;

use socialflow_core::account::{
    AccountProfile, AccountStatus, AccountToken, EncryptedToken, OAuthState,
};
use socialflow_core::audit::AuditKind;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::meta::DeletionRequest;
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{Store, StoreError};
use socialflow_core::throttle::LoginAttemptId;
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::user::Role;
use socialflow_core::{Language, UserId, Username};
use time::{Duration, OffsetDateTime};

pub use crate::media_cases::*;
pub use crate::privacy_cases::*;

pub use crate::fixtures::{T0, account, event, session, user};

fn token(user: UserId, name: &str, at: OffsetDateTime) -> ApiToken {
    ApiToken {
        id: ApiTokenId(uuid::Uuid::now_v7()),
        user_id: user,
        name: name.into(),
        digest: TokenDigest(format!("digest-{name}-{}", uuid::Uuid::now_v7())),
        created_at: at,
        last_used_at: None,
    }
}

pub async fn users_round_trip(store: Arc<dyn Store>) {
    let mut alice = user("alice");
    alice.role = Role::Admin;
    alice.language = Language::Kk;
    alice.time_zone = socialflow_core::TimeZone::parse("Asia/Almaty").unwrap();
    store.insert_user(&alice).await.unwrap();

    assert_eq!(
        store.user_by_id(alice.id).await.unwrap(),
        Some(alice.clone())
    );
    assert_eq!(
        store.user_by_username(&alice.username).await.unwrap(),
        Some(alice.clone())
    );
    assert_eq!(
        store
            .user_by_username(&Username::parse("bob").unwrap())
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.user_by_id(UserId::new()).await.unwrap(), None);
    assert_eq!(store.count_users().await.unwrap(), 1);

    let later = T0 + Duration::minutes(5);
    let new_hash = PasswordHash("$2b$12$other".into());
    assert!(
        store
            .set_password(alice.id, &new_hash, later)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_language(alice.id, Language::En, later)
            .await
            .unwrap()
    );
    let tokyo = socialflow_core::TimeZone::parse("Asia/Tokyo").unwrap();
    assert!(store.set_time_zone(alice.id, &tokyo, later).await.unwrap());
    let got = store.user_by_id(alice.id).await.unwrap().unwrap();
    assert_eq!(got.password_hash, new_hash);
    assert_eq!(got.language, Language::En);
    assert_eq!(got.time_zone, tokyo);
    assert_eq!(got.updated_at, later);
    assert_eq!(got.created_at, T0);

    assert!(
        !store
            .set_password(UserId::new(), &new_hash, later)
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_language(UserId::new(), Language::En, later)
            .await
            .unwrap()
    );
}

pub async fn usernames_are_unique(store: Arc<dyn Store>) {
    store.insert_user(&user("alice")).await.unwrap();
    let err = store.insert_user(&user("alice")).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert_eq!(store.count_users().await.unwrap(), 1);
}

pub async fn deleting_a_user_deletes_what_they_own(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    for (u, tag) in [(&alice, "a"), (&bob, "b")] {
        store
            .insert_session(&session(u.id, &format!("s-{tag}"), T0))
            .await
            .unwrap();
        store.insert_api_token(&token(u.id, tag, T0)).await.unwrap();
        store
            .insert_audit(&event(Some(u.id), AuditKind::LoginSucceeded, T0, tag))
            .await
            .unwrap();
    }
    store
        .insert_audit(&event(None, AuditKind::LoginFailed, T0, "ghost"))
        .await
        .unwrap();

    assert!(store.delete_user(alice.id).await.unwrap());
    assert!(!store.delete_user(alice.id).await.unwrap());

    assert_eq!(store.user_by_id(alice.id).await.unwrap(), None);
    assert_eq!(
        store
            .session_by_digest(&TokenDigest("s-a".into()))
            .await
            .unwrap(),
        None
    );
    assert!(store.list_api_tokens(alice.id).await.unwrap().is_empty());
    assert!(store.audit_for_user(alice.id, 10).await.unwrap().is_empty());
    // Bob's data and ownerless events are untouched.
    assert!(
        store
            .session_by_digest(&TokenDigest("s-b".into()))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.list_api_tokens(bob.id).await.unwrap().len(), 1);
    let all = store.audit_all(10).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|e| e.user_id != Some(alice.id)));
}

pub async fn sessions_lifecycle(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let s1 = session(alice.id, "one", T0);
    let s2 = session(alice.id, "two", T0 + Duration::seconds(1));
    let mut s3 = session(alice.id, "three", T0);
    s3.user_agent = None;
    for s in [&s1, &s2, &s3] {
        store.insert_session(s).await.unwrap();
    }
    assert_eq!(
        store.session_by_digest(&s1.digest).await.unwrap(),
        Some(s1.clone())
    );
    assert_eq!(
        store.session_by_digest(&s3.digest).await.unwrap(),
        Some(s3.clone())
    );
    let dup = store.insert_session(&s1).await.unwrap_err();
    assert!(matches!(dup, StoreError::Conflict), "{dup:?}");

    let seen = T0 + Duration::hours(2) + Duration::microseconds(7);
    store.touch_session(&s1.digest, seen).await.unwrap();
    assert_eq!(
        store
            .session_by_digest(&s1.digest)
            .await
            .unwrap()
            .unwrap()
            .last_seen_at,
        seen
    );

    // Keep one, end the others.
    assert_eq!(
        store
            .delete_user_sessions(alice.id, Some(s1.digest.clone()))
            .await
            .unwrap(),
        2
    );
    assert!(store.session_by_digest(&s2.digest).await.unwrap().is_none());
    assert!(store.session_by_digest(&s1.digest).await.unwrap().is_some());

    assert!(store.delete_session(&s1.digest).await.unwrap());
    assert!(!store.delete_session(&s1.digest).await.unwrap());

    // Purge: one expired absolutely, one idle, one live.
    let mut expired = session(alice.id, "expired", T0);
    expired.expires_at = T0 + Duration::hours(1);
    let idle = session(alice.id, "idle", T0 - Duration::days(8));
    let live = session(alice.id, "live", T0);
    for s in [&expired, &idle, &live] {
        store.insert_session(s).await.unwrap();
    }
    let now = T0 + Duration::hours(2);
    assert_eq!(
        store
            .purge_sessions(now, now - Duration::days(7))
            .await
            .unwrap(),
        2
    );
    assert!(
        store
            .session_by_digest(&live.digest)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .session_by_digest(&idle.digest)
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn sessions_need_an_existing_user(store: Arc<dyn Store>) {
    assert!(
        store
            .insert_session(&session(UserId::new(), "orphan", T0))
            .await
            .is_err()
    );
    assert!(
        store
            .session_by_digest(&TokenDigest("orphan".into()))
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn api_tokens_are_scoped_to_their_owner(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let a1 = token(alice.id, "ci", T0);
    let a2 = token(alice.id, "laptop", T0 + Duration::seconds(1));
    let b1 = token(bob.id, "bob", T0);
    for t in [&a1, &a2, &b1] {
        store.insert_api_token(t).await.unwrap();
    }
    assert_eq!(
        store.api_token_by_digest(&a1.digest).await.unwrap(),
        Some(a1.clone())
    );
    assert_eq!(
        store
            .api_token_by_digest(&TokenDigest("nope".into()))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.list_api_tokens(alice.id).await.unwrap(),
        vec![a1.clone(), a2.clone()]
    );

    let used = T0 + Duration::days(1);
    store.touch_api_token(a1.id, used).await.unwrap();
    assert_eq!(
        store
            .api_token_by_digest(&a1.digest)
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(used)
    );

    // Bob cannot revoke Alice's token.
    assert!(!store.delete_api_token(bob.id, a1.id).await.unwrap());
    assert!(
        store
            .api_token_by_digest(&a1.digest)
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.delete_api_token(alice.id, a1.id).await.unwrap());
    assert!(
        store
            .api_token_by_digest(&a1.digest)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.list_api_tokens(bob.id).await.unwrap(), vec![b1]);
}

pub async fn audit_events_newest_first_and_scoped(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let e1 = event(Some(alice.id), AuditKind::LoginSucceeded, T0, "");
    let e2 = event(
        Some(alice.id),
        AuditKind::PasswordChanged,
        T0 + Duration::seconds(10),
        "",
    );
    let e3 = event(
        Some(bob.id),
        AuditKind::Logout,
        T0 + Duration::seconds(5),
        "",
    );
    let e4 = event(
        None,
        AuditKind::LoginFailed,
        T0 + Duration::seconds(20),
        "ghost <script>",
    );
    for e in [&e1, &e2, &e3, &e4] {
        store.insert_audit(e).await.unwrap();
    }
    assert_eq!(
        store.audit_for_user(alice.id, 10).await.unwrap(),
        vec![e2.clone(), e1.clone()]
    );
    assert_eq!(
        store.audit_for_user(alice.id, 1).await.unwrap(),
        vec![e2.clone()]
    );
    assert_eq!(
        store.audit_for_user(bob.id, 10).await.unwrap(),
        vec![e3.clone()]
    );
    assert_eq!(store.audit_all(10).await.unwrap(), vec![e4, e2, e3, e1]);
}

pub async fn login_failures_by_key_and_window(store: Arc<dyn Store>) {
    for i in 0..3 {
        store
            .record_login_failure("u:alice", T0 + Duration::minutes(i))
            .await
            .unwrap();
    }
    store
        .record_login_failure("ip:203.0.113.7", T0)
        .await
        .unwrap();

    let all = store
        .login_failures_since("u:alice", T0 - Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(
        all,
        vec![T0, T0 + Duration::minutes(1), T0 + Duration::minutes(2)]
    );
    // `since` is exclusive.
    assert_eq!(
        store
            .login_failures_since("u:alice", T0)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        store
            .login_failures_since("u:bob", T0 - Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );

    store.clear_login_failures("u:alice").await.unwrap();
    assert!(
        store
            .login_failures_since("u:alice", T0 - Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .login_failures_since("ip:203.0.113.7", T0 - Duration::days(1))
            .await
            .unwrap()
            .len(),
        1
    );

    assert_eq!(
        store
            .purge_login_failures(T0 + Duration::seconds(1))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .login_failures_since("ip:203.0.113.7", T0 - Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn login_attempts_are_reserved_counted_and_released(store: Arc<dyn Store>) {
    let since = T0 - Duration::minutes(15);
    // An old failure is outside the window; another key does not count.
    store
        .record_login_failure("u:alice", since - Duration::seconds(1))
        .await
        .unwrap();
    store.record_login_failure("u:bob", T0).await.unwrap();
    let mut ids = Vec::new();
    for expected in 1..=3 {
        let a = store
            .reserve_login_attempt("u:alice", T0, since)
            .await
            .unwrap();
        assert_eq!(a.count, expected);
        ids.push(a.id);
    }
    assert!(ids[0] != ids[1] && ids[1] != ids[2], "{ids:?}");
    // A reservation stands as a failure until released.
    assert_eq!(
        store.login_failures_since("u:alice", since).await.unwrap(),
        vec![T0; 3]
    );
    store.release_login_attempt(ids[1]).await.unwrap();
    // Releasing twice, or an id that never existed, changes nothing.
    store.release_login_attempt(ids[1]).await.unwrap();
    store
        .release_login_attempt(LoginAttemptId(i64::MAX))
        .await
        .unwrap();
    let next = store
        .reserve_login_attempt("u:alice", T0 + Duration::seconds(1), since)
        .await
        .unwrap();
    assert_eq!(next.count, 3, "two kept and this one");
    assert_eq!(
        store
            .login_failures_since("u:bob", since)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// 25 reservations at once against a limit of 10: they are serialised,
/// the k-th counting exactly k, so exactly 10 see a count within the limit
/// (the login throttle's guarantee; counting later ones too would refuse
/// every attempt of a burst and record none).
pub async fn concurrent_login_reservations_never_exceed_the_limit(store: Arc<dyn Store>) {
    const ATTEMPTS: u64 = 25;
    const LIMIT: u64 = 10;
    let since = T0 - Duration::minutes(15);
    let tasks: Vec<_> = (0..ATTEMPTS)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .reserve_login_attempt("ip:198.51.100.1", T0, since)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut counts = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let a = t.await.unwrap();
        assert!(ids.insert(a.id), "ids are distinct");
        counts.push(a.count);
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=ATTEMPTS).collect::<Vec<_>>());
    let within = counts.iter().filter(|c| **c <= LIMIT).count() as u64;
    assert_eq!(within, LIMIT, "{counts:?}");
    assert_eq!(
        store
            .login_failures_since("ip:198.51.100.1", since)
            .await
            .unwrap()
            .len() as u64,
        ATTEMPTS
    );
}

pub async fn ping_answers(store: Arc<dyn Store>) {
    store.ping().await.unwrap();
    // Migrating an up-to-date database is a no-op.
    store.migrate().await.unwrap();
}

pub async fn accounts_are_scoped_and_unique(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let a = account(
        alice.id,
        "17841400000000001",
        "zeta",
        T0 + Duration::days(60),
    );
    let b = account(
        alice.id,
        "17841400000000002",
        "acme",
        T0 + Duration::days(60),
    );
    store.insert_account(&a).await.unwrap();
    store.insert_account(&b).await.unwrap();

    assert_eq!(
        store.account(alice.id, a.id).await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(
        store.account(bob.id, a.id).await.unwrap(),
        None,
        "bob cannot read alice's account"
    );
    assert_eq!(
        store.accounts_of(alice.id).await.unwrap(),
        vec![b.clone(), a.clone()],
        "by username"
    );
    assert!(store.accounts_of(bob.id).await.unwrap().is_empty());
    assert_eq!(
        store
            .account_by_ig_user_id("17841400000000001")
            .await
            .unwrap(),
        Some(a.clone())
    );

    // The same Instagram account cannot be connected twice, by anyone.
    let dup = account(bob.id, "17841400000000001", "zeta", T0);
    assert!(matches!(
        store.insert_account(&dup).await,
        Err(StoreError::Conflict)
    ));

    let profile = AccountProfile {
        username: "zeta_new".into(),
        followers_count: Some(24_000),
        ..a.profile.clone()
    };
    let later = T0 + Duration::hours(3);
    assert!(
        store
            .update_account_profile(a.id, &profile, later)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_account_status(
                a.id,
                AccountStatus::NeedsReconnect,
                Some("Session has expired".into())
            )
            .await
            .unwrap()
    );
    let got = store.account(alice.id, a.id).await.unwrap().unwrap();
    assert_eq!(got.profile, profile);
    assert_eq!(got.profile_fetched_at, later);
    assert_eq!(got.status, AccountStatus::NeedsReconnect);
    assert_eq!(got.status_detail.as_deref(), Some("Session has expired"));

    let token = AccountToken {
        ciphertext: EncryptedToken(vec![9; 64]),
        expires_at: T0 + Duration::days(90),
        refreshed_at: later,
        scopes: vec![],
    };
    assert!(store.update_account_token(a.id, &token).await.unwrap());
    let got = store.account(alice.id, a.id).await.unwrap().unwrap();
    assert_eq!(got.token, token);
    assert_eq!(got.status, AccountStatus::Active, "a new token reactivates");
    assert_eq!(got.status_detail, None);

    assert!(
        !store.delete_account(bob.id, a.id).await.unwrap(),
        "bob cannot disconnect it"
    );
    assert!(store.delete_account(alice.id, a.id).await.unwrap());
    assert!(
        store
            .account_by_ig_user_id("17841400000000001")
            .await
            .unwrap()
            .is_none()
    );
    // Deleting the user deletes the rest.
    store.delete_user(alice.id).await.unwrap();
    assert!(
        store
            .account_by_ig_user_id("17841400000000002")
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn accounts_due_for_token_refresh(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let soon = account(alice.id, "1", "soon", T0 + Duration::days(5));
    let sooner = account(alice.id, "2", "sooner", T0 + Duration::days(2));
    let later = account(alice.id, "3", "later", T0 + Duration::days(50));
    let mut broken = account(alice.id, "4", "broken", T0 + Duration::days(1));
    broken.status = AccountStatus::NeedsReconnect;
    let mut fresh = account(alice.id, "5", "fresh", T0 + Duration::days(3));
    fresh.token.refreshed_at = T0 + Duration::hours(30);
    for a in [&soon, &sooner, &later, &broken, &fresh] {
        store.insert_account(a).await.unwrap();
    }
    // Tokens must be a day old to refresh: "fresh" (30 h after T0) is not.
    assert_eq!(
        store.count_accounts_by_status().await.unwrap(),
        vec![
            (AccountStatus::Active, 4),
            (AccountStatus::NeedsReconnect, 1)
        ]
    );
    let now = T0 + Duration::days(2);
    let due = store
        .accounts_due_for_refresh(now + Duration::days(10), now - Duration::hours(24), 10)
        .await
        .unwrap();
    let names: Vec<_> = due.iter().map(|a| a.profile.username.as_str()).collect();
    assert_eq!(names, vec!["sooner", "soon"]);
    let first = store
        .accounts_due_for_refresh(now + Duration::days(10), now - Duration::hours(24), 1)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
}

pub async fn token_ciphertext_is_replaced_only_if_unchanged(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let a = account(alice.id, "1", "acme", T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    let tokens = store.all_account_tokens().await.unwrap();
    assert_eq!(tokens, vec![(a.id, a.token.ciphertext.clone())]);
    let new = EncryptedToken(vec![2; 40]);
    assert!(
        !store
            .replace_token_ciphertext(a.id, &EncryptedToken(vec![0]), &new)
            .await
            .unwrap()
    );
    assert!(
        store
            .replace_token_ciphertext(a.id, &a.token.ciphertext, &new)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .account(alice.id, a.id)
            .await
            .unwrap()
            .unwrap()
            .token
            .ciphertext,
        new
    );
}

pub async fn expired_tokens_are_erased_once_and_reconnecting_restores(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let expired = account(alice.id, "1", "expired", T0 - Duration::seconds(1));
    let live = account(alice.id, "2", "live", T0 + Duration::days(1));
    store.insert_account(&expired).await.unwrap();
    store.insert_account(&live).await.unwrap();
    let detail = socialflow_core::account::ERASED_TOKEN_DETAIL;

    assert_eq!(store.erase_expired_tokens(T0, detail).await.unwrap(), 1);
    let got = store.account(alice.id, expired.id).await.unwrap().unwrap();
    assert!(
        got.token.ciphertext.is_erased(),
        "{:?}",
        got.token.ciphertext
    );
    assert_eq!(got.status, AccountStatus::NeedsReconnect);
    assert_eq!(got.status_detail.as_deref(), Some(detail));
    assert_eq!(
        got.token.expires_at, expired.token.expires_at,
        "lifetime kept"
    );
    assert_eq!(
        store.account(alice.id, live.id).await.unwrap().unwrap(),
        live,
        "a live token is untouched"
    );
    // Idempotent: nothing left to erase, even on another worker.
    assert_eq!(store.erase_expired_tokens(T0, detail).await.unwrap(), 0);
    // Reconnecting stores a new token and makes the account active again.
    let fresh = AccountToken {
        ciphertext: EncryptedToken(vec![9; 40]),
        expires_at: T0 + Duration::days(60),
        refreshed_at: T0,
        scopes: vec!["instagram_business_basic".into()],
    };
    assert!(
        store
            .update_account_token(expired.id, &fresh)
            .await
            .unwrap()
    );
    let got = store.account(alice.id, expired.id).await.unwrap().unwrap();
    assert_eq!(got.token, fresh);
    assert_eq!(got.status, AccountStatus::Active);
    assert_eq!(got.status_detail, None);
    assert_eq!(store.erase_expired_tokens(T0, detail).await.unwrap(), 0);
}

pub async fn oauth_states_are_single_use(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let state = OAuthState {
        digest: TokenDigest("state-1".into()),
        user_id: alice.id,
        session_digest: TokenDigest("session-1".into()),
        created_at: T0,
        expires_at: T0 + Duration::minutes(15),
    };
    store.insert_oauth_state(&state).await.unwrap();
    assert_eq!(
        store.take_oauth_state(&state.digest).await.unwrap(),
        Some(state.clone())
    );
    assert_eq!(
        store.take_oauth_state(&state.digest).await.unwrap(),
        None,
        "used once"
    );

    let old = OAuthState {
        digest: TokenDigest("state-2".into()),
        expires_at: T0 - Duration::minutes(1),
        ..state.clone()
    };
    store.insert_oauth_state(&old).await.unwrap();
    store.insert_oauth_state(&state).await.unwrap();
    assert_eq!(store.purge_oauth_states(T0).await.unwrap(), 1);
    store.delete_user(alice.id).await.unwrap();
    assert_eq!(
        store.take_oauth_state(&state.digest).await.unwrap(),
        None,
        "gone with the user"
    );
}

pub async fn meta_deletion_removes_accounts_and_keeps_a_record(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let a = account(alice.id, "1784001", "acme", T0 + Duration::days(60));
    let b = account(bob.id, "1784002", "other", T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    store.insert_account(&b).await.unwrap();

    let removed = store
        .delete_accounts_by_app_scoped_id(&a.app_scoped_id)
        .await
        .unwrap();
    assert_eq!(removed, vec![(a.id, alice.id, "acme".to_string())]);
    assert!(store.account(alice.id, a.id).await.unwrap().is_none());
    assert!(
        store.account(bob.id, b.id).await.unwrap().is_some(),
        "only that Instagram user's data"
    );
    assert!(
        store
            .delete_accounts_by_app_scoped_id("nobody")
            .await
            .unwrap()
            .is_empty()
    );

    let record = DeletionRequest {
        code: "Abc123XYZ".into(),
        subject_digest: "f".repeat(64),
        requested_at: T0,
        completed_at: Some(T0 + Duration::microseconds(250)),
        accounts_deleted: 1,
    };
    store.insert_deletion_request(&record).await.unwrap();
    assert_eq!(
        store.deletion_request("Abc123XYZ").await.unwrap(),
        Some(record.clone())
    );
    assert_eq!(store.deletion_request("nope").await.unwrap(), None);
    assert!(matches!(
        store.insert_deletion_request(&record).await,
        Err(StoreError::Conflict)
    ));
}
