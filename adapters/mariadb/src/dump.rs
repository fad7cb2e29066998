//! The generic table dump on MariaDB: tables, columns, keys and references
//! come from `information_schema`, so a table added by a later migration is
//! dumped without code changes.

use async_trait::async_trait;
use socialflow_core::privacy::{CellValue, DatabaseDump, TableSchema, fk_order};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::{Row, TypeInfo, ValueRef};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::MariaDbStore;
use crate::error::map;

fn quote(ident: &str) -> String {
    format!("`{}`", ident.replace('`', "``"))
}

fn column_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn strings(store: &MariaDbStore, sql: &'static str, table: &str) -> StoreResult<Vec<String>> {
    sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(store.pool())
        .await
        .map_err(map)
}

#[async_trait]
impl DatabaseDump for MariaDbStore {
    fn backend(&self) -> &'static str {
        "mariadb"
    }

    async fn schema_version(&self) -> StoreResult<i64> {
        sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(version), 0) AS SIGNED) FROM _sqlx_migrations WHERE success = 1",
        )
        .fetch_one(self.pool())
        .await
        .map_err(map)
    }

    async fn tables(&self) -> StoreResult<Vec<TableSchema>> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' \
             AND TABLE_NAME <> '_sqlx_migrations' ORDER BY TABLE_NAME",
        )
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let columns = strings(
                self,
                "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                &name,
            )
            .await?;
            let mut primary_key = strings(
                self,
                "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' \
                 ORDER BY ORDINAL_POSITION",
                &name,
            )
            .await?;
            if primary_key.is_empty() {
                primary_key = columns.clone();
            }
            let references = strings(
                self,
                "SELECT DISTINCT CAST(REFERENCED_TABLE_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL",
                &name,
            )
            .await?;
            tables.push(TableSchema {
                name,
                columns,
                primary_key,
                references,
            });
        }
        fk_order(tables)
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
            quote(&table.name),
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
                let raw = row.try_get_raw(i).map_err(map)?;
                if raw.is_null() {
                    values.push(CellValue::Null);
                    continue;
                }
                let kind = raw.type_info().name().to_string();
                let v = match kind.as_str() {
                    "BOOLEAN" | "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" => {
                        CellValue::Int(row.try_get(i).map_err(map)?)
                    }
                    k if k.ends_with(" UNSIGNED") => {
                        let n: u64 = row.try_get(i).map_err(map)?;
                        CellValue::Int(i64::try_from(n).map_err(|_| {
                            StoreError::Other(format!("{}: value {n} too large", table.name))
                        })?)
                    }
                    "FLOAT" | "DOUBLE" => CellValue::Real(row.try_get(i).map_err(map)?),
                    "CHAR" | "VARCHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT"
                    | "ENUM" | "SET" | "JSON" => CellValue::Text(row.try_get(i).map_err(map)?),
                    "BINARY" | "VARBINARY" | "BLOB" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" => {
                        CellValue::Bytes(row.try_get(i).map_err(map)?)
                    }
                    "DATETIME" => {
                        CellValue::DateTime(row.try_get::<PrimitiveDateTime, _>(i).map_err(map)?)
                    }
                    // ISO text; MariaDB reads it back into a DATE on restore.
                    "DATE" => {
                        CellValue::Text(row.try_get::<time::Date, _>(i).map_err(map)?.to_string())
                    }
                    "TIMESTAMP" => {
                        let t: OffsetDateTime = row.try_get(i).map_err(map)?;
                        let t = t.to_offset(UtcOffset::UTC);
                        CellValue::DateTime(PrimitiveDateTime::new(t.date(), t.time()))
                    }
                    other => {
                        return Err(StoreError::Other(format!(
                            "{}.{}: column type {other} is not supported by the dump",
                            table.name, table.columns[i]
                        )));
                    }
                };
                values.push(v);
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
            quote(&table.name),
            column_list(columns)
        );
        let mut tx = self.pool().begin().await.map_err(map)?;
        for row in rows {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for v in row {
                q = match v {
                    CellValue::Null => q.bind(None::<String>),
                    CellValue::Int(n) => q.bind(*n),
                    CellValue::Real(f) => q.bind(*f),
                    CellValue::Text(s) => q.bind(s.clone()),
                    CellValue::Bytes(b) => q.bind(b.clone()),
                    CellValue::DateTime(t) => q.bind(*t),
                };
            }
            q.execute(&mut *tx).await.map_err(map)?;
        }
        tx.commit().await.map_err(map)
    }

    async fn clear(&self) -> StoreResult<()> {
        let tables = self.tables().await?;
        let mut tx = self.pool().begin().await.map_err(map)?;
        for t in tables.iter().rev() {
            let sql = format!("DELETE FROM {}", quote(&t.name));
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        tx.commit().await.map_err(map)
    }
}
