//! Running a write transaction again when MariaDB chose it as a deadlock's
//! victim.
//!
//! InnoDB breaks a deadlock by rolling one of the transactions back, whole,
//! and telling its client (error 1213, SQLSTATE 40001). Nothing of it is
//! left, so running it again from its `BEGIN` is safe, and it usually goes
//! through at once: the winner holds its locks only until it commits. The
//! worker's hot writes (claims, recorded steps, lease renewals, units of
//! work) go through [`retry`], so a lost deadlock costs a few milliseconds
//! instead of a lease running out. SQLite has one writer and no deadlocks:
//! there the body simply runs once.

use std::future::Future;
use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use socialflow_core::storage::{StoreError, StoreResult};

use crate::error::is_deadlock;

/// Runs of one transaction at most, the first included.
pub(crate) const ATTEMPTS: u32 = 5;
/// The wait before the second run; it doubles for each further run, plus
/// up to as much again at random (two victims of one deadlock should not
/// meet again at once): 2–4, 4–8, 8–16, 16–32 ms, 60 ms at worst in all.
const FIRST_WAIT: Duration = Duration::from_millis(2);

/// Transactions run again after a deadlock, since the process started.
static RETRIES: AtomicU64 = AtomicU64::new(0);

/// How many times this process ran a transaction again because MariaDB
/// rolled it back as a deadlock's victim (see the crate documentation).
pub fn deadlock_retries() -> u64 {
    RETRIES.load(Ordering::Relaxed)
}

/// Runs `body`, one whole transaction from its `BEGIN` (or one statement
/// of its own) to its commit, and runs it again from the start while it
/// ends as a deadlock's victim, up to [`ATTEMPTS`] runs. Any other error,
/// or a deadlock on the last run, is returned as it is: a last deadlock is
/// [`StoreError::Unavailable`] naming the deadlock (the caller may try
/// again later; nothing was written).
///
/// `body` must not commit part of its work and then fail, nor act outside
/// the database: each run starts from nothing. A transaction it opened and
/// did not commit rolls back when dropped.
pub(crate) async fn retry<T, F, Fut>(mut body: F) -> StoreResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = StoreResult<T>>,
{
    let mut run = 1;
    loop {
        match body().await {
            Err(e) if is_deadlock(&e) => {
                if run >= ATTEMPTS {
                    tracing::warn!(error = %e, runs = run, "a transaction lost a deadlock every time; giving up");
                    let m = match e {
                        StoreError::Unavailable(m) => m,
                        other => other.to_string(),
                    };
                    return Err(StoreError::Unavailable(format!(
                        "{m} (deadlocked on all {ATTEMPTS} runs)"
                    )));
                }
                RETRIES.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(error = %e, run, "a transaction lost a deadlock; running it again");
                tokio::time::sleep(wait(run)).await;
                run += 1;
            }
            other => return other,
        }
    }
}

/// The wait after run `run` (1-based) lost a deadlock.
fn wait(run: u32) -> Duration {
    let base = FIRST_WAIT * 2u32.pow(run.saturating_sub(1).min(10));
    // A fresh `RandomState` is randomly keyed: enough for a jitter.
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let base_us = u64::try_from(base.as_micros()).unwrap_or(u64::MAX);
    base + Duration::from_micros(random % base_us.max(1))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::error::deadlock_error_for_tests;

    #[test]
    fn waits_grow_and_stay_short() {
        for run in 1..ATTEMPTS {
            let base = FIRST_WAIT * 2u32.pow(run - 1);
            let w = wait(run);
            assert!(w >= base && w < base * 2, "run {run}: {w:?}");
        }
        let total: Duration = (1..ATTEMPTS).map(|r| FIRST_WAIT * 2u32.pow(r)).sum();
        assert!(total <= Duration::from_millis(60), "{total:?}");
    }

    #[tokio::test]
    async fn a_deadlock_runs_the_body_again_until_it_goes_through() {
        let runs = AtomicU32::new(0);
        let r = retry(|| async {
            if runs.fetch_add(1, Ordering::SeqCst) < 2 {
                Err(deadlock_error_for_tests())
            } else {
                Ok(7)
            }
        })
        .await;
        assert_eq!(r.ok(), Some(7));
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_deadlock_every_time_gives_up_after_the_last_run_as_unavailable() {
        let runs = AtomicU32::new(0);
        let r: StoreResult<()> = retry(|| async {
            runs.fetch_add(1, Ordering::SeqCst);
            Err(deadlock_error_for_tests())
        })
        .await;
        assert_eq!(runs.load(Ordering::SeqCst), ATTEMPTS);
        match r {
            Err(StoreError::Unavailable(m)) => {
                assert!(m.contains("deadlock") && m.contains("all 5 runs"), "{m}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn other_errors_are_not_run_again() {
        for e in [
            StoreError::Conflict,
            StoreError::Unavailable("pool timed out".into()),
            StoreError::Other("syntax".into()),
        ] {
            let runs = AtomicU32::new(0);
            let mut e = Some(e);
            let r: StoreResult<()> = retry(|| {
                runs.fetch_add(1, Ordering::SeqCst);
                let e = e.take();
                async move { Err(e.unwrap_or(StoreError::Conflict)) }
            })
            .await;
            assert!(r.is_err());
            assert_eq!(runs.load(Ordering::SeqCst), 1);
        }
    }

    /// A scratch database on the MariaDB test server with a table of two
    /// rows, `(1, 0)` and `(2, 0)`.
    async fn two_rows() -> (crate::ScratchDatabase, crate::MariaDbStore) {
        let scratch = crate::ScratchDatabase::create(&crate::ScratchDatabase::server_url())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let store = crate::MariaDbStore::connect(&scratch.url)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for sql in [
            "CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL) ENGINE = InnoDB",
            "INSERT INTO pair (id, n) VALUES (1, 0), (2, 0)",
        ] {
            sqlx::query(sql).execute(store.pool()).await.expect(sql);
        }
        (scratch, store)
    }

    /// Two transactions each lock one row, then the other's: a real
    /// deadlock on MariaDB, whose victim is run again and commits too.
    #[tokio::test]
    async fn both_sides_of_a_real_mariadb_deadlock_commit() {
        let (scratch, store) = two_rows().await;
        let pool = store.pool();
        let both_hold_one = tokio::sync::Barrier::new(2);
        let retries_before = deadlock_retries();
        let bump_both = |first: i32, second: i32, runs: &'static AtomicU32| {
            let both_hold_one = &both_hold_one;
            retry(move || async move {
                let run = runs.fetch_add(1, Ordering::SeqCst) + 1;
                let mut tx = pool.begin().await.map_err(crate::error::map)?;
                for (i, id) in [first, second].into_iter().enumerate() {
                    // The first run of each waits until both hold their
                    // first row, so each then waits for the other's.
                    if i == 1 && run == 1 {
                        both_hold_one.wait().await;
                    }
                    sqlx::query("UPDATE pair SET n = n + 1 WHERE id = ?")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(crate::error::map)?;
                }
                tx.commit().await.map_err(crate::error::map)
            })
        };
        static RUNS_A: AtomicU32 = AtomicU32::new(0);
        static RUNS_B: AtomicU32 = AtomicU32::new(0);
        let (a, b) = tokio::join!(bump_both(1, 2, &RUNS_A), bump_both(2, 1, &RUNS_B));
        a.expect("the first transaction");
        b.expect("the second transaction");
        let rows: Vec<(i32, i32)> = sqlx::query_as("SELECT id, n FROM pair ORDER BY id")
            .fetch_all(pool)
            .await
            .expect("read back");
        assert_eq!(
            rows,
            vec![(1, 2), (2, 2)],
            "each ran exactly once in effect"
        );
        // One of them lost the deadlock and ran a second time.
        let runs = (RUNS_A.load(Ordering::SeqCst), RUNS_B.load(Ordering::SeqCst));
        assert!(runs == (1, 2) || runs == (2, 1), "{runs:?}");
        assert!(deadlock_retries() > retries_before);
        pool.close().await;
        scratch.drop_database().await.expect("drop");
    }

    /// A unique violation on MariaDB is a conflict, not run again.
    #[tokio::test]
    async fn a_duplicate_key_on_mariadb_runs_once_and_is_a_conflict() {
        let (scratch, store) = two_rows().await;
        let pool = store.pool();
        let runs = AtomicU32::new(0);
        let r = retry(|| async {
            runs.fetch_add(1, Ordering::SeqCst);
            sqlx::query("INSERT INTO pair (id, n) VALUES (1, 5)")
                .execute(pool)
                .await
                .map_err(crate::error::map)
        })
        .await;
        assert!(matches!(r, Err(StoreError::Conflict)), "{r:?}");
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        pool.close().await;
        scratch.drop_database().await.expect("drop");
    }
}
