//! The shared revocation epoch (`socialflow_core::auth_cache`): one row,
//! read by every authenticated request and bumped in the transaction of
//! every write that ends a session or token or changes a user.

use async_trait::async_trait;
use socialflow_core::auth_cache::AuthEpochRepo;
use socialflow_core::storage::{StoreError, StoreResult};

use super::db;
use crate::error::map;

#[async_trait]
impl AuthEpochRepo for db::Store {
    async fn auth_epoch(&self) -> StoreResult<u64> {
        let epoch: Option<i64> = sqlx::query_scalar("SELECT epoch FROM auth_epoch WHERE id = 1")
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        // The migration inserts the row and nothing deletes it (backups
        // leave the table out); without it no cached answer could be
        // checked, so every authenticated request fails loudly.
        let epoch =
            epoch.ok_or_else(|| StoreError::Other("the auth_epoch row is missing".into()))?;
        u64::try_from(epoch).map_err(|_| StoreError::Other(format!("auth_epoch is {epoch}")))
    }
}

/// Voids every cached authentication answer of every server process; run
/// in the transaction of the write that ends or changes authentication.
pub(super) async fn write_auth_epoch_bump(conn: &mut db::Conn) -> StoreResult<()> {
    sqlx::query("UPDATE auth_epoch SET epoch = epoch + 1 WHERE id = 1")
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(())
}
