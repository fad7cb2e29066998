//! Fresh inbox data in a real browser (headless Chromium): with the
//! comments page open, a signed webhook delivers a comment; the page's
//! `inbox-live.js` hears it on the event stream, shows "1 new … — Show",
//! and Show brings the comment in without reloading the page. Screenshots
//! at 1366×768 and 390×844 go to `target/ui-screenshots/live-*.png`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use serde_json::json;
use socialflow_core::Language;

use crate::support::browser::{open_browser, shot, sign_in, start_driver};
use crate::support::{META_SECRET, TestApp};

async fn deliver(app: &TestApp, body: &str) {
    let r = reqwest::Client::new()
        .post(app.url("/webhooks/instagram"))
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            socialflow_crypto::sign_webhook(META_SECRET, body.as_bytes()),
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_comment_appears_on_the_open_inbox_without_a_reload() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let shop = app.add_account(&alice, "roastery").await;

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css("#main")).await?;
        browser
            .goto(&app.url(&format!("/inbox?account={shop}")))
            .await?;
        browser
            .wait()
            .for_element(Locator::Css("[data-live-bar][hidden]"))
            .await?;
        let body = browser.find(Locator::Css("#main")).await?.text().await?;
        assert!(!body.contains("Do you ship to Almaty?"));
        // A mark that a reload would wipe.
        browser
            .execute("window.__stayed = 'yes'; return true;", vec![])
            .await?;
        // Let the stream open before the delivery.
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;

        let comment =
            json!({"object":"instagram","entry":[{"id": "ig-roastery", "time": 1718000000,
            "changes":[{"field":"comments","value":{"id":"17900000000000077",
            "text":"Do you ship to Almaty?","from":{"id":"61","username":"webhook_fan"},
            "media":{"id":"17800000000000009"}}}]}]})
            .to_string();
        deliver(&app, &comment).await;
        browser
            .wait()
            .at_most(std::time::Duration::from_secs(15))
            .for_element(Locator::Css("[data-live-bar]:not([hidden])"))
            .await?;
        let bar = browser
            .find(Locator::Css("[data-live-bar]"))
            .await?
            .text()
            .await?;
        assert!(bar.contains("1 new comment or message"), "{bar}");
        shot(&browser, "live-bar-1366").await?;
        browser
            .find(Locator::Css("[data-live-show]"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .at_most(std::time::Duration::from_secs(15))
            .for_element(Locator::XPath(
                "//*[@id='main'][contains(., 'Do you ship to Almaty?')]",
            ))
            .await?;
        let stayed = browser
            .execute("return window.__stayed || 'reloaded';", vec![])
            .await?;
        assert_eq!(stayed, json!("yes"), "shown without a reload");
        // The new page's bar is hidden again until something else arrives.
        browser
            .wait()
            .for_element(Locator::Css("[data-live-bar][hidden]"))
            .await?;

        // At phone width the bar fits without sideways scrolling.
        browser.set_window_size(390, 844).await?;
        let second = comment
            .replace("17900000000000077", "17900000000000078")
            .replace("Do you ship to Almaty?", "And to Shymkent?");
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        deliver(&app, &second).await;
        browser
            .wait()
            .at_most(std::time::Duration::from_secs(15))
            .for_element(Locator::Css("[data-live-bar]:not([hidden])"))
            .await?;
        let wide = browser
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await?;
        assert_eq!(wide, json!(true), "no sideways scroll at 390 px");
        shot(&browser, "live-bar-390").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.unwrap();
}
