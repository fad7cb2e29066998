//! The two SQL stores that database-specific scenarios run on: a migrated
//! SQLite file in a temporary directory, and a scratch MariaDB database on
//! the test server (`SOCIALFLOW_TEST_MARIADB_URL`), dropped afterwards.

use std::future::Future;
use std::sync::Arc;

use socialflow_core::storage::{HealthRepo, Store};
use socialflow_sql::{ScratchDatabase, SqliteStore};

/// Runs `scenario` on a fresh, migrated SQLite store.
pub async fn on_sqlite<F, Fut>(scenario: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    scenario(Arc::new(store)).await;
}

/// Runs `scenario` on a scratch MariaDB database; fails (never skips) when
/// the server cannot be reached.
pub async fn on_mariadb<F, Fut>(scenario: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap();
    scenario(Arc::new(store.clone())).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
}
