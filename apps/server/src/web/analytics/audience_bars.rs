//! The audience's age, gender, country and city breakdowns as bar lists:
//! each row its name (countries and cities in the user's language, from
//! CLDR), a bar, and its number and share written out, so nothing depends
//! on reading a bar's length or hovering it.

use socialflow_core::analytics::{Bucket, Demographics};

use crate::i18n::Tr;
use crate::place_names::PlaceNames;
use crate::web::shared::format::number;

/// Rows shown per breakdown (Instagram gives up to 45 cities).
const ROWS: usize = 10;

pub struct AudienceBar {
    pub label: String,
    pub value: String,
    pub percent: String,
    /// Bar length, 1–100, relative to the breakdown's largest row.
    pub length: u8,
}

pub struct BarGroup {
    pub id: &'static str,
    pub title: String,
    pub bars: Vec<AudienceBar>,
}

fn group(tr: &Tr, id: &'static str, title: &str, rows: Vec<(String, i64)>) -> BarGroup {
    let total: i64 = rows.iter().map(|r| r.1.max(0)).sum();
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let bars = rows
        .into_iter()
        .take(ROWS)
        .map(|(label, v)| AudienceBar {
            label,
            value: number(tr.lang, v),
            percent: if total > 0 {
                let p = format!("{:.1}", v.max(0) as f64 * 100.0 / total as f64);
                // ru/kk write a decimal comma.
                let p = if tr.lang == socialflow_core::Language::En {
                    p
                } else {
                    p.replace('.', ",")
                };
                format!("{p} %")
            } else {
                String::new()
            },
            length: ((v.max(0) as f64 / max as f64 * 100.0).round() as u8).clamp(1, 100),
        })
        .collect();
    BarGroup {
        id,
        title: tr.t(title),
        bars,
    }
}

fn rows(b: &[Bucket], label: impl Fn(&str) -> String) -> Vec<(String, i64)> {
    b.iter().map(|b| (label(&b.key), b.value)).collect()
}

pub fn audience_bars(tr: &Tr, d: &Demographics) -> Vec<BarGroup> {
    let places = PlaceNames::new(tr.lang);
    let mut age = d.age.clone();
    age.sort_by(|x, y| x.key.cmp(&y.key));
    let gender = |k: &str| match k {
        "F" => tr.t("analytics-gender-f"),
        "M" => tr.t("analytics-gender-m"),
        _ => tr.t("analytics-gender-u"),
    };
    vec![
        group(tr, "age", "analytics-demo-age", rows(&age, str::to_string)),
        group(
            tr,
            "gender",
            "analytics-demo-gender",
            rows(&d.gender, gender),
        ),
        group(
            tr,
            "country",
            "analytics-demo-country",
            rows(&d.country, |k| places.country(k)),
        ),
        group(
            tr,
            "city",
            "analytics-demo-city",
            rows(&d.city, |k| places.city(k)),
        ),
    ]
}
