//! The bulk import in headless Chromium: a CSV with one bad row imports
//! nothing and the page names the row; the corrected file imports on
//! confirm. Screenshots of the preview at 1366×768 and 390×844 go to
//! `target/ui-screenshots/`. Needs `chromium` and `chromium-driver`
//! (`scripts/test` installs them); without them it fails, never skips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use socialflow_core::posts::{MediaClass, PostFilter};
use socialflow_core::{Language, User};

use crate::support::TestApp;
use crate::support::browser::{open_browser, shot, sign_in, start_driver};

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
        sign_in(&browser, "alice").await?;
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
        shot(&browser, "bulk-import-bad-1366").await?;
        browser.set_window_size(390, 844).await?;
        shot(&browser, "bulk-import-bad-390").await?;
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
        shot(&browser, "bulk-import-ready-390").await?;
        browser.set_window_size(1366, 768).await?;
        shot(&browser, "bulk-import-ready-1366").await?;
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
