//! The storage contract on a real MariaDB server. Each case gets its own
//! freshly created database, dropped afterwards. An unreachable server fails
//! the tests: they never skip.

use std::sync::Arc;

use socialflow_mariadb::ScratchDatabase;
use socialflow_storage_contract::{Fixture, contract_tests};

async fn setup() -> Fixture {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap_or_else(|e| panic!("{e}"));
    let pool = store.pool().clone();
    Fixture::with_teardown(Arc::new(store), async move {
        pool.close().await;
        scratch
            .drop_database()
            .await
            .unwrap_or_else(|e| panic!("dropping the scratch database: {e}"));
    })
}

contract_tests!(setup);
