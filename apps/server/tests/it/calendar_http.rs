//! The planner over real HTTP: the reschedule and swap endpoints of the
//! REST API, the month, week, day and grid pages, and the no-script move
//! and swap forms (authorised, CSRF-checked, keeping what was typed).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::CachedMedia;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{MediaClass, PostId, PostState};
use socialflow_core::{Clock, Language, User};
use socialflow_fakes::FakePostMedia;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::support::{TestApp, csrf_in};

struct Plan {
    app: TestApp,
    alice: User,
    tok: String,
    shop: AccountId,
    cafe: AccountId,
    img: MediaId,
}

async fn plan() -> Plan {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let shop = app.add_account(&alice, "shop").await;
    let cafe = app.add_account(&alice, "cafe").await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let tok = app.api_token(&alice).await;
    Plan {
        app,
        alice,
        tok,
        shop,
        cafe,
        img,
    }
}

fn rfc(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap()
}

impl Plan {
    fn now(&self) -> OffsetDateTime {
        self.app.clock.now()
    }

    async fn post(&self, account: AccountId, at: Option<OffsetDateTime>) -> String {
        let mut body = json!({"account_id": account, "kind": "post", "media_ids": [self.img], "caption": "Autumn menu"});
        if let Some(at) = at {
            body["scheduled_at"] = json!(rfc(at));
        }
        let (s, answer) = self.app.create_post(&self.tok, body).await;
        assert_eq!(s, 201, "{answer}");
        answer["post"]["id"].as_str().unwrap().to_string()
    }

    async fn time_of(&self, id: &str) -> Option<OffsetDateTime> {
        self.app
            .state
            .posts
            .get(self.alice.id, id.parse::<PostId>().unwrap())
            .await
            .unwrap()
            .content
            .scheduled_at
    }
}

#[tokio::test]
async fn reschedule_and_swap_over_the_api() {
    let p = plan().await;
    let (t1, t2, t3) = (
        p.now() + Duration::days(1),
        p.now() + Duration::days(2),
        p.now() + Duration::days(3),
    );
    let a = p.post(p.shop, Some(t1)).await;
    let b = p.post(p.shop, Some(t2)).await;
    let c = p.post(p.cafe, Some(t3)).await;

    // Moved: the answer is the post as it now is, its log says so.
    let to = p.now() + Duration::days(5);
    let (s, moved) = p
        .app
        .api_post(
            &p.tok,
            &format!("/api/v1/posts/{a}/reschedule"),
            json!({"scheduled_at": rfc(to)}),
        )
        .await;
    assert_eq!(s, 200, "{moved}");
    assert_eq!(moved["state"], "scheduled");
    assert_eq!(p.time_of(&a).await, Some(to));
    let (_, full) = p.app.api_get(&p.tok, &format!("/api/v1/posts/{a}")).await;
    let events: Vec<&str> = full["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events.iter().filter(|e| **e == "scheduled").count(), 2);

    // Into the past, or with a body that is not a time: refused, unchanged.
    let (s, refused) = p
        .app
        .api_post(
            &p.tok,
            &format!("/api/v1/posts/{a}/reschedule"),
            json!({"scheduled_at": rfc(p.now() - Duration::hours(1))}),
        )
        .await;
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["code"], "invalid_post");
    assert_eq!(refused["problems"][0]["code"], "scheduled_in_past");
    let (s, _) = p
        .app
        .api_post(
            &p.tok,
            &format!("/api/v1/posts/{a}/reschedule"),
            json!({"scheduled_at": "next tuesday"}),
        )
        .await;
    assert_eq!(s, 400);
    let (s, _) = p
        .app
        .api_post(
            &p.tok,
            "/api/v1/posts/not-a-uuid/reschedule",
            json!({"scheduled_at": rfc(to)}),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(p.time_of(&a).await, Some(to));

    // Another user's post: 404, for moving and for swapping.
    let bob = p.app.add_user("bob", Language::En).await;
    let bob_tok = p.app.api_token(&bob).await;
    let (s, body) = p
        .app
        .api_post(
            &bob_tok,
            &format!("/api/v1/posts/{b}/reschedule"),
            json!({"scheduled_at": rfc(to)}),
        )
        .await;
    assert_eq!((s, body["code"].as_str()), (404, Some("not_found")));
    let (s, _) = p
        .app
        .api_post(
            &bob_tok,
            "/api/v1/posts/swap-times",
            json!({"a": a, "b": b}),
        )
        .await;
    assert_eq!(s, 404);
    assert_eq!(p.time_of(&b).await, Some(t2));

    // Two posts of one account swap; across accounts nothing moves.
    let (s, swapped) = p
        .app
        .api_post(&p.tok, "/api/v1/posts/swap-times", json!({"a": a, "b": b}))
        .await;
    assert_eq!(s, 200, "{swapped}");
    assert_eq!(swapped["a"]["id"], a.as_str());
    assert_eq!(p.time_of(&a).await, Some(t2));
    assert_eq!(p.time_of(&b).await, Some(to));
    let (s, refused) = p
        .app
        .api_post(&p.tok, "/api/v1/posts/swap-times", json!({"a": a, "b": c}))
        .await;
    assert_eq!(
        (s, refused["code"].as_str()),
        (422, Some("different_accounts"))
    );
    assert_eq!(p.time_of(&a).await, Some(t2));
    assert_eq!(p.time_of(&c).await, Some(t3));
    let (s, refused) = p
        .app
        .api_post(&p.tok, "/api/v1/posts/swap-times", json!({"a": a, "b": a}))
        .await;
    assert_eq!((s, refused["code"].as_str()), (422, Some("not_scheduled")));
}

#[tokio::test]
async fn a_draft_instagram_would_refuse_is_not_scheduled_by_a_move() {
    let p = plan().await;
    let mut facts = FakePostMedia::default_facts(MediaClass::Image);
    facts.probe.width = Some(1440);
    facts.probe.height = Some(360);
    let wide = p
        .app
        .media
        .add_measured(p.alice.id, facts, "https://cdn.test/wide.jpg");
    let (s, draft) = p
        .app
        .create_post(
            &p.tok,
            json!({"account_id": p.shop, "kind": "post", "media_ids": [wide], "caption": "wide"}),
        )
        .await;
    assert_eq!(s, 201, "{draft}");
    let id = draft["post"]["id"].as_str().unwrap();
    let (s, refused) = p
        .app
        .api_post(
            &p.tok,
            &format!("/api/v1/posts/{id}/reschedule"),
            json!({"scheduled_at": rfc(p.now() + Duration::days(1))}),
        )
        .await;
    assert_eq!(s, 422, "{refused}");
    let codes: Vec<&str> = refused["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"media_aspect_out_of_range"), "{codes:?}");
    assert_eq!(p.time_of(id).await, None);

    // The planner's form says why, in the user's words, and keeps the time.
    let web = p.app.login_as("alice").await;
    let csrf = web.csrf("/calendar").await;
    let resp = web
        .post_form_with(
            "/calendar/move",
            &csrf,
            &[
                ("post", id),
                ("date", "2026-01-03"),
                ("time", "10:15"),
                ("next", "/calendar?view=week&date=2026-01-03"),
            ],
        )
        .await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(html.contains("The post was not moved"), "{html}");
    assert!(html.contains("value=\"10:15\""), "the typed time is kept");
    assert!(html.contains("pad"), "the fix is offered: {html}");
}

#[tokio::test]
async fn the_planner_shows_posts_drafts_synced_media_and_colours() {
    let p = plan().await;
    // Thursday 2026-01-01 09:00 UTC; Alice's zone is UTC.
    let at = p.now() + Duration::hours(3); // 12:00
    let scheduled = p.post(p.shop, Some(at)).await;
    let draft = p.post(p.cafe, None).await;
    p.app
        .store
        .upsert_media(&[CachedMedia {
            account_id: p.shop,
            id: "ig-1".into(),
            caption: Some("Our first roast".into()),
            media_type: "IMAGE".into(),
            media_url: Some("https://cdn.test/ig-1.jpg".into()),
            thumbnail_url: None,
            permalink: Some("https://www.instagram.com/p/abc/".into()),
            timestamp: p.now() - Duration::days(1),
            like_count: None,
            comments_count: None,
            fetched_at: p.now(),
            comments_fetched_at: None,
            comments_fetched_count: None,
        }])
        .await
        .unwrap();
    let web = p.app.login_as("alice").await;

    let week = web.get_page("/calendar?view=week&date=2026-01-01").await;
    // The post in its hour, draggable with its Move form; the empty slot
    // after it starts a post there.
    assert!(
        week.contains(&format!("data-post=\"{scheduled}\"")),
        "{week}"
    );
    assert!(week.contains("data-date=\"2026-01-01\" data-time=\"12:00\""));
    assert!(week.contains("href=\"/content/new?date=2026-01-01&amp;time=13:00\""));
    assert!(week.contains("action=\"/calendar/move\""));
    // The draft waits in the tray; the synced post sits on Wednesday.
    assert!(week.contains(&format!("data-post=\"{draft}\"")));
    assert!(week.contains("https://www.instagram.com/p/abc/"));
    assert!(week.contains("Our first roast"));
    // Each account has its colour, in the legend too.
    assert!(week.contains("class=\"legend\""));
    assert!(week.contains("@shop") && week.contains("@cafe"));
    assert!(week.matches("acc-").count() >= 4);

    // Filtered by account: the other account's draft leaves the tray.
    let only_shop = web
        .get_page(&format!(
            "/calendar?view=week&date=2026-01-01&account={}",
            p.shop
        ))
        .await;
    assert!(!only_shop.contains(&format!("data-post=\"{draft}\"")));
    // Filtered by state: no synced media among drafts.
    let drafts = web
        .get_page("/calendar?view=week&date=2026-01-01&state=draft")
        .await;
    assert!(!drafts.contains("Our first roast"));
    assert!(!drafts.contains(&format!("data-post=\"{scheduled}\" data-hhmm")));

    let grid = format!("/calendar/grid?account={}", p.shop);
    for (path, must) in [
        ("/calendar?view=month&date=2026-01-01", "January 2026"),
        (
            "/calendar?view=day&date=2026-01-01",
            "Thursday, Jan 1, 2026",
        ),
        (grid.as_str(), "profile-grid"),
    ] {
        let resp = web.visit(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let html = resp.text().await.unwrap();
        assert!(html.contains(must), "{path}: {html}");
        assert!(html.contains(&scheduled), "{path}");
    }
    // The old addresses lead to the planner.
    let resp = web.visit("/content?view=month&date=2026-01-01").await;
    assert_eq!(resp.status(), 303);
    assert_eq!(
        resp.headers()["location"],
        "/calendar?view=month&date=2026-01-01"
    );
}

#[tokio::test]
async fn the_no_script_move_form_moves_and_refuses_in_words() {
    let p = plan().await;
    let id = p.post(p.shop, Some(p.now() + Duration::hours(3))).await;
    let web = p.app.login_as("alice").await;
    let page = web.get_page("/calendar?view=week&date=2026-01-01").await;
    let csrf = csrf_in(&page).unwrap();
    let next = "/calendar?view=week&date=2026-01-01";

    let resp = web
        .post_form_with(
            "/calendar/move",
            &csrf,
            &[
                ("post", &id),
                ("date", "2026-01-02"),
                ("time", "18:30"),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(
        resp.headers()["location"],
        "/calendar?view=week&date=2026-01-01&notice=moved"
    );
    assert_eq!(
        p.time_of(&id).await,
        Some(time::macros::datetime!(2026-01-02 18:30 UTC))
    );

    // The script's way: the same form asking for JSON.
    let resp = web
        .post(web.url("/calendar/move"))
        .header("accept", "application/json")
        .form(&[
            ("csrf", csrf.as_str()),
            ("post", &id),
            ("date", "2026-01-04"),
            ("time", "09:05"),
            ("next", next),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["ok"], true);
    assert_eq!(body["message"], "The post was moved.");
    assert_eq!(
        p.time_of(&id).await,
        Some(time::macros::datetime!(2026-01-04 09:05 UTC))
    );

    // An unreadable time: the page again, the typed values kept.
    let resp = web
        .post_form_with(
            "/calendar/move",
            &csrf,
            &[
                ("post", &id),
                ("date", "2026-01-05"),
                ("time", "25:99"),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(html.contains("value=\"25:99\""));
    assert!(html.contains("<details class=\"move\" open>"));
    // In the past: refused in words, nothing changed.
    let resp = web
        .post_form_with(
            "/calendar/move",
            &csrf,
            &[
                ("post", &id),
                ("date", "2025-12-31"),
                ("time", "10:00"),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(resp.status(), 422);
    assert!(resp.text().await.unwrap().contains("in the past"));
    assert_eq!(
        p.time_of(&id).await,
        Some(time::macros::datetime!(2026-01-04 09:05 UTC))
    );

    // Without the form's token: the 403 page, nothing moved.
    let resp = web
        .post_form_with(
            "/calendar/move",
            "forged",
            &[
                ("post", &id),
                ("date", "2026-01-06"),
                ("time", "10:00"),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(resp.status(), 403);

    // Another user's post is not found, by form and by script.
    p.app.add_user("bob", Language::En).await;
    let bob = p.app.login_as("bob").await;
    let bob_csrf = bob.csrf("/calendar").await;
    let resp = bob
        .post_form_with(
            "/calendar/move",
            &bob_csrf,
            &[
                ("post", &id),
                ("date", "2026-01-06"),
                ("time", "10:00"),
                ("next", next),
            ],
        )
        .await;
    assert_eq!(resp.status(), 404);
    let resp = bob
        .post(bob.url("/calendar/swap"))
        .header("accept", "application/json")
        .form(&[("csrf", bob_csrf.as_str()), ("a", &id), ("b", &id)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422, "the same post twice is refused first");
    assert_eq!(
        p.time_of(&id).await,
        Some(time::macros::datetime!(2026-01-04 09:05 UTC))
    );
    let state = p
        .app
        .state
        .posts
        .get(p.alice.id, id.parse().unwrap())
        .await
        .unwrap()
        .state;
    assert_eq!(state, PostState::Scheduled);
}

#[tokio::test]
async fn the_grid_swaps_neighbours_and_refuses_other_accounts() {
    let p = plan().await;
    let (t1, t2) = (p.now() + Duration::days(1), p.now() + Duration::days(2));
    let a = p.post(p.shop, Some(t1)).await;
    let b = p.post(p.shop, Some(t2)).await;
    let c = p.post(p.cafe, Some(t2)).await;
    let web = p.app.login_as("alice").await;
    let grid = web
        .get_page(&format!("/calendar/grid?account={}", p.shop))
        .await;
    // Newest first: `b` (later) is the top left tile, then `a`.
    let (pos_a, pos_b) = (
        grid.find(&format!("data-post=\"{a}\"")).unwrap(),
        grid.find(&format!("data-post=\"{b}\"")).unwrap(),
    );
    assert!(pos_b < pos_a);
    assert!(
        !grid.contains(&c),
        "another account's post is not on this grid"
    );
    // "Publish earlier" on `b` swaps it with `a`.
    assert!(grid.contains(&format!(
        "name=\"a\" value=\"{b}\"><input type=\"hidden\" name=\"b\" value=\"{a}\""
    )));
    let csrf = csrf_in(&grid).unwrap();
    let next = format!("/calendar/grid?account={}", p.shop);
    let resp = web
        .post_form_with(
            "/calendar/swap",
            &csrf,
            &[("a", &b), ("b", &a), ("next", &next)],
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(
        (p.time_of(&a).await, p.time_of(&b).await),
        (Some(t2), Some(t1))
    );

    let resp = web
        .post_form_with(
            "/calendar/swap",
            &csrf,
            &[("a", &a), ("b", &c), ("next", &next)],
        )
        .await;
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("Only posts of the same account can swap places."),
        "{html}"
    );
    assert_eq!(
        (p.time_of(&a).await, p.time_of(&c).await),
        (Some(t2), Some(t2))
    );
}
