//! The in-memory store passes the same contract as the databases.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use socialflow_core::posts::PostId;
use socialflow_fakes::MemoryStore;
use socialflow_storage_contract::{Fixture, Planter, Spoil, contract_tests};

/// The fake's stand-in for an undecodable row: any spoil marks it.
struct MemoryPlanter(Arc<MemoryStore>);

impl Planter for MemoryPlanter {
    fn spoil_post(
        &self,
        id: PostId,
        _spoil: Spoil,
    ) -> Pin<Box<dyn Future<Output = bool> + Send + '_>> {
        Box::pin(async move { self.0.spoil_post(id) })
    }
}

async fn setup() -> Fixture {
    let store = Arc::new(MemoryStore::new());
    Fixture::new(store.clone()).with_planter(Arc::new(MemoryPlanter(store)))
}

contract_tests!(setup);
