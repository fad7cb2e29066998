//! Saved replies and direct messages as a chat over HTTP: the REST CRUD
//! (an unknown variable refused), the page keeping refused text with a
//! translated reason, the no-script insert into a DM and a comment reply
//! box, the chat's bubbles, attachments and time left (no environment
//! variable names on screen), and saved replies in the data export.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{TestApp, csrf_in};
use secrecy::SecretString;
use serde_json::json;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::{CachedConversation, CachedMessage, SyncMode};
use socialflow_core::instagram::{Attachment, InstagramApi, LongLivedToken};
use socialflow_core::saved_replies::SavedReplyInput;
use socialflow_core::{Clock, Language, RequestContext, User};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
use socialflow_fakes::ManualClock;
use socialflow_graph::{GraphClient, GraphConfig};
use time::Duration;

fn seg(id: &str) -> String {
    socialflow_server::web::inbox::common::segment(id)
}

async fn save(app: &TestApp, user: &User, name: &str, text: &str) -> String {
    app.state
        .saved_replies
        .create(
            user.id,
            &SavedReplyInput {
                name: name.into(),
                text: text.into(),
            },
        )
        .await
        .unwrap()
        .id
        .to_string()
}

#[tokio::test]
async fn saved_replies_crud_over_the_api_is_the_owners_only() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let (ta, tb) = (app.api_token(&alice).await, app.api_token(&bob).await);

    let (status, body) = app
        .api_post(
            &ta,
            "/api/v1/saved-replies",
            json!({"name": " Thanks ", "text": "Thank you, @{username}! — {account}"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["name"], "Thanks");
    let id = body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/saved-replies/{id}");

    let (status, body) = app
        .api_post(
            &ta,
            &format!("{path}/insert"),
            json!({"draft": "Hi!", "username": "anna", "account": "shop"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["text"], "Hi! Thank you, @anna! — shop");

    // Bob sees nothing of Alice's and cannot touch or use it.
    let (_, list) = app.api_get(&tb, "/api/v1/saved-replies").await;
    assert_eq!(list, json!([]));
    assert_eq!(app.api_get(&tb, &path).await.0, 404);
    let put = json!({"name": "Mine", "text": "stolen"});
    assert_eq!(
        app.api_call(&tb, reqwest::Method::PUT, &path, Some(put.clone()))
            .await
            .0,
        404
    );
    assert_eq!(
        app.api_post(&tb, &format!("{path}/insert"), json!({}))
            .await
            .0,
        404
    );

    let (status, body) = app
        .api_post(
            &ta,
            "/api/v1/saved-replies",
            json!({"name": "", "text": "Hello {name}"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "invalid_saved_reply");
    let problems = body["problems"].as_array().unwrap();
    assert_eq!(problems[0]["code"], "name_required");
    assert_eq!(problems[1]["code"], "unknown_variable");
    assert_eq!(problems[1]["name"], "name");
    assert!(
        problems[1]["message"]
            .as_str()
            .unwrap()
            .contains("{name} is not a variable"),
        "{body}"
    );
    let (status, _) = app
        .api_post(
            &ta,
            &format!("{path}/insert"),
            json!({"username": "x".repeat(101)}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        app.api_call(&ta, reqwest::Method::DELETE, &path, None)
            .await
            .0,
        204
    );
    assert_eq!(app.api_get(&ta, &path).await.0, 404);
}

#[tokio::test]
async fn the_page_saves_and_a_refused_form_keeps_the_text_with_a_translated_reason() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::Ru).await;
    let c = app.login_as("alice").await;
    let csrf = c.csrf("/inbox/saved-replies").await;
    let r = c
        .post_form_with(
            "/inbox/saved-replies",
            &csrf,
            &[("name", "Имя"), ("text", "Спасибо, {имя} :-{ }")],
        )
        .await;
    // `{имя}` is not a `{word}` of ASCII letters: it is plain text, kept;
    // only a Latin typo is a variable problem.
    assert_eq!(r.status(), 303);
    let r = c
        .post_form_with(
            "/inbox/saved-replies",
            &csrf,
            &[("name", "Спасибо"), ("text", "Спасибо, {usernme} <b>!</b>")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("{usernme} — не переменная"), "{page}");
    assert!(page.contains("Спасибо, {usernme} &#60;b&#62;!&#60;/b&#62;</textarea>"));

    let r = c
        .post_form_with(
            "/inbox/saved-replies",
            &csrf,
            &[("name", "Спасибо"), ("text", "Спасибо, @{username}!")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = c.get_page("/inbox/saved-replies?notice=saved").await;
    assert!(page.contains("Сохранено 2 из 100."), "{page}");
    assert!(page.contains("Спасибо, {имя} :-{ }"));
    assert!(page.contains("Спасибо, @{username}!"));
}

/// Alice's account with one conversation whose last message from the
/// person came `ago` before now, and the given messages.
async fn conversation(
    app: &TestApp,
    alice: &User,
    account: AccountId,
    ago: Duration,
    messages: Vec<(bool, Option<&str>, Vec<Attachment>, Duration)>,
) -> CachedConversation {
    let now = app.clock.now();
    let conv = CachedConversation {
        account_id: account,
        id: "conv-1".into(),
        participant_id: "p-1".into(),
        participant_username: Some("anna_k".into()),
        last_message_at: Some(now - ago),
        last_inbound_at: Some(now - ago),
        read_at: None,
        fetched_at: now,
    };
    app.store
        .upsert_conversations(std::slice::from_ref(&conv))
        .await
        .unwrap();
    let items: Vec<CachedMessage> = messages
        .into_iter()
        .enumerate()
        .map(|(i, (inbound, text, attachments, age))| CachedMessage {
            account_id: account,
            id: format!("m-{i}"),
            conversation_id: conv.id.clone(),
            sender_id: if inbound {
                "p-1".into()
            } else {
                "ig-shop".into()
            },
            sender_username: Some(if inbound { "anna_k" } else { "shop" }.into()),
            recipient_id: if inbound {
                "ig-shop".into()
            } else {
                "p-1".into()
            },
            recipient_username: None,
            text: text.map(str::to_string),
            attachments,
            created_at: now - age,
            inbound,
            fetched_at: now,
        })
        .collect();
    app.store.upsert_messages(&items).await.unwrap();
    let _ = alice;
    conv
}

#[tokio::test]
async fn the_chat_shows_bubbles_attachments_and_the_time_left_in_words() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app.add_account(&alice, "shop").await;
    // The person wrote 20 h 48 min ago: 3 h 12 min remain.
    let ago = Duration::hours(20) + Duration::minutes(48);
    let story = Attachment {
        kind: "story_mention".into(),
        url: Some("https://cdn.example/story.jpg".into()),
    };
    let photo = Attachment {
        kind: "image/jpeg".into(),
        url: Some("https://cdn.example/photo.jpg".into()),
    };
    let share = Attachment {
        kind: "share".into(),
        url: Some("https://www.instagram.com/p/abc/".into()),
    };
    conversation(
        &app,
        &alice,
        account,
        ago,
        vec![
            (true, Some("Is it open <today>?"), vec![], Duration::days(2)),
            (
                false,
                Some("Yes, until 8"),
                vec![],
                Duration::days(2) - Duration::minutes(5),
            ),
            (true, None, vec![story], Duration::hours(22)),
            (true, None, vec![], Duration::hours(21)),
            (true, Some("This one"), vec![photo, share], ago),
        ],
    )
    .await;
    let c = app.login_as("alice").await;
    let list = c.get_page("/messages").await;
    assert!(list.contains("@anna_k"), "{list}");
    assert!(list.contains(">AK<"), "initials: {list}");
    assert!(list.contains("This one"), "the latest message: {list}");
    assert!(list.contains("unread-dot"));

    let page = c.get_page(&format!("/messages/{}", seg("conv-1"))).await;
    assert!(page.contains("You can reply for 3 h 12 min more"), "{page}");
    assert!(page.contains("bubble theirs"));
    assert!(page.contains("bubble ours"));
    assert!(page.contains("Is it open &#60;today&#62;?"));
    assert!(page.contains("Mentioned you in their Story"));
    assert!(page.contains(r#"src="https://cdn.example/story.jpg""#));
    assert!(page.contains(r#"src="https://cdn.example/photo.jpg""#));
    assert!(page.contains("Shared post"));
    assert!(
        page.contains("Unsupported message"),
        "never an empty bubble"
    );
    assert!(page.contains("Today") || page.contains("Yesterday"));
    assert!(!page.contains("SOCIALFLOW_"), "{page}");
    assert!(!page.to_uppercase().contains("HUMAN_AGENT"));
}

#[tokio::test]
async fn a_closed_window_explains_the_seven_days_in_words_without_setting_names() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Kk).await;
    let account = app.add_account(&alice, "shop").await;
    conversation(
        &app,
        &alice,
        account,
        Duration::days(3),
        vec![(true, Some("Сәлем"), vec![], Duration::days(3))],
    )
    .await;
    let c = app.login_as("alice").await;
    let page = c.get_page(&format!("/messages/{}", seg("conv-1"))).await;
    assert!(page.contains("Жауаптар"), "{page}");
    assert!(page.contains("7 күн"), "the 7-day reply in words: {page}");
    assert!(!page.contains("SOCIALFLOW_"));
    assert!(!page.contains("<textarea id=\"reply\""), "no reply box");
}

#[tokio::test]
async fn inserting_a_saved_reply_without_script_fills_the_box_and_sends_nothing() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let account = app.add_account(&alice, "shop").await;
    conversation(
        &app,
        &alice,
        account,
        Duration::hours(1),
        vec![(true, Some("Hi"), vec![], Duration::hours(1))],
    )
    .await;
    let id = save(
        &app,
        &alice,
        "Thanks",
        "Thank you, @{username}! Team {account}",
    )
    .await;
    let bobs = save(&app, &bob, "Bob's", "Bob's reply").await;
    let c = app.login_as("alice").await;
    let path = format!("/messages/{}", seg("conv-1"));
    let page = c.get_page(&path).await;
    assert!(page.contains(r#"name="saved_reply""#), "the picker: {page}");
    assert!(page.contains(&id));
    assert!(!page.contains(&bobs));
    let csrf = csrf_in(&page).unwrap();

    let r = c
        .post_form_with(
            &path,
            &csrf,
            &[("text", ""), ("saved_reply", &id), ("insert", "1")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(">Thank you, @anna_k! Team shop</textarea>"),
        "{page}"
    );
    let r = c
        .post_form_with(
            &path,
            &csrf,
            &[("text", "Hello."), ("saved_reply", &id), ("insert", "1")],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(page.contains(">Hello. Thank you, @anna_k! Team shop</textarea>"));
    // Another user's reply is not found, and the typed text stays.
    let r = c
        .post_form_with(
            &path,
            &csrf,
            &[("text", "Mine"), ("saved_reply", &bobs), ("insert", "1")],
        )
        .await;
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains(">Mine</textarea>"));
    // Nothing reached Instagram: the cache holds only the person's message.
    let messages = app.store.cached_messages(alice.id, "conv-1").await.unwrap();
    assert_eq!(messages.len(), 1);
}

#[tokio::test]
async fn a_saved_reply_is_sent_to_instagram_expanded_for_the_person() {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let seeded = fake.seed_demo();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/oauth/instagram/callback".to_string(),
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let clock = Arc::new(ManualClock::new(fake.now()));
    let app = TestApp::builder()
        .clock(clock)
        .instagram(client)
        .spawn()
        .await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app
        .state
        .accounts
        .attach(
            alice.id,
            LongLivedToken {
                token: SecretString::from(fake.issue_token(&seeded)),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account;
    app.state
        .inbox
        .sync_account(&account, SyncMode::Requested)
        .await
        .unwrap();
    let now = app.clock.now();
    let open = app
        .store
        .cached_conversations(alice.id, account.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| {
            c.participant_username.is_some()
                && c.last_inbound_at
                    .is_some_and(|t| now - t < Duration::hours(23))
        })
        .unwrap();
    let id = save(&app, &alice, "Thanks", "Thanks, @{username}!").await;
    let c = app.login_as("alice").await;
    let path = format!("/messages/{}", seg(&open.id));
    let csrf = csrf_in(&c.get_page(&path).await).unwrap();
    // "Send" with a reply still chosen sends the box with it applied.
    let r = c
        .post_form_with(&path, &csrf, &[("text", "Hello."), ("saved_reply", &id)])
        .await;
    assert_eq!(r.status(), 303);
    let expected = format!(
        "Hello. Thanks, @{}!",
        open.participant_username.clone().unwrap()
    );
    assert!(
        fake.sent_messages(&seeded)
            .iter()
            .any(|m| m.text.as_deref() == Some(expected.as_str())),
        "{:?}",
        fake.sent_messages(&seeded)
    );
}

#[tokio::test]
async fn the_data_export_holds_saved_replies() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    save(&app, &alice, "Hours", "We open at 8, {username}.").await;
    save(&app, &bob, "Bob's", "bob-only-text").await;
    let files = app
        .state
        .privacy
        .exports
        .export(&alice, &RequestContext::cli())
        .await
        .unwrap();
    let file = files
        .iter()
        .find(|f| f.path == "saved_replies.json")
        .expect("saved_replies.json");
    let socialflow_core::privacy::ExportContent::Bytes(bytes) = &file.content else {
        panic!("a JSON file");
    };
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("We open at 8, {username}."), "{text}");
    assert!(!text.contains("bob-only-text"));
}

#[tokio::test]
async fn a_comment_reply_box_takes_a_saved_reply_without_script() {
    use socialflow_core::inbox::{CachedComment, CachedMedia};
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app.add_account(&alice, "shop").await;
    let now = app.clock.now();
    app.store
        .upsert_media(&[CachedMedia {
            account_id: account,
            id: "media-1".into(),
            caption: Some("New beans".into()),
            media_type: "IMAGE".into(),
            media_url: None,
            thumbnail_url: None,
            permalink: None,
            timestamp: now - Duration::hours(3),
            like_count: Some(1),
            comments_count: Some(1),
            fetched_at: now,
            comments_fetched_at: Some(now),
            comments_fetched_count: Some(1),
        }])
        .await
        .unwrap();
    app.store
        .upsert_comments(&[CachedComment {
            account_id: account,
            id: "comment-1".into(),
            media_id: "media-1".into(),
            parent_id: None,
            text: "Price?".into(),
            username: Some("anna_k".into()),
            timestamp: now - Duration::hours(1),
            hidden: false,
            like_count: None,
            fetched_at: now,
        }])
        .await
        .unwrap();
    let id = save(&app, &alice, "Price", "@{username} 12 € a bag — {account}").await;
    let c = app.login_as("alice").await;
    let page = c
        .get_page(&format!("/comments?account={account}&media=media-1"))
        .await;
    assert!(page.contains(r#"data-target="reply-comment-1""#), "{page}");
    let csrf = csrf_in(&page).unwrap();
    let r = c
        .post_form_with(
            "/comments/comment-1/reply",
            &csrf,
            &[
                ("message", ""),
                ("account", &account.to_string()),
                ("media", "media-1"),
                ("saved_reply", &id),
                ("insert", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(">@anna_k 12 € a bag — shop</textarea>"),
        "{page}"
    );
}
