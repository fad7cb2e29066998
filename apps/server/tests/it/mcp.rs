//! `socialflow mcp` driven by a real MCP client: the `mcp` package from
//! PyPI (installed by ./scripts/test into target/mcp, passed as
//! `SOCIALFLOW_MCP_PYTHON`) runs tests/it/mcp_client.py, which starts the
//! real binary over stdio, lists the tools, uploads a file, creates and
//! schedules a post. The post is then read through the REST API of a
//! server on the same SQLite database: its owner sees it, another user's
//! token does not. Over HTTP: 401 without a valid token, the tools with
//! one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use socialflow_core::Language;
use socialflow_core::audit::AuditKind;
use socialflow_core::storage::HealthRepo;
use socialflow_server::i18n::Tr;
use socialflow_sql::SqliteStore;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::support::TestApp;
use crate::support::browser::free_port;

const BIN: &str = env!("CARGO_BIN_EXE_socialflow");

const TOOLS: [&str; 12] = [
    "analytics_summary",
    "best_times",
    "cancel_post",
    "create_post",
    "get_post",
    "list_accounts",
    "list_posts",
    "list_unanswered_comments",
    "reply_to_comment",
    "reschedule_post",
    "schedule_post",
    "upload_media_from_url",
];

/// The Python with the `mcp` package; the test fails (never skips)
/// without it.
fn python() -> PathBuf {
    let p = std::env::var_os("SOCIALFLOW_MCP_PYTHON")
        .map(PathBuf::from)
        .expect(
            "SOCIALFLOW_MCP_PYTHON is not set: run ./scripts/test, which installs the mcp client \
         into target/mcp, or point it at a Python with `pip install mcp`",
        );
    assert!(
        p.exists(),
        "SOCIALFLOW_MCP_PYTHON={} does not exist",
        p.display()
    );
    p
}

fn client_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/mcp_client.py")
}

struct Setup {
    app: TestApp,
    dir: tempfile::TempDir,
    uploads: tempfile::TempDir,
    db_url: String,
    alice: socialflow_core::User,
    alice_token: String,
    bob_token: String,
}

/// A server on a SQLite file the `socialflow mcp` process opens too; alice
/// (Russian interface) has an account, bob has none.
async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("mcp.db").display());
    let store = SqliteStore::connect(&db_url).await.unwrap();
    store.migrate().await.unwrap();
    let app = TestApp::builder()
        .store(Arc::new(store))
        .library_post_media()
        .spawn()
        .await;
    let alice = app.add_user("alice", Language::Ru).await;
    let bob = app.add_user("bob", Language::En).await;
    app.add_account(&alice, "shop").await;
    let alice_token = app.api_token(&alice).await;
    let bob_token = app.api_token(&bob).await;
    let uploads = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/media/portrait-4x5.jpg");
    std::fs::copy(fixture, uploads.path().join("portrait-4x5.jpg")).unwrap();
    Setup {
        app,
        dir,
        uploads,
        db_url,
        alice,
        alice_token,
        bob_token,
    }
}

impl Setup {
    /// The environment of a `socialflow mcp` process on this setup.
    fn env(&self, token: Option<&str>) -> Vec<(&'static str, String)> {
        let mut env = vec![
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            (
                "SOCIALFLOW_DATA_DIR",
                self.dir.path().join("data").display().to_string(),
            ),
            ("SOCIALFLOW_DATABASE_URL", self.db_url.clone()),
            (
                "SOCIALFLOW_MEDIA_DIR",
                self.app.media_dir.path().display().to_string(),
            ),
            (
                "SOCIALFLOW_MCP_MEDIA_DIR",
                self.uploads.path().display().to_string(),
            ),
            // Listed, and still refused: loopback is never fetched.
            ("SOCIALFLOW_MCP_MEDIA_URL_ALLOW", "127.0.0.1".into()),
            ("SOCIALFLOW_LOG", "warn".into()),
        ];
        if let Some(t) = token {
            env.push(("SOCIALFLOW_MCP_TOKEN", t.to_string()));
        }
        env
    }

    /// Runs the Python client; its last line of output as JSON.
    fn client(&self, args: &[&str], token: &str) -> Value {
        let out = Command::new(python())
            .arg(client_script())
            .args(args)
            .env_clear()
            .envs(self.env(Some(token)))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "the MCP client failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(stdout.lines().last().unwrap_or_default())
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
    }
}

fn time(v: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(v.as_str().unwrap(), &Rfc3339).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_mcp_client_over_stdio_schedules_a_post_the_api_then_shows() {
    let s = setup().await;
    let out = tokio::task::block_in_place(|| s.client(&["stdio", BIN], &s.alice_token));

    let tools: Vec<&str> = out["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tools, TOOLS);
    let create = &out["schemas"]["create_post"];
    let required: Vec<&str> = create["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    for field in ["account_id", "kind", "media_ids"] {
        assert!(required.contains(&field), "{field} in {create}");
    }
    assert!(
        create["properties"]["scheduled_at"]["description"]
            .as_str()
            .unwrap()
            .contains("RFC 3339")
    );

    assert_eq!(out["accounts"]["data"]["accounts"][0]["username"], "shop");
    assert_eq!(out["upload"]["is_error"], false, "{}", out["upload"]);
    assert_eq!(out["upload"]["data"]["kind"], "image");
    assert_eq!(
        out["draft"]["data"]["post"]["state"], "draft",
        "{}",
        out["draft"]
    );
    assert_eq!(
        out["scheduled"]["data"]["post"]["state"], "scheduled",
        "{}",
        out["scheduled"]
    );

    // Refusals are tool errors in alice's language (Russian).
    let tr = Tr::new(Language::Ru);
    assert_eq!(out["missing"]["is_error"], true);
    assert_eq!(out["missing"]["text"], tr.t("posts-error-not-found"));
    assert_eq!(out["past"]["is_error"], true);
    assert_eq!(
        out["past"]["text"],
        socialflow_server::http::posts_text::problem(
            &tr,
            &socialflow_core::posts::PostProblem::ScheduledInPast
        )
    );
    assert_eq!(out["private_url"]["is_error"], true);
    assert_eq!(
        out["private_url"]["text"],
        tr.t1("mcp-error-host-private", "host", "127.0.0.1")
    );
    assert_eq!(out["outside_dir"]["is_error"], true);
    assert_eq!(
        out["outside_dir"]["text"],
        tr.t("mcp-error-path-not-allowed")
    );
    // The refused reschedule changed nothing.
    assert_eq!(out["post"]["data"]["state"], "scheduled");

    // The read tools answer from alice's (empty) analytics and inbox.
    let listed = out["listed"]["data"]["posts"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{}", out["listed"]);
    assert_eq!(listed[0]["id"], out["post_id"]);
    assert_eq!(out["bad_state"]["text"], tr.t("mcp-error-state"));
    assert_eq!(out["summary"]["is_error"], false, "{}", out["summary"]);
    assert!(
        out["summary"]["data"]["summary"]["current"].is_object(),
        "{}",
        out["summary"]
    );
    assert_eq!(out["best"]["is_error"], false, "{}", out["best"]);
    assert_eq!(out["best"]["data"]["best"], Value::Null);
    assert_eq!(out["best"]["data"]["note"], tr.t("mcp-best-times-no-data"));
    assert_eq!(out["comments"]["data"]["comments"], serde_json::json!([]));
    assert_eq!(out["reply_missing"]["is_error"], true);
    assert_eq!(
        out["reply_missing"]["text"],
        tr.t("mcp-error-comment-not-found")
    );

    // The REST API shows the post to its owner, as scheduled.
    let id = out["post_id"].as_str().unwrap();
    let (status, post) = s
        .app
        .api_get(&s.alice_token, &format!("/api/v1/posts/{id}"))
        .await;
    assert_eq!(status, 200, "{post}");
    assert_eq!(post["state"], "scheduled");
    assert_eq!(post["caption"], "Scheduled by an assistant");
    assert_eq!(post["media_ids"][0], out["upload"]["data"]["id"]);
    assert_eq!(time(&post["scheduled_at"]), time(&out["scheduled_for"]));

    // Another user's token sees nothing of it, through REST or MCP.
    let (status, _) = s
        .app
        .api_get(&s.bob_token, &format!("/api/v1/posts/{id}"))
        .await;
    assert_eq!(status, 404);
    let (_, listed) = s.app.api_get(&s.bob_token, "/api/v1/posts").await;
    assert_eq!(listed, serde_json::json!([]));
    let peek = tokio::task::block_in_place(|| s.client(&["peek", BIN, id], &s.bob_token));
    assert_eq!(peek["accounts"]["data"]["accounts"], serde_json::json!([]));
    assert_eq!(peek["get"]["is_error"], true);
    assert_eq!(peek["get"]["text"], "No such post.");
    assert_eq!(peek["cancel"]["is_error"], true);
    let (_, still) = s
        .app
        .api_get(&s.alice_token, &format!("/api/v1/posts/{id}"))
        .await;
    assert_eq!(still["state"], "scheduled");

    // Scheduling through MCP wrote alice's audit log, as the API does.
    let audit = s.app.store.audit_for_user(s.alice.id, 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.kind == AuditKind::PostScheduled && e.detail == id && e.ip == "mcp"),
        "{audit:?}"
    );
}

/// A `socialflow mcp --listen` process, killed when dropped.
struct Listening(Child);

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn mcp_over_http_wants_a_valid_token() {
    let s = setup().await;
    let port = free_port();
    let log = s.dir.path().join("mcp-http.log");
    let file = std::fs::File::create(&log).unwrap();
    let _server = Listening(
        Command::new(BIN)
            .args(["mcp", "--listen", &format!("127.0.0.1:{port}")])
            .env_clear()
            .envs(s.env(None))
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap(),
    );
    let url = format!("http://127.0.0.1:{port}/mcp");
    let http = reqwest::Client::new();
    let init = serde_json::json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "t", "version": "1"}}
    });
    let mut up = false;
    for _ in 0..300 {
        if http.post(&url).json(&init).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        up,
        "never listened:\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );

    for auth in [
        None,
        Some("Bearer sf_not-a-token"),
        Some("Basic YWxpY2U6eA=="),
    ] {
        let mut req = http
            .post(&url)
            .header("accept", "application/json, text/event-stream")
            .json(&init);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 401, "{auth:?}");
    }

    let out = tokio::task::block_in_place(|| s.client(&["http", &url], &s.alice_token));
    let tools: Vec<&str> = out["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tools, TOOLS);
    assert_eq!(out["accounts"]["data"]["accounts"][0]["username"], "shop");
}
