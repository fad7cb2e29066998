//! The Instagram Graph API client (Instagram API with Instagram Login):
//! speaks the wire format of graph.instagram.com, api.instagram.com and
//! rupload (versioned paths, `fields=` selection, `data`/`paging`
//! envelopes, form and JSON bodies, streamed uploads), classifies
//! Instagram's errors into the domain's
//! [`InstagramError`](socialflow_core::instagram::InstagramError), and keeps
//! the latest rate-limit usage per account.
//!
//! Build a [`GraphClient`] from a [`GraphConfig`] and use it through the
//! [`InstagramApi`](socialflow_core::instagram::InstagramApi) port. Tokens
//! travel in `secrecy` types and never appear in errors or logs.
//!
//! Modules: `config` (settings), `client` (HTTP plumbing), `wire` (serde
//! structs of the wire format), `convert` (wire → domain), `classify`
//! (errors), `usage` (rate-limit headers), `time_format`, and one module per
//! area of the API (`oauth`, `media`, `comments`, `messaging`, `insights`,
//! `publishing`, `upload`); `port` implements the trait by delegation.

mod client;
mod comments;
mod config;
mod ice_breakers;
mod insights;
mod media;
mod messaging;
mod oauth;
mod port;
mod publishing;
mod upload;
mod wire;

pub mod classify;
pub mod convert;
pub mod time_format;
pub mod usage;

pub use classify::{Host, classify};
pub use client::GraphClient;
pub use config::{
    DEFAULT_API_VERSION, DEFAULT_GRAPH_BASE_URL, DEFAULT_OAUTH_BASE_URL, DEFAULT_UPLOAD_BASE_URL,
    GraphConfig,
};
pub use time_format::parse_timestamp;
pub use usage::parse_usage;
