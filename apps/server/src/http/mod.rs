//! What the REST API (`api/`) and the HTML pages (`web/`) share about HTTP:
//! the client behind a request, texts of post and media problems, the data
//! export archive and the wrong-password delay. Both sides import from
//! here and never from each other.

pub mod automation_ops_text;
pub mod automation_text;
pub mod client;
pub mod export;
pub mod ice_breakers_text;
pub mod idempotency;
pub mod import_form;
pub mod import_text;
pub mod media_text;
pub mod moderation_text;
pub mod notifications_text;
pub mod outgoing_webhooks_text;
pub mod posts_text;
pub mod queue_text;
pub mod saved_replies_text;
pub mod snippets_text;
pub mod throttle;
