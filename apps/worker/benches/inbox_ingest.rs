//! Inbox ingest benchmark: 100,000 comments across 100 accounts written to
//! the cache the way sync writes them (one upsert per page of 50), on SQLite
//! and on MariaDB; prints rows per second for each. A second pass writes the
//! same rows again (a refresh: every row is an update).
//!
//! ```text
//! cargo bench -p socialflow-worker --bench inbox_ingest
//! BENCH_COMMENTS=20000 cargo bench -p socialflow-worker --bench inbox_ingest
//! ```
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
use socialflow_core::inbox::CachedComment;
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::HealthRepo;
use socialflow_core::user::Role;
use socialflow_core::{Language, Store, User, UserId, Username};
use socialflow_sql::{ScratchDatabase, SqliteStore};
use time::{Duration, OffsetDateTime};

const ACCOUNTS: usize = 100;
const PAGE: usize = 50;

async fn seed_accounts(store: &Arc<dyn Store>, now: OffsetDateTime) -> Vec<AccountId> {
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
        ids.push(account.id);
    }
    ids
}

fn comments(accounts: &[AccountId], total: usize, now: OffsetDateTime) -> Vec<CachedComment> {
    let per_account = total / accounts.len();
    let mut out = Vec::with_capacity(total);
    for (a, id) in accounts.iter().enumerate() {
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

async fn ingest(store: &Arc<dyn Store>, rows: &[CachedComment]) -> f64 {
    let started = Instant::now();
    for page in rows.chunks(PAGE) {
        store.upsert_comments(page).await.unwrap();
    }
    started.elapsed().as_secs_f64()
}

async fn run(name: &str, store: Arc<dyn Store>, total: usize) {
    let now = socialflow_core::clock::truncate_to_micros(OffsetDateTime::now_utc());
    let accounts = seed_accounts(&store, now).await;
    let rows = comments(&accounts, total, now);
    let insert = ingest(&store, &rows).await;
    let update = ingest(&store, &rows).await;
    println!(
        "{name:8} {:>8} comments, {ACCOUNTS} accounts, pages of {PAGE}: insert {:>8.0} rows/s ({insert:.2} s), refresh {:>8.0} rows/s ({update:.2} s)",
        rows.len(),
        rows.len() as f64 / insert,
        rows.len() as f64 / update,
    );
}

#[tokio::main]
async fn main() {
    let total: usize = std::env::var("BENCH_COMMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let sqlite = SqliteStore::connect(&url).await.unwrap();
    sqlite.migrate().await.unwrap();
    run("sqlite", Arc::new(sqlite), total).await;

    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap();
    let pool = store.pool().clone();
    run("mariadb", Arc::new(store), total).await;
    pool.close().await;
    scratch.drop_database().await.unwrap();
}
