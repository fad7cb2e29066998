//! The Instagram Graph API client: speaks graph.instagram.com's wire format
//! (versioned paths, field selection, `data`/`paging` envelopes, form and
//! JSON bodies), classifies Instagram's error objects into the domain's
//! [`InstagramError`](socialflow_core::instagram::InstagramError) and keeps
//! the latest rate-limit usage per account. Tokens travel in `secrecy`
//! types and never appear in errors or logs.

mod api;
mod classify;
mod client;
mod config;
mod convert;
mod time_format;
mod usage;

pub use classify::classify;
pub use client::GraphClient;
pub use config::GraphConfig;
pub use convert::{comment, insights, media_item, message, profile};
pub use time_format::parse_timestamp;
pub use usage::parse_usage;
