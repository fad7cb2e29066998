//! Evaluation of one event against an account's ordered rules: which rule
//! wins, the filters, the 7-day and 24-hour clocks, the caps, the picks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use socialflow_core::TimeZone;
use socialflow_core::automation::{
    ActionKind, AutomationLimits, CompiledRule, Decision, DropReason, EventKind, HoldReason, Plan,
    PlannedAction, PriorMatch, RuleVerdict, Skip, Usage, dry_run, evaluate,
};
use time::Duration;

use crate::automation_support::{NOW, comment, ctx, fixture_spec, message, rule, spec};

fn comment_rule(include: &str, actions: Value) -> CompiledRule {
    rule(
        spec(json!({
            "name": include,
            "enabled": true,
            "trigger": {"kind": "comment", "post": {"scope": "any"}},
            "match": {"mode": "contains", "include": [include]},
            "actions": actions
        })),
        0,
    )
}

fn with(json: Value) -> CompiledRule {
    rule(spec(json), 0)
}

fn plan_of(decision: Decision) -> Plan {
    match decision {
        Decision::Act(plan) => plan,
        other => panic!("expected a plan, got {other:?}"),
    }
}

#[test]
fn the_first_matching_rule_wins() {
    let zone = TimeZone::utc();
    let mut first = comment_rule("цена", json!([{"kind": "hide"}]));
    first.position = 1;
    let mut second = comment_rule("цена", json!([{"kind": "notify"}]));
    second.position = 2;
    let mut earlier_no_match = comment_rule("доставка", json!([{"kind": "mark_done"}]));
    earlier_no_match.position = 0;
    // Given out of order: evaluation sorts by position.
    let rules = [second.clone(), first.clone(), earlier_no_match.clone()];
    let result = evaluate(&rules, &comment("цена?"), &ctx(&zone, &[]));
    let plan = plan_of(result.decision);
    assert_eq!(plan.rule, first.id);
    assert_eq!(
        plan.actions,
        [PlannedAction::Hide {
            comment_id: "c1".into()
        }]
    );
    assert_eq!(
        result.trace,
        [
            (earlier_no_match.id, RuleVerdict::TextNotMatched),
            (first.id, RuleVerdict::Chosen)
        ]
    );
}

#[test]
fn own_comments_are_never_answered() {
    let zone = TimeZone::utc();
    let rules = [rule(fixture_spec(), 0)];
    let mut own = comment("цена?");
    own.from_account = true;
    let result = evaluate(&rules, &own, &ctx(&zone, &[]));
    assert_eq!(result.decision, Decision::Skip(Skip::OwnMessage));
}

#[test]
fn a_paused_account_answers_nothing() {
    let zone = TimeZone::utc();
    let rules = [rule(fixture_spec(), 0)];
    let mut c = ctx(&zone, &[]);
    c.paused = true;
    assert_eq!(
        evaluate(&rules, &comment("цена"), &c).decision,
        Decision::Skip(Skip::Paused)
    );
}

#[test]
fn disabled_rules_and_other_triggers_are_passed_over() {
    let zone = TimeZone::utc();
    let mut off = fixture_spec();
    off.enabled = false;
    let off = rule(off, 0);
    let dm = with(json!({
        "name": "dm", "enabled": true, "trigger": {"kind": "direct_message"},
        "match": {"mode": "any"}, "actions": [{"kind": "notify"}]
    }));
    let result = evaluate(
        &[off.clone(), dm.clone()],
        &comment("цена"),
        &ctx(&zone, &[]),
    );
    assert_eq!(result.decision, Decision::Skip(Skip::NoRuleMatched));
    assert_eq!(
        result.trace,
        [
            (off.id, RuleVerdict::Disabled),
            (dm.id, RuleVerdict::OtherTrigger)
        ]
    );
}

#[test]
fn a_rule_on_one_post_ignores_the_others() {
    let zone = TimeZone::utc();
    let r = with(json!({
        "name": "one", "enabled": true,
        "trigger": {"kind": "comment", "post": {"scope": "media", "media_id": "555"}},
        "match": {"mode": "any"}, "actions": [{"kind": "hide"}]
    }));
    let result = evaluate(std::slice::from_ref(&r), &comment("x"), &ctx(&zone, &[]));
    assert_eq!(result.trace, [(r.id, RuleVerdict::OtherPost)]);
    let mut on_post = comment("x");
    on_post.kind = EventKind::Comment {
        media_id: "555".into(),
        comment_id: "c9".into(),
    };
    assert!(matches!(
        evaluate(&[r], &on_post, &ctx(&zone, &[])).decision,
        Decision::Act(_)
    ));
}

#[test]
fn a_next_post_rule_waits_for_its_post() {
    let zone = TimeZone::utc();
    let mut r = with(json!({
        "name": "next", "enabled": true,
        "trigger": {"kind": "comment", "post": {"scope": "next_published"}},
        "match": {"mode": "any"}, "actions": [{"kind": "hide"}]
    }));
    let result = evaluate(std::slice::from_ref(&r), &comment("x"), &ctx(&zone, &[]));
    assert_eq!(result.trace, [(r.id, RuleVerdict::NotBound)]);
    r.bound_media_id = Some("1790".into());
    let result = evaluate(&[r], &comment("x"), &ctx(&zone, &[]));
    assert!(matches!(result.decision, Decision::Act(_)));
}

#[test]
fn ice_breaker_rules_can_name_one_question() {
    let zone = TimeZone::utc();
    let r = with(json!({
        "name": "ib", "enabled": true,
        "trigger": {"kind": "ice_breaker", "payload": "PRICES"},
        "match": {"mode": "any"},
        "actions": [{"kind": "dm_reply", "variants": ["Цены: …"]}]
    }));
    let tap = |payload: &str| {
        message(
            EventKind::IceBreaker {
                payload: payload.into(),
            },
            "Какие цены?",
        )
    };
    let other = evaluate(std::slice::from_ref(&r), &tap("HOURS"), &ctx(&zone, &[]));
    assert_eq!(other.trace, [(r.id, RuleVerdict::OtherTrigger)]);
    let plan = plan_of(evaluate(&[r], &tap("PRICES"), &ctx(&zone, &[])).decision);
    assert_eq!(
        plan.actions,
        [PlannedAction::DmReply {
            recipient_id: "igsid-1".into(),
            text: "Цены: …".into()
        }]
    );
}

#[test]
fn active_hours_are_read_in_the_users_zone() {
    // NOW is Monday 10:00 UTC = 16:00 in Almaty (UTC+5).
    let almaty = TimeZone::parse("Asia/Almaty").unwrap();
    let hours = |days: Value, from: &str, to: &str| {
        with(json!({
            "name": "h", "enabled": true,
            "trigger": {"kind": "comment", "post": {"scope": "any"}},
            "match": {"mode": "any"},
            "filters": {"active_hours": {"days": days, "from": from, "to": to}},
            "actions": [{"kind": "hide"}]
        }))
    };
    let verdict = |r: CompiledRule| evaluate(&[r], &comment("x"), &ctx(&almaty, &[])).trace[0].1;
    assert_eq!(
        verdict(hours(json!(["mon"]), "15:00", "17:00")),
        RuleVerdict::Chosen
    );
    // 09:00–12:00 would include 10:00 UTC, but not 16:00 local.
    assert_eq!(
        verdict(hours(json!(["mon"]), "09:00", "12:00")),
        RuleVerdict::OutsideActiveHours
    );
    assert_eq!(
        verdict(hours(json!(["tue", "sun"]), "15:00", "17:00")),
        RuleVerdict::OutsideActiveHours
    );
    // Overnight windows belong to the day they open: Sunday 22:00 to 17:00
    // covers Monday 16:00; Monday's own overnight window does not.
    assert_eq!(
        verdict(hours(json!(["sun"]), "22:00", "17:00")),
        RuleVerdict::Chosen
    );
    assert_eq!(
        verdict(hours(json!(["mon"]), "22:00", "17:00")),
        RuleVerdict::OutsideActiveHours
    );
}

#[test]
fn one_answer_per_person_per_post() {
    let zone = TimeZone::utc();
    let r = rule(fixture_spec(), 0);
    let other_rule = comment_rule("цена", json!([{"kind": "hide"}]));
    let on_this_post = [PriorMatch {
        rule: other_rule.id,
        media_id: Some("1790".into()),
        at: NOW - Duration::days(3),
    }];
    let result = evaluate(
        std::slice::from_ref(&r),
        &comment("цена"),
        &ctx(&zone, &on_this_post),
    );
    assert_eq!(result.trace, [(r.id, RuleVerdict::AlreadyAnswered)]);
    let on_other_post = [PriorMatch {
        media_id: Some("42".into()),
        ..on_this_post[0].clone()
    }];
    let result = evaluate(
        std::slice::from_ref(&r),
        &comment("цена"),
        &ctx(&zone, &on_other_post),
    );
    assert!(matches!(result.decision, Decision::Act(_)));
}

#[test]
fn once_per_rule_lets_other_rules_answer_again() {
    let zone = TimeZone::utc();
    let mut s = fixture_spec();
    s.filters.once_per = socialflow_core::automation::OncePer::PersonPostAndRule;
    let r = rule(s, 0);
    let by_other_rule = [PriorMatch {
        rule: socialflow_core::automation::RuleId::new(),
        media_id: Some("1790".into()),
        at: NOW,
    }];
    let result = evaluate(
        std::slice::from_ref(&r),
        &comment("цена"),
        &ctx(&zone, &by_other_rule),
    );
    assert!(matches!(result.decision, Decision::Act(_)));
    let by_this_rule = [PriorMatch {
        rule: r.id,
        ..by_other_rule[0].clone()
    }];
    let result = evaluate(&[r], &comment("цена"), &ctx(&zone, &by_this_rule));
    assert_eq!(result.trace[0].1, RuleVerdict::AlreadyAnswered);
}

#[test]
fn in_messages_once_means_once_a_day() {
    let zone = TimeZone::utc();
    let r = with(json!({
        "name": "dm", "enabled": true, "trigger": {"kind": "direct_message"},
        "match": {"mode": "contains", "include": ["цена"]},
        "actions": [{"kind": "dm_reply", "variants": ["Цена 5000 ₸"]}]
    }));
    let prior = |hours_ago: i64| {
        [PriorMatch {
            rule: r.id,
            media_id: None,
            at: NOW - Duration::hours(hours_ago),
        }]
    };
    let dm = message(EventKind::DirectMessage, "цена?");
    let recent = prior(2);
    assert_eq!(
        evaluate(std::slice::from_ref(&r), &dm, &ctx(&zone, &recent)).trace[0].1,
        RuleVerdict::AlreadyAnswered
    );
    let yesterday = prior(25);
    assert!(matches!(
        evaluate(&[r], &dm, &ctx(&zone, &yesterday)).decision,
        Decision::Act(_)
    ));
}

#[test]
fn people_a_human_answered_are_left_to_the_human() {
    let zone = TimeZone::utc();
    let mut answered = comment("цена");
    answered.human_replied = true;
    let r = rule(fixture_spec(), 0);
    let result = evaluate(std::slice::from_ref(&r), &answered, &ctx(&zone, &[]));
    assert_eq!(result.trace[0].1, RuleVerdict::HumanReplied);
    let mut s = fixture_spec();
    s.filters.skip_if_human_replied = false;
    let result = evaluate(&[rule(s, 0)], &answered, &ctx(&zone, &[]));
    assert!(matches!(result.decision, Decision::Act(_)));
}

#[test]
fn private_replies_stop_at_seven_days() {
    let zone = TimeZone::utc();
    let rules = [rule(fixture_spec(), 0)];
    let mut old = comment("цена");
    old.at = NOW - Duration::days(7) + Duration::seconds(1);
    let plan = plan_of(evaluate(&rules, &old, &ctx(&zone, &[])).decision);
    assert_eq!(plan.actions.len(), 2, "still inside 7 days");
    old.at = NOW - Duration::days(7);
    let plan = plan_of(evaluate(&rules, &old, &ctx(&zone, &[])).decision);
    assert_eq!(
        plan.actions
            .iter()
            .map(PlannedAction::kind)
            .collect::<Vec<_>>(),
        [ActionKind::PublicReply]
    );
    assert_eq!(
        plan.dropped,
        [(ActionKind::PrivateReply, DropReason::CommentTooOld)]
    );
}

#[test]
fn the_delay_counts_against_the_clocks() {
    let zone = TimeZone::utc();
    let r = with(json!({
        "name": "dm", "enabled": true, "trigger": {"kind": "story_reply"},
        "match": {"mode": "any"},
        "actions": [{"kind": "dm_reply", "variants": ["Спасибо!"]}],
        "delay": {"min_seconds": 600, "max_seconds": 600}
    }));
    let mut reply = message(EventKind::StoryReply, "🔥");
    reply.at = NOW - Duration::hours(24) + Duration::minutes(11);
    let plan = plan_of(evaluate(std::slice::from_ref(&r), &reply, &ctx(&zone, &[])).decision);
    assert_eq!(plan.run_at, NOW + Duration::minutes(10));
    reply.at = NOW - Duration::hours(24) + Duration::minutes(9);
    let result = evaluate(std::slice::from_ref(&r), &reply, &ctx(&zone, &[]));
    assert_eq!(
        result.decision,
        Decision::Skip(Skip::NothingLeft { rule: r.id })
    );
}

#[test]
fn variants_and_delays_are_deterministic_per_seed() {
    let zone = TimeZone::utc();
    let r = with(json!({
        "name": "v", "enabled": true,
        "trigger": {"kind": "comment", "post": {"scope": "any"}},
        "match": {"mode": "any"},
        "actions": [{"kind": "public_reply", "variants": ["a {username}", "b {username}", "c {username}"]}],
        "delay": {"min_seconds": 10, "max_seconds": 120}
    }));
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..64 {
        let mut c = ctx(&zone, &[]);
        c.seed = seed;
        let a = plan_of(evaluate(std::slice::from_ref(&r), &comment("x"), &c).decision);
        let b = plan_of(evaluate(std::slice::from_ref(&r), &comment("x"), &c).decision);
        assert_eq!(a, b, "same seed, same plan");
        let delay = a.run_at - NOW;
        assert!(delay >= Duration::seconds(10) && delay <= Duration::seconds(120));
        let PlannedAction::PublicReply { text, .. } = &a.actions[0] else {
            panic!("a public reply");
        };
        assert!(text.ends_with(" aigerim"), "{text}");
        seen.insert(text.clone());
    }
    assert_eq!(seen.len(), 3, "every variant gets picked: {seen:?}");
}

#[test]
fn without_a_username_only_variants_without_it_are_used() {
    let zone = TimeZone::utc();
    let r = with(json!({
        "name": "v", "enabled": true, "trigger": {"kind": "direct_message"},
        "match": {"mode": "any"},
        "actions": [{"kind": "dm_reply", "variants": ["Привет, {username}!", "Привет!"]}, {"kind": "notify"}]
    }));
    let mut dm = message(EventKind::DirectMessage, "салем");
    dm.author_username = None;
    for seed in 0..16 {
        let mut c = ctx(&zone, &[]);
        c.seed = seed;
        let plan = plan_of(evaluate(std::slice::from_ref(&r), &dm, &c).decision);
        assert_eq!(
            plan.actions[0],
            PlannedAction::DmReply {
                recipient_id: "igsid-1".into(),
                text: "Привет!".into()
            }
        );
    }
    let only_named = with(json!({
        "name": "v", "enabled": true, "trigger": {"kind": "direct_message"},
        "match": {"mode": "any"},
        "actions": [{"kind": "dm_reply", "variants": ["Привет, {username}!"]}, {"kind": "notify"}]
    }));
    let plan = plan_of(evaluate(&[only_named], &dm, &ctx(&zone, &[])).decision);
    assert_eq!(plan.actions, [PlannedAction::Notify]);
    assert_eq!(
        plan.dropped,
        [(ActionKind::DmReply, DropReason::UsernameUnknown)]
    );
}

#[test]
fn caps_and_approval_hold_the_plan() {
    let zone = TimeZone::utc();
    let rules = [rule(fixture_spec(), 0)];
    let mut c = ctx(&zone, &[]);
    c.limits = AutomationLimits::new(10, 100).unwrap();
    // Two sends fit under 10 with 8 used, not with 9.
    c.usage = Usage {
        last_hour: 8,
        last_day: 8,
    };
    assert_eq!(
        plan_of(evaluate(&rules, &comment("цена"), &c).decision).hold,
        None
    );
    c.usage = Usage {
        last_hour: 9,
        last_day: 9,
    };
    assert_eq!(
        plan_of(evaluate(&rules, &comment("цена"), &c).decision).hold,
        Some(HoldReason::HourlyCap)
    );
    c.usage = Usage {
        last_hour: 0,
        last_day: 99,
    };
    assert_eq!(
        plan_of(evaluate(&rules, &comment("цена"), &c).decision).hold,
        Some(HoldReason::DailyCap)
    );
    let mut s = fixture_spec();
    s.send = socialflow_core::automation::SendMode::Approve;
    let plan = plan_of(evaluate(&[rule(s, 0)], &comment("цена"), &ctx(&zone, &[])).decision);
    assert_eq!(plan.hold, Some(HoldReason::Approval));
}

#[test]
fn a_dry_run_tries_a_disabled_rule_on_recent_comments() {
    let zone = TimeZone::utc();
    let mut s = fixture_spec();
    s.enabled = false;
    let r = rule(s, 0);
    let events = [
        comment("Цена?"),
        comment("красиво"),
        comment("бағасы қанша"),
    ];
    let mut c = ctx(&zone, &[]);
    c.paused = true;
    let results = dry_run(&r, &events, &c);
    let acted: Vec<bool> = results
        .iter()
        .map(|e| matches!(e.decision, Decision::Act(_)))
        .collect();
    assert_eq!(acted, [true, false, false]);
}
