//! Contract cases for batched ingest (issue 20): writes of more rows than
//! one multi-row statement carries, duplicate keys inside one batch (the
//! last row wins, as row-by-row upserts did), updates, all-or-nothing
//! batches, and the analytics data version behind the ETags: it moves with
//! every write of the account's analytics rows, is the owner's only, and
//! goes with the account and with its owner (privacy erasure).

use std::collections::BTreeMap;
use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{
    Audience, DailyInsights, Demographics, FollowerSnapshot, MediaMetrics, SnapshotSource,
};
use socialflow_core::inbox::{CachedComment, CommentFilter};
use socialflow_core::storage::Store;
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

use crate::analytics_cases::{media, owner_with_account};

const T0: OffsetDateTime = datetime!(2026-03-04 05:06:07.123456 UTC);
/// More rows than one statement carries (500), so a batch spans three.
const MANY: usize = 1_234;

fn comment(account: AccountId, n: usize, text: &str) -> CachedComment {
    CachedComment {
        account_id: account,
        id: format!("178{n:08}"),
        media_id: format!("179{:04}", n % 7),
        parent_id: (n % 4 == 3).then(|| format!("178{:08}", n - 1)),
        text: format!("{text} #{n} <b>☕</b>"),
        username: Some(format!("fan_{}", n % 13)),
        timestamp: T0 - Duration::minutes(n as i64),
        hidden: n.is_multiple_of(5),
        like_count: (!n.is_multiple_of(3)).then_some(n as i64),
        fetched_at: T0,
    }
}

pub async fn comment_batches_span_statements_keep_the_last_duplicate_and_update(
    store: Arc<dyn Store>,
) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    let (bob, b) = owner_with_account(&store, "bob", "200").await;
    let mut batch: Vec<CachedComment> = (0..MANY).map(|n| comment(a, n, "first")).collect();
    // Duplicates inside the one batch, in different statements: the later
    // row is what stays.
    batch.push(comment(a, 7, "seven again"));
    batch.push(comment(a, 1_100, "late twin"));
    batch.insert(3, comment(a, 600, "early twin, overwritten later"));
    store.upsert_comments(&batch).await.unwrap();
    store
        .upsert_comments(&[comment(b, 1, "bob's")])
        .await
        .unwrap();

    let mut expected: BTreeMap<String, CachedComment> = BTreeMap::new();
    for c in &batch {
        expected.insert(c.id.clone(), c.clone());
    }
    let read = |store: Arc<dyn Store>| async move {
        let got = store
            .cached_comments(alice, a, &CommentFilter::default())
            .await
            .unwrap();
        got.into_iter()
            .map(|c| (c.id.clone(), c))
            .collect::<BTreeMap<_, _>>()
    };
    let got = read(store.clone()).await;
    assert_eq!(got.len(), MANY);
    assert_eq!(got, expected);
    assert!(got[&comment(a, 7, "").id].text.starts_with("seven again"));
    assert!(got[&comment(a, 600, "").id].text.starts_with("first"));

    // A refresh: every row conflicts and is updated, in a batch again
    // bigger than one statement.
    let refresh: Vec<CachedComment> = (0..MANY)
        .map(|n| {
            let mut c = comment(a, n, "edited");
            c.hidden = !c.hidden;
            c.like_count = Some(1_000 + n as i64);
            c.fetched_at = T0 + Duration::hours(1);
            c
        })
        .collect();
    store.upsert_comments(&refresh).await.unwrap();
    let got = read(store.clone()).await;
    let expected: BTreeMap<_, _> = refresh.iter().map(|c| (c.id.clone(), c.clone())).collect();
    assert_eq!(got, expected);
    // Bob's row is untouched and his alone.
    let bobs = store
        .cached_comments(bob, b, &CommentFilter::default())
        .await
        .unwrap();
    assert_eq!(bobs, vec![comment(b, 1, "bob's")]);
}

fn insight(account: AccountId, n: usize, reach: Option<i64>) -> DailyInsights {
    DailyInsights {
        account_id: account,
        day: date!(2022 - 01 - 01) + Duration::days(n as i64),
        reach,
        views: Some(n as i64 * 3),
        accounts_engaged: n.is_multiple_of(2).then_some(n as i64),
        total_interactions: Some(0),
        profile_activity: None,
        fetched_at: T0,
    }
}

pub async fn insight_and_media_batches_span_statements_keep_the_last_duplicate_and_update(
    store: Arc<dyn Store>,
) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    let first_day = date!(2022 - 01 - 01);
    let last_day = first_day + Duration::days(MANY as i64);

    let mut days: Vec<DailyInsights> = (0..MANY).map(|n| insight(a, n, Some(n as i64))).collect();
    days.push(insight(a, 5, Some(-5)));
    days.insert(0, insight(a, 900, Some(-900)));
    store.upsert_daily_insights(alice, &days).await.unwrap();
    let got = store
        .daily_insights(alice, a, first_day, last_day)
        .await
        .unwrap();
    assert_eq!(got.len(), MANY);
    assert_eq!(got[5].reach, Some(-5), "the later duplicate wins");
    assert_eq!(
        got[900].reach,
        Some(900),
        "the earlier duplicate is replaced"
    );
    assert_eq!(got[17], insight(a, 17, Some(17)));

    // Updates: every day again, reach now unknown (NULL, never zero).
    let update: Vec<DailyInsights> = (0..MANY).map(|n| insight(a, n, None)).collect();
    store.upsert_daily_insights(alice, &update).await.unwrap();
    assert_eq!(
        store
            .daily_insights(alice, a, first_day, last_day)
            .await
            .unwrap(),
        update
    );

    // Media metrics: 20 columns a row, so still 500 rows a statement.
    let posted = |n: usize| T0 - Duration::hours(n as i64);
    let mut rows: Vec<MediaMetrics> = (0..MANY)
        .map(|n| media(a, &format!("m{n:05}"), posted(n)))
        .collect();
    let mut twin = media(a, "m00042", posted(42));
    twin.likes = Some(4_242);
    rows.push(twin.clone());
    store.upsert_media_metrics(alice, &rows).await.unwrap();
    let got = store
        .media_metrics(alice, a, T0 - Duration::days(365), T0 + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(got.len(), MANY);
    let by_id: BTreeMap<_, _> = got.iter().map(|m| (m.media_id.clone(), m)).collect();
    assert_eq!(*by_id["m00042"], twin);
    assert_eq!(*by_id["m01000"], media(a, "m01000", posted(1_000)));

    // Back-filled snapshots: more than one statement, a day already stored
    // is left as it is and not counted.
    let snap = |n: i64, followers: i64, source| FollowerSnapshot {
        account_id: a,
        day: first_day + Duration::days(n),
        followers: Some(followers),
        following: None,
        media_count: Some(3),
        source,
        taken_at: T0,
    };
    store
        .upsert_follower_snapshot(alice, &snap(10, 777, SnapshotSource::Daily))
        .await
        .unwrap();
    let backfill: Vec<FollowerSnapshot> = (0..600)
        .map(|n| snap(n, 100 + n, SnapshotSource::Backfill))
        .collect();
    assert_eq!(
        store
            .insert_backfill_snapshots(alice, &backfill)
            .await
            .unwrap(),
        599
    );
    let got = store
        .follower_snapshots(alice, a, first_day, last_day)
        .await
        .unwrap();
    assert_eq!(got.len(), 600);
    assert_eq!(got[10], snap(10, 777, SnapshotSource::Daily));
    assert_eq!(got[599], snap(599, 699, SnapshotSource::Backfill));
}

pub async fn a_failing_batch_stores_nothing_and_keeps_the_version(store: Arc<dyn Store>) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    store
        .upsert_daily_insights(alice, &[insight(a, 0, Some(1))])
        .await
        .unwrap();
    let version = store.analytics_version(alice, a).await.unwrap();
    // The last row's account does not exist: the whole batch, spanning
    // several statements, is refused.
    let mut days: Vec<DailyInsights> = (1..MANY).map(|n| insight(a, n, Some(1))).collect();
    days.push(insight(AccountId::new(), 0, Some(1)));
    assert!(store.upsert_daily_insights(alice, &days).await.is_err());
    let got = store
        .daily_insights(alice, a, date!(2022 - 01 - 01), date!(2030 - 01 - 01))
        .await
        .unwrap();
    assert_eq!(got, vec![insight(a, 0, Some(1))]);
    assert_eq!(store.analytics_version(alice, a).await.unwrap(), version);

    let mut comments: Vec<CachedComment> = (0..MANY).map(|n| comment(a, n, "x")).collect();
    comments.push(comment(AccountId::new(), 1, "nobody's"));
    assert!(store.upsert_comments(&comments).await.is_err());
    assert!(
        store
            .cached_comments(alice, a, &CommentFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn analytics_version_moves_with_every_write_and_goes_with_the_account(
    store: Arc<dyn Store>,
) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    let (bob, b) = owner_with_account(&store, "bob", "200").await;
    let version = |store: Arc<dyn Store>, owner: UserId, account: AccountId| async move {
        store.analytics_version(owner, account).await.unwrap()
    };
    assert_eq!(version(store.clone(), alice, a).await, Some(0));
    // Not the owner's: no version (and no hint the account exists).
    assert_eq!(version(store.clone(), bob, a).await, None);
    assert_eq!(version(store.clone(), alice, AccountId::new()).await, None);

    let mut last = 0;
    let mut moved = |v: Option<i64>, what: &str| {
        let v = v.unwrap();
        assert!(v > last, "{what}: version {v} after {last}");
        last = v;
    };
    store
        .upsert_follower_snapshot(
            alice,
            &FollowerSnapshot {
                account_id: a,
                day: date!(2026 - 03 - 04),
                followers: Some(10),
                following: None,
                media_count: None,
                source: SnapshotSource::Daily,
                taken_at: T0,
            },
        )
        .await
        .unwrap();
    moved(version(store.clone(), alice, a).await, "snapshot");
    store
        .upsert_daily_insights(alice, &[insight(a, 1, Some(3))])
        .await
        .unwrap();
    moved(version(store.clone(), alice, a).await, "insights");
    // The same row again is still a write (fetched_at may differ): moves.
    store
        .upsert_daily_insights(alice, &[insight(a, 1, Some(3))])
        .await
        .unwrap();
    moved(version(store.clone(), alice, a).await, "insights again");
    store
        .upsert_media_metrics(alice, &[media(a, "m1", T0)])
        .await
        .unwrap();
    moved(version(store.clone(), alice, a).await, "media");
    store
        .upsert_audience(
            alice,
            &Audience {
                account_id: a,
                fetched_at: T0,
                demographics: Demographics::default(),
                online: None,
                online_samples: Vec::new(),
            },
        )
        .await
        .unwrap();
    moved(version(store.clone(), alice, a).await, "audience");
    let backfill = |followers| FollowerSnapshot {
        account_id: a,
        day: date!(2026 - 02 - 01),
        followers: Some(followers),
        following: None,
        media_count: None,
        source: SnapshotSource::Backfill,
        taken_at: T0,
    };
    store
        .insert_backfill_snapshots(alice, &[backfill(5)])
        .await
        .unwrap();
    moved(version(store.clone(), alice, a).await, "backfill");
    // A back-fill that adds nothing changes nothing.
    store
        .insert_backfill_snapshots(alice, &[backfill(6)])
        .await
        .unwrap();
    assert_eq!(version(store.clone(), alice, a).await, Some(last));
    // Reads never move it; Bob's writes move only his.
    store
        .daily_insights(alice, a, date!(2020 - 01 - 01), date!(2030 - 01 - 01))
        .await
        .unwrap();
    store
        .upsert_daily_insights(bob, &[insight(b, 1, Some(3))])
        .await
        .unwrap();
    assert_eq!(version(store.clone(), alice, a).await, Some(last));
    assert_eq!(version(store.clone(), bob, b).await, Some(1));

    // Deleting the account deletes its version with its rows; erasing Bob
    // deletes his.
    assert!(store.delete_account(alice, a).await.unwrap());
    assert_eq!(version(store.clone(), alice, a).await, None);
    store.delete_user(bob).await.unwrap();
    assert_eq!(version(store.clone(), bob, b).await, None);
}
