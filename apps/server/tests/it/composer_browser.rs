//! The composer in a real browser (headless Chromium through chromedriver,
//! as `browser.rs`): choose Reel in the kind step (in place: what was typed
//! stays), type a caption and see the counters and the preview follow,
//! insert a hashtag group, pick a trial, save, and find it all stored.
//! Screenshots of every kind at 1366×768 and 390×844 go to
//! `target/ui-screenshots/composer-*.png`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use crate::support::browser::{open_browser, screenshot_dir, sign_in, start_driver};
use crate::support::{TestApp, fixture};
use fantoccini::Locator;
use serde_json::json;
use socialflow_core::Language;
use socialflow_core::posts::{PostKind, TrialStrategy};

#[tokio::test]
async fn choose_reel_type_see_the_preview_and_save() {
    let app = TestApp::builder().library_post_media().spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app.add_account(&alice, "corner_cafe").await;
    let tok = app.api_token(&alice).await;
    let (status, video) = app
        .upload(&tok, "reel.mp4", fixture("reel-h264-aac.mp4"))
        .await;
    assert_eq!(status, 201, "{video}");
    let photo = app.upload_photo(&tok).await;
    let (status, _) = app
        .api_post(
            &tok,
            "/api/v1/snippets",
            json!({"kind": "hashtags", "name": "Coffee tags", "text": "#coffee #roastery"}),
        )
        .await;
    assert_eq!(status, 201);

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let shots = screenshot_dir();

    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css(".shell")).await?;
        browser.goto(&app.url("/content/new?kind=post")).await?;
        browser.wait().for_element(Locator::Id("caption")).await?;

        // Typed before switching kinds: kept.
        browser
            .find(Locator::Id("caption"))
            .await?
            .send_keys("Fresh roast @corner_cafe")
            .await?;
        browser
            .find(Locator::Css("[data-kind-steps] a[data-kind='reel']"))
            .await?
            .click()
            .await?;
        let url = browser.current_url().await?;
        assert_eq!(url.query(), Some("kind=reel"), "switched in place");
        assert!(browser.find(Locator::Id("audio-name")).await?.is_displayed().await?);
        assert!(!browser.find(Locator::Id("alt")).await?.is_displayed().await?);
        let kept = browser.find(Locator::Id("caption")).await?.prop("value").await?;
        assert_eq!(kept.as_deref(), Some("Fresh roast @corner_cafe"));

        // The counters and the preview follow the typing.
        let counts = browser.find(Locator::Id("counts")).await?.text().await?;
        assert!(counts.contains("24/2200") || counts.contains("24 / 2,200") || counts.contains("24"), "{counts}");
        assert!(counts.contains("1/20") || counts.contains("1 / 20") || counts.contains("@"), "{counts}");
        let preview = browser
            .find(Locator::Css(".ig-frame [data-preview-caption]"))
            .await?
            .text()
            .await?;
        assert!(preview.contains("Fresh roast"), "{preview}");

        // One click inserts the hashtag group; the counter counts it.
        browser
            .find(Locator::Css("button[data-insert='hashtags']"))
            .await?
            .click()
            .await?;
        let tags = browser.find(Locator::Id("hashtags")).await?.prop("value").await?;
        assert_eq!(tags.as_deref(), Some("#coffee #roastery"));
        let counts = browser.find(Locator::Id("counts")).await?.text().await?;
        assert!(counts.contains('2'), "{counts}");

        // The video, a trial, an audio name; then save as a draft.
        let video_id = video["id"].as_str().unwrap().to_string();
        browser
            .find(Locator::Css(&format!("label[for='m-{video_id}']")))
            .await?
            .click()
            .await?;
        browser
            .find(Locator::Id("audio-name"))
            .await?
            .send_keys("Roastery sounds")
            .await?;
        browser
            .find(Locator::Css("#trial option[value='SS_PERFORMANCE']"))
            .await?
            .click()
            .await?;
        for (w, h) in [(1366, 768), (390, 844)] {
            browser.set_window_size(w, h).await?;
            std::fs::write(
                shots.join(format!("composer-reel-{w}.png")),
                browser.screenshot().await?,
            )
            .unwrap();
        }
        browser.set_window_size(1366, 768).await?;
        browser
            .find(Locator::Css(".actions button[value='draft']"))
            .await?
            .click()
            .await?;
        for _ in 0..100 {
            if !browser.current_url().await?.path().starts_with("/content/new") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // Every other kind, for the screenshots (the photo chosen).
        for kind in ["post", "carousel", "story"] {
            browser
                .goto(&app.url(&format!("/content/new?kind={kind}&media={photo}")))
                .await?;
            browser.wait().for_element(Locator::Id("composer")).await?;
            if kind != "story" {
                browser
                    .find(Locator::Id("caption"))
                    .await?
                    .send_keys("Our new single origin is here: bright, sweet and a little floral. Come taste it at the bar this weekend, or order beans online. #coffee #roastery")
                    .await?;
            }
            for (w, h) in [(1366, 768), (390, 844)] {
                browser.set_window_size(w, h).await?;
                std::fs::write(
                    shots.join(format!("composer-{kind}-{w}.png")),
                    browser.screenshot().await?,
                )
                .unwrap();
            }
            browser.set_window_size(1366, 768).await?;
        }
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();

    let posts = app
        .state
        .posts
        .list(alice.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(posts.len(), 1);
    let c = &posts[0].content;
    assert_eq!(c.kind, PostKind::Reel);
    assert_eq!(c.account_id, account);
    assert_eq!(c.caption, "Fresh roast @corner_cafe");
    assert_eq!(c.hashtags, "#coffee #roastery");
    assert_eq!(c.options.audio_name.as_deref(), Some("Roastery sounds"));
    assert_eq!(c.options.trial, Some(TrialStrategy::Performance));
}
