//! Parsing and error classification on recorded Graph API payloads
//! (`fixtures/graph/`), one table row per payload.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use secrecy::ExposeSecret;
use socialflow_core::instagram::{ContainerStatus, InstagramError, MediaType, MetricValue};
use socialflow_graph::usage::UsageReport;
use socialflow_graph::{Host, classify, convert};
use time::Duration;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../fixtures/graph/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("fixtures/graph/{name}: {e}"))
}

/// A payload file, the host and HTTP status it came with, and what it must
/// become.
type Case = (
    &'static str,
    Host,
    u16,
    Box<dyn Fn(&InstagramError) -> bool>,
);

fn token_invalid(e: &InstagramError) -> bool {
    matches!(e, InstagramError::TokenInvalid { .. })
}
fn transient(e: &InstagramError) -> bool {
    matches!(e, InstagramError::Transient { .. })
}
fn permission(e: &InstagramError) -> bool {
    matches!(e, InstagramError::PermissionMissing { .. })
}
fn rate_limited_5m(e: &InstagramError) -> bool {
    *e == InstagramError::RateLimited {
        retry_after: Some(Duration::minutes(5)),
    }
}

#[test]
fn every_error_class_is_recognised() {
    use Host::{Graph, OAuth, Upload};
    let cases: Vec<Case> = vec![
        // Token invalid: 190 with and without subcodes.
        (
            "error-190-expired.json",
            Graph,
            400,
            Box::new(
                |e| matches!(e, InstagramError::TokenInvalid { message } if message.contains("Session has expired")),
            ),
        ),
        (
            "error-190-invalid.json",
            Graph,
            400,
            Box::new(token_invalid),
        ),
        (
            "error-190-460-password-changed.json",
            Graph,
            400,
            Box::new(token_invalid),
        ),
        // Rate limits: every code, the wait from the usage headers.
        (
            "error-80002-rate.json",
            Graph,
            400,
            Box::new(rate_limited_5m),
        ),
        (
            "error-4-app-rate.json",
            Graph,
            400,
            Box::new(rate_limited_5m),
        ),
        (
            "error-17-user-rate.json",
            Graph,
            400,
            Box::new(rate_limited_5m),
        ),
        (
            "error-32-page-rate.json",
            Graph,
            400,
            Box::new(rate_limited_5m),
        ),
        (
            "error-613-custom-rate.json",
            Graph,
            400,
            Box::new(rate_limited_5m),
        ),
        (
            "error-368-blocked.json",
            Graph,
            400,
            Box::new(rate_limited_5m),
        ),
        // Transient: 1, 2 (is_transient), 24 (media not ready yet).
        ("error-2-transient.json", Graph, 500, Box::new(transient)),
        ("error-1-unknown.json", Graph, 400, Box::new(transient)),
        (
            "error-500-code-1-no-subcode.json",
            Graph,
            500,
            Box::new(transient),
        ),
        (
            "error-24-not-ready-yet.json",
            Graph,
            400,
            Box::new(transient),
        ),
        // Publishing.
        (
            "error-9007-not-ready.json",
            Graph,
            400,
            Box::new(|e| *e == InstagramError::ContainerNotReady),
        ),
        (
            "error-9-quota.json",
            Graph,
            400,
            Box::new(|e| *e == InstagramError::QuotaReached),
        ),
        (
            "error-2207020-expired.json",
            Graph,
            400,
            Box::new(|e| matches!(e, InstagramError::NotFound { .. })),
        ),
        // Messaging.
        (
            "error-2534022-window.json",
            Graph,
            403,
            Box::new(|e| *e == InstagramError::OutsideMessagingWindow),
        ),
        (
            "error-551-unavailable.json",
            Graph,
            400,
            Box::new(|e| *e == InstagramError::RecipientUnavailable),
        ),
        // Permissions: 10 (other than the window), 3, 200–299.
        ("error-10-permission.json", Graph, 403, Box::new(permission)),
        (
            "error-10-not-enough-viewers.json",
            Graph,
            400,
            Box::new(permission),
        ),
        ("error-3-capability.json", Graph, 400, Box::new(permission)),
        (
            "error-200-permission.json",
            Graph,
            403,
            Box::new(permission),
        ),
        // Not found, invalid.
        (
            "error-100-33-not-found.json",
            Graph,
            400,
            Box::new(|e| matches!(e, InstagramError::NotFound { .. })),
        ),
        (
            "error-100-impressions.json",
            Graph,
            400,
            Box::new(|e| matches!(e, InstagramError::Invalid { code: 100, .. })),
        ),
        // Media rejected, with Instagram's user-facing texts.
        (
            "error-9004-media-fetch.json",
            Graph,
            400,
            Box::new(|e| {
                matches!(e, InstagramError::MediaRejected { code: 9004, subcode: Some(2207052), title: Some(t), message }
                    if t.starts_with("Media download has failed") && message.contains("could not be fetched"))
            }),
        ),
        (
            "error-36003-aspect.json",
            Graph,
            400,
            Box::new(
                |e| matches!(e, InstagramError::MediaRejected { code: 36003, title: Some(t), .. } if t == "Invalid aspect ratio"),
            ),
        ),
        (
            "error-36000-too-large.json",
            Graph,
            400,
            Box::new(
                |e| matches!(e, InstagramError::MediaRejected { code: 36000, subcode: Some(2207004), message, .. } if message.contains("8 MiB")),
            ),
        ),
        (
            "error-36001-format.json",
            Graph,
            400,
            Box::new(|e| matches!(e, InstagramError::MediaRejected { code: 36001, .. })),
        ),
        (
            "error-36004-caption.json",
            Graph,
            400,
            Box::new(|e| matches!(e, InstagramError::MediaRejected { code: 36004, .. })),
        ),
        (
            "error-352-video-format.json",
            Graph,
            400,
            // No user texts: Instagram's message is the fallback.
            Box::new(
                |e| matches!(e, InstagramError::MediaRejected { code: 352, title: None, message, .. } if message.contains("format")),
            ),
        ),
        (
            "error-100-2207028-carousel.json",
            Graph,
            400,
            Box::new(|e| {
                matches!(
                    e,
                    InstagramError::MediaRejected {
                        code: 100,
                        subcode: Some(2207028),
                        ..
                    }
                )
            }),
        ),
        // The OAuth host's own shape.
        (
            "oauth-error-used-code.json",
            OAuth,
            400,
            Box::new(
                |e| matches!(e, InstagramError::OAuth { message } if message.contains("has been used")),
            ),
        ),
        (
            "oauth-error-invalid-platform-app.json",
            OAuth,
            400,
            Box::new(
                |e| matches!(e, InstagramError::OAuth { message } if message == "Invalid platform app"),
            ),
        ),
        // rupload's shape.
        (
            "upload-error-unauthorized.json",
            Upload,
            401,
            Box::new(token_invalid),
        ),
    ];
    let throttled = UsageReport::parse(Some(&fixture("usage-buc-header-throttled.json")), None);
    assert_eq!(throttled.regain_access_in(), Some(Duration::minutes(12)));
    for (file, host, status, check) in cases {
        let err = classify(host, status, &fixture(file), Some(Duration::minutes(5)));
        assert!(check(&err), "{file} → {err:?}");
    }
}

#[test]
fn token_answers_in_every_shape() {
    let flat = convert::short_lived_token(&fixture("token-flat.json")).unwrap();
    assert_eq!(
        flat.user_id, "27281358591558845",
        "a number above 2^53, exact"
    );
    assert_eq!(flat.token.expose_secret(), "IGAAOEcfExampleShortLived");
    assert_eq!(flat.permissions.as_ref().map(Vec::len), Some(2));

    let wrapped = convert::short_lived_token(&fixture("token-wrapped.json")).unwrap();
    assert_eq!(wrapped.user_id, "1020304050");
    assert_eq!(
        wrapped.permissions.unwrap(),
        vec![
            "instagram_business_basic",
            "instagram_business_content_publish"
        ]
    );

    let array = convert::short_lived_token(&fixture("token-flat-array-permissions.json")).unwrap();
    assert_eq!(
        array.permissions.unwrap(),
        vec![
            "instagram_business_basic",
            "instagram_business_manage_messages"
        ]
    );

    let long = convert::long_lived_token(&fixture("token-long-lived.json")).unwrap();
    assert_eq!(long.expires_in, Duration::seconds(5_183_944));
    assert_eq!(long.permissions, None);
    let refreshed =
        convert::long_lived_token(&fixture("token-refreshed-with-permissions.json")).unwrap();
    assert_eq!(refreshed.permissions.map(|p| p.len()), Some(2));
}

#[test]
fn profiles_flat_and_wrapped() {
    let p = convert::profile(&fixture("profile.json")).unwrap();
    assert_eq!(p.app_scoped_id, "27281358591558845");
    assert_eq!(p.ig_user_id, "17841457215396811");
    assert_eq!(p.followers_count, Some(23_353));
    assert_eq!(p.account_type.as_deref(), Some("MEDIA_CREATOR"));
    assert_eq!(p.website, None, "missing stays missing");

    let w = convert::profile(&fixture("profile-wrapped-docs.json")).unwrap();
    assert_eq!(w.username, "acme");
    assert_eq!(w.followers_count, Some(23_353), "a count sent as a string");
    assert_eq!(w.account_type.as_deref(), Some("BUSINESS"), "upper-cased");
}

#[test]
fn media_pages_and_cursors() {
    let page = convert::media_page(&fixture("media-page.json")).unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(
        page.next.as_deref(),
        Some("QVFIUzC"),
        "the after cursor, not the next URL"
    );
    let first = &page.items[0];
    assert_eq!(first.like_count, Some(94));
    assert_eq!(first.timestamp.unix_timestamp(), 1_782_125_100);
    assert_eq!(first.media_type, MediaType::Image);
    let album = &page.items[1];
    assert_eq!(album.media_type, MediaType::CarouselAlbum);
    assert_eq!(album.children.len(), 2);
    assert_eq!(
        album.children[1].thumbnail_url.as_deref(),
        Some("https://scontent.example/c2.jpg")
    );
    assert_eq!(album.like_count, None, "absent stays absent");
    assert_eq!(album.media_url, None);

    let last = convert::media_page(&fixture("media-page-last.json")).unwrap();
    assert_eq!(last.next, None, "no next URL: the last page");
    assert_eq!(last.items[0].media_product_type.as_deref(), Some("REELS"));
    assert_eq!(last.items[0].comments_count, Some(0));
}

#[test]
fn comments_with_replies() {
    let page = convert::comments_page(&fixture("comments-page.json")).unwrap();
    assert_eq!(page.next.as_deref(), Some("QVFIUzB"));
    let c = &page.items[0];
    assert_eq!(c.username.as_deref(), Some("someone"));
    assert_eq!(c.from_id.as_deref(), Some("6543210987654321"));
    assert_eq!(c.replies.len(), 1);
    assert_eq!(c.replies[0].parent_id.as_deref(), Some("17870913679156914"));
    let hidden = &page.items[1];
    assert!(hidden.hidden);
    assert_eq!(hidden.username.as_deref(), Some("spammer"), "from.username");
    assert_eq!(hidden.like_count, None);
}

#[test]
fn conversations_and_messages() {
    let page = convert::conversations_page(&fixture("conversations-page.json")).unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.next.as_deref(), Some("QVFIUzD"));
    assert_eq!(page.items[0].participants.len(), 2);
    assert_eq!(
        page.items[1].updated_time.map(|t| t.unix_timestamp()),
        Some(1_718_000_000),
        "a Unix updated_time"
    );

    let messages = convert::conversation_messages(&fixture("conversation-messages.json")).unwrap();
    assert_eq!(messages.len(), 2);
    assert!(messages[0].created_time > messages[1].created_time);
    assert_eq!(messages[0].from.username.as_deref(), Some("customer"));
    assert_eq!(messages[0].to[0].id, "17841457215396811");
    assert_eq!(messages[1].text, None);
    assert_eq!(
        messages[1].attachments[0].url.as_deref(),
        Some("https://lookaside.example/1.jpg")
    );

    let sent = convert::sent_message(&fixture("message-sent.json")).unwrap();
    assert_eq!(sent.recipient_id, "6543210987654321");
}

#[test]
fn insights_in_every_shape() {
    let series = convert::insights(&fixture("insights-time-series.json")).unwrap();
    assert_eq!(series[0].name, "follower_count");
    assert_eq!(series[0].values.len(), 2);
    assert_eq!(series[0].values[1].value, MetricValue::Number(19));
    assert!(series[0].values[1].end_time.is_some());
    assert!(series[0].total.is_none());

    let total = convert::insights(&fixture("insights-total-value.json")).unwrap();
    let t = total[0].total.as_ref().unwrap();
    assert_eq!(t.value, 224);
    assert_eq!(t.breakdowns[0].dimension_keys, vec!["media_product_type"]);
    assert_eq!(
        t.breakdowns[0].results[1].dimension_values,
        vec!["CAROUSEL_CONTAINER"]
    );
    assert_eq!(t.breakdowns[0].results[1].value, 100);

    let media = convert::insights(&fixture("insights-media-lifetime.json")).unwrap();
    assert_eq!(media.len(), 2);
    assert_eq!(media[1].period, "lifetime");
    assert_eq!(media[1].values[0].value, MetricValue::Number(3410));

    let online = convert::insights(&fixture("insights-online-followers.json")).unwrap();
    let MetricValue::Map(hours) = &online[0].values[0].value else {
        panic!("online_followers is a map")
    };
    assert_eq!(hours.get("2"), Some(&77));

    assert!(
        convert::insights(&fixture("insights-empty.json"))
            .unwrap()
            .is_empty(),
        "no zeros invented"
    );
}

#[test]
fn publishing_answers() {
    let c = convert::created_container(&fixture("container-created.json")).unwrap();
    assert_eq!((c.id.as_str(), c.upload_uri), ("17889455560051444", None));
    let r = convert::created_container(&fixture("container-created-resumable.json")).unwrap();
    assert!(
        r.upload_uri
            .unwrap()
            .starts_with("https://rupload.facebook.com/ig-api-upload/")
    );
    assert_eq!(
        convert::container_status(&fixture("container-status-finished.json")).unwrap(),
        ContainerStatus::Finished
    );
    assert_eq!(
        convert::container_status(&fixture("container-status-error.json")).unwrap(),
        ContainerStatus::Error("Error: Media upload has failed with error code 2207082".into())
    );
    let limit = convert::publishing_limit(&fixture("publishing-limit.json")).unwrap();
    assert_eq!(limit.quota_usage, 2);
    assert_eq!(limit.quota_total, Some(50));
    assert_eq!(limit.quota_duration, Some(Duration::hours(24)));
    assert_eq!(
        convert::created_id(&fixture("media-published.json")).unwrap(),
        "17920238422030506"
    );
    convert::success(&fixture("upload-success.json")).unwrap();
}

#[test]
fn usage_headers() {
    let buc = UsageReport::parse(Some(&fixture("usage-buc-header.json")), None);
    assert_eq!(buc.per_object[0].0, "17841457215396811");
    let u = buc.per_object[0].1;
    assert_eq!(
        (u.call_count, u.total_cputime, u.total_time),
        (85.0, 20.0, 25.0)
    );
    assert_eq!(u.regain_access_in, None, "0 minutes: not throttled");
    assert!(u.should_slow_down(), "85 % is past the 80 % mark");

    let app = UsageReport::parse(None, Some(&fixture("usage-app-header.json")));
    assert_eq!(app.app.map(|u| u.call_count), Some(28.0));
    assert!(!app.combined().unwrap().should_slow_down());
}
