//! SQLite, the embedded default: one file under the data directory, WAL
//! mode, foreign keys on. Everything the queries need that differs from
//! MariaDB is in this file:
//!
//! - times are INTEGER UTC microseconds, so range queries compare numbers;
//! - flags are INTEGER 0/1, counters INTEGER (checked into `u32` on reading);
//! - upserts are `ON CONFLICT (key) DO UPDATE SET c = excluded.c`;
//! - SQLite has one writer at a time and no `SKIP LOCKED`: a transaction that
//!   reads before it writes takes the write lock up front (`BEGIN IMMEDIATE`),
//!   which also serialises claims and login-attempt reservations.

use std::str::FromStr;
use std::time::Duration;

use socialflow_core::StoreError;
use socialflow_core::storage::StoreResult;
use socialflow_core::throttle::{LoginAttemptId, ReservedAttempt};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row as _, SqlitePool, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, map};

mod dump;
// The queries are compiled once per backend on purpose (see lib.rs).
#[allow(clippy::duplicate_mod)]
#[path = "../queries/mod.rs"]
mod queries;

pub(crate) type Db = sqlx::Sqlite;
pub(crate) type Row = SqliteRow;
pub(crate) type Conn = SqliteConnection;
pub(crate) type Store = SqliteStore;

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at a `sqlite://` URL.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(map)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // SQLite runs on a worker thread that hands rows over a bounded
            // channel; at the default 50 a 729-day series stops and wakes the
            // worker many times per query (futex calls dominated a profile of
            // the analytics benchmark). Rows are small; buffer a series.
            .row_buffer_size(1024);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(map)?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

// ---- Encoding -------------------------------------------------------------

/// How a time column is stored: UTC microseconds.
pub(crate) type Time = i64;

pub(crate) fn time(t: OffsetDateTime) -> Time {
    (t.unix_timestamp_nanos() / 1_000) as i64
}

pub(crate) fn from_time(v: Time) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(v) * 1_000)
        .map_err(|e| StoreError::Other(format!("bad timestamp {v}: {e}")))
}

/// How a boolean column is stored: INTEGER 0 or 1.
pub(crate) type Flag = i64;

pub(crate) fn flag(b: bool) -> Flag {
    i64::from(b)
}

pub(crate) fn from_flag(v: Flag) -> bool {
    v != 0
}

/// A counter column (INTEGER, signed): refused when out of `u32`.
pub(crate) fn from_count(v: i64, what: &str) -> StoreResult<u32> {
    u32::try_from(v).map_err(|_| corrupt(what, &v.to_string()))
}

// ---- Dialect --------------------------------------------------------------

/// ` ON CONFLICT (key) DO UPDATE SET c = excluded.c, …` for `columns`.
pub(crate) fn upsert(key: &str, columns: &[&str]) -> String {
    let sets: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(" ON CONFLICT ({key}) DO UPDATE SET {}", sets.join(", "))
}

/// An INSERT suffix adding one to `column` of the row with the same `key`.
pub(crate) fn increment(key: &str, column: &str) -> String {
    format!(" ON CONFLICT ({key}) DO UPDATE SET {column} = {column} + 1")
}

/// An INSERT suffix leaving a row with the same `key` as it is.
pub(crate) fn keep_existing(key: &str, _key_column: &str) -> String {
    format!(" ON CONFLICT ({key}) DO NOTHING")
}

/// An INSERT that skips a duplicate key (rows affected: 0).
pub(crate) const INSERT_IGNORE: &str = "INSERT OR IGNORE";

// ---- Concurrency ----------------------------------------------------------

/// A transaction holding the write lock from its start, so a read in it
/// never needs upgrading (which fails at once if another writer went first).
pub(crate) async fn begin_write(pool: &SqlitePool) -> StoreResult<Transaction<'static, Db>> {
    pool.begin_with("BEGIN IMMEDIATE").await.map_err(map)
}

/// Serialises the writers of one account's queue inside a [`begin_write`]
/// transaction: SQLite's already holds the database's one write lock.
pub(crate) async fn lock_account(_conn: &mut Conn, _account: Uuid) -> StoreResult<()> {
    Ok(())
}

/// The claim's transaction: SQLite's one writer at a time.
pub(crate) async fn begin_claim(pool: &SqlitePool) -> StoreResult<Transaction<'static, Db>> {
    begin_write(pool).await
}

/// Leases up to `limit` posts to `worker`, taking them from each condition
/// of `due` in turn (each `(condition, n)` with `n` binds of now), and
/// returns their ids. Runs in a [`begin_write`] transaction: one writer
/// at a time picks due rows.
pub(crate) async fn lease_due(
    conn: &mut Conn,
    due: &[(&str, usize)],
    worker: &str,
    lease_until: Time,
    now: Time,
    limit: u32,
) -> StoreResult<Vec<Uuid>> {
    let mut ids = Vec::new();
    for &(condition, binds) in due {
        let left = limit.saturating_sub(u32::try_from(ids.len()).unwrap_or(u32::MAX));
        if left == 0 {
            break;
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE posts SET lease_owner = ?, lease_until = ?, version = version + 1 \
             WHERE id IN (SELECT id FROM posts WHERE {condition} ORDER BY next_action_at LIMIT ?) \
             RETURNING id"
        )))
        .bind(worker)
        .bind(lease_until);
        for _ in 0..binds {
            q = q.bind(now);
        }
        let rows = q
            .bind(i64::from(left))
            .fetch_all(&mut *conn)
            .await
            .map_err(map)?;
        for r in &rows {
            ids.push(r.try_get::<Uuid, _>("id").map_err(map)?);
        }
    }
    Ok(ids)
}

/// Records a login attempt and counts the key's attempts since `since`. The
/// write lock is taken first and held until the count is read: reservations
/// are serialised, each counting every earlier one.
pub(crate) async fn reserve_login_attempt(
    pool: &SqlitePool,
    key: &str,
    at: Time,
    since: Time,
) -> StoreResult<ReservedAttempt> {
    let mut tx = begin_write(pool).await?;
    let id = sqlx::query("INSERT INTO login_failures (`key`, at) VALUES (?, ?)")
        .bind(key)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(map)?
        .last_insert_rowid();
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE `key` = ? AND at > ?")
            .bind(key)
            .bind(since)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
    tx.commit().await.map_err(map)?;
    Ok(ReservedAttempt {
        id: LoginAttemptId(id),
        count: u64::try_from(count).unwrap_or(0),
    })
}
