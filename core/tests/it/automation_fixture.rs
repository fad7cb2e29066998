//! The example rule shipped in fixtures/automation/price-rule.json: the
//! exact create-rule body the docs show.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::TimeZone;
use socialflow_core::automation::{
    ActionKind, Decision, PlannedAction, PostScope, Trigger, compile, evaluate,
};

use crate::automation_support::{comment, ctx, fixture_spec, rule};

#[test]
fn the_fixture_is_a_valid_rule_on_any_post() {
    let spec = fixture_spec();
    assert_eq!(
        spec.trigger,
        Trigger::Comment {
            post: PostScope::Any
        }
    );
    let kinds: Vec<ActionKind> = spec.actions.iter().map(|a| a.kind()).collect();
    assert_eq!(kinds, [ActionKind::PublicReply, ActionKind::PrivateReply]);
    assert!(compile(&spec).is_ok());
}

#[test]
fn an_upper_case_price_question_gets_both_replies() {
    let zone = TimeZone::utc();
    let rules = [rule(fixture_spec(), 0)];
    let result = evaluate(&rules, &comment("ЦЕНА?"), &ctx(&zone, &[]));
    let Decision::Act(plan) = result.decision else {
        panic!("expected a plan, got {:?}", result.decision);
    };
    assert_eq!(plan.hold, None);
    match plan.actions.as_slice() {
        [
            PlannedAction::PublicReply { comment_id, text },
            PlannedAction::PrivateReply {
                comment_id: private_id,
                ..
            },
        ] => {
            assert_eq!(comment_id, "c1");
            assert_eq!(private_id, "c1");
            assert!(text.starts_with("aigerim, "), "{text}");
        }
        other => panic!("expected a public and a private reply, got {other:?}"),
    }
}

#[test]
fn the_fixture_ignores_comments_without_the_word() {
    let zone = TimeZone::utc();
    let rules = [rule(fixture_spec(), 0)];
    for text in ["Красиво!", "оценка", "ценам"] {
        let result = evaluate(&rules, &comment(text), &ctx(&zone, &[]));
        assert!(
            matches!(result.decision, Decision::Skip(_)),
            "{text} should not match"
        );
    }
}
