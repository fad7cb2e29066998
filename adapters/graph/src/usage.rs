use serde_json::Value;
use socialflow_core::instagram::RateUsage;
use time::Duration;

fn num(v: &Value, k: &str) -> f64 {
    v.get(k)
        .and_then(|x| {
            x.as_f64()
                .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
        })
        .unwrap_or(0.0)
}

/// Reads `X-Business-Use-Case-Usage` (type `instagram`) or, failing that,
/// `X-App-Usage`. Both are JSON in a header; percentages 0–100.
pub fn parse_usage(buc: Option<&str>, app: Option<&str>) -> Option<RateUsage> {
    if let Some(v) = buc.and_then(|h| serde_json::from_str::<Value>(h).ok()) {
        let entries = v
            .as_object()?
            .values()
            .filter_map(Value::as_array)
            .flatten();
        let mut best: Option<RateUsage> = None;
        for e in entries {
            if e.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t != "instagram")
            {
                continue;
            }
            let minutes = num(e, "estimated_time_to_regain_access");
            let u = RateUsage {
                call_count: num(e, "call_count"),
                total_time: num(e, "total_time"),
                total_cputime: num(e, "total_cputime"),
                regain_access_in: (minutes > 0.0)
                    .then(|| Duration::seconds((minutes * 60.0) as i64)),
            };
            if best.is_none_or(|b| u.peak() > b.peak()) {
                best = Some(u);
            }
        }
        if best.is_some() {
            return best;
        }
    }
    let v = serde_json::from_str::<Value>(app?).ok()?;
    Some(RateUsage {
        call_count: num(&v, "call_count"),
        total_time: num(&v, "total_time"),
        total_cputime: num(&v, "total_cputime"),
        regain_access_in: None,
    })
}

#[cfg(test)]
mod tests {
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
    }
}
