//! SocialFlow storage on SQL: SQLite (embedded, the default) and MariaDB
//! (production), both first-class, every query written once.
//!
//! # How one set of queries serves two databases
//!
//! The queries live in `src/queries/` and are compiled twice: each backend
//! module (`src/backend/sqlite.rs`, `src/backend/mariadb.rs`) includes the
//! folder with `#[path = "../queries/mod.rs"] mod queries;`, and the queries
//! name their backend as `db` (`use super as db`). Inside each copy
//! everything is concrete — `db::Row` is `SqliteRow` or `MySqlRow`,
//! `db::time(t)` encodes to microseconds or DATETIME — so no generic bounds
//! over `sqlx::Database` are needed and each copy is checked as plain code.
//!
//! A backend file supplies, and is the only place that holds:
//! - the store type, its connection options and its migrations;
//! - `Db`, `Row`, `Conn`: the sqlx types;
//! - encodings: `Time`/`time`/`from_time`, `Flag`/`flag`/`from_flag`,
//!   `from_count` (unsigned counters);
//! - dialect: `upsert`, `keep_existing`, `INSERT_IGNORE`;
//! - concurrency: `begin_write`, `lease_due` (claiming posts),
//!   `reserve_login_attempt` (the login throttle's locking);
//! - the table dump (`dump.rs`, schema introspection differs) and, for
//!   MariaDB, scratch databases for tests.
//!
//! The worker's hot writes (claims, recorded steps, lease renewals, the unit
//! of work's commit) run through `deadlock::retry`: a transaction MariaDB
//! rolled back to break a deadlock (error 1213) is run again from its
//! `BEGIN`, up to five times with a short growing wait, then fails as
//! `StoreError::Unavailable`. Shared code: on SQLite it never triggers.
//!
//! To add a query, write it once in the `queries/` file of its aggregate
//! with `?` placeholders, binding times through `db::time` and reading them
//! with `get_time`/`get_opt_time`; reach for a new backend function only when
//! the SQL itself must differ. Both databases run the storage contract suite
//! (`adapters/storage-contract`).

mod backend;
mod deadlock;
mod error;

pub use backend::mariadb::MariaDbStore;
pub use backend::mariadb::scratch::{self, ScratchDatabase};
pub use backend::sqlite::SqliteStore;
pub use deadlock::deadlock_retries;
