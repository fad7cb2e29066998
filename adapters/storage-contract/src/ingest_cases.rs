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
    // The list with versions: each owner's accounts as `accounts_of` lists
    // them, each with the version read alone (0 before any write).
    let fresh = another_account(&store, alice, "150").await;
    let listed = store.accounts_with_versions(alice).await.unwrap();
    let accounts = store.accounts_of(alice).await.unwrap();
    assert_eq!(
        listed.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
        accounts
    );
    let versions: Vec<(AccountId, i64)> = listed.iter().map(|(a, v)| (a.id, *v)).collect();
    let mut expected = vec![(a, last), (fresh, 0)];
    expected.sort_by_key(|(id, _)| accounts.iter().position(|x| x.id == *id));
    assert_eq!(versions, expected);
    assert_eq!(
        store
            .accounts_with_versions(bob)
            .await
            .unwrap()
            .iter()
            .map(|(a, v)| (a.id, *v))
            .collect::<Vec<_>>(),
        vec![(b, 1)]
    );

    // Deleting the account deletes its version with its rows; erasing Bob
    // deletes his.
    assert!(store.delete_account(alice, a).await.unwrap());
    assert_eq!(version(store.clone(), alice, a).await, None);
    store.delete_user(bob).await.unwrap();
    assert_eq!(version(store.clone(), bob, b).await, None);
}

/// A second account of `owner` (Instagram id `ig`).
async fn another_account(store: &Arc<dyn Store>, owner: UserId, ig: &str) -> AccountId {
    use socialflow_core::account::{
        Account, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
    };
    let account = Account {
        id: AccountId::new(),
        owner,
        ig_user_id: ig.into(),
        app_scoped_id: format!("app-{ig}"),
        profile: AccountProfile {
            username: format!("shop_{ig}"),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![4, 5, 6]),
            expires_at: T0 + Duration::days(60),
            refreshed_at: T0,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: T0,
        profile_fetched_at: T0,
    };
    store.insert_account(&account).await.unwrap();
    account.id
}

fn days(account: AccountId, n: usize, reach: Option<i64>) -> Vec<DailyInsights> {
    (0..n).map(|d| insight(account, d, reach)).collect()
}

fn posts(account: AccountId, n: usize, likes: i64) -> Vec<MediaMetrics> {
    (0..n)
        .map(|i| {
            let mut m = media(account, &format!("p{i:05}"), T0 - Duration::hours(i as i64));
            m.likes = Some(likes);
            m
        })
        .collect()
}

/// Everything stored of `account` read as `owner`: insight days, then
/// media rows (newest first).
async fn stored(
    store: &Arc<dyn Store>,
    owner: UserId,
    account: AccountId,
) -> (Vec<DailyInsights>, Vec<MediaMetrics>) {
    (
        store
            .daily_insights(owner, account, date!(2020 - 01 - 01), date!(2030 - 01 - 01))
            .await
            .unwrap(),
        store
            .media_metrics(
                owner,
                account,
                T0 - Duration::days(400),
                T0 + Duration::days(1),
            )
            .await
            .unwrap(),
    )
}

async fn versions(store: &Arc<dyn Store>, of: &[(UserId, AccountId)]) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    for (owner, account) in of {
        out.push(store.analytics_version(*owner, *account).await.unwrap());
    }
    out
}

/// Media rows newest first, as `media_metrics` returns them.
fn newest_first(mut rows: Vec<MediaMetrics>) -> Vec<MediaMetrics> {
    rows.sort_by(|a, b| {
        b.posted_at
            .cmp(&a.posted_at)
            .then(b.media_id.cmp(&a.media_id))
    });
    rows
}

pub async fn analytics_batches_of_several_owners_land_with_their_owner_and_move_each_version_once(
    store: Arc<dyn Store>,
) {
    let (alice, a1) = owner_with_account(&store, "alice", "100").await;
    let a2 = another_account(&store, alice, "101").await;
    let (bob, b) = owner_with_account(&store, "bob", "200").await;
    let (carol, c) = owner_with_account(&store, "carol", "300").await;
    let all = [(alice, a1), (alice, a2), (bob, b), (carol, c)];

    store
        .upsert_daily_insights_batch(&[
            (alice, days(a1, 5, Some(1))),
            (bob, days(b, 3, Some(2))),
            (alice, days(a2, 2, Some(3))),
        ])
        .await
        .unwrap();
    assert_eq!(stored(&store, alice, a1).await.0, days(a1, 5, Some(1)));
    assert_eq!(stored(&store, alice, a2).await.0, days(a2, 2, Some(3)));
    assert_eq!(stored(&store, bob, b).await.0, days(b, 3, Some(2)));
    // Each row is its owner's only.
    assert!(stored(&store, bob, a1).await.0.is_empty());
    assert!(stored(&store, alice, b).await.0.is_empty());
    assert!(stored(&store, carol, c).await.0.is_empty());
    assert_eq!(
        versions(&store, &all).await,
        [Some(1), Some(1), Some(1), Some(0)],
        "each written account once, the others not"
    );

    // Again: every row replaced; one account in two entries moves once,
    // and its later row of one day stays.
    let mut later = days(a1, 1, Some(99));
    later[0].views = None;
    store
        .upsert_daily_insights_batch(&[
            (alice, days(a1, 5, None)),
            (bob, days(b, 3, Some(20))),
            (alice, later.clone()),
        ])
        .await
        .unwrap();
    let mut expected = days(a1, 5, None);
    expected[0] = later[0].clone();
    assert_eq!(stored(&store, alice, a1).await.0, expected);
    assert_eq!(stored(&store, bob, b).await.0, days(b, 3, Some(20)));
    assert_eq!(stored(&store, alice, a2).await.0, days(a2, 2, Some(3)));
    assert_eq!(
        versions(&store, &all).await,
        [Some(2), Some(1), Some(2), Some(0)]
    );

    // Media metrics the same way.
    store
        .upsert_media_metrics_batch(&[(alice, posts(a2, 4, 10)), (bob, posts(b, 3, 20))])
        .await
        .unwrap();
    assert_eq!(
        stored(&store, alice, a2).await.1,
        newest_first(posts(a2, 4, 10))
    );
    assert_eq!(
        stored(&store, bob, b).await.1,
        newest_first(posts(b, 3, 20))
    );
    assert!(stored(&store, alice, b).await.1.is_empty());
    assert!(stored(&store, alice, a1).await.1.is_empty());
    assert_eq!(
        versions(&store, &all).await,
        [Some(2), Some(2), Some(3), Some(0)]
    );
    store
        .upsert_media_metrics_batch(&[
            (bob, posts(b, 3, 21)),
            (alice, posts(a2, 4, 11)),
            (alice, posts(a1, 1, 12)),
        ])
        .await
        .unwrap();
    assert_eq!(
        stored(&store, alice, a2).await.1,
        newest_first(posts(a2, 4, 11)),
        "replaced, not added"
    );
    assert_eq!(
        stored(&store, bob, b).await.1,
        newest_first(posts(b, 3, 21))
    );
    assert_eq!(stored(&store, alice, a1).await.1, posts(a1, 1, 12));
    assert_eq!(
        versions(&store, &all).await,
        [Some(3), Some(3), Some(4), Some(0)]
    );
    // The single-account writes still go their own way.
    store
        .upsert_daily_insights(carol, &days(c, 2, Some(7)))
        .await
        .unwrap();
    assert_eq!(stored(&store, carol, c).await.0, days(c, 2, Some(7)));
    assert_eq!(versions(&store, &all[3..]).await, [Some(1)]);
}

pub async fn an_empty_analytics_batch_writes_nothing(store: Arc<dyn Store>) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    store.upsert_daily_insights_batch(&[]).await.unwrap();
    store.upsert_media_metrics_batch(&[]).await.unwrap();
    // Entries without rows are nothing to write either.
    store
        .upsert_daily_insights_batch(&[(alice, Vec::new())])
        .await
        .unwrap();
    store
        .upsert_media_metrics_batch(&[(alice, Vec::new()), (alice, Vec::new())])
        .await
        .unwrap();
    assert_eq!(stored(&store, alice, a).await, (Vec::new(), Vec::new()));
    assert_eq!(versions(&store, &[(alice, a)]).await, [Some(0)]);
}

pub async fn an_analytics_batch_bigger_than_a_statement_is_one_transaction(store: Arc<dyn Store>) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    let (bob, b) = owner_with_account(&store, "bob", "200").await;
    let (carol, c) = owner_with_account(&store, "carol", "300").await;
    let all = [(alice, a), (bob, b), (carol, c)];
    // 3 × 700 insight days (500 rows a statement) and 3 × 450 media rows.
    let insights = |reach| {
        vec![
            (alice, days(a, 700, reach)),
            (bob, days(b, 700, reach)),
            (carol, days(c, 700, reach)),
        ]
    };
    let media = |likes| {
        vec![
            (carol, posts(c, 450, likes)),
            (alice, posts(a, 450, likes)),
            (bob, posts(b, 450, likes)),
        ]
    };
    store
        .upsert_daily_insights_batch(&insights(Some(5)))
        .await
        .unwrap();
    store.upsert_media_metrics_batch(&media(6)).await.unwrap();
    for (owner, account) in all {
        let (got_days, got_media) = stored(&store, owner, account).await;
        assert_eq!(got_days, days(account, 700, Some(5)));
        assert_eq!(got_media, newest_first(posts(account, 450, 6)));
    }
    assert_eq!(versions(&store, &all).await, [Some(2); 3]);

    // A batch whose last row's account does not exist is refused whole:
    // nothing of any owner changes, no version moves.
    let mut refused = insights(None);
    refused.push((alice, vec![insight(AccountId::new(), 0, None)]));
    assert!(store.upsert_daily_insights_batch(&refused).await.is_err());
    let mut refused = media(7);
    refused.push((bob, posts(AccountId::new(), 1, 7)));
    assert!(store.upsert_media_metrics_batch(&refused).await.is_err());
    for (owner, account) in all {
        let (got_days, got_media) = stored(&store, owner, account).await;
        assert_eq!(got_days, days(account, 700, Some(5)));
        assert_eq!(got_media, newest_first(posts(account, 450, 6)));
    }
    assert_eq!(versions(&store, &all).await, [Some(2); 3]);
}
