//! Throw-away databases on a MariaDB server, for tests and benchmarks: each
//! gets a fresh, migrated database that is dropped afterwards.

use std::str::FromStr;

use socialflow_core::StoreError;
use socialflow_core::storage::HealthRepo;
use sqlx::mysql::MySqlConnectOptions;
use sqlx::{ConnectOptions, Connection};

use super::MariaDbStore;
use crate::error::map;

/// The environment variable naming the test server, e.g.
/// `mysql://root@127.0.0.1:3306/test`.
pub const TEST_URL_VAR: &str = "SOCIALFLOW_TEST_MARIADB_URL";
/// Used when the variable is unset: the local development server.
pub const DEFAULT_TEST_URL: &str = "mysql://root@127.0.0.1:3306/test";

pub struct ScratchDatabase {
    pub name: String,
    pub url: String,
    server: MySqlConnectOptions,
}

impl ScratchDatabase {
    /// The test server URL from [`TEST_URL_VAR`], or the local default.
    pub fn server_url() -> String {
        std::env::var(TEST_URL_VAR)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_TEST_URL.to_string())
    }

    /// Creates `sf_test_<random>` on the server. Fails (never skips) when the
    /// server cannot be reached, naming the variable to fix.
    pub async fn create(server_url: &str) -> Result<Self, StoreError> {
        let server = MySqlConnectOptions::from_str(server_url).map_err(map)?;
        let name = format!("sf_test_{}", uuid::Uuid::now_v7().simple());
        let mut conn = server.connect().await.map_err(|e| {
            StoreError::Unavailable(format!(
                "cannot reach the MariaDB test server at {server_url} ({TEST_URL_VAR}): {e}"
            ))
        })?;
        let create = sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        ));
        sqlx::query(create).execute(&mut conn).await.map_err(map)?;
        conn.close().await.map_err(map)?;
        let url = replace_database(server_url, &name);
        Ok(Self { name, url, server })
    }

    /// A migrated store on the scratch database.
    pub async fn store(&self) -> Result<MariaDbStore, StoreError> {
        let store = MariaDbStore::connect(&self.url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub async fn drop_database(self) -> Result<(), StoreError> {
        let mut conn = self.server.connect().await.map_err(map)?;
        let drop = sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS `{}`", self.name));
        sqlx::query(drop).execute(&mut conn).await.map_err(map)?;
        conn.close().await.map_err(map)?;
        Ok(())
    }
}

/// Swaps the database path of a `mysql://` URL, keeping any query string.
fn replace_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{db}?{q}"),
        None => format!("{host_part}/{db}"),
    }
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn swaps_the_database_name() {
        assert_eq!(
            replace_database("mysql://root@127.0.0.1:3306/test", "x"),
            "mysql://root@127.0.0.1:3306/x"
        );
        assert_eq!(replace_database("mysql://root@h", "x"), "mysql://root@h/x");
        assert_eq!(
            replace_database("mysql://u:p@h:1/db?ssl-mode=disabled", "x"),
            "mysql://u:p@h:1/x?ssl-mode=disabled"
        );
    }
}
