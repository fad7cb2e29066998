//! The analytics use cases on the in-memory store, a manual clock and a
//! mocked Instagram: one snapshot per account per (user's) day, several
//! workers at once, metrics Instagram does not return, retention.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use secrecy::SecretString;
use socialflow_core::account::Account;
use socialflow_core::accounts::AccountService;
use socialflow_core::analytics::{
    AnalyticsService, FollowerSnapshot, ProfileData, ProfileSnapshot, SnapshotSource,
};
use socialflow_core::instagram::{
    Insight, InsightValue, InstagramError, LongLivedToken, MetricValue, MockInstagramApi, Page,
    Profile, TotalValue,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, Store, TimeZone, User, UserId, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

/// Followers Instagram reports; tests change it between runs.
type Followers = Arc<Mutex<u64>>;

fn instagram(followers: Followers, calls: Arc<Mutex<u32>>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(move |_| {
        *calls.lock().unwrap() += 1;
        // Zero followers stands for "Instagram is down".
        if *followers.lock().unwrap() == 0 {
            return Err(InstagramError::Transient {
                message: "HTTP 503".into(),
            });
        }
        Ok(Profile {
            app_scoped_id: "27281358591558845".into(),
            ig_user_id: "17841457215396811".into(),
            username: "acme".into(),
            followers_count: Some(*followers.lock().unwrap()),
            follows_count: Some(12),
            media_count: Some(3),
            ..Profile::default()
        })
    });
    // Only `reach` comes back as a number: the others are "not available";
    // asking for all at once is refused, as Instagram does for one bad metric.
    ig.expect_account_insights().returning(|_, q| {
        if q.metrics.len() > 1 && q.period == "day" && q.metrics.contains(&"views".to_string()) {
            return Err(InstagramError::Invalid {
                code: 100,
                message: "(#100) bad metric".into(),
            });
        }
        Ok(q.metrics
            .iter()
            .filter(|m| *m == "reach")
            .map(|m| Insight {
                name: m.clone(),
                period: "day".into(),
                values: vec![InsightValue {
                    value: MetricValue::Number(7),
                    end_time: None,
                }],
                total: Some(TotalValue {
                    value: 120,
                    breakdowns: vec![],
                }),
            })
            .collect())
    });
    ig.expect_media_page().returning(|_, _, _| {
        Ok(Page {
            items: vec![],
            next: None,
        })
    });
    ig.expect_stories().returning(|_| Ok(vec![]));
    ig
}

struct World {
    store: Arc<dyn Store>,
    clock: Arc<ManualClock>,
    analytics: AnalyticsService,
    user: User,
    account: Account,
    followers: Followers,
    profile_calls: Arc<Mutex<u32>>,
}

async fn world(zone: &str, now: OffsetDateTime) -> World {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::new(now));
    let user = User {
        id: UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: PasswordHash("x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::parse(zone).unwrap(),
        created_at: now,
        updated_at: now,
    };
    store.insert_user(&user).await.unwrap();
    let followers = Arc::new(Mutex::new(100));
    let profile_calls = Arc::new(Mutex::new(0));
    let accounts = AccountService::new(
        store.clone(),
        Arc::new(instagram(followers.clone(), profile_calls.clone())),
        Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap()),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let account = accounts
        .attach(
            user.id,
            LongLivedToken {
                token: SecretString::from("token".to_string()),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account;
    let analytics = AnalyticsService::new(store.clone(), accounts, clock.clone());
    World {
        store,
        clock,
        analytics,
        user,
        account,
        followers,
        profile_calls,
    }
}

async fn snapshots(w: &World) -> Vec<FollowerSnapshot> {
    w.store
        .follower_snapshots(
            w.user.id,
            w.account.id,
            date!(2020 - 01 - 01),
            date!(2030 - 01 - 01),
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.source == SnapshotSource::Daily)
        .collect()
}

#[tokio::test]
async fn the_daily_job_is_idempotent_per_day() {
    let w = world("UTC", datetime!(2026-11-26 10:00 UTC)).await;
    let first = w.analytics.run_daily().await.unwrap();
    assert_eq!(first.captured, 1);
    *w.followers.lock().unwrap() = 105;
    let second = w.analytics.run_daily().await.unwrap();
    assert_eq!((second.captured, second.already_done), (0, 1));
    let got = snapshots(&w).await;
    assert_eq!(got.len(), 1, "running twice stores one row");
    assert_eq!(got[0].followers, Some(100));
    assert_eq!(*w.profile_calls.lock().unwrap(), 2, "attach + one capture");

    // Several workers at once on a new day: still one row for that day.
    w.clock.advance(Duration::days(1));
    let other = w.analytics.clone();
    let (a, b) = tokio::join!(w.analytics.run_daily(), other.run_daily());
    assert!(a.unwrap().captured + b.unwrap().captured >= 1);
    let got = snapshots(&w).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].day, date!(2026 - 11 - 27));
    assert_eq!(got[1].followers, Some(105));
}

#[tokio::test]
async fn a_day_is_the_users_day() {
    // 23:59 on the 26th in Almaty (UTC+5) is 18:59 UTC.
    let w = world("Asia/Almaty", datetime!(2026-11-26 18:59 UTC)).await;
    w.analytics.run_daily().await.unwrap();
    // Two minutes later it is the 27th in Almaty, still the 26th in UTC:
    // a new day for this user.
    w.clock.advance(Duration::minutes(2));
    let r = w.analytics.run_daily().await.unwrap();
    assert_eq!(r.captured, 1);
    let days: Vec<_> = snapshots(&w).await.into_iter().map(|s| s.day).collect();
    assert_eq!(days, [date!(2026 - 11 - 26), date!(2026 - 11 - 27)]);

    // West of UTC: 01:00 UTC on the 27th is still the 26th in Los Angeles.
    let w = world("America/Los_Angeles", datetime!(2026-11-27 01:00 UTC)).await;
    w.analytics.run_daily().await.unwrap();
    let days: Vec<_> = snapshots(&w).await.into_iter().map(|s| s.day).collect();
    assert_eq!(days, [date!(2026 - 11 - 26)]);
}

#[tokio::test]
async fn metrics_instagram_does_not_return_are_none_not_zero() {
    let w = world("UTC", datetime!(2026-11-26 10:00 UTC)).await;
    let (_, report) = w.analytics.refresh(&w.user, w.account.id).await.unwrap();
    assert_eq!(report.insight_days, 30, "first connection reads 30 days");
    let range = socialflow_core::analytics::DateRange {
        from: date!(2026 - 11 - 20),
        to: date!(2026 - 11 - 26),
    };
    let rows = w
        .analytics
        .insights(w.user.id, w.account.id, range)
        .await
        .unwrap();
    assert_eq!(rows.len(), 6, "yesterday and before");
    assert!(rows.iter().all(|r| r.reach == Some(120)));
    assert!(
        rows.iter()
            .all(|r| r.views.is_none() && r.accounts_engaged.is_none())
    );
    let audience = w
        .analytics
        .audience_of(w.user.id, w.account.id)
        .await
        .unwrap()
        .unwrap();
    assert!(audience.demographics.age.is_empty());
    assert_eq!(audience.online, None);
}

#[tokio::test]
async fn retention_follows_the_manual_clock() {
    let w = world("UTC", datetime!(2026-11-26 10:00 UTC)).await;
    let today = date!(2026 - 11 - 26);
    for back in [0, 728, 729] {
        w.store
            .upsert_follower_snapshot(
                w.user.id,
                &FollowerSnapshot {
                    account_id: w.account.id,
                    day: today - Duration::days(back),
                    followers: Some(1),
                    following: None,
                    media_count: None,
                    source: SnapshotSource::Daily,
                    taken_at: w.clock.now(),
                },
            )
            .await
            .unwrap();
    }
    w.store
        .insert_profile_snapshot(
            w.user.id,
            &ProfileSnapshot {
                account_id: w.account.id,
                taken_at: w.clock.now(),
                profile: ProfileData::default(),
            },
        )
        .await
        .unwrap();
    let r = w.analytics.purge().await.unwrap();
    assert_eq!((r.follower_snapshots, r.profile_snapshots), (1, 0));
    w.clock.advance(Duration::days(30) + Duration::seconds(1));
    let r = w.analytics.purge().await.unwrap();
    assert_eq!((r.follower_snapshots, r.profile_snapshots), (1, 1));
    assert_eq!(
        w.analytics
            .profile_history(w.user.id, w.account.id)
            .await
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn a_failed_capture_is_retried_after_a_pause() {
    let w = world("UTC", datetime!(2026-11-26 10:00 UTC)).await;
    *w.followers.lock().unwrap() = 0;
    assert_eq!(w.analytics.run_daily().await.unwrap().failed, 1);
    // The next pass a minute later leaves Instagram alone.
    w.clock.advance(Duration::minutes(1));
    let r = w.analytics.run_daily().await.unwrap();
    assert_eq!((r.failed, r.captured), (0, 0));
    *w.followers.lock().unwrap() = 100;
    w.clock.advance(Duration::minutes(15));
    assert_eq!(w.analytics.run_daily().await.unwrap().captured, 1);
    assert_eq!(snapshots(&w).await.len(), 1);
}
