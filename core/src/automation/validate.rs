//! Checking a [`RuleSpec`] and compiling it into what evaluation runs.
//! Every count, length and range a user sends is capped here; all problems
//! are reported at once, each with a translation key
//! (`apps/server/locales/*/automation.ftl`).

use regex::Regex;
use serde::Serialize;
use time::Time;

use super::matcher::{Condition, Keyword, Matcher, PatternError, compile_pattern};
use super::rule::{
    ActionKind, ActionSpec, ActiveHoursSpec, MatchMode, PostScope, RuleSpec, Trigger, Weekday,
};
use crate::text::{MAX_USERNAME_CHARS, has_forbidden_control};

pub const MAX_RULES_PER_ACCOUNT: u32 = 50;
pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_KEYWORDS: usize = 50;
pub const MAX_KEYWORD_CHARS: usize = 100;
pub const MAX_PATTERN_CHARS: usize = 300;
pub const MAX_VARIANTS: usize = 10;
/// A public reply is a comment; Instagram documents no length, captions
/// stop at 2,200 characters, and a reply longer than this reads as spam.
pub const MAX_PUBLIC_REPLY_CHARS: usize = 1_000;
/// Instagram refuses a message text over 1,000 bytes of UTF-8.
pub const MAX_MESSAGE_BYTES: usize = 1_000;
/// The longest wait a rule may set before acting (one hour).
pub const MAX_DELAY_SECONDS: u32 = 3_600;
pub const MAX_MEDIA_ID_CHARS: usize = 40;
pub const MAX_PAYLOAD_CHARS: usize = 200;
/// The only placeholder a text may hold.
pub const USERNAME_PLACEHOLDER: &str = "{username}";

/// One reason a rule cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RuleProblem {
    NameRequired,
    NameTooLong {
        max: usize,
    },
    ControlCharacters {
        field: &'static str,
    },
    MediaIdInvalid,
    PayloadInvalid,
    KeywordsRequired,
    TooManyKeywords {
        field: &'static str,
        max: usize,
    },
    KeywordTooLong {
        field: &'static str,
        max: usize,
    },
    /// A keyword with no letter or digit (only emoji or punctuation).
    KeywordEmpty {
        field: &'static str,
    },
    /// Keywords given for `any` or `regex`, or a pattern for another mode.
    UnusedForMode,
    PatternRequired,
    PatternTooLong {
        max: usize,
    },
    PatternInvalid,
    PatternTooBig,
    DaysRequired,
    TimeInvalid {
        field: &'static str,
    },
    EmptyWindow,
    ActionsRequired,
    DuplicateAction {
        action: ActionKind,
    },
    /// A comment action on a message trigger or the other way round.
    ActionNotForTrigger {
        action: ActionKind,
    },
    VariantsRequired {
        action: ActionKind,
    },
    TooManyVariants {
        action: ActionKind,
        max: usize,
    },
    VariantEmpty {
        action: ActionKind,
    },
    VariantTooLong {
        action: ActionKind,
        max: usize,
    },
    UnknownPlaceholder {
        action: ActionKind,
    },
    DelayTooLong {
        max: usize,
    },
    DelayRangeReversed,
}

impl RuleProblem {
    /// The machine code (also the JSON `code`).
    pub fn code(&self) -> &'static str {
        match self {
            RuleProblem::NameRequired => "name_required",
            RuleProblem::NameTooLong { .. } => "name_too_long",
            RuleProblem::ControlCharacters { .. } => "control_characters",
            RuleProblem::MediaIdInvalid => "media_id_invalid",
            RuleProblem::PayloadInvalid => "payload_invalid",
            RuleProblem::KeywordsRequired => "keywords_required",
            RuleProblem::TooManyKeywords { .. } => "too_many_keywords",
            RuleProblem::KeywordTooLong { .. } => "keyword_too_long",
            RuleProblem::KeywordEmpty { .. } => "keyword_empty",
            RuleProblem::UnusedForMode => "unused_for_mode",
            RuleProblem::PatternRequired => "pattern_required",
            RuleProblem::PatternTooLong { .. } => "pattern_too_long",
            RuleProblem::PatternInvalid => "pattern_invalid",
            RuleProblem::PatternTooBig => "pattern_too_big",
            RuleProblem::DaysRequired => "days_required",
            RuleProblem::TimeInvalid { .. } => "time_invalid",
            RuleProblem::EmptyWindow => "empty_window",
            RuleProblem::ActionsRequired => "actions_required",
            RuleProblem::DuplicateAction { .. } => "duplicate_action",
            RuleProblem::ActionNotForTrigger { .. } => "action_not_for_trigger",
            RuleProblem::VariantsRequired { .. } => "variants_required",
            RuleProblem::TooManyVariants { .. } => "too_many_variants",
            RuleProblem::VariantEmpty { .. } => "variant_empty",
            RuleProblem::VariantTooLong { .. } => "variant_too_long",
            RuleProblem::UnknownPlaceholder { .. } => "unknown_placeholder",
            RuleProblem::DelayTooLong { .. } => "delay_too_long",
            RuleProblem::DelayRangeReversed => "delay_range_reversed",
        }
    }

    /// The Fluent message id that phrases the problem.
    pub fn translation_key(&self) -> String {
        format!("automation-problem-{}", self.code().replace('_', "-"))
    }
}

/// Active hours, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveHours {
    pub days: Vec<Weekday>,
    pub from: Time,
    pub to: Time,
}

/// A checked spec with its matcher compiled.
#[derive(Debug, Clone)]
pub struct CompiledSpec {
    pub spec: RuleSpec,
    pub matcher: Matcher,
    pub active_hours: Option<ActiveHours>,
}

/// Checks `spec` and compiles it, or returns every problem found.
pub fn compile(spec: &RuleSpec) -> Result<CompiledSpec, Vec<RuleProblem>> {
    let mut problems = Vec::new();
    let mut spec = spec.clone();
    spec.name = spec.name.trim().to_string();
    check_name(&spec.name, &mut problems);
    check_trigger(&spec.trigger, &mut problems);
    let matcher = check_match(&spec, &mut problems);
    let active_hours = spec
        .filters
        .active_hours
        .as_ref()
        .and_then(|h| check_hours(h, &mut problems));
    check_actions(&spec, &mut problems);
    check_delay(&spec, &mut problems);
    match matcher {
        Some(matcher) if problems.is_empty() => Ok(CompiledSpec {
            spec,
            matcher,
            active_hours,
        }),
        _ => Err(problems),
    }
}

fn check_name(name: &str, problems: &mut Vec<RuleProblem>) {
    let len = name.chars().count();
    if len == 0 {
        problems.push(RuleProblem::NameRequired);
    } else if len > MAX_NAME_CHARS {
        problems.push(RuleProblem::NameTooLong {
            max: MAX_NAME_CHARS,
        });
    }
    if has_forbidden_control(name) || name.contains(['\n', '\r', '\t']) {
        problems.push(RuleProblem::ControlCharacters { field: "name" });
    }
}

fn check_trigger(trigger: &Trigger, problems: &mut Vec<RuleProblem>) {
    match trigger {
        Trigger::Comment {
            post: PostScope::Media { media_id },
        } => {
            let ok = !media_id.is_empty()
                && media_id.len() <= MAX_MEDIA_ID_CHARS
                && media_id.bytes().all(|b| b.is_ascii_digit());
            if !ok {
                problems.push(RuleProblem::MediaIdInvalid);
            }
        }
        Trigger::IceBreaker {
            payload: Some(payload),
        } => {
            let len = payload.chars().count();
            if len == 0 || len > MAX_PAYLOAD_CHARS || has_forbidden_control(payload) {
                problems.push(RuleProblem::PayloadInvalid);
            }
        }
        _ => {}
    }
}

fn keywords(
    list: &[String],
    field: &'static str,
    problems: &mut Vec<RuleProblem>,
) -> Option<Vec<Keyword>> {
    if list.len() > MAX_KEYWORDS {
        problems.push(RuleProblem::TooManyKeywords {
            field,
            max: MAX_KEYWORDS,
        });
        return None;
    }
    let mut out = Vec::with_capacity(list.len());
    let mut ok = true;
    for raw in list {
        if raw.chars().count() > MAX_KEYWORD_CHARS {
            problems.push(RuleProblem::KeywordTooLong {
                field,
                max: MAX_KEYWORD_CHARS,
            });
            ok = false;
            continue;
        }
        match Keyword::parse(raw) {
            Some(k) => out.push(k),
            None => {
                problems.push(RuleProblem::KeywordEmpty { field });
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn check_match(spec: &RuleSpec, problems: &mut Vec<RuleProblem>) -> Option<Matcher> {
    let m = &spec.text;
    let include = keywords(&m.include, "include", problems);
    let exclude = keywords(&m.exclude, "exclude", problems);
    let uses_keywords = matches!(m.mode, MatchMode::Contains | MatchMode::Exact);
    if !uses_keywords && !m.include.is_empty() {
        problems.push(RuleProblem::UnusedForMode);
    }
    if m.mode != MatchMode::Regex && m.pattern.is_some() {
        problems.push(RuleProblem::UnusedForMode);
    }
    if uses_keywords && m.include.is_empty() {
        problems.push(RuleProblem::KeywordsRequired);
    }
    let condition = match m.mode {
        MatchMode::Any => Some(Condition::Any),
        MatchMode::Contains => include.map(Condition::Contains),
        MatchMode::Exact => include.map(Condition::Exact),
        MatchMode::Regex => check_pattern(m.pattern.as_deref(), problems).map(Condition::Pattern),
    }?;
    Some(Matcher {
        condition,
        exclude: exclude?,
    })
}

fn check_pattern(pattern: Option<&str>, problems: &mut Vec<RuleProblem>) -> Option<Regex> {
    let Some(pattern) = pattern.filter(|p| !p.trim().is_empty()) else {
        problems.push(RuleProblem::PatternRequired);
        return None;
    };
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        problems.push(RuleProblem::PatternTooLong {
            max: MAX_PATTERN_CHARS,
        });
        return None;
    }
    match compile_pattern(pattern) {
        Ok(re) => Some(re),
        Err(PatternError::TooBig) => {
            problems.push(RuleProblem::PatternTooBig);
            None
        }
        Err(PatternError::Invalid) => {
            problems.push(RuleProblem::PatternInvalid);
            None
        }
    }
}

/// `HH:MM` on a 24-hour clock.
fn parse_hhmm(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u8 = h.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    Time::from_hms(h, m, 0).ok()
}

fn check_hours(h: &ActiveHoursSpec, problems: &mut Vec<RuleProblem>) -> Option<ActiveHours> {
    let mut days = h.days.clone();
    days.sort();
    days.dedup();
    if days.is_empty() {
        problems.push(RuleProblem::DaysRequired);
    }
    let from = parse_hhmm(&h.from);
    let to = parse_hhmm(&h.to);
    if from.is_none() {
        problems.push(RuleProblem::TimeInvalid { field: "from" });
    }
    if to.is_none() {
        problems.push(RuleProblem::TimeInvalid { field: "to" });
    }
    let (from, to) = (from?, to?);
    if from == to {
        problems.push(RuleProblem::EmptyWindow);
        return None;
    }
    (!days.is_empty()).then_some(ActiveHours { days, from, to })
}

fn allowed(kind: ActionKind, trigger: &Trigger) -> bool {
    match kind {
        ActionKind::PublicReply | ActionKind::PrivateReply | ActionKind::Hide => {
            trigger.is_comment()
        }
        ActionKind::DmReply => !trigger.is_comment(),
        ActionKind::MarkDone | ActionKind::Notify => true,
    }
}

/// The longest a text can become once `{username}` is filled in.
fn worst_case(text: &str) -> String {
    text.replace(USERNAME_PLACEHOLDER, &"w".repeat(MAX_USERNAME_CHARS))
}

fn check_actions(spec: &RuleSpec, problems: &mut Vec<RuleProblem>) {
    if spec.actions.is_empty() {
        problems.push(RuleProblem::ActionsRequired);
    }
    let mut seen = Vec::new();
    for action in &spec.actions {
        let kind = action.kind();
        if seen.contains(&kind) {
            problems.push(RuleProblem::DuplicateAction { action: kind });
            continue;
        }
        seen.push(kind);
        if !allowed(kind, &spec.trigger) {
            problems.push(RuleProblem::ActionNotForTrigger { action: kind });
        }
        if matches!(
            action,
            ActionSpec::PublicReply { .. }
                | ActionSpec::PrivateReply { .. }
                | ActionSpec::DmReply { .. }
        ) {
            check_variants(kind, action.variants(), problems);
        }
    }
}

fn check_variants(kind: ActionKind, variants: &[String], problems: &mut Vec<RuleProblem>) {
    if variants.is_empty() {
        problems.push(RuleProblem::VariantsRequired { action: kind });
        return;
    }
    if variants.len() > MAX_VARIANTS {
        problems.push(RuleProblem::TooManyVariants {
            action: kind,
            max: MAX_VARIANTS,
        });
        return;
    }
    for v in variants {
        if v.trim().is_empty() {
            problems.push(RuleProblem::VariantEmpty { action: kind });
            continue;
        }
        if has_forbidden_control(v) {
            problems.push(RuleProblem::ControlCharacters {
                field: kind.as_str(),
            });
        }
        let filled = worst_case(v);
        let too_long = match kind {
            ActionKind::PublicReply => filled.chars().count() > MAX_PUBLIC_REPLY_CHARS,
            _ => filled.len() > MAX_MESSAGE_BYTES,
        };
        if too_long {
            let max = match kind {
                ActionKind::PublicReply => MAX_PUBLIC_REPLY_CHARS,
                _ => MAX_MESSAGE_BYTES,
            };
            problems.push(RuleProblem::VariantTooLong { action: kind, max });
        }
        if v.replace(USERNAME_PLACEHOLDER, "").contains(['{', '}']) {
            problems.push(RuleProblem::UnknownPlaceholder { action: kind });
        }
    }
}

fn check_delay(spec: &RuleSpec, problems: &mut Vec<RuleProblem>) {
    let d = spec.delay;
    if d.min_seconds > MAX_DELAY_SECONDS || d.max_seconds > MAX_DELAY_SECONDS {
        problems.push(RuleProblem::DelayTooLong {
            max: MAX_DELAY_SECONDS as usize,
        });
    }
    if d.min_seconds > d.max_seconds {
        problems.push(RuleProblem::DelayRangeReversed);
    }
}
