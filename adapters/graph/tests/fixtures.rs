//! Parsing and error classification on recorded Graph API payloads
//! (`fixtures/graph/`), one table row per payload.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use socialflow_core::instagram::{InstagramError, MetricValue, RateUsage};
use socialflow_graph::{classify, insights, media_item, profile};
use time::Duration;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../fixtures/graph/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A payload file, the HTTP status it came with, and what it must become.
type Case = (&'static str, u16, Box<dyn Fn(&InstagramError) -> bool>);

#[test]
fn every_error_class_is_recognised() {
    let throttled = RateUsage {
        call_count: 100.0,
        regain_access_in: Some(Duration::minutes(5)),
        ..RateUsage::default()
    };
    let cases: Vec<Case> = vec![
        (
            "error-190-expired.json",
            400,
            Box::new(
                |e| matches!(e, InstagramError::TokenInvalid { message } if message.contains("Session has expired")),
            ),
        ),
        (
            "error-190-invalid.json",
            400,
            Box::new(|e| matches!(e, InstagramError::TokenInvalid { .. })),
        ),
        (
            "error-80002-rate.json",
            400,
            Box::new(|e| {
                *e == InstagramError::RateLimited {
                    retry_after: Some(Duration::minutes(5)),
                }
            }),
        ),
        (
            "error-2-transient.json",
            500,
            Box::new(|e| matches!(e, InstagramError::Transient { .. })),
        ),
        (
            "error-9007-not-ready.json",
            400,
            Box::new(|e| *e == InstagramError::ContainerNotReady),
        ),
        (
            "error-9-quota.json",
            400,
            Box::new(|e| *e == InstagramError::QuotaReached),
        ),
        (
            "error-2534022-window.json",
            403,
            Box::new(|e| *e == InstagramError::OutsideMessagingWindow),
        ),
        (
            "error-551-unavailable.json",
            400,
            Box::new(|e| *e == InstagramError::RecipientUnavailable),
        ),
        (
            "error-10-permission.json",
            403,
            Box::new(|e| matches!(e, InstagramError::PermissionMissing { .. })),
        ),
        (
            "error-100-33-not-found.json",
            400,
            Box::new(|e| matches!(e, InstagramError::NotFound { .. })),
        ),
        (
            "error-100-impressions.json",
            400,
            Box::new(|e| matches!(e, InstagramError::Invalid { code: 100, .. })),
        ),
        (
            "oauth-error-used-code.json",
            400,
            Box::new(
                |e| matches!(e, InstagramError::OAuth { message } if message.contains("has been used")),
            ),
        ),
        (
            "error-9004-media-fetch.json",
            400,
            Box::new(|e| {
                matches!(e, InstagramError::MediaRejected { code: 9004, subcode: Some(2207052), title: Some(t), message }
                    if t.starts_with("Media download has failed") && message.contains("could not be fetched"))
            }),
        ),
        (
            "error-36003-aspect.json",
            400,
            Box::new(
                |e| matches!(e, InstagramError::MediaRejected { code: 36003, title: Some(t), .. } if t == "Invalid aspect ratio"),
            ),
        ),
    ];
    for (file, status, check) in cases {
        let err = classify(status, &fixture(file), Some(throttled));
        assert!(check(&err), "{file} → {err:?}");
    }
    // Without a body Instagram understood, 5xx is transient, 4xx is not.
    assert!(matches!(
        classify(502, "<html>bad gateway</html>", None),
        InstagramError::Transient { .. }
    ));
    assert!(matches!(
        classify(404, "", None),
        InstagramError::Invalid { .. }
    ));
}

#[test]
fn profile_media_and_insights_parse() {
    let p = profile(&serde_json::from_str(&fixture("profile.json")).unwrap());
    assert_eq!(p.ig_user_id, "17841457215396811");
    assert_eq!(p.followers_count, Some(23_353));
    assert_eq!(p.account_type.as_deref(), Some("MEDIA_CREATOR"));

    let page: Value = serde_json::from_str(&fixture("media-page.json")).unwrap();
    let items: Vec<_> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(media_item)
        .collect();
    assert_eq!(items[0].like_count, Some(94));
    assert_eq!(items[0].timestamp.unix_timestamp(), 1_782_125_100);
    assert_eq!(items[1].children.len(), 2);
    assert_eq!(items[1].like_count, None, "absent stays absent");

    let series = insights(&serde_json::from_str(&fixture("insights-time-series.json")).unwrap());
    assert_eq!(series[0].values.len(), 2);
    assert_eq!(series[0].values[1].value, MetricValue::Number(19));
    let total = insights(&serde_json::from_str(&fixture("insights-total-value.json")).unwrap());
    let t = total[0].total.as_ref().unwrap();
    assert_eq!(t.value, 224);
    assert_eq!(
        t.breakdowns[0].results[1].dimension_values,
        vec!["CAROUSEL_CONTAINER"]
    );
}
