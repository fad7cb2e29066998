//! Contract cases of report links: found by digest, scoped to their owner,
//! capped per account under parallel inserts, revoked by the owner only,
//! gone with their account and their user.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::reports::{ReportLink, ReportLinkId};
use socialflow_core::storage::Store;
use time::Duration;
use time::macros::date;
use uuid::Uuid;

use crate::fixtures::T0;
use crate::posts_cases::owner_with_account;

fn link(owner: UserId, account: AccountId, digest: &str, minute: i64) -> ReportLink {
    ReportLink {
        id: ReportLinkId(Uuid::now_v7()),
        owner,
        account_id: account,
        from: date!(2026 - 11 - 01),
        to: date!(2026 - 11 - 30),
        digest: TokenDigest(digest.repeat(64 / digest.len())),
        created_at: T0 + Duration::minutes(minute),
        expires_at: T0 + Duration::days(7),
    }
}

pub async fn report_links_round_trip_scoped_to_their_owner(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, _) = owner_with_account(&store, "bob", "1002").await;
    let first = link(alice, acc, "a", 0);
    let second = link(alice, acc, "b", 1);
    assert!(store.insert_report_link(&first, 20).await.unwrap());
    assert!(store.insert_report_link(&second, 20).await.unwrap());
    assert_eq!(
        store.report_links(alice, acc).await.unwrap(),
        vec![second.clone(), first.clone()],
        "newest first"
    );
    assert_eq!(
        store.report_link_by_digest(&first.digest).await.unwrap(),
        Some(first.clone())
    );
    // Bob can neither see, make nor revoke links of Alice's account.
    assert!(store.report_links(bob, acc).await.unwrap().is_empty());
    assert!(
        !store
            .insert_report_link(&link(bob, acc, "c", 2), 20)
            .await
            .unwrap()
    );
    assert!(!store.delete_report_link(bob, first.id).await.unwrap());
    // Revocation: the digest stops working at once.
    assert!(store.delete_report_link(alice, first.id).await.unwrap());
    assert!(!store.delete_report_link(alice, first.id).await.unwrap());
    assert_eq!(
        store.report_link_by_digest(&first.digest).await.unwrap(),
        None
    );
    assert_eq!(store.report_links(alice, acc).await.unwrap(), vec![second]);
}

pub async fn parallel_report_link_inserts_never_pass_the_cap(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let tasks: Vec<_> = (0..25)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let l = link(alice, acc, &format!("{:02}", i), i);
                store.insert_report_link(&l, 5).await.unwrap()
            })
        })
        .collect();
    let mut inserted = 0;
    for t in tasks {
        if t.await.unwrap() {
            inserted += 1;
        }
    }
    assert_eq!(inserted, 5);
    assert_eq!(store.report_links(alice, acc).await.unwrap().len(), 5);
}

pub async fn report_links_go_with_their_account_and_user(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let l = link(alice, acc, "d", 0);
    assert!(store.insert_report_link(&l, 20).await.unwrap());
    assert!(store.delete_account(alice, acc).await.unwrap());
    assert_eq!(store.report_link_by_digest(&l.digest).await.unwrap(), None);
    let (bob, bobs) = owner_with_account(&store, "bob", "1002").await;
    let m = link(bob, bobs, "e", 0);
    assert!(store.insert_report_link(&m, 20).await.unwrap());
    assert!(store.delete_user(bob).await.unwrap());
    assert_eq!(store.report_link_by_digest(&m.digest).await.unwrap(), None);
}
