//! Contract cases of users' milestones.

use std::sync::Arc;

use socialflow_core::onboarding::Milestone;
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, user};

pub async fn milestones_are_recorded_once_per_user(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    assert!(store.milestones(alice.id).await.unwrap().is_empty());
    assert!(
        store
            .record_milestone(alice.id, Milestone::SignedIn, T0)
            .await
            .unwrap(),
        "the first time"
    );
    assert!(
        !store
            .record_milestone(alice.id, Milestone::SignedIn, T0 + Duration::hours(1))
            .await
            .unwrap(),
        "a repeat is not the first time"
    );
    assert!(
        store
            .record_milestone(alice.id, Milestone::InboxOpened, T0)
            .await
            .unwrap()
    );
    let mut got = store.milestones(alice.id).await.unwrap();
    got.sort_by_key(|m| m.as_str());
    assert_eq!(got, vec![Milestone::InboxOpened, Milestone::SignedIn]);
    assert!(
        store.milestones(bob.id).await.unwrap().is_empty(),
        "per user"
    );
    assert!(
        store
            .record_milestone(bob.id, Milestone::SignedIn, T0)
            .await
            .unwrap(),
        "another user's first time"
    );
}

pub async fn concurrent_milestones_have_one_first(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .record_milestone(alice.id, Milestone::ChecklistDone, T0)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut firsts = 0;
    for t in tasks {
        if t.await.unwrap() {
            firsts += 1;
        }
    }
    assert_eq!(firsts, 1);
}

pub async fn milestones_go_with_their_user(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    store
        .record_milestone(alice.id, Milestone::InboxOpened, T0)
        .await
        .unwrap();
    assert!(store.delete_user(alice.id).await.unwrap());
    assert!(store.milestones(alice.id).await.unwrap().is_empty());
}
