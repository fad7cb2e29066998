//! Saved captions and hashtag groups over HTTP: the REST CRUD with every
//! refusal, another user's snippets invisible, the page's forms (a refused
//! one keeps what was typed), the composer's no-script insert, the
//! composer upload, and the repeated-hashtags warning.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{TestApp, fixture};
use serde_json::json;
use socialflow_core::Language;
use socialflow_core::posts::MediaClass;

#[tokio::test]
async fn snippets_crud_over_the_api_is_the_owners_only() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let (ta, tb) = (app.api_token(&alice).await, app.api_token(&bob).await);

    let (status, body) = app
        .api_post(
            &ta,
            "/api/v1/snippets",
            json!({"kind": "hashtags", "name": " Coffee ", "text": "coffee, beans"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["name"], "Coffee");
    assert_eq!(body["text"], "#coffee #beans");
    let id = body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/snippets/{id}");

    let (status, list) = app.api_get(&ta, "/api/v1/snippets").await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Bob sees nothing of Alice's and cannot touch it.
    let (_, list) = app.api_get(&tb, "/api/v1/snippets").await;
    assert_eq!(list, json!([]));
    assert_eq!(app.api_get(&tb, &path).await.0, 404);
    let put = json!({"kind": "caption", "name": "Mine", "text": "stolen"});
    assert_eq!(
        app.api_call(&tb, reqwest::Method::PUT, &path, Some(put.clone()))
            .await
            .0,
        404
    );
    assert_eq!(
        app.api_call(&tb, reqwest::Method::DELETE, &path, None)
            .await
            .0,
        404
    );

    let (status, body) = app
        .api_call(&ta, reqwest::Method::PUT, &path, Some(put))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["text"], "stolen");

    let (status, body) = app
        .api_post(
            &ta,
            "/api/v1/snippets",
            json!({"kind": "caption", "name": "", "text": "x".repeat(2201)}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "invalid_snippet");
    let codes: Vec<_> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["name_required", "text_too_long"]);
    assert_eq!(app.api_get(&ta, "/api/v1/snippets/not-a-uuid").await.0, 400);
    assert_eq!(
        app.api_call(&ta, reqwest::Method::DELETE, &path, None)
            .await
            .0,
        204
    );
    assert_eq!(app.api_get(&ta, &path).await.0, 404);
}

#[tokio::test]
async fn parallel_api_saves_stop_at_the_cap() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let tok = app.api_token(&alice).await;
    let max = app.state.snippets.max_per_user() as usize;
    let calls = (0..max + 25).map(|i| {
        let (app, tok) = (&app, &tok);
        async move {
            app.api_post(
                tok,
                "/api/v1/snippets",
                json!({"kind": "caption", "name": format!("n{i}"), "text": "t"}),
            )
            .await
        }
    });
    let answers = futures::future::join_all(calls).await;
    let created = answers.iter().filter(|(s, _)| *s == 201).count();
    let refused: Vec<_> = answers.iter().filter(|(s, _)| *s == 422).collect();
    assert_eq!(created, max);
    assert_eq!(refused.len(), 25);
    assert_eq!(refused[0].1["code"], "too_many_snippets");
}

#[tokio::test]
async fn the_snippets_page_saves_keeps_refused_text_and_the_composer_inserts() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    app.add_user("bob", Language::En).await;
    let account = app.add_account(&alice, "shop").await.to_string();
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/snippets").await;

    let r = c
        .post_form_with(
            "/content/snippets",
            &csrf,
            &[
                ("kind", "caption"),
                ("name", ""),
                ("text", "typed and kept"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Give it a name."), "{html}");
    assert!(html.contains("typed and kept"));

    let r = c
        .post_form_with(
            "/content/snippets",
            &csrf,
            &[
                ("kind", "hashtags"),
                ("name", "Coffee"),
                ("text", "coffee beans"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let saved = app.state.snippets.list(alice.id).await.unwrap();
    assert_eq!(saved.len(), 1);
    let id = saved[0].id.to_string();

    // The composer offers it; without script its button appends it.
    let page = c.get_page("/content/new").await;
    assert!(page.contains(&format!("value=\"snippet:{id}\"")), "{page}");
    let action = format!("snippet:{id}");
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", action.as_str()),
                ("kind", "post"),
                ("account_id", account.as_str()),
                ("hashtags", "#latte"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("value=\"#latte #coffee #beans\"")
    );

    // Bob cannot change or delete it.
    let b = app.login_as("bob").await;
    let bcsrf = app.csrf(&b, "/content/snippets").await;
    let r = b
        .post_form_with(
            &format!("/content/snippets/{id}"),
            &bcsrf,
            &[("kind", "caption"), ("name", "x"), ("text", "y")],
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = b
        .post_form_with(&format!("/content/snippets/{id}/delete"), &bcsrf, &[])
        .await;
    assert_eq!(r.status(), 404);
    assert_eq!(app.state.snippets.list(alice.id).await.unwrap().len(), 1);

    let r = c
        .post_form_with(&format!("/content/snippets/{id}/delete"), &csrf, &[])
        .await;
    assert_eq!(r.status(), 303);
    assert!(app.state.snippets.list(alice.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_same_hashtags_on_three_of_the_last_posts_warn_in_the_composer() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app.add_account(&alice, "shop").await;
    let tok = app.api_token(&alice).await;
    let now = socialflow_core::Clock::now(&*app.clock);
    for days in [1, 2] {
        let image = app
            .media
            .add(alice.id, MediaClass::Image, "https://m.example/i.jpg");
        let at = (now + time::Duration::days(days))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let (status, body) = app
            .create_post(
                &tok,
                json!({"account_id": account.0, "kind": "post", "media_ids": [image.0],
                       "hashtags": "#coffee #beans", "scheduled_at": at}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let c = app.login_as("alice").await;
    let page = c
        .get_page(&format!("/content/new?account={}", account.0))
        .await;
    // Nothing typed yet: the warning waits (hidden) with the recent sets.
    assert!(page.contains("id=\"repeated-tags\""));
    assert!(
        page.contains("[[&#34;beans&#34;,&#34;coffee&#34;],"),
        "{page}"
    );
    let csrf = app.csrf(&c, "/content/new").await;
    let acc = account.0.to_string();
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", "up:00000000-0000-0000-0000-000000000000"),
                ("kind", "post"),
                ("account_id", acc.as_str()),
                ("caption", "Third time #Beans"),
                ("hashtags", "coffee"),
            ],
        )
        .await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains("This hashtag set is on 3 of the account&#39;s last 3 posts"),
        "{html}"
    );
}

#[tokio::test]
async fn the_composer_uploads_several_files_with_and_without_script() {
    let app = TestApp::builder().library_post_media().spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app.add_account(&alice, "shop").await.to_string();
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let photo = fixture("portrait-4x5.jpg");
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(photo.clone()).file_name("a.jpg"),
        )
        .part(
            "file",
            reqwest::multipart::Part::bytes(photo.clone()).file_name("b.jpg"),
        )
        .text("kind", "carousel")
        .text("account", account.clone())
        .text("back", "https://evil.example/");
    let r = c.post_multipart("/content/upload", form).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/content/new?kind=carousel&account="),
        "{to}"
    );
    assert_eq!(to.matches("&media=").count(), 2, "{to}");
    let page = c.get_page(&to).await;
    assert_eq!(page.matches("name=\"media\" value=").count(), 2);
    let chosen = page
        .lines()
        .filter(|l| l.contains("name=\"media\"") && l.contains(" checked"))
        .count();
    assert_eq!(chosen, 2, "{page}");

    // With script: one file, JSON with its thumbnail and its problems for
    // the kind (a 4:5 photo is not 9:16: a story warns).
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("kind", "story")
        .part(
            "file",
            reqwest::multipart::Part::bytes(photo).file_name("c.jpg"),
        );
    let r = c
        .client()
        .post(c.url("/content/upload"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    let f = &body["files"][0];
    assert_eq!(f["label"], "c.jpg");
    assert!(f["thumb"].as_str().unwrap().starts_with("http"), "{body}");
    assert_eq!(f["problems"][0]["class"], "warn", "{body}");

    // Without the token first: refused, nothing stored.
    let before = app.state.media.list(alice.id).await.unwrap().len();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![1, 2, 3]).file_name("x.jpg"),
    );
    assert_eq!(
        c.post_multipart("/content/upload", form).await.status(),
        403
    );
    assert_eq!(app.state.media.list(alice.id).await.unwrap().len(), before);
}
