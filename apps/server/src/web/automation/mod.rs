//! Automation: an account's rules (`/automation`), the rule builder that
//! reads as a sentence and "Test this rule" on the same page.

pub mod form;
pub mod ops;
pub mod page;
pub mod summary;
