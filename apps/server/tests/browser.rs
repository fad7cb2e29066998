//! End to end in a real browser: headless Chromium driven through
//! chromedriver logs in, switches the interface to Kazakh, sees the
//! navigation in Kazakh and logs out. `scripts/test` installs Debian's
//! `chromium` and `chromium-driver`; without them this test fails, it never
//! skips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use socialflow_core::Language;
use support::{PASSWORD, TestApp};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn find(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| p.to_string())
}

async fn start_driver() -> (Driver, String) {
    let chromedriver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        .expect("chromedriver is not installed: run scripts/test, which installs chromium and chromium-driver");
    let port = free_port();
    let driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let url = format!("http://127.0.0.1:{port}");
    // Wait for it to listen (bounded).
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (driver, url);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

#[tokio::test]
async fn log_in_switch_to_kazakh_and_log_out() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let (_driver, driver_url) = start_driver().await;

    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        .expect("chromium is not installed: run scripts/test");
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-US",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver_url)
        .await
        .expect("open a browser session");

    let outcome = async {
        browser.goto(&app.url("/")).await?;
        // Not signed in: the login page.
        assert!(browser.current_url().await?.path().starts_with("/login"));
        browser
            .find(Locator::Id("username"))
            .await?
            .send_keys("alice")
            .await?;
        browser
            .find(Locator::Id("password"))
            .await?
            .send_keys(PASSWORD)
            .await?;
        browser
            .find(Locator::Css("form[action='/login'] button"))
            .await?
            .click()
            .await?;

        browser
            .wait()
            .for_element(Locator::Css("nav a[aria-current='page']"))
            .await?;
        let nav = browser.find(Locator::Css("nav")).await?.text().await?;
        assert!(
            nav.contains("Dashboard") && nav.contains("Settings"),
            "{nav}"
        );

        browser
            .find(Locator::LinkText("Settings"))
            .await?
            .click()
            .await?;
        browser.wait().for_element(Locator::Id("language")).await?;
        browser
            .find(Locator::Css("#language option[value='kk']"))
            .await?
            .click()
            .await?;
        browser
            .find(Locator::Css("form[action='/settings/language'] button"))
            .await?
            .click()
            .await?;

        browser
            .wait()
            .for_element(Locator::LinkText("Баптаулар"))
            .await?;
        let nav = browser.find(Locator::Css("nav")).await?.text().await?;
        for label in [
            "Басқару тақтасы",
            "Контент",
            "Пікірлер",
            "Хабарламалар",
            "Аналитика",
            "Баптаулар",
        ] {
            assert!(nav.contains(label), "missing {label} in {nav}");
        }
        let lang = browser
            .find(Locator::Css("html"))
            .await?
            .attr("lang")
            .await?;
        assert_eq!(lang.as_deref(), Some("kk"));

        browser
            .find(Locator::Css("form.logout button"))
            .await?
            .click()
            .await?;
        browser.wait().for_element(Locator::Id("password")).await?;
        let url = browser.current_url().await?;
        assert_eq!(url.path(), "/login");
        // Back to a protected page: the session is gone.
        browser.goto(&app.url("/settings")).await?;
        assert!(browser.current_url().await?.path().starts_with("/login"));
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");
}
