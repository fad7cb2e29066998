//! Scheduler benchmark: 10,000 image posts across 1,000 accounts, all due
//! within the same minute, against the fake Instagram answering every call
//! after 50 ms. Prints the publish lag after each post's due second (p50,
//! p99, max), posts per second, duplicates, lost posts and peak memory.
//!
//! `cargo bench -p socialflow-worker --bench scheduler` (SQLite, the embedded
//! default; `-- --mariadb` for MariaDB at SOCIALFLOW_TEST_MARIADB_URL).
//! Sizes can be lowered for a quick run: `-- --posts 1000 --accounts 100`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use secrecy::SecretString;
use socialflow_core::account::AccountId;
use socialflow_core::accounts::AccountService;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::posts::{
    MediaClass, PostFilter, PostInput, PostKind, PostService, PostState, Publisher, PublisherConfig,
};
use socialflow_core::storage::HealthRepo;
use socialflow_core::user::Role;
use socialflow_core::{
    Clock, Language, RequestContext, Store, SystemClock, TimeZone, User, UserId, Username,
};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, SeedProfile};
use socialflow_fakes::FakePostMedia;
use socialflow_graph::{GraphClient, GraphConfig};
use time::Duration;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let posts_n = arg("--posts", 10_000);
    let accounts_n = arg("--accounts", 1_000);
    let mariadb = std::env::args().any(|a| a == "--mariadb");

    let dir = tempfile::tempdir().unwrap();
    let (store, db_name): (Arc<dyn Store>, &str) = if mariadb {
        let url = socialflow_sql::ScratchDatabase::server_url();
        let db = socialflow_sql::ScratchDatabase::create(&url)
            .await
            .expect("MariaDB");
        let store = db.store().await.unwrap();
        std::mem::forget(db); // dropped with the server's scratch cleanup
        (Arc::new(store), "MariaDB")
    } else {
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let s = socialflow_sql::SqliteStore::connect(&url).await.unwrap();
        s.migrate().await.unwrap();
        (Arc::new(s), "SQLite")
    };

    let fake = FakeGraph::new(FakeGraphConfig {
        fetch_media: false,
        quota_total: 100,
        ..Default::default()
    });
    let running = fake.start().await.unwrap();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/cb",
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let graph: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let accounts = AccountService::new(
        socialflow_core::accounts::AccountStorage::from_store(store.clone()),
        graph,
        Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap()),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let media = Arc::new(FakePostMedia::new());
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store.clone(),
        media.clone(),
        clock.clone(),
    );

    eprintln!("setting up {accounts_n} accounts and {posts_n} posts on {db_name}…");
    let now = clock.now();
    let mut owners: Vec<(UserId, AccountId)> = Vec::new();
    let mut seeded_accounts = Vec::new();
    for i in 0..accounts_n {
        let user = User {
            id: UserId::new(),
            username: Username::parse(&format!("user{i}")).unwrap(),
            password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
            role: Role::User,
            language: Language::En,
            time_zone: TimeZone::utc(),
            created_at: now,
            updated_at: now,
        };
        store.insert_user(&user).await.unwrap();
        let seeded = fake.add_account(SeedProfile {
            username: format!("shop_{i}"),
            ..Default::default()
        });
        let token = fake.issue_token(&seeded);
        seeded_accounts.push(seeded);
        let c = accounts
            .attach(
                user.id,
                LongLivedToken {
                    token: SecretString::from(token),
                    expires_in: Duration::days(60),
                    permissions: None,
                },
                None,
                &RequestContext::cli(),
            )
            .await
            .unwrap();
        owners.push((user.id, c.account.id));
    }
    // All due within one minute (or `--spread` seconds), starting `--lead`
    // seconds from now: long enough to create every post first (MariaDB
    // takes longer to insert 10,000 posts).
    let spread = arg("--spread", 60).max(1);
    let lead = arg("--lead", if mariadb { 120 } else { 20 });
    let minute = clock.now() + Duration::seconds(lead as i64);
    for i in 0..posts_n {
        let (user, account) = owners[i % owners.len()];
        let image = media.add(user, MediaClass::Image, "https://media.example/p.jpg");
        let at = minute + Duration::seconds((i % spread) as i64);
        let input = PostInput {
            account_id: account,
            kind: PostKind::Post,
            media: vec![image],
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: format!("Post {i}"),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            scheduled_at: Some(at),
        };
        let (post, _) = posts
            .create(user, input, &RequestContext::cli())
            .await
            .unwrap();
        let _ = post;
    }
    fake.faults().latency(std::time::Duration::from_millis(50));
    let rss_before = status_kib("VmRSS:");

    let mut config = PublisherConfig::new(socialflow_worker::worker_id());
    config.batch = 1_000;
    config.concurrency = 1_000;
    let publisher = Publisher::new(
        store.clone(),
        store.clone(),
        store.clone(),
        accounts.clone(),
        media.clone(),
        clock.clone(),
        config,
    );
    let lags: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let (stop, rx) = tokio::sync::watch::channel(false);
    let hook_lags = lags.clone();
    let started = Instant::now();
    let task = tokio::spawn(socialflow_worker::run_publisher(
        publisher,
        std::time::Duration::from_millis(250),
        Arc::new(move |r| hook_lags.lock().unwrap().extend(r.lags.iter().copied())),
        rx,
    ));
    let deadline = minute + Duration::seconds(60 + 120);
    let mut first_publish: Option<Instant> = None;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let n = lags.lock().unwrap().len();
        if n > 0 && first_publish.is_none() {
            first_publish = Some(Instant::now());
        }
        if n >= posts_n || clock.now() > deadline {
            break;
        }
    }
    let publish_window = first_publish.map(|t| t.elapsed()).unwrap_or_default();
    let _ = stop.send(true);
    let _ = task.await;
    let peak = status_kib("VmHWM:");

    // Outcomes as Instagram and the database see them.
    let mut published_on_ig = 0usize;
    let mut containers_published: HashMap<String, usize> = HashMap::new();
    let mut lost = 0usize;
    for (user, _) in &owners {
        let list = store
            .list_posts(
                *user,
                &PostFilter {
                    limit: 10_000,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        for p in list {
            if p.state != PostState::Published {
                lost += 1;
            }
        }
    }
    for m in seeded_accounts.iter().flat_map(|a| fake.published_media(a)) {
        published_on_ig += 1;
        *containers_published.entry(m.container_id).or_default() += 1;
    }
    let duplicates = published_on_ig.saturating_sub(containers_published.len())
        + containers_published.values().filter(|n| **n > 1).count();
    let mut ms: Vec<f64> = lags
        .lock()
        .unwrap()
        .iter()
        .map(|d| d.as_seconds_f64() * 1000.0)
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    println!(
        "scheduler benchmark on {db_name}: {posts_n} image posts, {accounts_n} accounts, due within {spread} s, 50 ms per Graph call"
    );
    println!(
        "  published: {} of {posts_n} (on Instagram: {published_on_ig})",
        ms.len()
    );
    println!(
        "  publish lag after due second: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        pct(&ms, 0.5),
        pct(&ms, 0.99),
        ms.last().copied().unwrap_or(0.0)
    );
    println!(
        "  throughput: {} posts in a {:.1} s publishing window = {:.0} posts/s (due times spread over {spread} s; whole run {:.1} s)",
        ms.len(),
        publish_window.as_secs_f64(),
        ms.len() as f64 / publish_window.as_secs_f64().max(0.001),
        started.elapsed().as_secs_f64()
    );
    println!("  duplicates: {duplicates}, lost: {lost}");
    println!(
        "  memory (one process: worker + fake Instagram + {db_name} client): RSS before {} MiB, peak {} MiB",
        rss_before / 1024,
        peak / 1024
    );
    drop(running);
}
