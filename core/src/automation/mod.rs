//! Automation (issue 19): rules that answer comments, DMs, Story replies
//! and mentions and ice-breaker taps. This module is the pure part: the rule
//! model and its validation, the ru/kk-aware text folding and matching, and
//! the evaluation of one event into planned actions. Storage, the durable
//! engine and the UI build on it (docs/automation.md).

mod dry_run;
pub mod engine;
mod evaluate;
mod event;
mod export;
mod limits;
pub mod matcher;
pub mod normalize;
mod operator;
mod ports;
mod rule;
mod rule_test;
mod service;
mod validate;

pub use dry_run::{MAX_DRY_RUN_EVENTS, dry_run};
pub use evaluate::{
    CompiledRule, Decision, DropReason, Evaluation, HoldReason, MESSAGING_WINDOW,
    PRIVATE_REPLY_WINDOW, Plan, PlannedAction, RuleVerdict, Skip, evaluate, verdict,
};
pub use event::{Context, Event, EventKind, PriorMatch};
pub use export::AutomationExporter;
pub use limits::{
    AutomationLimits, DEFAULT_DAILY_CAP, DEFAULT_HOURLY_CAP, INSTAGRAM_PRIVATE_REPLIES_PER_HOUR,
    LimitsProblem, MAX_DAILY_CAP, Usage,
};
pub use operator::{
    AutomationOperator, HELD_PAGE_SIZE, JobTrigger, LOG_PAGE_SIZE, LogPage, MAX_LOG_PAGE,
    OperatorError, OperatorJob,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockAutomationRuleRepo;
pub use ports::{AutomationRuleRepo, RuleInsert, RuleMove};
pub use rule::{
    ActionKind, ActionSpec, ActiveHoursSpec, DelaySpec, FiltersSpec, MatchMode, OncePer, PostScope,
    Rule, RuleId, RuleSpec, SendMode, TextMatchSpec, Trigger, Weekday,
};
pub use rule_test::{MAX_TEST_CONVERSATIONS, RuleTester, TestedEvent, events_from_cache};
pub use service::{AutomationError, AutomationService};
pub use validate::{
    ActiveHours, CompiledSpec, MAX_DELAY_SECONDS, MAX_KEYWORD_CHARS, MAX_KEYWORDS,
    MAX_MEDIA_ID_CHARS, MAX_MESSAGE_BYTES, MAX_NAME_CHARS, MAX_PATTERN_CHARS, MAX_PAYLOAD_CHARS,
    MAX_PUBLIC_REPLY_CHARS, MAX_RULES_PER_ACCOUNT, MAX_VARIANTS, RuleProblem, USERNAME_PLACEHOLDER,
    compile,
};
