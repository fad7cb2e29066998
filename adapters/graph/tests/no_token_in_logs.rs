//! Everything the client and its HTTP stack log, at TRACE level and with
//! the `log` records of reqwest/hyper bridged in, holds no access token, no
//! app secret and no OAuth code: successful calls, refused ones, dropped
//! connections, timeouts and uploads. In its own test binary because it
//! installs the global subscriber.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::instagram::*;
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, FaultKind};
use socialflow_graph::{GraphClient, GraphConfig};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let logs = Captured::default();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .try_init()
        .unwrap();

    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let account = fake.seed_demo();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "https://social.example/oauth/instagram/callback",
    )
    .with_base_url(&running.base_url);
    cfg.timeout = Duration::from_secs(2);
    let client = GraphClient::new(cfg).unwrap();

    // The OAuth dance.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let back = browser
        .get(client.authorize_url("st", &Scope::ALL))
        .send()
        .await
        .unwrap();
    let location = back.headers()["location"].to_str().unwrap().to_string();
    let code = location
        .split(['?', '&', '#'])
        .find_map(|p| p.strip_prefix("code="))
        .unwrap()
        .to_string();
    let short = client.exchange_code(&code).await.unwrap();
    let _ = client.exchange_code(&code).await.unwrap_err();
    let long = client.exchange_long_lived(&short.token).await.unwrap();
    let access = IgAccess {
        ig_user_id: account.ig_user_id.clone(),
        token: long.token.clone(),
    };

    // Calls that work, calls that fail, calls that never get an answer.
    client.profile(&access.token).await.unwrap();
    collect_pages(60, |after| client.media_page(&access, after, 25))
        .await
        .unwrap();
    let _ = client.refresh_token(&access.token).await.unwrap_err();
    let f = fake.faults();
    for kind in [
        FaultKind::ServerError,
        FaultKind::RateLimited(80002),
        FaultKind::TokenExpired,
        FaultKind::DropConnection,
    ] {
        f.fail_next(1, kind);
        let _ = client.media_page(&access, None, 5).await.unwrap_err();
    }
    f.latency(Duration::from_secs(3));
    let _ = client.profile(&access.token).await.unwrap_err();
    f.clear();
    let mut reel = ContainerRequest::new(ContainerSpec::Reel {
        video_url: None,
        share_to_feed: true,
        cover_url: None,
        thumb_offset_ms: None,
    });
    reel.resumable = true;
    let container = client.create_container(&access, &reel).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.mp4");
    let mut bytes = vec![
        0, 0, 0, 0x18, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm',
    ];
    bytes.resize(100_000, 1);
    std::fs::write(&path, &bytes).unwrap();
    client
        .upload_video(
            &access,
            &container,
            &UploadSource::File {
                path,
                size: 100_000,
            },
        )
        .await
        .unwrap();

    let text = logs.text();
    assert!(
        text.contains("Instagram answered"),
        "the capture works: {}",
        text.chars().take(2000).collect::<String>()
    );
    // reqwest's `log` records are bridged in, so its lines are checked too.
    assert!(
        text.contains("starting new connection"),
        "log records captured"
    );
    for secret in [
        short.token.expose_secret(),
        long.token.expose_secret(),
        "fake-app-secret",
        code.as_str(),
    ] {
        assert!(
            !text.contains(secret),
            "a secret reached the logs:\n{}",
            text.lines()
                .filter(|l| l.contains(secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
