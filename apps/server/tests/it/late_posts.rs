//! Issue 17 over real HTTP: a `ready` post (containers made) is edited,
//! replaced, moved to another account, duplicated and cancelled through the
//! REST API and the post page; the container budget shows and refuses;
//! only `publishing` locks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use socialflow_core::posts::{BUDGET_WINDOW, MediaClass, PostId, PostState};
use socialflow_core::{Clock, Language};
use time::Duration;

use crate::support::TestApp;

/// Makes the stored post `ready` with a container built from its content,
/// as the publisher leaves it, and counts that container.
async fn make_ready(app: &TestApp, owner: socialflow_core::UserId, id: &str) {
    let id = PostId(id.parse().unwrap());
    let mut p = app.store.post(owner, id).await.unwrap().unwrap();
    p.state = PostState::Ready;
    p.container_id = Some("17900".into());
    p.containers_rev = Some(p.content_rev);
    p.containers_at = Some(app.clock.now());
    p.next_action_at = p.content.scheduled_at;
    p.version += 1;
    assert!(app.store.update_post(&p).await.unwrap());
    let now = app.clock.now();
    app.store
        .record_containers(p.content.account_id, id, now, 1, now - BUDGET_WINDOW)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_ready_post_is_edited_replaced_moved_and_duplicated_over_the_api() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let acc2 = app.add_account(&alice, "alice_shop").await;
    let bob_acc = app.add_account(&bob, "bob_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let bob_tok = app.api_token(&bob).await;
    let at = (app.clock.now() + Duration::hours(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let id = app.schedule_post(&tok, acc, img, &at).await;
    make_ready(&app, alice.id, &id).await;
    let path = format!("/api/v1/posts/{id}");

    // The post says what an edit costs.
    let (s, one) = app.api_get(&tok, &path).await;
    assert_eq!(s, 200);
    assert_eq!(one["state"], "ready");
    assert_eq!(
        one["containers"],
        json!({"used": 1, "cap": 400, "remaining": 399, "edit_discards": true, "edit_needs": 1})
    );

    // PATCH of the content an hour ahead: accepted, prepared again.
    let (s, saved) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"caption": "fixed typo", "version": one["version"]})),
        )
        .await;
    assert_eq!(s, 200, "{saved}");
    assert_eq!(saved["post"]["state"], "scheduled");
    assert_eq!(saved["post"]["content_rev"], 2);
    let stored = app
        .store
        .post(alice.id, PostId(id.parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.container_id, None, "the container is forgotten");

    // PUT replaces it whole (a stale version is refused).
    let body = json!({"account_id": acc, "kind": "post", "media_ids": [img],
        "caption": "replaced", "scheduled_at": at});
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PUT,
            &format!("{path}?version=1"),
            Some(body.clone()),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (409, Some("post_changed")));
    let (s, put) = app
        .api_call(&tok, reqwest::Method::PUT, &path, Some(body))
        .await;
    assert_eq!(s, 200, "{put}");
    assert_eq!(put["post"]["caption"], "replaced");
    assert_eq!(put["post"]["first_comment"], serde_json::Value::Null);

    // Moved to another of alice's accounts; never to bob's.
    make_ready(&app, alice.id, &id).await;
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"account_id": bob_acc})),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (404, Some("not_found")));
    let (s, moved) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"account_id": acc2})),
        )
        .await;
    assert_eq!(s, 200, "{moved}");
    assert_eq!(moved["post"]["account_id"], json!(acc2));
    assert_eq!(moved["post"]["state"], "scheduled");

    // Duplicate: a new draft, same content, no time; bob cannot copy it.
    let dup = format!("{path}/duplicate");
    let (s, _) = app.api_post(&bob_tok, &dup, json!({})).await;
    assert_eq!(s, 404);
    let (s, copy) = app.api_call(&tok, reqwest::Method::POST, &dup, None).await;
    assert_eq!(s, 201, "{copy}");
    assert_ne!(copy["post"]["id"], json!(id));
    assert_eq!(copy["post"]["state"], "draft");
    assert_eq!(copy["post"]["scheduled_at"], serde_json::Value::Null);
    assert_eq!(copy["post"]["caption"], "replaced");
    assert_eq!(copy["post"]["account_id"], json!(acc2));

    // Over the budget: the content edit is refused, the time move is not.
    make_ready(&app, alice.id, &id).await;
    let now = app.clock.now();
    app.store
        .record_containers(acc2, PostId::new(), now, 399, now - BUDGET_WINDOW)
        .await
        .unwrap();
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"caption": "one more"})),
        )
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (422, Some("container_budget_exceeded")),
        "{e}"
    );
    let later = (app.clock.now() + Duration::hours(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (s, kept) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"scheduled_at": later})),
        )
        .await;
    assert_eq!(s, 200, "{kept}");
    assert_eq!(kept["post"]["state"], "ready", "the container was kept");

    // Cancel a ready post.
    let (s, cancelled) = app
        .api_post(&tok, &format!("{path}/cancel"), json!({}))
        .await;
    assert_eq!(s, 200, "{cancelled}");
    assert_eq!(cancelled["state"], "cancelled");
}

#[tokio::test]
async fn the_post_page_shows_the_budget_and_duplicates_and_moves() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let acc2 = app.add_account(&alice, "alice_shop").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let at = (app.clock.now() + Duration::hours(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let id = app.schedule_post(&tok, acc, img, &at).await;
    make_ready(&app, alice.id, &id).await;
    let web = app.login_as("alice").await;

    let page = web.get_page(&format!("/content/{id}")).await;
    assert!(page.contains("planner-budget"), "{page}");
    assert!(
        page.contains("Контейнеров Instagram за сутки: 1 из 400"),
        "{page}"
    );
    assert!(
        page.contains("нужно контейнеров: 1, осталось: 399"),
        "{page}"
    );
    assert!(page.contains(&format!("action=\"/content/{id}/duplicate\"")));
    assert!(
        page.contains(&format!("value=\"{acc2}\"")),
        "the move form lists the other account"
    );
    assert!(
        page.contains(&format!("/content/{id}/edit")),
        "a ready post can be edited"
    );

    // Move, with the page's version; a stale version is refused.
    let resp = web
        .post_form(
            &format!("/content/{id}/move"),
            &[("account", &acc2.to_string()), ("version", "1")],
        )
        .await;
    assert_eq!(resp.status(), 409);
    let version = app
        .store
        .post(alice.id, PostId(id.parse().unwrap()))
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let resp = web
        .post_form(
            &format!("/content/{id}/move"),
            &[("account", &acc2.to_string()), ("version", &version)],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let moved = app
        .store
        .post(alice.id, PostId(id.parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.content.account_id, acc2);
    assert_eq!(moved.state, PostState::Scheduled);

    // Duplicate opens the copy.
    let resp = web
        .post_form(&format!("/content/{id}/duplicate"), &[])
        .await;
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("?notice=duplicated"), "{location}");
    assert!(
        !location.contains(&id),
        "the copy's page, not the original's"
    );
    let copy = web.get_page(&location).await;
    assert!(copy.contains("Копия сохранена как черновик"), "{copy}");

    // Over the budget the page warns before the edit, and the edit is
    // refused in words.
    make_ready(&app, alice.id, &id).await;
    let now = app.clock.now();
    app.store
        .record_containers(acc2, PostId::new(), now, 399, now - BUDGET_WINDOW)
        .await
        .unwrap();
    let page = web.get_page(&format!("/content/{id}")).await;
    assert!(page.contains("Сейчас изменить содержимое нельзя"), "{page}");
}
