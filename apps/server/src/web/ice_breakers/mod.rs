//! The ice-breaker page of an account.

pub mod page;
