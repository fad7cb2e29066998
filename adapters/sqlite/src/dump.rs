//! The generic table dump on SQLite: tables and columns come from the
//! schema (`sqlite_schema`, `pragma_table_info`, `pragma_foreign_key_list`),
//! so a table added by a later migration is dumped without code changes.

use async_trait::async_trait;
use socialflow_core::privacy::{CellValue, DatabaseDump, TableSchema, fk_order};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::{Row, TypeInfo, ValueRef};

use crate::SqliteStore;
use crate::error::map;

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn column_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_column(table: &TableSchema, columns: &[String]) -> Option<String> {
    columns.iter().find(|c| !table.columns.contains(c)).cloned()
}

#[async_trait]
impl DatabaseDump for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn schema_version(&self) -> StoreResult<i64> {
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
        )
        .fetch_one(self.pool())
        .await
        .map_err(map)
    }

    async fn tables(&self) -> StoreResult<Vec<TableSchema>> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_schema WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
        )
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let cols = sqlx::query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")
                .bind(&name)
                .fetch_all(self.pool())
                .await
                .map_err(map)?;
            let mut columns = Vec::new();
            let mut pk: Vec<(i64, String)> = Vec::new();
            for c in &cols {
                let col: String = c.try_get("name").map_err(map)?;
                let pos: i64 = c.try_get("pk").map_err(map)?;
                if pos > 0 {
                    pk.push((pos, col.clone()));
                }
                columns.push(col);
            }
            pk.sort();
            let references: Vec<String> =
                sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)")
                    .bind(&name)
                    .fetch_all(self.pool())
                    .await
                    .map_err(map)?;
            let primary_key = if pk.is_empty() {
                columns.clone()
            } else {
                pk.into_iter().map(|(_, c)| c).collect()
            };
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
                    "INTEGER" => CellValue::Int(row.try_get(i).map_err(map)?),
                    "REAL" => CellValue::Real(row.try_get(i).map_err(map)?),
                    "TEXT" => CellValue::Text(row.try_get(i).map_err(map)?),
                    "BLOB" => CellValue::Bytes(row.try_get(i).map_err(map)?),
                    other => {
                        return Err(StoreError::Other(format!(
                            "{}.{}: unexpected storage class {other}",
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
        if let Some(c) = unknown_column(table, columns) {
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
                    CellValue::Null => q.bind(None::<i64>),
                    CellValue::Int(n) => q.bind(*n),
                    CellValue::Real(f) => q.bind(*f),
                    CellValue::Text(s) => q.bind(s.clone()),
                    CellValue::Bytes(b) => q.bind(b.clone()),
                    CellValue::DateTime(_) => {
                        return Err(StoreError::Other(format!(
                            "{}: SQLite stores times as integers; this dump is not from SQLite",
                            table.name
                        )));
                    }
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
