//! The operator's side of automation in a real browser (headless
//! Chromium), in Russian: the fake Instagram delivers «ЦЕНА?» to a rule
//! that asks for approval; the inbox shows "На одобрение" with a count,
//! the queue shows the comment and both replies, Approve swaps the page in
//! place, and the worker then sends exactly one public and one private
//! reply. The builder's sentence follows the keywords as they are typed,
//! and pausing shows the banner. Screenshots at 1366×768 and 390×844 go to
//! `target/ui-screenshots/automation/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use socialflow_core::automation::{AutomationService, RuleSpec, SendMode};
use socialflow_fake_graph::FakeGraphConfig;

use crate::support::browser::{open_browser, sign_in, start_driver};
use crate::support::graph_world::GraphWorld;
use crate::support::{META_SECRET, WEBHOOK_VERIFY_TOKEN};

fn approve_rule() -> RuleSpec {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/automation/price-rule.json"
    );
    let mut spec: RuleSpec = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    spec.send = SendMode::Approve;
    spec
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automation_approvals_browser() {
    let GraphWorld {
        fake,
        running: _running,
        app,
        clock,
        alice,
        seeded,
        account,
    } = GraphWorld::start(FakeGraphConfig {
        webhook_secret: Some(META_SECRET.to_string()),
        ..FakeGraphConfig::default()
    })
    .await;
    let shop = account.id;
    let rule = AutomationService::new(app.store.clone(), clock.clone())
        .create(alice.id, shop, &approve_rule())
        .await
        .unwrap();
    fake.register_webhook(&app.url("/webhooks/instagram"), WEBHOOK_VERIFY_TOKEN)
        .await
        .unwrap();
    let media = fake.media_ids(&seeded).remove(0);
    let comment = fake.receive_comment(&media, None, "aigerim", "ЦЕНА?");
    assert!(fake.flush_webhooks().await.iter().all(|d| d.status == 200));
    let engine = app.state.automation_engine();
    assert_eq!(engine.run_due("worker-a").await.unwrap().claimed, 0, "held");

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/ui-screenshots/automation");
    std::fs::create_dir_all(&shots).unwrap();
    let shoot = |name: &'static str| {
        let browser = browser.clone();
        let shots = shots.clone();
        async move {
            for (w, h) in [(1366, 768), (390, 844)] {
                browser.set_window_size(w, h).await?;
                let png = browser.screenshot().await?;
                std::fs::write(shots.join(format!("{name}-{w}.png")), png).unwrap();
                let wide: bool = browser
                    .execute(
                        "return document.documentElement.scrollWidth > window.innerWidth",
                        vec![],
                    )
                    .await?
                    .as_bool()
                    .unwrap();
                assert!(!wide, "{name}: no sideways scroll at {w} px");
            }
            browser.set_window_size(1366, 768).await
        }
    };
    // Pages are swapped in place: read by script, never through handles a
    // swap makes stale; wait (bounded) until `js` returns text containing
    // `want`.
    let wait_text = |js: &'static str, want: &'static str| {
        let browser = browser.clone();
        async move {
            let mut got = String::new();
            for _ in 0..50 {
                got = browser
                    .execute(js, vec![])
                    .await?
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                if got.contains(want) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Ok::<_, fantoccini::error::CmdError>(got)
        }
    };
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css("#main")).await?;
        browser.goto(&app.url("/inbox")).await?;
        let link = browser
            .wait()
            .for_element(Locator::Css("[data-approvals-link]"))
            .await?
            .text()
            .await?;
        assert!(link.contains("На одобрение"), "{link}");
        assert!(link.contains('1'), "{link}");
        browser
            .find(Locator::Css("[data-approvals-link]"))
            .await?
            .click()
            .await?;
        let job = wait_text(
            "return document.querySelector('.job')?.textContent || ''",
            "ЦЕНА?",
        )
        .await?;
        assert!(job.contains("@aigerim прокомментировал(а)"), "{job}");
        assert!(
            job.contains("aigerim, отправили цену вам в личные сообщения 📩"),
            "{job}"
        );
        assert!(job.contains("Здравствуйте! Спасибо за интерес."), "{job}");
        shoot("approvals").await?;
        browser
            .find(Locator::Css(".job form[action$='/approve'] button"))
            .await?
            .click()
            .await?;
        let empty = wait_text(
            "return document.querySelector('#main')?.textContent || ''",
            "Нет ответов, ожидающих одобрения.",
        )
        .await?;
        assert!(
            empty.contains("Нет ответов, ожидающих одобрения."),
            "{empty}"
        );

        // The rule's log, then the builder's live sentence.
        browser
            .goto(&app.url(&format!("/automation/{shop}/{}/log", rule.id)))
            .await?;
        let log = wait_text(
            "return document.querySelector('#main')?.textContent || ''",
            "ЦЕНА?",
        )
        .await?;
        assert!(log.contains("ждут отправки 1"), "{log}");
        shoot("rule-log").await?;
        browser
            .goto(&app.url(&format!("/automation/{shop}/new")))
            .await?;
        browser
            .wait()
            .for_element(Locator::Id("rule-include"))
            .await?
            .send_keys("бағасы")
            .await?;
        let sentence = wait_text(
            "return document.querySelector('[data-rule-preview]')?.textContent || ''",
            "«бағасы»",
        )
        .await?;
        assert!(sentence.contains("«бағасы»"), "{sentence}");

        // Pausing shows the banner.
        browser
            .goto(&app.url(&format!("/automation?account={shop}")))
            .await?;
        browser
            .wait()
            .for_element(Locator::Css("button[name=intent][value=pause]"))
            .await?
            .click()
            .await?;
        let banner = wait_text(
            "return document.querySelector('#paused-banner')?.textContent || ''",
            "на паузе",
        )
        .await?;
        assert!(banner.contains("Автоматизация @"), "{banner}");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        shoot("settings-paused").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    if outcome.is_err()
        && let Ok(png) = browser.screenshot().await
    {
        let _ = std::fs::write(shots.join("approvals-failed-step.png"), png);
    }
    let _ = browser.close().await;
    outcome.expect("browser steps");

    // Approved before the pause: the worker sends it, once. (Paused
    // accounts' jobs are not claimed, so resume first.)
    app.state
        .automation_operator()
        .set_settings(alice.id, shop, false, 200, 1000)
        .await
        .unwrap();
    let report = engine.run_due("worker-a").await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");
    assert_eq!(engine.run_due("worker-b").await.unwrap().claimed, 0);
    let public = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(&format!("/{comment}/replies")))
        .count();
    let private = fake
        .sent_messages(&seeded)
        .into_iter()
        .filter(|m| {
            m.text
                .as_deref()
                .is_some_and(|t| t.starts_with("Здравствуйте! Спасибо за интерес"))
        })
        .count();
    assert_eq!((public, private), (1, 1));
}
