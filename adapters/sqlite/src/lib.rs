//! Storage on SQLite, the embedded default: one file under the data
//! directory, WAL mode, foreign keys on. Times are stored as UTC microseconds
//! (INTEGER) so range queries compare numbers, not strings.

mod accounts;
mod analytics;
mod dump;
mod error;
mod inbox;
mod media;
mod onboarding;
mod posts;
mod privacy;
mod rows;
mod store;

pub use store::SqliteStore;
