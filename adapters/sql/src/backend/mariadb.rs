//! MariaDB, the production database (10.6 or later). Everything the queries
//! need that differs from SQLite is in this file:
//!
//! - ids are BINARY(16) UUIDv7; times DATETIME(6) in UTC (sqlx pins the
//!   session time zone to +00:00), saturating at the type's range;
//! - flags are BOOLEAN, counters INT UNSIGNED;
//! - upserts are `ON DUPLICATE KEY UPDATE c = VALUES(c)`;
//! - claims lock due rows with `FOR UPDATE SKIP LOCKED`, so workers never
//!   wait on each other's rows; login-attempt reservations of one key are
//!   serialised by a named lock (`GET_LOCK`).

use std::str::FromStr;
use std::time::Duration;

use socialflow_core::StoreError;
use socialflow_core::storage::StoreResult;
use socialflow_core::throttle::{LoginAttemptId, ReservedAttempt};
use sqlx::mysql::{MySqlConnectOptions, MySqlConnection, MySqlPoolOptions, MySqlRow};
use sqlx::{MySqlPool, Row as _, Transaction};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};
use uuid::Uuid;

use crate::error::map;

mod dump;
// The queries are compiled once per backend on purpose (see lib.rs).
#[allow(clippy::duplicate_mod)]
#[path = "../queries/mod.rs"]
mod queries;
pub mod scratch;

pub(crate) type Db = sqlx::MySql;
pub(crate) type Row = MySqlRow;
pub(crate) type Conn = MySqlConnection;
pub(crate) type Store = MariaDbStore;

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/mariadb");

#[derive(Clone)]
pub struct MariaDbStore {
    pool: MySqlPool,
}

impl MariaDbStore {
    /// Connects to a `mysql://` URL (MariaDB 10.6 or later).
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = MySqlConnectOptions::from_str(url).map_err(map)?;
        let pool = MySqlPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(map)?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }
}

// ---- Encoding -------------------------------------------------------------

/// How a time column is stored: DATETIME(6) holding UTC wall time.
pub(crate) type Time = PrimitiveDateTime;

/// An instant whose UTC date leaves the years 1..9999 (core refuses such
/// times; this is the last line of defence) saturates instead of panicking:
/// as a filter bound it still means "everything before/after".
pub(crate) fn time(t: OffsetDateTime) -> Time {
    match t.checked_to_offset(UtcOffset::UTC) {
        Some(utc) => PrimitiveDateTime::new(utc.date(), utc.time()),
        None if t.year() > 0 => MAX_DATETIME,
        None => MIN_DATETIME,
    }
}

/// The range of MariaDB's DATETIME(6).
const MAX_DATETIME: PrimitiveDateTime = time::macros::datetime!(9999-12-31 23:59:59);
const MIN_DATETIME: PrimitiveDateTime = time::macros::datetime!(1000-01-01 0:00);

pub(crate) fn from_time(v: Time) -> StoreResult<OffsetDateTime> {
    Ok(v.assume_utc())
}

/// How a boolean column is stored: BOOLEAN.
pub(crate) type Flag = bool;

pub(crate) fn flag(b: bool) -> Flag {
    b
}

pub(crate) fn from_flag(v: Flag) -> bool {
    v
}

/// A counter column (INT UNSIGNED): always in range.
pub(crate) fn from_count(v: u32, _what: &str) -> StoreResult<u32> {
    Ok(v)
}

// ---- Dialect --------------------------------------------------------------

/// ` ON DUPLICATE KEY UPDATE c = VALUES(c), …` for `columns` (the key is
/// whichever unique key the row collides with).
pub(crate) fn upsert(_key: &str, columns: &[&str]) -> String {
    let sets: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = VALUES({c})"))
        .collect();
    format!(" ON DUPLICATE KEY UPDATE {}", sets.join(", "))
}

/// An INSERT suffix adding one to `column` of the row with the same key.
pub(crate) fn increment(_key: &str, column: &str) -> String {
    format!(" ON DUPLICATE KEY UPDATE {column} = {column} + 1")
}

/// An INSERT suffix leaving a row with the same key as it is. (Not `INSERT
/// IGNORE`, which would also turn foreign-key errors into warnings.)
pub(crate) fn keep_existing(_key: &str, key_column: &str) -> String {
    format!(" ON DUPLICATE KEY UPDATE {key_column} = {key_column}")
}

/// An INSERT that skips a duplicate key (rows affected: 0).
pub(crate) const INSERT_IGNORE: &str = "INSERT IGNORE";

// ---- Concurrency ----------------------------------------------------------

/// A transaction for reads followed by writes; InnoDB locks rows as it goes.
pub(crate) async fn begin_write(pool: &MySqlPool) -> StoreResult<Transaction<'static, Db>> {
    pool.begin().await.map_err(map)
}

/// Serialises the writers of one account's queue: locks the account's row
/// until the transaction ends. Called before the transaction's first plain
/// read, so that read's snapshot is taken after the lock is granted and
/// sees what the previous holder committed.
pub(crate) async fn lock_account(conn: &mut Conn, account: Uuid) -> StoreResult<()> {
    sqlx::query("SELECT id FROM accounts WHERE id = ? FOR UPDATE")
        .bind(account)
        .fetch_optional(&mut *conn)
        .await
        .map_err(map)?;
    Ok(())
}

/// The claim's transaction, at READ COMMITTED: its locking reads lock only
/// the rows they return and take no gap locks, so two workers claiming at
/// once never block each other's new `posts_claim` index entries (under the
/// default REPEATABLE READ both held the gap at the end of the expired range
/// and each waited on the other's insert — a deadlock on every idle start).
/// `SET TRANSACTION` applies to this one transaction only.
pub(crate) async fn begin_claim(pool: &MySqlPool) -> StoreResult<Transaction<'static, Db>> {
    pool.begin_with("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION")
        .await
        .map_err(map)
}

/// Leased rows updated per statement (bounds the statement's size); the
/// rows stay locked by this transaction meanwhile and others skip them.
const LEASE_CHUNK: usize = 500;

/// Leases up to `limit` posts to `worker`, taking them from each condition
/// of `due` in turn (each `(condition, n)` with `n` binds of now), and
/// returns their ids. Rows another worker has locked are skipped.
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
            "SELECT id FROM posts WHERE {condition} ORDER BY next_action_at LIMIT ? \
             FOR UPDATE SKIP LOCKED"
        )));
        for _ in 0..binds {
            q = q.bind(now);
        }
        let rows = q.bind(left).fetch_all(&mut *conn).await.map_err(map)?;
        for row in &rows {
            ids.push(row.try_get::<Uuid, _>("id").map_err(map)?);
        }
    }
    // Safe as one statement per chunk at READ COMMITTED (see begin_claim).
    for chunk in ids.chunks(LEASE_CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE posts SET lease_owner = ?, lease_until = ?, version = version + 1 \
             WHERE id IN ({marks})"
        )))
        .bind(worker)
        .bind(lease_until);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut *conn).await.map_err(map)?;
    }
    Ok(ids)
}

/// The named lock serialising one throttle key's reservations. Lock names
/// are server-wide, so the database name is part of it; hashed to fit the
/// 64-character limit.
macro_rules! throttle_lock {
    () => {
        "CONCAT('sf_login_', SHA1(CONCAT(DATABASE(), '/', ?)))"
    };
}

/// Records a login attempt and counts the key's attempts since `since`. A
/// task of its own: a caller that goes away (the client hung up) cannot stop
/// it between taking the lock and giving it back.
pub(crate) async fn reserve_login_attempt(
    pool: &MySqlPool,
    key: &str,
    at: Time,
    since: Time,
) -> StoreResult<ReservedAttempt> {
    let pool = pool.clone();
    let key = key.to_string();
    tokio::spawn(async move { reserve_serialised(&pool, &key, at, since).await })
        .await
        .map_err(|e| StoreError::Other(format!("login attempt reservation: {e}")))?
}

/// Inserts an attempt and counts the key's attempts while holding the key's
/// named lock, so reservations of one key happen one after another and the
/// k-th counts exactly k. (Without the lock, concurrent inserts followed by
/// counts would all see each other and all be refused.)
async fn reserve_serialised(
    pool: &MySqlPool,
    key: &str,
    at: Time,
    since: Time,
) -> StoreResult<ReservedAttempt> {
    let mut conn = pool.acquire().await.map_err(map)?;
    let got: Option<i64> = sqlx::query_scalar(concat!(
        "SELECT CAST(GET_LOCK(",
        throttle_lock!(),
        ", 10) AS SIGNED)"
    ))
    .bind(key)
    .fetch_one(&mut *conn)
    .await
    .map_err(map)?;
    if got != Some(1) {
        return Err(StoreError::Unavailable(
            "timed out waiting for the login throttle lock".into(),
        ));
    }
    let reserved = async {
        let id = sqlx::query("INSERT INTO login_failures (`key`, at) VALUES (?, ?)")
            .bind(key)
            .bind(at)
            .execute(&mut *conn)
            .await
            .map_err(map)?
            .last_insert_id();
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE `key` = ? AND at > ?")
                .bind(key)
                .bind(since)
                .fetch_one(&mut *conn)
                .await
                .map_err(map)?;
        Ok::<_, StoreError>(ReservedAttempt {
            id: LoginAttemptId(
                i64::try_from(id)
                    .map_err(|_| StoreError::Other("login attempt id out of range".into()))?,
            ),
            count: u64::try_from(count).unwrap_or(0),
        })
    }
    .await;
    let released = sqlx::query(concat!("DO RELEASE_LOCK(", throttle_lock!(), ")"))
        .bind(key)
        .execute(&mut *conn)
        .await;
    if released.is_err() || reserved.is_err() {
        // Closing the session is what surely frees a lock it may hold.
        let _ = sqlx::Connection::close(conn.detach()).await;
    }
    reserved
}
