//! Outgoing webhooks end to end, as deployed: `socialflow serve
//! --no-worker` and `socialflow worker` processes on one MariaDB, the fake
//! Instagram over HTTP, and a real HTTP receiver on loopback (the operator's
//! SOCIALFLOW_WEBHOOKS_ALLOW_PRIVATE on).
//!
//! - A post published through the fake Graph server reaches the receiver as
//!   `post.published`, signed; the receiver answers 500 once and sees the
//!   retry carry the same event id and the same body bytes.
//! - A worker killed with SIGKILL while the receiver holds a delivery open:
//!   a new worker sends it again after the lease; de-duplicated by id, the
//!   receiver has exactly one event.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
use socialflow_sql::ScratchDatabase;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::support::csrf_in;

const BIN: &str = env!("CARGO_BIN_EXE_socialflow");
const PASSWORD: &str = "a long enough passphrase";

struct Proc {
    child: Child,
    log: PathBuf,
}

impl Proc {
    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

// ---- The receiver -----------------------------------------------------------

/// What the receiver does with its n-th request (from 0).
#[derive(Clone, Copy)]
enum Answer {
    Status(u16),
    /// Reads the request and never answers.
    Hang,
}

#[derive(Clone, Debug)]
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

type Log = Arc<Mutex<Vec<Received>>>;

/// A real HTTP/1.1 receiver on loopback: records every request, answers
/// the n-th as `plan(n)` says.
async fn receiver(plan: fn(usize) -> Answer) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/hooks/socialflow",
        listener.local_addr().unwrap().port()
    );
    let log: Log = Arc::default();
    let seen = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                let (head, body) = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..i]).to_string();
                        let len: usize = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse().ok())?
                            })
                            .unwrap_or(0);
                        while buf.len() < i + 4 + len {
                            let n = sock.read(&mut chunk).await.unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            buf.extend_from_slice(&chunk[..n]);
                        }
                        break (head, buf[i + 4..i + 4 + len].to_vec());
                    }
                };
                let headers = head
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .collect();
                let n = {
                    let mut seen = seen.lock().unwrap();
                    seen.push(Received { headers, body });
                    seen.len() - 1
                };
                match plan(n) {
                    Answer::Status(code) => {
                        let body = format!("answer {n}");
                        let reply = format!(
                            "HTTP/1.1 {code} X\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                            body.len()
                        );
                        let _ = sock.write_all(reply.as_bytes()).await;
                        let _ = sock.shutdown().await;
                    }
                    Answer::Hang => tokio::time::sleep(Duration::from_secs(600)).await,
                }
            });
        }
    });
    (url, log)
}

/// Checks `SocialFlow-Signature` the way docs/integrations.md tells
/// receivers to: HMAC-SHA256(secret, "<t>.<body>"), a recent `t`.
fn verify(secret: &str, r: &Received) {
    let header = r.header("SocialFlow-Signature").expect("signed");
    let (t, v1) = header.split_once(",v1=").expect("t=…,v1=…");
    let t = t.strip_prefix("t=").expect("t first");
    let signed = [t.as_bytes(), b".", &r.body].concat();
    assert_eq!(
        v1,
        socialflow_crypto::hmac_sha256_hex(secret.as_bytes(), &signed),
        "the signature verifies with the endpoint's secret"
    );
    assert_ne!(
        v1,
        socialflow_crypto::hmac_sha256_hex(b"whsec_wrong", &signed)
    );
    let age = time::OffsetDateTime::now_utc().unix_timestamp() - t.parse::<i64>().unwrap();
    assert!((-5..300).contains(&age), "a fresh timestamp: {age} s old");
}

// ---- The cluster ------------------------------------------------------------

struct Cluster {
    env: Vec<(String, String)>,
    dir: PathBuf,
    _tmp: tempfile::TempDir,
    _db: ScratchDatabase,
    fake: FakeGraph,
    account: socialflow_fake_graph::SeededAccount,
    _graph: socialflow_fake_graph::RunningFakeGraph,
    http: reqwest::Client,
    base: String,
    token: String,
    server: Option<Proc>,
}

impl Cluster {
    fn command(&self, args: &[&str], data_dir: &str) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("SOCIALFLOW_DATA_DIR", self.dir.join(data_dir));
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    fn spawn(&self, name: &str, args: &[&str], extra: &[(&str, String)]) -> Proc {
        let log = self.dir.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let mut c = self.command(args, name);
        for (k, v) in extra {
            c.env(k, v);
        }
        let child = c
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap();
        Proc { child, log }
    }

    fn run(&self, args: &[&str], input: &str) -> String {
        use std::io::Write;
        let mut child = self
            .command(args, "cli")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "socialflow {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// MariaDB, the fake Instagram with its account connected, a server
    /// (no worker) and alice's API token.
    async fn start() -> Cluster {
        let db = ScratchDatabase::create(&ScratchDatabase::server_url())
            .await
            .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
        let fake = FakeGraph::new(FakeGraphConfig::default());
        let graph = fake.start().await.unwrap();
        let account = fake.seed_demo();
        fake.consent_as(&account);
        let graph_url = graph.base_url.clone();
        let tmp = tempfile::tempdir().unwrap();
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut c = Cluster {
            env: Vec::new(),
            dir: tmp.path().to_path_buf(),
            _tmp: tmp,
            _db: db,
            fake,
            account,
            _graph: graph,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.clone(),
            token: String::new(),
            server: None,
        };
        let key = c.run(&["keys", "generate"], "").trim().to_string();
        c.env = vec![
            ("SOCIALFLOW_DATABASE_URL".into(), c._db.url.clone()),
            ("SOCIALFLOW_MASTER_KEY".into(), key),
            (
                "SOCIALFLOW_MEDIA_DIR".into(),
                c.dir.join("media").display().to_string(),
            ),
            ("SOCIALFLOW_PUBLIC_URL".into(), base.clone()),
            ("SOCIALFLOW_GRAPH_BASE_URL".into(), graph_url.clone()),
            (
                "SOCIALFLOW_INSTAGRAM_OAUTH_BASE_URL".into(),
                graph_url.clone(),
            ),
            ("SOCIALFLOW_INSTAGRAM_APP_ID".into(), "fake-app-id".into()),
            (
                "SOCIALFLOW_INSTAGRAM_APP_SECRET".into(),
                "fake-app-secret".into(),
            ),
            ("SOCIALFLOW_LOG".into(), "info".into()),
            // The receiver is on loopback, over http.
            ("SOCIALFLOW_WEBHOOKS_ALLOW_PRIVATE".into(), "true".into()),
            ("SOCIALFLOW_WEBHOOKS_ALLOW_HTTP".into(), "true".into()),
            // The shortest lease: the kill test waits for it to run out.
            ("SOCIALFLOW_WEBHOOKS_LEASE_SECS".into(), "15".into()),
        ];
        c.run(&["migrate"], "");
        c.run(&["user", "add", "alice"], &format!("{PASSWORD}\n"));
        c.token = c.run(&["token", "create", "alice"], "").trim().to_string();
        let server = c.spawn(
            "server",
            &["serve", "--no-worker"],
            &[("SOCIALFLOW_LISTEN", format!("127.0.0.1:{port}"))],
        );
        c.wait_healthy(&server).await;
        c.server = Some(server);
        c
    }

    async fn wait_healthy(&self, proc: &Proc) {
        for _ in 0..600 {
            if let Ok(r) = self.http.get(format!("{}/healthz", self.base)).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("never healthy:\n{}", proc.output());
    }

    fn worker(&self, name: &str) -> Proc {
        self.spawn(name, &["worker"], &[])
    }

    async fn api(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Connects the fake's account through the OAuth dialog; its id.
    async fn connect_account(&self) -> String {
        let browser = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap();
        let base = &self.base;
        let page = browser.get(format!("{base}/login")).send().await.unwrap();
        let csrf = csrf_in(&page.text().await.unwrap()).unwrap();
        let resp = browser
            .post(format!("{base}/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "alice"),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303);
        let start = browser
            .get(format!("{base}/oauth/instagram/start"))
            .send()
            .await
            .unwrap();
        let authorize = start.headers()["location"].to_str().unwrap().to_string();
        let back = self.http.get(&authorize).send().await.unwrap();
        let callback = back.headers()["location"].to_str().unwrap().to_string();
        let done = browser.get(&callback).send().await.unwrap();
        assert_eq!(done.status(), 303);
        let (_, accounts) = self.api(reqwest::Method::GET, "/accounts", None).await;
        accounts[0]["id"].as_str().unwrap().to_string()
    }

    /// An endpoint for `url` wanting `events`; (its id, its secret).
    async fn endpoint(&self, url: &str, events: &[&str]) -> (String, String) {
        let (status, created) = self
            .api(
                reqwest::Method::POST,
                "/webhook-endpoints",
                Some(json!({"url": url, "events": events, "description": "proof"})),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let secret = created["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("whsec_"));
        (
            created["endpoint"]["id"].as_str().unwrap().to_string(),
            secret,
        )
    }

    /// A photo post due in `secs` seconds; its id.
    async fn post_in(&self, account: &str, secs: i64) -> String {
        let media_root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/media");
        let form = Form::new().part(
            "file",
            Part::bytes(std::fs::read(media_root.join("portrait-4x5.jpg")).unwrap())
                .file_name("portrait-4x5.jpg"),
        );
        let upload = self
            .http
            .post(format!("{}/api/v1/media", self.base))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(upload.status(), 201);
        let media: Value = upload.json().await.unwrap();
        let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(secs);
        let (status, post) = self
            .api(
                reqwest::Method::POST,
                "/posts",
                Some(json!({
                    "account_id": account,
                    "kind": "post",
                    "media_ids": [media["id"]],
                    "caption": "Webhook proof",
                    "scheduled_at": at.format(&time::format_description::well_known::Rfc3339).unwrap(),
                })),
            )
            .await;
        assert_eq!(status, 201, "{post}");
        post["post"]["id"].as_str().unwrap().to_string()
    }
}

/// Waits until `log` holds `n` requests of `kind`.
async fn wait_for(
    log: &Log,
    kind: &str,
    n: usize,
    secs: u64,
    why: &dyn Fn() -> String,
) -> Vec<Received> {
    for _ in 0..secs * 4 {
        let got: Vec<Received> = log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.json()["type"] == kind)
            .cloned()
            .collect();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("fewer than {n} {kind} in {secs} s\n{}", why());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_published_reaches_a_real_receiver_signed_and_is_retried_with_the_same_body() {
    let c = Cluster::start().await;
    let (url, log) = receiver(|n| {
        if n == 0 {
            Answer::Status(500)
        } else {
            Answer::Status(204)
        }
    })
    .await;
    let account = c.connect_account().await;
    let (endpoint, secret) = c.endpoint(&url, &["post.published", "post.failed"]).await;
    let worker = c.worker("worker");
    let post = c.post_in(&account, 2).await;

    // First attempt answered 500, then the retry (about 15-30 s later).
    let got = wait_for(&log, "post.published", 2, 90, &|| worker.output()).await;
    let (first, retry) = (&got[0], &got[1]);
    verify(&secret, first);
    verify(&secret, retry);
    assert_eq!(retry.body, first.body, "a retry sends the same body bytes");
    let event = first.json();
    let id = event["id"].as_str().unwrap();
    assert!(id.starts_with("evt_"));
    assert_eq!(first.header("SocialFlow-Event-Id"), Some(id));
    assert_eq!(retry.header("SocialFlow-Event-Id"), Some(id));
    assert_eq!(
        first.header("SocialFlow-Event-Type"),
        Some("post.published")
    );
    // What was published on (fake) Instagram is what the event says.
    let published = c.fake.published_media(&c.account);
    assert_eq!(published.len(), 1);
    let data = &event["data"];
    assert_eq!(data["post_id"], post);
    assert_eq!(data["account_id"], account);
    assert_eq!(data["media_id"], published[0].id.as_str());
    assert_eq!(data["permalink"], published[0].permalink.as_str(), "{data}");

    // The delivery log says so too.
    let mut delivered = Value::Null;
    for _ in 0..40 {
        let (status, log) = c
            .api(
                reqwest::Method::GET,
                &format!("/webhook-endpoints/{endpoint}/deliveries"),
                None,
            )
            .await;
        assert_eq!(status, 200);
        if log[0]["state"] == "delivered" {
            delivered = log[0].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(delivered["event_id"], id, "{delivered}");
    assert_eq!(delivered["attempts"], 2);
    assert_eq!(delivered["status_code"], 204);
    assert_eq!(delivered["event_type"], "post.published");

    // Redeliver: a new delivery of the same event, same id and body.
    let (status, again) = c
        .api(
            reqwest::Method::POST,
            &format!(
                "/webhook-deliveries/{}/redeliver",
                delivered["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(status, 202, "{again}");
    let got = wait_for(&log, "post.published", 3, 30, &|| worker.output()).await;
    assert_eq!(got[2].body, first.body);
    verify(&secret, &got[2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_delivery_still_delivers_exactly_one_event_id() {
    let c = Cluster::start().await;
    // The first request is held open (the worker is killed while waiting);
    // every later one is answered.
    let (url, log) = receiver(|n| {
        if n == 0 {
            Answer::Hang
        } else {
            Answer::Status(200)
        }
    })
    .await;
    let account = c.connect_account().await;
    let (endpoint, secret) = c.endpoint(&url, &["post.published"]).await;
    let mut first_worker = c.worker("worker-1");
    c.post_in(&account, 2).await;

    // The event was recorded and its delivery is in flight: kill -9.
    wait_for(&log, "post.published", 1, 60, &|| first_worker.output()).await;
    first_worker.child.kill().unwrap(); // SIGKILL
    first_worker.child.wait().unwrap();

    // A new worker takes the delivery over once the lease (15 s) ran out.
    let second_worker = c.worker("worker-2");
    let got = wait_for(&log, "post.published", 2, 90, &|| second_worker.output()).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let all: Vec<Received> = log.lock().unwrap().clone();
    let mut ids: Vec<String> = all
        .iter()
        .map(|r| r.json()["id"].as_str().unwrap().to_string())
        .collect();
    // The receiver saw the event twice only because its first answer was
    // never given; de-duplicated by id there is exactly one event.
    assert_eq!(all.len(), 2, "{all:?}");
    ids.dedup();
    assert_eq!(ids.len(), 1, "one event id");
    assert_eq!(got[0].body, got[1].body, "the same body bytes");
    verify(&secret, &got[1]);
    let (_, deliveries) = c
        .api(
            reqwest::Method::GET,
            &format!("/webhook-endpoints/{endpoint}/deliveries"),
            None,
        )
        .await;
    assert_eq!(deliveries.as_array().unwrap().len(), 1, "{deliveries}");
    assert_eq!(deliveries[0]["state"], "delivered", "{deliveries}");
}
