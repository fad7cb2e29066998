//! The triage list in a real browser (headless Chromium, the pattern of
//! `calendar_browser.rs`) against the fake Instagram: open a comment from
//! the list and see its post, reply there, come back and mark another one
//! done with the keyboard (`j`, `e`), and the unanswered count drops by
//! two. Screenshots at 1366×768 and 390×844 go to
//! `target/ui-screenshots/inbox/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use fantoccini::Locator;
use secrecy::SecretString;
use socialflow_core::inbox::SyncMode;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::{Language, RequestContext};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
use socialflow_fakes::ManualClock;
use socialflow_graph::{GraphClient, GraphConfig};
use time::Duration;

use crate::support::TestApp;
use crate::support::browser::{open_browser, sign_in, start_driver};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_triage_browser() {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let seeded = fake.seed_demo();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/oauth/instagram/callback".to_string(),
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let app = TestApp::builder()
        .clock(Arc::new(ManualClock::new(fake.now())))
        .instagram(client)
        .spawn()
        .await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app
        .state
        .accounts
        .attach(
            alice.id,
            LongLivedToken {
                token: SecretString::from(fake.issue_token(&seeded)),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account;
    app.state
        .inbox
        .sync_account(&account, SyncMode::Requested)
        .await
        .unwrap();
    let unanswered = || async {
        app.state
            .inbox
            .counts(alice.id)
            .await
            .unwrap()
            .unanswered_comments
    };
    let before = unanswered().await;
    assert!(before >= 2, "the demo has unanswered comments");

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let shots =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots/inbox");
    std::fs::create_dir_all(&shots).unwrap();
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css("#main")).await?;
        browser.goto(&app.url("/inbox")).await?;
        // The toast can show a moment before the new list is swapped in.
        let want = format!("{} comment", before - 2);
        let mut intro = String::new();
        for _ in 0..50 {
            intro = browser
                .find(Locator::Css(".subtitle"))
                .await?
                .text()
                .await?;
            if intro.contains(&want) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            intro.contains(&format!("{before} comments wait")),
            "{intro}"
        );
        for (w, h) in [(1366, 768), (390, 844)] {
            browser.set_window_size(w, h).await?;
            let png = browser.screenshot().await?;
            std::fs::write(shots.join(format!("triage-{w}.png")), png).unwrap();
            let wide: bool = browser
                .execute(
                    "return document.documentElement.scrollWidth > window.innerWidth",
                    vec![],
                )
                .await?
                .as_bool()
                .unwrap();
            assert!(!wide, "no sideways scroll at {w} px");
        }
        browser.set_window_size(1366, 768).await?;

        // Open a comment: its post is shown above the thread.
        let open = browser
            .find(Locator::Css("a[data-triage-open][href^='/comments']"))
            .await?;
        let href = open.attr("href").await?.unwrap();
        let comment = href.rsplit_once("#c-").unwrap().1.to_string();
        open.click().await?;
        browser
            .wait()
            .for_element(Locator::Css(".post-card"))
            .await?;
        browser.find(Locator::Css(&format!("#c-{comment}"))).await?;
        for (w, h) in [(1366, 768), (390, 844)] {
            browser.set_window_size(w, h).await?;
            let png = browser.screenshot().await?;
            std::fs::write(shots.join(format!("thread-{w}.png")), png).unwrap();
        }
        browser.set_window_size(1366, 768).await?;

        // Reply there.
        browser
            .find(Locator::Css(&format!("#reply-{comment}")))
            .await?
            .send_keys("Thanks for asking! It ships Monday.")
            .await?;
        browser
            .find(Locator::Css(&format!(
                "form[action='/comments/{comment}/reply'] button[type=submit]"
            )))
            .await?
            .click()
            .await?;
        let notice = browser
            .wait()
            .for_element(Locator::Css(".toast.ok"))
            .await?
            .prop("textContent")
            .await?
            .unwrap_or_default();
        assert!(notice.contains("reply"), "{notice}");

        // Back in the list (the post's only comment is answered now): the
        // keyboard moves to the first comment (messages are listed too) and
        // marks it done.
        browser.goto(&app.url("/inbox")).await?;
        browser
            .wait()
            .for_element(Locator::Css("[data-triage-item]"))
            .await?;
        let first_comment = browser
            .execute(
                "return [...document.querySelectorAll('[data-triage-item]')].findIndex(li => \
                 (li.querySelector('[data-triage-done]')?.value || '').startsWith('c:'))",
                vec![],
            )
            .await?
            .as_i64()
            .unwrap();
        assert!(first_comment >= 0, "a comment in the list");
        let body = browser.find(Locator::Css("body")).await?;
        for _ in 0..=first_comment {
            body.send_keys("j").await?;
        }
        body.send_keys("e").await?;
        let notice = browser
            .wait()
            .for_element(Locator::Css(".toast.ok"))
            .await?
            .prop("textContent")
            .await?
            .unwrap_or_default();
        assert!(notice.contains("Marked done"), "{notice}");
        // The toast can show a moment before the new list is swapped in.
        let want = format!("{} comment", before - 2);
        let mut intro = String::new();
        for _ in 0..50 {
            intro = browser
                .find(Locator::Css(".subtitle"))
                .await?
                .text()
                .await?;
            if intro.contains(&want) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            intro.contains(&format!("{} comment", before - 2)),
            "replied and done: two fewer: {intro}"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    if outcome.is_err()
        && let Ok(png) = browser.screenshot().await
    {
        // What the page showed when a step failed, next to the other shots.
        let _ = std::fs::write(shots.join("failed-step.png"), png);
    }
    let _ = browser.close().await;
    outcome.expect("browser steps");
    assert_eq!(unanswered().await, before - 2);
}
