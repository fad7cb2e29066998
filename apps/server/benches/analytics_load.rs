//! Analytics load benchmark: p50/p99 latency of the Analytics page
//! (`GET /analytics?range=all`, session cookie) and of the followers API
//! (`GET /api/v1/accounts/{id}/followers` over 729 days, API token) for an
//! account with 729 days of follower snapshots and insights and 2,000 posts
//! with metrics, at 32 concurrent users, on SQLite and on MariaDB.
//!
//! ```text
//! cargo bench -p socialflow-server --bench analytics_load
//! BENCH_SECONDS=20 BENCH_CONNECTIONS=32 cargo bench -p socialflow-server --bench analytics_load
//! BENCH_DATABASES=sqlite cargo bench -p socialflow-server --bench analytics_load
//! BENCH_ACCEPT_ENCODING="br, gzip" cargo bench -p socialflow-server --bench analytics_load
//! ```
//!
//! `BENCH_ACCEPT_ENCODING` (default: none) is sent as `Accept-Encoding`, as
//! a browser does; the client reads the compressed bytes without decoding.
//!
//! Each target also runs as a revalidation: the same request with
//! `If-None-Match` set to the ETag of the first answer, as a browser
//! revisiting the page sends it (answered `304 Not Modified` while the
//! account's data has not changed; anything else counts as an error).
//! Every row is printed against the goal, p99 ≤ 30 ms (issue 20).
//!
//! MariaDB is expected at `SOCIALFLOW_TEST_MARIADB_URL` (default
//! `mysql://root@127.0.0.1:3306`); a scratch database is created and dropped.
//! Everything runs in one process on loopback, as in `http_load`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use poem::Server;
use poem::listener::{Acceptor, Listener, TcpListener};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::analytics::{
    Audience, Bucket, DailyInsights, Demographics, FollowerSnapshot, MediaMetrics, OnlineHours,
    SnapshotSource,
};
use socialflow_core::storage::HealthRepo;
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, Store, SystemClock};
use socialflow_crypto::{BcryptHasher, RandomMinter};
use socialflow_server::{AppState, Deps, WebSettings};
use socialflow_sql::{ScratchDatabase, SqliteStore};
use time::Duration as Days;

const WARM_UP: Duration = Duration::from_secs(2);
const USERNAME: &str = "bench";
const PASSWORD: &str = "bench password, long enough";
const DAYS: i64 = 729;
const POSTS: usize = 2_000;
/// Issue 20, goal 2: p99 at 32 concurrent users.
const GOAL_P99_MS: f64 = 30.0;

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[derive(Clone)]
struct Target {
    name: String,
    url: String,
    header: (&'static str, String),
    accept_encoding: Option<String>,
    /// Sent as `If-None-Match` (a revalidation).
    if_none_match: Option<String>,
    /// The status that counts as an answer (200, or 304 for a revalidation).
    expect: u16,
}

struct Sample {
    name: String,
    ok: usize,
    errors: u64,
    wall: Duration,
    latencies: Vec<Duration>,
}

impl Sample {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let rank = (p * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1].as_secs_f64() * 1000.0
    }
}

async fn load(client: &reqwest::Client, t: &Target, connections: usize, d: Duration) -> Sample {
    let started = Instant::now();
    let deadline = started + d;
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let client = client.clone();
            let t = t.clone();
            tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut errors = 0u64;
                while Instant::now() < deadline {
                    let t0 = Instant::now();
                    let mut req = client.get(&t.url).header(t.header.0, &t.header.1);
                    if let Some(e) = &t.accept_encoding {
                        req = req.header("accept-encoding", e);
                    }
                    if let Some(tag) = &t.if_none_match {
                        req = req.header("if-none-match", tag);
                    }
                    let ok = match req.send().await {
                        Ok(r) => {
                            let s = r.status();
                            r.bytes().await.is_ok() && s.as_u16() == t.expect
                        }
                        Err(_) => false,
                    };
                    if ok {
                        lat.push(t0.elapsed());
                    } else {
                        errors += 1;
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("task");
        latencies.extend(l);
        errors += e;
    }
    latencies.sort_unstable();
    Sample {
        name: t.name.clone(),
        ok: latencies.len(),
        errors,
        wall: started.elapsed(),
        latencies,
    }
}

/// 729 days of snapshots and insights, 2,000 posts, an audience.
async fn seed(store: &Arc<dyn Store>, state: &AppState) -> (AccountId, SecretString, SecretString) {
    let ctx = RequestContext::new("127.0.0.1", None);
    let user = state
        .users
        .create_user(
            USERNAME,
            SecretString::from(PASSWORD.to_string()),
            Role::User,
            Language::En,
            &ctx,
        )
        .await
        .expect("user");
    let now = SystemClock.now();
    let account = Account {
        id: AccountId::new(),
        owner: user.id,
        ig_user_id: "17841400000000001".into(),
        app_scoped_id: "app".into(),
        profile: AccountProfile {
            username: "bench_shop".into(),
            followers_count: Some(25_000),
            follows_count: Some(300),
            media_count: Some(POSTS as i64),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![0; 16]),
            expires_at: now + Days::days(60),
            refreshed_at: now,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    store.insert_account(&account).await.expect("account");
    let today = now.date();
    let mut insights = Vec::new();
    for back in 0..DAYS {
        let day = today - Days::days(back);
        // A few gaps, as when the job could not run.
        if back % 97 == 13 {
            continue;
        }
        store
            .upsert_follower_snapshot(
                user.id,
                &FollowerSnapshot {
                    account_id: account.id,
                    day,
                    followers: Some(25_000 - back * 7 + (back % 5) * 3),
                    following: Some(300),
                    media_count: Some(POSTS as i64),
                    source: SnapshotSource::Daily,
                    taken_at: now,
                },
            )
            .await
            .expect("snapshot");
        insights.push(DailyInsights {
            account_id: account.id,
            day,
            reach: Some(3000 + back % 400),
            views: Some(11_000 + back % 900),
            accounts_engaged: Some(600),
            total_interactions: Some(900),
            profile_activity: None,
            fetched_at: now,
        });
    }
    store
        .upsert_daily_insights(user.id, &insights)
        .await
        .expect("insights");
    let posts: Vec<MediaMetrics> = (0..POSTS)
        .map(|i| MediaMetrics {
            account_id: account.id,
            media_id: format!("1790000000{i:07}"),
            product: if i % 3 == 0 { "REELS" } else { "FEED" }.into(),
            media_type: if i % 3 == 0 { "VIDEO" } else { "IMAGE" }.into(),
            caption: Some(format!("Post number {i} about coffee ☕ #roastery")),
            permalink: Some(format!("https://www.instagram.com/p/{i}/")),
            posted_at: now - Days::hours(8 * i as i64),
            reach: Some(1000 + (i as i64 * 37) % 5000),
            views: Some(3000 + (i as i64 * 53) % 9000),
            likes: Some(50 + (i as i64 * 13) % 400),
            comments: Some((i as i64 * 7) % 40),
            saves: Some((i as i64 * 3) % 60),
            shares: Some((i as i64 * 5) % 30),
            replies: None,
            avg_watch_time_ms: (i % 3 == 0).then_some(8_000),
            total_watch_time_ms: (i % 3 == 0).then_some(24_000_000),
            reposts: None,
            skip_rate: None,
            fetched_at: now,
        })
        .collect();
    store
        .upsert_media_metrics(user.id, &posts)
        .await
        .expect("posts");
    let buckets = |keys: &[&str]| {
        keys.iter()
            .enumerate()
            .map(|(i, k)| Bucket {
                key: (*k).into(),
                value: 1000 - i as i64 * 80,
            })
            .collect()
    };
    store
        .upsert_audience(
            user.id,
            &Audience {
                account_id: account.id,
                fetched_at: now,
                demographics: Demographics {
                    age: buckets(&["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]),
                    gender: buckets(&["F", "M", "U"]),
                    city: buckets(&["Almaty", "Astana", "Shymkent", "Karaganda"]),
                    country: buckets(&["KZ", "RU", "UZ", "KG", "TR"]),
                },
                online: Some(OnlineHours((0..24).map(|h| Some(100 + h * 10)).collect())),
                online_samples: Vec::new(),
            },
        )
        .await
        .expect("audience");
    let (_, token) = state
        .auth
        .create_api_token(user.id, "bench", &ctx)
        .await
        .expect("token");
    let session = state
        .auth
        .login(USERNAME, &SecretString::from(PASSWORD.to_string()), &ctx)
        .await
        .expect("login");
    (account.id, token, session.session_secret)
}

async fn serve(store: Arc<dyn Store>) -> (SocketAddr, AppState) {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .expect("bind");
    let addr = acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .expect("addr");
    let media_dir = tempfile::tempdir().expect("media dir");
    let media = socialflow_server::wiring::media_library(
        store.clone(),
        Arc::new(SystemClock),
        media_dir.path(),
        socialflow_core::media::MediaSettings::new(&format!("http://{addr}"), 1024 * 1024, false),
        [9u8; 32],
    )
    .expect("media library");
    // The directory must outlive the server, which runs until the end.
    std::mem::forget(media_dir);
    let post_media: Arc<dyn socialflow_core::posts::PostMedia> = Arc::new(
        socialflow_core::posts::LibraryPostMedia::new(media.clone(), store.clone()),
    );
    let deps = Deps {
        post_media,
        media,
        inbox: socialflow_server::webhooks::InboxSettings::new(None, None, false),
        store,
        hasher: Arc::new(BcryptHasher::new(BcryptHasher::PRODUCTION_COST).expect("bcrypt")),
        minter: Arc::new(RandomMinter),
        clock: Arc::new(SystemClock),
        throttle: ThrottlePolicy::default(),
        instagram: Arc::new(socialflow_server::unconfigured::UnconfiguredInstagram),
        cipher: Arc::new(
            socialflow_crypto::AesSivTokenCipher::new(
                &socialflow_crypto::MasterKey::generate(),
                &[],
            )
            .expect("cipher"),
        ),
        instagram_configured: false,
        signed_requests: Arc::new(socialflow_crypto::MetaSignedRequestVerifier::new(None)),
    };
    let web = WebSettings {
        public_url: format!("http://{addr}"),
        secure_cookies: false,
        trust_proxy: false,
        csrf_key: [42u8; 32],
        body_limit: 64 * 1024,
        metrics_token: None,
    };
    let state = AppState::new(deps, web);
    let app = socialflow_server::app(state.clone());
    tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor).run(app).await;
    });
    (addr, state)
}

async fn bench(db: &str, store: Arc<dyn Store>, seconds: u64, connections: usize) -> Vec<Sample> {
    let (addr, state) = serve(store.clone()).await;
    let t0 = Instant::now();
    let (account, token, session) = seed(&store, &state).await;
    println!("  {db}: seeded in {:.1}s", t0.elapsed().as_secs_f64());
    let today = SystemClock.now().date();
    let from = today - Days::days(DAYS - 1);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let accept_encoding = std::env::var("BENCH_ACCEPT_ENCODING")
        .ok()
        .filter(|e| !e.trim().is_empty());
    let targets = [
        Target {
            name: format!("{db}: GET /analytics?range=all"),
            url: format!("http://{addr}/analytics?account={account}&range=all"),
            header: ("cookie", format!("sf_session={}", session.expose_secret())),
            accept_encoding: accept_encoding.clone(),
            if_none_match: None,
            expect: 200,
        },
        Target {
            name: format!("{db}: GET /api/v1/…/followers (729 d)"),
            url: format!(
                "http://{addr}/api/v1/accounts/{account}/followers?from={from}&to={today}"
            ),
            header: ("authorization", format!("Bearer {}", token.expose_secret())),
            accept_encoding: accept_encoding.clone(),
            if_none_match: None,
            expect: 200,
        },
    ];
    let mut out = Vec::new();
    for t in &targets {
        let resp = client
            .get(&t.url)
            .header(t.header.0, &t.header.1)
            .send()
            .await
            .expect("preflight");
        let status = resp.status();
        let etag = resp
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cache_control = resp
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.text().await.expect("body");
        assert_eq!(status, 200, "{}: {body}", t.name);
        let etag = etag.unwrap_or_else(|| panic!("{}: no ETag", t.name));
        assert_eq!(
            cache_control.as_deref(),
            Some("private, no-cache"),
            "{}",
            t.name
        );
        assert!(
            body.contains("bench_shop") || body.contains("\"days\""),
            "{}",
            t.name
        );
        let sent = match &t.accept_encoding {
            Some(e) => {
                let resp = client
                    .get(&t.url)
                    .header(t.header.0, &t.header.1)
                    .header("accept-encoding", e)
                    .send()
                    .await
                    .expect("preflight");
                let coding = resp
                    .headers()
                    .get("content-encoding")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("identity")
                    .to_string();
                let n = resp.bytes().await.expect("body").len();
                format!(", {n} bytes sent as {coding}")
            }
            None => String::new(),
        };
        println!("  running {} ({} bytes{sent}) ...", t.name, body.len());
        load(&client, t, connections, WARM_UP).await;
        out.push(load(&client, t, connections, Duration::from_secs(seconds)).await);

        let revalidate = Target {
            name: format!("{} → 304", t.name),
            if_none_match: Some(etag),
            expect: 304,
            ..t.clone()
        };
        let mut check = client
            .get(&revalidate.url)
            .header(revalidate.header.0, &revalidate.header.1);
        if let Some(tag) = &revalidate.if_none_match {
            check = check.header("if-none-match", tag);
        }
        let status = check.send().await.expect("preflight").status();
        assert_eq!(status, 304, "{}", revalidate.name);
        println!("  running {} ...", revalidate.name);
        load(&client, &revalidate, connections, WARM_UP).await;
        out.push(
            load(
                &client,
                &revalidate,
                connections,
                Duration::from_secs(seconds),
            )
            .await,
        );
    }
    out
}

#[tokio::main]
async fn main() {
    let seconds: u64 = env_number("BENCH_SECONDS", 8);
    let connections: usize = env_number("BENCH_CONNECTIONS", 32);
    let databases = std::env::var("BENCH_DATABASES").unwrap_or_else(|_| "sqlite,mariadb".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("SocialFlow analytics load benchmark");
    println!(
        "  {cores} cores shared by client and server; {connections} connections; {}s warm-up then {seconds}s per target",
        WARM_UP.as_secs()
    );
    println!(
        "  data: {DAYS} days of follower snapshots and insights (a few gaps), {POSTS} posts with metrics"
    );
    let mut samples = Vec::new();
    let dir = tempfile::tempdir().expect("tempdir");
    if databases.contains("sqlite") {
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let sqlite = SqliteStore::connect(&url).await.expect("sqlite");
        sqlite.migrate().await.expect("migrate");
        samples.extend(bench("SQLite", Arc::new(sqlite), seconds, connections).await);
    }
    let mut scratch = None;
    if databases.contains("mariadb") {
        let db = ScratchDatabase::create(&ScratchDatabase::server_url())
            .await
            .unwrap_or_else(|e| panic!("MariaDB: {e}"));
        let store = db.store().await.unwrap_or_else(|e| panic!("MariaDB: {e}"));
        scratch = Some(db);
        samples.extend(bench("MariaDB", Arc::new(store), seconds, connections).await);
    }
    println!();
    println!(
        "{:<48} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7}  goal p99 <= {GOAL_P99_MS} ms",
        "target", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    for s in &samples {
        let p99 = s.percentile(0.99);
        println!(
            "{:<48} {:>9} {:>8.0} {:>8.2} {:>8.2} {:>8.2} {:>7}  {}",
            s.name,
            s.ok,
            s.ok as f64 / s.wall.as_secs_f64(),
            s.percentile(0.5),
            p99,
            s.percentile(1.0),
            s.errors,
            if p99 <= GOAL_P99_MS && s.errors == 0 {
                "met"
            } else {
                "missed"
            }
        );
    }
    if cfg!(debug_assertions) {
        println!("  (debug build: figures are not comparable with the goal; run `cargo bench`)");
    }
    if let Some(db) = scratch {
        db.drop_database().await.expect("drop scratch database");
    }
}
