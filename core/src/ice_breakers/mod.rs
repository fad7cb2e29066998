//! Ice breakers (issue 19): up to four questions per locale (default,
//! Russian, Kazakh) a person can tap to start a conversation, each with the
//! automatic answer. The answers are automation rules (trigger
//! `ice_breaker` with the question's payload, action `dm_reply`), so the
//! engine answers a tap like any rule; this module keeps those rules in
//! step with what the user edits and publishes the questions to Instagram
//! (docs/ice-breakers.md).

mod model;
mod service;
mod validate;

pub use model::{
    IceBreaker, IceBreakerSet, Locale, MANAGED_PAYLOAD_PREFIX, is_managed, parse_payload, payload,
};
pub use service::{IceBreakerError, IceBreakerService};
pub use validate::{
    IceBreakerProblem, MAX_ANSWER_BYTES, MAX_PER_LOCALE, MAX_QUESTION_CHARS, ProblemKind, validate,
};
