//! What a rule body may hold: every list, length and range is capped, and
//! every problem is reported at once with its translation key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use socialflow_core::automation::{
    ActionKind, MAX_KEYWORDS, MAX_MESSAGE_BYTES, MAX_VARIANTS, RuleProblem, RuleSpec, compile,
};

use crate::automation_support::{fixture_json, spec};

fn base() -> Value {
    serde_json::from_str(&fixture_json()).unwrap()
}

fn problems(body: Value) -> Vec<RuleProblem> {
    compile(&spec(body)).expect_err("the rule is refused")
}

#[test]
fn unknown_fields_and_kinds_are_refused_by_the_parser() {
    let mut body = base();
    body["actoins"] = json!([]);
    assert!(serde_json::from_value::<RuleSpec>(body).is_err());
    let mut body = base();
    body["trigger"] = json!({"kind": "reel_view"});
    assert!(serde_json::from_value::<RuleSpec>(body).is_err());
}

#[test]
fn a_new_rule_is_off_unless_switched_on() {
    let mut body = base();
    body.as_object_mut().unwrap().remove("enabled");
    assert!(!spec(body).enabled);
}

#[test]
fn names_are_required_short_and_on_one_line() {
    let mut body = base();
    body["name"] = json!("   ");
    assert_eq!(problems(body), [RuleProblem::NameRequired]);
    let mut body = base();
    body["name"] = json!("x".repeat(81));
    assert_eq!(problems(body), [RuleProblem::NameTooLong { max: 80 }]);
    let mut body = base();
    body["name"] = json!("a\nb");
    assert_eq!(
        problems(body),
        [RuleProblem::ControlCharacters { field: "name" }]
    );
}

#[test]
fn keyword_lists_are_capped_and_need_letters() {
    let mut body = base();
    body["match"]["include"] = json!(vec!["цена"; MAX_KEYWORDS + 1]);
    assert_eq!(
        problems(body),
        [RuleProblem::TooManyKeywords {
            field: "include",
            max: MAX_KEYWORDS
        }]
    );
    let mut body = base();
    body["match"]["exclude"] = json!(["😍😍", "x".repeat(101)]);
    assert_eq!(
        problems(body),
        [
            RuleProblem::KeywordEmpty { field: "exclude" },
            RuleProblem::KeywordTooLong {
                field: "exclude",
                max: 100
            }
        ]
    );
    let mut body = base();
    body["match"]["include"] = json!([]);
    assert_eq!(problems(body), [RuleProblem::KeywordsRequired]);
}

#[test]
fn patterns_must_compile_within_the_size_limit() {
    let regex = |pattern: &str| {
        let mut body = base();
        body["match"] = json!({"mode": "regex", "pattern": pattern});
        body
    };
    assert!(compile(&spec(regex(r"цен(а|у|ы)"))).is_ok());
    assert_eq!(problems(regex("(")), [RuleProblem::PatternInvalid]);
    assert_eq!(
        problems(regex(r"\w{500}\w{500}")),
        [RuleProblem::PatternTooBig]
    );
    assert_eq!(
        problems(regex(&"a".repeat(301))),
        [RuleProblem::PatternTooLong { max: 300 }]
    );
    let mut body = base();
    body["match"] = json!({"mode": "regex"});
    assert_eq!(problems(body), [RuleProblem::PatternRequired]);
    let mut body = base();
    body["match"] = json!({"mode": "any", "include": ["цена"]});
    assert_eq!(problems(body), [RuleProblem::UnusedForMode]);
}

#[test]
fn actions_must_suit_the_trigger() {
    let mut body = base();
    body["trigger"] = json!({"kind": "direct_message"});
    assert_eq!(
        problems(body),
        [
            RuleProblem::ActionNotForTrigger {
                action: ActionKind::PublicReply
            },
            RuleProblem::ActionNotForTrigger {
                action: ActionKind::PrivateReply
            }
        ]
    );
    let mut body = base();
    body["actions"] = json!([{"kind": "dm_reply", "variants": ["hi"]}]);
    assert_eq!(
        problems(body),
        [RuleProblem::ActionNotForTrigger {
            action: ActionKind::DmReply
        }]
    );
    let mut body = base();
    body["actions"] = json!([]);
    assert_eq!(problems(body), [RuleProblem::ActionsRequired]);
    let mut body = base();
    body["actions"] = json!([{"kind": "hide"}, {"kind": "hide"}]);
    assert_eq!(
        problems(body),
        [RuleProblem::DuplicateAction {
            action: ActionKind::Hide
        }]
    );
}

#[test]
fn reply_texts_are_capped_and_take_only_the_username() {
    let private = ActionKind::PrivateReply;
    let with_private = |variants: Value| {
        let mut body = base();
        body["actions"][1]["variants"] = variants;
        body
    };
    assert_eq!(
        problems(with_private(json!([]))),
        [RuleProblem::VariantsRequired { action: private }]
    );
    assert_eq!(
        problems(with_private(json!(vec!["a"; MAX_VARIANTS + 1]))),
        [RuleProblem::TooManyVariants {
            action: private,
            max: MAX_VARIANTS
        }]
    );
    assert_eq!(
        problems(with_private(json!(["  "]))),
        [RuleProblem::VariantEmpty { action: private }]
    );
    // 1,000 bytes is Instagram's limit for a message; Cyrillic letters take
    // two bytes, so 500 fit and 501 do not.
    assert!(compile(&spec(with_private(json!(["ж".repeat(500)])))).is_ok());
    assert_eq!(
        problems(with_private(json!(["ж".repeat(501)]))),
        [RuleProblem::VariantTooLong {
            action: private,
            max: MAX_MESSAGE_BYTES
        }]
    );
    // The placeholder is counted at the longest username (30).
    let near = format!("{{username}}{}", "ж".repeat(486));
    assert_eq!(
        problems(with_private(json!([near]))),
        [RuleProblem::VariantTooLong {
            action: private,
            max: MAX_MESSAGE_BYTES
        }]
    );
    assert_eq!(
        problems(with_private(json!(["Привет, {name}!"]))),
        [RuleProblem::UnknownPlaceholder { action: private }]
    );
}

#[test]
fn delays_hours_and_ids_stay_in_range() {
    let mut body = base();
    body["delay"] = json!({"min_seconds": 3601, "max_seconds": 10});
    assert_eq!(
        problems(body),
        [
            RuleProblem::DelayTooLong { max: 3600 },
            RuleProblem::DelayRangeReversed
        ]
    );
    let mut body = base();
    body["filters"] = json!({"active_hours": {"days": [], "from": "25:00", "to": "9:5"}});
    assert_eq!(
        problems(body),
        [
            RuleProblem::DaysRequired,
            RuleProblem::TimeInvalid { field: "from" },
            RuleProblem::TimeInvalid { field: "to" }
        ]
    );
    let mut body = base();
    body["filters"] = json!({"active_hours": {"days": ["mon"], "from": "09:00", "to": "09:00"}});
    assert_eq!(problems(body), [RuleProblem::EmptyWindow]);
    let mut body = base();
    body["trigger"]["post"] = json!({"scope": "media", "media_id": "12ab"});
    assert_eq!(problems(body), [RuleProblem::MediaIdInvalid]);
}

#[test]
fn every_problem_has_a_translation_key() {
    assert_eq!(
        RuleProblem::PatternTooBig.translation_key(),
        "automation-problem-pattern-too-big"
    );
    let json = serde_json::to_value(RuleProblem::NameTooLong { max: 80 }).unwrap();
    assert_eq!(json, json!({"code": "name_too_long", "max": 80}));
}
