//! The REST API over real HTTP: authentication, JSON errors, the spec.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::TestApp;
use secrecy::ExposeSecret;
use serde_json::Value;
use socialflow_core::{Language, RequestContext};

async fn token_for(app: &TestApp, name: &str) -> String {
    let user = app.state.users.find(name).await.unwrap();
    let (_, secret) = app
        .state
        .auth
        .create_api_token(user.id, "test", &RequestContext::cli())
        .await
        .unwrap();
    secret.expose_secret().to_string()
}

async fn json(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("application/json"), "{status} with {ct}");
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn me_with_a_personal_token() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Kk).await;
    let token = token_for(&app, "alice").await;
    let (status, body) = json(
        app.browser()
            .get(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["username"], "alice");
    assert_eq!(body["language"], "kk");
    assert_eq!(body["role"], "user");
    assert_eq!(body["id"], alice.id.to_string());
    // Use is recorded.
    let stored = app.store.list_api_tokens(alice.id).await.unwrap();
    assert!(stored[0].last_used_at.is_some());
}

#[tokio::test]
async fn missing_wrong_and_revoked_tokens_are_refused_in_json() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.browser();
    let (status, body) = json(c.visit("/api/v1/me").await).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    assert!(body["message"].as_str().unwrap().contains("Bearer"));
    for bad in ["sfp_made_up", "not-even-a-token", ""] {
        let (status, body) = json(
            c.get(app.url("/api/v1/me"))
                .bearer_auth(bad)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("unauthorized")),
            "{bad}"
        );
    }
    let token = token_for(&app, "alice").await;
    let id = app.store.list_api_tokens(alice.id).await.unwrap()[0].id;
    app.state
        .auth
        .revoke_api_token(alice.id, id, &RequestContext::cli())
        .await
        .unwrap();
    let (status, _) = json(
        c.get(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn the_session_cookie_works_for_reads_but_writes_need_same_origin() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let (status, body) = json(c.visit("/api/v1/me").await).await;
    assert_eq!((status, body["username"].as_str()), (200, Some("alice")));

    let cross = c
        .patch(app.url("/api/v1/me"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"language": "ru"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(cross).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("cross_origin")));
    assert_eq!(app.user(alice.id).await.language, Language::En);

    let same = c
        .patch(app.url("/api/v1/me"))
        .header("origin", app.base.clone())
        .json(&serde_json::json!({"language": "ru"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(same).await;
    assert_eq!((status, body["language"].as_str()), (200, Some("ru")));
    assert_eq!(app.user(alice.id).await.language, Language::Ru);
}

#[tokio::test]
async fn malformed_and_oversized_bodies_change_nothing() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let token = token_for(&app, "alice").await;
    let c = app.browser();
    let send = |body: String| {
        c.patch(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let (status, body) = json(send("{\"language\": ".into()).await.unwrap()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("bad_request")),
        "{body}"
    );
    let (status, body) = json(send("{\"language\": \"xx\"}".into()).await.unwrap()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("bad_request")),
        "{body}"
    );
    let (status, body) = json(
        send(format!("{{\"pad\": \"{}\"}}", "x".repeat(100 * 1024)))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (413, Some("payload_too_large")),
        "{body}"
    );
    assert_eq!(app.user(alice.id).await.language, Language::En);
    let (status, body) = json(
        c.get(app.url("/api/v1/nothing"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn the_spec_and_explorer_are_served() {
    let app = TestApp::spawn().await;
    let c = app.browser();
    let spec: Value = c.visit("/api/openapi.json").await.json().await.unwrap();
    assert!(spec["paths"]["/me"]["get"].is_object());
    assert!(spec["paths"]["/me"]["patch"].is_object());
    let schemes = spec["components"]["securitySchemes"].as_object().unwrap();
    assert!(schemes.contains_key("TokenAuth") && schemes.contains_key("SessionAuth"));
    let docs = c.visit("/api/docs").await;
    assert_eq!(docs.status(), 200);
    let page = docs.text().await.unwrap();
    assert!(page.contains("swagger"));
    // A small page that links back to the app and loads the explorer apart.
    assert!(page.len() < 5_000, "{} bytes", page.len());
    assert!(page.contains("<a href=\"/\">"));
    let js_path = page
        .split("src=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let js = c.visit(&js_path).await;
    assert_eq!(js.status(), 200);
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/javascript")
    );
    assert!(js.text().await.unwrap().contains("SwaggerUIBundle"));
}

/// `docs/openapi.json` is the published contract; it must match the code.
/// Regenerate with `UPDATE_OPENAPI=1 cargo test -p socialflow-server --test it api::`.
#[test]
fn the_committed_spec_matches_the_code() {
    let spec = socialflow_server::api::service("http://127.0.0.1:8080").spec();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(path, format!("{spec}\n")).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        committed.trim_end(),
        spec.trim_end(),
        "docs/openapi.json is stale; regenerate it (see this test's doc)"
    );
}

#[tokio::test]
async fn the_time_zone_is_read_and_changed_through_the_api() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let token = token_for(&app, "alice").await;
    let c = app.browser();
    let (status, body) = json(
        c.patch(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"time_zone": "Nowhere/Land", "language": "ru"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "invalid_time_zone");
    // Nothing was saved, not even the valid language.
    let user = app.state.users.find("alice").await.unwrap();
    assert_eq!(user.language, Language::En);

    let (status, body) = json(
        c.patch(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"time_zone": "Europe/Moscow"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["time_zone"], "Europe/Moscow");
    let user = app.state.users.find("alice").await.unwrap();
    assert_eq!(user.time_zone.name(), "Europe/Moscow");
}

/// Every operation documents the error statuses it can answer, each with
/// the shared error body: 401 and 500 everywhere, 403 (`cross_origin`) and
/// 413 on every write, 400 and 415 with a JSON body, 400 and 404 with a
/// path id. An operation that returns plain `poem::Result` documents none
/// and fails here.
#[test]
fn every_operation_documents_its_error_statuses() {
    let spec: Value =
        serde_json::from_str(&socialflow_server::api::service("http://127.0.0.1:8080").spec())
            .unwrap();
    let mut missing = Vec::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let mut expected = vec!["401", "500"];
            if method != "get" {
                expected.extend(["403", "413"]);
            }
            let json_body = op["requestBody"]["content"]
                .as_object()
                .is_some_and(|c| c.keys().any(|k| k.starts_with("application/json")));
            if json_body {
                expected.extend(["400", "415"]);
            }
            if path.contains('{') {
                expected.extend(["400", "404"]);
            }
            for status in expected {
                if !responses.contains_key(status) {
                    missing.push(format!("{method} {path}: {status}"));
                }
            }
            // The shared `Error` body, or one that refines it (the posts'
            // 422 `InvalidPostDto` lists each problem): `code` and `message`.
            for (status, r) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let schema = &r["content"]["application/json; charset=utf-8"]["schema"];
                    let name = schema["$ref"]
                        .as_str()
                        .unwrap_or_default()
                        .trim_start_matches("#/components/schemas/");
                    let required = &spec["components"]["schemas"][name]["required"];
                    if !(required.as_array().is_some_and(|r| {
                        r.contains(&Value::from("code")) && r.contains(&Value::from("message"))
                    })) {
                        missing.push(format!("{method} {path}: {status} without the error body"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented:\n{}", missing.join("\n"));
    // Every query parameter of this API is optional (`GET /posts?state`
    // was marked required); one that really is required belongs here.
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "query" {
                    assert_ne!(p["required"], true, "{method} {path} {}", p["name"]);
                }
            }
        }
    }
}

/// Every key a 422 problem carries is a declared property of
/// `PostProblemDto`, so a generated client keeps the numbers and names
/// the message speaks of (before: `min`, `max`, `actual`, `field`,
/// `username`, `max_days` and `advised` were sent but undeclared).
#[test]
fn every_key_of_a_post_problem_is_declared_in_the_spec() {
    use socialflow_core::posts::{CaptionProblem, PostProblem};
    let spec: Value =
        serde_json::from_str(&socialflow_server::api::service("http://127.0.0.1:8080").spec())
            .unwrap();
    let declared = spec["components"]["schemas"]["PostProblemDto"]["properties"]
        .as_object()
        .expect("PostProblemDto in the spec");
    let problems = [
        PostProblem::AccountNotFound,
        PostProblem::MediaCount {
            min: 1,
            max: 10,
            actual: 0,
        },
        PostProblem::MediaNotFound {
            media_id: uuid::Uuid::nil().to_string(),
        },
        PostProblem::NeedsImage { position: 1 },
        PostProblem::NeedsVideo { position: 2 },
        PostProblem::CoverNotImage,
        PostProblem::Caption(CaptionProblem::TooLong {
            max: 2200,
            actual: 2201,
        }),
        PostProblem::Caption(CaptionProblem::MoreHashtagsThanAdvised {
            advised: 5,
            actual: 9,
        }),
        PostProblem::TooManyCollaborators { max: 3, actual: 4 },
        PostProblem::NotForStories {
            field: "first_comment",
        },
        PostProblem::AltTextTooLong {
            max: 1000,
            actual: 1001,
        },
        PostProblem::UserTagOutOfFrame {
            username: "alice".into(),
        },
        PostProblem::ScheduledInPast,
        PostProblem::ScheduledTooFar { max_days: 730 },
        PostProblem::ControlCharacters { field: "caption" },
        PostProblem::FieldTooLong {
            field: "user_tags",
            max: 20,
            actual: 21,
        },
    ];
    for p in &problems {
        let body = socialflow_server::web::posts_text::problem_json(p);
        for key in body.as_object().unwrap().keys() {
            assert!(
                declared.contains_key(key),
                "`{key}` of {} is not declared in PostProblemDto",
                body["code"]
            );
        }
    }
}
