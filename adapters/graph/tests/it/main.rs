//! The Graph client's integration tests in one binary: against the fake
//! Instagram over HTTP, and on recorded payloads. `no_token_in_logs` stays a
//! binary of its own: it installs the process-wide tracing subscriber.

mod against_fake;
mod fixtures;
