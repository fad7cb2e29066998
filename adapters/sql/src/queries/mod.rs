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
mod moderation;
mod notifications;
mod onboarding;
mod policy;
mod posts;
mod queue;
mod reports;
mod saved_replies;
mod sessions;
mod snippets;
mod throttle;
mod triage;
mod unit_of_work;
mod users;

impl db::Store {
    /// A connection of the pool, for the single writes that share their
    /// SQL with a unit of work (see `unit_of_work.rs`).
    async fn conn(&self) -> StoreResult<sqlx::pool::PoolConnection<db::Db>> {
        self.pool().acquire().await.map_err(map)
    }
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
