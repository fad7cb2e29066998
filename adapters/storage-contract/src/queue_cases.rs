//! Contract cases for the queue: slots and calendar feeds scoped to their
//! owner and gone with their account, the times posts take, and the unit of
//! work's free-slot check — under 25 concurrent units, one slot is taken
//! once.

use std::sync::Arc;

use socialflow_core::crypto::TokenDigest;
use socialflow_core::posts::{Change, UnitOfWork};
use socialflow_core::posts::{PostFilter, PostState};
use socialflow_core::queue::{CalendarFeed, QueueSlot, SlotTime};
use socialflow_core::storage::{Store, StoreError};
use time::{Duration, Weekday};

use crate::fixtures::T0;
use crate::posts_cases::{owner_with_account, post};

fn slot(day: Weekday, h: u8, m: u8) -> QueueSlot {
    QueueSlot::new(day, SlotTime::new(h, m).unwrap())
}

pub async fn queue_slots_are_replaced_scoped_and_go_with_their_account(
    store: Arc<dyn Store>,
    _unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, bobs) = owner_with_account(&store, "bob", "1002").await;
    let set = [
        slot(Weekday::Sunday, 23, 59),
        slot(Weekday::Monday, 18, 30),
        slot(Weekday::Monday, 0, 0),
    ];
    assert!(store.replace_queue_slots(alice, acc, &set).await.unwrap());
    assert_eq!(
        store.queue_slots(alice, acc).await.unwrap(),
        vec![set[2], set[1], set[0]],
        "Monday first, then by time"
    );
    // Bob can neither read nor write Alice's account's slots.
    assert!(store.queue_slots(bob, acc).await.unwrap().is_empty());
    assert!(
        !store
            .replace_queue_slots(bob, acc, &set[..1])
            .await
            .unwrap()
    );
    assert_eq!(store.queue_slots(alice, acc).await.unwrap().len(), 3);
    assert!(
        store
            .replace_queue_slots(bob, bobs, &set[..1])
            .await
            .unwrap()
    );
    // Replacing replaces; an empty set clears.
    assert!(
        store
            .replace_queue_slots(alice, acc, &set[1..2])
            .await
            .unwrap()
    );
    assert_eq!(store.queue_slots(alice, acc).await.unwrap(), vec![set[1]]);
    assert!(store.replace_queue_slots(alice, acc, &[]).await.unwrap());
    assert!(store.queue_slots(alice, acc).await.unwrap().is_empty());
    // A duplicate is refused and leaves the set as it was.
    assert!(store.replace_queue_slots(alice, acc, &set).await.unwrap());
    assert!(
        store
            .replace_queue_slots(alice, acc, &[set[0], set[0]])
            .await
            .is_err()
    );
    assert_eq!(store.queue_slots(alice, acc).await.unwrap().len(), 3);
    // The account's slots and feed go with it.
    let feed = CalendarFeed {
        owner: alice,
        account_id: acc,
        digest: TokenDigest("a".repeat(64)),
        created_at: T0,
    };
    assert!(store.put_calendar_feed(&feed).await.unwrap());
    assert!(store.delete_account(alice, acc).await.unwrap());
    assert!(store.queue_slots(alice, acc).await.unwrap().is_empty());
    assert_eq!(
        store.calendar_feed_by_digest(&feed.digest).await.unwrap(),
        None
    );
    assert_eq!(store.queue_slots(bob, bobs).await.unwrap(), vec![set[0]]);
}

pub async fn taken_times_count_only_posts_that_hold_their_time(
    store: Arc<dyn Store>,
    _unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, bobs) = owner_with_account(&store, "bob", "1002").await;
    let at = |h: i64| T0 + Duration::hours(h);
    let mut ids = Vec::new();
    for (state, h) in [
        (PostState::Scheduled, 1),
        (PostState::Ready, 2),
        (PostState::Published, 3),
        (PostState::Draft, 4),
        (PostState::Failed, 5),
        (PostState::Cancelled, 6),
        (PostState::Scheduled, 30),
    ] {
        let p = post(alice, acc, state, Some(at(h)));
        ids.push(p.id);
        store.insert_post(&p).await.unwrap();
    }
    store
        .insert_post(&post(bob, bobs, PostState::Scheduled, Some(at(1))))
        .await
        .unwrap();
    let taken = store
        .taken_times(alice, acc, T0, at(24), None, 100)
        .await
        .unwrap();
    assert_eq!(taken, vec![at(1), at(2), at(3)]);
    let except = store
        .taken_times(alice, acc, T0, at(24), Some(ids[0]), 100)
        .await
        .unwrap();
    assert_eq!(except, vec![at(2), at(3)], "the post itself does not count");
    let limited = store
        .taken_times(alice, acc, at(2), at(31), None, 2)
        .await
        .unwrap();
    assert_eq!(limited, vec![at(2), at(3)], "from inclusive, capped");
    assert!(
        store
            .taken_times(bob, acc, T0, at(24), None, 100)
            .await
            .unwrap()
            .is_empty(),
        "another owner sees nothing"
    );
}

pub async fn calendar_feeds_are_found_by_digest_rotated_and_revoked(
    store: Arc<dyn Store>,
    _unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, bobs) = owner_with_account(&store, "bob", "1002").await;
    let first = CalendarFeed {
        owner: alice,
        account_id: acc,
        digest: TokenDigest("1".repeat(64)),
        created_at: T0,
    };
    assert!(store.put_calendar_feed(&first).await.unwrap());
    assert_eq!(
        store.calendar_feed(alice, acc).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(
        store.calendar_feed_by_digest(&first.digest).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(store.calendar_feed(bob, acc).await.unwrap(), None);
    // Bob cannot attach a feed to Alice's account.
    let foreign = CalendarFeed {
        owner: bob,
        digest: TokenDigest("2".repeat(64)),
        ..first.clone()
    };
    assert!(!store.put_calendar_feed(&foreign).await.unwrap());
    // Rotation: the old digest stops working at once.
    let rotated = CalendarFeed {
        digest: TokenDigest("3".repeat(64)),
        created_at: T0 + Duration::minutes(1),
        ..first.clone()
    };
    assert!(store.put_calendar_feed(&rotated).await.unwrap());
    assert_eq!(
        store.calendar_feed_by_digest(&first.digest).await.unwrap(),
        None
    );
    assert_eq!(
        store.calendar_feed(alice, acc).await.unwrap(),
        Some(rotated.clone())
    );
    // Revocation is the owner's only.
    assert!(!store.delete_calendar_feed(bob, acc).await.unwrap());
    assert!(store.delete_calendar_feed(alice, acc).await.unwrap());
    assert!(!store.delete_calendar_feed(alice, acc).await.unwrap());
    assert_eq!(
        store
            .calendar_feed_by_digest(&rotated.digest)
            .await
            .unwrap(),
        None
    );
    let bobs_feed = CalendarFeed {
        owner: bob,
        account_id: bobs,
        digest: TokenDigest("4".repeat(64)),
        created_at: T0,
    };
    assert!(store.put_calendar_feed(&bobs_feed).await.unwrap());
}

pub async fn a_unit_whose_slot_is_taken_writes_nothing(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let at = T0 + Duration::hours(3);
    let holder = post(alice, acc, PostState::Scheduled, Some(at));
    store.insert_post(&holder).await.unwrap();
    // A cancelled post at the same time does not hold it.
    store
        .insert_post(&post(
            alice,
            acc,
            PostState::Cancelled,
            Some(at + Duration::hours(1)),
        ))
        .await
        .unwrap();
    let fresh = post(alice, acc, PostState::Scheduled, Some(at));
    let err = unit
        .commit(vec![
            Change::RequireFreeSlot {
                owner: alice,
                account: acc,
                at,
                except: fresh.id,
            },
            Change::InsertPost(fresh.clone()),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert_eq!(store.post(alice, fresh.id).await.unwrap(), None);
    // The holder itself may keep (re-take) its own time.
    unit.commit(vec![Change::RequireFreeSlot {
        owner: alice,
        account: acc,
        at,
        except: holder.id,
    }])
    .await
    .unwrap();
    // Free: an hour later (only a cancelled post there).
    let later = post(
        alice,
        acc,
        PostState::Scheduled,
        Some(at + Duration::hours(1)),
    );
    unit.commit(vec![
        Change::RequireFreeSlot {
            owner: alice,
            account: acc,
            at: at + Duration::hours(1),
            except: later.id,
        },
        Change::InsertPost(later.clone()),
    ])
    .await
    .unwrap();
    assert!(store.post(alice, later.id).await.unwrap().is_some());
}

pub async fn concurrent_units_never_take_one_slot_twice(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let at = T0 + Duration::days(1);
    // Open the pool's connections first, so the units below really run side
    // by side instead of one after another while connections are made.
    let warm: Vec<_> = (0..25)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.taken_times(alice, acc, T0, at, None, 10).await })
        })
        .collect();
    for w in warm {
        w.await.unwrap().unwrap();
    }
    let mut tasks = Vec::new();
    for _ in 0..25 {
        let unit = unit.clone();
        let p = post(alice, acc, PostState::Scheduled, Some(at));
        tasks.push(tokio::spawn(async move {
            unit.commit(vec![
                Change::RequireFreeSlot {
                    owner: alice,
                    account: acc,
                    at,
                    except: p.id,
                },
                Change::InsertPost(p),
            ])
            .await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => won += 1,
            Err(StoreError::Conflict) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(won, 1, "exactly one unit takes the slot");
    let filter = PostFilter {
        account: Some(acc),
        limit: 100,
        ..PostFilter::default()
    };
    assert_eq!(store.list_posts(alice, &filter).await.unwrap().len(), 1);
}
