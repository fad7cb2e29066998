//! Contract cases of fresh inbox data: the per-user event sequence and the
//! accounts' sync states.

use std::sync::Arc;

use socialflow_core::account::Account;
use socialflow_core::inbox::{LiveKind, NewLiveEvent};
use socialflow_core::storage::{Store, StoreError};
use time::Duration;

use crate::fixtures::{T0, account, user};

fn event(a: &Account, kind: LiveKind, item: Option<&str>, minutes: i64) -> NewLiveEvent {
    NewLiveEvent {
        owner: a.owner,
        account: a.id,
        kind,
        item: item.map(str::to_string),
        at: T0 + Duration::minutes(minutes),
    }
}

async fn two_accounts(store: &Arc<dyn Store>) -> (Account, Account) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let a = account(alice.id, "ig-a", "alice_ig", T0 + Duration::days(60));
    let b = account(bob.id, "ig-b", "bob_ig", T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    store.insert_account(&b).await.unwrap();
    (a, b)
}

pub async fn live_events_are_a_sequence_per_owner(store: Arc<dyn Store>) {
    let (a, b) = two_accounts(&store).await;
    assert_eq!(store.latest_live_seq(a.owner).await.unwrap(), 0);
    store
        .insert_live_event(&event(&a, LiveKind::Comment, Some("c1"), 0))
        .await
        .unwrap();
    store
        .insert_live_event(&event(&b, LiveKind::Message, Some("m1"), 0))
        .await
        .unwrap();
    store
        .insert_live_event(&event(&a, LiveKind::Synced, None, 1))
        .await
        .unwrap();
    let mine = store.live_events_after(a.owner, 0, 10).await.unwrap();
    assert_eq!(mine.len(), 2, "only alice's");
    assert!(mine.iter().all(|e| e.owner == a.owner && e.account == a.id));
    assert_eq!(mine[0].kind, LiveKind::Comment);
    assert_eq!(mine[0].item.as_deref(), Some("c1"));
    assert_eq!(mine[0].at, T0);
    assert_eq!(mine[1].kind, LiveKind::Synced);
    assert_eq!(mine[1].item, None);
    assert!(mine[0].seq < mine[1].seq, "oldest first");
    assert_eq!(store.latest_live_seq(a.owner).await.unwrap(), mine[1].seq);
    let after = store
        .live_events_after(a.owner, mine[0].seq, 10)
        .await
        .unwrap();
    assert_eq!(after, vec![mine[1].clone()]);
    assert_eq!(
        store.live_events_after(a.owner, 0, 1).await.unwrap().len(),
        1,
        "limited"
    );
    let theirs = store.live_events_after(b.owner, 0, 10).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].kind, LiveKind::Message);
}

pub async fn live_events_expire_and_go_with_their_account(store: Arc<dyn Store>) {
    let (a, b) = two_accounts(&store).await;
    store
        .insert_live_event(&event(&a, LiveKind::Comment, Some("old"), 0))
        .await
        .unwrap();
    store
        .insert_live_event(&event(&a, LiveKind::Comment, Some("new"), 20))
        .await
        .unwrap();
    store
        .insert_live_event(&event(&b, LiveKind::Comment, Some("b"), 20))
        .await
        .unwrap();
    assert_eq!(
        store
            .purge_live_events(T0 + Duration::minutes(10))
            .await
            .unwrap(),
        1
    );
    let left = store.live_events_after(a.owner, 0, 10).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].item.as_deref(), Some("new"));
    store.request_inbox_sync(a.id, T0).await.unwrap();
    assert!(store.delete_account(a.owner, a.id).await.unwrap());
    assert!(
        store
            .live_events_after(a.owner, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.inbox_sync_states(a.owner).await.unwrap().is_empty());
    assert!(
        store
            .all_inbox_sync_states()
            .await
            .unwrap()
            .iter()
            .all(|s| s.account != a.id)
    );
    assert_eq!(
        store.live_events_after(b.owner, 0, 10).await.unwrap().len(),
        1
    );
    // An event for an account that is gone is refused, as its key says.
    assert!(matches!(
        store
            .insert_live_event(&event(&a, LiveKind::Comment, Some("x"), 30))
            .await,
        Err(StoreError::Conflict)
    ));
}

pub async fn inbox_syncs_are_requested_claimed_once_and_finished(store: Arc<dyn Store>) {
    let (a, b) = two_accounts(&store).await;
    assert!(store.inbox_sync_states(a.owner).await.unwrap().is_empty());
    store.request_inbox_sync(a.id, T0).await.unwrap();
    let states = store.inbox_sync_states(a.owner).await.unwrap();
    assert_eq!(states.len(), 1);
    assert_eq!(states[0].account, a.id);
    assert_eq!(states[0].requested_at, Some(T0));
    assert_eq!(states[0].started_at, None);
    assert!(store.inbox_sync_states(b.owner).await.unwrap().is_empty());

    let now = T0 + Duration::minutes(1);
    let stale = now - Duration::minutes(10);
    assert!(store.claim_inbox_sync(a.id, now, stale).await.unwrap());
    assert!(
        !store.claim_inbox_sync(a.id, now, stale).await.unwrap(),
        "claimed already"
    );
    // An account never requested is claimed too (the worker's syncs).
    assert!(store.claim_inbox_sync(b.id, now, stale).await.unwrap());
    // A claim older than the lease is taken over.
    let later = now + Duration::minutes(11);
    assert!(
        store
            .claim_inbox_sync(a.id, later, later - Duration::minutes(10))
            .await
            .unwrap()
    );
    // An incomplete sync keeps the request.
    store.finish_inbox_sync(a.id, later, false).await.unwrap();
    let s = store.inbox_sync_states(a.owner).await.unwrap()[0];
    assert_eq!(
        (s.requested_at, s.started_at, s.finished_at),
        (Some(T0), None, None)
    );
    assert!(store.claim_inbox_sync(a.id, later, stale).await.unwrap());
    store.finish_inbox_sync(a.id, later, true).await.unwrap();
    let s = store.inbox_sync_states(a.owner).await.unwrap()[0];
    assert_eq!(
        (s.requested_at, s.started_at, s.finished_at),
        (None, None, Some(later))
    );
    assert_eq!(store.all_inbox_sync_states().await.unwrap().len(), 2);
}

pub async fn parallel_sync_claims_have_one_winner(store: Arc<dyn Store>) {
    let (a, _) = two_accounts(&store).await;
    let now = T0 + Duration::minutes(1);
    let claims = (0..8).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .claim_inbox_sync(a.id, now, now - Duration::minutes(10))
                .await
                .unwrap()
        })
    });
    let mut won = 0;
    for c in claims.collect::<Vec<_>>() {
        if c.await.unwrap() {
            won += 1;
        }
    }
    assert_eq!(won, 1);
}
