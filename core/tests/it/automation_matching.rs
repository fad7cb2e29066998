//! Matching with the phrases people really write under ru/kk posts, and
//! properties of the fold that must hold for any text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::json;
use socialflow_core::automation::normalize::fold;
use socialflow_core::automation::{CompiledSpec, compile};

use crate::automation_support::spec;

fn contains(include: &[&str], exclude: &[&str]) -> CompiledSpec {
    compile(&spec(json!({
        "name": "t",
        "trigger": {"kind": "comment", "post": {"scope": "any"}},
        "match": {"mode": "contains", "include": include, "exclude": exclude},
        "actions": [{"kind": "hide"}]
    })))
    .unwrap()
}

fn exact(include: &[&str]) -> CompiledSpec {
    compile(&spec(json!({
        "name": "t",
        "trigger": {"kind": "comment", "post": {"scope": "any"}},
        "match": {"mode": "exact", "include": include},
        "actions": [{"kind": "hide"}]
    })))
    .unwrap()
}

#[test]
fn russian_price_questions_match_tsena() {
    let rule = contains(&["цена"], &[]);
    for text in [
        "Цена?",
        "ЦЕНА!!!",
        "цена",
        "а цена какая? 😍",
        "💰цена💰",
        "цeна", // Latin e
        "ЦEНA", // Latin E and A
        "ЦЕНА‼",
        "подскажите, цена?",
    ] {
        assert!(rule.matcher.matches(text), "{text:?} should match");
    }
    for text in ["ценам", "оценка", "бесценна", "це на", "сколько стоит 😍"]
    {
        assert!(!rule.matcher.matches(text), "{text:?} should not match");
    }
}

#[test]
fn a_phrase_matches_with_emoji_and_punctuation_around() {
    let rule = contains(&["сколько стоит"], &[]);
    assert!(rule.matcher.matches("сколько стоит 😍"));
    assert!(rule.matcher.matches("Сколько, стоит???"));
    assert!(!rule.matcher.matches("сколько это стоит"));
}

#[test]
fn kazakh_price_questions_match_bagasy() {
    let rule = contains(&["бағасы"], &[]);
    for text in [
        "бағасы қанша?",
        "Бағасы қанша",
        "БАҒАСЫ ҚАНША!!!",
        "бaғасы",       // Latin a
        "багасы канша", // typed on a Russian keyboard
        "бағасы?🔥",
    ] {
        assert!(rule.matcher.matches(text), "{text:?} should match");
    }
    assert!(!rule.matcher.matches("бағасын"));
}

#[test]
fn a_keyword_typed_without_marks_matches_text_with_them() {
    let rule = contains(&["багасы канша"], &[]);
    assert!(rule.matcher.matches("Бағасы қанша?"));
}

#[test]
fn yo_and_ye_are_one_letter() {
    let rule = contains(&["ещё"], &[]);
    assert!(rule.matcher.matches("а еще есть?"));
    let rule = contains(&["еще"], &[]);
    assert!(rule.matcher.matches("А ЕЩЁ ЕСТЬ?"));
}

#[test]
fn excluded_words_win() {
    let rule = contains(&["цена"], &["не надо", "спам"]);
    assert!(rule.matcher.matches("цена?"));
    assert!(!rule.matcher.matches("цена? не надо"));
    assert!(!rule.matcher.matches("СПАМ цена"));
    assert!(!rule.matcher.matches("цена сПaм")); // Latin a in the excluded word
}

#[test]
fn exact_means_the_whole_comment() {
    let rule = exact(&["цена", "бағасы"]);
    assert!(rule.matcher.matches("ЦЕНА!!!"));
    assert!(rule.matcher.matches("  Бағасы?  "));
    assert!(!rule.matcher.matches("цена какая?"));
}

#[test]
fn a_starred_keyword_matches_word_forms() {
    let rule = contains(&["цен*"], &[]);
    for text in ["цену скажите", "ЦЕНЫ?", "ценник", "цена"] {
        assert!(rule.matcher.matches(text), "{text:?}");
    }
    assert!(!rule.matcher.matches("оценка"));
}

#[test]
fn english_keywords_still_work() {
    let rule = contains(&["price"], &[]);
    assert!(rule.matcher.matches("Price??"));
    assert!(rule.matcher.matches("PRICE pls"));
    assert!(rule.matcher.matches("priсe")); // Cyrillic с
    assert!(!rule.matcher.matches("prices"));
}

#[test]
fn a_regex_reads_the_text_as_typed_and_folded() {
    let rule = compile(&spec(json!({
        "name": "t",
        "trigger": {"kind": "direct_message"},
        "match": {"mode": "regex", "pattern": r"\b(цена|бағасы|стоимость)\b"},
        "actions": [{"kind": "notify"}]
    })))
    .unwrap();
    assert!(rule.matcher.matches("Стоимость?"));
    assert!(rule.matcher.matches("бағасы қанша"));
    assert!(rule.matcher.matches("цeна")); // folded form
    assert!(!rule.matcher.matches("доставка"));
}

/// Words of Cyrillic, Kazakh and Latin letters.
fn word() -> impl Strategy<Value = String> {
    "[а-яёәғқңөұүһіa-zА-ЯЁӘҒҚҢӨҰҮҺІA-Z]{1,12}"
}

/// What people put between words.
fn separator() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        " ", "!!! ", ", ", "?", " 😍 ", "🔥", "... ", " — ", "\n",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #[test]
    fn folding_is_idempotent(text in "\\PC{0,60}") {
        let once = fold(&text).joined();
        prop_assert_eq!(fold(&once).joined(), once);
    }

    #[test]
    fn case_never_matters(text in "[а-яёәғқңөұүһіa-z ]{0,40}") {
        prop_assert_eq!(fold(&text.to_uppercase()), fold(&text));
    }

    #[test]
    fn a_keyword_is_found_whatever_surrounds_it(
        before in prop::collection::vec(word(), 0..4),
        keyword in word(),
        after in prop::collection::vec(word(), 0..4),
        sep in separator(),
        upper in any::<bool>(),
    ) {
        let rule = contains(&[keyword.as_str()], &[]);
        let shown = if upper { keyword.to_uppercase() } else { keyword.clone() };
        let mut parts = before.clone();
        parts.push(shown);
        parts.extend(after.iter().cloned());
        let text = parts.join(&sep);
        prop_assert!(rule.matcher.matches(&text), "{:?} in {:?}", keyword, text);
    }

    #[test]
    fn an_excluded_keyword_always_wins(
        keyword in word(),
        excluded in word(),
        sep in separator(),
    ) {
        let rule = contains(&[keyword.as_str()], &[excluded.as_str()]);
        let text = format!("{keyword}{sep}{excluded}");
        prop_assert!(!rule.matcher.matches(&text));
    }
}
