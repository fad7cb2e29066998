//! Contract cases for analytics storage: one snapshot per account per day,
//! owner scoping, cascades and retention boundaries.

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::analytics::{
    Audience, Bucket, DailyInsights, Demographics, FollowerSnapshot, MediaMetrics, MediaPageQuery,
    MediaSort, OnlineHours, OnlineSample, ProfileData, ProfileSnapshot, SnapshotSource,
    retention_cutoffs, sort_media,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::Store;
use socialflow_core::user::Role;
use socialflow_core::{Language, User, UserId, Username};
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-03-04 05:06:07.123456 UTC);

pub(crate) async fn owner_with_account(
    store: &Arc<dyn Store>,
    name: &str,
    ig: &str,
) -> (UserId, AccountId) {
    let user = User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: PasswordHash(format!("$2b$12$hash-of-{name}")),
        role: Role::User,
        language: Language::En,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: T0,
        updated_at: T0,
    };
    store.insert_user(&user).await.unwrap();
    let account = Account {
        id: AccountId::new(),
        owner: user.id,
        ig_user_id: ig.into(),
        app_scoped_id: format!("app-{ig}"),
        profile: AccountProfile {
            username: format!("{name}_ig"),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1, 2, 3]),
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
    (user.id, account.id)
}

fn snap(account: AccountId, day: Date, followers: i64, source: SnapshotSource) -> FollowerSnapshot {
    FollowerSnapshot {
        account_id: account,
        day,
        followers: Some(followers),
        following: Some(10),
        media_count: None,
        source,
        taken_at: T0,
    }
}

pub(crate) fn media(account: AccountId, id: &str, posted_at: OffsetDateTime) -> MediaMetrics {
    MediaMetrics {
        account_id: account,
        media_id: id.into(),
        product: "REELS".into(),
        media_type: "VIDEO".into(),
        caption: Some("<b>caption</b> ☕".into()),
        permalink: Some("https://www.instagram.com/reel/x/".into()),
        posted_at,
        reach: Some(1000),
        views: Some(3100),
        likes: Some(90),
        comments: Some(4),
        saves: None,
        shares: Some(0),
        replies: None,
        avg_watch_time_ms: Some(8000),
        total_watch_time_ms: Some(24_800_000),
        reposts: Some(7),
        skip_rate: Some(31),
        fetched_at: T0,
    }
}

pub async fn follower_snapshots_are_one_per_day_and_scoped(store: Arc<dyn Store>) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    let (bob, b) = owner_with_account(&store, "bob", "200").await;
    let d = date!(2026 - 03 - 04);

    // Twice the same day: one row, the later values.
    store
        .upsert_follower_snapshot(alice, &snap(a, d, 100, SnapshotSource::Daily))
        .await
        .unwrap();
    store
        .upsert_follower_snapshot(alice, &snap(a, d, 105, SnapshotSource::Daily))
        .await
        .unwrap();
    let got = store.follower_snapshots(alice, a, d, d).await.unwrap();
    assert_eq!(got, vec![snap(a, d, 105, SnapshotSource::Daily)]);

    // Back-fill adds missing days only; it never replaces a daily snapshot.
    let added = store
        .insert_backfill_snapshots(
            alice,
            &[
                snap(a, d, 1, SnapshotSource::Backfill),
                snap(a, d - Duration::days(1), 99, SnapshotSource::Backfill),
                snap(a, d - Duration::days(2), 98, SnapshotSource::Backfill),
            ],
        )
        .await
        .unwrap();
    assert_eq!(added, 2);
    let got = store
        .follower_snapshots(alice, a, d - Duration::days(10), d)
        .await
        .unwrap();
    let days: Vec<_> = got.iter().map(|s| (s.day, s.followers, s.source)).collect();
    assert_eq!(
        days,
        vec![
            (d - Duration::days(2), Some(98), SnapshotSource::Backfill),
            (d - Duration::days(1), Some(99), SnapshotSource::Backfill),
            (d, Some(105), SnapshotSource::Daily),
        ]
    );
    // A later daily snapshot replaces a back-filled day.
    store
        .upsert_follower_snapshot(
            alice,
            &snap(a, d - Duration::days(1), 97, SnapshotSource::Daily),
        )
        .await
        .unwrap();
    let got = store
        .follower_snapshots(alice, a, d - Duration::days(1), d - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(got[0].source, SnapshotSource::Daily);
    assert_eq!(got[0].followers, Some(97));

    // Bob sees nothing of alice's, even asking for her account.
    assert!(
        store
            .follower_snapshots(bob, a, d - Duration::days(10), d)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .follower_snapshots(bob, b, d - Duration::days(10), d)
            .await
            .unwrap()
            .is_empty()
    );
    let mut active = store.active_account_ids().await.unwrap();
    active.sort();
    let mut want = vec![(a, alice), (b, bob)];
    want.sort();
    assert_eq!(active, want);

    // Disconnecting the account removes its snapshots.
    assert!(store.delete_account(alice, a).await.unwrap());
    assert!(
        store
            .follower_snapshots(alice, a, d - Duration::days(10), d)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn analytics_retention_keeps_729_and_30_days(store: Arc<dyn Store>) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    // A manual clock, moved by hand: today is `now`'s date.
    let mut now = datetime!(2026-11-27 10:00 UTC);
    let today = now.date();
    for back in [0, 1, 727, 728, 729, 800] {
        store
            .upsert_follower_snapshot(
                alice,
                &snap(a, today - Duration::days(back), back, SnapshotSource::Daily),
            )
            .await
            .unwrap();
    }
    for back in [0, 29, 30, 31] {
        store
            .insert_profile_snapshot(
                alice,
                &ProfileSnapshot {
                    account_id: a,
                    taken_at: now - Duration::days(back) - Duration::minutes(1),
                    profile: ProfileData {
                        username: format!("v{back}"),
                        biography: Some("bio \"quoted\" ✓".into()),
                        followers_count: Some(back),
                        ..ProfileData::default()
                    },
                },
            )
            .await
            .unwrap();
    }
    let (followers_before, profiles_before) = retention_cutoffs(now);
    // 729 days kept, today included: days 0..=728 back.
    assert_eq!(
        store
            .purge_follower_snapshots(followers_before)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .purge_profile_snapshots(profiles_before)
            .await
            .unwrap(),
        2
    );
    let left = store
        .follower_snapshots(alice, a, today - Duration::days(1000), today)
        .await
        .unwrap();
    assert_eq!(left.len(), 4);
    assert_eq!(left[0].day, today - Duration::days(728));
    let profiles = store
        .profile_snapshots(alice, a, now - Duration::days(100))
        .await
        .unwrap();
    let names: Vec<_> = profiles
        .iter()
        .map(|p| p.profile.username.as_str())
        .collect();
    assert_eq!(names, ["v29", "v0"], "oldest first");
    assert_eq!(
        profiles[1].profile.biography.as_deref(),
        Some("bio \"quoted\" ✓")
    );

    // A day later the oldest remaining snapshot goes; running again removes nothing more.
    now += Duration::days(1);
    let (followers_before, _) = retention_cutoffs(now);
    assert_eq!(
        store
            .purge_follower_snapshots(followers_before)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .purge_follower_snapshots(followers_before)
            .await
            .unwrap(),
        0
    );
}

pub async fn insights_media_and_audience_round_trip_scoped(store: Arc<dyn Store>) {
    let (alice, a) = owner_with_account(&store, "alice", "100").await;
    let (bob, _) = owner_with_account(&store, "bob", "200").await;
    let d = date!(2026 - 03 - 04);
    let day = |day: Date, reach: Option<i64>| DailyInsights {
        account_id: a,
        day,
        reach,
        views: Some(450),
        accounts_engaged: None,
        total_interactions: Some(0),
        profile_activity: None,
        fetched_at: T0,
    };
    store
        .upsert_daily_insights(alice, &[day(d, Some(1)), day(d + Duration::days(1), None)])
        .await
        .unwrap();
    store
        .upsert_daily_insights(alice, &[day(d, Some(120))])
        .await
        .unwrap();
    let got = store
        .daily_insights(alice, a, d, d + Duration::days(5))
        .await
        .unwrap();
    assert_eq!(
        got,
        vec![day(d, Some(120)), day(d + Duration::days(1), None)]
    );
    assert!(
        store
            .daily_insights(bob, a, d, d + Duration::days(5))
            .await
            .unwrap()
            .is_empty()
    );

    let older = media(a, "17900000000000001", T0 - Duration::days(3));
    let newer = media(a, "17900000000000002", T0);
    store
        .upsert_media_metrics(alice, &[older.clone(), newer.clone()])
        .await
        .unwrap();
    let mut updated = older.clone();
    updated.likes = Some(150);
    updated.reach = None;
    store
        .upsert_media_metrics(alice, &[updated.clone()])
        .await
        .unwrap();
    let got = store
        .media_metrics(alice, a, T0 - Duration::days(30), T0 + Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(got, vec![newer.clone(), updated.clone()], "newest first");
    // The range is half-open: a post exactly at `until` is outside.
    let got = store
        .media_metrics(alice, a, T0 - Duration::days(30), T0)
        .await
        .unwrap();
    assert_eq!(got, vec![updated]);
    assert!(
        store
            .media_metrics(bob, a, T0 - Duration::days(30), T0 + Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );

    let audience = Audience {
        account_id: a,
        fetched_at: T0,
        demographics: Demographics {
            age: vec![Bucket {
                key: "25-34".into(),
                value: 380,
            }],
            gender: vec![],
            city: vec![Bucket {
                key: "Almaty, Kazakhstan".into(),
                value: 12,
            }],
            country: vec![],
        },
        online: Some(OnlineHours(
            (0..24)
                .map(|h| if h == 3 { None } else { Some(h) })
                .collect(),
        )),
        online_samples: (0..48)
            .map(|h| OnlineSample {
                at: datetime!(2026-03-04 05:00 UTC) + Duration::hours(h),
                followers: 100 + h,
            })
            .collect(),
    };
    assert_eq!(store.audience(alice, a).await.unwrap(), None);
    store.upsert_audience(alice, &audience).await.unwrap();
    assert_eq!(
        store.audience(alice, a).await.unwrap(),
        Some(audience.clone()),
        "the raw online samples read back as stored"
    );
    let mut later = audience.clone();
    later.online = None;
    later.online_samples.truncate(1);
    later.fetched_at = T0 + Duration::days(1);
    store.upsert_audience(alice, &later).await.unwrap();
    assert_eq!(store.audience(alice, a).await.unwrap(), Some(later));
    assert_eq!(store.audience(bob, a).await.unwrap(), None);

    // Deleting the user deletes all of it.
    store.delete_user(alice).await.unwrap();
    assert_eq!(store.audience(alice, a).await.unwrap(), None);
    assert!(
        store
            .media_metrics(alice, a, T0 - Duration::days(30), T0 + Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );
}

/// The posts table sorted and limited by the store matches the in-memory
/// sort (`sort_media`) for every column and direction: unknown values last,
/// ties newest first; the total counts the whole range; other owners and
/// out-of-range posts are not counted.
pub async fn media_page_sorts_and_limits_like_the_table(store: Arc<dyn Store>) {
    let (alice, account) = owner_with_account(&store, "pagealice", "p1").await;
    let (bob, _) = owner_with_account(&store, "pagebob", "p2").await;
    let some = |cond: bool, v: i64| (!cond).then_some(v);
    let rows: Vec<MediaMetrics> = (0..30i64)
        .map(|i| {
            let mut m = media(
                account,
                &format!("m{i:02}"),
                // Pairs share a time: ties must break the same way.
                T0 - Duration::hours(i / 2),
            );
            m.product = ["FEED", "REELS", "STORY"][(i % 3) as usize].into();
            m.reach = match i % 5 {
                0 => None,
                1 => Some(0),
                _ => Some(100 + (i * 37) % 400),
            };
            m.views = some(i % 4 == 0, (i * 53) % 700);
            m.likes = some(i % 7 == 0, (i * 13) % 50);
            m.comments = some(i % 6 == 0, i % 4);
            m.saves = some(i % 3 == 0, i % 5);
            m.shares = some(i % 4 == 1, (i * 7) % 9);
            m.avg_watch_time_ms = some(i % 2 == 0, 1000 + (i % 6) * 500);
            if i % 10 == 3 {
                (m.likes, m.comments, m.saves, m.shares) = (None, None, None, None);
            }
            m
        })
        .collect();
    store.upsert_media_metrics(alice, &rows).await.unwrap();
    // Outside the range.
    let old = media(account, "old", T0 - Duration::days(30));
    store
        .upsert_media_metrics(alice, std::slice::from_ref(&old))
        .await
        .unwrap();

    let (from, until) = (T0 - Duration::days(2), T0 + Duration::hours(1));
    let all = store
        .media_metrics(alice, account, from, until)
        .await
        .unwrap();
    assert_eq!(all.len(), 30);
    for sort in MediaSort::ALL {
        for descending in [true, false] {
            let mut expected = all.clone();
            sort_media(&mut expected, sort, descending);
            expected.truncate(7);
            let page = store
                .media_metrics_page(
                    alice,
                    account,
                    &MediaPageQuery {
                        from,
                        until,
                        sort,
                        descending,
                        limit: 7,
                    },
                )
                .await
                .unwrap();
            assert_eq!(page.total, 30, "{sort:?}");
            let ids = |v: &[MediaMetrics]| v.iter().map(|m| m.media_id.clone()).collect::<Vec<_>>();
            assert_eq!(
                ids(&page.rows),
                ids(&expected),
                "{sort:?} descending={descending}"
            );
            assert_eq!(page.rows, expected, "{sort:?}: whole rows round-trip");
        }
    }
    let everything = store
        .media_metrics_page(
            alice,
            account,
            &MediaPageQuery {
                from,
                until,
                sort: MediaSort::Date,
                descending: true,
                limit: 100,
            },
        )
        .await
        .unwrap();
    assert_eq!(everything.rows.len(), 30);
    let none = store
        .media_metrics_page(
            bob,
            account,
            &MediaPageQuery {
                from,
                until,
                sort: MediaSort::Reach,
                descending: true,
                limit: 100,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (none.rows.len(), none.total),
        (0, 0),
        "another owner sees nothing"
    );
}
