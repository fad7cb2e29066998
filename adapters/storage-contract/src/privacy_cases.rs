//! Contract cases of the privacy port.

use std::sync::Arc;

use socialflow_core::audit::AuditKind;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::privacy::AuditFilter;
use socialflow_core::storage::{Store, StoreError};
use socialflow_core::throttle::ThrottleKey;
use time::Duration;

use crate::fixtures::{T0, event, session, user};

pub async fn policy_acknowledgements_are_per_user_and_replaced(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    assert_eq!(store.acknowledged_policy(alice.id).await.unwrap(), None);
    store
        .acknowledge_policy(alice.id, "2026-01-01", T0)
        .await
        .unwrap();
    store
        .acknowledge_policy(alice.id, "2026-11-27", T0 + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(
        store
            .acknowledged_policy(alice.id)
            .await
            .unwrap()
            .as_deref(),
        Some("2026-11-27")
    );
    assert_eq!(store.acknowledged_policy(bob.id).await.unwrap(), None);
    // Only existing users acknowledge; deleting the user removes the record.
    let ghost = user("ghost");
    assert!(matches!(
        store.acknowledge_policy(ghost.id, "2026-11-27", T0).await,
        Err(StoreError::Conflict)
    ));
    store.delete_user(alice.id).await.unwrap();
    assert_eq!(store.acknowledged_policy(alice.id).await.unwrap(), None);
}

pub async fn sessions_of_lists_only_the_owners_sessions(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    store
        .insert_session(&session(alice.id, "a1", T0))
        .await
        .unwrap();
    store
        .insert_session(&session(alice.id, "a2", T0 + Duration::hours(1)))
        .await
        .unwrap();
    store
        .insert_session(&session(bob.id, "b1", T0))
        .await
        .unwrap();
    let mine = store.sessions_of(alice.id).await.unwrap();
    let digests: Vec<_> = mine.iter().map(|s| s.digest.0.as_str()).collect();
    assert_eq!(digests, ["a2", "a1"]);
    assert_eq!(mine[1], session(alice.id, "a1", T0));
}

pub async fn audit_search_filters_by_user_and_kind_and_pages(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let mut all = Vec::new();
    for i in 0..6i64 {
        let (who, kind) = match i % 3 {
            0 => (Some(alice.id), AuditKind::LoginSucceeded),
            1 => (Some(bob.id), AuditKind::LoginSucceeded),
            _ => (None, AuditKind::LoginFailed),
        };
        let e = event(who, kind, T0 + Duration::seconds(i), &format!("e{i}"));
        store.insert_audit(&e).await.unwrap();
        all.push(e);
    }
    all.reverse(); // newest first
    let page = |user, kind, offset, limit| AuditFilter {
        user,
        kind,
        offset,
        limit,
    };
    assert_eq!(
        store.search_audit(&page(None, None, 0, 10)).await.unwrap(),
        all
    );
    assert_eq!(
        store.search_audit(&page(None, None, 2, 3)).await.unwrap(),
        all[2..5].to_vec()
    );
    let alices = store
        .search_audit(&page(Some(alice.id), None, 0, 10))
        .await
        .unwrap();
    assert_eq!(alices.len(), 2);
    assert!(alices.iter().all(|e| e.user_id == Some(alice.id)));
    let failed = store
        .search_audit(&page(None, Some(AuditKind::LoginFailed), 0, 10))
        .await
        .unwrap();
    let details: Vec<_> = failed.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(details, ["e5", "e2"]);
    let bobs_logins = store
        .search_audit(&page(Some(bob.id), Some(AuditKind::LoginSucceeded), 1, 10))
        .await
        .unwrap();
    let details: Vec<_> = bobs_logins.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(details, ["e1"]);
}

pub async fn erasing_a_user_removes_them_and_their_throttle_records(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    for u in [&alice, &bob] {
        let key = ThrottleKey::Username(u.username.to_string()).storage_key();
        store.record_login_failure(&key, T0).await.unwrap();
        store
            .insert_session(&session(u.id, &format!("s-{}", u.username), T0))
            .await
            .unwrap();
        store
            .acknowledge_policy(u.id, "2026-11-27", T0)
            .await
            .unwrap();
    }
    let ip = ThrottleKey::Ip("203.0.113.7".into()).storage_key();
    store.record_login_failure(&ip, T0).await.unwrap();

    assert!(store.erase_user(alice.id, "alice").await.unwrap());
    assert!(!store.erase_user(alice.id, "alice").await.unwrap());

    let since = T0 - Duration::hours(1);
    let key = |name: &str| ThrottleKey::Username(name.into()).storage_key();
    assert!(
        store
            .login_failures_since(&key("alice"), since)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.user_by_id(alice.id).await.unwrap(), None);
    assert!(
        store
            .session_by_digest(&TokenDigest("s-alice".into()))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.acknowledged_policy(alice.id).await.unwrap(), None);
    // Others' records stay.
    assert_eq!(
        store
            .login_failures_since(&key("bob"), since)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.login_failures_since(&ip, since).await.unwrap().len(),
        1
    );
    assert!(store.user_by_id(bob.id).await.unwrap().is_some());
    assert!(store.acknowledged_policy(bob.id).await.unwrap().is_some());
}
