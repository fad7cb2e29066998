//! Analytics through the whole stack: refreshing against the fake Instagram
//! over HTTP, the page in three languages, gaps and unavailable metrics,
//! range validation, CSV exports, the REST endpoints and tenant isolation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::TestApp;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::analytics::{DailyInsights, FollowerSnapshot, MediaMetrics, SnapshotSource};
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::{Clock, Language, RequestContext, User, UserId};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, RunningFakeGraph};
use socialflow_fakes::ManualClock;
use socialflow_graph::{GraphClient, GraphConfig};
use time::{Date, Duration};

async fn token_for(app: &TestApp, user: UserId) -> String {
    let (_, secret) = app
        .state
        .auth
        .create_api_token(user, "test", &RequestContext::cli())
        .await
        .unwrap();
    secret.expose_secret().to_string()
}

/// A server talking to the fake Instagram, with alice's demo account connected.
async fn with_fake() -> (TestApp, FakeGraph, RunningFakeGraph, User, Account) {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let seeded = fake.seed_demo();
    let token = fake.issue_token(&seeded);
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/oauth/instagram/callback".to_string(),
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let app = TestApp::builder()
        .clock(Arc::new(ManualClock::new(fake.now())))
        .instagram(client)
        .spawn()
        .await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app
        .state
        .accounts
        .attach(
            alice.id,
            LongLivedToken {
                token: SecretString::from(token),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account;
    (app, fake, running, alice, account)
}

/// An account stored directly (no Instagram), for data-shape tests.
async fn seeded_account(app: &TestApp, owner: &User, ig: &str) -> Account {
    let now = app.clock.now();
    let account = Account {
        id: AccountId::new(),
        owner: owner.id,
        ig_user_id: ig.into(),
        app_scoped_id: format!("app-{ig}"),
        profile: AccountProfile {
            username: format!("{}_shop", owner.username.as_str()),
            biography: Some("<script>alert(1)</script> bio".into()),
            followers_count: Some(1000),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![0; 8]),
            expires_at: now + Duration::days(60),
            refreshed_at: now,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    app.store.insert_account(&account).await.unwrap();
    account
}

fn today(app: &TestApp) -> Date {
    app.clock.now().date()
}

/// Snapshots 4, 3 and 1 days ago: 2 days ago and today are gaps.
async fn seed_with_gaps(app: &TestApp, owner: &User, account: &Account) {
    let t = today(app);
    for (back, followers) in [(4, 1000), (3, 1010), (1, 1004)] {
        app.store
            .upsert_follower_snapshot(
                owner.id,
                &FollowerSnapshot {
                    account_id: account.id,
                    day: t - Duration::days(back),
                    followers: Some(followers),
                    following: Some(5),
                    media_count: Some(40),
                    source: SnapshotSource::Daily,
                    taken_at: app.clock.now(),
                },
            )
            .await
            .unwrap();
    }
    app.store
        .upsert_daily_insights(
            owner.id,
            &[DailyInsights {
                account_id: account.id,
                day: t - Duration::days(1),
                reach: Some(321),
                views: None,
                accounts_engaged: None,
                total_interactions: Some(0),
                profile_activity: None,
                fetched_at: app.clock.now(),
            }],
        )
        .await
        .unwrap();
    app.store
        .upsert_media_metrics(
            owner.id,
            &[MediaMetrics {
                account_id: account.id,
                media_id: "17900000000000001".into(),
                product: "FEED".into(),
                media_type: "IMAGE".into(),
                caption: Some("=cmd|' /C calc'!A0 <b>latte</b>".into()),
                permalink: Some("https://www.instagram.com/p/abc/".into()),
                posted_at: app.clock.now() - Duration::days(2),
                reach: Some(200),
                views: None,
                likes: Some(10),
                comments: Some(5),
                saves: None,
                shares: Some(5),
                replies: None,
                avg_watch_time_ms: None,
                total_watch_time_ms: None,
                reposts: None,
                skip_rate: None,
                fetched_at: app.clock.now(),
            }],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn refresh_takes_todays_snapshot_backfills_and_fetches_insights() {
    let (app, _fake, _running, alice, account) = with_fake().await;
    let token = token_for(&app, alice.id).await;
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/accounts/{}/refresh", account.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());

    let t = today(&app);
    let all = app
        .store
        .follower_snapshots(alice.id, account.id, t - Duration::days(60), t)
        .await
        .unwrap();
    let todays: Vec<_> = all.iter().filter(|s| s.day == t).collect();
    assert_eq!(todays.len(), 1);
    assert_eq!(todays[0].source, SnapshotSource::Daily);
    assert_eq!(todays[0].followers, Some(23_353));
    assert!(
        all.iter()
            .filter(|s| s.source == SnapshotSource::Backfill)
            .count()
            >= 20,
        "first connection back-fills from follower_count: {}",
        all.len()
    );
    let insights = app
        .store
        .daily_insights(alice.id, account.id, t - Duration::days(40), t)
        .await
        .unwrap();
    assert_eq!(insights.len(), 30);
    assert!(
        insights
            .iter()
            .all(|r| r.reach.is_some() && r.views.is_some())
    );
    let audience = app
        .store
        .audience(alice.id, account.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!audience.demographics.age.is_empty());
    assert!(!audience.demographics.country.is_empty());
    assert!(audience.online.is_some());
    // The raw hours too (UTC instants), one per reported Pacific hour.
    assert!(audience.online_samples.len() >= 24 * 7);
    assert!(audience.online_samples.iter().all(|s| s.at.minute() == 0));
    let posts = app
        .store
        .media_metrics(
            alice.id,
            account.id,
            app.clock.now() - Duration::days(800),
            app.clock.now() + Duration::days(1),
        )
        .await
        .unwrap();
    assert!(posts.len() >= 20, "{}", posts.len());
    let reel = posts.iter().find(|p| p.product == "REELS").unwrap();
    assert!(reel.avg_watch_time_ms.is_some() && reel.views.is_some());
    let feed = posts.iter().find(|p| p.product == "FEED").unwrap();
    assert_eq!(feed.avg_watch_time_ms, None, "no watch time for a photo");
    assert!(
        posts.iter().any(|p| p.product == "STORY"),
        "live stories are captured"
    );

    // Refreshing again keeps one row for today.
    app.state
        .analytics
        .refresh(&alice, account.id)
        .await
        .unwrap();
    let again = app
        .store
        .follower_snapshots(alice.id, account.id, t, t)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);

    // The page shows it all, with the suggested time.
    let c = app.login_as("alice").await;
    let html = c
        .get_page(&format!("/analytics?account={}&range=90d", account.id))
        .await;
    assert!(html.contains("<title>Followers per day</title>"), "{html}");
    assert!(html.contains("Suggested time to post:"));
    // With a link to the composer, the time filled in.
    assert!(
        html.contains(&format!(
            "href=\"/content/new?account={}&#38;date=",
            account.id
        )),
        "{html}"
    );
    assert!(html.contains("Schedule a post then"));
    assert!(html.contains("aria-sort=\"descending\""));
    assert!(
        html.contains("<table class=\"heatmap\""),
        "the best-time heatmap"
    );
    // And the dashboard: growth over 30 days and refresh times.
    let dash = c.get_page("/").await;
    assert!(dash.contains("Followers over the last 30 days"), "{dash}");
    assert!(dash.contains("Insights fetched"));
}

#[tokio::test]
async fn gaps_stay_gaps_and_missing_metrics_are_not_available() {
    let app = TestApp::spawn().await;
    let olga = app.add_user("olga", Language::Ru).await;
    let account = seeded_account(&app, &olga, "300").await;
    seed_with_gaps(&app, &olga, &account).await;
    let t = today(&app);

    let token = token_for(&app, olga.id).await;
    let from = t - Duration::days(4);
    let body: Value = reqwest::Client::new()
        .get(app.url(&format!(
            "/api/v1/accounts/{}/followers?from={from}&to={t}",
            account.id
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let days = body["days"].as_array().unwrap();
    assert_eq!(days.len(), 5);
    let followers: Vec<Value> = days.iter().map(|d| d["followers"].clone()).collect();
    assert_eq!(
        followers,
        [
            Value::from(1000),
            Value::from(1010),
            Value::Null,
            Value::from(1004),
            Value::Null
        ]
    );
    assert_eq!(days[1]["change"], Value::from(10));
    assert_eq!(days[3]["change"], Value::Null, "no change across a gap");
    assert_eq!(body["change"], Value::from(4));

    let insights: Value = reqwest::Client::new()
        .get(app.url(&format!(
            "/api/v1/accounts/{}/insights?from={from}&to={t}",
            account.id
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let yesterday = &insights["days"][3];
    assert_eq!(yesterday["reach"], Value::from(321));
    assert_eq!(yesterday["views"], Value::Null);
    assert_eq!(
        yesterday["total_interactions"],
        Value::from(0),
        "a real zero"
    );

    let posts: Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/accounts/{}/post-metrics", account.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(posts[0]["engagement_rate"], Value::from(10.0));
    assert_eq!(posts[0]["saves"], Value::Null);

    // The page in Russian: dates as dd.mm.yyyy, "нет данных" for gaps and
    // missing metrics, Instagram's text escaped.
    let c = app.login_as("olga").await;
    let html = c.get_page("/analytics?range=7d").await;
    let d = t - Duration::days(2);
    let ru_date = format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year());
    assert!(
        html.contains(&format!(
            "<tr class=\"missing\"><td>{ru_date}</td><td>нет данных</td>"
        )),
        "{html}"
    );
    assert!(html.contains("Рост подписчиков"));
    assert!(html.contains("latte"), "{html}");
    assert!(!html.contains("<b>latte</b>"));
    assert!(html.contains("10,0%"), "engagement in the Russian format");
    assert!(html.contains("Пока нет рекомендации"), "no audience yet");

    // CSV: gaps are empty cells; formulas are neutralised.
    let csv = c
        .get_page(&format!(
            "/analytics/followers.csv?account={}&range=7d&sep=comma",
            account.id
        ))
        .await;
    assert!(csv.starts_with("\u{feff}date,followers,change,"));
    assert!(csv.contains(&format!("{d},,,,,\r\n")), "{csv}");
    let posts_csv = c
        .get_page(&format!(
            "/analytics/posts.csv?account={}&range=7d&sep=comma",
            account.id
        ))
        .await;
    assert!(
        posts_csv.contains(",'=cmd|' /C calc'!A0 <b>latte</b>,200,"),
        "{posts_csv}"
    );
    assert!(posts_csv.contains(",10.00\r\n"));
}

#[tokio::test]
async fn ranges_are_validated_with_clear_errors() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = seeded_account(&app, &alice, "400").await;
    let c = app.login_as("alice").await;

    let resp = c
        .visit(&format!(
            "/analytics?account={}&range=custom&from=2025-12-20&to=2025-12-10",
            account.id
        ))
        .await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(html.contains("The start date is after the end date"));
    assert!(
        html.contains("value=\"2025-12-20\""),
        "what was typed is kept"
    );

    let resp = c
        .visit(&format!(
            "/analytics?account={}&range=custom&from=2020-01-01&to=2025-12-10",
            account.id
        ))
        .await;
    assert_eq!(resp.status(), 422);
    assert!(resp.text().await.unwrap().contains("at most 729 days"));

    let token = token_for(&app, alice.id).await;
    for query in [
        "from=2025-12-20&to=2025-12-10",
        "from=2020-01-01&to=2025-12-10",
        "from=yesterday",
        "to=2099-01-01",
    ] {
        let resp = reqwest::Client::new()
            .get(app.url(&format!(
                "/api/v1/accounts/{}/followers?{query}",
                account.id
            )))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{query}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "invalid_range", "{query}");
    }
}

#[tokio::test]
async fn no_route_reaches_another_users_analytics() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let account = seeded_account(&app, &alice, "500").await;
    seed_with_gaps(&app, &alice, &account).await;
    let id = account.id;

    let c = app.login_as("bob").await;
    for path in [
        format!("/analytics?account={id}"),
        format!("/analytics/followers.csv?account={id}"),
        format!("/analytics/posts.csv?account={id}"),
    ] {
        let resp = c.visit(&path).await;
        assert_eq!(resp.status(), 404, "{path}");
        assert!(!resp.text().await.unwrap().contains("alice_shop"), "{path}");
    }
    let own = c.get_page("/analytics").await;
    assert!(!own.contains("alice_shop"));
    let dash = c.get_page("/").await;
    assert!(!dash.contains("alice_shop"));

    let token = token_for(&app, bob.id).await;
    let http = reqwest::Client::new();
    for path in ["followers", "insights", "post-metrics"] {
        let resp = http
            .get(app.url(&format!("/api/v1/accounts/{id}/{path}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404, "{path}");
    }
    let resp = http
        .post(app.url(&format!("/api/v1/accounts/{id}/refresh")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);

    // Alice herself sees it.
    let alice_c = app.login_as("alice").await;
    let resp = alice_c.visit(&format!("/analytics?account={id}")).await;
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    assert!(html.contains("@alice_shop"));
    assert!(!html.contains("<script>alert(1)</script>"));
}

/// Alice's account: one post with two comments by fans (one answered by the
/// account), one unanswered, plus two conversations (one unread), all at
/// `at`.
async fn seed_inbox(app: &TestApp, account: &Account, at: time::OffsetDateTime, fans: usize) {
    use socialflow_core::inbox::{CachedComment, CachedConversation, CachedMedia};
    let media = format!("media-{}", account.ig_user_id);
    app.store
        .upsert_media(&[CachedMedia {
            account_id: account.id,
            id: media.clone(),
            caption: Some("a post".into()),
            media_type: "IMAGE".into(),
            media_url: None,
            thumbnail_url: None,
            permalink: None,
            timestamp: at,
            like_count: Some(1),
            comments_count: Some(fans as i64),
            fetched_at: at,
            comments_fetched_at: None,
            comments_fetched_count: None,
        }])
        .await
        .unwrap();
    let comments: Vec<CachedComment> = (0..fans)
        .map(|i| CachedComment {
            account_id: account.id,
            id: format!("{media}-c{i}"),
            media_id: media.clone(),
            parent_id: None,
            text: format!("comment {i}"),
            username: Some(format!("fan{i}")),
            timestamp: at,
            hidden: false,
            like_count: None,
            fetched_at: at,
        })
        .collect();
    app.store.upsert_comments(&comments).await.unwrap();
    let conversations: Vec<CachedConversation> = (0..fans)
        .map(|i| CachedConversation {
            account_id: account.id,
            id: format!("{media}-t{i}"),
            participant_id: format!("person{i}"),
            participant_username: Some(format!("friend{i}")),
            last_message_at: Some(at),
            last_inbound_at: Some(at),
            read_at: None,
            fetched_at: at,
        })
        .collect();
    app.store
        .upsert_conversations(&conversations)
        .await
        .unwrap();
    // The first one has been read.
    assert!(
        app.store
            .mark_conversation_read(
                account.owner,
                &format!("{media}-t0"),
                at + Duration::minutes(1)
            )
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_dashboard_shows_each_accounts_inbox_counts_and_refresh_times_in_the_users_zone() {
    use time::macros::datetime;
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let olga = app.add_user("olga", Language::Ru).await;
    let almaty = socialflow_core::TimeZone::parse("Asia/Almaty").unwrap();
    app.state
        .users
        .set_time_zone(&alice, &almaty, &RequestContext::cli())
        .await
        .unwrap();
    let alices = seeded_account(&app, &alice, "700").await;
    let olgas = seeded_account(&app, &olga, "701").await;
    // 23:30 UTC is 04:30 the next day in Almaty (UTC+5).
    let at = datetime!(2026-11-20 23:30 UTC);
    seed_inbox(&app, &alices, at, 3).await;
    seed_inbox(&app, &olgas, at, 22).await;

    let c = app.login_as("alice").await;
    let dash = c.get_page("/").await;
    let id = alices.id;
    assert!(
        dash.contains(&format!(
            "<a class=\"grow\" href=\"/inbox?account={id}\" data-unanswered-comments>3 unanswered comments</a>"
        )),
        "{dash}"
    );
    assert!(
        dash.contains(&format!(
            "<a class=\"grow\" href=\"/messages?account={id}\">2 unread conversations</a>"
        )),
        "{dash}"
    );
    assert!(dash.contains("Comments and messages fetched"));
    assert!(dash.contains("Nov 21, 2026 04:30"), "{dash}");
    // Nothing of olga's.
    assert!(!dash.contains("22 unanswered"));
    assert!(!dash.contains(&olgas.id.to_string()));

    // Olga sees her own, in Russian plural forms, in her zone (UTC).
    let o = app.login_as("olga").await;
    let dash = o.get_page("/").await;
    assert!(dash.contains("22 комментария без ответа"), "{dash}");
    assert!(dash.contains("21 непрочитанная переписка"), "{dash}");
    assert!(dash.contains("20.11.2026 23:30"), "{dash}");
    assert!(!dash.contains(&id.to_string()));

    // The Comments and Messages pages use alice's zone too.
    for path in [
        format!("/inbox?account={id}"),
        format!("/messages?account={id}"),
    ] {
        let html = c.get_page(&path).await;
        assert!(html.contains("Nov 21, 2026 04:30"), "{path}: {html}");
        assert!(!html.contains("23:30 UTC"), "{path}");
    }
}

#[tokio::test]
async fn the_composer_suggests_the_best_time_from_the_audience_and_the_api_gives_it_to_the_owner_only()
 {
    use socialflow_core::analytics::{Audience, Demographics, OnlineHours};
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::Ru).await;
    let almaty = socialflow_core::TimeZone::parse("Asia/Almaty").unwrap();
    app.state
        .users
        .set_time_zone(&alice, &almaty, &RequestContext::cli())
        .await
        .unwrap();
    let known = seeded_account(&app, &alice, "800").await;
    let bobs = seeded_account(&app, &bob, "801").await;
    // Followers are most often online at 13:00 UTC: 18:00 in Almaty.
    app.store
        .upsert_audience(
            alice.id,
            &Audience {
                account_id: known.id,
                fetched_at: app.clock.now(),
                demographics: Demographics::default(),
                online: Some(OnlineHours(
                    (0..24)
                        .map(|h| Some(if h == 13 { 900 } else { 100 + h }))
                        .collect(),
                )),
                online_samples: Vec::new(),
            },
        )
        .await
        .unwrap();
    let now = app.clock.now();
    let mut expected = now.replace_time(time::Time::from_hms(13, 0, 0).unwrap());
    if expected <= now {
        expected += Duration::days(1);
    }
    let local = almaty.to_local(expected);
    let (date, hm) = (local.date().to_string(), format!("{:02}:00", local.hour()));
    let weekday = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][local.weekday().number_days_from_monday() as usize];
    assert_eq!(local.hour(), 18);

    let c = app.login_as("alice").await;
    let html = c
        .get_page(&format!("/content/new?account={}", known.id))
        .await;
    assert!(
        html.contains(&format!("Suggested for @alice_shop: {weekday}, ")),
        "{html}"
    );
    assert!(
        html.contains(&format!(" {hm}, when most of its followers")),
        "{html}"
    );
    // "Use this time" fills the schedule and keeps what was typed; nothing
    // is saved.
    let csrf = app
        .csrf(&c, &format!("/content/new?account={}", known.id))
        .await;
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", "suggest"),
                ("account_id", &known.id.to_string()),
                ("kind", "post"),
                ("caption", "Typed before choosing a time"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let filled = r.text().await.unwrap();
    assert!(
        filled.contains(&format!("name=\"date\" type=\"date\" value=\"{date}\"")),
        "{filled}"
    );
    assert!(filled.contains(&format!("name=\"time\" type=\"time\" value=\"{hm}\"")));
    assert!(filled.contains("Typed before choosing a time"));
    assert!(
        app.state
            .posts
            .list(alice.id, &Default::default())
            .await
            .unwrap()
            .is_empty(),
        "nothing saved"
    );

    // A link with the time (the Analytics page's) fills it too.
    let filled = c
        .get_page(&format!(
            "/content/new?account={}&date={date}&time={hm}",
            known.id
        ))
        .await;
    assert!(
        filled.contains(&format!("name=\"date\" type=\"date\" value=\"{date}\"")),
        "{filled}"
    );

    // An account without audience data: not enough data, no link.
    let unknown = seeded_account(&app, &alice, "802").await;
    let html = c
        .get_page(&format!("/content/new?account={}", unknown.id))
        .await;
    assert!(html.contains("not enough data yet"), "{html}");
    assert!(!html.contains("value=\"suggest\""));

    // REST: the owner gets it, with the local time; another user's account is 404.
    let token = token_for(&app, alice.id).await;
    let http = reqwest::Client::new();
    let body: Value = http
        .get(app.url(&format!("/api/v1/accounts/{}/best-time", known.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["time_zone"], "Asia/Almaty");
    assert_eq!(body["best_time"]["utc_hour"], 13);
    assert_eq!(body["best_time"]["local_hour"], 18);
    assert_eq!(body["best_time"]["followers"], 900);
    assert_eq!(body["next_local"], format!("{date}T{hm}"));
    let body: Value = http
        .get(app.url(&format!("/api/v1/accounts/{}/best-time", unknown.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["best_time"].is_null(), "{body}");
    let resp = http
        .get(app.url(&format!("/api/v1/accounts/{}/best-time", bobs.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);

    // And bob's composer never offers alice's account or its suggestion.
    let b = app.login_as("bob").await;
    let html = b
        .get_page(&format!("/content/new?account={}", known.id))
        .await;
    assert!(!html.contains("alice_shop"));
    assert!(html.contains("недостаточно данных"), "{html}");
}

#[tokio::test]
async fn long_ranges_are_drawn_by_week_the_table_matches_and_the_csv_keeps_days() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = seeded_account(&app, &alice, "900").await;
    let t = today(&app);
    // 300 days of snapshots, one more follower a day; day 10 is missing.
    for back in 0..300i64 {
        if back == 10 {
            continue;
        }
        app.store
            .upsert_follower_snapshot(
                alice.id,
                &FollowerSnapshot {
                    account_id: account.id,
                    day: t - Duration::days(back),
                    followers: Some(5000 - back),
                    following: Some(5),
                    media_count: Some(40),
                    source: SnapshotSource::Daily,
                    taken_at: app.clock.now(),
                },
            )
            .await
            .unwrap();
    }
    let c = app.login_as("alice").await;
    let get = |path: String| {
        let c = c.clone();
        let url = app.url(&path);
        async move { c.get(url).send().await.unwrap() }
    };
    let html = get(format!("/analytics?account={}&range=all", account.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("one point per week"), "{html}");
    // The weeks (Monday to Sunday) of the 729-day range.
    let from = t - Duration::days(728);
    let mut weeks = Vec::new();
    let mut day = from;
    while day <= t {
        let sunday = day + Duration::days(6 - i64::from(day.weekday().number_days_from_monday()));
        weeks.push((day, sunday.min(t)));
        day = sunday + Duration::days(1);
    }
    let section = html
        .split("id=\"h-followers\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    let rows = section.matches("<tr").count() - 1; // minus the header
    assert_eq!(rows, weeks.len(), "one table row per week");
    // The newest week's row: its last day's count, and the change since
    // the week before (7 more followers, or fewer days in a cut week).
    let (last_from, last_to) = *weeks.last().unwrap();
    let en = |d: Date| {
        format!(
            "{} {}, {}",
            &format!("{:?}", d.month())[..3],
            d.day(),
            d.year()
        )
    };
    let expected = format!(
        "<tr><td>{} – {}</td><td>5,000</td>",
        en(last_from),
        en(last_to)
    );
    assert!(section.contains(&expected), "{expected} in {section}");
    // Bars: one per week with a known change, never one per day.
    let bars =
        section.matches("class=\"gain\"").count() + section.matches("class=\"loss\"").count();
    assert!(bars < weeks.len() && bars > 30, "{bars} weekly bars");

    // The CSV keeps every day.
    let csv = get(format!(
        "/analytics/followers.csv?account={}&range=all",
        account.id
    ))
    .await
    .text()
    .await
    .unwrap();
    assert_eq!(csv.lines().count(), 1 + 729);

    // A 90-day range stays daily.
    let html = get(format!("/analytics?account={}&range=90d", account.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("one point per week"));
}

#[tokio::test]
async fn pages_and_json_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = seeded_account(&app, &alice, "901").await;
    seed_with_gaps(&app, &alice, &account).await;
    let c = app.login_as("alice").await;
    let path = format!("/analytics?account={}&range=all", account.id);
    for (accept, expected) in [
        ("gzip, deflate, br", Some("br")),
        ("gzip", Some("gzip")),
        ("br;q=0, gzip", Some("gzip")),
        ("identity", None),
    ] {
        let resp = c
            .get(app.url(&path))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(
            resp.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            expected,
            "{accept}"
        );
        if expected.is_some() {
            assert_eq!(resp.headers()["vary"], "accept-encoding");
        }
        let body = resp.bytes().await.unwrap();
        assert!(!body.is_empty());
        if expected.is_none() {
            assert!(String::from_utf8_lossy(&body).contains("@alice_shop"));
        }
    }
    let token = token_for(&app, alice.id).await;
    let resp = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/accounts/{}/followers", account.id)))
        .bearer_auth(&token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-encoding"], "gzip");
}

fn etag_of(resp: &reqwest::Response) -> String {
    resp.headers()
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_string()
}

async fn get_if(
    client: &reqwest::Client,
    url: &str,
    tag: &str,
    token: Option<&str>,
) -> reqwest::Response {
    let mut req = client.get(url).header("if-none-match", tag);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// Conditional requests (issue 20): the page and the API answer 304 to
/// their own ETag until the account's data, the query or the session
/// change; a tag never lets anyone past the ownership check.
#[tokio::test]
async fn the_page_and_the_api_answer_304_until_something_they_show_changes() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let account = seeded_account(&app, &alice, "950").await;
    seed_with_gaps(&app, &alice, &account).await;
    let c = app.login_as("alice").await;
    let page = app.url(&format!("/analytics?account={}&range=all", account.id));

    let first = c.client().get(&page).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let tag = etag_of(&first);
    assert!(tag.starts_with("W/\""), "{tag}");
    assert_eq!(first.headers()["cache-control"], "private, no-cache");
    assert!(first.text().await.unwrap().contains("@alice_shop"));

    let again = get_if(c.client(), &page, &tag, None).await;
    assert_eq!(again.status(), 304);
    assert_eq!(etag_of(&again), tag);
    assert_eq!(again.headers()["cache-control"], "private, no-cache");
    assert!(again.bytes().await.unwrap().is_empty());
    // A list naming it, and `*`, match too; another tag does not.
    let listed = get_if(c.client(), &page, &format!("\"x\", {tag}"), None).await;
    assert_eq!(listed.status(), 304);
    let other = get_if(c.client(), &page, "W/\"a0000000000000000\"", None).await;
    assert_eq!(other.status(), 200);

    // Another range is another page.
    let week = app.url(&format!("/analytics?account={}&range=7d", account.id));
    let resp = get_if(c.client(), &week, &tag, None).await;
    assert_eq!(resp.status(), 200);
    assert_ne!(etag_of(&resp), tag);

    // Another session of the same user (its forms' CSRF tokens differ).
    let c2 = app.login_as("alice").await;
    let resp = get_if(c2.client(), &page, &tag, None).await;
    assert_eq!(resp.status(), 200);

    // Bob, sending Alice's tag, still gets a 404 and nothing of hers.
    let b = app.login_as("bob").await;
    let resp = get_if(b.client(), &page, &tag, None).await;
    assert_eq!(resp.status(), 404);

    // The API: its own tag, 304 for it, 404 for Bob's token.
    let token = token_for(&app, alice.id).await;
    let bob_token = token_for(&app, bob.id).await;
    let http = reqwest::Client::new();
    let mut api_tags = Vec::new();
    for path in ["followers", "insights", "post-metrics"] {
        let url = app.url(&format!("/api/v1/accounts/{}/{path}", account.id));
        let resp = http.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(resp.headers()["cache-control"], "private, no-cache");
        let api_tag = etag_of(&resp);
        assert_ne!(api_tag, tag);
        let resp = get_if(&http, &url, &api_tag, Some(&token)).await;
        assert_eq!(resp.status(), 304, "{path}");
        assert!(resp.bytes().await.unwrap().is_empty());
        let resp = get_if(&http, &url, &api_tag, Some(&bob_token)).await;
        assert_eq!(resp.status(), 404, "{path}");
        api_tags.push((url, api_tag));
    }

    // New data: every tag is stale at once.
    app.store
        .upsert_daily_insights(
            alice.id,
            &[DailyInsights {
                account_id: account.id,
                day: today(&app) - Duration::days(2),
                reach: Some(5),
                views: None,
                accounts_engaged: None,
                total_interactions: None,
                profile_activity: None,
                fetched_at: app.clock.now(),
            }],
        )
        .await
        .unwrap();
    let resp = get_if(c.client(), &page, &tag, None).await;
    assert_eq!(resp.status(), 200);
    assert_ne!(etag_of(&resp), tag);
    for (url, api_tag) in &api_tags {
        let resp = get_if(&http, url, api_tag, Some(&token)).await;
        assert_eq!(resp.status(), 200, "{url}");
        assert_ne!(&etag_of(&resp), api_tag);
    }

    // The header changes, the data does not: a shared workspace brings the
    // switcher, renaming it changes its label; each time the page is new.
    let tag = etag_of(&get_if(c.client(), &page, &tag, None).await);
    assert_eq!(get_if(c.client(), &page, &tag, None).await.status(), 304);
    let ctx = socialflow_core::RequestContext::cli();
    let ws = app.state.team.create(&alice, "Studio", &ctx).await.unwrap();
    let resp = get_if(c.client(), &page, &tag, None).await;
    assert_eq!(resp.status(), 200, "the switcher appeared");
    let tag = etag_of(&resp);
    assert!(resp.text().await.unwrap().contains("Studio"));
    assert_eq!(get_if(c.client(), &page, &tag, None).await.status(), 304);
    let owner = app.state.team.access_to(alice.id, ws.id).await.unwrap();
    app.state
        .team
        .rename(&owner, "Studio Two", &ctx)
        .await
        .unwrap();
    let resp = get_if(c.client(), &page, &tag, None).await;
    assert_eq!(resp.status(), 200, "the switcher's label changed");
    assert!(resp.text().await.unwrap().contains("Studio Two"));
}
