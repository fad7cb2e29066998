//! Storage on MariaDB, the production database. Ids are BINARY(16) UUIDv7,
//! times DATETIME(6) in UTC (sqlx pins the session time zone to +00:00).

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
pub mod scratch;
mod store;

pub use scratch::ScratchDatabase;
pub use store::MariaDbStore;
