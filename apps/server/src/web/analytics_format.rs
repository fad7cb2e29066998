//! How analytics shows dates, times and numbers in each language: en
//! "Nov 26, 2026", ru and kk "26.11.2026"; a missing metric reads "not
//! available".

use socialflow_core::{Language, TimeZone};
use time::{Date, OffsetDateTime};

use crate::i18n::Tr;

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn en_month(d: Date) -> &'static str {
    EN_MONTHS[(u8::from(d.month()) - 1) as usize]
}

/// A full date in the language's format.
pub fn day(lang: Language, d: Date) -> String {
    match lang {
        Language::En => format!("{} {}, {}", en_month(d), d.day(), d.year()),
        Language::Ru | Language::Kk => {
            format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
        }
    }
}

/// A short date for chart axes.
pub fn short_day(lang: Language, d: Date) -> String {
    match lang {
        Language::En => format!("{} {}", en_month(d), d.day()),
        Language::Ru | Language::Kk => format!("{:02}.{:02}", d.day(), u8::from(d.month())),
    }
}

/// An instant on the user's clock: date and 24-hour time.
pub fn moment(lang: Language, tz: &TimeZone, at: OffsetDateTime) -> String {
    let local = tz.to_local(at);
    format!(
        "{} {:02}:{:02}",
        day(lang, local.date()),
        local.hour(),
        local.minute()
    )
}

/// A number with the language's digit grouping, or "not available".
pub fn count(tr: &Tr, v: Option<i64>) -> String {
    v.map_or_else(
        || tr.t("analytics-na"),
        |v| super::format::number(tr.lang, v),
    )
}

/// A signed change (+12, −3, 0), or "not available".
pub fn change(tr: &Tr, v: Option<i64>) -> String {
    match v {
        Some(v) if v > 0 => format!("+{}", super::format::number(tr.lang, v)),
        Some(v) if v < 0 => super::format::number(tr.lang, v),
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_follow_the_language() {
        let d = date!(2026 - 11 - 05);
        assert_eq!(day(Language::En, d), "Nov 5, 2026");
        assert_eq!(day(Language::Ru, d), "05.11.2026");
        assert_eq!(short_day(Language::Kk, d), "05.11");
        let almaty = TimeZone::parse("Asia/Almaty").expect("valid in test");
        assert_eq!(
            moment(Language::Ru, &almaty, datetime!(2026-11-05 20:30 UTC)),
            "06.11.2026 01:30"
        );
    }
}
