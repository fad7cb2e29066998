//! Signing in and out, the first-run setup, and what happens at the first
//! sign-in.

pub mod first_run;
pub mod page;

pub use page::wait_out;
