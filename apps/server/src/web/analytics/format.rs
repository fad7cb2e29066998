//! How analytics shows its figures in each language: counts and changes
//! with the language's grouping (en "12,345"; ru/kk "12 345" with a narrow
//! no-break space, as CLDR has it), decimals with its separator (en "4.5",
//! ru/kk "4,5"); a missing metric reads "not available". Exports use none
//! of this (see `csv.rs`): spreadsheets get plain numbers.

use socialflow_core::Language;
use socialflow_core::analytics::Delta;

use crate::i18n::Tr;

/// U+202F NARROW NO-BREAK SPACE: the Russian and Kazakh group separator.
const NNBSP: char = '\u{202f}';

fn group_sep(lang: Language) -> char {
    match lang {
        Language::En => ',',
        Language::Ru | Language::Kk => NNBSP,
    }
}

fn decimal_sep(lang: Language) -> char {
    match lang {
        Language::En => '.',
        Language::Ru | Language::Kk => ',',
    }
}

/// An integer with the language's digit grouping; negatives with a true
/// minus sign.
pub fn group(lang: Language, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group_sep(lang));
        }
        out.push(c);
    }
    out
}

/// A number with `places` decimals, grouped, in the language's separators.
pub fn decimal(lang: Language, v: f64, places: usize) -> String {
    let s = format!("{:.*}", places, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let whole: i64 = int.parse().unwrap_or(0);
    let mut out = group(lang, whole);
    if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '−');
    }
    if !frac.is_empty() {
        out.push(decimal_sep(lang));
        out.push_str(frac);
    }
    out
}

/// A number with the language's digit grouping, or "not available".
pub fn count(tr: &Tr, v: Option<i64>) -> String {
    v.map_or_else(|| tr.t("analytics-na"), |v| group(tr.lang, v))
}

/// A signed change (+12, −3, 0), or "not available".
pub fn change(tr: &Tr, v: Option<i64>) -> String {
    match v {
        Some(v) if v > 0 => format!("+{}", group(tr.lang, v)),
        Some(v) => group(tr.lang, v),
        None => tr.t("analytics-na"),
    }
}

/// A percentage with one decimal in the language's decimal separator.
pub fn percent(tr: &Tr, v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{}%", decimal(tr.lang, v, 1)),
        None => tr.t("analytics-na"),
    }
}

/// Milliseconds as seconds with one decimal.
pub fn seconds(tr: &Tr, ms: Option<i64>) -> String {
    match ms {
        Some(ms) => tr.t1(
            "analytics-seconds",
            "value",
            decimal(tr.lang, ms as f64 / 1000.0, 1),
        ),
        None => tr.t("analytics-na"),
    }
}

/// A Δ against the previous period as shown: an arrow, the percentage and
/// words (colour alone says nothing to everyone), and its CSS class.
pub struct DeltaView {
    pub arrow: &'static str,
    pub text: String,
    pub class: &'static str,
}

pub fn delta(tr: &Tr, d: Delta) -> DeltaView {
    match d {
        Delta::Up(p) => DeltaView {
            arrow: "▲",
            text: tr.t1("analytics-delta-up", "percent", decimal(tr.lang, p, 1)),
            class: "up",
        },
        Delta::Down(p) => DeltaView {
            arrow: "▼",
            text: tr.t1("analytics-delta-down", "percent", decimal(tr.lang, p, 1)),
            class: "down",
        },
        Delta::Same => DeltaView {
            arrow: "=",
            text: tr.t("analytics-delta-same"),
            class: "same",
        },
        Delta::NoData => DeltaView {
            arrow: "",
            text: tr.t("analytics-delta-none"),
            class: "none",
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn english_groups_with_commas_and_uses_a_decimal_point() {
        assert_eq!(group(Language::En, 0), "0");
        assert_eq!(group(Language::En, 999), "999");
        assert_eq!(group(Language::En, 1_000), "1,000");
        assert_eq!(group(Language::En, 1_234_567), "1,234,567");
        assert_eq!(group(Language::En, -45_000), "−45,000");
        assert_eq!(decimal(Language::En, 12_345.67, 1), "12,345.7");
        assert_eq!(decimal(Language::En, 0.04, 1), "0.0");
    }

    #[test]
    fn russian_and_kazakh_group_with_a_narrow_no_break_space_and_a_decimal_comma() {
        for lang in [Language::Ru, Language::Kk] {
            assert_eq!(group(lang, 1_234_567), "1\u{202f}234\u{202f}567");
            assert_eq!(group(lang, 9_999), "9\u{202f}999");
            assert_eq!(group(lang, -1_000), "−1\u{202f}000");
            assert_eq!(decimal(lang, 2.34, 1), "2,3");
            assert_eq!(decimal(lang, 1_234.5, 1), "1\u{202f}234,5");
            assert_eq!(decimal(lang, -2.25, 2), "−2,25");
        }
    }
}
