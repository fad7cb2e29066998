//! Media over real HTTP: uploads through the API and the web form (CSRF),
//! the size cap, type from bytes, signed URLs with ranges, tenant
//! isolation, background transcoding and the reachability check.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use crate::support::TestApp;
use reqwest::multipart::{Form, Part};
use secrecy::ExposeSecret;
use serde_json::Value;
use socialflow_core::media::{MediaId, MediaStatus, MediaUnreachable};
use socialflow_core::{Clock, Language, RequestContext};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../fixtures/media/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

async fn token_for(app: &TestApp, name: &str) -> String {
    let user = app.state.users.find(name).await.unwrap();
    let (_, secret) = app
        .state
        .auth
        .create_api_token(user.id, "test", &RequestContext::cli())
        .await
        .unwrap();
    secret.expose_secret().to_string()
}

async fn upload(app: &TestApp, token: &str, name: &str, query: &str) -> (u16, Value) {
    let form = Form::new().part(
        "file",
        Part::bytes(fixture(name)).file_name(name.to_string()),
    );
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/media{query}")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

fn uses<'a>(v: &'a Value, u: &str) -> &'a Value {
    v["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["use"] == u)
        .unwrap_or_else(|| panic!("no use {u} in {v}"))
}

async fn app_with(name: &str) -> (TestApp, String) {
    let app = TestApp::spawn().await;
    app.add_user(name, Language::En).await;
    let token = token_for(&app, name).await;
    (app, token)
}

#[tokio::test]
async fn api_uploads_lists_reads_and_deletes() {
    let (app, token) = app_with("alice").await;
    let (status, body) = upload(&app, &token, "portrait-4x5.jpg", "").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kind"], "image");
    assert_eq!(body["content_type"], "image/jpeg");
    assert_eq!(
        (body["width"].as_u64(), body["height"].as_u64()),
        (Some(320), Some(400))
    );
    assert_eq!(body["status"], "ready");
    assert_eq!(uses(&body, "feed_image")["ok"], true);
    // 320×400 is not 9:16: a story works but the reference recommends 9:16.
    let story = uses(&body, "story_image");
    assert_eq!(story["ok"], true);
    assert_eq!(story["problems"][0]["code"], "aspect_not_recommended");
    assert_eq!(story["problems"][0]["severity"], "warning");
    let id = body["id"].as_str().unwrap().to_string();

    let client = reqwest::Client::new();
    let list: Value = client
        .get(app.url("/api/v1/media"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let one = client
        .get(app.url(&format!("/api/v1/media/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(one.status(), 200);

    let path = app.media_dir.path().join(&id);
    assert!(path.exists());
    let del = client
        .delete(app.url(&format!("/api/v1/media/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 204);
    assert!(!path.exists(), "deleting removes the file from disk");
    let gone = client
        .get(app.url(&format!("/api/v1/media/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
}

#[tokio::test]
async fn png_and_webp_become_jpeg_and_padding_is_optional() {
    let (app, token) = app_with("alice").await;
    let (status, body) = upload(&app, &token, "square.webp", "").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        (body["format"].as_str(), body["content_type"].as_str()),
        (Some("jpeg"), Some("image/jpeg"))
    );

    let (_, tall) = upload(&app, &token, "tall-1x2.png", "").await;
    assert_eq!(tall["format"], "jpeg");
    let feed = uses(&tall, "feed_image");
    assert_eq!(feed["ok"], false);
    assert_eq!(feed["problems"][0]["code"], "aspect_out_of_range");
    assert_eq!(
        feed["problems"][0]["message"],
        "for a feed post: aspect ratio 4:5 to 1.91:1; this is 0.5:1"
    );

    let (_, padded) = upload(&app, &token, "tall-1x2.png", "?pad_to_allowed_ratio=true").await;
    assert_eq!(
        (padded["width"].as_u64(), padded["height"].as_u64()),
        (Some(320), Some(400))
    );
    assert_eq!(uses(&padded, "feed_image")["ok"], true);
}

#[tokio::test]
async fn the_type_comes_from_the_bytes_and_bad_files_leave_nothing() {
    let (app, token) = app_with("alice").await;
    let (status, body) = upload(&app, &token, "text-named.jpg", "").await;
    assert_eq!(status, 415, "{body}");
    assert_eq!(body["code"], "unsupported_file_type");
    let (status, body) = upload(&app, &token, "truncated.mp4", "").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "unreadable_file");
    let files: Vec<_> = std::fs::read_dir(app.media_dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().unwrap().is_file())
        .collect();
    assert!(files.is_empty(), "refused uploads are removed");
    let user = app.state.users.find("alice").await.unwrap();
    assert!(app.state.media.list(user.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn uploads_over_the_cap_get_413_in_json() {
    let app = TestApp::builder()
        .media(|m| m.max_upload_bytes = 20_000)
        .spawn()
        .await;
    app.add_user("alice", Language::En).await;
    let token = token_for(&app, "alice").await;
    // Announced too large: refused before reading.
    let (status, body) = upload(&app, &token, "portrait-4x5.jpg", "").await;
    assert_eq!(status, 201, "10 KB fits: {body}");
    let big = vec![0xFFu8; 200_000];
    let form = Form::new().part("file", Part::bytes(big).file_name("big.jpg"));
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/media"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "file_too_large");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("SOCIALFLOW_MAX_UPLOAD_BYTES")
    );

    // Without Content-Length (chunked): the stream is cut at the cap.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..10).map(|_| Ok(vec![0xFFu8; 10_000])).collect();
    let stream = futures::stream::iter(chunks);
    let part = Part::stream(reqwest::Body::wrap_stream(stream)).file_name("big.jpg");
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/media"))
        .bearer_auth(&token)
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    let user = app.state.users.find("alice").await.unwrap();
    assert_eq!(app.state.media.list(user.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn another_users_media_is_not_found() {
    let (app, alice_token) = app_with("alice").await;
    app.add_user("bob", Language::En).await;
    let bob_token = token_for(&app, "bob").await;
    let (_, body) = upload(&app, &alice_token, "portrait-4x5.jpg", "").await;
    let id = body["id"].as_str().unwrap();
    let client = reqwest::Client::new();
    for req in [
        client.get(app.url(&format!("/api/v1/media/{id}"))),
        client.delete(app.url(&format!("/api/v1/media/{id}"))),
    ] {
        let resp = req.bearer_auth(&bob_token).send().await.unwrap();
        assert_eq!(resp.status(), 404);
    }
    let bob_list: Value = client
        .get(app.url("/api/v1/media"))
        .bearer_auth(&bob_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bob_list, serde_json::json!([]));
    // Bob's browser cannot open Alice's delete page either.
    let bob = app.login_as("bob").await;
    let page = bob.visit(&format!("/media/{id}/delete")).await;
    assert_eq!(page.status(), 404);
    assert!(app.media_dir.path().join(id).exists());
}

#[tokio::test]
async fn signed_urls_serve_ranges_and_refuse_forgeries() {
    let (app, token) = app_with("alice").await;
    let (_, body) = upload(&app, &token, "reel-h264-aac.mp4", "").await;
    assert_eq!(body["status"], "ready", "{body}");
    let user = app.state.users.find("alice").await.unwrap();
    let id: MediaId = body["id"].as_str().unwrap().parse().unwrap();
    let file = app.state.media.get(user.id, id).await.unwrap();
    let url = app.state.media.public_url(&file, app.clock.now()).await;
    assert!(url.starts_with(&format!("{}/media/{id}?exp=", app.base)));
    let original = fixture("reel-h264-aac.mp4");
    let client = reqwest::Client::new();

    let full = client.get(&url).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "video/mp4");
    assert_eq!(full.headers()["accept-ranges"], "bytes");
    assert_eq!(
        full.headers()["content-length"],
        original.len().to_string().as_str()
    );
    assert_eq!(full.bytes().await.unwrap().to_vec(), original);

    let part = client
        .get(&url)
        .header("range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 10-19/{}", original.len()).as_str()
    );
    assert_eq!(
        part.bytes().await.unwrap().to_vec(),
        original[10..20].to_vec()
    );

    let tail = client
        .get(&url)
        .header("range", "bytes=-5")
        .send()
        .await
        .unwrap();
    assert_eq!(tail.status(), 206);
    assert_eq!(
        tail.bytes().await.unwrap().to_vec(),
        original[original.len() - 5..].to_vec()
    );

    let beyond = client
        .get(&url)
        .header("range", format!("bytes={}-", original.len()))
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), 416);
    assert_eq!(
        beyond.headers()["content-range"],
        format!("bytes */{}", original.len()).as_str()
    );

    let forged = url.replace("sig=", "sig=x");
    assert_eq!(client.get(&forged).send().await.unwrap().status(), 403);
    let other_id = url.replace(&id.to_string(), &MediaId::new().to_string());
    assert_eq!(client.get(&other_id).send().await.unwrap().status(), 403);
    let no_sig = format!("{}/media/{id}", app.base);
    assert_eq!(client.get(&no_sig).send().await.unwrap().status(), 403);

    app.clock.advance(time::Duration::hours(25));
    assert_eq!(
        client.get(&url).send().await.unwrap().status(),
        403,
        "expired"
    );
}

#[tokio::test]
async fn the_web_form_uploads_with_csrf_and_lists_problems_translated() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::Ru).await;
    let browser = app.login_as("alice").await;
    let csrf = app.csrf(&browser, "/media").await;

    let forged = Form::new().text("csrf", "forged").part(
        "file",
        Part::bytes(fixture("portrait-4x5.jpg")).file_name("a.jpg"),
    );
    let resp = browser.post_multipart("/media", forged).await;
    assert_eq!(resp.status(), 403);
    let user = app.state.users.find("alice").await.unwrap();
    assert!(app.state.media.list(user.id).await.unwrap().is_empty());

    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("pad", "1")
        .part(
            "file",
            Part::bytes(fixture("tall-1x2.png")).file_name("высокая.png"),
        );
    let resp = browser.post_multipart("/media", form).await;
    assert_eq!(resp.status(), 303);
    let files = app.state.media.list(user.id).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].probe.width, files[0].probe.height),
        (Some(320), Some(400))
    );

    let form = Form::new().text("csrf", csrf.clone()).part(
        "file",
        Part::bytes(fixture("reel-h264-aac.mp4")).file_name("клип.mp4"),
    );
    browser.post_multipart("/media", form).await;

    let html = browser.get_page("/media?notice=uploaded&name=x").await;
    assert!(html.contains("Медиатека"), "{html}");
    assert!(html.contains("высокая.png"));
    assert!(html.contains("Reels"), "{html}");
    // The 4:5 image as a story: a translated warning with its numbers.
    assert!(
        html.contains("рекомендуется 9:16 (другие форматы Instagram обрезает); здесь 4:5"),
        "{html}"
    );
    assert!(html.contains("href=\"/media\""), "the nav links the page");
    assert!(
        html.contains("<img src=\"http://"),
        "image thumbnails via signed URLs"
    );

    let text = Form::new()
        .text("csrf", csrf.clone())
        .text("pad", "1")
        .part(
            "file",
            Part::bytes(fixture("text-named.jpg")).file_name("photo.jpg"),
        );
    let resp = browser.post_multipart("/media", text).await;
    assert_eq!(resp.status(), 415);
    let html = resp.text().await.unwrap();
    assert!(html.contains("не изображение и не видео"), "{html}");
    assert!(
        html.contains("name=\"pad\" value=\"1\" checked"),
        "the checkbox is kept"
    );

    // Delete through the confirmation page.
    let id = files[0].id;
    let csrf = app.csrf(&browser, &format!("/media/{id}/delete")).await;
    let resp = browser
        .post_form_with(&format!("/media/{id}/delete"), "wrong", &[])
        .await;
    assert_eq!(resp.status(), 403);
    let resp = browser
        .post_form_with(&format!("/media/{id}/delete"), &csrf, &[])
        .await;
    assert_eq!(resp.status(), 303);
    assert!(!app.media_dir.path().join(id.to_string()).exists());
}

#[tokio::test]
async fn a_video_instagram_would_refuse_is_transcoded_in_the_background() {
    let (app, token) = app_with("alice").await;
    assert!(
        app.state.media.can_transcode().await,
        "ffmpeg is not installed; run scripts/test or apt-get install ffmpeg"
    );
    let (status, body) = upload(&app, &token, "needs-transcode.mov", "").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kind"], "video");
    let reel = uses(&body, "reel_video");
    assert_eq!(reel["ok"], false);
    assert!(
        reel["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["fixed_by_transcoding"] == true)
    );
    let user = app.state.users.find("alice").await.unwrap();
    let id: MediaId = body["id"].as_str().unwrap().parse().unwrap();
    let mut file = app.state.media.get(user.id, id).await.unwrap();
    for _ in 0..200 {
        if file.status == MediaStatus::Ready {
            break;
        }
        assert!(
            !matches!(file.status, MediaStatus::TranscodeFailed { .. }),
            "{:?}",
            file.status
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        file = app.state.media.get(user.id, id).await.unwrap();
    }
    assert_eq!(file.status, MediaStatus::Ready);
    assert_eq!(file.content_type, "video/mp4");
    assert_eq!(file.probe.video_codec.as_deref(), Some("avc1"));
    let after: Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/media/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(uses(&after, "reel_video")["ok"], true, "{after}");
}

#[tokio::test]
async fn reachability_checks_what_the_public_url_serves() {
    let (app, token) = app_with("alice").await;
    let (_, body) = upload(&app, &token, "portrait-4x5.jpg", "").await;
    let user = app.state.users.find("alice").await.unwrap();
    let id: MediaId = body["id"].as_str().unwrap().parse().unwrap();
    let file = app.state.media.get(user.id, id).await.unwrap();
    // Against a fake Graph API, the loopback test server is fine.
    app.state
        .media
        .ensure_reachable(&file, app.clock.now())
        .await
        .unwrap();

    // A record that does not match what is served (a proxy changing it).
    let mut wrong = file.clone();
    wrong.byte_size += 1;
    assert!(matches!(
        app.state
            .media
            .ensure_reachable(&wrong, app.clock.now())
            .await,
        Err(MediaUnreachable::WrongLength { .. })
    ));
    let mut wrong = file.clone();
    wrong.content_type = "video/mp4".into();
    assert!(matches!(
        app.state
            .media
            .ensure_reachable(&wrong, app.clock.now())
            .await,
        Err(MediaUnreachable::WrongContentType { .. })
    ));
}

#[tokio::test]
async fn with_the_real_instagram_a_loopback_public_url_is_refused() {
    let app = TestApp::builder()
        .media(|m| m.check_private_addresses = true)
        .spawn()
        .await;
    app.add_user("alice", Language::En).await;
    let token = token_for(&app, "alice").await;
    let (_, body) = upload(&app, &token, "portrait-4x5.jpg", "").await;
    let user = app.state.users.find("alice").await.unwrap();
    let id: MediaId = body["id"].as_str().unwrap().parse().unwrap();
    let file = app.state.media.get(user.id, id).await.unwrap();
    let err = app
        .state
        .media
        .ensure_reachable(&file, app.clock.now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, MediaUnreachable::PrivateAddress { ref address, .. } if address == "127.0.0.1"),
        "{err:?}"
    );
    assert!(err.to_string().contains("SOCIALFLOW_PUBLIC_URL"), "{err}");
}

#[tokio::test]
async fn deleting_the_account_removes_its_uploads_from_disk() {
    let (app, token) = app_with("alice").await;
    let (status, body) = upload(&app, &token, "portrait-4x5.jpg", "").await;
    assert_eq!(status, 201, "{body}");
    let files = || {
        std::fs::read_dir(app.media_dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .count()
    };
    assert_eq!(files(), 1, "the upload is on disk");
    let done = reqwest::Client::new()
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"password": crate::support::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 204);
    assert_eq!(
        files(),
        0,
        "the policy: deleting the account deletes its files"
    );
}

/// The post page shows its files and a video's transcoding progress, so the
/// user sees why a reel waits; another user never reaches the page.
#[tokio::test]
async fn the_post_page_shows_its_files_and_transcoding_progress() {
    let (app, token) = app_with("alice").await;
    let alice = app.state.users.find("alice").await.unwrap();
    let (status, v) = upload(&app, &token, "needs-transcode.mov", "").await;
    assert_eq!(status, 201, "{v}");
    let id = MediaId(v["id"].as_str().unwrap().parse().unwrap());
    app.store
        .set_media_status(
            id,
            &MediaStatus::Transcoding { percent: 40 },
            app.clock.now(),
        )
        .await
        .unwrap();
    app.media.add_existing(
        alice.id,
        id,
        socialflow_core::posts::MediaClass::Video,
        "https://cdn.test/v.mp4",
    );
    let t = app.clock.now();
    let account = socialflow_core::account::Account {
        id: socialflow_core::account::AccountId::new(),
        owner: alice.id,
        ig_user_id: "ig-alice".into(),
        app_scoped_id: "app-alice".into(),
        profile: socialflow_core::account::AccountProfile {
            username: "alice_ig".into(),
            ..Default::default()
        },
        token: socialflow_core::account::AccountToken {
            ciphertext: socialflow_core::account::EncryptedToken(vec![1]),
            expires_at: t + time::Duration::days(60),
            refreshed_at: t,
            scopes: vec![],
        },
        status: socialflow_core::account::AccountStatus::Active,
        status_detail: None,
        connected_at: t,
        profile_fetched_at: t,
    };
    app.store.insert_account(&account).await.unwrap();
    let created = reqwest::Client::new()
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"account_id": account.id.0, "kind": "reel", "media_ids": [id.0]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let post: Value = created.json().await.unwrap();
    let path = format!("/content/{}", post["post"]["id"].as_str().unwrap());

    let c = app.login_as("alice").await;
    let page = c.get_page(&path).await;
    assert!(page.contains("needs-transcode.mov"), "{page}");
    assert!(page.contains(r#"<progress max="100" value="40""#), "{page}");

    app.add_user("bob", Language::En).await;
    let bob = app.login_as("bob").await;
    let theirs = bob.visit(&path).await;
    assert_eq!(theirs.status(), 404);
}

fn files_on_disk(app: &TestApp) -> usize {
    std::fs::read_dir(app.media_dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .count()
}

/// Decompression bombs: the 30000×30000 PNG (109 KB) and the 16000×16000
/// WebP (10 KB) were decoded whole (3.5 GB resident); they are refused
/// from their headers with a 422 that says the limit, and leave nothing.
#[tokio::test]
async fn decompression_bombs_are_refused_and_leave_nothing() {
    let (app, token) = app_with("alice").await;
    for name in ["bomb-30000x30000.png", "bomb-16000x16000.webp"] {
        let (status, body) = upload(&app, &token, name, "").await;
        assert_eq!(status, 422, "{name}: {body}");
        assert_eq!(body["code"], "image_too_large", "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains("50000000 pixels") && message.contains("SOCIALFLOW_MAX_IMAGE_PIXELS"),
            "{message}"
        );
    }
    // The 157-byte 1×40000 strip padded to the allowed ratio asked a
    // 32000×40000 canvas; it becomes Instagram's 1440×1800.
    let (status, body) = upload(
        &app,
        &token,
        "strip-1x40000.png",
        "?pad_to_allowed_ratio=true",
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        (body["width"].as_u64(), body["height"].as_u64()),
        (Some(1440), Some(1800))
    );
    assert_eq!(uses(&body, "feed_image")["ok"], true, "{body}");
    assert_eq!(files_on_disk(&app), 1, "only the strip is kept");
}

/// A JPEG cut in half and an MP4 whose media data is cut off were stored
/// as ready; both are refused now.
#[tokio::test]
async fn truncated_files_are_refused() {
    let (app, token) = app_with("alice").await;
    for name in ["half.jpg", "cut-mdat.mp4"] {
        let (status, body) = upload(&app, &token, name, "").await;
        assert_eq!(status, 422, "{name}: {body}");
        assert_eq!(body["code"], "unreadable_file", "{name}: {body}");
    }
    assert_eq!(files_on_disk(&app), 0);
}

/// The web form says it in the user's language.
#[tokio::test]
async fn the_web_form_refuses_a_bomb_in_the_users_language() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::Kk).await;
    let browser = app.login_as("alice").await;
    let csrf = app.csrf(&browser, "/media").await;
    let form = Form::new().text("csrf", csrf).part(
        "file",
        Part::bytes(fixture("bomb-30000x30000.png")).file_name("bomb.png"),
    );
    let resp = browser.post_multipart("/media", form).await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(html.contains("30000×30000 пиксель"), "{html}");
    assert!(html.contains("50 мегапиксель"), "{html}");
    assert_eq!(files_on_disk(&app), 0);
}

/// A multipart body written by hand (reqwest's `Form` recurses once per
/// part and overflows the stack at 75,000 parts).
struct RawForm(Vec<u8>);

const BOUNDARY: &str = "sf-test-boundary-7d1f";

impl RawForm {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn text(mut self, name: &str, value: &str) -> Self {
        self.0.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
        self
    }

    fn fields(self, n: usize) -> Self {
        (0..n).fold(self, |f, i| f.text(&format!("f{i}"), "x"))
    }

    fn file(mut self, name: &str) -> reqwest::Body {
        self.0.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        self.0.extend_from_slice(&fixture(name));
        self.0
            .extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        self.0.into()
    }
}

async fn post_raw(
    client: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: reqwest::Body,
) -> reqwest::Response {
    let mut req = client
        .post(url)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// 75,000 small fields before the file were all held in memory (+207 MiB)
/// before the CSRF token was looked at. Now the web form's token must be
/// the first field and is checked before anything else is read, and the
/// fields before the file are capped.
#[tokio::test]
async fn an_upload_form_cannot_hold_many_fields() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let token = token_for(&app, "alice").await;
    let browser = app.login_as("alice").await;
    let csrf = app.csrf(&browser, "/media").await;
    let photo = "portrait-4x5.jpg";

    // Fields before the token (a valid token among them): refused as forged.
    let body = RawForm::new()
        .fields(75_000)
        .text("csrf", &csrf)
        .file(photo);
    let resp = post_raw(&browser, app.url("/media"), None, body).await;
    assert_eq!(resp.status(), 403);

    // A valid token first, then too many fields.
    let body = RawForm::new()
        .text("csrf", &csrf)
        .fields(75_000)
        .file(photo);
    let resp = post_raw(&browser, app.url("/media"), None, body).await;
    assert_eq!(resp.status(), 400);

    // The API has no form token; the cap holds there too.
    let body = RawForm::new().fields(75_000).file(photo);
    let resp = post_raw(
        &reqwest::Client::new(),
        app.url("/api/v1/media"),
        Some(&token),
        body,
    )
    .await;
    assert_eq!(resp.status(), 400);
    let json: Value = resp.json().await.unwrap();
    assert_eq!(json["code"], "too_many_fields", "{json}");

    // A field over 4 KiB is refused, not cut.
    let body = RawForm::new()
        .text("csrf", &csrf)
        .text("pad", &"1".repeat(5000))
        .file(photo);
    let resp = post_raw(&browser, app.url("/media"), None, body).await;
    assert_eq!(resp.status(), 400);

    let user = app.state.users.find("alice").await.unwrap();
    assert!(app.state.media.list(user.id).await.unwrap().is_empty());
    assert_eq!(files_on_disk(&app), 0);

    // A normal form still works, with a few fields.
    let body = RawForm::new()
        .text("csrf", &csrf)
        .text("pad", "1")
        .fields(3)
        .file(photo);
    let resp = post_raw(&browser, app.url("/media"), None, body).await;
    assert_eq!(resp.status(), 303);
    assert_eq!(files_on_disk(&app), 1);
}

/// One arbitrary multipart body: text parts of any name and bytes, maybe a
/// file part (a real photo cut anywhere, or noise), and an ending that is
/// proper, missing or garbage.
fn any_multipart() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::prelude::*;
    // Mostly short values (so the file part is reached), sometimes over
    // the 4 KiB field cap; names either known to the endpoint or anything.
    let value = prop_oneof![
        4 => "true|false|[a-z0-9]{0,16}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..6000),
    ];
    let name = prop_oneof![
        Just("pad_to_allowed_ratio".to_string()),
        Just("kind".to_string()),
        "\\PC{0,12}",
    ];
    let part = (name, value);
    let photo = fixture("portrait-4x5.jpg");
    let file = prop_oneof![
        Just(None),
        (0..=photo.len()).prop_map(move |cut| Some(photo[..cut].to_vec())),
        prop::collection::vec(any::<u8>(), 0..4096).prop_map(Some),
    ];
    let ending = prop_oneof![
        4 => Just(format!("\r\n--{BOUNDARY}--\r\n").into_bytes()),
        1 => Just(Vec::new()),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ];
    (prop::collection::vec(part, 0..4), file, ending).prop_map(|(parts, file, ending)| {
        let mut body = Vec::new();
        for (name, value) in parts {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(&value);
            body.extend_from_slice(b"\r\n");
        }
        if let Some(bytes) = file {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(&bytes);
        }
        body.extend_from_slice(&ending);
        body
    })
}

/// Property: whatever multipart body arrives at the upload endpoint, the
/// answer is a 2xx or a 4xx (never a server error or a hang), and a
/// refused upload leaves no file behind.
#[test]
fn any_multipart_body_is_answered_and_a_refusal_stores_nothing() {
    use proptest::test_runner::{Config, TestCaseError, TestRunner};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (app, token) = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add_user("alice", Language::En).await;
        let token = token_for(&app, "alice").await;
        (app, token)
    });
    let client = reqwest::Client::new();
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&any_multipart(), |body| {
            let before = files_on_disk(&app);
            let status = rt.block_on(async {
                let resp =
                    post_raw(&client, app.url("/api/v1/media"), Some(&token), body.into()).await;
                resp.status().as_u16()
            });
            if !(200..500).contains(&status) {
                return Err(TestCaseError::fail(format!("answered {status}")));
            }
            if status != 201 && files_on_disk(&app) != before {
                return Err(TestCaseError::fail(format!(
                    "refused with {status} but a file was stored"
                )));
            }
            Ok(())
        })
        .unwrap();
}
