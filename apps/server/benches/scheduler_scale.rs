//! The scheduler at scale, as deployed: real `socialflow worker` processes
//! (two by default) on one MariaDB, against the fake Instagram answering
//! every call after 50 ms. 100,000 image posts across 10,000 accounts, all
//! due within one minute. Prints the publish lag after each post's due
//! second (p50, p99, max), duplicates and lost posts as the database and
//! the fake Instagram see them, and each worker's peak resident memory
//! (`VmHWM` from `/proc/<pid>/status`). With `--kill-after SECS` it kills
//! one worker with SIGKILL that many seconds after the first due second
//! and measures how soon its posts were taken over and published.
//!
//! ```text
//! cargo bench -p socialflow-server --bench scheduler_scale
//! cargo bench -p socialflow-server --bench scheduler_scale -- --kill-after 20
//! # a quick run in a debug build:
//! cargo test -p socialflow-server --bench scheduler_scale -- --posts 2000 --accounts 200 --kill-after 10
//! ```
//!
//! Options: `--posts N` (100000), `--accounts N` (10000), `--users N`
//! (accounts / 10: each user owns that share of the accounts and one
//! uploaded photo), `--workers N` (2), `--spread SECS` (60: posts are due
//! at every second of it), `--lead SECS` (seconds from the end of seeding
//! to the first due second; default 60 + posts / 500, enough for the
//! workers to prepare every container first), `--latency-ms N` (50),
//! `--lease SECS` (SOCIALFLOW_PUBLISH_LEASE_SECS for the workers, 45),
//! `--concurrency N` (SOCIALFLOW_PUBLISH_CONCURRENCY, the workers'
//! default when absent), `--kill-after SECS`.
//!
//! MariaDB at SOCIALFLOW_TEST_MARIADB_URL (default
//! `mysql://root@127.0.0.1:3306`), in a scratch database dropped afterwards.
//! The fake Instagram runs in this process (its record of what was
//! published is read directly); the workers reach it over HTTP. Posts are
//! seeded with multi-row inserts (the first through `PostService`, the rest
//! copies of it with their own id, account, caption and time). Linux only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use futures::StreamExt;
use secrecy::SecretString;
use socialflow_core::account::AccountId;
use socialflow_core::accounts::{AccountService, AccountStorage};
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::media::{MediaId, MediaSettings, UploadOptions};
use socialflow_core::posts::{LibraryPostMedia, Post, PostId, PostInput, PostKind, PostService};
use socialflow_core::user::Role;
use socialflow_core::{
    Clock, Language, RequestContext, Store, SystemClock, TimeZone, User, UserId, Username,
};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, SeedProfile};
use socialflow_graph::{GraphClient, GraphConfig};
use socialflow_sql::ScratchDatabase;
use sqlx::Row;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};
use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_socialflow");
/// Rows per multi-row insert (27 values each, under MariaDB's 65,535).
const INSERT_ROWS: usize = 1_000;

fn arg(name: &str) -> Option<u64> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number, got {v}"))
        })
}

/// `VmHWM` (peak resident memory) of a live process, in KiB.
fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn utc(t: OffsetDateTime) -> PrimitiveDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    PrimitiveDateTime::new(t.date(), t.time())
}

/// A worker process, killed (and reaped) when dropped.
struct Worker {
    child: Child,
    log: std::path::PathBuf,
}

impl Worker {
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `socialflow <args>` to completion; its standard output.
fn run(env: &[(String, String)], dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SOCIALFLOW_DATA_DIR", dir.join("cli"))
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "socialflow {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let posts_n = arg("--posts").unwrap_or(100_000) as usize;
    let accounts_n = (arg("--accounts").unwrap_or(10_000) as usize).max(1);
    let users_n =
        (arg("--users").unwrap_or((accounts_n / 10) as u64) as usize).clamp(1, accounts_n);
    let workers_n = (arg("--workers").unwrap_or(2) as usize).max(1);
    let spread = arg("--spread").unwrap_or(60).max(1) as i64;
    let lead = arg("--lead").unwrap_or(60 + posts_n as u64 / 500) as i64;
    let latency_ms = arg("--latency-ms").unwrap_or(50);
    let lease = arg("--lease").unwrap_or(45);
    let concurrency = arg("--concurrency");
    let kill_after = arg("--kill-after");

    let db = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
    let store: Arc<dyn Store> = Arc::new(db.store().await.expect("migrate"));
    let pool = sqlx::MySqlPool::connect(&db.url).await.expect("pool");
    let tmp = tempfile::tempdir().unwrap();

    let fake = FakeGraph::new(FakeGraphConfig {
        fetch_media: false,
        quota_total: 100,
        ..Default::default()
    });
    let graph_server = fake.start().await.unwrap();
    let mut env: Vec<(String, String)> = Vec::new();
    let key_text = run(&env, tmp.path(), &["keys", "generate"])
        .trim()
        .to_string();
    let key = MasterKey::from_base64(&key_text).expect("a master key");
    let photo = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/media/portrait-4x5.jpg"),
    )
    .unwrap();
    // The public address Instagram (and the worker's reachability check
    // before each container) fetches media from: every user's one file is
    // this photo, so it answers every path with it.
    let public_url = serve_photo(photo.clone()).await;
    env = vec![
        ("SOCIALFLOW_DATABASE_URL".into(), db.url.clone()),
        ("SOCIALFLOW_MASTER_KEY".into(), key_text),
        (
            "SOCIALFLOW_MEDIA_DIR".into(),
            tmp.path().join("media").display().to_string(),
        ),
        ("SOCIALFLOW_PUBLIC_URL".into(), public_url.clone()),
        (
            "SOCIALFLOW_GRAPH_BASE_URL".into(),
            graph_server.base_url.clone(),
        ),
        (
            "SOCIALFLOW_INSTAGRAM_OAUTH_BASE_URL".into(),
            graph_server.base_url.clone(),
        ),
        ("SOCIALFLOW_INSTAGRAM_APP_ID".into(), "fake-app-id".into()),
        (
            "SOCIALFLOW_INSTAGRAM_APP_SECRET".into(),
            "fake-app-secret".into(),
        ),
        ("SOCIALFLOW_LOG".into(), "warn".into()),
        ("SOCIALFLOW_PUBLISH_LEASE_SECS".into(), lease.to_string()),
    ];
    if let Some(n) = concurrency {
        env.push(("SOCIALFLOW_PUBLISH_CONCURRENCY".into(), n.to_string()));
    }

    // Users, their Instagram accounts and one photo each, as the product
    // makes them.
    let seeding = Instant::now();
    eprintln!("seeding {users_n} users, {accounts_n} accounts and {posts_n} posts on MariaDB…");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/cb",
    );
    cfg.graph_base_url = graph_server.base_url.clone();
    cfg.oauth_base_url = graph_server.base_url.clone();
    let graph: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let accounts = AccountService::new(
        AccountStorage::from_store(store.clone()),
        graph,
        Arc::new(AesSivTokenCipher::new(&key, &[]).unwrap()),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let library = socialflow_server::wiring::media_library(
        store.clone(),
        clock.clone(),
        &tmp.path().join("media"),
        MediaSettings::new(&public_url, 64 << 20, false),
        key.derive("bench-media-urls"),
    )
    .expect("media library");
    let now = clock.now();
    let mut users: Vec<(UserId, MediaId)> = Vec::with_capacity(users_n);
    for i in 0..users_n {
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
        let bytes = bytes::Bytes::from(photo.clone());
        let stream: socialflow_core::media::ByteStream =
            Box::pin(futures::stream::once(async move { Ok(bytes) }));
        let up = library
            .upload(user.id, stream, "photo.jpg", UploadOptions::default())
            .await
            .expect("upload");
        users.push((user.id, up.file.id));
    }
    let seeded: Vec<_> = (0..accounts_n)
        .map(|i| {
            fake.add_account(SeedProfile {
                username: format!("shop_{i}"),
                ..Default::default()
            })
        })
        .collect();
    let owners: Vec<(UserId, MediaId, AccountId)> =
        futures::stream::iter(seeded.iter().enumerate())
            .map(|(i, s)| {
                let token = fake.issue_token(s);
                let (user, media) = users[i % users_n];
                let accounts = accounts.clone();
                async move {
                    let c = accounts
                        .attach(
                            user,
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
                    (user, media, c.account.id)
                }
            })
            .buffered(16)
            .collect()
            .await;

    // The posts: the first through the product, the rest copies of its row.
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store.clone(),
        Arc::new(LibraryPostMedia::new(library.clone(), store.clone())),
        clock.clone(),
    );
    let first_due = clock.now() + Duration::seconds(lead);
    let due_of = |i: usize| first_due + Duration::seconds(i as i64 % spread);
    let (template, _) = posts
        .create(
            owners[0].0,
            PostInput {
                account_id: owners[0].2,
                kind: PostKind::Post,
                media: vec![owners[0].1],
                cover: None,
                thumb_offset_ms: None,
                share_to_feed: true,
                caption: "Post 0".into(),
                hashtags: String::new(),
                first_comment: None,
                collaborators: Vec::new(),
                location_id: None,
                alt_text: None,
                user_tags: Vec::new(),
                options: Default::default(),
                scheduled_at: Some(due_of(0)),
            },
            &RequestContext::cli(),
        )
        .await
        .expect("the first post");
    let rows: Vec<Post> = (1..posts_n)
        .map(|i| {
            let (owner, media, account) = owners[i % owners.len()];
            let mut p = template.clone();
            p.id = PostId::new();
            p.owner = owner;
            p.content.account_id = account;
            p.content.media = vec![media];
            p.content.caption = format!("Post {i}");
            let due = due_of(i);
            p.content.scheduled_at = Some(due);
            p.next_action_at = template
                .next_action_at
                .zip(template.content.scheduled_at)
                .map(|(next, at)| due - (at - next));
            p
        })
        .collect();
    for chunk in rows.chunks(INSERT_ROWS) {
        insert_posts(&pool, chunk).await;
    }
    drop(rows);
    let setup = seeding.elapsed();
    let left = first_due - clock.now();
    eprintln!(
        "seeded in {:.1} s; first post due in {:.1} s",
        setup.as_secs_f64(),
        left.as_seconds_f64()
    );
    assert!(
        left > Duration::seconds(5),
        "seeding took longer than --lead {lead}; raise it"
    );

    // The workers.
    fake.faults().latency(StdDuration::from_millis(latency_ms));
    let mut workers: Vec<Option<Worker>> = (0..workers_n)
        .map(|i| {
            let dir = tmp.path().join(format!("worker-{i}"));
            std::fs::create_dir_all(&dir).unwrap();
            let log = dir.join("worker.log");
            let file = std::fs::File::create(&log).unwrap();
            let child = Command::new(BIN)
                .arg("worker")
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("SOCIALFLOW_DATA_DIR", &dir)
                .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .stdin(Stdio::null())
                .stdout(file.try_clone().unwrap())
                .stderr(file)
                .spawn()
                .unwrap();
            Some(Worker { child, log })
        })
        .collect();

    // Watch until every post is published (or it is clearly stuck).
    let last_due = first_due + Duration::seconds(spread - 1);
    let give_up = last_due + Duration::seconds(lease as i64 + 180);
    let kill_at = kill_after.map(|s| first_due + Duration::seconds(s as i64));
    let mut peaks: Vec<Option<u64>> = vec![None; workers_n];
    let mut killed: Option<Killed> = None;
    let mut prepared_at: Option<OffsetDateTime> = None;
    loop {
        tokio::time::sleep(StdDuration::from_millis(500)).await;
        let now = clock.now();
        for (i, w) in workers.iter_mut().enumerate() {
            if let Some(w) = w
                && let Ok(Some(status)) = w.child.try_wait()
            {
                panic!(
                    "worker {i} exited ({status}):\n{}",
                    std::fs::read_to_string(&w.log).unwrap_or_default()
                );
            }
        }
        let counts = state_counts(&pool).await;
        let count = |s: &str| counts.get(s).copied().unwrap_or(0);
        if prepared_at.is_none() && count("scheduled") + count("preparing") == 0 {
            prepared_at = Some(now);
        }
        if let (Some(at), None) = (kill_at, &killed)
            && now >= at
        {
            let victim = workers[0].take().expect("worker 0");
            peaks[0] = Some(peak_kib(victim.pid()));
            killed = Some(Killed::now(&pool, victim).await);
        }
        if let Some(k) = &mut killed {
            k.watch(&pool, now).await;
        }
        let done = count("published") + count("failed") + count("verify");
        if done >= posts_n as u64 && killed.as_ref().is_none_or(|k| k.taken_over.is_some()) {
            break;
        }
        if now > give_up {
            eprintln!("giving up waiting: {counts:?}");
            break;
        }
    }
    for (i, w) in workers.iter().enumerate() {
        if let Some(w) = w {
            peaks[i] = Some(peak_kib(w.pid()));
        }
    }
    // Why posts are not published, when some are not: the holds and the
    // workers' last words.
    let stuck = sqlx::query(
        "SELECT state, hold, reason, COUNT(*) AS n FROM posts WHERE state <> 'published' \
         GROUP BY state, hold, reason ORDER BY n DESC LIMIT 5",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for r in &stuck {
        eprintln!(
            "not published: {} × {} {:?} {:?}",
            r.get::<i64, _>("n"),
            r.get::<String, _>("state"),
            r.get::<Option<String>, _>("hold"),
            r.get::<Option<String>, _>("reason")
        );
    }
    if !stuck.is_empty() {
        for w in workers.iter().flatten() {
            let log = std::fs::read_to_string(&w.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            eprintln!("worker {} log, last lines:", w.pid());
            for l in tail.iter().rev() {
                eprintln!("  {l}");
            }
        }
    }
    drop(workers);

    // Outcomes as the database and the fake Instagram see them.
    let rows = sqlx::query(
        "SELECT id, state, TIMESTAMPDIFF(MICROSECOND, scheduled_at, published_at) AS lag_us, \
         published_at FROM posts",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let dead: std::collections::HashSet<Uuid> = killed
        .as_ref()
        .map(|k| k.posts.iter().copied().collect())
        .unwrap_or_default();
    let (mut lags, mut lags_alive, mut lost) = (Vec::new(), Vec::new(), 0usize);
    let mut dead_published_at: Vec<OffsetDateTime> = Vec::new();
    for r in &rows {
        let id: Uuid = r.get("id");
        let state: String = r.get("state");
        if state != "published" {
            lost += 1;
            continue;
        }
        let lag = r.get::<Option<i64>, _>("lag_us").unwrap_or(0) as f64 / 1000.0;
        lags.push(lag);
        if dead.contains(&id) {
            if let Some(at) = r.get::<Option<PrimitiveDateTime>, _>("published_at") {
                dead_published_at.push(at.assume_utc());
            }
        } else {
            lags_alive.push(lag);
        }
    }
    let on_instagram = fake.all_published_media();
    let mut by_container: HashMap<&str, usize> = HashMap::new();
    let mut by_caption: HashMap<&str, usize> = HashMap::new();
    for m in &on_instagram {
        *by_container.entry(m.container_id.as_str()).or_default() += 1;
        *by_caption.entry(m.caption.as_str()).or_default() += 1;
    }
    let duplicates = by_container.values().map(|n| n - 1).sum::<usize>()
        + by_caption.values().map(|n| n - 1).sum::<usize>();
    lags.sort_by(f64::total_cmp);
    lags_alive.sort_by(f64::total_cmp);

    println!(
        "scheduler at scale on MariaDB: {posts_n} image posts, {accounts_n} accounts ({users_n} users), due within {spread} s, {workers_n} `socialflow worker` processes, {latency_ms} ms per Graph call"
    );
    println!(
        "  seeding {:.1} s; every container prepared {}",
        setup.as_secs_f64(),
        match prepared_at {
            Some(at) => format!(
                "{:.1} s before the first due second",
                (first_due - at).as_seconds_f64()
            ),
            None => "never".into(),
        }
    );
    println!(
        "  published: {} of {posts_n} (on Instagram: {})",
        lags.len(),
        on_instagram.len()
    );
    println!(
        "  publish lag after due second: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        pct(&lags, 0.5),
        pct(&lags, 0.99),
        lags.last().copied().unwrap_or(0.0)
    );
    println!("  duplicates: {duplicates}, lost: {lost}");
    for (i, p) in peaks.iter().enumerate() {
        println!(
            "  worker {i}: peak resident memory {} MiB{}",
            p.unwrap_or(0) / 1024,
            if i == 0 && killed.is_some() {
                " (read just before the kill)"
            } else {
                ""
            }
        );
    }
    if let Some(k) = &killed {
        println!(
            "  kill -9 of worker 0 at {:.1} s after the first due second: it held {} posts ({} mid-publish)",
            (k.at - first_due).as_seconds_f64(),
            k.posts.len(),
            k.publishing
        );
        println!(
            "    all taken over by another worker {} after the kill (lease {lease} s)",
            k.taken_over
                .map(|t| format!("{:.1} s", (t - k.at).as_seconds_f64()))
                .unwrap_or_else(|| "NEVER".into())
        );
        let last = dead_published_at.iter().max();
        println!(
            "    {} of them published, the last {} after the kill",
            dead_published_at.len(),
            last.map(|t| format!("{:.1} s", (*t - k.at).as_seconds_f64()))
                .unwrap_or_else(|| "—".into())
        );
        println!(
            "    lag of the other posts: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            pct(&lags_alive, 0.5),
            pct(&lags_alive, 0.99),
            lags_alive.last().copied().unwrap_or(0.0)
        );
    }
    drop(graph_server);
    pool.close().await;
    let _ = db.drop_database().await;
}

/// A minimal HTTP server answering every request with `photo`; its URL.
async fn serve_photo(photo: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let photo = Arc::new(photo);
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let photo = photo.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match conn.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    photo.len()
                );
                let _ = conn.write_all(head.as_bytes()).await;
                if !buf.starts_with(b"HEAD") {
                    let _ = conn.write_all(&photo).await;
                }
                let _ = conn.shutdown().await;
            });
        }
    });
    url
}

/// Posts by state.
async fn state_counts(pool: &sqlx::MySqlPool) -> HashMap<String, u64> {
    sqlx::query("SELECT state, COUNT(*) AS n FROM posts GROUP BY state")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get::<String, _>("state"), r.get::<i64, _>("n") as u64))
        .collect()
}

/// The killed worker: when, which posts it held, and when another worker
/// had taken every one of them over.
struct Killed {
    at: OffsetDateTime,
    owner: String,
    posts: Vec<Uuid>,
    publishing: usize,
    taken_over: Option<OffsetDateTime>,
}

impl Killed {
    async fn now(pool: &sqlx::MySqlPool, mut victim: Worker) -> Killed {
        let owner = format!("worker-{}-%", victim.pid());
        victim.child.kill().unwrap(); // SIGKILL
        let _ = victim.child.wait();
        let at = OffsetDateTime::now_utc();
        let rows = sqlx::query("SELECT id, state FROM posts WHERE lease_owner LIKE ?")
            .bind(&owner)
            .fetch_all(pool)
            .await
            .unwrap();
        Killed {
            at,
            posts: rows.iter().map(|r| r.get("id")).collect(),
            publishing: rows
                .iter()
                .filter(|r| r.get::<String, _>("state") == "publishing")
                .count(),
            owner,
            taken_over: None,
        }
    }

    /// Notes when none of its posts is held in its name any more.
    async fn watch(&mut self, pool: &sqlx::MySqlPool, now: OffsetDateTime) {
        if self.taken_over.is_some() {
            return;
        }
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE lease_owner LIKE ?")
            .bind(&self.owner)
            .fetch_one(pool)
            .await
            .unwrap();
        if held == 0 {
            self.taken_over = Some(now);
        }
    }
}

/// One multi-row insert of posts and one of their media rows (the columns
/// of `write_new_post` in the SQL adapter).
async fn insert_posts(pool: &sqlx::MySqlPool, posts: &[Post]) {
    let row = format!("({})", vec!["?"; 26].join(", "));
    let sql = format!(
        "INSERT INTO posts (id, owner_id, account_id, kind, state, content, scheduled_at, child_containers, \
         container_id, ig_media_id, permalink, first_comment_id, first_comment_tried, hold, reason, attempts, \
         next_action_at, publish_started_at, published_at, failure_acknowledged, version, content_rev, \
         containers_rev, containers_at, created_at, updated_at) VALUES {}",
        vec![row; posts.len()].join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in posts {
        q = q
            .bind(p.id.0)
            .bind(p.owner.0)
            .bind(p.content.account_id.0)
            .bind(p.content.kind.as_str())
            .bind(p.state.as_str())
            .bind(p.content.extras_json())
            .bind(p.content.scheduled_at.map(utc))
            .bind(socialflow_core::posts::encode_list(&p.child_containers))
            .bind(p.container_id.clone())
            .bind(p.ig_media_id.clone())
            .bind(p.permalink.clone())
            .bind(p.first_comment_id.clone())
            .bind(p.first_comment_tried)
            .bind(p.hold.map(|h| h.as_str()))
            .bind(p.reason.clone())
            .bind(i64::from(p.attempts))
            .bind(p.next_action_at.map(utc))
            .bind(p.publish_started_at.map(utc))
            .bind(p.published_at.map(utc))
            .bind(p.failure_acknowledged)
            .bind(i64::from(p.version))
            .bind(i64::from(p.content_rev))
            .bind(p.containers_rev.map(i64::from))
            .bind(p.containers_at.map(utc))
            .bind(utc(p.created_at))
            .bind(utc(p.updated_at));
    }
    q.execute(pool).await.expect("insert posts");
    let sql = format!(
        "INSERT INTO post_media (post_id, position, role, media_id) VALUES {}",
        vec!["(?, 0, 'item', ?)"; posts.len()].join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in posts {
        q = q.bind(p.id.0).bind(p.content.media[0].0);
    }
    q.execute(pool).await.expect("insert post media");
}
