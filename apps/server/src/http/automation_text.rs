//! Automation rules in words, for the API and the pages alike: problems
//! (with the form field each is about) and what "Test a rule" found.

use socialflow_core::automation::{
    ActionKind, Decision, DropReason, Evaluation, EventKind, HoldReason, RuleProblem, RuleVerdict,
    Skip,
};

use crate::i18n::Tr;

/// The problem in the reader's language.
pub fn problem(tr: &Tr, p: &RuleProblem) -> String {
    let key = p.translation_key();
    let max = match p {
        RuleProblem::NameTooLong { max }
        | RuleProblem::TooManyKeywords { max, .. }
        | RuleProblem::KeywordTooLong { max, .. }
        | RuleProblem::PatternTooLong { max }
        | RuleProblem::TooManyVariants { max, .. }
        | RuleProblem::VariantTooLong { max, .. }
        | RuleProblem::DelayTooLong { max } => Some(*max),
        _ => None,
    };
    match max {
        Some(max) => tr.t1(&key, "max", max),
        None => tr.t(&key),
    }
}

/// `{code, …its fields, message}` for the API.
pub fn problem_json(tr: &Tr, p: &RuleProblem) -> serde_json::Value {
    let mut v = serde_json::to_value(p).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("message".into(), serde_json::Value::String(problem(tr, p)));
    }
    v
}

/// The builder's form field a problem is shown next to.
pub fn problem_field(p: &RuleProblem) -> &'static str {
    match p {
        RuleProblem::NameRequired | RuleProblem::NameTooLong { .. } => "name",
        RuleProblem::ControlCharacters { field } => field,
        RuleProblem::MediaIdInvalid => "media_id",
        RuleProblem::PayloadInvalid => "payload",
        RuleProblem::KeywordsRequired => "include",
        RuleProblem::TooManyKeywords { field, .. }
        | RuleProblem::KeywordTooLong { field, .. }
        | RuleProblem::KeywordEmpty { field } => field,
        RuleProblem::UnusedForMode => "mode",
        RuleProblem::PatternRequired
        | RuleProblem::PatternTooLong { .. }
        | RuleProblem::PatternInvalid
        | RuleProblem::PatternTooBig => "pattern",
        RuleProblem::DaysRequired => "days",
        RuleProblem::TimeInvalid { field } => field,
        RuleProblem::EmptyWindow => "to",
        RuleProblem::ActionsRequired
        | RuleProblem::DuplicateAction { .. }
        | RuleProblem::ActionNotForTrigger { .. } => "actions",
        RuleProblem::VariantsRequired { action }
        | RuleProblem::TooManyVariants { action, .. }
        | RuleProblem::VariantEmpty { action }
        | RuleProblem::VariantTooLong { action, .. }
        | RuleProblem::UnknownPlaceholder { action } => action.as_str(),
        RuleProblem::DelayTooLong { .. } | RuleProblem::DelayRangeReversed => "delay",
    }
}

/// The event's kind as a code.
pub fn event_kind(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Comment { .. } => "comment",
        EventKind::DirectMessage => "direct_message",
        EventKind::StoryReply => "story_reply",
        EventKind::StoryMention => "story_mention",
        EventKind::IceBreaker { .. } => "ice_breaker",
    }
}

fn verdict_code(v: RuleVerdict) -> &'static str {
    match v {
        RuleVerdict::Disabled => "disabled",
        RuleVerdict::OtherTrigger => "other_trigger",
        RuleVerdict::OtherPost => "other_post",
        RuleVerdict::NotBound => "not_bound",
        RuleVerdict::TextNotMatched => "text_not_matched",
        RuleVerdict::OutsideActiveHours => "outside_active_hours",
        RuleVerdict::AlreadyAnswered => "already_answered",
        RuleVerdict::HumanReplied => "human_replied",
        RuleVerdict::Chosen => "would_answer",
    }
}

/// What a dry run decided for one event, as a code: `would_answer`,
/// `held_for_approval`, or why not (`text_not_matched`, `own_message`, …).
pub fn outcome(e: &Evaluation) -> &'static str {
    match &e.decision {
        Decision::Act(plan) => match plan.hold {
            Some(HoldReason::Approval) => "held_for_approval",
            Some(HoldReason::HourlyCap) | Some(HoldReason::DailyCap) => "held_by_cap",
            None => "would_answer",
        },
        Decision::Skip(Skip::OwnMessage) => "own_message",
        Decision::Skip(Skip::Paused) => "paused",
        Decision::Skip(Skip::NothingLeft { .. }) => "nothing_left",
        Decision::Skip(Skip::NoRuleMatched) => e
            .trace
            .last()
            .map_or("text_not_matched", |(_, v)| verdict_code(*v)),
    }
}

/// The outcome in words.
pub fn outcome_text(tr: &Tr, code: &str) -> String {
    tr.t(&format!(
        "automation-test-outcome-{}",
        code.replace('_', "-")
    ))
}

pub fn drop_code(r: DropReason) -> &'static str {
    match r {
        DropReason::CommentTooOld => "comment_too_old",
        DropReason::WindowClosed => "window_closed",
        DropReason::UsernameUnknown => "username_unknown",
    }
}

pub fn drop_text(tr: &Tr, r: DropReason) -> String {
    tr.t(&format!(
        "automation-test-dropped-{}",
        drop_code(r).replace('_', "-")
    ))
}

/// An action's name ("reply publicly", …).
pub fn action_name(tr: &Tr, kind: ActionKind) -> String {
    tr.t(&format!(
        "automation-action-{}",
        kind.as_str().replace('_', "-")
    ))
}
