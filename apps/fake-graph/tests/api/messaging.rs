//! Conversations, messages and the messaging window.

use std::time::Duration;

use serde_json::json;

use crate::helpers::Fake;

#[tokio::test]
async fn conversations_page_and_messages_come_newest_first() {
    let f = Fake::demo().await;
    let all = f.conversations().await;
    assert_eq!(all.len(), 6);
    let times: Vec<&str> = all
        .iter()
        .map(|c| c["updated_time"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    let page = f
        .get(
            "me/conversations",
            &[("platform", "instagram"), ("limit", "4")],
        )
        .await
        .ok();
    assert_eq!(page["data"].as_array().unwrap().len(), 4);
    assert_eq!(
        page["data"][0].as_object().unwrap().len(),
        2,
        "id and updated_time"
    );
    let after = page["paging"]["cursors"]["after"].as_str().unwrap();
    let rest = f
        .get(
            "me/conversations",
            &[("platform", "instagram"), ("limit", "4"), ("after", after)],
        )
        .await
        .ok();
    assert_eq!(rest["data"].as_array().unwrap().len(), 2);
    assert!(rest["paging"].get("next").is_none());

    let peer = f.peer(&all[0]);
    let found = f
        .get(
            "me/conversations",
            &[("platform", "instagram"), ("user_id", &peer)],
        )
        .await
        .ok();
    assert_eq!(found["data"][0]["id"], all[0]["id"]);

    let conv = all[0]["id"].as_str().unwrap();
    let msgs = f
        .get(
            conv,
            &[("fields", "messages{id,created_time,from,to,message}")],
        )
        .await
        .ok();
    let msgs = msgs["messages"]["data"].as_array().unwrap();
    assert_eq!(msgs.len(), 3);
    assert!(msgs[0]["created_time"].as_str() >= msgs[1]["created_time"].as_str());
    assert_eq!(msgs[0]["from"]["id"], peer.as_str());
    assert_eq!(
        msgs[0]["to"]["data"][0]["id"],
        f.account.ig_user_id.as_str()
    );
    let one = f
        .get(
            msgs[1]["id"].as_str().unwrap(),
            &[("fields", "id,created_time,from,to,message,attachments")],
        )
        .await
        .ok();
    assert_eq!(one["from"]["username"], "demo_roastery");
    let person = f
        .get(&peer, &[("fields", "name,username,follower_count")])
        .await
        .ok();
    assert!(person["username"].is_string());
}

#[tokio::test]
async fn only_the_twenty_latest_messages_keep_their_details() {
    let f = Fake::demo().await;
    let mut found = None;
    for c in f.conversations().await {
        let id = c["id"].as_str().unwrap().to_string();
        let page = f
            .get(
                &format!("{id}/messages"),
                &[("fields", "id,message"), ("limit", "50")],
            )
            .await
            .ok();
        if page["data"].as_array().unwrap().len() == 25 {
            found = Some(page);
        }
    }
    let page = found.expect("the 25-message thread");
    let data = page["data"].as_array().unwrap();
    assert!(data[..20].iter().all(|m| m["message"].is_string()));
    assert!(data[20..].iter().all(|m| m.get("message").is_none()));
    let old = data[24]["id"].as_str().unwrap();
    let refused = f.get(old, &[("fields", "message")]).await;
    assert_eq!(refused.code(), 100);
    assert!(refused.message().contains("deleted"));
}

#[tokio::test]
async fn the_24_hour_window_and_the_human_agent_tag() {
    let f = Fake::demo().await;
    let convs = f.conversations().await;
    let send = |to: String, text: String, tag: bool| {
        let f = &f;
        async move {
            let mut body = json!({ "recipient": { "id": to }, "message": { "text": text } });
            if tag {
                body["messaging_type"] = json!("MESSAGE_TAG");
                body["tag"] = json!("HUMAN_AGENT");
            }
            f.post_json("me/messages", &body).await
        }
    };
    // Inside the window.
    let fresh = f.peer(&convs[0]);
    let sent = send(fresh.clone(), "Your order is on its way".into(), false)
        .await
        .ok();
    assert_eq!(sent["recipient_id"], fresh.as_str());
    assert!(sent["message_id"].is_string());
    let too_long = send(fresh.clone(), "é".repeat(501), false).await;
    assert_eq!(too_long.code(), 100);

    // 30 hours ago: outside the window, inside the human agent's 7 days.
    let late = f.peer(&convs[3]);
    let refused = send(late.clone(), "hello".into(), false).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["error"]["type"], "IGApiException");
    assert_eq!((refused.code(), refused.subcode()), (10, 2534022));
    assert_eq!(
        refused.message(),
        "This message is sent outside of allowed window."
    );
    send(late.clone(), "hello from a person".into(), true)
        .await
        .ok();

    // 200 hours ago: even a human agent is too late.
    let gone = f.peer(&convs[5]);
    assert_eq!(send(gone, "hello".into(), true).await.subcode(), 2534022);

    // Time passes: the fresh one closes too; a new message reopens it.
    f.fake.advance(Duration::from_secs(25 * 3600));
    assert_eq!(
        send(fresh.clone(), "still there?".into(), false)
            .await
            .subcode(),
        2534022
    );
    let igsid = f.fake.receive_message(&f.account, "aigerim.k", "Hi again!");
    send(igsid, "Welcome back".into(), false).await.ok();
    let log = f.fake.sent_messages(&f.account);
    assert_eq!(log.len(), 3);
    assert!(log[1].human_agent);

    let unknown = send("6999".into(), "hi".into(), false).await;
    assert_eq!((unknown.code(), unknown.subcode()), (100, 2018001));
    f.fake.faults().make_unavailable(&fresh);
    f.fake.receive_message(&f.account, "aigerim.k", "ping");
    let blocked = send(fresh, "hi".into(), false).await;
    assert_eq!((blocked.code(), blocked.subcode()), (551, 1545041));
}

#[tokio::test]
async fn a_private_reply_to_a_comment_once() {
    let f = Fake::demo().await;
    let media = f
        .get(
            "me/media",
            &[("fields", "id,comments_count"), ("limit", "5")],
        )
        .await
        .ok();
    let id = media["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["comments_count"].as_u64().unwrap() > 0)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let comments = f
        .get(&format!("{id}/comments"), &[("fields", "id,from")])
        .await
        .ok();
    let comment = comments["data"][0]["id"].as_str().unwrap().to_string();
    let body = json!({ "recipient": { "comment_id": comment }, "message": { "text": "Sent you the price list" } });
    let sent = f
        .post_json(&format!("{}/messages", f.account.ig_user_id), &body)
        .await
        .ok();
    assert_eq!(sent["recipient_id"], comments["data"][0]["from"]["id"]);
    assert_eq!(f.post_json("me/messages", &body).await.code(), 10);
}
