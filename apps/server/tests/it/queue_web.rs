//! The queue page: slots edited as a grid (a refusal keeps what was typed
//! and says why, translated), a suggestion taken with one click, drafts
//! added to the queue, the feed link shown once and revoked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::Language;
use socialflow_core::posts::MediaClass;

use crate::support::{TestApp, csrf_in};

#[tokio::test]
async fn slots_are_edited_on_the_page_and_a_refusal_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let s = app.login_as("alice").await;
    let page = format!("/queue?account={acc}");
    let html = s.get_page(&page).await;
    assert!(html.contains("Очередь"), "{html}");
    assert!(html.contains("Предложения по умолчанию"), "defaults say so");
    let csrf = csrf_in(&html).unwrap();
    let account = acc.to_string();

    // A new time on Mon–Wed.
    let r = s
        .post_form_with(
            "/queue/slots",
            &csrf,
            &[
                ("account", &account),
                ("new_time", "09:00"),
                ("new_day", "mon"),
                ("new_day", "tue"),
                ("new_day", "wed"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let html = s.get_page(&format!("{page}&notice=slots")).await;
    assert!(html.contains("Слоты сохранены."));
    assert!(
        html.contains("value=\"mon@09:00\" aria-label=\"09:00 mon\" checked"),
        "{html}"
    );
    assert!(html.contains("Пн–Ср"), "the row says its days");

    // A time without a day: refused, translated, the typed time kept.
    let r = s
        .post_form_with(
            "/queue/slots",
            &csrf,
            &[
                ("account", &account),
                ("slot", "mon@09:00"),
                ("new_time", "18:30"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Выберите хотя бы один день для нового времени."));
    assert!(html.contains("value=\"18:30\""), "kept");
    // A bad grid value: refused with its position.
    let r = s
        .post_form_with(
            "/queue/slots",
            &csrf,
            &[
                ("account", &account),
                ("slot", "mon@09:00"),
                ("slot", "mon@24:00"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Слот 2: укажите время от 00:00 до 23:59.")
    );
    let slots = app.state.queue.slots(alice.id, acc).await.unwrap();
    assert_eq!(slots.len(), 3, "nothing changed");

    // Unticking Tuesday and Wednesday removes them.
    let r = s
        .post_form_with(
            "/queue/slots",
            &csrf,
            &[("account", &account), ("slot", "mon@09:00")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.state.queue.slots(alice.id, acc).await.unwrap().len(), 1);

    // A suggestion with one click.
    let r = s
        .post_form_with(
            "/queue/slots/add",
            &csrf,
            &[
                ("account", &account),
                ("time", "12:30"),
                ("day", "mon"),
                ("day", "tue"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.state.queue.slots(alice.id, acc).await.unwrap().len(), 3);

    // Someone else's account is not found.
    let bob = app.add_user("bob", Language::En).await;
    let bobs = app.add_account(&bob, "bob_ig").await.to_string();
    let r = s
        .post_form_with(
            "/queue/slots",
            &csrf,
            &[("account", &bobs), ("slot", "mon@09:00")],
        )
        .await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        s.visit(&format!("/queue?account={bobs}")).await.status(),
        404
    );
}

#[tokio::test]
async fn drafts_are_added_to_the_queue_and_the_feed_link_is_shown_once() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let tok = app.api_token(&alice).await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let (_, body) = app
        .create_post(
            &tok,
            serde_json::json!({"account_id": acc, "kind": "post", "media_ids": [img], "caption": "Queued <b>draft</b>"}),
        )
        .await;
    let id = body["post"]["id"].as_str().unwrap().to_string();
    let s = app.login_as("alice").await;
    let page = format!("/queue?account={acc}");
    let html = s.get_page(&page).await;
    assert!(html.contains(&format!("action=\"/queue/add/{id}\"")));
    assert!(
        html.contains("Queued &#60;b&#62;draft") || html.contains("Queued &lt;b&gt;draft"),
        "escaped: {html}"
    );
    assert!(!html.contains("<b>draft"));
    let csrf = csrf_in(&html).unwrap();

    // No slots: the page says what to do, the draft stays a draft.
    let r = s
        .post_form_with(&format!("/queue/add/{id}"), &csrf, &[])
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("This account has no queue slots yet.")
    );

    let account = acc.to_string();
    s.post_form_with(
        "/queue/slots",
        &csrf,
        &[
            ("account", &account),
            ("new_time", "10:15"),
            ("new_day", "fri"),
        ],
    )
    .await;
    let r = s
        .post_form_with(&format!("/queue/add/{id}"), &csrf, &[])
        .await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/queue?"), "{to}");
    let html = s.get_page(&to).await;
    assert!(
        html.contains("Added to the queue for Jan 2, 2026 10:15."),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"/content/{id}\"")),
        "the filled slot links the post"
    );
    assert!(html.contains("Free slot"));

    // The feed: made, shown once, then only its state; revoked.
    let r = s
        .post_form_with("/queue/feed", &csrf, &[("account", &account)])
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let html = r.text().await.unwrap();
    let start = html.find("/calendar/").unwrap();
    let url_path = &html[start..start + html[start..].find(".ics").unwrap() + 4];
    assert_eq!(s.visit(url_path).await.status(), 200);
    let html = s.get_page(&page).await;
    assert!(!html.contains("/calendar/"), "shown once");
    assert!(html.contains("The feed is on"));
    let r = s
        .post_form_with("/queue/feed/revoke", &csrf, &[("account", &account)])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.visit(url_path).await.status(), 404);
}
