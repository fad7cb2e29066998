//! The whole server with its media in an S3 bucket: a real S3-compatible
//! server (s3s-fs, installed by scripts/test, named by `SOCIALFLOW_S3S_FS`;
//! these tests fail without it). Uploads land in the bucket (not in the
//! media directory), SocialFlow's signed URLs serve them with ranges,
//! presigned URLs point at the bucket, the data export streams them, and
//! deleting an upload or the account deletes the objects.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;

use reqwest::multipart::{Form, Part};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use socialflow_core::media::MediaId;
use socialflow_core::{Clock, Language, RequestContext};
use socialflow_media_contract::s3s::{ACCESS_KEY, BUCKET, REGION, S3sServer, SECRET_KEY};
use socialflow_s3_media::S3Config;

use crate::support::TestApp;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../fixtures/media/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn s3_config(server: &S3sServer) -> S3Config {
    S3Config::new(
        Some(server.endpoint.clone()),
        BUCKET,
        REGION,
        ACCESS_KEY,
        SecretString::from(SECRET_KEY),
    )
}

async fn app_on(server: &S3sServer, presign: bool) -> (TestApp, String) {
    let app = TestApp::builder()
        .s3_media(s3_config(server), presign)
        .spawn()
        .await;
    app.add_user("alice", Language::En).await;
    let user = app.state.users.find("alice").await.unwrap();
    let (_, secret) = app
        .state
        .auth
        .create_api_token(user.id, "test", &RequestContext::cli())
        .await
        .unwrap();
    (app, secret.expose_secret().to_string())
}

async fn upload(app: &TestApp, token: &str, name: &str) -> Value {
    let form = Form::new().part(
        "file",
        Part::bytes(fixture(name)).file_name(name.to_string()),
    );
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/media"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    resp.json().await.unwrap()
}

fn objects(server: &S3sServer) -> Vec<String> {
    S3sServer::objects_in(&server.bucket_dir())
        .into_iter()
        .map(|p| p.display().to_string())
        .collect()
}

fn local_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.media_dir.path())
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .count()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn uploads_live_in_the_bucket_are_served_exported_and_deleted() {
    let server = S3sServer::start();
    let (app, token) = app_on(&server, false).await;
    let original = fixture("reel-h264-aac.mp4");
    let body = upload(&app, &token, "reel-h264-aac.mp4").await;
    assert_eq!(body["status"], "ready", "{body}");
    let id: MediaId = body["id"].as_str().unwrap().parse().unwrap();
    let stored = objects(&server);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(stored[0].ends_with(&format!("media/{id}")), "{stored:?}");
    assert_eq!(std::fs::read(&stored[0]).unwrap(), original);
    assert_eq!(local_files(&app), 0, "no copy stays in the media directory");

    // SocialFlow's own signed URL serves the object, whole and in ranges.
    let user = app.state.users.find("alice").await.unwrap();
    let file = app.state.media.get(user.id, id).await.unwrap();
    let url = app.state.media.public_url(&file, app.clock.now()).await;
    assert!(
        url.starts_with(&format!("{}/media/{id}?exp=", app.base)),
        "{url}"
    );
    let client = reqwest::Client::new();
    let full = client.get(&url).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.bytes().await.unwrap().to_vec(), original);
    let part = client
        .get(&url)
        .header("Range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap().to_vec(), original[10..20]);

    // The export streams the object into the archive.
    let r = client
        .get(app.url("/api/v1/me/export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut exported = Vec::new();
    zip.by_name(&format!("media/{id}.mp4"))
        .unwrap()
        .read_to_end(&mut exported)
        .unwrap();
    assert_eq!(
        exported, original,
        "the export holds the object byte for byte"
    );

    // Deleting the upload deletes the object.
    let del = client
        .delete(app.url(&format!("/api/v1/media/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 204);
    assert!(objects(&server).is_empty(), "{:?}", objects(&server));
}

#[tokio::test]
async fn converted_images_are_written_back_and_the_account_deletion_empties_the_bucket() {
    let server = S3sServer::start();
    let (app, token) = app_on(&server, true).await;
    // A PNG is converted to JPEG on a scratch copy and written back.
    let body = upload(&app, &token, "tall-1x2.png").await;
    assert_eq!(body["content_type"], "image/jpeg", "{body}");
    let id: MediaId = body["id"].as_str().unwrap().parse().unwrap();
    upload(&app, &token, "portrait-4x5.jpg").await;
    let stored = objects(&server);
    assert_eq!(stored.len(), 2, "{stored:?}");
    let png = stored
        .iter()
        .find(|p| p.ends_with(&format!("media/{id}")))
        .unwrap();
    let head = std::fs::read(png).unwrap();
    assert_eq!(&head[..3], &[0xFF, 0xD8, 0xFF], "the bucket holds the JPEG");
    assert_eq!(local_files(&app), 0);

    // With presigning, Instagram is sent to the bucket itself.
    let user = app.state.users.find("alice").await.unwrap();
    let file = app.state.media.get(user.id, id).await.unwrap();
    let url = app.state.media.public_url(&file, app.clock.now()).await;
    assert!(url.starts_with(&server.endpoint), "{url}");
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let got = reqwest::get(&url).await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), head);

    let done = reqwest::Client::new()
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"password": crate::support::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 204);
    assert!(
        objects(&server).is_empty(),
        "the policy: deleting the account deletes its files: {:?}",
        objects(&server)
    );
}
