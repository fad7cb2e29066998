//! How analytics shows its figures in each language: counts and changes
//! with the language's grouping, percentages and seconds with its decimal
//! separator; a missing metric reads "not available".

use socialflow_core::Language;

use crate::i18n::Tr;
use crate::web::shared::format::number;

/// A number with the language's digit grouping, or "not available".
pub fn count(tr: &Tr, v: Option<i64>) -> String {
    v.map_or_else(|| tr.t("analytics-na"), |v| number(tr.lang, v))
}

/// A signed change (+12, −3, 0), or "not available".
pub fn change(tr: &Tr, v: Option<i64>) -> String {
    match v {
        Some(v) if v > 0 => format!("+{}", number(tr.lang, v)),
        Some(v) if v < 0 => number(tr.lang, v),
        Some(_) => "0".into(),
        None => tr.t("analytics-na"),
    }
}

/// A percentage with one decimal in the language's decimal separator.
pub fn percent(tr: &Tr, v: Option<f64>) -> String {
    match v {
        Some(v) => {
            let s = format!("{v:.1}%");
            match tr.lang {
                Language::En => s,
                Language::Ru | Language::Kk => s.replace('.', ","),
            }
        }
        None => tr.t("analytics-na"),
    }
}

/// Milliseconds as seconds with one decimal.
pub fn seconds(tr: &Tr, ms: Option<i64>) -> String {
    match ms {
        Some(ms) => {
            let s = format!("{:.1}", ms as f64 / 1000.0);
            let s = match tr.lang {
                Language::En => s,
                Language::Ru | Language::Kk => s.replace('.', ","),
            };
            tr.t1("analytics-seconds", "value", s)
        }
        None => tr.t("analytics-na"),
    }
}
