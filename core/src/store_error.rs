//! The one error every storage port returns. It sits at the bottom of the
//! crate's dependency order: it needs nothing from the domain, so any port
//! can name it without importing the modules that use the ports.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (e.g. a taken username).
    #[error("conflict with existing data")]
    Conflict,
    /// The database could not be reached or timed out, or it kept rolling a
    /// transaction back to break deadlocks (the SQL adapter runs such a
    /// transaction again a few times first). Nothing was written; trying
    /// again later is safe.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Other(String),
    /// A stored row cannot be read back as a domain value (a time out of
    /// range, an unknown state, a malformed number or JSON). Single reads
    /// return it; lists skip the row and log it, so one bad row never hides
    /// the others.
    #[error("row {id} of {table} cannot be read: {what}")]
    Corrupt {
        table: &'static str,
        id: String,
        what: String,
    },
}

impl StoreError {
    /// `e`, raised while decoding row `id` of `table`, as [`StoreError::Corrupt`].
    pub fn corrupt_row(table: &'static str, id: impl std::fmt::Display, e: StoreError) -> Self {
        match e {
            StoreError::Corrupt { .. } => e,
            other => StoreError::Corrupt {
                table,
                id: id.to_string(),
                what: match other {
                    StoreError::Other(s) | StoreError::Unavailable(s) => s,
                    StoreError::Conflict => "conflict".into(),
                    StoreError::Corrupt { what, .. } => what,
                },
            },
        }
    }

    pub fn is_corrupt(&self) -> bool {
        matches!(self, StoreError::Corrupt { .. })
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
