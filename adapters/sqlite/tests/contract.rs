//! The storage contract on a real SQLite file.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use socialflow_core::posts::PostId;
use socialflow_core::storage::HealthRepo;
use socialflow_sqlite::SqliteStore;
use socialflow_storage_contract::{Fixture, Planter, Spoil, contract_tests};

/// Plants undecodable values with raw SQL.
struct SqlitePlanter(sqlx::SqlitePool);

impl Planter for SqlitePlanter {
    fn spoil_post(
        &self,
        id: PostId,
        spoil: Spoil,
    ) -> Pin<Box<dyn Future<Output = bool> + Send + '_>> {
        Box::pin(async move {
            let sql = match spoil {
                // 10000-01-01 05:00 UTC, in microseconds: 9999-12-31T23:00-05:00.
                Spoil::Time => "UPDATE posts SET scheduled_at = 253402318800000000 WHERE id = ?",
                Spoil::UnknownState => "UPDATE posts SET state = 'exploded' WHERE id = ?",
                Spoil::Number => "UPDATE posts SET attempts = -1 WHERE id = ?",
                Spoil::Json => "UPDATE posts SET content = '{not json' WHERE id = ?",
            };
            let r = sqlx::query(sql)
                .bind(id.0)
                .execute(&self.0)
                .await
                .expect("plant");
            r.rows_affected() == 1
        })
    }
}

async fn setup() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqliteStore::connect(&url).await.expect("open sqlite");
    store.migrate().await.expect("migrate");
    let pool = store.pool().clone();
    let planter = Arc::new(SqlitePlanter(pool.clone()));
    Fixture::with_teardown(Arc::new(store), async move {
        pool.close().await;
        drop(dir);
    })
    .with_planter(planter)
}

contract_tests!(setup);
