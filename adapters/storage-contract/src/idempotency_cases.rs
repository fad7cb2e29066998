//! Contract cases of idempotency keys.

use std::sync::Arc;

use socialflow_core::idempotency::{Reservation, StoredResponse};
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, user};

fn answer(body: &str) -> StoredResponse {
    StoredResponse {
        status: 201,
        content_type: "application/json; charset=utf-8".into(),
        body: body.as_bytes().to_vec(),
    }
}

pub async fn idempotency_keys_reserve_replay_and_are_per_user(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let stale = T0 - Duration::minutes(10);
    let key = "k".repeat(255);
    assert_eq!(
        store
            .reserve_idempotency_key(alice.id, &key, "f1", T0, stale)
            .await
            .unwrap(),
        Reservation::Reserved
    );
    assert_eq!(
        store
            .reserve_idempotency_key(alice.id, &key, "f1", T0, stale)
            .await
            .unwrap(),
        Reservation::Existing {
            fingerprint: "f1".into(),
            response: None
        },
        "in progress"
    );
    assert_eq!(
        store
            .reserve_idempotency_key(bob.id, &key, "f2", T0, stale)
            .await
            .unwrap(),
        Reservation::Reserved,
        "keys are per user"
    );
    store
        .complete_idempotency_key(alice.id, &key, &answer("{\"id\":1}"))
        .await
        .unwrap();
    // Completed keys are never taken over, however old.
    assert_eq!(
        store
            .reserve_idempotency_key(
                alice.id,
                &key,
                "f9",
                T0 + Duration::hours(1),
                T0 + Duration::minutes(50)
            )
            .await
            .unwrap(),
        Reservation::Existing {
            fingerprint: "f1".into(),
            response: Some(answer("{\"id\":1}"))
        }
    );
    // Releasing a completed key does nothing; releasing a running one frees it.
    store.release_idempotency_key(alice.id, &key).await.unwrap();
    store.release_idempotency_key(bob.id, &key).await.unwrap();
    assert_eq!(
        store
            .reserve_idempotency_key(bob.id, &key, "f3", T0, stale)
            .await
            .unwrap(),
        Reservation::Reserved
    );
    // A reservation whose request died is taken over once stale.
    assert_eq!(
        store
            .reserve_idempotency_key(
                bob.id,
                &key,
                "f4",
                T0 + Duration::minutes(11),
                T0 + Duration::minutes(1)
            )
            .await
            .unwrap(),
        Reservation::Reserved
    );
    // Purging removes what was reserved before the cut, and only that.
    assert_eq!(
        store
            .purge_idempotency_keys(T0 + Duration::minutes(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .reserve_idempotency_key(alice.id, &key, "f5", T0, stale)
            .await
            .unwrap(),
        Reservation::Reserved,
        "purged"
    );
}

pub async fn concurrent_reservations_of_one_key_have_one_winner(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .reserve_idempotency_key(alice.id, "same", "f", T0, T0 - Duration::minutes(10))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut winners = 0;
    for t in tasks {
        if t.await.unwrap() == Reservation::Reserved {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
}

pub async fn idempotency_keys_go_with_their_user(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    store
        .reserve_idempotency_key(alice.id, "k", "f", T0, T0)
        .await
        .unwrap();
    store.delete_user(alice.id).await.unwrap();
    assert_eq!(
        store
            .purge_idempotency_keys(T0 + Duration::days(2))
            .await
            .unwrap(),
        0
    );
}
