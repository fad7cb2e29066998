//! The server-rendered HTML interface, a room per page group. Every room
//! builds on [`shared`] (layout, errors, formats, the signed-in user, the
//! CSRF-checked forms); the route table is in [`routes`].

pub mod analytics;
pub mod api_docs;
pub mod approvals;
pub mod auth;
pub mod automation;
pub mod calendar;
pub mod client_review;
pub mod composer;
pub mod home;
pub mod import;
pub mod inbox;
pub mod live;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod outgoing_webhooks;
pub mod posts;
// Moved to the shared http layer; kept here for the pages that read it.
pub use crate::http::posts_text;
pub mod ice_breakers;
pub mod privacy;
pub mod queue;
pub mod request;
pub mod routes;
pub mod saved_replies;
pub mod settings;
pub mod shared;
pub mod team;
pub mod workspaces;

// Paths the rest of the server names.
pub use routes::routes;
pub use shared::{assets, methods, page_context};
