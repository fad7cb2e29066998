//! From sqlx's errors and unreadable values to the port's error.

use socialflow_core::storage::StoreError;

/// Maps sqlx errors into the port's error: constraint refusals are
/// conflicts, connection trouble is unavailability.
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
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}

/// A stored value the domain does not know.
pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(format!("unexpected {what} in database: {value:?}"))
}
