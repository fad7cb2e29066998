//! Contract cases of the shared revocation epoch
//! (`socialflow_core::auth_cache`): every write that ends a session or
//! token or changes a user grows it, in the same transaction (a failed unit
//! leaves it alone); reads and the other writes do not.

use std::sync::Arc;

use socialflow_core::crypto::TokenDigest;
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{Store, StoreError};
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::{Change, Language, TimeZone, UnitOfWork, UserId};
use time::Duration;

use crate::fixtures::{T0, session, user};

fn token(owner: UserId, digest: &str) -> ApiToken {
    ApiToken {
        id: ApiTokenId(uuid::Uuid::now_v7()),
        user_id: owner,
        name: "ci".into(),
        digest: TokenDigest(digest.into()),
        created_at: T0,
        last_used_at: None,
    }
}

/// The epoch now, asserting it grew (`grew`) or stayed since `before`.
async fn after(store: &Arc<dyn Store>, before: u64, grew: bool, what: &str) -> u64 {
    let now = store.auth_epoch().await.unwrap();
    if grew {
        assert!(
            now > before,
            "{what} must grow the epoch ({before} → {now})"
        );
    } else {
        assert_eq!(now, before, "{what} must leave the epoch alone");
    }
    now
}

pub async fn every_single_revoking_write_grows_the_auth_epoch(store: Arc<dyn Store>) {
    let alice = user("alice");
    let mut e = store.auth_epoch().await.unwrap();
    store.insert_user(&alice).await.unwrap();
    e = after(&store, e, false, "a new user").await;
    store
        .insert_session(&session(alice.id, "s1", T0))
        .await
        .unwrap();
    store
        .insert_session(&session(alice.id, "s2", T0))
        .await
        .unwrap();
    let t = token(alice.id, "t1");
    store.insert_api_token(&t).await.unwrap();
    store
        .touch_session(&TokenDigest("s1".into()), T0 + Duration::minutes(1))
        .await
        .unwrap();
    store
        .touch_api_token(t.id, T0 + Duration::minutes(1))
        .await
        .unwrap();
    store
        .session_by_digest(&TokenDigest("s1".into()))
        .await
        .unwrap();
    e = after(&store, e, false, "new sessions, tokens, touches and reads").await;

    store
        .set_password(alice.id, &PasswordHash("$2b$12$new".into()), T0)
        .await
        .unwrap();
    e = after(&store, e, true, "a password change").await;
    store
        .set_language(alice.id, Language::Kk, T0)
        .await
        .unwrap();
    e = after(&store, e, true, "a language change").await;
    store
        .set_time_zone(alice.id, &TimeZone::utc(), T0)
        .await
        .unwrap();
    e = after(&store, e, true, "a time-zone change").await;
    store
        .delete_session(&TokenDigest("s1".into()))
        .await
        .unwrap();
    e = after(&store, e, true, "a logout").await;
    store.delete_user_sessions(alice.id, None).await.unwrap();
    e = after(&store, e, true, "ending every session").await;
    assert!(store.delete_api_token(alice.id, t.id).await.unwrap());
    e = after(&store, e, true, "a token revocation").await;
    store.delete_user(alice.id).await.unwrap();
    e = after(&store, e, true, "a user deletion").await;
    let bob = user("bob");
    store.insert_user(&bob).await.unwrap();
    store.erase_user(bob.id, "bob").await.unwrap();
    after(&store, e, true, "an erasure").await;
}

pub async fn a_revoking_unit_grows_the_auth_epoch_only_when_it_commits(store: Arc<dyn Store>) {
    let unit: Arc<dyn UnitOfWork<Change>> = store.clone();
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    store
        .insert_session(&session(alice.id, "s1", T0))
        .await
        .unwrap();
    let mut e = store.auth_epoch().await.unwrap();

    // A unit that ends a session but fails later writes nothing, epoch
    // included.
    let err = unit
        .commit(vec![
            Change::DeleteSession(TokenDigest("s1".into())),
            Change::DeleteApiToken {
                owner: alice.id,
                id: ApiTokenId(uuid::Uuid::now_v7()),
            },
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert!(
        store
            .session_by_digest(&TokenDigest("s1".into()))
            .await
            .unwrap()
            .is_some()
    );
    e = after(&store, e, false, "a failed unit").await;

    // A unit with no revoking change leaves it alone.
    unit.commit(vec![Change::InsertSession(session(alice.id, "s2", T0))])
        .await
        .unwrap();
    e = after(&store, e, false, "a login").await;

    unit.commit(vec![Change::DeleteSession(TokenDigest("s1".into()))])
        .await
        .unwrap();
    e = after(&store, e, true, "a logout unit").await;
    unit.commit(vec![Change::DeleteUserSessions {
        user: alice.id,
        keep: None,
    }])
    .await
    .unwrap();
    after(&store, e, true, "an end-every-session unit").await;
}
