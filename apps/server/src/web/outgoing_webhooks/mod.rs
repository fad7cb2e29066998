//! `/settings/webhooks`: outgoing webhook endpoints (list, add with the
//! secret shown once, edit, enable/disable, delete, send a test event) and
//! each endpoint's delivery log with "Redeliver". Works without script.

pub mod log;
pub mod page;
