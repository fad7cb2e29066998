//! SocialFlow's web server and the `socialflow` command: thin wiring of the
//! core use cases to HTTP, configuration and the command line.

pub mod access;
pub mod access_log_drops;
pub mod api;
pub mod app;
pub mod backup;
pub mod cli;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod export_zip;
pub mod http;
pub mod i18n;
pub mod inbox_settings;
pub mod logging;
pub mod mcp;
pub mod media_serving;
pub mod media_upload;
pub mod metered;
pub mod metrics;
pub mod middleware;
pub mod ops;
pub mod privacy_services;
pub mod privacy_settings;
pub mod serve;
pub mod services;
pub mod state;
pub mod unconfigured;
pub mod web;
pub mod webhooks;
pub mod wiring;
pub mod worker;

pub use app::app;
pub use services::{Deps, Services};
pub use state::{AppState, WebSettings};
pub mod automation_host;
pub mod first_sync;
pub mod live_hub;
pub mod place_names;
pub mod webhook_host;
