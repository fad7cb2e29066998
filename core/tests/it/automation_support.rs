//! Shared builders for the automation tests: an event, a context, a rule.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::TimeZone;
use socialflow_core::automation::{
    AutomationLimits, CompiledRule, Context, Event, EventKind, PriorMatch, RuleId, RuleSpec, Usage,
    compile,
};
use time::OffsetDateTime;
use time::macros::datetime;

/// Monday 2026-12-07 10:00 UTC (16:00 in Almaty).
pub const NOW: OffsetDateTime = datetime!(2026-12-07 10:00 UTC);

pub fn fixture_json() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/automation/price-rule.json"
    );
    std::fs::read_to_string(path).expect("the fixture is in the repository")
}

pub fn fixture_spec() -> RuleSpec {
    serde_json::from_str(&fixture_json()).expect("the fixture parses")
}

pub fn rule(spec: RuleSpec, position: u32) -> CompiledRule {
    CompiledRule {
        id: RuleId::new(),
        position,
        bound_media_id: None,
        compiled: compile(&spec).expect("a valid rule"),
    }
}

pub fn spec(json: serde_json::Value) -> RuleSpec {
    serde_json::from_value(json).expect("a rule body")
}

pub fn comment(text: &str) -> Event {
    Event {
        kind: EventKind::Comment {
            media_id: "1790".into(),
            comment_id: "c1".into(),
        },
        author_id: "igsid-1".into(),
        author_username: Some("aigerim".into()),
        text: text.into(),
        at: NOW,
        from_account: false,
        human_replied: false,
    }
}

pub fn message(kind: EventKind, text: &str) -> Event {
    Event {
        kind,
        ..comment(text)
    }
}

pub fn ctx<'a>(zone: &'a TimeZone, prior: &'a [PriorMatch]) -> Context<'a> {
    Context {
        now: NOW,
        zone,
        paused: false,
        limits: AutomationLimits::default(),
        usage: Usage::default(),
        prior,
        seed: 7,
    }
}
