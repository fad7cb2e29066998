//! The storage contract on a real SQLite file.

use std::sync::Arc;

use socialflow_core::storage::HealthRepo;
use socialflow_sqlite::SqliteStore;
use socialflow_storage_contract::{Fixture, contract_tests};

async fn setup() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqliteStore::connect(&url).await.expect("open sqlite");
    store.migrate().await.expect("migrate");
    let pool = store.pool().clone();
    Fixture::with_teardown(Arc::new(store), async move {
        pool.close().await;
        drop(dir);
    })
}

contract_tests!(setup);
