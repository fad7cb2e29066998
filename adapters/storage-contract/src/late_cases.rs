//! Contract cases for editing until the publish call (issue 17): the
//! content revision travels with the post and guards the worker's writes,
//! and containers are counted per account over a rolling day.

use std::sync::Arc;

use socialflow_core::posts::PostState;
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::T0;
use crate::posts_cases::{owner_with_account, post};

pub async fn content_revisions_round_trip_and_guard_the_worker(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let mut p = post(alice, acc, PostState::Ready, Some(T0));
    p.container_id = Some("17900".into());
    p.content_rev = 3;
    p.containers_rev = Some(3);
    p.containers_at = Some(T0 - Duration::minutes(5));
    store.insert_post(&p).await.unwrap();
    assert_eq!(store.post(alice, p.id).await.unwrap(), Some(p.clone()));

    let claimed = store
        .claim_due_posts(T0, "w1", T0 + Duration::minutes(1), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    // The user edits the content while w1 holds the post.
    let mut edit = store.post(alice, p.id).await.unwrap().unwrap();
    edit.content.caption = "fixed".into();
    edit.content_rev = 4;
    edit.state = PostState::Scheduled;
    edit.container_id = None;
    edit.containers_rev = None;
    edit.containers_at = None;
    edit.version += 1;
    assert!(store.update_post(&edit).await.unwrap());
    // w1's write (its old version and revision) is refused...
    let mut stale = claimed[0].clone();
    stale.state = PostState::Publishing;
    stale.version += 1;
    assert!(!store.save_claimed_post(&stale, "w1", false).await.unwrap());
    // ...and so is a write naming the right version but an old revision.
    let reclaimed = store
        .claim_due_posts(T0, "w2", T0 + Duration::minutes(1), 10)
        .await
        .unwrap();
    assert_eq!(reclaimed.len(), 1);
    assert_eq!(reclaimed[0].content_rev, 4);
    let mut old_rev = reclaimed[0].clone();
    old_rev.content_rev = 3;
    old_rev.version += 1;
    assert!(
        !store
            .save_claimed_post(&old_rev, "w2", false)
            .await
            .unwrap()
    );
    // The current revision writes, and the worker's container fields stick.
    let mut ok = reclaimed[0].clone();
    ok.container_id = Some("17901".into());
    ok.containers_rev = Some(4);
    ok.containers_at = Some(T0);
    ok.version += 1;
    assert!(store.save_claimed_post(&ok, "w2", true).await.unwrap());
    let stored = store.post(alice, p.id).await.unwrap().unwrap();
    assert_eq!(
        (
            stored.content_rev,
            stored.containers_rev,
            stored.containers_at
        ),
        (4, Some(4), Some(T0))
    );
    assert_eq!(stored.content.caption, "fixed");
}

pub async fn containers_are_counted_per_account_for_a_day(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, other) = owner_with_account(&store, "bob", "1002").await;
    let p = post(alice, acc, PostState::Scheduled, Some(T0));
    store.insert_post(&p).await.unwrap();
    let day = Duration::hours(24);
    let old = T0 - Duration::hours(30);
    store
        .record_containers(acc, p.id, old, 5, old - day)
        .await
        .unwrap();
    assert_eq!(store.containers_since(alice, acc, old).await.unwrap(), 5);
    // Recording forgets the account's rows older than a day.
    let recent = T0 - Duration::hours(2);
    store
        .record_containers(acc, p.id, recent, 1, recent - day)
        .await
        .unwrap();
    assert_eq!(store.containers_since(alice, acc, old).await.unwrap(), 1);
    store
        .record_containers(other, p.id, T0, 7, T0 - day)
        .await
        .unwrap();
    store
        .record_containers(acc, p.id, T0, 11, T0 - day)
        .await
        .unwrap();
    assert_eq!(
        store.containers_since(alice, acc, T0 - day).await.unwrap(),
        12
    );
    assert_eq!(
        store
            .containers_since(alice, acc, recent + Duration::seconds(1))
            .await
            .unwrap(),
        11
    );
    // Only the owner sees an account's count.
    assert_eq!(store.containers_since(bob, acc, T0 - day).await.unwrap(), 0);
    assert_eq!(
        store.containers_since(bob, other, T0 - day).await.unwrap(),
        7
    );
    // A deleted post still counts: Instagram counted its containers.
    store.delete_post(alice, p.id, p.version).await.unwrap();
    assert_eq!(
        store.containers_since(alice, acc, T0 - day).await.unwrap(),
        12
    );
}

/// Workers publishing posts of one account record containers at once. On
/// MariaDB two such records deadlock (each one's DELETE of the old rows
/// holds a gap lock the other's INSERT waits for), and the adapter runs the
/// victim again: every record lands, none is lost or doubled.
pub async fn containers_recorded_by_workers_at_once_all_count(store: Arc<dyn Store>) {
    const WORKERS: i64 = 8;
    const ROUNDS: i64 = 6;
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let p = post(alice, acc, PostState::Scheduled, Some(T0));
    store.insert_post(&p).await.unwrap();
    let post_id = p.id;
    let day = Duration::hours(24);
    let start = Arc::new(tokio::sync::Barrier::new(WORKERS as usize));
    let tasks: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (store, start) = (store.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                for round in 0..ROUNDS {
                    let at = T0 + Duration::milliseconds(round * WORKERS + w);
                    store
                        .record_containers(acc, post_id, at, 1, at - day)
                        .await
                        .map_err(|e| format!("worker {w}, round {round}: {e}"))?;
                }
                Ok::<_, String>(())
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        store.containers_since(alice, acc, T0 - day).await.unwrap(),
        (WORKERS * ROUNDS) as u32
    );
}
