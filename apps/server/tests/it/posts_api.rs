//! The posts REST API and Content Manager pages over real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{TestApp, csrf_in};
use serde_json::{Value, json};
use socialflow_core::posts::MediaClass;
use socialflow_core::{Language, RequestContext, User};
use time::macros::datetime;

#[tokio::test]
async fn create_validate_edit_and_isolate_posts_over_the_api() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let bob_acc = app.add_account(&bob, "bob_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let vid = app
        .media
        .add(alice.id, MediaClass::Video, "https://cdn.test/v.mp4");
    let tok = app.api_token(&alice).await;
    let bob_tok = app.api_token(&bob).await;
    let post = reqwest::Method::POST;

    // A draft, then a scheduled post with a warning (6 hashtags).
    let (s, draft) = app
        .create_post(
            &tok,
            json!({"account_id": acc, "kind": "post", "media_ids": [img], "caption": "hi"}),
        )
        .await;
    assert_eq!(s, 201, "{draft}");
    assert_eq!(draft["post"]["state"], "draft");
    let (s, sched) = app.create_post(&tok, json!({"account_id": acc, "kind": "post", "media_ids": [img], "caption": "<script>x</script>",
            "hashtags": "a b c d e f", "scheduled_at": "2026-01-02T10:00:00Z"})).await;
    assert_eq!(s, 201, "{sched}");
    assert_eq!(sched["post"]["state"], "scheduled");
    assert_eq!(
        sched["warnings"][0]["code"],
        "caption_more_hashtags_than_advised"
    );

    // Bad input: each refused with its problem code.
    let cases = [
        (
            json!({"account_id": acc, "kind": "post", "media_ids": [vid]}),
            "needs_image",
        ),
        (
            json!({"account_id": acc, "kind": "reel", "media_ids": [img]}),
            "needs_video",
        ),
        (
            json!({"account_id": acc, "kind": "carousel", "media_ids": [img]}),
            "media_count",
        ),
        (
            json!({"account_id": acc, "kind": "carousel", "media_ids": vec![img; 11]}),
            "media_count",
        ),
        (
            json!({"account_id": acc, "kind": "post", "media_ids": [img], "scheduled_at": "2025-12-31T10:00:00Z"}),
            "scheduled_in_past",
        ),
        (
            json!({"account_id": acc, "kind": "post", "media_ids": [img], "caption": "a".repeat(2201)}),
            "caption_too_long",
        ),
        (
            json!({"account_id": acc, "kind": "post", "media_ids": [img],
            "hashtags": (0..31).map(|i| format!("t{i}")).collect::<Vec<_>>().join(" ")}),
            "caption_too_many_hashtags",
        ),
        (
            json!({"account_id": acc, "kind": "post", "media_ids": [img],
            "caption": (0..21).map(|i| format!("@u{i}")).collect::<Vec<_>>().join(" ")}),
            "caption_too_many_mentions",
        ),
    ];
    for (body, code) in cases {
        let (s, e) = app.create_post(&tok, body).await;
        assert_eq!(s, 422, "{code}: {e}");
        assert_eq!(e["code"], "invalid_post");
        assert!(
            e["problems"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["code"] == code),
            "{code}: {e}"
        );
    }
    let (_, e) = app
        .create_post(
            &tok,
            json!({"account_id": acc, "kind": "carousel", "media_ids": [img]}),
        )
        .await;
    assert_eq!(e["problems"][0]["min"], 2);
    assert_eq!(e["problems"][0]["actual"], 1);

    // Another user's account or post: 404, nothing changed.
    let (s, _) = app
        .create_post(
            &tok,
            json!({"account_id": bob_acc, "kind": "post", "media_ids": [img]}),
        )
        .await;
    assert_eq!(s, 404);
    let id = sched["post"]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/posts/{id}");
    for (m, p) in [
        (reqwest::Method::GET, path.clone()),
        (reqwest::Method::DELETE, path.clone()),
        (post.clone(), format!("{path}/publish")),
        (post.clone(), format!("{path}/cancel")),
        (post.clone(), format!("{path}/acknowledge")),
    ] {
        let (s, _) = app.api_call(&bob_tok, m, &p, None).await;
        assert_eq!(s, 404, "{p}");
    }
    let (s, _) = app
        .api_call(
            &bob_tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"caption": "pwned"})),
        )
        .await;
    assert_eq!(s, 404);
    let (_, list) = app.api_get(&bob_tok, "/api/v1/posts").await;
    assert_eq!(list.as_array().unwrap().len(), 0);

    // Stale version: 409; current version: saved.
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"version": 99, "caption": "new"})),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (409, Some("post_changed")));
    let v = sched["post"]["version"].as_u64().unwrap();
    let (s, upd) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"version": v, "caption": "new"})),
        )
        .await;
    assert_eq!(s, 200, "{upd}");
    assert_eq!(upd["post"]["caption"], "new");
    assert_eq!(upd["post"]["hashtags"], "a b c d e f");

    // Filters and detail with log.
    let (_, list) = app
        .api_get(&tok, "/api/v1/posts?state=scheduled,failed")
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (_, one) = app.api_get(&tok, &path).await;
    assert!(
        one["log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "scheduled")
    );

    // A post being published cannot be edited; nothing is lost.
    let mut stored = app
        .store
        .post(
            alice.id,
            socialflow_core::posts::PostId(id.parse().unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
    stored.state = socialflow_core::posts::PostState::Publishing;
    stored.version += 1;
    assert!(app.store.update_post(&stored).await.unwrap());
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"caption": "late"})),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (409, Some("post_not_editable")));
    let (_, one) = app.api_get(&tok, &path).await;
    assert_eq!(one["caption"], "new");

    // Publish now and delete the draft.
    let did = draft["post"]["id"].as_str().unwrap();
    let (s, p) = app
        .api_call(
            &tok,
            post.clone(),
            &format!("/api/v1/posts/{did}/publish"),
            None,
        )
        .await;
    assert_eq!((s, p["state"].as_str()), (200, Some("scheduled")));
    let (s, _) = app
        .api_call(
            &tok,
            reqwest::Method::DELETE,
            &format!("/api/v1/posts/{did}"),
            None,
        )
        .await;
    assert_eq!(s, 204);
}

#[tokio::test]
async fn the_composer_keeps_typed_text_converts_time_zones_and_fills_the_calendar() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let zone = socialflow_core::TimeZone::parse("Asia/Almaty").unwrap();
    app.state
        .users
        .set_time_zone(&alice, &zone, &RequestContext::cli())
        .await
        .unwrap();
    let acc = app.add_account(&alice, "alice_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let acc_s = acc.to_string();
    let img_s = img.to_string();

    // Refused (carousel of 1): everything typed comes back, with the problem.
    let typed = "Hello <script>alert(1)</script> world";
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", "schedule"),
                ("account_id", &acc_s),
                ("kind", "carousel"),
                ("media", &img_s),
                ("caption", typed),
                ("hashtags", "sea sun"),
                ("date", "2026-01-05"),
                ("time", "14:30"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Hello &#60;script&#62;alert(1)&#60;/script&#62; world")
            || html.contains("Hello &lt;script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("A carousel takes 2 to 10 files; 1 chosen."));
    assert!(html.contains("value=\"sea sun\""));
    assert!(html.contains("value=\"2026-01-05\""));

    // A CSRF-less form is refused and saves nothing.
    let r = c
        .post_form_with(
            "/content/new",
            "bad",
            &[
                ("action", "draft"),
                ("account_id", &acc_s),
                ("kind", "post"),
                ("media", &img_s),
            ],
        )
        .await;
    assert_eq!(r.status(), 403);

    // Scheduled at 14:30 Almaty (UTC+5) is 09:30 UTC.
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", "schedule"),
                ("account_id", &acc_s),
                ("kind", "post"),
                ("media", &img_s),
                ("caption", typed),
                ("date", "2026-01-05"),
                ("time", "14:30"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let posts = app
        .state
        .posts
        .list(alice.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0].content.scheduled_at,
        Some(datetime!(2026-01-05 09:30 UTC))
    );
    let page = c.get_page(&loc).await;
    assert!(page.contains("Jan 5, 2026 14:30"), "{page}");
    assert!(!page.contains("<script>alert"));

    // The planner's month, week and day put it on the local day.
    for view in ["month", "week", "day"] {
        let cal = c
            .get_page(&format!("/calendar?view={view}&date=2026-01-05"))
            .await;
        let at = cal
            .find(">14:30<")
            .unwrap_or_else(|| panic!("{view}: {cal}"));
        // The cell it sits in is the one whose `data-date` comes last before it.
        let cell = cal[..at].rsplit("data-date=").next().unwrap();
        assert!(cell.starts_with("\"2026-01-05\""), "{view}: {cell}");
    }

    // Another user sees 404 on the post page.
    app.add_user("bob", Language::En).await;
    let b = app.login_as("bob").await;
    let r = b.visit(loc.split('?').next().unwrap()).await;
    assert_eq!(r.status(), 404);

    // A UTC user: a skipped DST time in Berlin is refused.
    let berlin = socialflow_core::TimeZone::parse("Europe/Berlin").unwrap();
    let alice = app.state.users.find("alice").await.unwrap();
    app.state
        .users
        .set_time_zone(&alice, &berlin, &RequestContext::cli())
        .await
        .unwrap();
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", "schedule"),
                ("account_id", &acc_s),
                ("kind", "post"),
                ("media", &img_s),
                ("date", "2026-03-29"),
                ("time", "02:30"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("does not exist in Europe/Berlin"), "{html}");
    let _ = csrf_in;
}

#[tokio::test]
async fn a_failed_post_stays_on_the_dashboard_until_acknowledged() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let (_, saved) = app.create_post(&tok, json!({"account_id": acc, "kind": "post", "media_ids": [img], "caption": "Failing one"}))
    .await;
    let id: uuid::Uuid = saved["post"]["id"].as_str().unwrap().parse().unwrap();
    let mut p = app
        .store
        .post(alice.id, socialflow_core::posts::PostId(id))
        .await
        .unwrap()
        .unwrap();
    p.state = socialflow_core::posts::PostState::Failed;
    p.reason = Some("<b>Media rejected</b>".into());
    p.version += 1;
    assert!(app.store.update_post(&p).await.unwrap());
    let c = app.login_as("alice").await;
    let html = c.get_page("/").await;
    assert!(html.contains("Неудавшиеся публикации"), "{html}");
    // The dashboard explains the failure in the user's language; the post's
    // page keeps Instagram's original words (escaped) in a fold.
    assert!(html.contains("Instagram отклонил публикацию"), "{html}");
    let page = c.get_page(&format!("/content/{id}")).await;
    assert!(
        page.contains("&#60;b&#62;Media rejected") || page.contains("&lt;b&gt;Media rejected"),
        "{page}"
    );
    assert!(!page.contains("<b>Media rejected"));
    let csrf = csrf_in(&html).unwrap();
    let r = c
        .post_form_with(
            &format!("/content/{id}/acknowledge"),
            &csrf,
            &[("next", "/")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let html = c.get_page("/").await;
    assert!(!html.contains("Неудавшиеся публикации"));
}

/// People tagged in the composer are saved, shown again when editing (so an
/// edit keeps tags set through the API), and an unreadable line is named
/// in the user's language with everything typed kept and nothing saved.
#[tokio::test]
async fn the_composer_tags_people_and_keeps_their_tags_on_edit() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let (acc_s, img_s) = (acc.to_string(), img.to_string());
    let form = |tags: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("action", "draft".to_string()),
            ("account_id", acc_s.clone()),
            ("kind", "post".to_string()),
            ("media", img_s.clone()),
            ("caption", "With friends".to_string()),
            ("user_tags", tags.to_string()),
        ]
    };

    let r = c
        .submit("/content/new", &form("@bob 0.2 0.8\n@bad name x"))
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Не удалось прочитать отметку «@bad name x»"),
        "{html}"
    );
    assert!(html.contains("@bob 0.2 0.8"), "typed text kept");
    let none = app
        .state
        .posts
        .list(alice.id, &Default::default())
        .await
        .unwrap();
    assert!(none.is_empty());

    let r = c.submit("/content/new", &form("@bob 0.2 0.8\ncarol")).await;
    assert_eq!(r.status(), 303);
    let posts = app
        .state
        .posts
        .list(alice.id, &Default::default())
        .await
        .unwrap();
    let tags: Vec<_> = posts[0]
        .content
        .user_tags
        .iter()
        .map(|t| (t.username.as_str(), t.x, t.y))
        .collect();
    assert_eq!(tags, vec![("bob", 0.2, 0.8), ("carol", 0.5, 0.5)]);

    let edit = c.get_page(&format!("/content/{}/edit", posts[0].id)).await;
    assert!(edit.contains("@bob 0.2 0.8\n@carol 0.5 0.5"), "{edit}");
}

fn wide_image(app: &TestApp, owner: &User) -> socialflow_core::media::MediaId {
    let mut facts = socialflow_fakes::FakePostMedia::default_facts(MediaClass::Image);
    // A 2000×500 upload as the library stores it (scaled to 1440 px).
    facts.probe.width = Some(1440);
    facts.probe.height = Some(360);
    app.media
        .add_measured(owner.id, facts, "https://cdn.test/wide.jpg")
}

/// Before: a 4:1 image was accepted as a feed post with 201 and failed
/// five minutes before its time with Instagram's English error.
#[tokio::test]
async fn a_post_instagram_would_refuse_is_refused_when_scheduled_over_the_api() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let wide = wide_image(&app, &alice);
    let mut long = socialflow_fakes::FakePostMedia::default_facts(MediaClass::Video);
    long.probe.duration_ms = Some(16 * 60_000 + 2_000);
    let long = app
        .media
        .add_measured(alice.id, long, "https://cdn.test/long.mp4");
    let tok = app.api_token(&alice).await;
    let post = reqwest::Method::POST;
    let at = "2026-01-02T10:00:00Z";

    let (s, e) = app
        .create_post(
            &tok,
            json!({"account_id": acc, "kind": "post", "media_ids": [wide], "scheduled_at": at}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["code"], "invalid_post");
    let p = &e["problems"][0];
    assert_eq!(p["code"], "media_aspect_out_of_range", "{e}");
    assert_eq!(p["media_id"], wide.to_string());
    assert_eq!(p["position"], 1);
    assert_eq!(p["use"], "feed_image");
    assert_eq!(p["severity"], "refusal");
    assert_eq!(p["blocking"], true);
    assert_eq!(p["fix"], "pad");
    assert_eq!(p["pad_to"], "1.91:1");
    assert_eq!(
        p["message"],
        "File 1 (Feed post): aspect ratio 4:5 to 1.91:1; this is 4:1. \
         Fix: pad it with white to 1.91:1 — upload it again with “Pad images” ticked."
    );

    let (s, e) = app
        .create_post(
            &tok,
            json!({"account_id": acc, "kind": "reel", "media_ids": [long], "scheduled_at": at}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["problems"][0]["code"], "media_duration_out_of_range");
    assert_eq!(e["problems"][0]["fix"], Value::Null);

    // A draft keeps the problem as a warning; scheduling it is refused.
    let (s, draft) = app
        .create_post(
            &tok,
            json!({"account_id": acc, "kind": "post", "media_ids": [wide]}),
        )
        .await;
    assert_eq!(s, 201, "{draft}");
    assert_eq!(draft["warnings"][0]["code"], "media_aspect_out_of_range");
    let path = format!("/api/v1/posts/{}", draft["post"]["id"].as_str().unwrap());
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"scheduled_at": at})),
        )
        .await;
    assert_eq!(
        (s, e["problems"][0]["code"].as_str()),
        (422, Some("media_aspect_out_of_range"))
    );
    let (s, e) = app
        .api_call(&tok, post.clone(), &format!("{path}/publish"), None)
        .await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid_post")));
    let (_, one) = app.api_get(&tok, &path).await;
    assert_eq!(one["state"], "draft");
}

#[tokio::test]
async fn the_composer_shows_a_refused_file_s_problem_on_the_file_with_the_pad_offered() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let wide = wide_image(&app, &alice);
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let (acc_s, wide_s) = (acc.to_string(), wide.to_string());
    let form = |action: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("action", action.to_string()),
            ("account_id", acc_s.clone()),
            ("kind", "post".to_string()),
            ("media", wide_s.clone()),
            ("caption", "Новинки недели".to_string()),
            ("date", "2026-01-05".to_string()),
            ("time", "14:30".to_string()),
        ]
    };
    let r = c.submit("/content/new", &form("schedule")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    let problem = "Файл 1 (Пост в ленте): соотношение сторон";
    // In the summary and on the file itself, with the fix linked.
    assert_eq!(html.matches(problem).count(), 2, "{html}");
    let item = html
        .split(&format!("id=\"mp-{wide_s}\""))
        .nth(1)
        .expect("the file's problem list");
    let item = item.split("</ul>").next().unwrap();
    assert!(item.contains("class=\"bad\""), "{item}");
    assert!(item.contains("1,91:1") || item.contains("1.91:1"), "{item}");
    assert!(
        item.contains("href=\"/media?pad=1#media-upload\""),
        "{item}"
    );
    // Nothing typed is lost, nothing is saved.
    assert!(html.contains("Новинки недели"));
    assert!(html.contains("value=\"2026-01-05\""));
    assert!(
        app.state
            .posts
            .list(alice.id, &Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    // The upload form the fix links to has padding ticked.
    let media = c.get_page("/media?pad=1").await;
    assert!(
        media.contains("name=\"pad\" value=\"1\" checked"),
        "{media}"
    );

    // As a draft it is saved, and its page says what stops scheduling.
    let r = c.submit("/content/new", &form("draft")).await;
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let page = c.get_page(&loc).await;
    assert!(page.contains(problem), "{page}");
    assert!(page.contains("запланировать его нельзя"), "{page}");
}

/// The composer's button is parsed into an action; one it does not know is
/// a 400 that saves nothing (it was once read as "save as draft", and the
/// post page's `_` arm once deleted). A button URL that does not exist
/// leaves the post alone too.
#[tokio::test]
async fn an_unknown_action_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let (acc_s, img_s) = (acc.to_string(), img.to_string());
    let form = |action: &'static str, caption: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("action", action.to_string()),
            ("account_id", acc_s.clone()),
            ("kind", "post".to_string()),
            ("media", img_s.clone()),
            ("caption", caption.to_string()),
        ]
    };
    let posts = || async {
        app.state
            .posts
            .list(alice.id, &Default::default())
            .await
            .unwrap()
    };

    let r = c
        .post(app.url("/content/new"))
        .form(&form("nonsense", "never saved"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("This button is not one SocialFlow knows"),
        "{html}"
    );
    assert!(posts().await.is_empty());

    let r = c
        .post(app.url("/content/new"))
        .form(&form("draft", "the draft"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let saved = posts().await;
    assert_eq!(saved.len(), 1);
    let id = saved[0].id;

    let mut edit = form("nonsense", "changed?");
    edit.push(("version", saved[0].version.to_string()));
    for action in ["nonsense", "delete", "DRAFT"] {
        edit[1].1 = action.to_string();
        let r = c
            .post(app.url(&format!("/content/{id}/edit")))
            .form(&edit)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "action={action}");
    }
    for path in ["nonsense", "destroy", ""] {
        let r = c
            .post(app.url(&format!("/content/{id}/{path}")))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 404 | 405),
            "POST /content/{id}/{path}: {}",
            r.status()
        );
    }
    let after = posts().await;
    assert_eq!(after.len(), 1, "the post still exists");
    assert_eq!(after[0].content.caption, "the draft");
    assert_eq!(after[0].version, saved[0].version);
}
