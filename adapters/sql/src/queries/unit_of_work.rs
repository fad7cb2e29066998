//! The unit of work: a use case's writes in one transaction, through the
//! same write functions the single-write methods use.

use async_trait::async_trait;
use socialflow_core::storage::{StoreError, StoreResult};
use socialflow_core::{Change, UnitOfWork};

use super::audit::write_audit;
use super::db;
use super::posts::{write_log_entry, write_new_post, write_post_update};
use super::queue::require_free_slot;
use crate::error::map;

#[async_trait]
impl UnitOfWork for db::Store {
    async fn commit(&self, changes: Vec<Change>) -> StoreResult<()> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Checks first: on MariaDB the free-slot check must be the
        // transaction's first read (see `queue::require_free_slot`).
        for change in &changes {
            if let Change::RequireFreeSlot {
                owner,
                account,
                at,
                except,
            } = change
            {
                require_free_slot(&mut tx, *owner, *account, *at, *except).await?;
            }
        }
        for change in &changes {
            match change {
                Change::InsertPost(p) => write_new_post(&mut tx, p).await?,
                Change::UpdatePost(p) => {
                    if !write_post_update(&mut tx, p).await? {
                        // Dropping the transaction rolls back what came before.
                        return Err(StoreError::Conflict);
                    }
                }
                Change::AppendPostLog(e) => write_log_entry(&mut tx, e).await?,
                Change::InsertAudit(e) => write_audit(&mut tx, e).await?,
                Change::RequireFreeSlot { .. } => {}
            }
        }
        tx.commit().await.map_err(map)
    }
}
