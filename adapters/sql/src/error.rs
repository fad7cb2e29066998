//! From sqlx's errors and unreadable values to the port's error.

use socialflow_core::storage::StoreError;

/// How the message of a deadlock victim's error starts; [`is_deadlock`]
/// knows the error by it.
const DEADLOCK: &str = "deadlock: the transaction was rolled back:";

/// Maps sqlx errors into the port's error: constraint refusals are
/// conflicts, connection trouble is unavailability, and so is a transaction
/// MariaDB rolled back to break a deadlock (`crate::deadlock::retry` runs
/// such a transaction again).
pub(crate) fn map(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db)
            if matches!(
                db.kind(),
                sqlx::error::ErrorKind::UniqueViolation
                    | sqlx::error::ErrorKind::ForeignKeyViolation
            ) =>
        {
            StoreError::Conflict
        }
        sqlx::Error::Database(db) if rolled_back_whole(db.as_ref()) => {
            StoreError::Unavailable(format!("{DEADLOCK} {e}"))
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}

/// Whether `e` (from [`map`]) says the database rolled the whole
/// transaction back to break a deadlock, so it can be run again from the
/// start.
pub(crate) fn is_deadlock(e: &StoreError) -> bool {
    matches!(e, StoreError::Unavailable(m) if m.starts_with(DEADLOCK))
}

fn rolled_back_whole(db: &dyn sqlx::error::DatabaseError) -> bool {
    let number = db
        .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
        .map(|e| e.number());
    restarts_transaction(number, db.code().as_deref())
}

/// MariaDB's answers that mean "this transaction was rolled back whole; run
/// it again": 1213 `ER_LOCK_DEADLOCK` (SQLSTATE 40001, chosen as a
/// deadlock's victim) and 1020 `ER_CHECKREAD` (with
/// `innodb_snapshot_isolation`, the default from MariaDB 11.8: a row this
/// transaction would lock changed after its snapshot; rolled back like a
/// deadlock since MDEV-35235). Not 1205 (lock wait timeout): that rolls
/// back only the statement, after a wait of `innodb_lock_wait_timeout`
/// that running again would repeat. SQLite's numbers never match.
fn restarts_transaction(number: Option<u16>, sqlstate: Option<&str>) -> bool {
    matches!(number, Some(1213 | 1020)) || sqlstate == Some("40001")
}

/// A stored value the domain does not know.
pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(format!("unexpected {what} in database: {value:?}"))
}

/// What [`map`] makes of MariaDB's error 1213.
#[cfg(test)]
pub(crate) fn deadlock_error_for_tests() -> StoreError {
    StoreError::Unavailable(format!(
        "{DEADLOCK} error returned from database: 1213 (40001): Deadlock found when trying to get lock; try restarting transaction"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadlock_victim_restarts_and_nothing_else_does() {
        // Deadlock victim; a changed row under snapshot isolation.
        assert!(restarts_transaction(Some(1213), Some("40001")));
        assert!(restarts_transaction(Some(1020), Some("HY000")));
        assert!(restarts_transaction(None, Some("40001")));
        // Duplicate key, foreign key, lock wait timeout, syntax.
        assert!(!restarts_transaction(Some(1062), Some("23000")));
        assert!(!restarts_transaction(Some(1452), Some("23000")));
        assert!(!restarts_transaction(Some(1205), Some("HY000")));
        assert!(!restarts_transaction(Some(1064), Some("42000")));
        // SQLite: SQLITE_BUSY, SQLITE_CONSTRAINT_UNIQUE.
        assert!(!restarts_transaction(None, Some("5")));
        assert!(!restarts_transaction(None, Some("2067")));
    }

    #[test]
    fn only_a_mapped_deadlock_counts_as_one() {
        assert!(is_deadlock(&deadlock_error_for_tests()));
        assert!(!is_deadlock(&StoreError::Conflict));
        assert!(!is_deadlock(&map(sqlx::Error::PoolTimedOut)));
        assert!(!is_deadlock(&StoreError::Other(format!("{DEADLOCK} x"))));
        assert!(!is_deadlock(&StoreError::Unavailable("deadlock".into())));
    }
}
