//! The bulk import page (`/content/import`): upload a CSV (and the files it
//! names), see every row checked, confirm to import them all; and the
//! schedule's CSV export (`/content/export.csv`).

pub mod actions;
mod page;
