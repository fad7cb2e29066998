//! Headless Chromium through chromedriver for the browser tests: start the
//! driver, open a session on its own profile, sign in, take a screenshot.
//! `scripts/test` installs Debian's `chromium` and `chromium-driver`;
//! without them the tests fail, they never skip.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::error::CmdError;
use fantoccini::{ClientBuilder, Locator};

use super::PASSWORD;

/// The chromedriver process, stopped when dropped.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn find(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| Path::new(p).exists())
        .map(|p| p.to_string())
}

/// Starts chromedriver on a free port; returns it with its URL once it
/// listens (bounded wait).
pub async fn start_driver() -> (Driver, String) {
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
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (driver, format!("http://127.0.0.1:{port}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

/// A headless Chromium session on the profile directory `profile`, in
/// English unless a page says otherwise.
pub async fn open_browser(driver_url: &str, profile: &Path) -> fantoccini::Client {
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        .expect("chromium is not installed: run scripts/test");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=en-US",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver_url)
        .await
        .expect("open a browser session")
}

/// Fills the login form on the current page with `username` and the test
/// password, and submits it.
pub async fn sign_in(browser: &fantoccini::Client, username: &str) -> Result<(), CmdError> {
    browser
        .find(Locator::Id("username"))
        .await?
        .send_keys(username)
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
        .await
}

/// Where the browser tests leave their screenshots (`target/ui-screenshots`).
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves the current page as `target/ui-screenshots/<name>.png`.
pub async fn shot(browser: &fantoccini::Client, name: &str) -> Result<(), CmdError> {
    let png = browser.screenshot().await?;
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).unwrap();
    Ok(())
}

/// Saves the page at 1366×768 and at 390×844 as `<dir>/<name>-<width>.png`,
/// asserting that neither width scrolls sideways; leaves the window at
/// 1366×768.
pub async fn shoot_both(
    browser: &fantoccini::Client,
    dir: &Path,
    name: &str,
) -> Result<(), CmdError> {
    for (wd, h) in [(1366, 768), (390, 844)] {
        browser.set_window_size(wd, h).await?;
        let png = browser.screenshot().await?;
        std::fs::write(dir.join(format!("{name}-{wd}.png")), png).unwrap();
        let wide: bool = browser
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth",
                vec![],
            )
            .await?
            .as_bool()
            .unwrap();
        assert!(!wide, "{name}: no sideways scroll at {wd} px");
    }
    browser.set_window_size(1366, 768).await
}

/// Waits (5 s at most) until the page's text holds `want`.
pub async fn wait_for_text(browser: &fantoccini::Client, want: &str) -> Result<(), CmdError> {
    let mut got = String::new();
    for _ in 0..50 {
        got = browser
            .execute("return document.body?.innerText || ''", vec![])
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string();
        if got.contains(want) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(got.contains(want), "waiting for {want:?}: {got}");
    Ok(())
}

/// Signs `who` in afresh (cookies cleared first) at `base` and makes the
/// browser work in workspace `ws` (the switcher's cookie).
pub async fn sign_in_to_workspace(
    browser: &fantoccini::Client,
    base: &str,
    who: &str,
    ws: &str,
) -> Result<(), CmdError> {
    browser.goto(&format!("{base}/")).await?;
    browser.delete_all_cookies().await?;
    browser.goto(&format!("{base}/login")).await?;
    sign_in(browser, who).await?;
    // Signed in once the login page is left (bounded wait).
    for _ in 0..100 {
        if browser.current_url().await?.path() != "/login" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_ne!(
        browser.current_url().await?.path(),
        "/login",
        "{who} signed in"
    );
    browser.wait().for_element(Locator::Css("#main")).await?;
    browser
        .execute(
            "document.cookie = 'sf_ws=' + arguments[0] + '; path=/';",
            vec![ws.into()],
        )
        .await?;
    let cookies: String = browser
        .execute("return document.cookie", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(cookies.contains("sf_ws="), "{cookies}");
    Ok(())
}
