//! Outgoing webhook problems in words, for the API and the page alike.

use socialflow_core::outgoing_webhooks::EndpointProblem;
use socialflow_core::webhook_events::EventKind;

use crate::i18n::Tr;

pub fn problem_code(p: &EndpointProblem) -> &'static str {
    match p {
        EndpointProblem::UrlMissing => "url_missing",
        EndpointProblem::UrlTooLong { .. } => "url_too_long",
        EndpointProblem::UrlInvalid => "url_invalid",
        EndpointProblem::UrlNotHttps => "url_not_https",
        EndpointProblem::UrlHasCredentials => "url_has_credentials",
        EndpointProblem::NoEvents => "no_events",
        EndpointProblem::UnknownEvent(_) => "unknown_event",
        EndpointProblem::DescriptionTooLong { .. } => "description_too_long",
    }
}

/// Which form field a problem is about.
pub fn problem_field(p: &EndpointProblem) -> &'static str {
    match p {
        EndpointProblem::NoEvents | EndpointProblem::UnknownEvent(_) => "events",
        EndpointProblem::DescriptionTooLong { .. } => "description",
        _ => "url",
    }
}

pub fn problem(tr: &Tr, p: &EndpointProblem) -> String {
    let key = format!("webhooks-problem-{}", problem_code(p));
    match p {
        EndpointProblem::UrlTooLong { max } | EndpointProblem::DescriptionTooLong { max } => {
            tr.t1(&key, "max", *max)
        }
        EndpointProblem::UnknownEvent(name) => tr.t1(&key, "name", name.clone()),
        _ => tr.t(&key),
    }
}

/// The problem as JSON for the API: `code`, `field`, its numbers, `message`.
pub fn problem_json(tr: &Tr, p: &EndpointProblem) -> serde_json::Value {
    let mut v = serde_json::json!({
        "code": problem_code(p),
        "field": problem_field(p),
        "message": problem(tr, p),
    });
    match p {
        EndpointProblem::UrlTooLong { max } | EndpointProblem::DescriptionTooLong { max } => {
            v["max"] = serde_json::json!(max);
        }
        EndpointProblem::UnknownEvent(name) => v["name"] = serde_json::json!(name),
        _ => {}
    }
    v
}

/// An event type's label ("Post published").
pub fn event_label(tr: &Tr, kind: EventKind) -> String {
    tr.t(&format!(
        "webhooks-event-{}",
        kind.as_str().replace('.', "-")
    ))
}
