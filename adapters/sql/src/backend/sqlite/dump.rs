//! What the table dump needs from SQLite: the schema from `sqlite_schema`,
//! `pragma_table_info` and `pragma_foreign_key_list`, and cells by storage
//! class (times are INTEGER microseconds, so dumps hold no DATETIME cells).

use socialflow_core::privacy::{CellValue, TableSchema, fk_order};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::{Row as _, SqlitePool, TypeInfo as _, ValueRef as _};

use super::{Db, Row};
use crate::error::map;

pub(crate) const NAME: &str = "sqlite";

pub(crate) const SCHEMA_VERSION: &str =
    "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1";

pub(crate) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Every table but SQLite's and sqlx's own and the revocation epoch (which
/// must never go back: a restore bumps it instead), parents before children.
pub(crate) async fn tables(pool: &SqlitePool) -> StoreResult<Vec<TableSchema>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_sqlx_migrations', 'auth_epoch') ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .map_err(map)?;
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let cols = sqlx::query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")
            .bind(&name)
            .fetch_all(pool)
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
                .fetch_all(pool)
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

/// The non-NULL cell `i` of a row of `table`, by its storage class.
pub(crate) fn cell(row: &Row, i: usize, table: &TableSchema) -> StoreResult<CellValue> {
    let raw = row.try_get_raw(i).map_err(map)?;
    let kind = raw.type_info().name().to_string();
    Ok(match kind.as_str() {
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
    })
}

type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>;

/// Binds a dumped cell for restoring into `table`.
pub(crate) fn bind<'q>(q: Query<'q>, v: &CellValue, table: &str) -> StoreResult<Query<'q>> {
    Ok(match v {
        CellValue::Null => q.bind(None::<i64>),
        CellValue::Int(n) => q.bind(*n),
        CellValue::Real(f) => q.bind(*f),
        CellValue::Text(s) => q.bind(s.clone()),
        CellValue::Bytes(b) => q.bind(b.clone()),
        CellValue::DateTime(_) => {
            return Err(StoreError::Other(format!(
                "{table}: SQLite stores times as integers; this dump is not from SQLite"
            )));
        }
    })
}
