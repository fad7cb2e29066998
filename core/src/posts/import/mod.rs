//! Bulk import and export of the schedule as CSV: a table of posts
//! (account, kind, time, caption, first comment, media) checked row by row
//! with the composer's rules and saved all at once or not at all; the
//! export writes the same columns, so an export imports again.

mod export;
mod fields;
mod importer;
mod preview;
mod table;

pub use export::{ExportRow, write_csv};
pub use fields::{format_local, media_names, parse_kind, parse_time};
pub use importer::{PostImporter, UploadedFile};
pub use preview::{ImportError, ImportPreview, RowProblem, RowReport};
pub use table::{Column, ImportLimits, TableError, TableRow, parse_table};
