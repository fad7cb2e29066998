//! Ice-breaker problems in words, for the API and the page alike.

use socialflow_core::ice_breakers::{IceBreakerProblem, Locale};

use crate::i18n::Tr;

/// The locale's tab name: "Default", "Русский", "Қазақша".
pub fn locale_name(tr: &Tr, l: Locale) -> String {
    tr.t(&format!("ice-breakers-locale-{}", l.as_str()))
}

/// The problem alone ("The question is longer than 80 characters.").
pub fn problem(tr: &Tr, p: &IceBreakerProblem) -> String {
    let key = format!("ice-breakers-problem-{}", p.kind.code());
    match p.kind.max() {
        Some(max) => tr.t1(&key, "max", max),
        None => tr.t(&key),
    }
}

/// The problem with its place ("Русский, question 2: …").
pub fn problem_in_place(tr: &Tr, p: &IceBreakerProblem) -> String {
    let place = match p.index {
        Some(i) => tr.t_args(
            "ice-breakers-place-row",
            &[
                ("locale", locale_name(tr, p.locale).into()),
                ("n", (i + 1).into()),
            ],
        ),
        None => locale_name(tr, p.locale),
    };
    format!("{place}: {}", problem(tr, p))
}

/// A problem as the API lists it: `{code, locale, index, max?, message}`.
pub fn problem_json(p: &IceBreakerProblem) -> serde_json::Value {
    let tr = Tr::new(socialflow_core::Language::En);
    let mut v = serde_json::to_value(p).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "message".into(),
            serde_json::Value::String(problem_in_place(&tr, p)),
        );
    }
    v
}
