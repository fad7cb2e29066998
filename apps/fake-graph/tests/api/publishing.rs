//! Containers, processing, publishing, quotas and uploads.

use std::time::Duration;

use serde_json::Value;
use socialflow_fake_graph::FakeGraphConfig;

use crate::helpers::{Answer, Fake, answer, media_host, mp4};

const MINUTE: u64 = 60;

impl Fake {
    async fn create(&self, form: &[(&str, &str)]) -> Answer {
        self.post(&format!("{}/media", self.account.ig_user_id), form)
            .await
    }

    async fn status(&self, id: &str) -> Value {
        self.get(id, &[("fields", "status_code,status")]).await.ok()
    }

    async fn publish(&self, id: &str) -> Answer {
        self.post("me/media_publish", &[("creation_id", id)]).await
    }
}

fn id(a: Answer) -> String {
    a.ok()["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_image_container_processes_publishes_once_and_shows_up() {
    let f = Fake::with(FakeGraphConfig {
        image_processing: Duration::from_secs(MINUTE),
        ..FakeGraphConfig::default()
    })
    .await;
    let (host, _h) = media_host().await;
    let url = format!("{host}/photo.jpg");
    let c = id(f
        .create(&[
            ("image_url", &url),
            ("caption", "Morning roast #coffee"),
            ("alt_text", "a cup"),
        ])
        .await);
    assert_eq!(f.status(&c).await["status_code"], "IN_PROGRESS");

    let early = f.publish(&c).await;
    assert_eq!(early.status, 400);
    assert_eq!((early.code(), early.subcode()), (9007, 2207027));
    assert_eq!(early.message(), "Media ID is not available");
    assert_eq!(early.body["error"]["error_user_title"], "Cannot publish");

    f.fake.advance(Duration::from_secs(MINUTE + 1));
    assert_eq!(f.status(&c).await["status_code"], "FINISHED");
    let media = id(f.publish(&c).await);
    assert_eq!(f.status(&c).await["status_code"], "PUBLISHED");
    // Publishing again makes no second post: the same id.
    assert_eq!(id(f.publish(&c).await), media);
    assert_eq!(f.fake.published_media(&f.account).len(), 1);

    let item = f
        .get(
            &media,
            &[("fields", "id,caption,media_type,permalink,timestamp")],
        )
        .await
        .ok();
    assert_eq!(item["caption"], "Morning roast #coffee");
    assert!(
        item["permalink"]
            .as_str()
            .unwrap()
            .starts_with("https://www.instagram.com/p/")
    );
    let newest = f.get("me/media", &[("limit", "1")]).await.ok();
    assert_eq!(newest["data"][0]["id"], media.as_str());
    let me = f.get("me", &[("fields", "media_count")]).await.ok();
    assert_eq!(me["media_count"], 51);

    let limit = f
        .get(
            "me/content_publishing_limit",
            &[("fields", "quota_usage,config")],
        )
        .await
        .ok();
    assert_eq!(limit["data"][0]["quota_usage"], 1);
    assert_eq!(limit["data"][0]["config"]["quota_total"], 100);
    assert_eq!(limit["data"][0]["config"]["quota_duration"], 86400);
    let bare = f.get("me/content_publishing_limit", &[]).await.ok();
    assert!(bare["data"][0].get("config").is_none());
}

#[tokio::test]
async fn the_publishing_quota_and_container_expiry() {
    let f = Fake::with(FakeGraphConfig {
        quota_total: 2,
        fetch_media: false,
        ..FakeGraphConfig::default()
    })
    .await;
    for _ in 0..2 {
        let c = id(f
            .create(&[("image_url", "https://cdn.example/a.jpg")])
            .await);
        id(f.publish(&c).await);
    }
    let c = id(f
        .create(&[("image_url", "https://cdn.example/a.jpg")])
        .await);
    let over = f.publish(&c).await;
    assert_eq!(
        (over.status, over.code(), over.subcode()),
        (400, 9, 2207042)
    );
    assert_eq!(f.fake.published_media(&f.account).len(), 2);

    // A day later the window has moved on, but the container has expired.
    f.fake.advance(Duration::from_secs(24 * 3600 + 1));
    assert_eq!(f.status(&c).await["status_code"], "EXPIRED");
    let expired = f.publish(&c).await;
    assert_eq!((expired.code(), expired.subcode()), (-2, 2207020));
    let fresh = id(f
        .create(&[("image_url", "https://cdn.example/a.jpg")])
        .await);
    id(f.publish(&fresh).await);
}

#[tokio::test]
async fn at_most_400_containers_a_day() {
    let f = Fake::with(FakeGraphConfig {
        fetch_media: false,
        ..FakeGraphConfig::default()
    })
    .await;
    for _ in 0..400 {
        id(f.create(&[("image_url", "https://cdn.example/a.jpg")])
            .await);
    }
    let over = f
        .create(&[("image_url", "https://cdn.example/a.jpg")])
        .await;
    assert_eq!((over.code(), over.subcode()), (9, 2207042));
    assert_eq!(f.fake.containers(&f.account).len(), 400);
}

#[tokio::test]
async fn media_instagram_cannot_fetch_or_will_not_take() {
    let f = Fake::demo().await;
    let (host, _h) = media_host().await;
    let png = f
        .create(&[("image_url", &format!("{host}/photo.png"))])
        .await;
    assert_eq!((png.code(), png.subcode()), (36001, 2207005));
    let big = f.create(&[("image_url", &format!("{host}/big.jpg"))]).await;
    assert_eq!((big.code(), big.subcode()), (36000, 2207004));
    let missing = f
        .create(&[("image_url", &format!("{host}/nowhere.jpg"))])
        .await;
    assert_eq!(
        (missing.status, missing.code(), missing.subcode()),
        (400, 9004, 2207052)
    );
    assert_eq!(
        missing.body["error"]["error_user_title"],
        "Media download has failed. The media URI doesn't meet our requirements."
    );
    assert_eq!(
        missing.message(),
        "Only photo or video can be accepted as media type."
    );
    let portrait = f
        .create(&[("image_url", &format!("{host}/portrait.jpg"))])
        .await;
    assert_eq!((portrait.code(), portrait.subcode()), (36003, 2207009));
    // Stories take 9:16.
    id(f.create(&[
        ("image_url", &format!("{host}/portrait.jpg")),
        ("media_type", "STORIES"),
    ])
    .await);
}

#[tokio::test]
async fn caption_limits_and_the_hashtag_switch() {
    let f = Fake::with(FakeGraphConfig {
        fetch_media: false,
        hashtag_limit: 5,
        ..FakeGraphConfig::default()
    })
    .await;
    let url = "https://cdn.example/a.jpg";
    let six = "#a #b #c #d #e #f";
    let tags = f.create(&[("image_url", url), ("caption", six)]).await;
    assert_eq!((tags.code(), tags.subcode()), (36004, 2207010));
    id(
        f.create(&[("image_url", url), ("caption", "#a #b #c #d #e")])
            .await,
    );
    let long = "x".repeat(2201);
    assert_eq!(
        f.create(&[("image_url", url), ("caption", &long)])
            .await
            .code(),
        36004
    );
    let mentions: String = (0..21).map(|i| format!("@user{i} ")).collect();
    assert_eq!(
        f.create(&[("image_url", url), ("caption", &mentions)])
            .await
            .subcode(),
        2207010
    );

    let thirty = Fake::with(FakeGraphConfig {
        fetch_media: false,
        ..FakeGraphConfig::default()
    })
    .await;
    id(thirty.create(&[("image_url", url), ("caption", six)]).await);
}

#[tokio::test]
async fn carousels_need_two_to_ten_items_and_publish_as_albums() {
    let f = Fake::with(FakeGraphConfig {
        fetch_media: false,
        ..FakeGraphConfig::default()
    })
    .await;
    let url = "https://cdn.example/a.jpg";
    let mut items = Vec::new();
    for _ in 0..11 {
        items.push(id(f
            .create(&[("image_url", url), ("is_carousel_item", "true")])
            .await));
    }
    let one = f
        .create(&[("media_type", "CAROUSEL"), ("children", &items[0])])
        .await;
    assert_eq!((one.code(), one.subcode()), (100, 2207028));
    let eleven = f
        .create(&[("media_type", "CAROUSEL"), ("children", &items.join(","))])
        .await;
    assert_eq!(eleven.subcode(), 2207028);
    let json_list = serde_json::to_string(&items[..3]).unwrap();
    let album = id(f
        .create(&[
            ("media_type", "CAROUSEL"),
            ("children", &json_list),
            ("caption", "Three roasts"),
        ])
        .await);
    // Parameters may also come as a JSON body, arrays as arrays.
    let from_json = f
        .post_json(
            &format!("{}/media", f.account.ig_user_id),
            &serde_json::json!({
                "media_type": "CAROUSEL",
                "children": items[3..5],
                "caption": "Two more",
            }),
        )
        .await;
    assert_eq!(f.status(&id(from_json)).await["status_code"], "FINISHED");
    // A carousel item alone cannot be published.
    assert_eq!(f.publish(&items[0]).await.code(), 100);
    let media = id(f.publish(&album).await);
    let m = f
        .get(&media, &[("fields", "media_type,children{id}")])
        .await
        .ok();
    assert_eq!(m["media_type"], "CAROUSEL_ALBUM");
    assert_eq!(m["children"]["data"].as_array().unwrap().len(), 3);
    let limit = f.get("me/content_publishing_limit", &[]).await.ok();
    assert_eq!(limit["data"][0]["quota_usage"], 1, "a carousel counts once");
}

#[tokio::test]
async fn reels_are_fetched_after_answering_and_can_fail_processing() {
    let f = Fake::with(FakeGraphConfig {
        video_processing: Duration::from_secs(MINUTE),
        ..FakeGraphConfig::default()
    })
    .await;
    let (host, _h) = media_host().await;
    let good = id(f
        .create(&[
            ("media_type", "REELS"),
            ("video_url", &format!("{host}/clip.mp4")),
            ("caption", "Cupping"),
        ])
        .await);
    let junk = id(f
        .create(&[
            ("media_type", "REELS"),
            ("video_url", &format!("{host}/junk.mp4")),
        ])
        .await);
    let lost = id(f
        .create(&[
            ("media_type", "REELS"),
            ("video_url", &format!("{host}/gone.mp4")),
        ])
        .await);
    f.fake.faults().fail_next_containers(1);
    let doomed = id(f
        .create(&[
            ("media_type", "REELS"),
            ("video_url", &format!("{host}/clip.mp4")),
        ])
        .await);
    assert_eq!(f.status(&good).await["status_code"], "IN_PROGRESS");
    f.fake.advance(Duration::from_secs(MINUTE + 1));
    // The fetches run in the background; give them a moment.
    let mut status = Value::Null;
    for _ in 0..100 {
        status = f.status(&good).await;
        if status["status_code"] != "IN_PROGRESS" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(status["status_code"], "FINISHED");
    let junk = f.status(&junk).await;
    assert_eq!(junk["status_code"], "ERROR");
    assert_eq!(
        junk["status"],
        "Error: Media upload has failed with error code 2207026"
    );
    assert_eq!(
        f.status(&lost).await["status"],
        "Error: Media upload has failed with error code 2207052"
    );
    let doomed_status = f.status(&doomed).await;
    assert_eq!(
        doomed_status["status"],
        "Error: Media upload has failed with error code 2207082"
    );
    let refused = f.publish(&doomed).await;
    assert_eq!(refused.status, 400);
    let reel = id(f.publish(&good).await);
    let m = f
        .get(
            &reel,
            &[(
                "fields",
                "media_type,media_product_type,permalink,thumbnail_url,is_shared_to_feed",
            )],
        )
        .await
        .ok();
    assert_eq!(
        (m["media_type"].as_str(), m["media_product_type"].as_str()),
        (Some("VIDEO"), Some("REELS"))
    );
    assert!(m["permalink"].as_str().unwrap().contains("/reel/"));
    let single_video = f
        .create(&[
            ("media_type", "VIDEO"),
            ("video_url", &format!("{host}/clip.mp4")),
        ])
        .await;
    assert_eq!(single_video.code(), 100);
}

#[tokio::test]
async fn resumable_uploads_start_processing_when_complete() {
    let f = Fake::with(FakeGraphConfig {
        video_processing: Duration::ZERO,
        ..FakeGraphConfig::default()
    })
    .await;
    let created = f
        .create(&[("media_type", "REELS"), ("upload_type", "resumable")])
        .await
        .ok();
    let c = created["id"].as_str().unwrap().to_string();
    let uri = created["uri"].as_str().unwrap().to_string();
    assert!(uri.ends_with(&format!("/ig-api-upload/v25.0/{c}")), "{uri}");
    assert_eq!(f.status(&c).await["status_code"], "IN_PROGRESS");
    let bytes = mp4();
    let (first, rest) = bytes.split_at(1000);
    let upload = |offset: usize, body: Vec<u8>, auth: String| {
        let f = &f;
        let uri = uri.clone();
        let total = bytes.len();
        async move {
            answer(
                f.http
                    .post(&uri)
                    .header("authorization", auth)
                    .header("offset", offset.to_string())
                    .header("file_size", total.to_string())
                    .body(body)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let nobody = upload(0, first.to_vec(), "OAuth IGAA-nobody".into()).await;
    assert_eq!(nobody.status, 401);
    assert!(
        nobody.body["debug_info"]["message"]
            .as_str()
            .unwrap()
            .contains("unauthorized user request")
    );
    let auth = format!("OAuth {}", f.token);
    let part = upload(0, first.to_vec(), auth.clone()).await.ok();
    assert_eq!(part["success"], true);
    assert_eq!(f.status(&c).await["status_code"], "IN_PROGRESS");
    let wrong = upload(0, rest.to_vec(), auth.clone()).await;
    assert_eq!(wrong.status, 400, "offset must follow what was received");
    let done = upload(1000, rest.to_vec(), auth.clone()).await.ok();
    assert_eq!(done["message"], "Upload successful.");
    assert_eq!(f.status(&c).await["status_code"], "FINISHED");
    id(f.publish(&c).await);

    // A hosted file instead of bytes.
    let (host, _h) = media_host().await;
    let hosted = f
        .create(&[("media_type", "REELS"), ("upload_type", "resumable")])
        .await
        .ok();
    let hosted_id = hosted["id"].as_str().unwrap().to_string();
    let ok = answer(
        f.http
            .post(hosted["uri"].as_str().unwrap())
            .header("authorization", &auth)
            .header("file_url", format!("{host}/clip.mp4"))
            .send()
            .await
            .unwrap(),
    )
    .await
    .ok();
    assert_eq!(ok["success"], true);
    let mut code = Value::Null;
    for _ in 0..100 {
        code = f.status(&hosted_id).await["status_code"].clone();
        if code != "IN_PROGRESS" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(code, "FINISHED");

    // A declared size the body overruns.
    let other = f
        .create(&[("media_type", "REELS"), ("upload_type", "resumable")])
        .await
        .ok();
    let over = answer(
        f.http
            .post(other["uri"].as_str().unwrap())
            .header("authorization", &auth)
            .header("offset", "0")
            .header("file_size", "5")
            .body(bytes.clone())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(over.status, 400);
    assert_eq!(over.body["debug_info"]["retriable"], false);
}
