//! Settings: the user's preferences, password and API tokens, the
//! connected Instagram accounts, and the admin's audit log.

pub mod accounts;
pub mod admin_audit;
pub mod page;
pub mod security;
