//! Injected faults, usage headers and the request log.

use std::time::Duration;

use socialflow_fake_graph::{FakeGraphConfig, FaultKind};

use crate::helpers::Fake;

#[tokio::test]
async fn server_errors_rate_limits_and_permission_faults() {
    let f = Fake::demo().await;
    let faults = f.fake.faults();

    faults.fail_next(1, FaultKind::ServerError);
    let e = f.get("me", &[]).await;
    assert_eq!((e.status, e.code()), (500, 2));
    assert_eq!(e.body["error"]["is_transient"], true);
    f.get("me", &[]).await.ok();

    faults.fail_next(1, FaultKind::RateLimited(80002));
    let e = f.get("me/media", &[]).await;
    assert_eq!(e.code(), 80002);
    let usage = e.usage();
    assert_eq!(usage["type"], "instagram");
    assert_eq!(usage["call_count"], 100);
    assert_eq!(usage["estimated_time_to_regain_access"], 5);

    faults.fail_next(1, FaultKind::RateLimited(4));
    let e = f.get("me", &[]).await;
    assert_eq!(e.message(), "(#4) Application request limit reached");
    faults.fail_next(1, FaultKind::RateLimited(17));
    assert_eq!(f.get("me", &[]).await.code(), 17);

    faults.fail_next(1, FaultKind::TokenExpired);
    let e = f.get("me", &[]).await;
    assert_eq!((e.code(), e.subcode()), (190, 463));

    faults.fail_next(1, FaultKind::PermissionMissing);
    let e = f.get("me/media", &[]).await;
    assert_eq!((e.status, e.code()), (403, 10));

    // Only the calls that match.
    faults.fail_next_matching("media_publish", 1, FaultKind::ServerError);
    f.get("me", &[]).await.ok();
    assert_eq!(
        f.post("me/media_publish", &[("creation_id", "1")])
            .await
            .code(),
        2
    );
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_and_the_next_call_works() {
    let f = Fake::demo().await;
    f.fake.faults().fail_next(1, FaultKind::DropConnection);
    let err = f
        .http
        .get(f.url("me"))
        .query(&[("access_token", &f.token)])
        .send()
        .await
        .expect_err("no answer");
    assert!(!err.is_timeout(), "{err:?}");
    assert!(err.status().is_none());
    f.get("me", &[]).await.ok();
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let f = Fake::demo().await;
    f.fake.faults().latency(Duration::from_millis(300));
    let t = std::time::Instant::now();
    f.get("me", &[]).await.ok();
    assert!(t.elapsed() >= Duration::from_millis(300));
    f.fake.faults().clear();
    let t = std::time::Instant::now();
    f.get("me", &[]).await.ok();
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn usage_headers_rise_with_calls_and_the_allowance_can_bite() {
    let f = Fake::with(FakeGraphConfig {
        call_allowance: 10,
        enforce_call_allowance: true,
        app_usage_header: true,
        ..FakeGraphConfig::default()
    })
    .await;
    let mut last = 0;
    for _ in 0..10 {
        let a = f.get("me", &[]).await;
        assert!(a.header("x-app-usage").is_some());
        let count = a.usage()["call_count"].as_i64().unwrap();
        assert!(count > last, "{count} after {last}");
        last = count;
        a.ok();
    }
    assert_eq!(last, 100);
    let over = f.get("me", &[]).await;
    assert_eq!(over.code(), 80002);
    assert_eq!(over.usage()["estimated_time_to_regain_access"], 5);
    f.fake.advance(Duration::from_secs(24 * 3600 + 1));
    f.get("me", &[]).await.ok();
}

#[tokio::test]
async fn every_graph_answer_reports_usage_and_the_log_hides_tokens() {
    let f = Fake::demo().await;
    let a = f.get("me", &[("fields", "username")]).await;
    assert_eq!(a.usage()["estimated_time_to_regain_access"], 0);
    let err = f.get("me", &[("fields", "nope")]).await;
    assert!(err.header("x-business-use-case-usage").is_some());
    let log = f.fake.requests();
    assert!(log.len() >= 2);
    assert!(
        log.iter()
            .all(|r| !r.query.contains(&f.token) && !r.path.contains(&f.token))
    );
    assert!(
        log.iter()
            .any(|r| r.path == "/v25.0/me" && r.status == 400 && r.query.contains("REDACTED"))
    );
}
