//! The storage contract on both SQL databases: a real SQLite file, and a
//! real MariaDB server where each case gets its own freshly created database,
//! dropped afterwards (an unreachable server fails the tests: they never
//! skip). The in-memory fake runs the same suite in `adapters/fakes`.

mod sqlite {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Arc;

    use socialflow_core::posts::PostId;
    use socialflow_core::storage::HealthRepo;
    use socialflow_sql::SqliteStore;
    use socialflow_storage_contract::{Fixture, Planter, Spoil, contract_tests};

    /// Plants undecodable values with raw SQL.
    struct SqlitePlanter(sqlx::SqlitePool);

    impl Planter for SqlitePlanter {
        fn spoil_post(
            &self,
            id: PostId,
            spoil: Spoil,
        ) -> Pin<Box<dyn Future<Output = bool> + Send + '_>> {
            Box::pin(async move {
                let sql = match spoil {
                    // 10000-01-01 05:00 UTC, in microseconds: 9999-12-31T23:00-05:00.
                    Spoil::Time => {
                        "UPDATE posts SET scheduled_at = 253402318800000000 WHERE id = ?"
                    }
                    Spoil::UnknownState => "UPDATE posts SET state = 'exploded' WHERE id = ?",
                    Spoil::Number => "UPDATE posts SET attempts = -1 WHERE id = ?",
                    Spoil::Json => "UPDATE posts SET content = '{not json' WHERE id = ?",
                };
                let r = sqlx::query(sql)
                    .bind(id.0)
                    .execute(&self.0)
                    .await
                    .expect("plant");
                r.rows_affected() == 1
            })
        }
    }

    async fn setup() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = SqliteStore::connect(&url).await.expect("open sqlite");
        store.migrate().await.expect("migrate");
        let pool = store.pool().clone();
        let planter = Arc::new(SqlitePlanter(pool.clone()));
        let store = Arc::new(store);
        Fixture::with_teardown(store.clone(), async move {
            pool.close().await;
            drop(dir);
        })
        .with_planter(planter)
    }

    contract_tests!(setup);
}

mod mariadb {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Arc;

    use socialflow_core::posts::PostId;
    use socialflow_sql::ScratchDatabase;
    use socialflow_storage_contract::{Fixture, Planter, Spoil, contract_tests};

    /// Plants undecodable values with raw SQL.
    struct MariaDbPlanter(sqlx::MySqlPool);

    impl Planter for MariaDbPlanter {
        fn spoil_post(
            &self,
            id: PostId,
            spoil: Spoil,
        ) -> Pin<Box<dyn Future<Output = bool> + Send + '_>> {
            Box::pin(async move {
                let sql = match spoil {
                    // DATETIME stops at 9999; a zero date is what it holds that
                    // no calendar has (allowed once strict modes are off). sqlx
                    // reads it as NULL where NULL is allowed, so a NOT NULL column.
                    Spoil::Time => {
                        "UPDATE posts SET created_at = '0000-00-00 00:00:00' WHERE id = ?"
                    }
                    Spoil::UnknownState => "UPDATE posts SET state = 'exploded' WHERE id = ?",
                    // The counters are INT UNSIGNED: no negative value to plant.
                    Spoil::Number => return false,
                    Spoil::Json => "UPDATE posts SET content = '{not json' WHERE id = ?",
                };
                let mut conn = self.0.acquire().await.expect("connection");
                sqlx::query("SET SESSION sql_mode = ''")
                    .execute(&mut *conn)
                    .await
                    .expect("sql_mode");
                let r = sqlx::query(sql)
                    .bind(id.0)
                    .execute(&mut *conn)
                    .await
                    .expect("plant");
                // Give the connection back as the store configures it.
                conn.close().await.expect("close");
                r.rows_affected() == 1
            })
        }
    }

    async fn setup() -> Fixture {
        let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let store = scratch.store().await.unwrap_or_else(|e| panic!("{e}"));
        let pool = store.pool().clone();
        let planter = Arc::new(MariaDbPlanter(pool.clone()));
        let store = Arc::new(store);
        Fixture::with_teardown(store.clone(), async move {
            pool.close().await;
            scratch
                .drop_database()
                .await
                .unwrap_or_else(|e| panic!("dropping the scratch database: {e}"));
        })
        .with_planter(planter)
    }

    contract_tests!(setup);
}
