//! Every query, written once. This folder is compiled twice, once inside
//! each backend module (`backend/sqlite.rs`, `backend/mariadb.rs`); `db`
//! below is that backend, so `db::Row`, `db::time` or `db::upsert` name the
//! backend's row type, time encoding or dialect in each copy.

use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use time::OffsetDateTime;

use crate::error::map;

use super as db;

mod accounts;
mod analytics;
mod api_tokens;
mod approvals;
mod audit;
mod auth_epoch;
mod automation;
mod automation_jobs;
mod dump;
mod health;
mod idempotency;
mod inbox;
mod live;
mod media;
mod memberships;
mod moderation;
mod notifications;
mod onboarding;
mod policy;
mod posts;
mod queue;
mod reports;
mod review_links;
mod saved_replies;
mod sessions;
mod snippets;
mod throttle;
mod triage;
mod unit_of_work;
mod users;
mod webhooks;
mod workspaces;

impl db::Store {
    /// A connection of the pool, for the single writes that share their
    /// SQL with a unit of work (see `unit_of_work.rs`).
    async fn conn(&self) -> StoreResult<sqlx::pool::PoolConnection<db::Db>> {
        self.pool().acquire().await.map_err(map)
    }
}

/// The most rows one multi-row INSERT carries: a statement of long texts
/// (comments of up to 2,200 characters) stays a few MiB, far below
/// MariaDB's `max_allowed_packet` (16 MiB by default).
const MAX_ROWS_PER_STATEMENT: usize = 500;
/// SQLite's limit of bound parameters per statement (MariaDB's is 65,535).
const MAX_BINDS: usize = 32_766;

/// Rows per multi-row INSERT of `columns` bound values each.
fn rows_per_statement(columns: usize) -> usize {
    (MAX_BINDS / columns.max(1)).clamp(1, MAX_ROWS_PER_STATEMENT)
}

/// Inserts `items` with multi-row INSERTs of at most
/// [`rows_per_statement`] rows each, on `conn` (the caller's transaction):
/// `head` is `INSERT INTO t (columns…) `, `tail` the upsert clause,
/// `columns` how many values `push` binds per row.
async fn write_batches<T>(
    conn: &mut db::Conn,
    items: &[T],
    head: &str,
    tail: &str,
    columns: usize,
    push: impl Fn(&mut sqlx::query_builder::Separated<'_, db::Db, &'static str>, &T),
) -> StoreResult<()> {
    for chunk in items.chunks(rows_per_statement(columns)) {
        let mut q: sqlx::QueryBuilder<db::Db> = sqlx::QueryBuilder::new(head);
        q.push_values(chunk, |mut b, item| push(&mut b, item));
        q.push(tail);
        q.build().execute(&mut *conn).await.map_err(map)?;
    }
    Ok(())
}

/// A NOT NULL time column.
fn get_time<I: sqlx::ColumnIndex<db::Row>>(row: &db::Row, col: I) -> StoreResult<OffsetDateTime> {
    db::from_time(row.try_get(col).map_err(map)?)
}

/// A nullable time column.
fn get_opt_time<I: sqlx::ColumnIndex<db::Row>>(
    row: &db::Row,
    col: I,
) -> StoreResult<Option<OffsetDateTime>> {
    let v: Option<db::Time> = row.try_get(col).map_err(map)?;
    v.map(db::from_time).transpose()
}
