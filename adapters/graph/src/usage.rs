//! Rate-limit usage headers: `X-Business-Use-Case-Usage` (per business
//! object, i.e. per Instagram account) and `X-App-Usage` (per app). Both are
//! JSON in a header; percentages run 0–100 and throttling starts at 100.

use std::collections::HashMap;
use std::sync::Mutex;

use reqwest::header::HeaderMap;
use serde_json::Value;
use socialflow_core::instagram::RateUsage;
use time::Duration;

pub const BUC_HEADER: &str = "x-business-use-case-usage";
pub const APP_HEADER: &str = "x-app-usage";

/// What one answer's headers said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageReport {
    /// Per business-object id (the IG user id), its `instagram` entries
    /// combined (other products' entries when it has none).
    pub per_object: Vec<(String, RateUsage)>,
    /// App-level usage.
    pub app: Option<RateUsage>,
}

impl UsageReport {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        Self::parse(text(BUC_HEADER), text(APP_HEADER))
    }

    pub fn parse(buc: Option<&str>, app: Option<&str>) -> Self {
        let per_object = buc
            .and_then(|h| serde_json::from_str::<Value>(h).ok())
            .and_then(|v| match v {
                Value::Object(map) => Some(map),
                _ => None,
            })
            .map(|map| {
                map.into_iter()
                    .filter_map(|(id, entries)| Some((id, buc_usage(entries.as_array()?)?)))
                    .collect()
            })
            .unwrap_or_default();
        let app = app
            .and_then(|h| serde_json::from_str::<Value>(h).ok())
            .filter(Value::is_object)
            .map(|v| entry_usage(&v));
        UsageReport { per_object, app }
    }

    pub fn is_empty(&self) -> bool {
        self.per_object.is_empty() && self.app.is_none()
    }

    /// Everything this answer reported, combined: the highest of each
    /// percentage and the longest wait.
    pub fn combined(&self) -> Option<RateUsage> {
        self.per_object
            .iter()
            .map(|(_, u)| *u)
            .chain(self.app)
            .reduce(combine)
    }

    /// How long Instagram says to wait, when it says so.
    pub fn regain_access_in(&self) -> Option<Duration> {
        self.combined().and_then(|u| u.regain_access_in)
    }
}

fn num(v: &Value, k: &str) -> f64 {
    v.get(k)
        .and_then(|x| {
            x.as_f64()
                .or_else(|| x.as_str().and_then(|s| s.trim().parse().ok()))
        })
        .filter(|f| f.is_finite())
        .unwrap_or(0.0)
}

fn entry_usage(e: &Value) -> RateUsage {
    // `estimated_time_to_regain_access` is in minutes; 0 means "not
    // throttled".
    let minutes = num(e, "estimated_time_to_regain_access");
    RateUsage {
        call_count: num(e, "call_count"),
        total_time: num(e, "total_time"),
        total_cputime: num(e, "total_cputime"),
        regain_access_in: (minutes > 0.0).then(|| Duration::seconds((minutes * 60.0) as i64)),
    }
}

fn buc_usage(entries: &[Value]) -> Option<RateUsage> {
    let is_instagram = |e: &&Value| e.get("type").and_then(Value::as_str) == Some("instagram");
    let chosen: Vec<&Value> = if entries.iter().any(|e| is_instagram(&e)) {
        entries.iter().filter(is_instagram).collect()
    } else {
        entries.iter().filter(|e| e.is_object()).collect()
    };
    chosen.into_iter().map(entry_usage).reduce(combine)
}

fn combine(a: RateUsage, b: RateUsage) -> RateUsage {
    RateUsage {
        call_count: a.call_count.max(b.call_count),
        total_time: a.total_time.max(b.total_time),
        total_cputime: a.total_cputime.max(b.total_cputime),
        regain_access_in: match (a.regain_access_in, b.regain_access_in) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        },
    }
}

/// Parses the two headers into one usage (the highest of what they say);
/// `None` when neither is present or readable.
pub fn parse_usage(buc: Option<&str>, app: Option<&str>) -> Option<RateUsage> {
    UsageReport::parse(buc, app).combined()
}

/// The latest usage per account.
#[derive(Debug, Default)]
pub(crate) struct UsageBook(Mutex<HashMap<String, RateUsage>>);

impl UsageBook {
    /// Stores each business object's usage under its id, and everything the
    /// answer said under the account the call was made for.
    pub fn record(&self, account: Option<&str>, report: &UsageReport) {
        if report.is_empty() {
            return;
        }
        let mut book = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for (id, u) in &report.per_object {
            book.insert(id.clone(), *u);
        }
        if let (Some(account), Some(all)) = (account, report.combined()) {
            book.insert(account.to_string(), all);
        }
    }

    pub fn get(&self, id: &str) -> Option<RateUsage> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_business_use_case_and_app_usage() {
        let buc = r#"{"17841405309211844":[{"type":"instagram","call_count":85,"total_cputime":20,"total_time":25,"estimated_time_to_regain_access":3}]}"#;
        let u = parse_usage(Some(buc), None).expect("usage");
        assert_eq!(u.call_count, 85.0);
        assert_eq!(u.regain_access_in, Some(Duration::minutes(3)));
        assert!(u.should_slow_down());
        let app = r#"{"call_count":28,"total_time":25,"total_cputime":25}"#;
        let u = parse_usage(None, Some(app)).expect("app usage");
        assert_eq!((u.call_count, u.regain_access_in), (28.0, None));
        assert!(!u.should_slow_down());
        assert_eq!(parse_usage(Some("not json"), None), None);
        assert_eq!(parse_usage(None, None), None);
    }

    #[test]
    fn both_headers_combine_to_the_highest() {
        let buc = r#"{"1784":[{"type":"instagram","call_count":10,"total_cputime":90,"total_time":5,"estimated_time_to_regain_access":0},
                              {"type":"pages","call_count":100,"total_cputime":100,"total_time":100,"estimated_time_to_regain_access":60}]}"#;
        let app = r#"{"call_count":40,"total_time":"7","total_cputime":1}"#;
        let r = UsageReport::parse(Some(buc), Some(app));
        assert_eq!(r.per_object.len(), 1);
        assert_eq!(
            r.per_object[0].1,
            RateUsage {
                call_count: 10.0,
                total_time: 5.0,
                total_cputime: 90.0,
                regain_access_in: None
            },
            "other products' entries ignored when instagram's is there"
        );
        let all = r.combined().unwrap();
        assert_eq!(
            (all.call_count, all.total_time, all.total_cputime),
            (40.0, 7.0, 90.0)
        );
    }

    #[test]
    fn the_book_keeps_the_latest_per_account() {
        let book = UsageBook::default();
        let r = UsageReport::parse(
            Some(
                r#"{"1784":[{"type":"instagram","call_count":50,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}"#,
            ),
            None,
        );
        book.record(Some("me-alias"), &r);
        assert_eq!(book.get("1784").map(|u| u.call_count), Some(50.0));
        assert_eq!(book.get("me-alias").map(|u| u.call_count), Some(50.0));
        book.record(Some("1784"), &UsageReport::default());
        assert_eq!(book.get("1784").map(|u| u.call_count), Some(50.0));
        assert_eq!(book.get("other"), None);
    }
}
