//! Ingest benchmark: 100,000 comments across 100 accounts written to the
//! cache the way sync writes them (one upsert, one transaction, per
//! `FLUSH_ROWS` = 1,000 comments; `BENCH_PAGE=50` gives the old one write
//! per page of 50), then the analytics rows the daily capture writes: 729
//! days of account insights per account in parts of 30 days (a back-fill)
//! and 2,000 media metrics rows per account in parts of 50 (a capture's
//! newest posts). The daily capture gathers several accounts' parts in an
//! `AnalyticsBatch` and writes it in one call (one transaction) when it
//! holds `BATCH_ACCOUNTS` accounts or `BATCH_ROWS` rows; so does the
//! benchmark, one part of every account after the other (`BENCH_BATCH=1`
//! gives the old one write per account and part). On SQLite and on
//! MariaDB; prints rows per second for each against issue 20's goal
//! (50,000 rows/s on SQLite, 20,000 on MariaDB). A second pass writes the
//! same rows again (a refresh: every row an update).
//!
//! ```text
//! cargo bench -p socialflow-worker --bench inbox_ingest
//! BENCH_COMMENTS=20000 BENCH_SCALE=10 cargo bench -p socialflow-worker --bench inbox_ingest
//! BENCH_DATABASES=sqlite BENCH_PAGE=50 BENCH_BATCH=1 cargo bench -p socialflow-worker --bench inbox_ingest
//! ```
//!
//! `BENCH_SCALE` divides the analytics rows (default 1: 72,900 insight days
//! and 200,000 media rows), for a quick smoke run; `BENCH_BATCH` is the
//! most accounts a batch holds (default `BATCH_ACCOUNTS`).
//!
//! SQLite runs on a file in a temporary directory (WAL, as in production);
//! MariaDB on a scratch database of `SOCIALFLOW_TEST_MARIADB_URL` (default
//! `mysql://root@127.0.0.1:3306/test`), dropped afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::analytics::{
    AnalyticsBatch, BATCH_ACCOUNTS, BATCH_ROWS, DailyInsights, MediaMetrics,
};
use socialflow_core::inbox::CachedComment;
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::HealthRepo;
use socialflow_core::user::Role;
use socialflow_core::{Language, Store, User, UserId, Username};
use socialflow_sql::{ScratchDatabase, SqliteStore};
use time::{Duration, OffsetDateTime};

const ACCOUNTS: usize = 100;
/// Days of account insights per account, in parts of a back-fill.
const INSIGHT_DAYS: usize = 729;
const INSIGHT_PART: usize = 30;
/// Media metrics rows per account, in parts of a capture's newest posts.
const MEDIA_ROWS: usize = 2_000;
const MEDIA_PART: usize = 50;

fn goal(store: &str) -> f64 {
    if store == "sqlite" {
        50_000.0
    } else {
        20_000.0
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

async fn seed_accounts(store: &Arc<dyn Store>, now: OffsetDateTime) -> Vec<(UserId, AccountId)> {
    let mut ids = Vec::new();
    for i in 0..ACCOUNTS {
        let user = User {
            id: UserId::new(),
            username: Username::parse(&format!("bench{i}")).unwrap(),
            password_hash: PasswordHash("x".into()),
            role: Role::User,
            language: Language::En,
            time_zone: socialflow_core::TimeZone::default(),
            created_at: now,
            updated_at: now,
        };
        store.insert_user(&user).await.unwrap();
        let account = Account {
            id: AccountId::new(),
            owner: user.id,
            ig_user_id: format!("17841{i:011}"),
            app_scoped_id: format!("app{i}"),
            profile: AccountProfile {
                username: format!("shop{i}"),
                ..AccountProfile::default()
            },
            token: AccountToken {
                ciphertext: EncryptedToken(vec![1, 2, 3]),
                expires_at: now + Duration::days(60),
                refreshed_at: now,
                scopes: vec![],
            },
            status: AccountStatus::Active,
            status_detail: None,
            connected_at: now,
            profile_fetched_at: now,
        };
        store.insert_account(&account).await.unwrap();
        ids.push((user.id, account.id));
    }
    ids
}

fn comments(
    accounts: &[(UserId, AccountId)],
    total: usize,
    now: OffsetDateTime,
) -> Vec<CachedComment> {
    let per_account = total / accounts.len();
    let mut out = Vec::with_capacity(total);
    for (a, (_, id)) in accounts.iter().enumerate() {
        for c in 0..per_account {
            let top = c % 4 != 3;
            out.push(CachedComment {
                account_id: *id,
                id: format!("178{a:04}{c:08}"),
                media_id: format!("179{a:04}{:04}", c % 50),
                parent_id: (!top).then(|| format!("178{a:04}{:08}", c - 1)),
                text: format!("Love this! Where can I buy it? <b>#{c}</b> ☕"),
                username: Some(format!("fan_{}", c % 997)),
                timestamp: now - Duration::minutes(c as i64),
                hidden: c % 97 == 0,
                like_count: Some((c % 13) as i64),
                fetched_at: now,
            });
        }
    }
    out
}

async fn ingest(store: &Arc<dyn Store>, rows: &[CachedComment], page: usize) -> f64 {
    let started = Instant::now();
    for chunk in rows.chunks(page) {
        store.upsert_comments(chunk).await.unwrap();
    }
    started.elapsed().as_secs_f64()
}

fn insights(account: AccountId, days: usize, now: OffsetDateTime) -> Vec<DailyInsights> {
    (0..days)
        .map(|d| DailyInsights {
            account_id: account,
            day: now.date() - Duration::days(d as i64),
            reach: Some(1_000 + d as i64),
            views: Some(3_000 + d as i64),
            accounts_engaged: (!d.is_multiple_of(9)).then_some(40),
            total_interactions: Some(120),
            profile_activity: None,
            fetched_at: now,
        })
        .collect()
}

fn media(account: AccountId, rows: usize, now: OffsetDateTime) -> Vec<MediaMetrics> {
    (0..rows)
        .map(|m| MediaMetrics {
            account_id: account,
            media_id: format!("179{m:012}"),
            product: if m.is_multiple_of(3) { "REELS" } else { "FEED" }.into(),
            media_type: "IMAGE".into(),
            caption: Some(format!("New drop #{m} <b>☕</b> link in bio")),
            permalink: Some(format!("https://www.instagram.com/p/{m}/")),
            posted_at: now - Duration::hours(m as i64 * 9),
            reach: Some(900 + m as i64),
            views: Some(2_000),
            likes: Some(80),
            comments: Some(4),
            saves: (!m.is_multiple_of(4)).then_some(6),
            shares: Some(1),
            replies: None,
            avg_watch_time_ms: m.is_multiple_of(3).then_some(8_000),
            total_watch_time_ms: None,
            reposts: None,
            skip_rate: None,
            fetched_at: now,
        })
        .collect()
}

/// Every account's rows in parts of `part`, in the order a run of daily
/// captures meets them: the first part of every account, then the second…
fn parts<T: Clone>(
    accounts: &[(UserId, AccountId)],
    rows: &[Vec<T>],
    part: usize,
) -> Vec<(UserId, Vec<T>)> {
    let most = rows
        .iter()
        .map(|r| r.len().div_ceil(part))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for p in 0..most {
        for ((owner, _), rows) in accounts.iter().zip(rows) {
            if let Some(chunk) = rows.chunks(part).nth(p) {
                out.push((*owner, chunk.to_vec()));
            }
        }
    }
    out
}

/// Writes the parts as the daily capture does: gathered in a batch of at
/// most `accounts` accounts (and `BATCH_ROWS` rows), written when full and
/// at the end. Rows, writes, seconds.
async fn ingest_analytics<T>(
    store: &Arc<dyn Store>,
    parts: Vec<(UserId, Vec<T>)>,
    accounts: usize,
    add: impl Fn(&mut AnalyticsBatch, UserId, Vec<T>),
) -> (usize, usize, f64) {
    let started = Instant::now();
    let (mut rows, mut writes) = (0, 0);
    let mut batch = AnalyticsBatch::with_limits(accounts, BATCH_ROWS);
    for (owner, part) in parts {
        rows += part.len();
        add(&mut batch, owner, part);
        if batch.is_full() {
            batch.write(&**store, &**store).await.unwrap();
            writes += 1;
        }
    }
    if !batch.is_empty() {
        batch.write(&**store, &**store).await.unwrap();
        writes += 1;
    }
    (rows, writes, started.elapsed().as_secs_f64())
}

fn line(store: &str, what: &str, rows: usize, insert: f64, update: f64) {
    let (a, b) = (rows as f64 / insert, rows as f64 / update);
    let goal = goal(store);
    println!(
        "{store:8} {what:<60} {rows:>8} rows: insert {a:>8.0} rows/s ({insert:.2} s), refresh {b:>8.0} rows/s ({update:.2} s); goal {goal:.0}: {}",
        if a >= goal && b >= goal {
            "met"
        } else {
            "missed"
        }
    );
}

async fn run(
    name: &str,
    store: Arc<dyn Store>,
    total: usize,
    page: usize,
    scale: usize,
    batch: usize,
) {
    let now = socialflow_core::clock::truncate_to_micros(OffsetDateTime::now_utc());
    let accounts = seed_accounts(&store, now).await;
    let rows = comments(&accounts, total, now);
    let insert = ingest(&store, &rows, page).await;
    let update = ingest(&store, &rows, page).await;
    line(
        name,
        &format!("comments, {ACCOUNTS} accounts, {page} a write"),
        rows.len(),
        insert,
        update,
    );

    let days: Vec<_> = accounts
        .iter()
        .map(|(_, a)| insights(*a, (INSIGHT_DAYS / scale).max(1), now))
        .collect();
    let days = parts(&accounts, &days, INSIGHT_PART);
    let add = |b: &mut AnalyticsBatch, owner, rows| b.add_insights(owner, rows);
    let (n, writes, insert) = ingest_analytics(&store, days.clone(), batch, add).await;
    let (_, _, update) = ingest_analytics(&store, days, batch, add).await;
    line(
        name,
        &format!(
            "account insights, {INSIGHT_PART} days × {batch} accounts a write ({writes} writes)"
        ),
        n,
        insert,
        update,
    );

    let metrics: Vec<_> = accounts
        .iter()
        .map(|(_, a)| media(*a, (MEDIA_ROWS / scale).max(1), now))
        .collect();
    let metrics = parts(&accounts, &metrics, MEDIA_PART);
    let add = |b: &mut AnalyticsBatch, owner, rows| b.add_media(owner, rows);
    let (n, writes, insert) = ingest_analytics(&store, metrics.clone(), batch, add).await;
    let (_, _, update) = ingest_analytics(&store, metrics, batch, add).await;
    line(
        name,
        &format!("media metrics, {MEDIA_PART} posts × {batch} accounts a write ({writes} writes)"),
        n,
        insert,
        update,
    );
}

#[tokio::main]
async fn main() {
    let total = env_number("BENCH_COMMENTS", 100_000);
    let page = env_number("BENCH_PAGE", socialflow_core::inbox::FLUSH_ROWS);
    let scale = env_number("BENCH_SCALE", 1);
    let batch = env_number("BENCH_BATCH", BATCH_ACCOUNTS);
    let databases = std::env::var("BENCH_DATABASES").unwrap_or_else(|_| "sqlite,mariadb".into());
    if cfg!(debug_assertions) {
        println!("(debug build: figures are not comparable with the goal; run `cargo bench`)");
    }

    let dir = tempfile::tempdir().unwrap();
    if databases.contains("sqlite") {
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let sqlite = SqliteStore::connect(&url).await.unwrap();
        sqlite.migrate().await.unwrap();
        run("sqlite", Arc::new(sqlite), total, page, scale, batch).await;
    }
    if !databases.contains("mariadb") {
        return;
    }

    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap();
    let pool = store.pool().clone();
    run("mariadb", Arc::new(store), total, page, scale, batch).await;
    pool.close().await;
    scratch.drop_database().await.unwrap();
}
