//! What the table dump needs from MariaDB: tables, columns, keys and
//! references from `information_schema`, and cells by column type.

use socialflow_core::privacy::{CellValue, TableSchema, fk_order};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::{MySqlPool, Row as _, TypeInfo as _, ValueRef as _};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::{Db, Row};
use crate::error::map;

pub(crate) const NAME: &str = "mariadb";

pub(crate) const SCHEMA_VERSION: &str =
    "SELECT CAST(COALESCE(MAX(version), 0) AS SIGNED) FROM _sqlx_migrations WHERE success = 1";

pub(crate) fn quote(ident: &str) -> String {
    format!("`{}`", ident.replace('`', "``"))
}

async fn strings(pool: &MySqlPool, sql: &'static str, table: &str) -> StoreResult<Vec<String>> {
    sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(pool)
        .await
        .map_err(map)
}

/// Every base table of the database but sqlx's own and the revocation
/// epoch (which must never go back: a restore bumps it instead), parents
/// before children.
pub(crate) async fn tables(pool: &MySqlPool) -> StoreResult<Vec<TableSchema>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' \
         AND TABLE_NAME NOT IN ('_sqlx_migrations', 'auth_epoch') ORDER BY TABLE_NAME",
    )
    .fetch_all(pool)
    .await
    .map_err(map)?;
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let columns = strings(
            pool,
            "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
            &name,
        )
        .await?;
        let mut primary_key = strings(
            pool,
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
            pool,
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

/// The non-NULL cell `i` of a row of `table`, by its column type.
pub(crate) fn cell(row: &Row, i: usize, table: &TableSchema) -> StoreResult<CellValue> {
    let raw = row.try_get_raw(i).map_err(map)?;
    let kind = raw.type_info().name().to_string();
    Ok(match kind.as_str() {
        "BOOLEAN" | "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" => {
            CellValue::Int(row.try_get(i).map_err(map)?)
        }
        k if k.ends_with(" UNSIGNED") => {
            let n: u64 = row.try_get(i).map_err(map)?;
            CellValue::Int(
                i64::try_from(n).map_err(|_| {
                    StoreError::Other(format!("{}: value {n} too large", table.name))
                })?,
            )
        }
        "FLOAT" | "DOUBLE" => CellValue::Real(row.try_get(i).map_err(map)?),
        "CHAR" | "VARCHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" | "ENUM" | "SET"
        | "JSON" => CellValue::Text(row.try_get(i).map_err(map)?),
        "BINARY" | "VARBINARY" | "BLOB" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" => {
            CellValue::Bytes(row.try_get(i).map_err(map)?)
        }
        "DATETIME" => CellValue::DateTime(row.try_get::<PrimitiveDateTime, _>(i).map_err(map)?),
        // ISO text; MariaDB reads it back into a DATE on restore.
        "DATE" => CellValue::Text(row.try_get::<time::Date, _>(i).map_err(map)?.to_string()),
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
    })
}

type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>;

/// Binds a dumped cell for restoring.
pub(crate) fn bind<'q>(q: Query<'q>, v: &CellValue, _table: &str) -> StoreResult<Query<'q>> {
    Ok(match v {
        CellValue::Null => q.bind(None::<String>),
        CellValue::Int(n) => q.bind(*n),
        CellValue::Real(f) => q.bind(*f),
        CellValue::Text(s) => q.bind(s.clone()),
        CellValue::Bytes(b) => q.bind(b.clone()),
        CellValue::DateTime(t) => q.bind(*t),
    })
}
