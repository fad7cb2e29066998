//! Ice-breaker validation: limits Instagram sets (4 per locale, 80
//! characters, 1,000-byte answers, a default list), every problem at once
//! with its place, trimming and the form's empty rows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::account::AccountId;
use socialflow_core::automation::{ActionSpec, Rule, RuleId, Trigger, compile};
use socialflow_core::ice_breakers::{
    IceBreaker, IceBreakerSet, Locale, MAX_ANSWER_BYTES, MAX_QUESTION_CHARS, ProblemKind,
    is_managed, validate,
};

fn b(q: &str, a: &str) -> IceBreaker {
    IceBreaker {
        question: q.into(),
        answer: a.into(),
    }
}

fn kinds(set: &IceBreakerSet) -> Vec<(Locale, Option<usize>, ProblemKind)> {
    validate(set)
        .unwrap_err()
        .into_iter()
        .map(|p| (p.locale, p.index, p.kind))
        .collect()
}

#[test]
fn a_good_set_is_trimmed_and_empty_rows_dropped() {
    let set = IceBreakerSet {
        default: vec![
            b("  Price? ", " 5 000 ₸ "),
            b("", ""),
            b("Delivery?", "Yes"),
        ],
        ru: vec![b("Сколько стоит?", "От 5 000 ₸, {username}.")],
        kk: vec![b("", "  "), b("Бағасы қанша?", "5 000 ₸-ден.")],
    };
    let clean = validate(&set).unwrap();
    assert_eq!(
        clean.default,
        vec![b("Price?", "5 000 ₸"), b("Delivery?", "Yes")]
    );
    assert_eq!(clean.kk, vec![b("Бағасы қанша?", "5 000 ₸-ден.")]);
    let ig = clean.to_instagram();
    assert_eq!(
        ig.iter().map(|l| l.locale.as_str()).collect::<Vec<_>>(),
        ["default", "ru_RU", "kk_KZ"]
    );
    assert_eq!(ig[0].questions[1].payload, "ib:default:2");
    assert_eq!(ig[2].questions[0].payload, "ib:kk:1");
}

#[test]
fn limits_are_instagrams() {
    // Exactly at the limits passes; one over fails, in characters for the
    // question (Cyrillic is 2 bytes each) and in bytes for the answer.
    let q80 = "ж".repeat(MAX_QUESTION_CHARS);
    let a1000 = "ж".repeat(MAX_ANSWER_BYTES / 2);
    assert!(
        validate(&IceBreakerSet {
            default: vec![b(&q80, &a1000)],
            ..Default::default()
        })
        .is_ok()
    );
    let q81 = "ж".repeat(MAX_QUESTION_CHARS + 1);
    let a1001 = format!("{a1000}x");
    assert_eq!(
        kinds(&IceBreakerSet {
            default: vec![b(&q81, &a1001)],
            ..Default::default()
        }),
        vec![
            (
                Locale::Default,
                Some(0),
                ProblemKind::QuestionTooLong { max: 80 }
            ),
            (
                Locale::Default,
                Some(0),
                ProblemKind::AnswerTooLong { max: 1000 }
            ),
        ]
    );
    // {username} counts at its longest (30 characters).
    let near = format!("{}{{username}}", "x".repeat(MAX_ANSWER_BYTES - 20));
    assert!(matches!(
        kinds(&IceBreakerSet {
            default: vec![b("Q", &near)],
            ..Default::default()
        })[0]
            .2,
        ProblemKind::AnswerTooLong { .. }
    ));
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let five: Vec<IceBreaker> = (1..=5).map(|i| b(&format!("Q{i}"), "A")).collect();
    let set = IceBreakerSet {
        default: Vec::new(),
        ru: five,
        kk: vec![
            b("Бағасы?", ""),
            b("", "Жауап"),
            b("бағасы?", "x {name}"),
            b("Екі\nжол", "ok"),
        ],
    };
    let got = kinds(&set);
    assert!(got.contains(&(Locale::Ru, None, ProblemKind::TooMany { max: 4 })));
    assert!(got.contains(&(Locale::Kk, Some(0), ProblemKind::AnswerRequired)));
    assert!(got.contains(&(Locale::Kk, Some(1), ProblemKind::QuestionRequired)));
    assert!(got.contains(&(Locale::Kk, Some(2), ProblemKind::UnknownPlaceholder)));
    assert!(got.contains(&(Locale::Kk, Some(2), ProblemKind::DuplicateQuestion)));
    assert!(got.contains(&(Locale::Kk, Some(3), ProblemKind::ControlCharacters)));
    assert!(got.contains(&(Locale::Default, None, ProblemKind::DefaultRequired)));
    // Nothing at all is a valid (empty) set.
    assert!(validate(&IceBreakerSet::default()).unwrap().is_empty());
}

#[test]
fn the_answer_rules_pass_the_rule_validation_and_read_back() {
    let set = validate(&IceBreakerSet {
        default: vec![b("Price?", "From 5 000 ₸, {username}")],
        ru: vec![b("Цена?", "От 5 000 ₸")],
        ..Default::default()
    })
    .unwrap();
    let now = time::OffsetDateTime::UNIX_EPOCH;
    let rules: Vec<Rule> = set
        .to_instagram()
        .iter()
        .flat_map(|l| l.questions.clone())
        .zip(set.entries())
        .map(|(q, (_, payload, breaker))| {
            assert_eq!(q.payload, payload);
            let spec = socialflow_core::automation::RuleSpec {
                name: breaker.question.clone(),
                enabled: true,
                trigger: Trigger::IceBreaker {
                    payload: Some(payload.clone()),
                },
                text: socialflow_core::automation::TextMatchSpec {
                    mode: socialflow_core::automation::MatchMode::Any,
                    include: vec![],
                    exclude: vec![],
                    pattern: None,
                },
                filters: Default::default(),
                actions: vec![ActionSpec::DmReply {
                    variants: vec![breaker.answer.clone()],
                }],
                delay: Default::default(),
                send: Default::default(),
            };
            compile(&spec).expect("the rule validation accepts it");
            Rule {
                id: RuleId::new(),
                account: AccountId::new(),
                position: 0,
                spec,
                bound_media_id: None,
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    assert!(rules.iter().all(is_managed));
    assert_eq!(IceBreakerSet::from_rules(&rules), set);
}
