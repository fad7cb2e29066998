//! Profile and media: field selection, the code-100 error, paging,
//! children, stories, versions and aliases.

use serde_json::Value;

use crate::helpers::{Fake, answer};

const MEDIA_FIELDS: &str = "id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp,like_count,comments_count,children{id,media_type,media_url}";

#[tokio::test]
async fn profile_fields_are_selected_and_unknown_ones_refused() {
    let f = Fake::demo().await;
    let me = f
        .get(
            "me",
            &[(
                "fields",
                "user_id,username,name,biography,followers_count,follows_count,media_count,account_type,website,profile_picture_url",
            )],
        )
        .await
        .ok();
    assert_eq!(me["id"], f.account.app_scoped_id.as_str());
    assert_eq!(me["user_id"], f.account.ig_user_id.as_str());
    assert_eq!(me["followers_count"], 23_353);
    assert_eq!(me["media_count"], 50);
    assert_eq!(me["account_type"], "BUSINESS");
    assert!(me.get("data").is_none(), "a flat object");

    let only = f.get("me", &[("fields", "username")]).await.ok();
    assert_eq!(only.as_object().unwrap().len(), 2, "{only}");
    let bare = f.get("me", &[]).await.ok();
    assert_eq!(bare.as_object().unwrap().len(), 1, "{bare}");

    let bad = f.get("me", &[("fields", "username,x")]).await;
    assert_eq!((bad.status, bad.code()), (400, 100));
    assert_eq!(
        bad.message(),
        "(#100) Tried accessing nonexisting field (x) on node type (User)"
    );
    // The IG_ID and the app-scoped id are aliases of `me`, with or
    // without a version.
    for id in [&f.account.ig_user_id, &f.account.app_scoped_id] {
        let a = f.get(id, &[("fields", "username")]).await.ok();
        assert_eq!(a["username"], "demo_roastery");
    }
    let unversioned = answer(
        f.http
            .get(format!("{}/me", f.running.base_url))
            .query(&[("fields", "username"), ("access_token", &f.token)])
            .send()
            .await
            .unwrap(),
    )
    .await
    .ok();
    assert_eq!(unversioned["username"], "demo_roastery");
    let v21 = answer(
        f.http
            .get(format!("{}/v21.0/me", f.running.base_url))
            .query(&[("access_token", &f.token)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(v21.status, 200);
}

#[tokio::test]
async fn fifty_media_page_by_cursor_newest_first() {
    let f = Fake::demo().await;
    let mut all: Vec<Value> = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut q = vec![("fields", MEDIA_FIELDS), ("limit", "20")];
        if let Some(a) = &after {
            q.push(("after", a));
        }
        let page = f
            .get(&format!("{}/media", f.account.ig_user_id), &q)
            .await
            .ok();
        pages += 1;
        let items = page["data"].as_array().unwrap().clone();
        let paging = &page["paging"];
        assert!(paging["cursors"]["before"].is_string());
        all.extend(items);
        match paging.get("next") {
            Some(next) => {
                let next = next.as_str().unwrap();
                assert!(next.contains("access_token="), "next embeds the token");
                assert!(next.contains("after="));
                after = Some(paging["cursors"]["after"].as_str().unwrap().to_string());
            }
            None => break,
        }
        assert!(pages < 10);
    }
    assert_eq!(pages, 3);
    assert_eq!(all.len(), 50);
    let times: Vec<&str> = all
        .iter()
        .map(|m| m["timestamp"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 50);
    let album = all
        .iter()
        .find(|m| m["media_type"] == "CAROUSEL_ALBUM")
        .unwrap();
    assert!(album["children"]["data"].as_array().unwrap().len() >= 2);
    assert!(album["children"]["data"][0]["media_url"].is_string());
    let reel = all
        .iter()
        .find(|m| m["media_product_type"] == "REELS" && m["media_url"].is_string())
        .unwrap();
    assert_eq!(reel["media_type"], "VIDEO");
    assert!(reel["thumbnail_url"].is_string());
    let image = all.iter().find(|m| m["media_type"] == "IMAGE").unwrap();
    assert!(image.get("thumbnail_url").is_none());
    assert!(
        image["permalink"]
            .as_str()
            .unwrap()
            .starts_with("https://www.instagram.com/p/")
    );
    // Some reel uses licensed music: no media_url.
    assert!(
        all.iter()
            .any(|m| m["media_product_type"] == "REELS" && m.get("media_url").is_none())
    );

    // Following `next` as given works too, and `previous` leads back.
    let first = f.get("me/media", &[("limit", "20")]).await.ok();
    assert_eq!(
        first["data"][0].as_object().unwrap().len(),
        1,
        "only ids without fields"
    );
    assert!(first["paging"].get("previous").is_none());
    let next = first["paging"]["next"].as_str().unwrap();
    let second = answer(f.http.get(next).send().await.unwrap()).await.ok();
    assert_eq!(second["data"].as_array().unwrap().len(), 20);
    let prev = second["paging"]["previous"].as_str().unwrap();
    let back = answer(f.http.get(prev).send().await.unwrap()).await.ok();
    assert_eq!(back["data"], first["data"]);
}

#[tokio::test]
async fn single_media_children_and_stories() {
    let f = Fake::demo().await;
    let page = f
        .get("me/media", &[("fields", "id,media_type"), ("limit", "10")])
        .await
        .ok();
    let album = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["media_type"] == "CAROUSEL_ALBUM")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let one = f
        .get(
            &album,
            &[("fields", "id,permalink,shortcode,owner,children")],
        )
        .await
        .ok();
    assert_eq!(one["owner"]["id"], f.account.ig_user_id.as_str());
    let child = one["children"]["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let kids = f
        .get(&format!("{album}/children"), &[("fields", "media_type")])
        .await
        .ok();
    assert!(kids["data"].as_array().unwrap().len() >= 2);
    let c = f
        .get(&child, &[("fields", "id,permalink,media_url")])
        .await
        .ok();
    assert!(
        c.get("permalink").is_none(),
        "album children have no permalink"
    );

    let bad = f.get(&album, &[("fields", "total_like_count")]).await;
    assert_eq!(
        bad.message(),
        "(#100) Tried accessing nonexisting field (total_like_count) on node type (Media)"
    );
    let missing = f.get("17999999999999999", &[]).await;
    assert_eq!((missing.code(), missing.subcode()), (100, 33));

    let stories = f
        .get(
            "me/stories",
            &[("fields", "id,media_product_type,permalink")],
        )
        .await
        .ok();
    let stories = stories["data"].as_array().unwrap();
    assert_eq!(stories.len(), 2, "the expired story is gone");
    assert!(stories.iter().all(|s| s["media_product_type"] == "STORY"));
    let media = f
        .get(
            "me/media",
            &[("fields", "media_product_type"), ("limit", "100")],
        )
        .await
        .ok();
    assert_eq!(media["data"].as_array().unwrap().len(), 50);
    assert!(media["paging"].get("next").is_none());
    assert!(
        media["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["media_product_type"] != "STORY")
    );
}

#[tokio::test]
async fn comments_can_be_turned_off_and_webhooks_subscribed() {
    let f = Fake::demo().await;
    let first = f.get("me/media", &[("limit", "1")]).await.ok()["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        f.post(&first, &[("comment_enabled", "false")]).await.ok()["success"],
        true
    );
    let m = f
        .get(&first, &[("fields", "is_comment_enabled")])
        .await
        .ok();
    assert_eq!(m["is_comment_enabled"], false);
    let refused = f
        .post(&format!("{first}/comments"), &[("message", "hi")])
        .await;
    assert_eq!(refused.code(), 100);
    // Deleting media is for Facebook Login only.
    assert_eq!(f.delete(&first).await.subcode(), 33);

    let sub = f
        .post(
            "me/subscribed_apps",
            &[("subscribed_fields", "comments,messages")],
        )
        .await
        .ok();
    assert_eq!(sub["success"], true);
    let list = f.get("me/subscribed_apps", &[]).await.ok();
    assert_eq!(list["data"][0]["subscribed_fields"][1], "messages");
    let bad = f
        .post("me/subscribed_apps", &[("subscribed_fields", "feed")])
        .await;
    assert_eq!(bad.code(), 100);
}
