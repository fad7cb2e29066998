//! `socialflow serve --demo` as a user starts it: it listens on loopback
//! even when SOCIALFLOW_LISTEN says 0.0.0.0 (as in the Docker image), warns
//! when told to listen wider with `--listen`, and its simulated Instagram
//! has a random app secret, so nobody can forge Meta's deletion callbacks
//! or webhooks with the fake's well-known default.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use socialflow_crypto::{sign_request, sign_webhook};

const BIN: &str = env!("CARGO_BIN_EXE_socialflow");
/// The fake Graph server's default app secret, known to anyone.
const FAKE_DEFAULT_SECRET: &str = "fake-app-secret";
/// The app-scoped id of the seeded demo account.
const DEMO_APP_SCOPED_ID: &str = "27281358591558845";

struct Demo {
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Demo {
    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn spawn(dir: tempfile::TempDir, listen_env: &str, args: &[&str]) -> Demo {
    let log = dir.path().join("demo.log");
    let file = std::fs::File::create(&log).unwrap();
    let child = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SOCIALFLOW_DATA_DIR", data_dir(dir.path()))
        .env("SOCIALFLOW_LISTEN", listen_env)
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
    Demo {
        child,
        log,
        _dir: dir,
    }
}

fn data_dir(p: &Path) -> PathBuf {
    p.join("data")
}

/// Waits until the demo answers on `base` and has printed its password.
async fn wait_ready(http: &reqwest::Client, base: &str, demo: &mut Demo) {
    for _ in 0..1200 {
        if let Ok(Some(status)) = demo.child.try_wait() {
            panic!("the demo exited ({status}):\n{}", demo.output());
        }
        let up = http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if up && demo.output().contains("one-time password") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the demo never became ready:\n{}", demo.output());
}

/// This machine's address on its default route, if it has one.
fn outside_address() -> Option<IpAddr> {
    let s = UdpSocket::bind("0.0.0.0:0").ok()?;
    // Connecting a UDP socket sends nothing; it only picks a route.
    s.connect("192.0.2.1:9").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

fn reachable(ip: IpAddr, port: u16) -> bool {
    TcpStream::connect_timeout(&SocketAddr::new(ip, port), Duration::from_secs(2)).is_ok()
}

#[tokio::test]
async fn the_demo_stays_on_loopback_and_its_secret_cannot_be_guessed() {
    let port = free_port();
    let mut demo = spawn(
        tempfile::tempdir().unwrap(),
        &format!("0.0.0.0:{port}"),
        &["serve", "--demo"],
    );
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    wait_ready(&http, &base, &mut demo).await;
    let out = demo.output();
    assert!(
        out.contains(&format!("listens on 127.0.0.1:{port} only")),
        "{out}"
    );
    match outside_address() {
        Some(ip) => assert!(!reachable(ip, port), "reachable on {ip}:{port}"),
        None => println!("no non-loopback address here; checked loopback only"),
    }

    // A deletion callback signed with the fake's default secret is refused
    // and deletes nothing.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let forged = sign_request(
        FAKE_DEFAULT_SECRET,
        &format!(
            r#"{{"algorithm":"HMAC-SHA256","user_id":"{DEMO_APP_SCOPED_ID}","issued_at":{now}}}"#
        ),
    );
    let r = http
        .post(format!("{base}/meta/data-deletion"))
        .form(&[("signed_request", forged.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "{}", r.text().await.unwrap());

    // So is a webhook delivery.
    let body = br#"{"object":"instagram","entry":[{"id":"17841457215396811","time":1700000000,"changes":[{"field":"comments","value":{"id":"1","media":{"id":"2"},"text":"forged"}}]}]}"#;
    let r = http
        .post(format!("{base}/webhooks/instagram"))
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            sign_webhook(FAKE_DEFAULT_SECRET, body),
        )
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn the_demo_listens_wider_only_when_told_and_then_warns() {
    let port = free_port();
    let mut demo = spawn(
        tempfile::tempdir().unwrap(),
        "127.0.0.1:1",
        &["serve", "--demo", "--listen", &format!("0.0.0.0:{port}")],
    );
    let http = reqwest::Client::new();
    wait_ready(&http, &format!("http://127.0.0.1:{port}"), &mut demo).await;
    let out = demo.output();
    assert!(
        out.contains(&format!(
            "WARNING: the demo listens on 0.0.0.0:{port}, so other machines may reach it"
        )),
        "{out}"
    );
    if let Some(ip) = outside_address() {
        assert!(reachable(ip, port), "not reachable on {ip}:{port}");
    }
}

/// A browser-like client: keeps cookies, follows no redirects.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the first `name="…" value="…"` input.
fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field: {html}"))
        + marker.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

async fn text(http: &reqwest::Client, url: &str) -> String {
    let r = http.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.text().await.unwrap()
}

async fn log_in(base: &str, username: &str, password: &str) -> reqwest::Client {
    let http = browser();
    let csrf = field(&text(&http, &format!("{base}/login")).await, "csrf");
    let r = http
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", username),
            ("password", password),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login of {username}");
    http
}

/// "Connect Instagram", then the link of the simulated dialog whose text
/// contains `choice`, then back to SocialFlow's callback.
async fn connect(http: &reqwest::Client, base: &str, choice: &str) -> reqwest::Response {
    let start = http
        .get(format!("{base}/oauth/instagram/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303);
    let dialog = location(&start);
    let page = http.get(&dialog).send().await.unwrap();
    assert_eq!(page.status(), 200, "the dialog decided alone");
    let page = page.text().await.unwrap();
    assert!(page.contains("A new demo account"), "{page}");
    assert!(page.contains("@demo_roastery"), "{page}");
    let at = page
        .find(choice)
        .unwrap_or_else(|| panic!("no {choice}: {page}"));
    let href_at = page[..at].rfind("href=\"").unwrap() + 6;
    let href = &page[href_at..href_at + page[href_at..].find('"').unwrap()];
    let path = dialog.split('?').next().unwrap();
    let chosen = http
        .get(format!("{path}{}", href.replace("&amp;", "&")))
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 302);
    let back = location(&chosen);
    assert!(
        back.starts_with(&format!("{base}/oauth/instagram/callback?")),
        "{back}"
    );
    let back = back.split('#').next().unwrap();
    http.get(back).send().await.unwrap()
}

/// Syncs the user's only account's comments and returns the post ids the
/// Comments page links to, with the page.
async fn synced_posts(http: &reqwest::Client, base: &str) -> (Vec<String>, String) {
    // The inbox links each comment to its account's comments page, which
    // has the refresh form.
    // A newly connected account's first sync runs in the background: give
    // it a few seconds to bring the comments in.
    let link = "/comments?account=";
    let mut inbox = String::new();
    for _ in 0..100 {
        inbox = text(http, &format!("{base}/inbox")).await;
        if inbox.contains(link) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let at = inbox
        .find(link)
        .unwrap_or_else(|| panic!("a comment linked to its account:\n{inbox}"))
        + link.len();
    let id = &inbox[at..at + 36];
    let page = text(http, &format!("{base}/inbox/posts?account={id}")).await;
    let (csrf, account) = (field(&page, "csrf"), field(&page, "account"));
    let r = http
        .post(format!("{base}/comments/refresh"))
        .form(&[("csrf", csrf.as_str()), ("account", account.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let page = text(http, &format!("{base}{}", location(&r))).await;
    let ids: Vec<String> = page
        .match_indices("&amp;media=")
        .map(|(i, m)| {
            let rest = &page[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect();
    (ids, page)
}

#[tokio::test]
async fn a_second_user_connects_a_new_demo_account_and_sees_its_posts() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(dir.path());
    let mut demo = spawn(dir, &format!("127.0.0.1:{port}"), &["serve", "--demo"]);
    let base = format!("http://127.0.0.1:{port}");
    wait_ready(&reqwest::Client::new(), &base, &mut demo).await;

    // Bob joins the demo.
    let mut add = Command::new(BIN)
        .args(["user", "add", "bob"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SOCIALFLOW_DATA_DIR", &data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"bob's long demo password\n")
        .unwrap();
    let out = add.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let bob = log_in(&base, "bob", "bob's long demo password").await;

    // The demo user's account is taken: Instagram's dialog lets Bob pick it,
    // and SocialFlow says whose it is.
    let taken = connect(&bob, &base, "@demo_roastery<").await;
    assert_eq!(taken.status(), 409);
    assert!(
        taken
            .text()
            .await
            .unwrap()
            .contains("already connected to another SocialFlow user")
    );

    // A new demo account connects.
    let done = connect(&bob, &base, "A new demo account").await;
    assert_eq!(done.status(), 303, "{}", done.text().await.unwrap());
    let to = location(&done);
    assert!(to.contains("notice=connected"), "{to}");
    assert!(to.contains("username=demo_roastery_2"), "{to}");
    let accounts = text(&bob, &format!("{base}/accounts")).await;
    assert!(accounts.contains("demo_roastery_2"), "{accounts}");

    // Bob sees its posts, and they are not the demo user's.
    let (bobs, page) = synced_posts(&bob, &base).await;
    assert!(page.contains("@demo_roastery_2"), "{page}");
    assert!(page.contains("Latte art Friday"), "{page}");
    assert!(bobs.len() >= 10, "{bobs:?}");
    let out = demo.output();
    let password = out
        .split("one-time password: ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_string();
    let first = log_in(&base, "demo", &password).await;
    let (theirs, _) = synced_posts(&first, &base).await;
    assert!(!theirs.is_empty());
    assert!(
        bobs.iter().all(|id| !theirs.contains(id)),
        "{bobs:?} {theirs:?}"
    );
}
