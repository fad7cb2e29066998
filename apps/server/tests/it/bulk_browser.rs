//! The bulk import in headless Chromium: a CSV with one bad row imports
//! nothing and the page names the row; the corrected file imports on
//! confirm. Screenshots of the preview at 1366×768 and 390×844 go to
//! `target/ui-screenshots/`. Needs `chromium` and `chromium-driver`
//! (`scripts/test` installs them); without them it fails, never skips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use socialflow_core::posts::{MediaClass, PostFilter};
use socialflow_core::{Language, User};

use crate::support::{PASSWORD, TestApp};

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
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (driver, format!("http://127.0.0.1:{port}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

async fn open_browser(driver_url: &str, profile: &std::path::Path) -> fantoccini::Client {
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

async fn post_count(app: &TestApp, user: &User) -> usize {
    app.store
        .list_posts(
            user.id,
            &PostFilter {
                limit: 100,
                ..PostFilter::default()
            },
        )
        .await
        .unwrap()
        .len()
}

const BAD: &str = "account;kind;time;caption;first_comment;media\n\
    shop;post;2026-03-10 09:30;\"Spring sale; today only\";#sale;tree.jpg\n\
    shop;video;2026-03-10 18:00;New arrivals;;coat.jpg\n\
    shop;carousel;2026-03-11 09:30;Looks;;coat.jpg|scarf.jpg\n";

const GOOD: &str = "account;kind;time;caption;first_comment;media\n\
    shop;post;2026-03-10 09:30;\"Spring sale; today only\";#sale;tree.jpg\n\
    shop;post;2026-03-10 18:00;New arrivals;;coat.jpg\n\
    shop;carousel;2026-03-11 09:30;Looks;;coat.jpg|scarf.jpg\n";

/// Chooses `csv` in the page's file input and sends the form; waits for the
/// preview.
async fn check_file(
    browser: &fantoccini::Client,
    dir: &std::path::Path,
    name: &str,
    csv: &str,
) -> Result<(), fantoccini::error::CmdError> {
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    browser
        .find(Locator::Id("import-file"))
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    browser
        .find(Locator::Css(
            "form[action='/content/import/preview'] button",
        ))
        .await?
        .click()
        .await?;
    browser
        .wait()
        .for_element(Locator::Css(".import-table"))
        .await?;
    Ok(())
}

async fn shoot(
    browser: &fantoccini::Client,
    name: &str,
) -> Result<(), fantoccini::error::CmdError> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = browser.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    Ok(())
}

#[tokio::test]
async fn a_csv_with_one_bad_row_imports_nothing_and_the_page_names_the_row() {
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
    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;

    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login?next=/content")).await?;
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
        // From the content list to the import page.
        browser
            .wait()
            .for_element(Locator::Css("a[href='/content/import']"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Id("import-file"))
            .await?;

        check_file(&browser, files.path(), "plan.csv", BAD).await?;
        let bad_row = browser
            .find(Locator::Css("tr#line-3"))
            .await?
            .text()
            .await?;
        assert!(
            bad_row.contains("Line 3, column “kind”: “video” is not a kind of post"),
            "{bad_row}"
        );
        let notice = browser.find(Locator::Css(".notice")).await?.text().await?;
        assert!(
            notice.contains("Nothing was imported: 1 of 3 rows need a fix"),
            "{notice}"
        );
        assert!(
            browser
                .find_all(Locator::Css("form[action='/content/import'] button"))
                .await?
                .is_empty(),
            "no confirm button while a row is bad"
        );
        assert_eq!(post_count(&app, &alice).await, 0, "nothing imported");
        shoot(&browser, "bulk-import-bad-1366").await?;
        browser.set_window_size(390, 844).await?;
        shoot(&browser, "bulk-import-bad-390").await?;
        // The phone layout shows rows as cards: no sideways scrolling.
        let overflow = browser
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth",
                vec![],
            )
            .await?;
        assert_eq!(
            overflow,
            serde_json::json!(false),
            "no horizontal scroll at 390 px"
        );

        // The corrected file: every row ready, then imported on confirm.
        check_file(&browser, files.path(), "fixed.csv", GOOD).await?;
        shoot(&browser, "bulk-import-ready-390").await?;
        browser.set_window_size(1366, 768).await?;
        shoot(&browser, "bulk-import-ready-1366").await?;
        assert_eq!(post_count(&app, &alice).await, 0, "a preview saves nothing");
        browser
            .find(Locator::Css("form[action='/content/import'] button"))
            .await?
            .click()
            .await?;
        // Back on the page with the count (the notice becomes a toast).
        let mut url = browser.current_url().await?;
        for _ in 0..100 {
            if url.query() == Some("imported=3") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            url = browser.current_url().await?;
        }
        assert_eq!(url.query(), Some("imported=3"), "{url}");
        let done = browser.source().await?;
        assert!(done.contains("3 posts imported"));
        assert_eq!(post_count(&app, &alice).await, 3);
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");
}
