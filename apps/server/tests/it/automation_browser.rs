//! The rule builder in a real browser (headless Chromium, the pattern of
//! `inbox_triage_browser.rs`), in Russian: a save without a name comes back
//! with the reason and everything typed; the price rule is tested against a
//! cached «ЦЕНА?» and would reply to anna_k; saved, switched on, it is in
//! the list. Screenshots at 1366×768 and 390×844 go to
//! `target/ui-screenshots/automation/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use socialflow_core::inbox::CachedComment;
use socialflow_core::{Clock, Language};
use time::Duration;

use crate::support::TestApp;
use crate::support::browser::{open_browser, sign_in, start_driver};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automation_browser() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let shop = app.add_account(&alice, "shop").await;
    let now = app.clock.now();
    let comment = |id: &str, user: &str, text: &str, ago: i64| CachedComment {
        account_id: shop,
        id: id.into(),
        media_id: "media-1".into(),
        parent_id: None,
        text: text.into(),
        username: Some(user.into()),
        timestamp: now - Duration::minutes(ago),
        hidden: false,
        like_count: None,
        fetched_at: now,
    };
    app.store
        .upsert_comments(&[
            comment("c1", "anna_k", "ЦЕНА?", 3),
            comment("c2", "bob", "Красивое фото 😍", 9),
        ])
        .await
        .unwrap();

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
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css("#main")).await?;
        browser.goto(&app.url("/automation")).await?;
        let nav = browser
            .find(Locator::Css("a.nav-link[href='/automation']"))
            .await?
            .text()
            .await?;
        assert_eq!(nav, "Автоматизация");
        browser
            .find(Locator::Css(&format!("a[href='/automation/{shop}/new']")))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Css("[data-rule-builder]"))
            .await?;
        // The Direct reply box does not fit a comment rule: hidden.
        assert!(
            !browser
                .find(Locator::Id("rule-dm_reply"))
                .await?
                .is_displayed()
                .await?
        );
        browser
            .find(Locator::Id("rule-include"))
            .await?
            .send_keys("цена, стоимость")
            .await?;
        browser
            .find(Locator::Id("rule-public_reply"))
            .await?
            .send_keys("{username}, отправили цену вам в личные сообщения 📩")
            .await?;
        browser
            .find(Locator::Id("rule-private_reply"))
            .await?
            .send_keys("Здравствуйте! Цена и условия доставки — в ответном сообщении 🙂")
            .await?;
        // Saved without a name: refused, nothing lost.
        browser
            .find(Locator::Css("button[name=intent][value=save]"))
            .await?
            .click()
            .await?;
        let errors = browser
            .wait()
            .for_element(Locator::Css(".form-errors"))
            .await?
            .text()
            .await?;
        assert!(errors.contains("Дайте правилу название."), "{errors}");
        let kept = browser
            .find(Locator::Id("rule-include"))
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        assert_eq!(kept, "цена, стоимость");
        shoot("builder-errors").await?;

        browser
            .find(Locator::Id("rule-name"))
            .await?
            .send_keys("Цена → ответ и личное сообщение")
            .await?;
        browser
            .find(Locator::Css("button[name=intent][value=test]"))
            .await?
            .click()
            .await?;
        let results = browser
            .wait()
            .for_element(Locator::Css("#test-results"))
            .await?
            .text()
            .await?;
        assert!(results.contains("Ответило бы на 1 из 2."), "{results}");
        assert!(
            results.contains("anna_k, отправили цену вам в личные сообщения 📩"),
            "{results}"
        );
        assert!(
            results.contains("Без ответа: текст не подходит"),
            "{results}"
        );
        shoot("test-results").await?;

        browser
            .find(Locator::Css("button[name=intent][value=save]"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Css(".rule-list .rule"))
            .await?;
        // The pause and caps card sits above the list: bring the switch to
        // the middle, clear of the "saved" toast in the corner.
        browser
            .execute(
                "document.querySelector('.rule .switch').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await?;
        let switch = browser.find(Locator::Css(".rule .switch")).await?;
        assert_eq!(switch.attr("aria-checked").await?.as_deref(), Some("false"));
        switch.click().await?;
        // The list is swapped in place: read it by script, not by handles
        // that the swap makes stale.
        let read = |js: &'static str| {
            let browser = browser.clone();
            async move {
                browser
                    .execute(js, vec![])
                    .await
                    .map(|v| v.as_str().unwrap_or_default().to_string())
            }
        };
        let mut on = String::new();
        for _ in 0..50 {
            on = read(
                "return document.querySelector('.rule .switch')?.getAttribute('aria-checked') || ''",
            )
            .await?;
            if on == "true" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(on, "true", "switched on");
        let sentence =
            read("return document.querySelector('.rule .rule-summary')?.textContent || ''").await?;
        assert!(
            sentence.starts_with(
                "Когда кто-то комментирует любой пост и в тексте есть «цена» или «стоимость»"
            ),
            "{sentence}"
        );
        // Let the toasts go before the pictures.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        shoot("list").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    if outcome.is_err()
        && let Ok(png) = browser.screenshot().await
    {
        let _ = std::fs::write(shots.join("failed-step.png"), png);
    }
    let _ = browser.close().await;
    outcome.expect("browser steps");
    let rules = app
        .state
        .automation_rules
        .list(alice.id, shop)
        .await
        .unwrap();
    assert_eq!(rules.len(), 1);
    assert!(rules[0].spec.enabled);
}
