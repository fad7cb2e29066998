//! The in-memory store passes the same contract as the databases.

use std::sync::Arc;

use socialflow_fakes::MemoryStore;
use socialflow_storage_contract::{Fixture, contract_tests};

async fn setup() -> Fixture {
    Fixture::new(Arc::new(MemoryStore::new()))
}

contract_tests!(setup);
