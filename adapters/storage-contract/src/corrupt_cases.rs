//! Contract cases for stored values an adapter cannot decode: no adapter
//! panics; a single read names the row in [`StoreError::Corrupt`]; lists and
//! claims leave the row out and keep the others; the owner can still delete
//! it. (A post once scheduled for year 10000 made every page that listed
//! posts, and its deletion, fail.)

use std::sync::Arc;

use socialflow_core::posts::{PostFilter, PostState};
use socialflow_core::storage::{Store, StoreError};
use time::Duration;
use time::macros::datetime;

use crate::fixtures::T0;
use crate::posts_cases::{owner_with_account, post};
use crate::{Planter, Spoil};

pub async fn an_unreadable_post_is_a_typed_error_and_lists_skip_it(
    store: Arc<dyn Store>,
    planter: Arc<dyn Planter>,
) {
    let mut planted = Vec::new();
    for (i, spoil) in Spoil::ALL.into_iter().enumerate() {
        let (owner, acc) =
            owner_with_account(&store, &format!("owner{i}"), &format!("77{i}")).await;
        let at = Some(T0 + Duration::hours(1));
        let good = post(owner, acc, PostState::Scheduled, at);
        let bad = post(owner, acc, PostState::Scheduled, at);
        store.insert_post(&good).await.unwrap();
        store.insert_post(&bad).await.unwrap();
        if !planter.spoil_post(bad.id, spoil).await {
            continue;
        }
        planted.push(spoil);

        match store.post(owner, bad.id).await {
            Err(StoreError::Corrupt { table, id, what }) => {
                assert_eq!(table, "posts", "{spoil:?}");
                assert_eq!(id, bad.id.to_string(), "{spoil:?}");
                assert!(!what.is_empty(), "{spoil:?}");
            }
            other => panic!("{spoil:?}: expected Corrupt, got {other:?}"),
        }
        assert_eq!(
            store.post(owner, good.id).await.unwrap(),
            Some(good.clone()),
            "{spoil:?}: the good row still reads"
        );
        let listed = store
            .list_posts(owner, &PostFilter::default())
            .await
            .unwrap_or_else(|e| panic!("{spoil:?}: the list failed: {e}"));
        assert_eq!(
            listed.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![good.id],
            "{spoil:?}: the list skips only the bad row"
        );
        let scheduled = store
            .list_posts(
                owner,
                &PostFilter {
                    states: vec![PostState::Scheduled],
                    ..PostFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(scheduled.len(), 1, "{spoil:?}");
        assert!(
            store.post_log(owner, bad.id).await.is_ok(),
            "{spoil:?}: its log still reads"
        );
    }
    assert!(
        planted.contains(&Spoil::Time)
            && planted.contains(&Spoil::UnknownState)
            && planted.contains(&Spoil::Json),
        "every adapter can hold a bad time, state and JSON: {planted:?}"
    );

    // The worker's claims skip unreadable rows too, and claim the rest.
    let claimed = store
        .claim_due_posts(T0 + Duration::days(1), "w1", T0 + Duration::days(2), 100)
        .await
        .unwrap_or_else(|e| panic!("claims failed on a bad row: {e}"));
    // One good post per owner, and the "bad" ones that could not be spoiled.
    let readable = 2 * Spoil::ALL.len() - planted.len();
    assert_eq!(claimed.len(), readable, "planted {planted:?}");
}

pub async fn an_unreadable_post_can_be_deleted(store: Arc<dyn Store>, planter: Arc<dyn Planter>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, _) = owner_with_account(&store, "bob", "1002").await;
    for spoil in Spoil::ALL {
        let bad = post(alice, acc, PostState::Scheduled, Some(T0));
        store.insert_post(&bad).await.unwrap();
        if !planter.spoil_post(bad.id, spoil).await {
            store.delete_post(alice, bad.id, bad.version).await.unwrap();
            continue;
        }
        assert_eq!(
            store.delete_unreadable_post(bob, bad.id).await.unwrap(),
            None,
            "{spoil:?}: bob cannot delete alice's post"
        );
        let media = store
            .delete_unreadable_post(alice, bad.id)
            .await
            .unwrap()
            .expect("deleted");
        assert_eq!(media, bad.content.media, "{spoil:?}: its files come back");
        assert_eq!(store.post(alice, bad.id).await.unwrap(), None, "{spoil:?}");
        assert_eq!(
            store.delete_unreadable_post(alice, bad.id).await.unwrap(),
            None,
            "{spoil:?}: gone"
        );
    }
    assert!(
        store
            .list_posts(alice, &PostFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}

/// Core refuses such times; an adapter handed one anyway must not panic
/// (MariaDB's conversion to UTC once did).
pub async fn times_beyond_the_database_range_never_panic(
    store: Arc<dyn Store>,
    _planter: Arc<dyn Planter>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let year_10000 = datetime!(9999-12-31 23:00 -5);
    let ancient = datetime!(-9999-01-01 0:00 +5);
    for (from, to) in [
        (Some(year_10000), None),
        (None, Some(year_10000)),
        (Some(ancient), Some(year_10000)),
    ] {
        let filter = PostFilter {
            from,
            to,
            ..PostFilter::default()
        };
        store.list_posts(alice, &filter).await.unwrap();
    }
    let far = post(alice, acc, PostState::Scheduled, Some(year_10000));
    // Stored or refused, either is fine; reading it back must not panic,
    // nor break the list.
    if store.insert_post(&far).await.is_ok() {
        let _ = store.post(alice, far.id).await;
        store
            .list_posts(alice, &PostFilter::default())
            .await
            .unwrap();
    }
    store
        .claim_due_posts(year_10000, "w1", year_10000, 10)
        .await
        .unwrap();
}
