//! The generic table dump (backups): tables and columns come from the schema
//! (`db::dump::tables`), so a table added by a later migration is dumped
//! without code changes. Reading and writing cells is the backend's.

use async_trait::async_trait;
use socialflow_core::privacy::{CellValue, DatabaseDump, TableSchema};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::{Row as _, ValueRef as _};

use super::auth_epoch::write_auth_epoch_bump;
use super::db;
use crate::error::map;

fn column_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| db::dump::quote(c))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait]
impl DatabaseDump for db::Store {
    fn backend(&self) -> &'static str {
        db::dump::NAME
    }

    async fn schema_version(&self) -> StoreResult<i64> {
        sqlx::query_scalar(db::dump::SCHEMA_VERSION)
            .fetch_one(self.pool())
            .await
            .map_err(map)
    }

    async fn tables(&self) -> StoreResult<Vec<TableSchema>> {
        db::dump::tables(self.pool()).await
    }

    async fn read_rows(
        &self,
        table: &TableSchema,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<Vec<CellValue>>> {
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {} LIMIT ? OFFSET ?",
            column_list(&table.columns),
            db::dump::quote(&table.name),
            column_list(&table.primary_key)
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(limit))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut values = Vec::with_capacity(table.columns.len());
            for i in 0..table.columns.len() {
                if row.try_get_raw(i).map_err(map)?.is_null() {
                    values.push(CellValue::Null);
                } else {
                    values.push(db::dump::cell(row, i, table)?);
                }
            }
            out.push(values);
        }
        Ok(out)
    }

    async fn write_rows(
        &self,
        table: &TableSchema,
        columns: &[String],
        rows: &[Vec<CellValue>],
    ) -> StoreResult<()> {
        if let Some(c) = columns.iter().find(|c| !table.columns.contains(c)) {
            return Err(StoreError::Other(format!(
                "{} has no column {c:?} in this database",
                table.name
            )));
        }
        let placeholders = vec!["?"; columns.len()].join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({placeholders})",
            db::dump::quote(&table.name),
            column_list(columns)
        );
        let mut tx = self.pool().begin().await.map_err(map)?;
        for row in rows {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for v in row {
                q = db::dump::bind(q, v, &table.name)?;
            }
            q.execute(&mut *tx).await.map_err(map)?;
        }
        tx.commit().await.map_err(map)
    }

    async fn clear(&self) -> StoreResult<()> {
        let tables = self.tables().await?;
        let mut tx = self.pool().begin().await.map_err(map)?;
        for t in tables.iter().rev() {
            let sql = format!("DELETE FROM {}", db::dump::quote(&t.name));
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        // The sessions and tokens cached anywhere are gone with their rows.
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)
    }
}
