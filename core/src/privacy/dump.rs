//! A generic view of the database for backups and privacy checks: the tables
//! the schema holds (so tables added later are included without code
//! changes) and their rows as plain values.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use time::PrimitiveDateTime;

use crate::store_error::{StoreError, StoreResult};

/// One stored value, as the database holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
    /// A DATETIME column (MariaDB), UTC wall time.
    DateTime(PrimitiveDateTime),
}

/// A table, its columns in schema order and the tables it references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSchema {
    pub name: String,
    pub columns: Vec<String>,
    /// Primary key columns: rows are read in this order.
    pub primary_key: Vec<String>,
    pub references: Vec<String>,
}

/// Reads and writes whole tables. Implemented by the SQL stores; the
/// in-memory store has nothing on disk to back up.
#[async_trait]
pub trait DatabaseDump: Send + Sync {
    /// `sqlite` or `mariadb`: a dump restores only into the same kind.
    fn backend(&self) -> &'static str;
    /// The newest applied migration.
    async fn schema_version(&self) -> StoreResult<i64>;
    /// Every application table (not the migration bookkeeping), parents
    /// before the tables that reference them.
    async fn tables(&self) -> StoreResult<Vec<TableSchema>>;
    /// Up to `limit` rows after skipping `offset`, in primary-key order,
    /// values in `table.columns` order.
    async fn read_rows(
        &self,
        table: &TableSchema,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<Vec<CellValue>>>;
    /// Inserts rows given as values of `columns` (a subset of the table's).
    async fn write_rows(
        &self,
        table: &TableSchema,
        columns: &[String],
        rows: &[Vec<CellValue>],
    ) -> StoreResult<()>;
    /// Whether no application table holds a row.
    async fn is_empty(&self) -> StoreResult<bool> {
        for t in self.tables().await? {
            if !self.read_rows(&t, 0, 1).await?.is_empty() {
                return Ok(false);
            }
        }
        Ok(true)
    }
    /// Empties every application table (restore with `--force`).
    async fn clear(&self) -> StoreResult<()>;
}

/// Orders tables so each comes after the tables it references (self
/// references ignored), ties by name. A reference cycle is an error: no
/// insertion order would satisfy the foreign keys.
pub fn fk_order(tables: Vec<TableSchema>) -> StoreResult<Vec<TableSchema>> {
    let names: BTreeSet<String> = tables.iter().map(|t| t.name.clone()).collect();
    let mut pending: BTreeMap<String, TableSchema> =
        tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut ordered = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready: Vec<String> = pending
            .values()
            .filter(|t| {
                t.references
                    .iter()
                    .all(|r| r == &t.name || done.contains(r) || !names.contains(r))
            })
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            let left: Vec<_> = pending.keys().cloned().collect();
            return Err(StoreError::Other(format!(
                "foreign keys form a cycle among {}",
                left.join(", ")
            )));
        }
        for name in ready {
            if let Some(t) = pending.remove(&name) {
                done.insert(name);
                ordered.push(t);
            }
        }
    }
    Ok(ordered)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(name: &str, refs: &[&str]) -> TableSchema {
        TableSchema {
            name: name.into(),
            columns: vec!["id".into()],
            primary_key: vec!["id".into()],
            references: refs.iter().map(|r| r.to_string()).collect(),
        }
    }

    #[test]
    fn parents_come_first() {
        let order = fk_order(vec![
            t("posts", &["accounts", "users"]),
            t("accounts", &["users"]),
            t("tree", &["tree"]),
            t("users", &[]),
        ])
        .unwrap();
        let names: Vec<_> = order.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["tree", "users", "accounts", "posts"]);
    }

    #[test]
    fn cycles_are_refused() {
        assert!(fk_order(vec![t("a", &["b"]), t("b", &["a"])]).is_err());
    }
}
