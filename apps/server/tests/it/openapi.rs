//! The OpenAPI document against the real server binary (`serve --demo`,
//! seeded with media, posts and fetched Instagram data):
//!
//! - every `null` in real responses is declared `nullable` in the spec;
//! - a 405 answer names the allowed methods in `Allow`;
//! - schemathesis, on SQLite and on MariaDB, finds no server error, no
//!   response that breaks its schema and no undocumented status.
//!
//! Schemathesis is installed by `./scripts/test` (pinned, into
//! `target/schemathesis`), which sets `SOCIALFLOW_SCHEMATHESIS`; without it
//! these tests fail, never skip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use socialflow_sql::ScratchDatabase;

const BIN: &str = env!("CARGO_BIN_EXE_socialflow");

struct Server {
    child: Child,
    log: PathBuf,
    base: String,
    token: String,
    env: Vec<(String, String)>,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    /// Starts `serve --demo` (no worker: nothing changes behind the tests'
    /// backs) on `database_url` (SQLite in a temporary directory if none)
    /// and creates an API token for the demo user.
    async fn start(database_url: Option<&str>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let mut env = vec![
            (
                "PATH".to_string(),
                std::env::var("PATH").unwrap_or_default(),
            ),
            (
                "SOCIALFLOW_DATA_DIR".to_string(),
                dir.path().join("data").display().to_string(),
            ),
            ("SOCIALFLOW_LISTEN".to_string(), format!("127.0.0.1:{port}")),
            ("SOCIALFLOW_PUBLIC_URL".to_string(), base.clone()),
        ];
        if let Some(url) = database_url {
            env.push(("SOCIALFLOW_DATABASE_URL".to_string(), url.to_string()));
            // Required with MariaDB (every process shares it); a test key.
            env.push((
                "SOCIALFLOW_MASTER_KEY".to_string(),
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="
                    .to_string(),
            ));
        }
        let log = dir.path().join("server.log");
        let file = std::fs::File::create(&log).unwrap();
        let child = Command::new(BIN)
            .args(["serve", "--demo", "--no-worker"])
            .env_clear()
            .envs(env.iter().cloned())
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            log,
            base,
            token: String::new(),
            env,
            dir,
        };
        server.wait_ready().await;
        let out = Command::new(BIN)
            .args(["token", "create", "demo", "--name", "openapi test"])
            .env_clear()
            .envs(server.env.iter().cloned())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        server.token = String::from_utf8(out.stdout).unwrap().trim().to_string();
        server
    }

    async fn wait_ready(&mut self) {
        let http = reqwest::Client::new();
        for _ in 0..1200 {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited ({status}):\n{}", self.output());
            }
            let up = http
                .get(format!("{}/healthz", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up && self.output().contains("one-time password") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server never became ready:\n{}", self.output());
    }

    fn client(&self) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {}", self.token).parse().unwrap(),
        );
        reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap()
    }

    /// Data in every shape the API returns: the demo account refreshed from
    /// the simulated Instagram, an image, a draft and a scheduled post.
    /// Returns the ids to read back.
    async fn seed(&self) -> Seeded {
        let c = self.client();
        let accounts: Value = ok_json(c.get(self.api("/accounts")).send().await.unwrap()).await;
        let account = accounts[0]["id"].as_str().unwrap().to_string();
        let refreshed = c
            .post(self.api(&format!("/accounts/{account}/refresh")))
            .send()
            .await
            .unwrap();
        assert!(refreshed.status().is_success(), "{refreshed:?}");
        let jpeg = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/media/portrait-4x5.jpg"
        ))
        .unwrap();
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(jpeg)
                .file_name("portrait.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
        let media: Value = ok_json(
            c.post(self.api("/media"))
                .multipart(form)
                .send()
                .await
                .unwrap(),
        )
        .await;
        let media = media["id"].as_str().unwrap().to_string();
        let draft: Value = ok_json(
            c.post(self.api("/posts"))
                .json(&json!({"account_id": account, "kind": "post", "media_ids": [media]}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let soon = time::OffsetDateTime::now_utc() + time::Duration::days(2);
        let scheduled: Value = ok_json(
            c.post(self.api("/posts"))
                .json(&json!({
                    "account_id": account, "kind": "post", "media_ids": [media],
                    "caption": "Hello", "first_comment": "#hi",
                    "scheduled_at": soon.format(&time::format_description::well_known::Rfc3339).unwrap(),
                }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let ids = |list: Value, key: &str| -> Vec<String> {
            list.as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v[key].as_str().map(str::to_string))
                .collect()
        };
        let get = |path: String| {
            let c = c.clone();
            async move { ok_json(c.get(path).send().await.unwrap()).await }
        };
        let ig_media = ids(
            get(self.api(&format!("/accounts/{account}/media"))).await,
            "id",
        );
        let comments = ids(
            get(self.api(&format!("/accounts/{account}/comments"))).await,
            "id",
        );
        let conversations = ids(
            get(self.api(&format!("/accounts/{account}/conversations"))).await,
            "id",
        );
        Seeded {
            account,
            media,
            posts: vec![
                draft["post"]["id"].as_str().unwrap().to_string(),
                scheduled["post"]["id"].as_str().unwrap().to_string(),
            ],
            ig_media,
            comments,
            conversations,
        }
    }
}

struct Seeded {
    account: String,
    media: String,
    posts: Vec<String>,
    ig_media: Vec<String>,
    comments: Vec<String>,
    conversations: Vec<String>,
}

impl Seeded {
    /// A schemathesis configuration that fills path ids with the seeded
    /// objects most of the time (random ids only ever reach the 404), except
    /// for the deletions, which would take the objects away from the others;
    /// new and changed posts use the seeded image, so some are saved.
    fn schemathesis_config(&self) -> String {
        let list = |v: &[String]| {
            let quoted: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let or_none = |v: &[String]| {
            if v.is_empty() {
                vec!["none".to_string()]
            } else {
                v.to_vec()
            }
        };
        let bind = |name: &str| format!("{{ dictionary = {name:?}, probability = 0.8 }}");
        format!(
            r#"
[dictionaries.account]
values = {account}
[dictionaries.posts]
values = {posts}
[dictionaries.media]
values = {media}
[dictionaries.ig_media]
values = {ig_media}
[dictionaries.comments]
values = {comments}
[dictionaries.conversations]
values = {conversations}

[[operations]]
include-path-regex = "^/accounts/"
exclude-method = "DELETE"
parameters = {{ "path.id" = {b_account}, "path.media_id" = {b_ig_media} }}

[[operations]]
include-path-regex = "^/posts"
exclude-method = "DELETE"
parameters = {{ "path.id" = {b_posts}, "body.account_id" = {b_account}, "body.media_ids" = {media} }}

[[operations]]
include-path-regex = "^/media/"
exclude-method = "DELETE"
parameters = {{ "path.id" = {b_media} }}

[[operations]]
include-path-regex = "^/comments/"
exclude-method = "DELETE"
parameters = {{ "path.comment_id" = {b_comments} }}

[[operations]]
include-path-regex = "^/conversations/"
parameters = {{ "path.conversation_id" = {b_conversations} }}
"#,
            account = list(std::slice::from_ref(&self.account)),
            posts = list(&self.posts),
            media = list(std::slice::from_ref(&self.media)),
            ig_media = list(&or_none(&self.ig_media)),
            comments = list(&or_none(&self.comments)),
            conversations = list(&or_none(&self.conversations)),
            b_account = bind("account"),
            b_posts = bind("posts"),
            b_media = bind("media"),
            b_ig_media = bind("ig_media"),
            b_comments = bind("comments"),
            b_conversations = bind("conversations"),
        )
    }
}

async fn ok_json(r: reqwest::Response) -> Value {
    let status = r.status();
    let text = r.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// Follows `$ref`s to the schema they name.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            resolve(spec, &spec["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// Every `null` in `value` must be allowed by `schema` (`nullable: true`);
/// collects the JSON paths of those that are not.
fn undeclared_nulls(spec: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if value.is_null() {
        if schema["nullable"] != Value::Bool(true) {
            out.push(at.to_string());
        }
        return;
    }
    if let Some(parts) = schema["allOf"].as_array() {
        for part in parts {
            undeclared_nulls(spec, part, value, at, out);
        }
    }
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                let field = &schema["properties"][k];
                if !field.is_null() {
                    undeclared_nulls(spec, field, v, &format!("{at}.{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                undeclared_nulls(spec, &schema["items"], v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The 200 response schema of `GET path` (a spec path such as `/posts/{id}`).
fn get_schema<'a>(spec: &'a Value, path: &str) -> &'a Value {
    let op = &spec["paths"][path]["get"];
    let content = op["responses"]["200"]["content"].as_object().unwrap();
    &content.values().next().unwrap()["schema"]
}

#[tokio::test]
async fn every_null_in_real_responses_is_declared_nullable() {
    let server = Server::start(None).await;
    let seeded = server.seed().await;
    let c = server.client();
    let spec: Value = ok_json(
        c.get(format!("{}/api/openapi.json", server.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let a = &seeded.account;
    let conversations: Value = ok_json(
        c.get(server.api(&format!("/accounts/{a}/conversations")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mut reads = vec![
        ("/me".to_string(), "/me".to_string()),
        ("/accounts".into(), "/accounts".into()),
        (format!("/accounts/{a}"), "/accounts/{id}".into()),
        (
            format!("/accounts/{a}/followers"),
            "/accounts/{id}/followers".into(),
        ),
        (
            format!("/accounts/{a}/insights"),
            "/accounts/{id}/insights".into(),
        ),
        (
            format!("/accounts/{a}/best-time"),
            "/accounts/{id}/best-time".into(),
        ),
        (
            format!("/accounts/{a}/post-metrics"),
            "/accounts/{id}/post-metrics".into(),
        ),
        (
            format!("/accounts/{a}/media"),
            "/accounts/{id}/media".into(),
        ),
        (
            format!("/accounts/{a}/comments"),
            "/accounts/{id}/comments".into(),
        ),
        (
            format!("/accounts/{a}/conversations"),
            "/accounts/{id}/conversations".into(),
        ),
        ("/inbox/counts".into(), "/inbox/counts".into()),
        ("/media".into(), "/media".into()),
        (format!("/media/{}", seeded.media), "/media/{id}".into()),
        ("/posts".into(), "/posts".into()),
        ("/admin/audit".into(), "/admin/audit".into()),
    ];
    for p in &seeded.posts {
        reads.push((format!("/posts/{p}"), "/posts/{id}".into()));
    }
    for conv in conversations.as_array().unwrap() {
        let id = conv["id"].as_str().unwrap();
        reads.push((
            format!("/conversations/{id}/messages"),
            "/conversations/{conversation_id}/messages".into(),
        ));
    }
    let mut undeclared = Vec::new();
    let mut nulls = 0;
    for (url, path) in &reads {
        let body = ok_json(c.get(server.api(url)).send().await.unwrap()).await;
        nulls += body.to_string().matches("null").count();
        undeclared_nulls(
            &spec,
            get_schema(&spec, path),
            &body,
            &format!("GET {url}"),
            &mut undeclared,
        );
    }
    println!("{} responses read, {nulls} nulls in them", reads.len());
    // The seed really produces nulls, or this test would prove nothing.
    assert!(nulls > 20, "only {nulls} nulls in the seeded responses");
    assert!(
        undeclared.is_empty(),
        "null but not nullable in the spec:\n{}",
        undeclared.join("\n")
    );
}

#[tokio::test]
async fn method_not_allowed_names_the_allowed_methods() {
    let server = Server::start(None).await;
    let c = server.client();
    for (method, path, allow) in [
        (reqwest::Method::PUT, "/me", "DELETE, GET, HEAD, PATCH"),
        (
            reqwest::Method::POST,
            "/posts/0197a0a4-0000-7000-8000-000000000000",
            "DELETE, GET, HEAD, PATCH, PUT",
        ),
        (reqwest::Method::DELETE, "/posts", "GET, HEAD, POST"),
        (reqwest::Method::GET, "/posts/x/publish", "POST"),
    ] {
        let r = c
            .request(method.clone(), server.api(path))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "{method} {path}");
        assert_eq!(
            r.headers().get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "method_not_allowed");
    }
    // Pages and operational endpoints too.
    for (method, path, allow) in [
        (reqwest::Method::PUT, "/healthz", "GET, HEAD"),
        (reqwest::Method::DELETE, "/meta/data-deletion", "POST"),
    ] {
        let r = c
            .request(method.clone(), format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "{method} {path}");
        assert_eq!(
            r.headers().get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
    }
}

/// One schemathesis run at a time: the two databases' runs share 2 cores.
static ONE_RUN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs schemathesis against `server` and fails on any failed check.
async fn schemathesis(server: &Server) {
    let st = std::env::var_os("SOCIALFLOW_SCHEMATHESIS")
        .map(PathBuf::from)
        .expect(
            "SOCIALFLOW_SCHEMATHESIS is not set: run ./scripts/test, which installs schemathesis \
             and sets it (see docs/api.md)",
        );
    let seeded = server.seed().await;
    let examples =
        std::env::var("SOCIALFLOW_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "10".into());
    // Kept where SOCIALFLOW_SCHEMATHESIS_REPORT says (every request and
    // answer as NDJSON), else dropped with the server's directory.
    let report = std::env::var_os("SOCIALFLOW_SCHEMATHESIS_REPORT")
        .map(PathBuf::from)
        .unwrap_or_else(|| server.dir.path().join("st-report"));
    let config = server.dir.path().join("schemathesis.toml");
    std::fs::write(&config, seeded.schemathesis_config()).unwrap();
    let out = tokio::process::Command::new(&st)
        .arg("--config-file")
        .arg(&config)
        .arg("--no-color")
        .arg("run")
        .arg(format!("{}/api/openapi.json", server.base))
        .args(["--url", &server.api("")])
        .args([
            "--header",
            &format!("Authorization: Bearer {}", server.token),
        ])
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,\
             content_type_conformance,allow_header_conformance",
        ])
        .args(["--phases", "examples,coverage,fuzzing"])
        // Schemathesis reuses ids it saw in answers: disconnecting the demo
        // account would delete the seeded posts and data under the other
        // operations (tests/it/accounts.rs covers the disconnection).
        .args(["--exclude-name", "DELETE /accounts/{id}"])
        .args(["--max-examples", &examples])
        .args(["--seed", "14"])
        // One worker: with two threads, Hypothesis's shared caches raised a
        // KeyError inside Schemathesis's coverage phase (a runtime error of
        // the tool, not a finding) in one run out of three.
        .args(["--workers", "1"])
        .args(["--request-timeout", "30"])
        .args(["--report", "junit,ndjson"])
        .arg("--report-dir")
        .arg(&report)
        .env("SCHEMATHESIS_HOOKS", "")
        // Its cache directory goes with the server's.
        .current_dir(server.dir.path())
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let summary: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("SUMMARY"))
        .collect();
    println!("schemathesis summary:\n{}", summary.join("\n"));
    assert!(
        out.status.success(),
        "schemathesis found problems (seeded account {}, posts {:?}):\n{text}\n{}\nserver log:\n{}",
        seeded.account,
        seeded.posts,
        String::from_utf8_lossy(&out.stderr),
        server.output()
    );
}

#[tokio::test]
async fn schemathesis_finds_nothing_on_sqlite() {
    let _one = ONE_RUN.lock().await;
    let server = Server::start(None).await;
    schemathesis(&server).await;
}

#[tokio::test]
async fn schemathesis_finds_nothing_on_mariadb() {
    let _one = ONE_RUN.lock().await;
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .expect("MariaDB (SOCIALFLOW_TEST_MARIADB_URL)");
    let server = Server::start(Some(&scratch.url)).await;
    schemathesis(&server).await;
    drop(server);
    scratch.drop_database().await.unwrap();
}
