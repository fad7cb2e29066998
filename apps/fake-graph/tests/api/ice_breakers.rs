//! Ice breakers (`/me/messenger_profile`, platform instagram): set, read,
//! Graph's field errors, delete, and a simulated tap landing in the
//! conversation.

use serde_json::json;

use crate::helpers::Fake;

fn profile() -> serde_json::Value {
    json!({"platform": "instagram", "ice_breakers": [
        {"call_to_actions": [{"question": "Price?", "payload": "ib:default:1"},
                             {"question": "Delivery?", "payload": "ib:default:2"}],
         "locale": "default"},
        {"call_to_actions": [{"question": "Сколько стоит?", "payload": "ib:ru:1"}],
         "locale": "ru_RU"}]})
}

#[tokio::test]
async fn set_read_refuse_and_delete() {
    let f = Fake::demo().await;
    let read = [("fields", "ice_breakers"), ("platform", "instagram")];
    let empty = f.get("me/messenger_profile", &read).await.ok();
    assert_eq!(empty, json!({"data": []}));

    let set = f.post_json("me/messenger_profile", &profile()).await.ok();
    assert_eq!(set, json!({"result": "success"}));
    let got = f.get("me/messenger_profile", &read).await.ok();
    assert_eq!(got["data"][0]["ice_breakers"], profile()["ice_breakers"]);

    // Five questions in a locale: code 100 naming the parameter; nothing
    // changes.
    let five: Vec<_> = (0..5)
        .map(|i| json!({"question": format!("Q{i}"), "payload": format!("p{i}")}))
        .collect();
    let refused = f
        .post_json(
            "me/messenger_profile",
            &json!({"platform": "instagram", "ice_breakers": [{"call_to_actions": five, "locale": "default"}]}),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.code(), 100);
    assert!(
        refused
            .message()
            .contains("ice_breakers[0][call_to_actions] must have at most 4"),
        "{}",
        refused.message()
    );
    let no_default = f
        .post_json(
            "me/messenger_profile",
            &json!({"platform": "instagram", "ice_breakers": [
                {"call_to_actions": [{"question": "Q", "payload": "p"}], "locale": "ru_RU"}]}),
        )
        .await;
    assert_eq!(no_default.code(), 100);
    let no_platform = f
        .post_json(
            "me/messenger_profile",
            &json!({"ice_breakers": profile()["ice_breakers"]}),
        )
        .await;
    assert_eq!(no_platform.code(), 100);
    assert_eq!(
        f.get("me/messenger_profile", &read).await.ok()["data"][0]["ice_breakers"],
        profile()["ice_breakers"]
    );

    // The tap: the question becomes the person's message.
    let peer = f
        .fake
        .tap_ice_breaker(&f.account, "aigerim.k", "ib:ru:1")
        .expect("a known payload");
    assert!(f.fake.tap_ice_breaker(&f.account, "x", "nope").is_none());
    let convs = f.conversations().await;
    let conv = convs
        .iter()
        .find(|c| f.peer(c) == peer)
        .expect("the tap's conversation is listed");
    let msgs = f
        .get(
            conv["id"].as_str().unwrap(),
            &[("fields", "messages{id,from,message}")],
        )
        .await
        .ok();
    assert_eq!(msgs["messages"]["data"][0]["message"], "Сколько стоит?");

    // Delete needs fields=["ice_breakers"].
    let del = f
        .http
        .delete(f.url("me/messenger_profile"))
        .bearer_auth(&f.token)
        .json(&json!({"fields": ["ice_breakers"], "platform": "instagram"}))
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 200);
    assert_eq!(
        f.get("me/messenger_profile", &read).await.ok(),
        json!({"data": []})
    );
    assert!(f.fake.ice_breakers(&f.account).is_empty());
}
