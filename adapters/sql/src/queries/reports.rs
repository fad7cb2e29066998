//! Report links: shareable, expiring, revocable links to an account's
//! analytics report. Only the digest of the secret is stored.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::reports::{ReportLink, ReportLinkId, ReportLinkRepo};
use socialflow_core::storage::StoreResult;
use sqlx::Row;
use uuid::Uuid;

use super::{db, get_time};
use crate::error::map;

const COLUMNS: &str =
    "id, owner_id, account_id, range_from, range_to, digest, created_at, expires_at";

fn read(row: &db::Row) -> StoreResult<ReportLink> {
    Ok(ReportLink {
        id: ReportLinkId(row.try_get::<Uuid, _>("id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        account_id: AccountId(row.try_get::<Uuid, _>("account_id").map_err(map)?),
        from: row.try_get("range_from").map_err(map)?,
        to: row.try_get("range_to").map_err(map)?,
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        created_at: get_time(row, "created_at")?,
        expires_at: get_time(row, "expires_at")?,
    })
}

#[async_trait]
impl ReportLinkRepo for db::Store {
    async fn insert_report_link(&self, link: &ReportLink, max: u32) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Lock the account's row first (a no-op write on both databases),
        // so parallel inserts for one account count one after the other;
        // MariaDB reports no changed row for it, so ownership is counted.
        sqlx::query("UPDATE accounts SET id = id WHERE id = ? AND owner_id = ?")
            .bind(link.account_id.0)
            .bind(link.owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let found: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE id = ? AND owner_id = ?")
                .bind(link.account_id.0)
                .bind(link.owner.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
        if found == 0 {
            return Ok(false);
        }
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM report_links WHERE account_id = ? AND owner_id = ?",
        )
        .bind(link.account_id.0)
        .bind(link.owner.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(map)?;
        if count >= i64::from(max) {
            return Ok(false);
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO report_links ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )))
        .bind(link.id.0)
        .bind(link.owner.0)
        .bind(link.account_id.0)
        .bind(link.from)
        .bind(link.to)
        .bind(&link.digest.0)
        .bind(db::time(link.created_at))
        .bind(db::time(link.expires_at))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn report_links(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<ReportLink>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM report_links WHERE account_id = ? AND owner_id = ? \
             ORDER BY created_at DESC, id DESC"
        )))
        .bind(account.0)
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?
        .iter()
        .map(read)
        .collect()
    }

    async fn report_link_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ReportLink>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM report_links WHERE digest = ?"
        )))
        .bind(&digest.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?
        .as_ref()
        .map(read)
        .transpose()
    }

    async fn delete_report_link(&self, owner: UserId, id: ReportLinkId) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM report_links WHERE id = ? AND owner_id = ?")
            .bind(id.0)
            .bind(owner.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}
