//! SocialFlow's web server and the `socialflow` command: thin wiring of the
//! core use cases to HTTP, configuration and the command line.

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod graph;
pub mod i18n;
pub mod logging;
pub mod media_pending;
pub mod metered;
pub mod metrics;
pub mod middleware;
pub mod ops;
pub mod serve;
pub mod state;
pub mod unconfigured;
pub mod web;
pub mod wiring;

pub use app::app;
pub use state::{AppState, Deps, WebSettings};
