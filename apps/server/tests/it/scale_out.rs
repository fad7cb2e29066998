//! Scale-out as deployed: two `socialflow serve --no-worker` processes and
//! two `socialflow worker` processes, all against one MariaDB, with the fake
//! Instagram over HTTP. Posts are created through both servers; every one is
//! published exactly once, and a session started on one server works (and
//! ends) on the other. And a worker killed with SIGKILL mid-publish: a new
//! one resumes every post within a minute, each exactly once and complete.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::csrf_in;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
use socialflow_sql::ScratchDatabase;

const BIN: &str = env!("CARGO_BIN_EXE_socialflow");
const PASSWORD: &str = "a long enough passphrase";
const POSTS: usize = 40;
const METRICS_TOKEN: &str = "scrape-me";

/// A child process killed when the test ends, with its output in a file.
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

struct Cluster {
    env: Vec<(String, String)>,
    dir: PathBuf,
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

    fn spawn(&self, name: &str, args: &[&str], listen: (&str, u16)) -> Proc {
        let log = self.dir.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let mut c = self.command(args, name);
        c.env(listen.0, format!("127.0.0.1:{}", listen.1));
        let child = c
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap();
        Proc { child, log }
    }

    /// Runs a command to completion with `input` on standard input.
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
}

async fn wait_healthy(http: &reqwest::Client, base: &str, proc: &Proc) {
    for _ in 0..600 {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{base} never became healthy:\n{}", proc.output());
}

fn cookie_value(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers().get_all("set-cookie").iter().find_map(|v| {
        v.to_str()
            .ok()?
            .strip_prefix(&format!("{name}="))
            .map(|s| s.split(';').next().unwrap_or_default().to_string())
    })
}

/// Logs in on `base` with a browser-like client; returns the session cookie.
async fn log_in(c: &reqwest::Client, base: &str) -> String {
    let page = c.get(format!("{base}/login")).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap()).unwrap();
    let resp = c
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
    assert_eq!(resp.status(), 303, "login on {base}");
    cookie_value(&resp, "sf_session").expect("a session cookie")
}

fn fixture(name: &str) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/media");
    std::fs::read(root.join(name)).unwrap()
}

/// The value of an unlabelled metric in a Prometheus text page.
fn metric(page: &str, name: &str) -> f64 {
    page.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in:\n{page}"))
}

async fn scrape(http: &reqwest::Client, port: u16) -> String {
    let resp = http
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.text().await.unwrap()
}

/// Connects the fake's Instagram account through the OAuth dialog started
/// on `oauth_base` (signed in as `browser`); its id, read from `api_base`.
async fn connect_account(
    browser: &reqwest::Client,
    http: &reqwest::Client,
    oauth_base: &str,
    api_base: &str,
    token: &str,
) -> String {
    let start = browser
        .get(format!("{oauth_base}/oauth/instagram/start"))
        .send()
        .await
        .unwrap();
    let authorize = start.headers()["location"].to_str().unwrap().to_string();
    let back = http.get(&authorize).send().await.unwrap();
    let callback = back.headers()["location"].to_str().unwrap().to_string();
    let done = browser.get(&callback).send().await.unwrap();
    assert_eq!(done.status(), 303, "{}", done.text().await.unwrap());
    let accounts: Value = http
        .get(format!("{api_base}/api/v1/accounts"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    accounts[0]["id"].as_str().unwrap().to_string()
}

/// Uploads the 4:5 photo through `base`; the media id.
async fn upload_photo(http: &reqwest::Client, base: &str, token: &str) -> String {
    let form = Form::new().part(
        "file",
        Part::bytes(fixture("portrait-4x5.jpg")).file_name("portrait-4x5.jpg"),
    );
    let upload = http
        .post(format!("{base}/api/v1/media"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 201, "{}", upload.text().await.unwrap());
    let media: Value = upload.json().await.unwrap();
    media["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_and_two_workers_share_one_mariadb() {
    let db = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let graph = fake.start().await.unwrap();
    let account = fake.seed_demo();
    fake.consent_as(&account);

    let tmp = tempfile::tempdir().unwrap();
    let (port_a, port_b) = (free_port(), free_port());
    let (a, b) = (
        format!("http://127.0.0.1:{port_a}"),
        format!("http://127.0.0.1:{port_b}"),
    );
    let media_dir = tmp.path().join("media");
    let mut cluster = Cluster {
        env: Vec::new(),
        dir: tmp.path().to_path_buf(),
    };
    let key = cluster.run(&["keys", "generate"], "").trim().to_string();
    cluster.env = vec![
        ("SOCIALFLOW_DATABASE_URL".into(), db.url.clone()),
        ("SOCIALFLOW_MASTER_KEY".into(), key),
        (
            "SOCIALFLOW_MEDIA_DIR".into(),
            media_dir.display().to_string(),
        ),
        // Both servers sit behind one public address, as behind Traefik.
        ("SOCIALFLOW_PUBLIC_URL".into(), a.clone()),
        ("SOCIALFLOW_GRAPH_BASE_URL".into(), graph.base_url.clone()),
        (
            "SOCIALFLOW_INSTAGRAM_OAUTH_BASE_URL".into(),
            graph.base_url.clone(),
        ),
        ("SOCIALFLOW_INSTAGRAM_APP_ID".into(), "fake-app-id".into()),
        (
            "SOCIALFLOW_INSTAGRAM_APP_SECRET".into(),
            "fake-app-secret".into(),
        ),
        ("SOCIALFLOW_LOG".into(), "info".into()),
        ("SOCIALFLOW_METRICS_TOKEN".into(), METRICS_TOKEN.into()),
    ];
    cluster.run(&["migrate"], "");
    cluster.run(&["user", "add", "alice"], &format!("{PASSWORD}\n"));
    let token = cluster
        .run(&["token", "create", "alice"], "")
        .trim()
        .to_string();

    let (metrics_1, metrics_2) = (free_port(), free_port());
    let server_a = cluster.spawn(
        "server-a",
        &["serve", "--no-worker"],
        ("SOCIALFLOW_LISTEN", port_a),
    );
    let server_b = cluster.spawn(
        "server-b",
        &["serve", "--no-worker"],
        ("SOCIALFLOW_LISTEN", port_b),
    );
    // Each worker serves its own metrics (its counters live in its process).
    let worker_1 = cluster.spawn(
        "worker-1",
        &["worker"],
        ("SOCIALFLOW_WORKER_METRICS_LISTEN", metrics_1),
    );
    let worker_2 = cluster.spawn(
        "worker-2",
        &["worker"],
        ("SOCIALFLOW_WORKER_METRICS_LISTEN", metrics_2),
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    wait_healthy(&http, &a, &server_a).await;
    wait_healthy(&http, &b, &server_b).await;
    wait_healthy(&http, &format!("http://127.0.0.1:{metrics_1}"), &worker_1).await;
    wait_healthy(&http, &format!("http://127.0.0.1:{metrics_2}"), &worker_2).await;

    // A session started on server A is honoured by server B.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let session = log_in(&browser, &a).await;
    let settings_b = http
        .get(format!("{b}/settings"))
        .header("cookie", format!("sf_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(settings_b.status(), 200, "server B knows A's session");

    // Connect the Instagram account on server A through the OAuth dialog.
    let account_id = connect_account(&browser, &http, &a, &b, &token).await;

    // Upload once through server B; the media directory is shared.
    let media_id = upload_photo(&http, &b, &token).await;

    // Posts through both servers, due within a few seconds of each other.
    let due = time::OffsetDateTime::now_utc() + time::Duration::seconds(8);
    for i in 0..POSTS {
        let server = if i % 2 == 0 { &a } else { &b };
        let at = due + time::Duration::milliseconds(250 * i as i64);
        let resp = http
            .post(format!("{server}/api/v1/posts"))
            .bearer_auth(&token)
            .json(&json!({
                "account_id": account_id,
                "kind": "post",
                "media_ids": [media_id],
                "caption": format!("Scale-out post {i}"),
                "scheduled_at": at.format(&time::format_description::well_known::Rfc3339).unwrap(),
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    }

    // Wait for the workers.
    let mut states = Vec::new();
    for _ in 0..240 {
        let list: Value = http
            .get(format!("{a}/api/v1/posts?limit=1000"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        states = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["state"].as_str().unwrap().to_string())
            .collect();
        if states.iter().all(|s| s == "published" || s == "failed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(states.len(), POSTS);
    assert!(
        states.iter().all(|s| s == "published"),
        "{states:?}\nworker 1:\n{}\nworker 2:\n{}",
        worker_1.output(),
        worker_2.output()
    );

    // Exactly once on Instagram.
    let on_instagram = fake.published_media(&account);
    let mut captions: Vec<_> = on_instagram.iter().map(|m| m.caption.clone()).collect();
    captions.sort();
    captions.dedup();
    assert_eq!(on_instagram.len(), POSTS, "no post twice, none lost");
    assert_eq!(captions.len(), POSTS);
    // The workers' own metrics agree: each post was published by one
    // process, and each publication's lag was observed once.
    let (page_1, page_2) = (
        scrape(&http, metrics_1).await,
        scrape(&http, metrics_2).await,
    );
    let (one, two) = (
        metric(&page_1, "socialflow_posts_published_total"),
        metric(&page_2, "socialflow_posts_published_total"),
    );
    assert_eq!(one + two, POSTS as f64, "worker 1: {one}, worker 2: {two}");
    let lags = metric(&page_1, "socialflow_publish_lag_seconds_count")
        + metric(&page_2, "socialflow_publish_lag_seconds_count");
    assert_eq!(lags, POSTS as f64);
    // Which worker claims the posts is up to the race (a claim takes up to
    // 500 due posts at once, so one worker may take them all); whoever
    // published must have counted its Instagram calls.
    for (published, page) in [(one, &page_1), (two, &page_2)] {
        if published > 0.0 {
            assert!(
                page.contains("socialflow_instagram_calls_total{operation="),
                "{page}"
            );
        }
    }
    let refused = http
        .get(format!("http://127.0.0.1:{metrics_1}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "worker metrics need the token");
    println!("published by worker 1: {one}, by worker 2: {two}");

    // Logging out on server B ends the session on server A too.
    let page = http
        .get(format!("{b}/settings"))
        .header("cookie", format!("sf_session={session}"))
        .send()
        .await
        .unwrap();
    let csrf_cookie = cookie_value(&page, "sf_csrf").unwrap();
    let csrf = csrf_in(&page.text().await.unwrap()).unwrap();
    let out = http
        .post(format!("{b}/logout"))
        .header(
            "cookie",
            format!("sf_session={session}; sf_csrf={csrf_cookie}"),
        )
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let after = http
        .get(format!("{a}/settings"))
        .header("cookie", format!("sf_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 303, "the session ended everywhere");

    drop((server_a, server_b, worker_1, worker_2));
    db.drop_database().await.unwrap();
}

/// Issue 14: `kill -9` of the only worker while Instagram has carried out
/// every publish call but answered none. A new worker process resumes them:
/// every post published exactly once, with its media id, permalink and
/// first comment, less than 60 s after the kill.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_publish_is_resumed_within_a_minute() {
    const POSTS: usize = 35;
    let db = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let graph = fake.start().await.unwrap();
    // 50 older posts on the account already.
    let account = fake.seed_demo();
    fake.consent_as(&account);
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut cluster = Cluster {
        env: Vec::new(),
        dir: tmp.path().to_path_buf(),
    };
    let key = cluster.run(&["keys", "generate"], "").trim().to_string();
    cluster.env = vec![
        ("SOCIALFLOW_DATABASE_URL".into(), db.url.clone()),
        ("SOCIALFLOW_MASTER_KEY".into(), key),
        (
            "SOCIALFLOW_MEDIA_DIR".into(),
            tmp.path().join("media").display().to_string(),
        ),
        ("SOCIALFLOW_PUBLIC_URL".into(), base.clone()),
        ("SOCIALFLOW_GRAPH_BASE_URL".into(), graph.base_url.clone()),
        (
            "SOCIALFLOW_INSTAGRAM_OAUTH_BASE_URL".into(),
            graph.base_url.clone(),
        ),
        ("SOCIALFLOW_INSTAGRAM_APP_ID".into(), "fake-app-id".into()),
        (
            "SOCIALFLOW_INSTAGRAM_APP_SECRET".into(),
            "fake-app-secret".into(),
        ),
        ("SOCIALFLOW_LOG".into(), "info".into()),
    ];
    cluster.run(&["migrate"], "");
    cluster.run(&["user", "add", "alice"], &format!("{PASSWORD}\n"));
    let token = cluster
        .run(&["token", "create", "alice"], "")
        .trim()
        .to_string();
    let server = cluster.spawn(
        "server",
        &["serve", "--no-worker"],
        ("SOCIALFLOW_LISTEN", port),
    );
    let (metrics_1, metrics_2) = (free_port(), free_port());
    let worker_1 = cluster.spawn(
        "worker-1",
        &["worker"],
        ("SOCIALFLOW_WORKER_METRICS_LISTEN", metrics_1),
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    wait_healthy(&http, &base, &server).await;
    wait_healthy(&http, &format!("http://127.0.0.1:{metrics_1}"), &worker_1).await;

    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    log_in(&browser, &base).await;
    let account_id = connect_account(&browser, &http, &base, &base, &token).await;
    let media_id = upload_photo(&http, &base, &token).await;

    // Instagram carries out every publish call but answers none of them.
    fake.faults()
        .slow_answers("media_publish", Duration::from_secs(3600));
    let due = time::OffsetDateTime::now_utc() + time::Duration::seconds(5);
    for i in 0..POSTS {
        let resp = http
            .post(format!("{base}/api/v1/posts"))
            .bearer_auth(&token)
            .json(&json!({
                "account_id": account_id,
                "kind": "post",
                "media_ids": [media_id],
                "caption": format!("Crash post {i}"),
                "first_comment": format!("First comment {i}"),
                "scheduled_at": due.format(&time::format_description::well_known::Rfc3339).unwrap(),
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    }
    for _ in 0..600 {
        if fake.published_media(&account).len() == POSTS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        fake.published_media(&account).len(),
        POSTS,
        "every publish call reached Instagram:\n{}",
        worker_1.output()
    );
    // kill -9 mid-publish: every post is `publishing`, none has its answer.
    let mut worker_1 = worker_1;
    worker_1.child.kill().unwrap();
    let killed_at = time::OffsetDateTime::now_utc();
    let _ = worker_1.child.wait();
    fake.faults().clear();
    let worker_2 = cluster.spawn(
        "worker-2",
        &["worker"],
        ("SOCIALFLOW_WORKER_METRICS_LISTEN", metrics_2),
    );

    let mut posts = Vec::new();
    for _ in 0..180 {
        let list: Value = http
            .get(format!("{base}/api/v1/posts?limit=1000"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        posts = list.as_array().unwrap().clone();
        let finished = |p: &Value| {
            p["state"] != "publishing" && p["ig_media_id"].is_string() && p["permalink"].is_string()
        };
        if posts.len() == POSTS && posts.iter().all(finished) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let on_instagram = fake.published_media(&account);
    assert_eq!(on_instagram.len(), POSTS, "none published twice");
    // A post shows its permalink before its first comment is sent (the
    // follow-up step saves the "tried" mark first), so wait for the comment
    // calls before counting them.
    let comment_calls = |requests: &[socialflow_fake_graph::RecordedRequest]| {
        on_instagram
            .iter()
            .map(|m| {
                requests
                    .iter()
                    .filter(|r| {
                        r.method == "POST" && r.path.ends_with(&format!("/{}/comments", m.id))
                    })
                    .count()
            })
            .collect::<Vec<_>>()
    };
    for _ in 0..100 {
        if comment_calls(&fake.requests()).iter().all(|&n| n >= 1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let requests = fake.requests();
    let mut last = time::Duration::ZERO;
    let mut first = time::Duration::MAX;
    for p in &posts {
        let caption = p["caption"].as_str().unwrap();
        let ig = on_instagram
            .iter()
            .find(|m| m.caption == caption)
            .unwrap_or_else(|| panic!("{caption} is not on Instagram"));
        assert_eq!(
            (
                p["state"].as_str(),
                p["ig_media_id"].as_str(),
                p["permalink"].as_str()
            ),
            (
                Some("published"),
                Some(ig.id.as_str()),
                Some(ig.permalink.as_str())
            ),
            "{p}\nworker 2:\n{}",
            worker_2.output()
        );
        let comments = requests
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(&format!("/{}/comments", ig.id)))
            .count();
        assert_eq!(comments, 1, "{caption}: first comments sent");
        let published_at = time::OffsetDateTime::parse(
            p["published_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        last = last.max(published_at - killed_at);
        first = first.min(published_at - killed_at);
    }
    println!(
        "kill -9 mid-publish: {} of {POSTS} posts resumed, each once with media id, permalink and first comment, {:.1}–{:.1} s after the kill",
        posts.len(),
        first.as_seconds_f64(),
        last.as_seconds_f64()
    );
    assert!(
        last < time::Duration::seconds(60),
        "resumed {:.1} s after the kill",
        last.as_seconds_f64()
    );
    drop((server, worker_2));
    db.drop_database().await.unwrap();
}

/// The lease owners of the automation jobs being worked on, and how many
/// each holds.
async fn automation_leases(db: &ScratchDatabase) -> Vec<(String, i64)> {
    use sqlx::Row;
    let store = db.store().await.unwrap();
    let rows = sqlx::query(
        "SELECT lease_owner, COUNT(*) AS n FROM automation_jobs \
         WHERE lease_owner IS NOT NULL GROUP BY lease_owner",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let out = rows
        .iter()
        .map(|r| (r.get::<String, _>("lease_owner"), r.get::<i64, _>("n")))
        .collect();
    store.pool().close().await;
    out
}

/// Issue 19: two `socialflow worker` processes answer comments that arrive
/// as signed webhooks (through a `serve --no-worker`), and the one holding
/// the most jobs is killed with SIGKILL while Instagram has taken its public
/// replies but not answered them. The other takes its jobs over once their
/// leases run out and looks before it sends: every comment ends with exactly
/// one public and one private reply — none twice, none lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_one_killed_mid_run_answer_every_comment_exactly_once() {
    const COMMENTS: usize = 40;
    let db = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let graph = fake.start().await.unwrap();
    let account = fake.seed_demo();
    fake.consent_as(&account);
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut cluster = Cluster {
        env: Vec::new(),
        dir: tmp.path().to_path_buf(),
    };
    let key = cluster.run(&["keys", "generate"], "").trim().to_string();
    cluster.env = vec![
        ("SOCIALFLOW_DATABASE_URL".into(), db.url.clone()),
        ("SOCIALFLOW_MASTER_KEY".into(), key),
        (
            "SOCIALFLOW_MEDIA_DIR".into(),
            tmp.path().join("media").display().to_string(),
        ),
        ("SOCIALFLOW_PUBLIC_URL".into(), base.clone()),
        ("SOCIALFLOW_GRAPH_BASE_URL".into(), graph.base_url.clone()),
        (
            "SOCIALFLOW_INSTAGRAM_OAUTH_BASE_URL".into(),
            graph.base_url.clone(),
        ),
        ("SOCIALFLOW_INSTAGRAM_APP_ID".into(), "fake-app-id".into()),
        (
            "SOCIALFLOW_INSTAGRAM_APP_SECRET".into(),
            "fake-app-secret".into(),
        ),
        ("SOCIALFLOW_WEBHOOK_VERIFY_TOKEN".into(), "verify-me".into()),
        // A dead worker's jobs are free 15 s after their last action began.
        ("SOCIALFLOW_AUTOMATION_LEASE_SECS".into(), "15".into()),
        ("SOCIALFLOW_LOG".into(), "info".into()),
    ];
    cluster.run(&["migrate"], "");
    cluster.run(&["user", "add", "alice"], &format!("{PASSWORD}\n"));
    let token = cluster
        .run(&["token", "create", "alice"], "")
        .trim()
        .to_string();
    let server = cluster.spawn(
        "server",
        &["serve", "--no-worker"],
        ("SOCIALFLOW_LISTEN", port),
    );
    let (metrics_1, metrics_2) = (free_port(), free_port());
    let workers = [
        cluster.spawn(
            "worker-1",
            &["worker"],
            ("SOCIALFLOW_WORKER_METRICS_LISTEN", metrics_1),
        ),
        cluster.spawn(
            "worker-2",
            &["worker"],
            ("SOCIALFLOW_WORKER_METRICS_LISTEN", metrics_2),
        ),
    ];
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    wait_healthy(&http, &base, &server).await;
    wait_healthy(&http, &format!("http://127.0.0.1:{metrics_1}"), &workers[0]).await;
    wait_healthy(&http, &format!("http://127.0.0.1:{metrics_2}"), &workers[1]).await;

    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    log_in(&browser, &base).await;
    let account_id = connect_account(&browser, &http, &base, &base, &token).await;
    let rule = http
        .post(format!(
            "{base}/api/v1/accounts/{account_id}/automation/rules"
        ))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../fixtures/automation/price-rule.json"),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(rule.status(), 201, "{}", rule.text().await.unwrap());
    fake.register_webhook(&format!("{base}/webhooks/instagram"), "verify-me")
        .await
        .unwrap();

    // Instagram takes every public reply at once but answers 1.5 s later.
    fake.faults()
        .slow_answers("/replies", Duration::from_millis(1_500));
    let media = fake.media_ids(&account).remove(0);
    let comments: Vec<String> = (0..COMMENTS)
        .map(|i| fake.receive_comment(&media, None, &format!("fan_{i}"), "ЦЕНА?"))
        .collect();
    let delivered = fake.flush_webhooks().await;
    assert!(
        delivered.iter().all(|d| d.status == 200),
        "{delivered:?}\n{}",
        server.output()
    );

    // Mid-run: some public replies are on Instagram, unanswered.
    let replied = |c: &String| fake.replies_to(c).len();
    for _ in 0..300 {
        if comments.iter().filter(|c| replied(c) > 0).count() >= 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let leases = automation_leases(&db).await;
    let mut workers = workers;
    let victim = workers
        .iter()
        .position(|w| {
            let pid = format!("worker-{}-", w.child.id());
            leases
                .iter()
                .filter(|(owner, _)| owner.starts_with(&pid))
                .map(|(_, n)| *n)
                .sum::<i64>()
                == leases.iter().map(|(_, n)| *n).max().unwrap_or(0)
        })
        .expect("a worker holds jobs");
    let held: i64 = leases.iter().map(|(_, n)| *n).max().unwrap_or(0);
    assert!(held > 0, "a worker is mid-run: {leases:?}");
    workers[victim].child.kill().unwrap();
    let killed_at = std::time::Instant::now();
    let _ = workers[victim].child.wait();
    fake.faults().clear();
    let survivor = &workers[1 - victim];

    let store = db.store().await.unwrap();
    use socialflow_core::automation::engine::AutomationJobRepo;
    for _ in 0..600 {
        let done = comments
            .iter()
            .all(|c| replied(c) >= 1 && fake.replied_privately(c));
        if done && store.open_job_count().await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took = killed_at.elapsed();
    for c in &comments {
        assert_eq!(
            fake.replies_to(c).len(),
            1,
            "comment {c}: one public reply\nsurvivor:\n{}",
            survivor.output()
        );
        assert!(fake.replied_privately(c), "comment {c}: its private reply");
    }
    let private = fake
        .sent_messages(&account)
        .into_iter()
        .filter(|m| {
            m.text
                .as_deref()
                .is_some_and(|t| t.starts_with("Здравствуйте! Спасибо за интерес"))
        })
        .count();
    assert_eq!(private, COMMENTS, "one private reply per comment");
    assert_eq!(
        store.open_job_count().await.unwrap(),
        0,
        "every job finished"
    );
    println!(
        "kill -9 mid-run: the killed worker held {held} jobs; {COMMENTS} comments answered once each (public and private), all done {:.1} s after the kill",
        took.as_secs_f64()
    );
    store.pool().close().await;
    drop((server, workers));
    db.drop_database().await.unwrap();
}
