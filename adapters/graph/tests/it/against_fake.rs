//! The Graph client against the fake Instagram over real HTTP: OAuth, tokens,
//! paging, comments, messages, insights, publishing, resumable uploads, and
//! every error class from injected faults. Also checks a token never shows
//! in an error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{Route, Server, get, handler};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::instagram::*;
use socialflow_fake_graph::{
    FakeGraph, FakeGraphConfig, FaultKind, RunningFakeGraph, SeededAccount, TokenResponseShape,
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

fn client_for(base_url: &str, secret: &str) -> GraphClient {
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from(secret.to_string()),
        REDIRECT,
    )
    .with_base_url(base_url);
    cfg.timeout = Duration::from_secs(5);
    GraphClient::new(cfg).unwrap()
}

async fn setup_with(config: FakeGraphConfig) -> Setup {
    let fake = FakeGraph::new(config);
    let running = fake.start().await.unwrap();
    let account = fake.seed_demo();
    let client = client_for(&running.base_url, "fake-app-secret");
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

/// Follows the authorize URL as a browser would (without following the
/// redirect) and returns the callback URL from `Location`.
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

/// Neither the Display nor the Debug text of `e` holds any of `secrets`.
fn assert_clean(e: &InstagramError, secrets: &[&str]) {
    let text = format!("{e} {e:?}");
    for s in secrets {
        assert!(!text.contains(s), "a secret leaked into an error: {text}");
    }
}

// ------------------------------------------------------------------ OAuth

#[tokio::test]
async fn oauth_code_to_long_lived_token_to_profile() {
    let s = setup().await;
    let url = s.client.authorize_url("state-123", &Scope::ALL);
    assert!(
        url.starts_with(&format!("{}/oauth/authorize?", s._running.base_url)),
        "{url}"
    );
    assert!(
        url.contains("scope=instagram_business_basic%2Cinstagram_business_content_publish"),
        "{url}"
    );
    let back = consent(&url).await;
    assert!(back.starts_with(REDIRECT), "{back}");
    assert_eq!(query_param(&back, "state").as_deref(), Some("state-123"));
    let code = query_param(&back, "code").unwrap();

    let short = s.client.exchange_code(&code).await.unwrap();
    assert_eq!(
        short.user_id, s.account.app_scoped_id,
        "a number above 2^53, read exactly"
    );
    assert_eq!(short.permissions.as_ref().map(Vec::len), Some(5));
    // Codes are single use; the OAuth host's own error shape.
    let again = s.client.exchange_code(&code).await.unwrap_err();
    assert!(matches!(again, InstagramError::OAuth { .. }), "{again:?}");
    assert_clean(&again, &["fake-app-secret", &code]);

    let long = s.client.exchange_long_lived(&short.token).await.unwrap();
    assert!(long.expires_in > time::Duration::days(59));
    let profile = s.client.profile(&long.token).await.unwrap();
    assert_eq!(profile.username, "demo_roastery");
    assert_eq!(profile.app_scoped_id, s.account.app_scoped_id);
    assert_eq!(profile.ig_user_id, s.account.ig_user_id);
    assert_eq!(profile.followers_count, Some(23_353));
    assert!(matches!(
        profile.account_type.as_deref(),
        Some("BUSINESS" | "MEDIA_CREATOR")
    ));
}

#[tokio::test]
async fn denied_consent_wrapped_answers_and_a_wrong_secret() {
    let s = setup_with(FakeGraphConfig {
        token_response: TokenResponseShape::Wrapped,
        ..FakeGraphConfig::default()
    })
    .await;
    s.fake.faults().deny_next_consent();
    let back = consent(&s.client.authorize_url("st", &Scope::ALL)).await;
    assert_eq!(
        query_param(&back, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_param(&back, "code"), None);

    let back = consent(&s.client.authorize_url("st", &Scope::ALL)).await;
    let code = query_param(&back, "code").unwrap();
    // The code as Instagram appends it, with `#_`.
    let short = s.client.exchange_code(&format!("{code}#_")).await.unwrap();
    assert_eq!(short.user_id, s.account.app_scoped_id);
    assert!(short.permissions.is_some());

    let back = consent(&s.client.authorize_url("st", &Scope::ALL)).await;
    let code = query_param(&back, "code").unwrap();
    let wrong = client_for(&s._running.base_url, "not-the-app-secret");
    let e = wrong.exchange_code(&code).await.unwrap_err();
    assert!(matches!(e, InstagramError::OAuth { .. }), "{e:?}");
    assert_clean(&e, &["not-the-app-secret"]);
}

#[tokio::test]
async fn refreshing_needs_a_day_old_token() {
    let s = setup().await;
    // Too young: refused, but not as a dead token (no reconnect).
    let early = s.client.refresh_token(&s.access.token).await.unwrap_err();
    assert!(
        matches!(early, InstagramError::Invalid { code: 190, .. }),
        "{early:?}"
    );
    assert!(!early.is_retryable());
    s.fake.advance(Duration::from_secs(25 * 3600));
    let fresh = s.client.refresh_token(&s.access.token).await.unwrap();
    assert_ne!(fresh.token.expose_secret(), s.access.token.expose_secret());
    assert!(fresh.expires_in > time::Duration::days(59));
    // Past 60 days the token is dead: reconnect.
    s.fake.advance(Duration::from_secs(61 * 24 * 3600));
    let expired = s.client.profile(&fresh.token).await.unwrap_err();
    assert!(
        matches!(expired, InstagramError::TokenInvalid { .. }),
        "{expired:?}"
    );
    let dead = s.client.refresh_token(&fresh.token).await.unwrap_err();
    assert!(
        matches!(dead, InstagramError::TokenInvalid { .. }),
        "{dead:?}"
    );
    assert_clean(&dead, &[fresh.token.expose_secret()]);
}

// ------------------------------------------------------- media and paging

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
    let mut ids: Vec<&str> = all.iter().map(|m| m.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 50, "no item twice across pages");
    assert!(
        all.iter()
            .any(|m| m.media_type == MediaType::CarouselAlbum && m.children.len() >= 2)
    );
    assert!(
        all.iter()
            .any(|m| m.media_product_type.as_deref() == Some("REELS") && m.thumbnail_url.is_some())
    );
    let first = s.client.media_page(&s.access, None, 20).await.unwrap();
    assert_eq!(first.items.len(), 20);
    assert!(first.next.is_some());
    let one = s
        .client
        .media_item(&s.access, &first.items[0].id)
        .await
        .unwrap();
    assert_eq!(one, first.items[0]);
    // Cursors, never the `next` URL: every media request was built by the
    // client (the `next` URL would repeat `limit` after `access_token`).
    let media_calls: Vec<_> = s
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/media"))
        .collect();
    assert!(media_calls.len() >= 4);
    assert!(
        media_calls
            .iter()
            .all(|r| r.query.contains("fields=") && r.path.contains("/v26.0/"))
    );
    // Usage headers are read and kept per account.
    let usage = s.client.last_usage(&s.account.ig_user_id).expect("usage");
    assert!(usage.call_count < 100.0);
    assert!(!usage.should_slow_down());
}

// --------------------------------------------------------------- comments

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
    let with_replies: Vec<_> = media
        .iter()
        .filter(|m| m.comments_count.unwrap_or(0) > 0)
        .take(10)
        .collect();
    let mut saw_reply = false;
    for m in with_replies {
        let p = s
            .client
            .comments_page(&s.access, &m.id, None, 50)
            .await
            .unwrap();
        saw_reply |= p.items.iter().any(|c| !c.replies.is_empty());
    }
    assert!(saw_reply, "replies come nested in their comment");

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
    let after = collect_pages(500, |a| {
        s.client.comments_page(&s.access, &with_comments.id, a, 50)
    })
    .await
    .unwrap();
    let t = after.iter().find(|c| c.id == target.id).unwrap();
    assert!(t.hidden);
    assert!(
        t.replies
            .iter()
            .any(|r| r.id == reply_id && r.text == "Thanks!")
    );
    assert!(after.iter().any(|c| c.id == new_id));
    s.client
        .set_comment_hidden(&s.access, &target.id, false)
        .await
        .unwrap();
    s.client.delete_comment(&s.access, &new_id).await.unwrap();
    let gone = s
        .client
        .delete_comment(&s.access, &new_id)
        .await
        .unwrap_err();
    assert!(matches!(gone, InstagramError::NotFound { .. }), "{gone:?}");
}

// -------------------------------------------------------------- messaging

#[tokio::test]
async fn conversations_messages_and_the_window() {
    let s = setup().await;
    let convs = collect_pages(100, |after| {
        s.client.conversations_page(&s.access, after, 4)
    })
    .await
    .unwrap();
    assert_eq!(convs.len(), 6, "two pages of 4 and 2");
    let peer = |c: &Conversation| {
        c.participants
            .iter()
            .find(|p| p.id != s.account.ig_user_id)
            .cloned()
            .unwrap()
    };
    let now = s.fake.now();
    let age = |c: &Conversation| now - c.updated_time.unwrap();
    let recent = convs
        .iter()
        .find(|c| age(c) < time::Duration::hours(24))
        .unwrap();
    let messages = s
        .client
        .conversation_messages(&s.access, &recent.id)
        .await
        .unwrap();
    assert!(!messages.is_empty() && messages.len() <= 20);
    assert!(
        messages
            .windows(2)
            .all(|w| w[0].created_time >= w[1].created_time),
        "newest first"
    );
    assert!(messages.iter().any(|m| m.text.is_some()));
    let sent = s
        .client
        .send_message(
            &s.access,
            &peer(recent).id,
            "Your order is on its way",
            MessageTag::Response,
        )
        .await
        .unwrap();
    assert_eq!(sent.recipient_id, peer(recent).id);
    assert!(!sent.message_id.is_empty());

    // Outside the 24 h window but inside the human agent's 7 days.
    let old = convs
        .iter()
        .find(|c| age(c) > time::Duration::hours(24) && age(c) < time::Duration::days(7))
        .unwrap();
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

    // A recipient who cannot be messaged.
    s.fake.faults().make_unavailable(&peer(recent).id);
    let e = s
        .client
        .send_message(&s.access, &peer(recent).id, "hi", MessageTag::Response)
        .await
        .unwrap_err();
    assert_eq!(e, InstagramError::RecipientUnavailable);
}

// --------------------------------------------------------------- insights

#[tokio::test]
async fn account_and_media_insights() {
    let s = setup().await;
    let q = InsightsQuery {
        metrics: vec!["follower_count".into()],
        period: "day".into(),
        metric_type: Some(MetricType::TimeSeries),
        breakdown: None,
        timeframe: None,
        since: Some(s.fake.now() - time::Duration::days(7)),
        until: Some(s.fake.now()),
    };
    let series = s.client.account_insights(&s.access, &q).await.unwrap();
    assert_eq!(series[0].name, "follower_count");
    assert!(!series[0].values.is_empty());
    assert!(series[0].values.iter().all(|v| v.end_time.is_some()));

    let reach = InsightsQuery {
        metrics: vec!["reach".into()],
        metric_type: Some(MetricType::TotalValue),
        breakdown: Some("media_product_type".into()),
        since: None,
        until: None,
        ..q.clone()
    };
    let r = s.client.account_insights(&s.access, &reach).await.unwrap();
    assert!(r[0].total.is_some());

    let demographics = InsightsQuery {
        metrics: vec!["follower_demographics".into()],
        period: "lifetime".into(),
        metric_type: Some(MetricType::TotalValue),
        breakdown: Some("country".into()),
        timeframe: Some("this_month".into()),
        since: None,
        until: None,
    };
    let d = s
        .client
        .account_insights(&s.access, &demographics)
        .await
        .unwrap();
    let total = d[0].total.as_ref().unwrap();
    assert_eq!(
        total.breakdowns[0]
            .dimension_keys
            .last()
            .map(String::as_str),
        Some("country")
    );
    assert!(!total.breakdowns[0].results.is_empty());

    let old = InsightsQuery {
        metrics: vec!["impressions".into()],
        ..q
    };
    let e = s
        .client
        .account_insights(&s.access, &old)
        .await
        .unwrap_err();
    assert!(
        matches!(e, InstagramError::Invalid { code: 100, .. }),
        "{e:?}"
    );

    let media = s
        .client
        .media_page(&s.access, None, 50)
        .await
        .unwrap()
        .items;
    let image = media
        .iter()
        .find(|m| {
            m.media_type == MediaType::Image && m.media_product_type.as_deref() != Some("STORY")
        })
        .unwrap();
    let mi = s
        .client
        .media_insights(&s.access, &image.id, &["reach".into(), "likes".into()])
        .await
        .unwrap();
    assert_eq!(mi.len(), 2);
    assert!(mi.iter().all(|i| !i.values.is_empty()));
}

// ------------------------------------------------------------- publishing

#[handler]
fn jpeg() -> Vec<u8> {
    // SOI, APP0 (JFIF), EOI: a JPEG as far as the fake looks.
    vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF,
        0xD9,
    ]
}

#[handler]
fn png() -> Vec<u8> {
    vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]
}

fn mp4_bytes(len: usize) -> Vec<u8> {
    let mut v = vec![
        0, 0, 0, 0x18, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm',
    ];
    v.resize(len, 7);
    v
}

#[handler]
fn mp4() -> Vec<u8> {
    mp4_bytes(4096)
}

/// A tiny media host the fake fetches `image_url`/`video_url` from.
async fn media_host() -> (String, tokio::task::JoinHandle<()>) {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
    let app = Route::new()
        .at("/photo.jpg", get(jpeg))
        .at("/photo.png", get(png))
        .at("/clip.mp4", get(mp4));
    let task = tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor).run(app).await;
    });
    (format!("http://{addr}"), task)
}

#[tokio::test]
async fn publishing_an_image_end_to_end() {
    let s = setup_with(FakeGraphConfig {
        image_processing: Duration::from_secs(30),
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
    assert_eq!(container.upload_uri, None);
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
    assert!(early.is_retryable());
    s.fake.advance(Duration::from_secs(31));
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
    let published = s.fake.published_media(&s.account);
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].id, media_id);
    assert_eq!(published[0].caption, "Morning roast #coffee");
    let item = s.client.media_item(&s.access, &media_id).await.unwrap();
    assert!(
        item.permalink
            .unwrap()
            .starts_with("https://www.instagram.com/p/")
    );

    let limit = s.client.publishing_limit(&s.access).await.unwrap();
    assert_eq!((limit.quota_usage, limit.quota_total), (1, Some(1)));
    assert_eq!(limit.quota_duration, Some(time::Duration::hours(24)));
    let second = s.client.create_container(&s.access, &req).await.unwrap();
    s.fake.advance(Duration::from_secs(31));
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
        matches!(
            err,
            InstagramError::MediaRejected {
                code: 36001,
                title: Some(_),
                ..
            }
        ),
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
            &err,
            InstagramError::MediaRejected {
                code: 9004,
                subcode: Some(2207052),
                title: Some(_),
                message,
            } if message.contains("could not be fetched")
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
            InstagramError::MediaRejected { .. } | InstagramError::Invalid { code: 100, .. }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_carousel_of_two_images() {
    let s = setup().await;
    let (host, _task) = media_host().await;
    let mut children = Vec::new();
    for _ in 0..2 {
        let item = ContainerRequest::new(ContainerSpec::CarouselImage {
            image_url: format!("{host}/photo.jpg"),
            alt_text: None,
        });
        children.push(
            s.client
                .create_container(&s.access, &item)
                .await
                .unwrap()
                .id,
        );
    }
    let mut parent = ContainerRequest::new(ContainerSpec::Carousel { children });
    parent.caption = Some("Two roasts".into());
    let c = s.client.create_container(&s.access, &parent).await.unwrap();
    s.fake.advance(Duration::from_secs(5));
    let id = s.client.publish_container(&s.access, &c.id).await.unwrap();
    let item = s.client.media_item(&s.access, &id).await.unwrap();
    assert_eq!(item.media_type, MediaType::CarouselAlbum);
    assert_eq!(item.children.len(), 2);
}

#[tokio::test]
async fn failed_processing_reads_as_an_error_status() {
    let s = setup().await;
    let (host, _task) = media_host().await;
    s.fake.faults().fail_next_containers(1);
    let c = s
        .client
        .create_container(
            &s.access,
            &ContainerRequest::new(ContainerSpec::Image {
                image_url: format!("{host}/photo.jpg"),
                alt_text: None,
            }),
        )
        .await
        .unwrap();
    s.fake.advance(Duration::from_secs(5));
    let status = s.client.container_status(&s.access, &c.id).await.unwrap();
    assert!(
        matches!(&status, ContainerStatus::Error(text) if text.contains("2207082")),
        "{status:?}"
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
    req.caption = Some("Roasting day".into());
    let container = s.client.create_container(&s.access, &req).await.unwrap();
    let uri = container.upload_uri.clone().expect("an upload uri");
    assert!(uri.contains("/ig-api-upload/"), "{uri}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.mp4");
    // Several chunks of the stream, not one buffer.
    let size = 1_300_000;
    std::fs::write(&path, mp4_bytes(size)).unwrap();

    // A size that does not match the file is refused before sending.
    let wrong = s
        .client
        .upload_video(
            &s.access,
            &container,
            &UploadSource::File {
                path: path.clone(),
                size: 5,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(wrong, InstagramError::Invalid { .. }), "{wrong:?}");

    s.client
        .upload_video(
            &s.access,
            &container,
            &UploadSource::File {
                path: path.clone(),
                size: size as u64,
            },
        )
        .await
        .unwrap();
    // The upload went with the token in a header, never in the URL.
    let upload = s
        .fake
        .requests()
        .into_iter()
        .find(|r| r.path.contains("ig-api-upload"))
        .unwrap();
    assert_eq!(upload.status, 200);
    assert!(!upload.query.contains("access_token"));

    s.fake.advance(Duration::from_secs(5));
    assert_eq!(
        s.client
            .container_status(&s.access, &container.id)
            .await
            .unwrap(),
        ContainerStatus::Finished
    );
    let id = s
        .client
        .publish_container(&s.access, &container.id)
        .await
        .unwrap();
    let reel = s.client.media_item(&s.access, &id).await.unwrap();
    assert_eq!(reel.media_product_type.as_deref(), Some("REELS"));

    // Uploading twice is refused by rupload in its own shape. (Sent with
    // `file_url`: a refusal before a streamed body is read closes the
    // connection under the sender, which reads as a transient failure.)
    let twice = s
        .client
        .upload_video(
            &s.access,
            &container,
            &UploadSource::HostedUrl("https://cdn.example/again.mp4".into()),
        )
        .await
        .unwrap_err();
    assert!(matches!(twice, InstagramError::Invalid { .. }), "{twice:?}");
    drop(path);

    // With a bad token rupload answers its own shape: a dead token.
    let mut other = ContainerRequest::new(ContainerSpec::StoryVideo { video_url: None });
    other.resumable = true;
    let c2 = s.client.create_container(&s.access, &other).await.unwrap();
    let bogus = IgAccess {
        ig_user_id: s.access.ig_user_id.clone(),
        token: SecretString::from("IGAA-bogus-upload-token".to_string()),
    };
    let e = s
        .client
        .upload_video(
            &bogus,
            &c2,
            &UploadSource::HostedUrl("https://cdn.example/x.mp4".into()),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, InstagramError::TokenInvalid { .. }), "{e:?}");
    assert_clean(&e, &["IGAA-bogus-upload-token"]);
}

#[tokio::test]
async fn resumable_upload_of_a_hosted_file() {
    let s = setup().await;
    let (host, _task) = media_host().await;
    let mut req = ContainerRequest::new(ContainerSpec::Reel {
        video_url: None,
        share_to_feed: false,
        cover_url: None,
        thumb_offset_ms: None,
    });
    req.resumable = true;
    let container = s.client.create_container(&s.access, &req).await.unwrap();
    s.client
        .upload_video(
            &s.access,
            &container,
            &UploadSource::HostedUrl(format!("{host}/clip.mp4")),
        )
        .await
        .unwrap();
    // The fake fetches in the background; then processing takes its time.
    let mut status = ContainerStatus::InProgress;
    for _ in 0..50 {
        s.fake.advance(Duration::from_secs(5));
        status = s
            .client
            .container_status(&s.access, &container.id)
            .await
            .unwrap();
        if status != ContainerStatus::InProgress {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, ContainerStatus::Finished);
}

// ------------------------------------------------------- faults and usage

#[tokio::test]
async fn injected_faults_map_to_error_classes_and_never_leak_the_token() {
    let s = setup().await;
    let f = s.fake.faults();
    let token = s.access.token.expose_secret().to_string();
    let secrets = [token.as_str(), "fake-app-secret"];

    f.fail_next(1, FaultKind::ServerError);
    let e = s.client.profile(&s.access.token).await.unwrap_err();
    assert!(matches!(e, InstagramError::Transient { .. }), "{e:?}");
    assert_clean(&e, &secrets);

    f.fail_next(1, FaultKind::UnknownError);
    let e = s.client.media_page(&s.access, None, 5).await.unwrap_err();
    assert!(matches!(e, InstagramError::Transient { .. }), "{e:?}");

    for code in [80002, 4, 17] {
        f.fail_next(1, FaultKind::RateLimited(code));
        let e = s.client.media_page(&s.access, None, 5).await.unwrap_err();
        assert_eq!(
            e,
            InstagramError::RateLimited {
                retry_after: Some(time::Duration::minutes(5))
            },
            "code {code}"
        );
        let usage = s.client.last_usage(&s.account.ig_user_id).unwrap();
        assert!(usage.should_slow_down());
        assert_eq!(usage.regain_access_in, Some(time::Duration::minutes(5)));
    }
    // The next answer brings the usage back down.
    s.client.media_page(&s.access, None, 5).await.unwrap();
    assert!(
        !s.client
            .last_usage(&s.account.ig_user_id)
            .unwrap()
            .should_slow_down()
    );

    f.fail_next(1, FaultKind::TokenExpired);
    let e = s.client.profile(&s.access.token).await.unwrap_err();
    assert!(matches!(e, InstagramError::TokenInvalid { .. }), "{e:?}");
    assert_clean(&e, &secrets);

    f.fail_next(1, FaultKind::SessionInvalidated);
    let e = s.client.media_page(&s.access, None, 5).await.unwrap_err();
    assert!(matches!(e, InstagramError::TokenInvalid { .. }), "{e:?}");

    f.fail_next(1, FaultKind::PermissionMissing);
    let e = s.client.media_page(&s.access, None, 5).await.unwrap_err();
    assert!(
        matches!(e, InstagramError::PermissionMissing { .. }),
        "{e:?}"
    );

    f.fail_next(1, FaultKind::DropConnection);
    let e = s.client.media_page(&s.access, None, 5).await.unwrap_err();
    assert!(matches!(e, InstagramError::Transient { .. }), "{e:?}");
    assert_clean(&e, &secrets);

    // A timeout is transient too, and names no URL.
    f.latency(Duration::from_secs(6));
    let e = s.client.profile(&s.access.token).await.unwrap_err();
    assert!(
        matches!(e, InstagramError::Transient { ref message } if message.contains("timed out")),
        "{e:?}"
    );
    assert_clean(&e, &secrets);
    f.clear();

    // An unknown token.
    let bogus = SecretString::from("IGAA-not-a-token".to_string());
    let e = s.client.profile(&bogus).await.unwrap_err();
    assert!(matches!(e, InstagramError::TokenInvalid { .. }));
    assert_clean(&e, &["IGAA-not-a-token"]);

    // A host that is not there.
    let nowhere = client_for("http://127.0.0.1:9", "fake-app-secret");
    let e = nowhere.profile(&s.access.token).await.unwrap_err();
    assert!(
        matches!(e, InstagramError::Transient { ref message } if message.contains("connect")),
        "{e:?}"
    );
    assert_clean(&e, &secrets);

    // The fake's log never holds the token either (the client never sends
    // it anywhere the fake would record).
    assert!(s.fake.requests().iter().all(|r| !r.query.contains(&token)));
}

#[tokio::test]
async fn rate_limits_enforced_by_the_account_allowance() {
    let s = setup_with(FakeGraphConfig {
        call_allowance: 5,
        enforce_call_allowance: true,
        app_usage_header: true,
        ..FakeGraphConfig::default()
    })
    .await;
    let mut last = None;
    for _ in 0..10 {
        match s.client.media_page(&s.access, None, 1).await {
            Ok(_) => {}
            Err(e) => {
                last = Some(e);
                break;
            }
        }
    }
    let e = last.expect("the allowance runs out");
    assert!(
        matches!(e, InstagramError::RateLimited { retry_after: Some(d) } if d.is_positive()),
        "{e:?}"
    );
    let usage = s.client.last_usage(&s.account.ig_user_id).unwrap();
    assert!(usage.peak() >= 100.0, "{usage:?}");
}
