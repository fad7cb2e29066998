//! The Graph client against the fake Instagram over real HTTP: OAuth, tokens,
//! paging, comments, messages, insights, publishing, and every error class
//! from injected faults. Also checks a token never shows in an error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{Route, Server, get, handler};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::instagram::*;
use socialflow_fake_graph::{
    FakeGraph, FakeGraphConfig, FaultKind, RunningFakeGraph, SeededAccount,
};
use socialflow_graph::{GraphClient, GraphConfig};

const REDIRECT: &str = "https://social.example/oauth/instagram/callback";

struct Setup {
    fake: FakeGraph,
    _running: RunningFakeGraph,
    client: GraphClient,
    account: SeededAccount,
    access: IgAccess,
}

async fn setup_with(config: FakeGraphConfig) -> Setup {
    let fake = FakeGraph::new(config);
    let running = fake.start().await.unwrap();
    let account = fake.seed_demo();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        REDIRECT,
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    cfg.timeout = Duration::from_secs(5);
    let client = GraphClient::new(cfg).unwrap();
    let access = IgAccess {
        ig_user_id: account.ig_user_id.clone(),
        token: SecretString::from(fake.issue_token(&account)),
    };
    Setup {
        fake,
        _running: running,
        client,
        account,
        access,
    }
}

async fn setup() -> Setup {
    setup_with(FakeGraphConfig::default()).await
}

/// Follows the authorize URL as a browser would and returns the callback URL.
async fn consent(url: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = browser.get(url).send().await.unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    r.headers()["location"].to_str().unwrap().to_string()
}

fn query_param(url: &str, key: &str) -> Option<String> {
    let q = url.split_once('?')?.1.split('#').next()?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

#[tokio::test]
async fn oauth_code_to_long_lived_token_to_profile() {
    let s = setup().await;
    let url = s.client.authorize_url("state-123", &Scope::ALL);
    assert!(
        url.contains("scope=instagram_business_basic%2Cinstagram_business_content_publish"),
        "{url}"
    );
    let back = consent(&url).await;
    assert!(back.starts_with(REDIRECT));
    assert_eq!(query_param(&back, "state").as_deref(), Some("state-123"));
    let code = query_param(&back, "code").unwrap();

    let short = s.client.exchange_code(&code).await.unwrap();
    assert_eq!(
        short.user_id, s.account.app_scoped_id,
        "a number above 2^53 read exactly"
    );
    assert_eq!(short.permissions.as_ref().map(Vec::len), Some(5));
    // Codes are single use.
    let again = s.client.exchange_code(&code).await.unwrap_err();
    assert!(
        matches!(again, InstagramError::OAuth { ref message } if message.contains("has been used")),
        "{again:?}"
    );

    let long = s.client.exchange_long_lived(&short.token).await.unwrap();
    assert!(long.expires_in > time::Duration::days(59));
    let profile = s.client.profile(&long.token).await.unwrap();
    assert_eq!(profile.username, "demo_roastery");
    assert_eq!(profile.ig_user_id, s.account.ig_user_id);
    assert_eq!(profile.followers_count, Some(23_353));
}

#[tokio::test]
async fn denied_consent_and_wrapped_token_answers() {
    let s = setup_with(FakeGraphConfig {
        token_response: socialflow_fake_graph::TokenResponseShape::Wrapped,
        ..FakeGraphConfig::default()
    })
    .await;
    s.fake.faults().deny_next_consent();
    let back = consent(&s.client.authorize_url("st", &Scope::ALL)).await;
    assert_eq!(
        query_param(&back, "error").as_deref(),
        Some("access_denied")
    );
    let back = consent(&s.client.authorize_url("st", &Scope::ALL)).await;
    let short = s
        .client
        .exchange_code(&query_param(&back, "code").unwrap())
        .await
        .unwrap();
    assert_eq!(short.user_id, s.account.app_scoped_id);
}

#[tokio::test]
async fn refreshing_needs_a_day_old_token() {
    let s = setup().await;
    let early = s.client.refresh_token(&s.access.token).await.unwrap_err();
    assert!(
        matches!(early, InstagramError::TokenInvalid { .. }),
        "{early:?}"
    );
    s.fake.advance(Duration::from_secs(25 * 3600));
    let fresh = s.client.refresh_token(&s.access.token).await.unwrap();
    assert_ne!(fresh.token.expose_secret(), s.access.token.expose_secret());
    s.fake.advance(Duration::from_secs(61 * 24 * 3600));
    let expired = s.client.profile(&fresh.token).await.unwrap_err();
    assert!(matches!(expired, InstagramError::TokenInvalid { .. }));
}

#[tokio::test]
async fn media_pages_are_followed_to_the_end() {
    let s = setup().await;
    let all = collect_pages(500, |after| s.client.media_page(&s.access, after, 20))
        .await
        .unwrap();
    assert_eq!(all.len(), 50);
    assert!(
        all.windows(2).all(|w| w[0].timestamp >= w[1].timestamp),
        "newest first"
    );
    assert!(
        all.iter()
            .any(|m| m.media_type == MediaType::CarouselAlbum && m.children.len() == 2)
    );
    assert!(
        all.iter()
            .any(|m| m.media_product_type.as_deref() == Some("REELS") && m.thumbnail_url.is_some())
    );
    let first = s.client.media_page(&s.access, None, 20).await.unwrap();
    assert_eq!(first.items.len(), 20);
    assert!(first.next.is_some());
    // Usage headers are read and kept per account.
    let usage = s.client.last_usage(&s.account.ig_user_id).expect("usage");
    assert!(usage.call_count < 100.0);
}

#[tokio::test]
async fn comments_with_replies_and_every_action() {
    let s = setup().await;
    let media = s
        .client
        .media_page(&s.access, None, 50)
        .await
        .unwrap()
        .items;
    let with_comments = media
        .iter()
        .find(|m| m.comments_count.unwrap_or(0) >= 2)
        .unwrap();
    let page = s
        .client
        .comments_page(&s.access, &with_comments.id, None, 50)
        .await
        .unwrap();
    assert!(page.items.len() >= 2);
    assert!(
        page.items.iter().all(|c| c.parent_id.is_none()),
        "top level only"
    );
    assert!(
        page.items.iter().any(|c| !c.replies.is_empty())
            || media.iter().any(|m| m.comments_count == Some(1)),
        "replies come nested"
    );

    let target = &page.items[0];
    let reply_id = s
        .client
        .reply_to_comment(&s.access, &target.id, "Thanks!")
        .await
        .unwrap();
    let new_id = s
        .client
        .comment_on_media(&s.access, &with_comments.id, "Order via link in bio")
        .await
        .unwrap();
    s.client
        .set_comment_hidden(&s.access, &target.id, true)
        .await
        .unwrap();
    let after = s
        .client
        .comments_page(&s.access, &with_comments.id, None, 50)
        .await
        .unwrap()
        .items;
    let t = after.iter().find(|c| c.id == target.id).unwrap();
    assert!(t.hidden);
    assert!(
        t.replies
            .iter()
            .any(|r| r.id == reply_id && r.text == "Thanks!")
    );
    assert!(after.iter().any(|c| c.id == new_id));
    s.client.delete_comment(&s.access, &new_id).await.unwrap();
    let gone = s
        .client
        .delete_comment(&s.access, &new_id)
        .await
        .unwrap_err();
    assert!(matches!(gone, InstagramError::NotFound { .. }), "{gone:?}");
}

#[tokio::test]
async fn conversations_messages_and_the_window() {
    let s = setup().await;
    let convs = collect_pages(100, |after| {
        s.client.conversations_page(&s.access, after, 4)
    })
    .await
    .unwrap();
    assert_eq!(convs.len(), 6);
    let peer = |c: &Conversation| {
        c.participants
            .iter()
            .find(|p| p.id != s.account.ig_user_id)
            .cloned()
            .unwrap()
    };
    let first = &convs[0];
    let messages = s
        .client
        .conversation_messages(&s.access, &first.id)
        .await
        .unwrap();
    assert_eq!(messages.len(), 3);
    assert!(
        messages[0].created_time >= messages[1].created_time,
        "newest first"
    );
    let sent = s
        .client
        .send_message(
            &s.access,
            &peer(first).id,
            "Your order is on its way",
            MessageTag::Response,
        )
        .await
        .unwrap();
    assert_eq!(sent.recipient_id, peer(first).id);

    // The conversation last active 70 hours ago is outside the 24 h window,
    // but inside the human agent's 7 days.
    let old = &convs[3];
    let refused = s
        .client
        .send_message(&s.access, &peer(old).id, "hello", MessageTag::Response)
        .await
        .unwrap_err();
    assert_eq!(refused, InstagramError::OutsideMessagingWindow);
    s.client
        .send_message(&s.access, &peer(old).id, "hello", MessageTag::HumanAgent)
        .await
        .unwrap();
}

#[tokio::test]
async fn insights_and_deprecated_metrics() {
    let s = setup().await;
    let q = InsightsQuery {
        metrics: vec!["follower_count".into()],
        period: "day".into(),
        metric_type: Some(MetricType::TimeSeries),
        breakdown: None,
        timeframe: None,
        since: None,
        until: None,
    };
    let series = s.client.account_insights(&s.access, &q).await.unwrap();
    assert_eq!(series[0].values.len(), 30);
    let demographics = InsightsQuery {
        metrics: vec!["follower_demographics".into()],
        period: "lifetime".into(),
        metric_type: Some(MetricType::TotalValue),
        breakdown: Some("country".into()),
        timeframe: Some("this_month".into()),
        ..q.clone()
    };
    let d = s
        .client
        .account_insights(&s.access, &demographics)
        .await
        .unwrap();
    assert!(
        !d[0].total.as_ref().unwrap().breakdowns[0]
            .results
            .is_empty()
    );
    let old = InsightsQuery {
        metrics: vec!["impressions".into()],
        ..q
    };
    assert!(matches!(
        s.client.account_insights(&s.access, &old).await,
        Err(InstagramError::Invalid { code: 100, .. })
    ));
}

#[handler]
fn jpeg() -> Vec<u8> {
    // A minimal JPEG header is all the fake checks.
    vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF,
        0xD9,
    ]
}

#[handler]
fn png() -> Vec<u8> {
    vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]
}

async fn media_host() -> (String, tokio::task::JoinHandle<()>) {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
    let app = Route::new()
        .at("/photo.jpg", get(jpeg))
        .at("/photo.png", get(png));
    let task = tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor).run(app).await;
    });
    (format!("http://{addr}"), task)
}

#[tokio::test]
async fn publishing_an_image_end_to_end() {
    let s = setup_with(FakeGraphConfig {
        image_processing: Duration::from_millis(300),
        quota_total: 1,
        ..FakeGraphConfig::default()
    })
    .await;
    let (host, _task) = media_host().await;
    let mut req = ContainerRequest::new(ContainerSpec::Image {
        image_url: format!("{host}/photo.jpg"),
        alt_text: Some("a cup".into()),
    });
    req.caption = Some("Morning roast #coffee".into());
    let container = s.client.create_container(&s.access, &req).await.unwrap();
    assert_eq!(
        s.client
            .container_status(&s.access, &container.id)
            .await
            .unwrap(),
        ContainerStatus::InProgress
    );
    let early = s
        .client
        .publish_container(&s.access, &container.id)
        .await
        .unwrap_err();
    assert_eq!(early, InstagramError::ContainerNotReady);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        s.client
            .container_status(&s.access, &container.id)
            .await
            .unwrap(),
        ContainerStatus::Finished
    );
    let media_id = s
        .client
        .publish_container(&s.access, &container.id)
        .await
        .unwrap();
    assert_eq!(
        s.client
            .container_status(&s.access, &container.id)
            .await
            .unwrap(),
        ContainerStatus::Published
    );
    // Publishing the same container again makes no second post.
    let again = s
        .client
        .publish_container(&s.access, &container.id)
        .await
        .unwrap();
    assert_eq!(again, media_id);
    assert_eq!(s.fake.published_media(&s.account).len(), 1);
    let item = s.client.media_item(&s.access, &media_id).await.unwrap();
    assert!(
        item.permalink
            .unwrap()
            .starts_with("https://www.instagram.com/p/")
    );

    let limit = s.client.publishing_limit(&s.access).await.unwrap();
    assert_eq!((limit.quota_usage, limit.quota_total), (1, Some(1)));
    let second = s.client.create_container(&s.access, &req).await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        s.client
            .publish_container(&s.access, &second.id)
            .await
            .unwrap_err(),
        InstagramError::QuotaReached
    );

    // Media Instagram cannot fetch or will not take.
    let not_jpeg = ContainerRequest::new(ContainerSpec::Image {
        image_url: format!("{host}/photo.png"),
        alt_text: None,
    });
    let err = s
        .client
        .create_container(&s.access, &not_jpeg)
        .await
        .unwrap_err();
    assert!(
        matches!(err, InstagramError::MediaRejected { code: 36001, .. }),
        "{err:?}"
    );
    let missing = ContainerRequest::new(ContainerSpec::Image {
        image_url: format!("{host}/nowhere.jpg"),
        alt_text: None,
    });
    let err = s
        .client
        .create_container(&s.access, &missing)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            InstagramError::MediaRejected {
                code: 9004,
                title: Some(_),
                ..
            }
        ),
        "{err:?}"
    );
    let one = ContainerRequest::new(ContainerSpec::Carousel {
        children: vec![container.id.clone()],
    });
    let err = s
        .client
        .create_container(&s.access, &one)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            InstagramError::MediaRejected {
                subcode: Some(2207028),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn resumable_video_upload_streams_the_file() {
    let s = setup().await;
    let mut req = ContainerRequest::new(ContainerSpec::Reel {
        video_url: None,
        share_to_feed: true,
        cover_url: None,
        thumb_offset_ms: Some(1000),
    });
    req.resumable = true;
    let container = s.client.create_container(&s.access, &req).await.unwrap();
    assert!(container.upload_uri.is_some());
    let dir = std::env::temp_dir().join(format!("sf-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("clip.mp4");
    std::fs::write(&path, vec![7u8; 300_000]).unwrap();
    s.client
        .upload_video(
            &s.access,
            &container,
            &UploadSource::File {
                path: path.clone(),
                size: 300_000,
            },
        )
        .await
        .unwrap();
    let wrong = s
        .client
        .upload_video(&s.access, &container, &UploadSource::File { path, size: 5 })
        .await;
    assert!(wrong.is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn injected_faults_map_to_error_classes_and_never_leak_the_token() {
    let s = setup().await;
    let f = s.fake.faults();
    let token = s.access.token.expose_secret().to_string();

    f.fail_next(1, FaultKind::ServerError);
    let e = s.client.profile(&s.access.token).await.unwrap_err();
    assert!(matches!(e, InstagramError::Transient { .. }), "{e:?}");

    f.fail_next(1, FaultKind::RateLimited(80002));
    let e = s.client.media_page(&s.access, None, 5).await.unwrap_err();
    assert_eq!(
        e,
        InstagramError::RateLimited {
            retry_after: Some(time::Duration::minutes(5))
        }
    );
    assert!(
        s.client
            .last_usage(&s.account.ig_user_id)
            .unwrap()
            .should_slow_down()
    );

    f.fail_next(1, FaultKind::TokenExpired);
    assert!(matches!(
        s.client.profile(&s.access.token).await,
        Err(InstagramError::TokenInvalid { .. })
    ));

    f.fail_next(1, FaultKind::PermissionMissing);
    assert!(matches!(
        s.client.media_page(&s.access, None, 5).await,
        Err(InstagramError::PermissionMissing { .. })
    ));

    f.fail_next(1, FaultKind::DropConnection);
    let e = s.client.media_page(&s.access, None, 5).await.unwrap_err();
    assert!(matches!(e, InstagramError::Transient { .. }), "{e:?}");
    assert!(
        !format!("{e} {e:?}").contains(&token),
        "the token leaked into an error: {e:?}"
    );

    // A timeout is transient too, and names no URL.
    f.latency(Duration::from_secs(6));
    let e = s.client.profile(&s.access.token).await.unwrap_err();
    assert!(
        matches!(e, InstagramError::Transient { ref message } if message.contains("timed out")),
        "{e:?}"
    );
    assert!(!format!("{e:?}").contains(&token));
    f.clear();

    // An unknown token.
    let bogus = SecretString::from("IGAA-not-a-token".to_string());
    let e = s.client.profile(&bogus).await.unwrap_err();
    assert!(matches!(e, InstagramError::TokenInvalid { .. }));
    assert!(!format!("{e} {e:?}").contains("IGAA-not-a-token"));
    // The fake records requests without tokens.
    assert!(s.fake.requests().iter().all(|r| !r.path.contains(&token)));
}
