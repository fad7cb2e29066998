//! The bulk import and the schedule export over real HTTP: the API's dry
//! run and commit, all or nothing, the caps, the export imported again,
//! and the page's preview and confirm steps.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use socialflow_core::posts::MediaClass;
use socialflow_core::{Language, User};

use crate::support::{TestApp, csrf_in, fixture};

async fn import(app: &TestApp, tok: &str, query: &str, csv: &str) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/posts/import{query}")))
        .bearer_auth(tok)
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn post_count(app: &TestApp, tok: &str) -> usize {
    let (s, list) = app.api_get(tok, "/api/v1/posts").await;
    assert_eq!(s, 200, "{list}");
    list.as_array().map_or(0, Vec::len)
}

struct Seeded {
    app: TestApp,
    alice: User,
    tok: String,
}

async fn seeded() -> Seeded {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    app.add_account(&alice, "shop").await;
    for name in ["tree.jpg", "coat.jpg", "scarf.jpg"] {
        app.media.add(
            alice.id,
            MediaClass::Image,
            &format!("https://cdn.test/{name}"),
        );
    }
    let tok = app.api_token(&alice).await;
    Seeded { app, alice, tok }
}

const GOOD: &str = "account;kind;time;caption;first_comment;media\n\
    shop;post;2026-03-10 09:30;\"Sale; today\";#sale;tree.jpg\n\
    shop;carousel;10.03.2026 18:00;New in;;coat.jpg|scarf.jpg\n";

#[tokio::test]
async fn dry_run_checks_and_saves_nothing_then_the_commit_saves_every_row() {
    let s = seeded().await;
    let (status, preview) = import(&s.app, &s.tok, "?dry_run=true", GOOD).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["ok"], true, "{preview}");
    assert_eq!(preview["rows"].as_array().unwrap().len(), 2);
    assert_eq!(preview["rows"][1]["line"], 3);
    assert_eq!(preview["rows"][1]["kind"], "carousel");
    assert_eq!(
        post_count(&s.app, &s.tok).await,
        0,
        "a dry run saves nothing"
    );

    let (status, done) = import(&s.app, &s.tok, "?dry_run=false", GOOD).await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(done["imported"], 2);
    assert_eq!(done["posts"][0]["state"], "scheduled");
    assert_eq!(done["posts"][0]["scheduled_at"], "2026-03-10T09:30:00Z");
    assert_eq!(done["posts"][1]["media_ids"].as_array().unwrap().len(), 2);
    assert_eq!(post_count(&s.app, &s.tok).await, 2);
}

#[tokio::test]
async fn one_bad_row_imports_nothing_and_the_answer_names_the_row() {
    let s = seeded().await;
    // A 2000×500 image (4:1) cannot be a feed post.
    let mut facts = socialflow_fakes::FakePostMedia::default_facts(MediaClass::Image);
    facts.probe.width = Some(1440);
    facts.probe.height = Some(360);
    s.app
        .media
        .add_measured(s.alice.id, facts, "https://cdn.test/wide.jpg");
    let csv = "account,kind,time,caption,media\n\
        shop,post,2026-03-10 09:30,fine,tree.jpg\n\
        shop,post,2026-03-11 09:30,too wide,wide.jpg\n\
        shop,post,2026-03-12 09:30,fine too,coat.jpg\n";
    let (status, answer) = import(&s.app, &s.tok, "?dry_run=false", csv).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["code"], "invalid_import");
    let rows = answer["rows"].as_array().unwrap();
    assert_eq!(rows[0]["ok"], true);
    assert_eq!(rows[1]["ok"], false);
    let problem = &rows[1]["problems"][0];
    assert_eq!(problem["line"], 3, "{answer}");
    assert_eq!(problem["column"], "media");
    assert_eq!(problem["code"], "media_aspect_out_of_range");
    assert!(
        problem["message"].as_str().unwrap().contains("1.91:1"),
        "{problem}"
    );
    assert_eq!(post_count(&s.app, &s.tok).await, 0, "all or nothing");

    // The dry run says the same with 200.
    let (status, preview) = import(&s.app, &s.tok, "", csv).await;
    assert_eq!(status, 200);
    assert_eq!(preview["ok"], false);
}

#[tokio::test]
async fn caps_and_unreadable_files_are_refused_with_a_clear_error() {
    let s = seeded().await;
    let big = format!(
        "account,kind,time,caption,media\n{}",
        "shop,post,,x,tree.jpg\n".repeat(60_000)
    );
    assert!(big.len() > 1 << 20);
    let (status, answer) = import(&s.app, &s.tok, "", &big).await;
    assert_eq!(status, 413, "{answer}");
    assert_eq!(answer["code"], "csv_too_large");

    let many = format!(
        "account,kind,time,caption,media\n{}",
        "shop,post,,x,tree.jpg\n".repeat(501)
    );
    let (status, answer) = import(&s.app, &s.tok, "", &many).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["code"], "csv_too_many_rows");
    assert!(answer["message"].as_str().unwrap().contains("500"));

    let (status, answer) = import(&s.app, &s.tok, "", "account,kind,colour\n").await;
    assert_eq!(status, 400);
    assert_eq!(answer["code"], "csv_unknown_column");

    let resp = reqwest::Client::new()
        .post(s.app.url("/api/v1/posts/import"))
        .bearer_auth(&s.tok)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415);

    let long = format!(
        "account,kind,time,caption,media\nshop,post,,{},tree.jpg\n",
        "x".repeat(5_001)
    );
    let (status, answer) = import(&s.app, &s.tok, "", &long).await;
    assert_eq!(status, 200);
    assert_eq!(answer["rows"][0]["problems"][0]["code"], "value_too_long");
    assert_eq!(answer["rows"][0]["problems"][0]["column"], "caption");
}

#[tokio::test]
async fn the_export_is_excel_ready_and_imports_again() {
    let s = seeded().await;
    let (status, _) = import(&s.app, &s.tok, "?dry_run=false", GOOD).await;
    assert_eq!(status, 201);
    let resp = reqwest::Client::new()
        .get(s.app.url("/api/v1/posts/export.csv"))
        .bearer_auth(&s.tok)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = resp.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("account,kind,time,caption,first_comment,media\r\n"),
        "{text}"
    );
    assert!(
        text.contains("shop,post,2026-03-10 09:30,Sale; today,#sale,tree.jpg"),
        "{text}"
    );
    assert!(text.contains("coat.jpg|scarf.jpg"), "{text}");

    let (status, again) = import(&s.app, &s.tok, "?dry_run=false", &text).await;
    assert_eq!(status, 201, "{again}");
    assert_eq!(again["imported"], 2);
    assert_eq!(post_count(&s.app, &s.tok).await, 4);

    // Another user's export holds none of these.
    let bob = s.app.add_user("bob", Language::En).await;
    let bob_tok = s.app.api_token(&bob).await;
    let theirs = reqwest::Client::new()
        .get(s.app.url("/api/v1/posts/export.csv"))
        .bearer_auth(&bob_tok)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!theirs.contains("shop"), "{theirs}");
    // And Alice's account is unknown to Bob's import.
    let (_, preview) = import(&s.app, &bob_tok, "", GOOD).await;
    assert_eq!(preview["rows"][0]["problems"][0]["code"], "unknown_account");
}

#[tokio::test]
async fn files_sent_alongside_are_uploaded_and_used() {
    let app = TestApp::builder().library_post_media().spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    app.add_account(&alice, "shop").await;
    let tok = app.api_token(&alice).await;
    let csv = "account,kind,time,media\nshop,post,2026-03-10 09:30,portrait-4x5.jpg\n";
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("plan.csv"),
        )
        .part(
            "media",
            reqwest::multipart::Part::bytes(fixture("portrait-4x5.jpg"))
                .file_name("portrait-4x5.jpg"),
        );
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/posts/import?dry_run=false"))
        .bearer_auth(&tok)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let answer: Value = resp.json().await.unwrap();
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["uploaded"][0]["name"], "portrait-4x5.jpg");
    assert_eq!(
        answer["posts"][0]["media_ids"][0],
        answer["uploaded"][0]["id"]
    );
}

#[tokio::test]
async fn the_page_previews_then_imports_on_confirm() {
    let s = seeded().await;
    let web = s.app.login_as("alice").await;
    let list = web.get_page("/content").await;
    assert!(
        list.contains("href=\"/content/import\""),
        "linked from the list"
    );
    let page = web.get_page("/content/import").await;
    let csrf = csrf_in(&page).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(GOOD.as_bytes().to_vec()).file_name("plan.csv"),
        );
    let resp = web.post_multipart("/content/import/preview", form).await;
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    assert!(html.contains("Import 2 posts"), "{html}");
    assert_eq!(
        post_count(&s.app, &s.tok).await,
        0,
        "the preview saves nothing"
    );
    // The confirm form carries the CSV back.
    let start = html.find("name=\"csv\" value=\"").unwrap() + 18;
    let end = start + html[start..].find('"').unwrap();
    let csv = html[start..end]
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x22;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let resp = web
        .post_form(
            "/content/import",
            &[("csrf", csrf.as_str()), ("csv", csv.as_str())],
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/content/import?imported=2");
    assert_eq!(post_count(&s.app, &s.tok).await, 2);
    let done = web.get_page("/content/import?imported=2").await;
    assert!(done.contains("2 posts imported"), "{done}");
}

#[tokio::test]
async fn the_page_names_the_bad_row_and_offers_no_confirm() {
    let s = seeded().await;
    let web = s.app.login_as("alice").await;
    let csrf = csrf_in(&web.get_page("/content/import").await).unwrap();
    let csv = "account,kind,time,media\nshop,post,2026-03-10 09:30,tree.jpg\nshop,video,2026-03-10 10:30,tree.jpg\n";
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("plan.csv"),
    );
    let html = web
        .post_multipart("/content/import/preview", form)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Line 3, column “kind”: “video” is not a kind of post"),
        "{html}"
    );
    assert!(!html.contains("name=\"csv\""), "no confirm form");
    assert!(html.contains("Nothing was imported: 1 of 2 rows need a fix."));
}

#[tokio::test]
async fn the_page_speaks_russian_and_the_export_link_works() {
    let app = TestApp::spawn().await;
    let ivan = app.add_user("ivan", Language::Ru).await;
    app.add_account(&ivan, "shop").await;
    let web = app.login_as("ivan").await;
    let page = web.get_page("/content/import").await;
    assert!(page.contains("Импорт публикаций из CSV"), "{page}");
    let resp = web.visit("/content/export.csv").await;
    assert_eq!(resp.status(), 200);
    let body = resp.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBFaccount,kind,time"));
}
