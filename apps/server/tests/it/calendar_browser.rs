//! The planner in a real browser (headless Chromium through chromedriver,
//! the pattern of `browser.rs`): a post dragged to another day is moved
//! there, as the database then says; a draft dragged from the tray onto an
//! hour is scheduled there. Chromedriver's pointer actions do not start an
//! HTML5 drag in headless Chromium (no `dragstart` fires), so the test
//! dispatches the drag events themselves from script — `dragstart` on the
//! post, `dragover` and `drop` on the slot, with one `DataTransfer` — and
//! the page's own `calendar.js` does the rest (its POST with the CSRF
//! token, then the planner read again). Screenshots of the month, week,
//! day and grid views at 1366×768 and 390×844 in light and dark go to
//! `target/ui-screenshots/calendar/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration as StdDuration;

use fantoccini::Locator;
use serde_json::json;
use socialflow_core::inbox::CachedMedia;
use socialflow_core::posts::{MediaClass, PostId};
use socialflow_core::{Clock, Language};
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::support::TestApp;
use crate::support::browser::{open_browser, sign_in, start_driver};

/// Drags the element `from` onto `to` (CSS selectors) with the HTML5 drag
/// events a user's drag fires.
const DRAG: &str = r#"
const [from, to] = [document.querySelector(arguments[0]), document.querySelector(arguments[1])];
if (!from || !to) return "missing " + (from ? arguments[1] : arguments[0]);
const dt = new DataTransfer();
const fire = (el, type) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
fire(from, "dragstart");
fire(to, "dragenter");
fire(to, "dragover");
fire(to, "drop");
fire(from, "dragend");
return "ok";
"#;

fn rfc(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dragging_a_post_to_another_day_moves_it() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let shop = app.add_account(&alice, "roastery").await;
    let cafe = app.add_account(&alice, "cafe_corner").await;
    let tok = app.api_token(&alice).await;
    // Thumbnails the page can show without a network: plain colours.
    let imgs: Vec<_> = ["%23c08457", "%236b4226", "%23e9c46a", "%232a9d8f"]
        .iter()
        .map(|c| {
            let url = format!(
                "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 4 5'><rect width='4' height='5' fill='{c}'/></svg>"
            );
            app.media.add(alice.id, MediaClass::Image, &url)
        })
        .collect();
    // Thursday 2026-01-01 09:00 UTC (Alice's zone).
    let now = app.clock.now();
    let post = |account, caption: &str, at: Option<OffsetDateTime>| {
        let img = imgs[caption.len() % imgs.len()];
        let mut body =
            json!({"account_id": account, "kind": "post", "media_ids": [img], "caption": caption});
        if let Some(at) = at {
            body["scheduled_at"] = json!(rfc(at));
        }
        body
    };
    let mut ids = Vec::new();
    for body in [
        post(shop, "Morning pour-over ☕", Some(now + Duration::hours(3))),
        post(cafe, "Weekend brunch menu", Some(now + Duration::hours(27))),
        post(
            shop,
            "Holiday blend is back",
            Some(now + Duration::hours(53)),
        ),
        post(cafe, "Latte art class", Some(now + Duration::hours(31))),
        post(shop, "Draft: new cups", None),
        post(cafe, "Draft: barista of the month", None),
    ] {
        let (s, answer) = app.create_post(&tok, body).await;
        assert_eq!(s, 201, "{answer}");
        ids.push(answer["post"]["id"].as_str().unwrap().to_string());
    }
    app.store
        .upsert_media(&[CachedMedia {
            account_id: shop,
            id: "ig-1".into(),
            caption: Some("Our first roast of the year".into()),
            media_type: "IMAGE".into(),
            media_url: None,
            thumbnail_url: None,
            permalink: Some("https://www.instagram.com/p/abc/".into()),
            timestamp: now - Duration::hours(20),
            like_count: None,
            comments_count: None,
            fetched_at: now,
            comments_fetched_at: None,
            comments_fetched_count: None,
        }])
        .await
        .unwrap();
    let moving = ids[0].clone();
    let draft = ids[4].clone();
    let get = |id: &str| {
        let state = app.state.clone();
        let owner = alice.id;
        let id: PostId = id.parse().unwrap();
        async move { state.posts.get(owner, id).await.unwrap() }
    };

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/ui-screenshots/calendar");
    std::fs::create_dir_all(&shots).unwrap();
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css("#main")).await?;

        // The week: the post at Thursday 12:00 goes to Saturday 16:00.
        browser
            .goto(&app.url("/calendar?view=week&date=2026-01-01"))
            .await?;
        browser
            .wait()
            .for_element(Locator::Css("[data-planner][data-enhanced]"))
            .await?;
        let done = browser
            .execute(
                DRAG,
                vec![
                    json!(format!(".slot [data-post='{moving}']")),
                    json!(".slot[data-date='2026-01-03'][data-time='16:00']"),
                ],
            )
            .await?;
        assert_eq!(done, json!("ok"));
        browser
            .wait()
            .for_element(Locator::Css(&format!(
                ".slot[data-date='2026-01-03'][data-time='16:00'] [data-post='{moving}']"
            )))
            .await?;
        let toast = browser
            .find(Locator::Css(".toast.ok"))
            .await?
            .text()
            .await?;
        assert!(toast.contains("The post was moved."), "{toast}");
        let moved = get(&moving).await;
        assert_eq!(
            moved.content.scheduled_at,
            Some(datetime!(2026-01-03 16:00 UTC)),
            "the post keeps its minutes and takes the slot's day and hour"
        );

        // A draft from the tray onto Friday 10:00 is scheduled there.
        let done = browser
            .execute(
                DRAG,
                vec![
                    json!(format!(".tray [data-post='{draft}']")),
                    json!(".slot[data-date='2026-01-02'][data-time='10:00']"),
                ],
            )
            .await?;
        assert_eq!(done, json!("ok"));
        browser
            .wait()
            .for_element(Locator::Css(&format!(
                ".slot[data-date='2026-01-02'][data-time='10:00'] [data-post='{draft}']"
            )))
            .await?;
        let scheduled = get(&draft).await;
        assert_eq!(
            scheduled.content.scheduled_at,
            Some(datetime!(2026-01-02 10:00 UTC))
        );
        assert_eq!(scheduled.state.as_str(), "scheduled");

        // The month: dragged to another day, the time of day is kept.
        browser
            .goto(&app.url("/calendar?view=month&date=2026-01-01"))
            .await?;
        browser
            .wait()
            .for_element(Locator::Css("[data-planner][data-enhanced]"))
            .await?;
        let done = browser
            .execute(
                DRAG,
                vec![
                    json!(format!(".calendar [data-post='{moving}']")),
                    json!(".calendar .day[data-date='2026-01-09']"),
                ],
            )
            .await?;
        assert_eq!(done, json!("ok"));
        browser
            .wait()
            .for_element(Locator::Css(&format!(
                ".day[data-date='2026-01-09'] [data-post='{moving}']"
            )))
            .await?;
        assert_eq!(
            get(&moving).await.content.scheduled_at,
            Some(datetime!(2026-01-09 16:00 UTC))
        );

        // Screenshots, light and dark, at both widths.
        let grid = format!("/calendar/grid?account={shop}");
        let views: [(&str, &str); 4] = [
            ("month", "/calendar?view=month&date=2026-01-01"),
            ("week", "/calendar?view=week&date=2026-01-01"),
            ("day", "/calendar?view=day&date=2026-01-02"),
            ("grid", &grid),
        ];
        for (w, h) in [(1366u32, 768u32), (390, 844)] {
            browser.set_window_size(w, h).await?;
            for (name, path) in views {
                for theme in ["light", "dark"] {
                    browser.goto(&app.url(path)).await?;
                    browser
                        .execute(
                            "document.documentElement.dataset.theme = arguments[0];",
                            vec![json!(theme)],
                        )
                        .await?;
                    let overflow = browser
                        .execute(
                            "return document.documentElement.scrollWidth - window.innerWidth",
                            vec![],
                        )
                        .await?;
                    assert!(
                        overflow.as_i64().unwrap_or(0) <= 0,
                        "{name} at {w}px scrolls sideways by {overflow}"
                    );
                    // Let the theme's colour transitions finish.
                    tokio::time::sleep(StdDuration::from_millis(400)).await;
                    let png = browser.screenshot().await?;
                    std::fs::write(shots.join(format!("{name}-{w}-{theme}.png")), png).unwrap();
                    // And the whole page.
                    let height = browser
                        .execute("return document.documentElement.scrollHeight", vec![])
                        .await?
                        .as_u64()
                        .unwrap_or(u64::from(h))
                        .clamp(u64::from(h), 4000) as u32;
                    browser.set_window_size(w, height).await?;
                    tokio::time::sleep(StdDuration::from_millis(200)).await;
                    let png = browser.screenshot().await?;
                    std::fs::write(shots.join(format!("{name}-{w}-{theme}-full.png")), png)
                        .unwrap();
                    browser.set_window_size(w, h).await?;
                }
            }
        }
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");
}
