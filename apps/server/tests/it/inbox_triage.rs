//! The triage list over HTTP: the `/inbox` page (filters, post shown,
//! bulk and single done, old URLs redirected, a too-long search kept and
//! explained) and the REST list and done/open endpoints, with another
//! user's items out of reach.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::inbox::{CachedComment, CachedConversation, CachedMedia, CachedMessage};
use socialflow_core::{Clock, Language, User};
use time::Duration;

use crate::support::{TestApp, csrf_in};

struct Env {
    app: TestApp,
    alice: User,
    account: AccountId,
}

/// Alice's shop with a post, three fan comments (one answered, one a
/// question) and a conversation; Bob with a comment of his own.
async fn env() -> Env {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let account = app.add_account(&alice, "alice_shop").await;
    let bobs = app.add_account(&bob, "bob_shop").await;
    let now = app.clock.now();
    app.store
        .upsert_media(&[CachedMedia {
            account_id: account,
            id: "m1".into(),
            caption: Some("Autumn blend is back <b>".into()),
            media_type: "IMAGE".into(),
            media_url: Some("https://cdn.example/m1.jpg".into()),
            thumbnail_url: None,
            permalink: Some("https://www.instagram.com/p/m1/".into()),
            timestamp: now - Duration::hours(5),
            like_count: None,
            comments_count: Some(4),
            fetched_at: now,
            comments_fetched_at: None,
            comments_fetched_count: None,
        }])
        .await
        .unwrap();
    let c = |account: AccountId, id: &str, parent: Option<&str>, by: &str, text: &str, min: i64| {
        CachedComment {
            account_id: account,
            id: id.into(),
            media_id: "m1".into(),
            parent_id: parent.map(str::to_string),
            text: text.into(),
            username: Some(by.into()),
            timestamp: now - Duration::minutes(min),
            hidden: false,
            like_count: None,
            fetched_at: now,
        }
    };
    app.store
        .upsert_comments(&[
            c(account, "c1", None, "fan1", "Love it", 50),
            c(account, "c2", None, "fan2", "Is it decaf?", 40),
            c(account, "c3", None, "fan3", "Ordered two", 30),
            c(account, "r3", Some("c3"), "alice_shop", "Thank you!", 20),
            c(bobs, "b1", None, "fan9", "Bob's secret comment", 10),
        ])
        .await
        .unwrap();
    app.store
        .upsert_conversations(&[CachedConversation {
            account_id: account,
            id: "d1".into(),
            participant_id: "p1".into(),
            participant_username: Some("pal".into()),
            last_message_at: Some(now - Duration::minutes(5)),
            last_inbound_at: Some(now - Duration::minutes(5)),
            read_at: None,
            fetched_at: now,
        }])
        .await
        .unwrap();
    app.store
        .upsert_messages(&[CachedMessage {
            account_id: account,
            id: "g1".into(),
            conversation_id: "d1".into(),
            sender_id: "p1".into(),
            sender_username: Some("pal".into()),
            recipient_id: "ig-alice_shop".into(),
            recipient_username: None,
            text: Some("Do you ship to Almaty?".into()),
            attachments: vec![],
            created_at: now - Duration::minutes(5),
            inbound: true,
            fetched_at: now,
        }])
        .await
        .unwrap();
    Env {
        app,
        alice,
        account,
    }
}

fn item_ref(account: AccountId, key: &str, id: &str) -> String {
    format!("{key}:{}:{id}", account.0)
}

#[tokio::test]
async fn the_inbox_page_lists_shows_posts_and_marks_done_in_bulk() {
    let e = env().await;
    let web = e.app.login_as("alice").await;
    let page = web.get_page("/inbox").await;
    // Unanswered by default: the answered thread and Bob's comment are not there.
    for want in [
        "Is it decaf?",
        "Love it",
        "Do you ship to Almaty?",
        "Autumn blend is back &#60;b&#62;",
        "https://cdn.example/m1.jpg",
        "/comments?account=",
        "data-triage-item",
        "<kbd>j</kbd>",
    ] {
        assert!(page.contains(want), "{want} missing: {page}");
    }
    assert!(!page.contains("Ordered two"), "answered");
    assert!(!page.contains("Bob&#x27;s secret") && !page.contains("Bob's secret"));
    let counts: Value = web.visit("/ui/counts").await.json().await.unwrap();
    assert_eq!(counts["comments"], 2);

    // Mark two done in one submit.
    let csrf = csrf_in(&page).unwrap();
    let c1 = item_ref(e.account, "c", "c1");
    let c2 = item_ref(e.account, "c", "c2");
    let resp = web
        .submit(
            "/inbox/done",
            &[
                ("csrf", csrf.as_str()),
                ("back", "/inbox?state=unanswered"),
                ("items", c1.as_str()),
                ("items", c2.as_str()),
            ],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let to = resp.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/inbox?state=unanswered&notice=done&n=2");
    let after = web.get_page(&to).await;
    assert!(after.contains("2 items marked done."), "{after}");
    assert!(!after.contains("Love it") && !after.contains("Is it decaf?"));
    let counts: Value = web.visit("/ui/counts").await.json().await.unwrap();
    assert_eq!(counts["comments"], 0, "done comments are not unanswered");
    let done = web.get_page("/inbox?state=done").await;
    assert!(
        done.contains("Love it") && done.contains("Is it decaf?"),
        "{done}"
    );

    // One item's own button: reopen just that one.
    let resp = web
        .submit(
            "/inbox/open",
            &[
                ("csrf", csrf.as_str()),
                ("back", "/inbox?state=done"),
                ("items", c1.as_str()),
                ("one", c2.as_str()),
            ],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let done = web.get_page("/inbox?state=done").await;
    assert!(
        done.contains("Love it") && !done.contains("Is it decaf?"),
        "{done}"
    );

    // Nothing chosen: said so. Without a token: refused.
    let resp = web
        .submit(
            "/inbox/done",
            &[("csrf", csrf.as_str()), ("back", "https://evil.example/")],
        )
        .await;
    assert_eq!(resp.headers()["location"], "/inbox?notice=none&n=0");
    let resp = web.submit("/inbox/done", &[("items", c1.as_str())]).await;
    assert_eq!(resp.status(), 403);

    // Filters: questions, search (wildcards are text), a post.
    let q = web.get_page("/inbox?state=all&question=1").await;
    assert!(q.contains("Is it decaf?") && q.contains("Almaty?") && !q.contains("Love it"));
    let s = web.get_page("/inbox?state=all&q=DECAF").await;
    assert!(s.contains("Is it decaf?") && !s.contains("Love it"), "{s}");
    let pct = web.get_page("/inbox?state=all&q=%25").await;
    assert!(!pct.contains("data-triage-item"), "% matches nothing here");
    let post = web.get_page("/inbox?state=all&media=m1").await;
    assert!(
        post.contains("Ordered two") && !post.contains("Almaty"),
        "{post}"
    );

    // A search too long: 422, explained, and what was typed stays.
    let long = "x".repeat(101);
    let resp = web.visit(&format!("/inbox?q={long}")).await;
    assert_eq!(resp.status(), 422);
    let body = resp.text().await.unwrap();
    assert!(
        body.contains("at most 100 characters") && body.contains(&long),
        "{body}"
    );

    // The old URLs lead here; a post's threads stay, with a done button.
    let old = web.visit("/comments").await;
    assert_eq!(old.status(), 303);
    assert_eq!(old.headers()["location"], "/inbox");
    // The account's old list views lead to their places under /inbox,
    // filters and notice kept: no page is left behind.
    let a = e.account.0;
    for (from, to) in [
        (
            format!("/comments?account={a}&unanswered=1"),
            format!("/inbox?account={a}"),
        ),
        (
            format!("/comments?account={a}&unanswered=1&notice=done&n=2"),
            format!("/inbox?account={a}&notice=done&n=2"),
        ),
        (
            format!("/comments?account={a}"),
            format!("/inbox/posts?account={a}"),
        ),
        (
            format!("/comments?account={a}&notice=commented"),
            format!("/inbox/posts?account={a}&notice=commented"),
        ),
    ] {
        let r = web.visit(&from).await;
        assert_eq!(r.status(), 303, "{from}");
        assert_eq!(r.headers()["location"], to.as_str(), "{from}");
    }
    let posts = web.get_page(&format!("/inbox/posts?account={a}")).await;
    assert!(
        posts.contains(&format!("/comments?account={a}&amp;media=m1")),
        "{posts}"
    );
    assert!(posts.contains("Refresh now"), "{posts}");
    let thread = web
        .get_page(&format!("/comments?account={}&media=m1", e.account.0))
        .await;
    assert!(thread.contains(&item_ref(e.account, "c", "c3")), "{thread}");
    assert!(thread.contains("https://cdn.example/m1.jpg"), "{thread}");
}

#[tokio::test]
async fn another_users_items_cannot_be_marked() {
    let e = env().await;
    let web = e.app.login_as("bob").await;
    let c1 = item_ref(e.account, "c", "c1");
    let resp = web
        .post_form("/inbox/done", &[("items", c1.as_str())])
        .await;
    assert_eq!(resp.headers()["location"], "/inbox?notice=done&n=0");
    let tok = e.app.api_token(&e.app.user(e.alice.id).await).await;
    let (_, page) = e.app.api_get(&tok, "/api/v1/inbox/items?state=done").await;
    assert_eq!(page["items"], json!([]), "nothing of Alice's was marked");
}

#[tokio::test]
async fn the_rest_list_pages_filters_and_marks_done() {
    let e = env().await;
    let tok = e.app.api_token(&e.alice).await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/inbox/items?limit=2".to_string();
    loop {
        let (status, page) = e.app.api_get(&tok, &path).await;
        assert_eq!(status, 200, "{page}");
        for i in page["items"].as_array().unwrap() {
            seen.push(i["id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/inbox/items?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ["d1", "c3", "c2", "c1"]);
    let (_, page) = e
        .app
        .api_get(&tok, "/api/v1/inbox/items?state=unanswered&question=true")
        .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[1]["post"]["picture_url"],
        "https://cdn.example/m1.jpg"
    );
    assert_eq!(items[0]["kind"], "message");

    for bad in ["cursor=zz", "limit=0", "limit=101", "state=later"] {
        let (status, body) = e
            .app
            .api_get(&tok, &format!("/api/v1/inbox/items?{bad}"))
            .await;
        assert_eq!(status, 400, "{bad}: {body}");
    }

    let c1 = item_ref(e.account, "c", "c1");
    let d1 = item_ref(e.account, "d", "d1");
    let (status, body) = e
        .app
        .api_post(&tok, "/api/v1/inbox/items/done", json!({"items": [c1, d1]}))
        .await;
    assert_eq!((status, body["changed"].clone()), (200, json!(2)));
    let (_, counts) = e.app.api_get(&tok, "/api/v1/inbox/counts").await;
    assert_eq!(counts["unanswered_comments"], 1);
    assert_eq!(counts["unread_conversations"], 0);
    let many: Vec<String> = (0..101)
        .map(|i| item_ref(e.account, "c", &i.to_string()))
        .collect();
    let (status, body) = e
        .app
        .api_post(&tok, "/api/v1/inbox/items/done", json!({"items": many}))
        .await;
    assert_eq!(
        (status, body["code"].clone()),
        (422, json!("too_many_items"))
    );
    let (status, _) = e
        .app
        .api_post(
            &tok,
            "/api/v1/inbox/items/done",
            json!({"items": ["nonsense"]}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, body) = e
        .app
        .api_post(&tok, "/api/v1/inbox/items/open", json!({"items": [c1]}))
        .await;
    assert_eq!((status, body["changed"].clone()), (200, json!(1)));

    let one = format!(
        "/api/v1/inbox/items/{}/done",
        item_ref(e.account, "c", "c2")
    );
    let (status, _) = e.app.api_call(&tok, reqwest::Method::PUT, &one, None).await;
    assert_eq!(status, 204);
    let (status, _) = e
        .app
        .api_call(&tok, reqwest::Method::DELETE, &one, None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = e
        .app
        .api_call(&tok, reqwest::Method::DELETE, &one, None)
        .await;
    assert_eq!(status, 404, "not done any more");

    let bob = e.app.add_user("carol", Language::En).await;
    let bob_tok = e.app.api_token(&bob).await;
    let (status, _) = e
        .app
        .api_call(&bob_tok, reqwest::Method::PUT, &one, None)
        .await;
    assert_eq!(status, 404, "not theirs");
    let (_, page) = e
        .app
        .api_get(&bob_tok, "/api/v1/inbox/items?state=all")
        .await;
    assert_eq!(page["items"], json!([]));
}
