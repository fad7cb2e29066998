//! Comments: top level with replies, reply, comment, hide, delete.

use serde_json::Value;

use crate::helpers::Fake;

const FIELDS: &str = "id,text,username,timestamp,like_count,hidden,from{id,username},replies{id,text,username,parent_id}";

async fn commented_media(f: &Fake) -> String {
    let media = f
        .get(
            "me/media",
            &[("fields", "id,comments_count"), ("limit", "50")],
        )
        .await
        .ok();
    media["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["comments_count"].as_u64().unwrap() >= 3)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn top_level_comments_with_replies_and_every_action() {
    let f = Fake::demo().await;
    let media = commented_media(&f).await;
    let list = f
        .get(&format!("{media}/comments"), &[("fields", FIELDS)])
        .await
        .ok();
    let items = list["data"].as_array().unwrap().clone();
    assert!(items.len() >= 2);
    assert!(
        items.iter().all(|c| c.get("parent_id").is_none()),
        "top level only"
    );
    let times: Vec<&str> = items
        .iter()
        .map(|c| c["timestamp"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(
        items
            .iter()
            .any(|c| !c["replies"]["data"].as_array().unwrap().is_empty())
    );
    // Default fields without a selection.
    let plain = f.get(&format!("{media}/comments"), &[]).await.ok();
    let keys: Vec<&String> = plain["data"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3, "{keys:?}");

    let target = items[0]["id"].as_str().unwrap().to_string();
    let reply = f
        .post(&format!("{target}/replies"), &[("message", "Thanks!")])
        .await
        .ok()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mine = f
        .post(
            &format!("{media}/comments"),
            &[("message", "Order via the link in bio")],
        )
        .await
        .ok()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        f.post(&target, &[("hide", "true")]).await.ok()["success"],
        true
    );
    let one = f
        .get(
            &target,
            &[("fields", "hidden,media{id},replies{text,parent_id}")],
        )
        .await
        .ok();
    assert_eq!(one["hidden"], true);
    assert_eq!(one["media"]["id"], media.as_str());
    let replies: &Vec<Value> = one["replies"]["data"].as_array().unwrap();
    assert!(
        replies
            .iter()
            .any(|r| r["id"] == reply.as_str() && r["text"] == "Thanks!")
    );
    let listed = f
        .get(&format!("{target}/replies"), &[("fields", "text")])
        .await
        .ok();
    assert_eq!(
        listed["data"][0]["id"],
        reply.as_str(),
        "newest reply first"
    );
    // The owner's own comments stay visible.
    assert_eq!(f.post(&mine, &[("hide", "true")]).await.code(), 100);

    assert_eq!(f.delete(&mine).await.ok()["success"], true);
    let gone = f.delete(&mine).await;
    assert_eq!((gone.status, gone.code(), gone.subcode()), (400, 100, 33));
    assert_eq!(f.delete(&target).await.ok()["success"], true);
    assert_eq!(
        f.get(&reply, &[]).await.subcode(),
        33,
        "replies go with their comment"
    );
}

#[tokio::test]
async fn comment_pages_hold_at_most_fifty() {
    let f = Fake::demo().await;
    let media = commented_media(&f).await;
    for n in 0..60 {
        f.post(
            &format!("{media}/comments"),
            &[("message", &format!("c{n}"))],
        )
        .await
        .ok();
    }
    let page = f
        .get(&format!("{media}/comments"), &[("limit", "100")])
        .await
        .ok();
    assert_eq!(page["data"].as_array().unwrap().len(), 50);
    assert!(page["paging"]["next"].is_string());
    assert_eq!(page["data"][0]["text"], "c59");
}
