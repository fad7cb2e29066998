//! Issue 17 in a real browser: a reel prepared an hour ahead (containers
//! made, `ready`) is edited through the post page and the composer, and
//! the new caption is what the fake Instagram publishes at the post's time;
//! the post page shows the container budget and the duplicate and move
//! buttons. Screenshots at 1366 and 390 px go to `target/ui-screenshots/`.
//! Needs Debian's `chromium` and `chromium-driver` (`scripts/test`); fails
//! without them, never skips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::TestApp;
use crate::support::browser::{open_browser, shot, sign_in, start_driver};
use fantoccini::Locator;
use secrecy::SecretString;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::posts::{
    MediaClass, Post, PostInput, PostKind, PostState, Publisher, PublisherConfig,
};
use socialflow_core::{Clock, Language, RequestContext};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, SeedProfile};
use socialflow_graph::{GraphClient, GraphConfig};
use time::Duration;

/// Runs publisher passes, moving our clock and the fake's to each next
/// action, until the post is in `until` (bounded).
async fn drive(
    app: &TestApp,
    fake: &FakeGraph,
    publisher: &Publisher,
    post: &Post,
    until: PostState,
) -> Post {
    for _ in 0..60 {
        let p = app.state.posts.get(post.owner, post.id).await.unwrap();
        if p.state == until {
            return p;
        }
        if let Some(at) = p.next_action_at {
            let by = at - app.clock.now();
            if by > Duration::ZERO {
                app.clock.advance(by);
                fake.advance(std::time::Duration::from_micros(
                    u64::try_from(by.whole_microseconds()).unwrap(),
                ));
            }
        }
        publisher.run_once().await.unwrap();
    }
    app.state.posts.get(post.owner, post.id).await.unwrap()
}

#[tokio::test]
async fn a_ready_reel_edited_an_hour_ahead_is_published_with_the_new_caption() {
    let fake = FakeGraph::new(FakeGraphConfig {
        fetch_media: false,
        ..FakeGraphConfig::default()
    });
    let running = fake.start().await.unwrap();
    let seeded = fake.add_account(SeedProfile {
        username: "corner_cafe".into(),
        ..Default::default()
    });
    let token = fake.issue_token(&seeded);
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/cb",
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let graph: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let app = TestApp::builder().instagram(graph).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let account = app
        .state
        .accounts
        .attach(
            alice.id,
            LongLivedToken {
                token: SecretString::from(token),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account;
    // A second account to move posts to (shown in the move form).
    app.add_account(&alice, "corner_cafe_two").await;
    let video = app.media.add(
        alice.id,
        MediaClass::Video,
        "https://media.example/latte.mp4",
    );
    let due = app.clock.now() + Duration::hours(3);
    let (post, _) = app
        .state
        .posts
        .create(
            alice.id,
            PostInput {
                account_id: account.id,
                kind: PostKind::Reel,
                media: vec![video],
                cover: None,
                thumb_offset_ms: None,
                share_to_feed: true,
                caption: "Latte art by Dana, tomorow 9:00".into(),
                hashtags: String::new(),
                first_comment: None,
                collaborators: Vec::new(),
                location_id: None,
                alt_text: None,
                user_tags: Vec::new(),
                options: Default::default(),
                scheduled_at: Some(due),
            },
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    let publisher = app.state.publisher(PublisherConfig::new("w1"));
    let ready = drive(&app, &fake, &publisher, &post, PostState::Ready).await;
    assert_eq!(ready.state, PostState::Ready);
    let ahead = due - app.clock.now();
    assert!(ahead > Duration::minutes(50), "ready {ahead} ahead");
    assert_eq!(fake.containers(&seeded).len(), 1);

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let new_caption = "Latte art by Dana, tomorrow 9:00";
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/login")).await?;
        sign_in(&browser, "alice").await?;
        browser.wait().for_element(Locator::Css("nav")).await?;

        browser
            .goto(&app.url(&format!("/content/{}", post.id)))
            .await?;
        let budget = browser
            .wait()
            .for_element(Locator::Css(".planner-budget"))
            .await?
            .text()
            .await?;
        assert!(
            budget.contains("Editing the content will prepare this post again")
                && budget.contains("1 of 400"),
            "{budget}"
        );
        let actions = browser.find(Locator::Css(".actions")).await?.text().await?;
        assert!(actions.contains("Duplicate"), "{actions}");
        let mv = browser
            .find(Locator::Css(".planner-move"))
            .await?
            .text()
            .await?;
        assert!(mv.contains("corner_cafe_two"), "{mv}");
        shot(&browser, "late_post_ready_1366").await?;
        browser.set_window_size(390, 844).await?;
        shot(&browser, "late_post_ready_390").await?;
        browser.set_window_size(1366, 768).await?;

        browser
            .find(Locator::Css(&format!(
                "a[href='/content/{}/edit']",
                post.id
            )))
            .await?
            .click()
            .await?;
        let caption = browser.wait().for_element(Locator::Id("caption")).await?;
        caption.clear().await?;
        caption.send_keys(new_caption).await?;
        browser
            .find(Locator::Css("button[name='action'][value='schedule']"))
            .await?
            .click()
            .await?;
        // Back on the post's page with the "scheduled" notice.
        for _ in 0..100 {
            let at = browser.current_url().await?;
            if at.path() == format!("/content/{}", post.id)
                && at.query() == Some("notice=scheduled")
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            browser.current_url().await?.query(),
            Some("notice=scheduled")
        );
        let page = browser.find(Locator::Css("main")).await?.text().await?;
        assert!(page.contains(new_caption), "{page}");
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");

    let edited = app.state.posts.get(alice.id, post.id).await.unwrap();
    assert_eq!(edited.state, PostState::Scheduled, "prepared again");
    assert_eq!(edited.container_id, None);
    let done = drive(&app, &fake, &publisher, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(done.published_at, Some(due), "still on its second");
    let published = fake.published_media(&seeded);
    assert_eq!(published.len(), 1, "published once");
    assert_eq!(published[0].caption, new_caption);
    assert_eq!(
        fake.containers(&seeded).len(),
        2,
        "the old one was left to expire"
    );
    let budget = app
        .state
        .posts
        .container_budget(alice.id, account.id)
        .await
        .unwrap();
    assert_eq!(budget.used, 2);
}
