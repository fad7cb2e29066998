//! `/metrics`: Prometheus text with HTTP and Instagram call counters and
//! accounts by status, readable from this machine or with the token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::TestApp;
use secrecy::SecretString;
use socialflow_core::instagram::{InstagramError, LongLivedToken, MockInstagramApi, Profile};
use socialflow_core::{Language, RequestContext};

#[tokio::test]
async fn counts_requests_instagram_calls_and_accounts() {
    let mut ig = MockInstagramApi::new();
    let mut n = 0;
    ig.expect_profile().returning(move |_| {
        n += 1;
        if n == 1 {
            Ok(Profile {
                ig_user_id: "1784".into(),
                username: "acme".into(),
                ..Profile::default()
            })
        } else {
            Err(InstagramError::RateLimited { retry_after: None })
        }
    });
    ig.expect_last_usage().returning(|_| None);
    let app = TestApp::builder().instagram(Arc::new(ig)).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let long = LongLivedToken {
        token: SecretString::from("t".to_string()),
        expires_in: time::Duration::days(60),
        permissions: None,
    };
    let acct = app
        .state
        .accounts
        .attach(alice.id, long, None, &RequestContext::cli())
        .await
        .unwrap()
        .account;
    let _ = app.state.accounts.refresh(alice.id, acct.id).await;
    let c = app.browser();
    c.visit("/login").await;
    c.visit("/nowhere").await;

    let r = c.visit("/metrics").await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("socialflow_http_requests_total{method=\"GET\",status=\"2xx\"}"),
        "{text}"
    );
    assert!(text.contains("socialflow_http_requests_total{method=\"GET\",status=\"4xx\"} 1"));
    assert!(
        text.contains("socialflow_instagram_calls_total{operation=\"profile\",outcome=\"ok\"} 1")
    );
    assert!(text.contains(
        "socialflow_instagram_calls_total{operation=\"profile\",outcome=\"rate_limited\"} 1"
    ));
    assert!(text.contains("socialflow_accounts{status=\"active\"} 1"));
    assert!(text.contains("socialflow_accounts{status=\"needs_reconnect\"} 0"));
    // Requests that came through a proxy are not "from this machine".
    let proxied = c
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(proxied.status(), 403);
}

#[tokio::test]
async fn with_a_token_only_its_holder_reads() {
    let app = TestApp::builder()
        .web(|w| w.metrics_token = Some(SecretString::from("scrape-secret".to_string())))
        .spawn()
        .await;
    let c = app.browser();
    assert_eq!(c.visit("/metrics").await.status(), 403);
    assert_eq!(
        c.get(app.url("/metrics"))
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let ok = c
        .get(app.url("/metrics"))
        .bearer_auth("scrape-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("# EOF"));
}
