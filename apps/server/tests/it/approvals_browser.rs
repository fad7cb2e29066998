//! Approvals in a real browser (headless Chromium) in a shared workspace:
//! carl (contributor) drafts a post and sends it for review, olga (owner)
//! asks for changes on `/approvals`, carl edits and sends it again, olga
//! approves, and the worker publishes it once through the fake Graph.
//! Screenshots at 1366×768 and 390×844 go to
//! `target/ui-screenshots/approvals/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use socialflow_core::Clock;
use socialflow_core::posts::{PostFilter, PostState};
use time::Duration;

use crate::approvals::TeamWorld;
use crate::support::browser::{
    open_browser, shoot_both, sign_in_to_workspace, start_driver, wait_for_text,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contributor_and_approver_take_a_post_through_review_in_the_browser() {
    let w = TeamWorld::start(None).await;
    let owner = w.workspace.owner();
    let img = w.app.media.add(
        owner,
        socialflow_core::posts::MediaClass::Image,
        "https://media.example/menu.jpg",
    );
    let at = w.app.clock.now() + Duration::hours(3);
    let (date, time) = (
        format!(
            "{:04}-{:02}-{:02}",
            at.year(),
            u8::from(at.month()),
            at.day()
        ),
        format!("{:02}:{:02}", at.hour(), at.minute()),
    );

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/ui-screenshots/approvals");
    std::fs::create_dir_all(&shots).unwrap();
    let ws = w.workspace.to_string();
    let main_text = || {
        let browser = browser.clone();
        async move {
            Ok::<_, fantoccini::error::CmdError>(
                browser
                    .execute(
                        "return document.querySelector('#main')?.innerText || ''",
                        vec![],
                    )
                    .await?
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        }
    };
    let set_value = |id: &'static str, value: String| {
        let browser = browser.clone();
        async move {
            browser
                .execute(
                    "document.getElementById(arguments[0]).value = arguments[1];",
                    vec![id.into(), value.into()],
                )
                .await?;
            Ok::<_, fantoccini::error::CmdError>(())
        }
    };
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        // carl drafts and sends for review.
        sign_in_to_workspace(&browser, &w.app.base, "carl", &ws).await?;
        browser.goto(&w.app.url("/content/new")).await?;
        let send = browser
            .wait()
            .for_element(Locator::Css("button[name=action][value=schedule]"))
            .await?;
        assert_eq!(send.text().await?.trim(), "Send for review");
        assert!(
            browser
                .find(Locator::Css("button[name=action][value=publish]"))
                .await
                .is_err(),
            "a contributor cannot publish now"
        );
        browser
            .find(Locator::Css(&format!("input[name=media][value='{img}']")))
            .await?
            .click()
            .await?;
        browser
            .find(Locator::Id("caption"))
            .await?
            .send_keys("Autumn menu")
            .await?;
        set_value("date", date.clone()).await?;
        set_value("time", time.clone()).await?;
        shoot_both(&browser, &shots, "composer-contributor").await?;
        browser
            .find(Locator::Css("button[name=action][value=schedule]"))
            .await?
            .click()
            .await?;
        wait_for_text(&browser, "Waiting for review").await?;
        shoot_both(&browser, &shots, "post-in-review").await?;
        let posts = w
            .app
            .store
            .list_posts(owner, &PostFilter::default())
            .await
            .unwrap();
        assert_eq!(posts.len(), 1);
        let id = posts[0].id;
        assert_eq!(posts[0].state, PostState::InReview);

        // olga asks for changes from the queue.
        sign_in_to_workspace(&browser, &w.app.base, "olga", &ws).await?;
        browser.goto(&w.app.url("/approvals")).await?;
        wait_for_text(&browser, "Autumn menu").await?;
        let nav = browser
            .find(Locator::Css("a.nav-link[href='/approvals']"))
            .await?
            .text()
            .await?;
        assert!(nav.contains('1'), "the navigation counts it: {nav}");
        assert!(main_text().await?.contains("Sent for review by @carl"));
        shoot_both(&browser, &shots, "approvals-queue").await?;
        browser
            .find(Locator::Css(&format!("#changes-{id}")))
            .await?
            .send_keys("Please add the price")
            .await?;
        browser
            .find(Locator::Css(&format!(
                "form[action='/content/{id}/request-changes'] button"
            )))
            .await?
            .click()
            .await?;
        wait_for_text(&browser, "Changes requested").await?;
        assert_eq!(w.post(id).await.state, PostState::ChangesRequested);

        // carl reads the note, edits and sends it again.
        sign_in_to_workspace(&browser, &w.app.base, "carl", &ws).await?;
        browser.goto(&w.app.url(&format!("/content/{id}"))).await?;
        wait_for_text(&browser, "Please add the price").await?;
        shoot_both(&browser, &shots, "post-changes-requested").await?;
        browser
            .goto(&w.app.url(&format!("/content/{id}/edit")))
            .await?;
        let caption = browser.wait().for_element(Locator::Id("caption")).await?;
        caption.clear().await?;
        caption.send_keys("Autumn menu — 1 500 ₸").await?;
        browser
            .find(Locator::Css("button[name=action][value=schedule]"))
            .await?
            .click()
            .await?;
        wait_for_text(&browser, "Waiting for review").await?;
        // A team note with a mention.
        if browser.find(Locator::Id("note-body")).await.is_err() {
            let url = browser.current_url().await?;
            let html = browser.source().await?;
            panic!("no note form at {url}: {html}");
        }
        browser
            .find(Locator::Id("note-body"))
            .await?
            .send_keys("@olga price added <b>bold?</b>")
            .await?;
        browser
            .find(Locator::Css(&format!(
                "form[action='/content/{id}/notes'] button"
            )))
            .await?
            .click()
            .await?;
        wait_for_text(&browser, "price added <b>bold?</b>").await?;
        shoot_both(&browser, &shots, "post-notes").await?;

        // olga approves on the post's page.
        sign_in_to_workspace(&browser, &w.app.base, "olga", &ws).await?;
        browser.goto(&w.app.url(&format!("/content/{id}"))).await?;
        wait_for_text(&browser, "@carl").await?;
        browser
            .find(Locator::Css(&format!(
                "form[action='/content/{id}/approve'] button"
            )))
            .await?
            .click()
            .await?;
        wait_for_text(&browser, "Approved").await?;
        assert_eq!(w.post(id).await.state, PostState::Scheduled);
        Ok::<_, fantoccini::error::CmdError>(id)
    }
    .await;
    let _ = browser.clone().close().await;
    let id = outcome.unwrap();

    w.run_worker_for(Duration::hours(3) + Duration::minutes(2))
        .await;
    let done = w.post(id).await;
    assert_eq!(done.state, PostState::Published, "{:?}", done.reason);
    let published = w.fake.published_media(&w.seeded);
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].caption, "Autumn menu — 1 500 ₸");
}
