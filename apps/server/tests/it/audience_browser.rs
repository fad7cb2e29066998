//! The best-time heatmap in a real browser (headless Chromium through
//! chromedriver): the user changes the zone in Settings and the heatmap's
//! busiest cell moves by the offset (Friday 14:00 in London, Friday 19:00 in
//! Almaty, the same followers); the page does not scroll sideways at 390 px
//! (the grid scrolls inside its own box); a composer chip fills the date and
//! time in place. Screenshots go to `target/ui-screenshots/audience/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration as StdDuration;

use fantoccini::Locator;
use serde_json::{Value, json};
use socialflow_core::Language;

use crate::audience_best_time::{account, seed_audience, spawn};
use crate::support::browser::{open_browser, sign_in, start_driver};

/// The busiest cell: its label and its column (1 + hour, the weekday
/// header is column 0) and row (1 = Monday).
const BEST: &str = r#"
const c = document.querySelector("table.heatmap td.hm-l5");
if (!c) return null;
return { label: c.getAttribute("aria-label"), col: c.cellIndex, row: c.parentElement.rowIndex };
"#;

const SET_ZONE: &str = r#"
const s = document.getElementById("time-zone");
s.value = arguments[0];
s.form.requestSubmit();
return s.value;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heatmaps_best_cell_moves_after_a_zone_change_in_settings() {
    let app = spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let shop = account(&app, &alice, "950").await;
    seed_audience(&app, &alice, &shop).await;
    let page = app.url(&format!("/analytics?account={}", shop.id));

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/ui-screenshots/audience");
    std::fs::create_dir_all(&shots).unwrap();
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css("#main")).await?;

        let mut seen = Vec::new();
        for zone in ["Europe/London", "Asia/Almaty"] {
            browser.goto(&app.url("/settings")).await?;
            let set = browser.execute(SET_ZONE, vec![json!(zone)]).await?;
            assert_eq!(set, json!(zone));
            // Saved through the settings form (in place: its toast says
            // so), not set behind the page's back.
            browser
                .wait()
                .for_element(Locator::Css(".toast.ok"))
                .await?;
            let mut stored = String::new();
            for _ in 0..50 {
                stored = app
                    .store
                    .user_by_id(alice.id)
                    .await
                    .unwrap()
                    .unwrap()
                    .time_zone
                    .name()
                    .to_string();
                if stored == zone {
                    break;
                }
                tokio::time::sleep(StdDuration::from_millis(100)).await;
            }
            assert_eq!(stored, zone, "the settings form saved the zone");
            browser
                .execute(
                    "document.querySelectorAll('.toast').forEach(t => t.remove())",
                    vec![],
                )
                .await?;
            browser.goto(&page).await?;
            browser
                .wait()
                .for_element(Locator::Css("table.heatmap"))
                .await?;
            let best: Value = browser.execute(BEST, vec![]).await?;
            seen.push(best);
        }
        assert_eq!(
            seen[0],
            json!({"label": "Friday 14:00: 900 followers online", "col": 15, "row": 5}),
            "London"
        );
        assert_eq!(
            seen[1],
            json!({"label": "Friday 19:00: 900 followers online", "col": 20, "row": 5}),
            "Almaty: five columns to the right, same row"
        );
        // Cells are focusable and say their value.
        browser
            .find(Locator::Css("table.heatmap td.hm-l5"))
            .await?
            .click()
            .await?;
        let focused = browser
            .execute(
                "return document.activeElement.getAttribute('aria-label')",
                vec![],
            )
            .await?;
        assert_eq!(focused, json!("Friday 19:00: 900 followers online"));

        for (w, h) in [(1366u32, 768u32), (390, 844)] {
            browser.set_window_size(w, h).await?;
            browser.goto(&page).await?;
            browser
                .execute(
                    "document.getElementById('h-online').scrollIntoView()",
                    vec![],
                )
                .await?;
            tokio::time::sleep(StdDuration::from_millis(300)).await;
            let overflow = browser
                .execute(
                    "return document.documentElement.scrollWidth - window.innerWidth",
                    vec![],
                )
                .await?;
            assert!(
                overflow.as_i64().unwrap_or(1) <= 0,
                "{w}px: the page scrolls sideways by {overflow}"
            );
            let png = browser.screenshot().await?;
            std::fs::write(shots.join(format!("heatmap-{w}.png")), png).unwrap();
        }

        // The composer's chips fill the date and time in place.
        browser.set_window_size(1366, 768).await?;
        browser
            .goto(&app.url(&format!("/content/new?account={}", shop.id)))
            .await?;
        browser
            .execute(
                "document.querySelector('[data-best-times]').scrollIntoView()",
                vec![],
            )
            .await?;
        browser
            .find(Locator::Css("[data-best-times] a[data-time='19:00']"))
            .await?
            .click()
            .await?;
        let filled = browser
            .execute(
                "return [document.getElementById('date').value, document.getElementById('time').value, location.pathname]",
                vec![],
            )
            .await?;
        assert_eq!(filled, json!(["2026-12-04", "19:00", "/content/new"]));
        let png = browser.screenshot().await?;
        std::fs::write(shots.join("composer-chips-1366.png"), png).unwrap();
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");
}
