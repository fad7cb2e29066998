//! Fresh inbox data: a full sync when an account is connected and when the
//! worker starts, and the events that tell an open inbox page what arrived.
//! The rules live here (when a sync is due, who sees which event); the
//! server wires them to its event stream and the worker to its schedule.

mod rules;
mod service;

pub use rules::{FreshnessPolicy, due_at_start, visible_to};
pub use service::{LiveError, LiveService, TrackedSync};
