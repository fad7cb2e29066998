//! Times and text a user can send, held to sane bounds (issue 14): a post
//! scheduled for year 10000 once made the dashboard, /content, the post
//! list, DELETE and the export answer 500 on SQLite (and panicked MariaDB);
//! control characters and a 10,000-character time zone came back verbatim.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::TestApp;
use serde_json::{Value, json};
use socialflow_core::posts::MediaClass;
use socialflow_core::{Clock, Language};
use socialflow_sql::SqliteStore;

fn rfc(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn has_problem(e: &Value, code: &str) -> bool {
    e["problems"]
        .as_array()
        .is_some_and(|ps| ps.iter().any(|p| p["code"] == code))
}

#[tokio::test]
async fn times_beyond_the_horizon_are_refused_over_the_api_and_in_the_form() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let now = app.clock.now();
    let new_post = |at: &str| json!({"account_id": acc, "kind": "post", "media_ids": [img], "scheduled_at": at});

    for at in [
        "9999-12-31T23:00:00-05:00".to_string(),
        rfc(now + time::Duration::days(731)),
    ] {
        let (s, e) = app.create_post(&tok, new_post(&at)).await;
        assert_eq!(s, 422, "{at}: {e}");
        assert_eq!(e["code"], "invalid_post");
        assert!(has_problem(&e, "scheduled_too_far"), "{at}: {e}");
        assert_eq!(e["problems"][0]["max_days"], 730, "{e}");
    }
    let (s, ok) = app
        .create_post(&tok, new_post(&rfc(now + time::Duration::days(729))))
        .await;
    assert_eq!(s, 201, "{ok}");
    let id = ok["post"]["id"].as_str().unwrap().to_string();
    // Editing it to year 10000 is refused the same way.
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            &format!("/api/v1/posts/{id}"),
            Some(json!({"scheduled_at": "9999-12-31T23:00:00-05:00"})),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert!(has_problem(&e, "scheduled_too_far"), "{e}");

    // List filters outside the window: 422 with a machine code.
    for q in [
        "from=9999-12-31T23:00:00-05:00",
        "to=9999-12-31T23:00:00-05:00",
        "from=1970-01-01T00:00:00Z",
    ] {
        let (s, e) = app.api_get(&tok, &format!("/api/v1/posts?{q}")).await;
        assert_eq!(s, 422, "{q}: {e}");
        assert_eq!(e["code"], "time_out_of_range", "{q}: {e}");
    }

    // The form: a field error under the date, everything typed kept.
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let (acc_s, img_s) = (acc.to_string(), img.to_string());
    for date in ["9999-12-31", "2028-01-02"] {
        let r = c
            .post_form_with(
                "/content/new",
                &csrf,
                &[
                    ("action", "schedule"),
                    ("account_id", &acc_s),
                    ("kind", "post"),
                    ("media", &img_s),
                    ("caption", "kept caption"),
                    ("date", date),
                    ("time", "23:00"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "{date}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Posts can be scheduled at most 730 days ahead."),
            "{date}: {html}"
        );
        assert!(html.contains("id=\"date-error\""), "{date}");
        assert!(html.contains(&format!("value=\"{date}\"")), "{date}");
        assert!(html.contains("kept caption"), "{date}");
    }

    // The calendar at a day far outside the window shows today's instead
    // of overflowing its grid.
    for q in [
        "view=week&date=9999-12-31",
        "view=month&date=-9999-01-01",
        "view=day&date=9999-12-31",
    ] {
        let r = c.visit(&format!("/calendar?{q}")).await;
        assert_eq!(r.status(), 200, "{q}");
    }
}

#[tokio::test]
async fn control_characters_and_overlong_fields_are_refused_and_a_bad_zone_is_not_echoed() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let base = json!({"account_id": acc, "kind": "post", "media_ids": [img]});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (body, code) in [
        (with("caption", json!("nul\u{0}here")), "control_characters"),
        (
            with("caption", json!("esc \u{1b}[31m red")),
            "control_characters",
        ),
        (with("hashtags", json!("a\u{7}b")), "control_characters"),
        (with("first_comment", json!("x\u{0}")), "control_characters"),
        (with("alt_text", json!("\u{8}")), "control_characters"),
        (
            with("collaborators", json!(["bob\u{0}"])),
            "control_characters",
        ),
        (with("location_id", json!("1".repeat(65))), "field_too_long"),
        (
            with("collaborators", json!(["b".repeat(31)])),
            "field_too_long",
        ),
    ] {
        let (s, e) = app.create_post(&tok, body.clone()).await;
        assert_eq!(s, 422, "{body}: {e}");
        assert!(has_problem(&e, code), "{body}: {e}");
    }
    // Newlines, CRLF and tabs are text.
    let (s, e) = app
        .create_post(&tok, with("caption", json!("line one\r\nline two\n\tend")))
        .await;
    assert_eq!(s, 201, "{e}");

    // A 10,000-character time zone: refused, and not a byte of it echoed.
    let zone = "Z".repeat(10_000);
    let r = app
        .browser()
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&tok)
        .json(&json!({"time_zone": zone}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(text.contains("invalid_time_zone"), "{text}");
    assert!(!text.contains("ZZZZ"), "echoed: {} bytes", text.len());
    for bad in ["Asia/Almaty\u{0}", "../../etc/passwd", "Mars/Olympus"] {
        let (s, e) = app
            .api_call(
                &tok,
                reqwest::Method::PATCH,
                "/api/v1/me",
                Some(json!({"time_zone": bad})),
            )
            .await;
        assert_eq!(s, 422, "{bad}: {e}");
    }
    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::PATCH,
            "/api/v1/me",
            Some(json!({"time_zone": "Asia/Almaty"})),
        )
        .await;
    assert_eq!(s, 200, "{e}");
}

/// Year 10000 planted straight into SQLite (as the old code stored it):
/// every page still answers, the other posts are listed, and the user can
/// delete the bad one and export their data.
#[tokio::test]
async fn a_post_sqlite_cannot_read_back_locks_nobody_out() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    socialflow_core::storage::HealthRepo::migrate(&store)
        .await
        .unwrap();
    let pool = store.pool().clone();
    let app = TestApp::builder().store(Arc::new(store)).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    let at = rfc(app.clock.now() + time::Duration::days(3));
    let mut ids = Vec::new();
    for caption in ["good one", "bad one"] {
        let (s, p) = app
            .create_post(
                &tok,
                json!({"account_id": acc, "kind": "post", "media_ids": [img],
                "caption": caption, "scheduled_at": at}),
            )
            .await;
        assert_eq!(s, 201, "{p}");
        ids.push(p["post"]["id"].as_str().unwrap().to_string());
    }
    let bad = uuid::Uuid::parse_str(&ids[1]).unwrap();
    // 9999-12-31T23:00-05:00 is 10000-01-01T04:00Z.
    sqlx::query("UPDATE posts SET scheduled_at = 253402315200000000 WHERE id = ?")
        .bind(bad)
        .execute(&pool)
        .await
        .unwrap();

    let (s, list) = app.api_get(&tok, "/api/v1/posts").await;
    assert_eq!(s, 200, "{list}");
    let listed: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![ids[0].as_str()]);
    let (s, e) = app
        .api_get(&tok, &format!("/api/v1/posts/{}", ids[1]))
        .await;
    assert_eq!(s, 500, "a single read names the trouble, generically: {e}");

    let c = app.login_as("alice").await;
    for page in ["/", "/content", "/calendar?view=month"] {
        let r = c.visit(page).await;
        assert_eq!(r.status(), 200, "{page}");
        let html = r.text().await.unwrap();
        if page == "/content" {
            assert!(html.contains("good one"), "{page}");
        }
    }
    let r = app
        .browser()
        .get(app.url("/api/v1/me/export"))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the export still works");

    let (s, e) = app
        .api_call(
            &tok,
            reqwest::Method::DELETE,
            &format!("/api/v1/posts/{}", ids[1]),
            None,
        )
        .await;
    assert_eq!(s, 204, "the user can delete it: {e}");
    let (s, _) = app
        .api_get(&tok, &format!("/api/v1/posts/{}", ids[1]))
        .await;
    assert_eq!(s, 404);
    pool.close().await;
}
