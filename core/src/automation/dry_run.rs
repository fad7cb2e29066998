//! "Test a rule": what one rule would have done with the account's recent
//! comments and messages, before it is switched on. Pure: the caller reads
//! the cached comments and messages and shows the result.

use super::evaluate::{CompiledRule, Evaluation, evaluate};
use super::event::{Context, Event};
use super::limits::Usage;

/// Events a dry run looks at, at most (the newest first, as cached).
pub const MAX_DRY_RUN_EVENTS: usize = 200;

/// Each event with what the rule would have decided. The rule is tried as
/// if it were on and alone, with the account unpaused and no caps used, so
/// the answer shows the rule itself; `ctx.prior` still counts.
pub fn dry_run(rule: &CompiledRule, events: &[Event], ctx: &Context<'_>) -> Vec<Evaluation> {
    let mut rule = rule.clone();
    rule.compiled.spec.enabled = true;
    let rules = [rule];
    let ctx = Context {
        paused: false,
        usage: Usage::default(),
        ..ctx.clone()
    };
    events
        .iter()
        .take(MAX_DRY_RUN_EVENTS)
        .map(|e| evaluate(&rules, e, &ctx))
        .collect()
}
