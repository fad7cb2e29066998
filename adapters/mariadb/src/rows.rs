//! Conversions between stored columns and domain values.

use socialflow_core::StoreError;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// DATETIME columns hold UTC wall time.
pub(crate) fn dt(t: OffsetDateTime) -> PrimitiveDateTime {
    let utc = t.to_offset(UtcOffset::UTC);
    PrimitiveDateTime::new(utc.date(), utc.time())
}

pub(crate) fn from_dt(p: PrimitiveDateTime) -> OffsetDateTime {
    p.assume_utc()
}

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(format!("unexpected {what} in database: {value:?}"))
}
