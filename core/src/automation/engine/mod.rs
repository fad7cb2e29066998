//! The durable automation engine (issue 19): jobs, their log and counters,
//! per-account pause and caps, and the use case that turns events into
//! jobs and runs them exactly once (docs/automation.md, "Engine").

mod export;
mod host;
mod job;
mod ports;
mod service;
mod sync;
mod webhook;

pub use export::AutomationLogExporter;
#[cfg(any(test, feature = "mocks"))]
pub use host::MockEngineHost;
pub use host::{EngineAccount, EngineHost, HostError};
pub use job::{
    ActionStatus, AutomationSettings, Decided, Enqueued, Job, JobAction, JobId, JobState,
    PauseReason, RuleCounters, StoredAction, hold_as_str, parse_hold,
};
pub use ports::AutomationJobRepo;
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockAutomationJobRepo;
pub use service::{
    AutomationEngine, DEFAULT_JOB_LEASE_SECS, EngineError, EnginePolicy, EventOutcome,
    JOB_LEASE_SECS_RANGE, MAX_LIST, QueuedHook, RunReport, seed_of,
};
pub use webhook::{IncomingEvent, incoming};
