//! Conversions between stored columns and domain values.

use socialflow_core::StoreError;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// DATETIME columns hold UTC wall time. An instant whose UTC date leaves
/// the years 1..9999 (core refuses such times; this is the last line of
/// defence) saturates instead of panicking: as a filter bound it still
/// means "everything before/after".
pub(crate) fn dt(t: OffsetDateTime) -> PrimitiveDateTime {
    match t.checked_to_offset(UtcOffset::UTC) {
        Some(utc) => PrimitiveDateTime::new(utc.date(), utc.time()),
        None if t.year() > 0 => MAX_DATETIME,
        None => MIN_DATETIME,
    }
}

/// The range of MariaDB's DATETIME(6).
const MAX_DATETIME: PrimitiveDateTime = time::macros::datetime!(9999-12-31 23:59:59);
const MIN_DATETIME: PrimitiveDateTime = time::macros::datetime!(1000-01-01 0:00);

pub(crate) fn from_dt(p: PrimitiveDateTime) -> OffsetDateTime {
    p.assume_utc()
}

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(format!("unexpected {what} in database: {value:?}"))
}
