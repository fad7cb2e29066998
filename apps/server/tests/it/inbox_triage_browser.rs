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
    assert!(before >= 3, "the demo has unanswered comments");

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

        // The dashboard counts the unanswered comments.
        assert_eq!(
            dashboard_count(&browser, &app.url("/")).await?,
            before,
            "dashboard"
        );

        // A saved reply with a variable, made on its page.
        browser.goto(&app.url("/inbox/saved-replies")).await?;
        browser
            .find(Locator::Css("#saved-reply-name"))
            .await?
            .send_keys("Ships Monday")
            .await?;
        browser
            .find(Locator::Css("#saved-reply-text"))
            .await?
            .send_keys(SAVED)
            .await?;
        browser
            .find(Locator::Css(
                "form[action='/inbox/saved-replies'] button[type=submit]",
            ))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Css(".snippet-list li"))
            .await?;

        browser.goto(&app.url("/inbox")).await?;
        let intro = subtitle_with(&browser, &format!("{before} comments wait")).await?;
        assert!(intro.contains(&format!("{before} comments wait")), "{intro}");
        assert_eq!(nav_count(&browser, before).await?, before, "navigation");
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

        // 1. Open a comment: its post is shown above the thread.
        let first = open_first_comment(&browser).await?;
        for (w, h) in [(1366, 768), (390, 844)] {
            browser.set_window_size(w, h).await?;
            let png = browser.screenshot().await?;
            std::fs::write(shots.join(format!("thread-{w}.png")), png).unwrap();
        }
        browser.set_window_size(1366, 768).await?;
        let author = author_of(&browser, &first).await?;
        // The picker's no-script path: choose the reply (no script sees the
        // choice) and press "Insert" (script hides it; shown again here, as
        // a browser without script shows it): the server expands the reply
        // into the box and sends nothing.
        let inserted = browser
            .execute(
                "const s = document.getElementById('sr-reply-' + arguments[0]);\n\
                 s.value = s.options[1].value;\n\
                 const b = s.closest('[data-saved-replies]').querySelector('[data-saved-reply-insert]');\n\
                 b.hidden = false; b.click(); return s.options[1].textContent;",
                vec![serde_json::json!(first)],
            )
            .await?;
        assert_eq!(inserted, serde_json::json!("Ships Monday"));
        let want = format!("Thanks @{author}! It ships Monday.");
        let boxed = box_value_becomes(&browser, &first, &want).await?;
        assert_eq!(boxed, want, "the server filled the box");
        assert!(
            fake.replies_to(&first).is_empty(),
            "Insert sends nothing"
        );
        send_reply(&browser, &first).await?;
        assert_eq!(fake.replies_to(&first), vec![want.clone()]);

        // 2. The next one with script: choosing the reply inserts it at the
        // cursor after what was typed, {username} filled in.
        browser.goto(&app.url("/inbox")).await?;
        let second = open_first_comment(&browser).await?;
        assert_ne!(second, first, "the answered thread left the list");
        let author = author_of(&browser, &second).await?;
        let insert_hidden = browser
            .execute(
                "return document.getElementById('sr-reply-' + arguments[0])\n\
                 .closest('[data-saved-replies]').querySelector('[data-saved-reply-insert]').hidden",
                vec![serde_json::json!(second)],
            )
            .await?;
        assert_eq!(insert_hidden, serde_json::json!(true), "script hides Insert");
        // The thread view's keys: `?` shows them, `r` puts the cursor in
        // the reply box of the thread opened from the list.
        let body = browser.find(Locator::Css("body")).await?;
        body.send_keys("?").await?;
        let keys_open = browser
            .execute("return document.getElementById('thread-keys').open", vec![])
            .await?;
        assert_eq!(keys_open, serde_json::json!(true), "? shows the keys");
        browser
            .execute("document.activeElement.blur()", vec![])
            .await?;
        body.send_keys("r").await?;
        let focused = browser
            .execute("return document.activeElement.id", vec![])
            .await?;
        assert_eq!(focused, serde_json::json!(format!("reply-{second}")), "r");
        browser
            .find(Locator::Css(&format!("#reply-{second}")))
            .await?
            .send_keys("Hi!")
            .await?;
        browser
            .find(Locator::Css(&format!("#sr-reply-{second}")))
            .await?
            .select_by_label("Ships Monday")
            .await?;
        let want = format!("Hi! Thanks @{author}! It ships Monday.");
        let boxed = box_value_becomes(&browser, &second, &want).await?;
        assert_eq!(boxed, want, "the script filled the box at the cursor");
        send_reply(&browser, &second).await?;
        assert_eq!(fake.replies_to(&second), vec![want]);

        // 3. Back in the list: the keyboard moves to the first comment
        // (messages are listed too) and marks it done.
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
        let after = before - 3;
        let intro = subtitle_with(&browser, &format!("{after} comment")).await?;
        assert!(
            intro.contains(&format!("{after} comment")),
            "two replies and one done: three fewer: {intro}"
        );
        assert_eq!(nav_count(&browser, after).await?, after, "navigation");
        assert_eq!(
            dashboard_count(&browser, &app.url("/")).await?,
            after,
            "dashboard"
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
    assert_eq!(unanswered().await, before - 3);
}

/// The saved reply the test makes.
const SAVED: &str = "Thanks @{username}! It ships Monday.";

type Step<T> = Result<T, fantoccini::error::CmdError>;

/// The page's subtitle once it holds `want` (the toast can show a moment
/// before the new list is swapped in), or as it is after 5 s.
async fn subtitle_with(browser: &fantoccini::Client, want: &str) -> Step<String> {
    let mut intro = String::new();
    for _ in 0..50 {
        // The page swaps its content in place: an element found just before
        // the swap is stale, so read again rather than fail.
        intro = match browser.find(Locator::Css(".subtitle")).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if intro.contains(want) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(intro)
}

/// The navigation's unanswered-comments counter once it shows `want` (the
/// page script fills it from `/ui/counts`), or what it shows after 5 s.
async fn nav_count(browser: &fantoccini::Client, want: u64) -> Step<u64> {
    let mut seen = 0;
    for _ in 0..50 {
        let text = match browser
            .find(Locator::Css("#nav [data-counter='comments']"))
            .await
        {
            Ok(el) => el
                .prop("textContent")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        seen = text.trim().parse().unwrap_or(0);
        if seen == want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(seen)
}

/// The dashboard's count of unanswered comments (one account).
async fn dashboard_count(browser: &fantoccini::Client, url: &str) -> Step<u64> {
    browser.goto(url).await?;
    let text = browser
        .wait()
        .for_element(Locator::Css(".tile [data-unanswered-comments]"))
        .await?
        .text()
        .await?;
    Ok(text
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count: {text}")))
}

/// Opens the first comment of the list (from `/inbox`) and returns its id.
async fn open_first_comment(browser: &fantoccini::Client) -> Step<String> {
    let open = browser
        .wait()
        .for_element(Locator::Css("a[data-triage-open][href^='/comments']"))
        .await?;
    let href = open.attr("href").await?.unwrap();
    let comment = href.rsplit_once("#c-").unwrap().1.to_string();
    open.click().await?;
    // The thread is swapped in place: wait for the comment itself (the list
    // it came from may still be showing for a moment).
    browser
        .wait()
        .for_element(Locator::Css(&format!("#c-{comment}")))
        .await?;
    browser
        .wait()
        .for_element(Locator::Css(".post-card"))
        .await?;
    Ok(comment)
}

/// The comment's author, without `@`.
async fn author_of(browser: &fantoccini::Client, comment: &str) -> Step<String> {
    // Read again if the element went stale under an in-place swap.
    let mut name = String::new();
    for _ in 0..50 {
        if let Ok(el) = browser
            .find(Locator::Css(&format!("#c-{comment}-h strong")))
            .await
            && let Ok(text) = el.text().await
        {
            name = text;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(name.trim().trim_start_matches('@').to_string())
}

/// The reply box once it holds `want`, or as it is after 5 s.
async fn box_value_becomes(
    browser: &fantoccini::Client,
    comment: &str,
    want: &str,
) -> Step<String> {
    let mut value = String::new();
    for _ in 0..50 {
        if let Ok(el) = browser
            .find(Locator::Css(&format!("#reply-{comment}")))
            .await
        {
            value = el.prop("value").await.ok().flatten().unwrap_or_default();
            if value == want {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(value)
}

/// Presses the box's Send and waits for "Your reply was posted".
async fn send_reply(browser: &fantoccini::Client, comment: &str) -> Step<()> {
    browser
        .find(Locator::Css(&format!(
            "form[action='/comments/{comment}/reply'] button[type=submit]:not([name=insert])"
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
    // The toast fades; the next step waits for its own.
    browser
        .execute(
            "document.querySelectorAll('.toast').forEach(t => t.remove())",
            vec![],
        )
        .await?;
    Ok(())
}
