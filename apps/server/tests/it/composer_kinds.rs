//! The composer's kinds over real HTTP: a reel's audio name, trial and AI
//! label saved from the form and the API and sent to (the fake) Instagram's
//! container; the fake refusing trials the way Instagram does, explained in
//! words; reel options refused on other kinds; a story's caption dropped
//! with a warning; the kind step showing only the kind's fields.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::TestApp;
use secrecy::SecretString;
use serde_json::json;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::posts::{MediaClass, PostId, PostState, PublisherConfig, TrialStrategy};
use socialflow_core::{Language, RequestContext, User};
use socialflow_fake_graph::{
    FakeGraph, FakeGraphConfig, RunningFakeGraph, SeedProfile, SeededAccount,
};
use socialflow_graph::{GraphClient, GraphConfig};
use time::Duration;

struct Live {
    app: TestApp,
    fake: FakeGraph,
    _running: RunningFakeGraph,
    seeded: SeededAccount,
    user: User,
    account: String,
    token: String,
}

async fn live() -> Live {
    let fake = FakeGraph::new(FakeGraphConfig {
        fetch_media: false,
        video_processing: std::time::Duration::ZERO,
        ..FakeGraphConfig::default()
    });
    let running = fake.start().await.unwrap();
    let seeded = fake.add_account(SeedProfile {
        username: "corner_cafe".into(),
        ..Default::default()
    });
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/cb",
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let graph: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let app = TestApp::builder().instagram(graph).spawn().await;
    let user = app.add_user("alice", Language::En).await;
    let connected = app
        .state
        .accounts
        .attach(
            user.id,
            LongLivedToken {
                token: SecretString::from(fake.issue_token(&seeded)),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    let token = app.api_token(&user).await;
    Live {
        account: connected.account.id.to_string(),
        app,
        fake,
        _running: running,
        seeded,
        user,
        token,
    }
}

impl Live {
    /// Publishes the post now and runs the publisher until it settles.
    async fn publish(&self, id: &str) -> socialflow_core::posts::Post {
        let (status, body) = self
            .app
            .api_post(
                &self.token,
                &format!("/api/v1/posts/{id}/publish"),
                json!({}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let publisher = self.app.state.publisher(PublisherConfig::new("t"));
        let pid = PostId(id.parse().unwrap());
        for _ in 0..40 {
            publisher.run_once().await.unwrap();
            let p = self.app.state.posts.get(self.user.id, pid).await.unwrap();
            if matches!(p.state, PostState::Published | PostState::Failed) {
                return p;
            }
            self.app.clock.advance(Duration::seconds(10));
            self.fake.advance(std::time::Duration::from_secs(10));
        }
        self.app.state.posts.get(self.user.id, pid).await.unwrap()
    }
}

#[tokio::test]
async fn a_trial_reel_from_the_composer_reaches_instagrams_container() {
    let l = live().await;
    let video = l
        .app
        .media
        .add(l.user.id, MediaClass::Video, "https://media.example/v.mp4");
    let c = l.app.login_as("alice").await;
    let csrf = l.app.csrf(&c, "/content/new?kind=reel").await;
    let media = video.to_string();
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", "draft"),
                ("kind", "reel"),
                ("account_id", l.account.as_str()),
                ("media", media.as_str()),
                ("caption", "Fresh roast"),
                ("share_to_feed", "1"),
                ("audio_name", "Roastery sounds"),
                ("trial", "MANUAL"),
                ("ai_generated", "1"),
                // Not a reel's field: left out, not refused.
                ("alt_text", "ignored for reels"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let posts = l
        .app
        .state
        .posts
        .list(l.user.id, &Default::default())
        .await
        .unwrap();
    let saved = &posts[0].content;
    assert_eq!(saved.options.audio_name.as_deref(), Some("Roastery sounds"));
    assert_eq!(saved.options.trial, Some(TrialStrategy::Manual));
    assert!(saved.options.ai_generated);
    assert_eq!(saved.alt_text, None);

    // The edit form shows them again.
    let edit = c.get_page(&format!("/content/{}/edit", posts[0].id)).await;
    assert!(edit.contains("value=\"Roastery sounds\""), "{edit}");
    assert!(
        edit.contains("<option value=\"MANUAL\" selected>"),
        "{edit}"
    );

    let published = l.publish(&posts[0].id.to_string()).await;
    assert_eq!(
        published.state,
        PostState::Published,
        "{:?}",
        published.reason
    );
    let containers = l.fake.containers(&l.seeded);
    assert_eq!(containers.len(), 1);
    let c0 = &containers[0];
    assert_eq!(c0.media_type, "REELS");
    assert_eq!(c0.trial_graduation.as_deref(), Some("MANUAL"));
    assert_eq!(c0.audio_name.as_deref(), Some("Roastery sounds"));
    assert!(c0.is_ai_generated);
}

#[tokio::test]
async fn an_account_without_trial_reels_fails_with_the_reason_in_words() {
    let l = live().await;
    l.fake.set_trial_reels(&l.seeded, false);
    let video = l
        .app
        .media
        .add(l.user.id, MediaClass::Video, "https://media.example/v.mp4");
    let (status, body) = l
        .app
        .create_post(
            &l.token,
            json!({
                "account_id": l.account, "kind": "reel", "media_ids": [video.0],
                "trial_graduation": "SS_PERFORMANCE", "is_ai_generated": true,
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["post"]["trial_graduation"], "SS_PERFORMANCE");
    assert_eq!(body["post"]["is_ai_generated"], true);
    let id = body["post"]["id"].as_str().unwrap().to_string();
    let failed = l.publish(&id).await;
    assert_eq!(failed.state, PostState::Failed);
    assert!(l.fake.containers(&l.seeded).is_empty());
    let c = l.app.login_as("alice").await;
    let page = c.get_page(&format!("/content/{id}")).await;
    assert!(
        page.contains("This account can&#39;t share trial reels"),
        "{page}"
    );
    assert!(page.contains("to No, and schedule it again"), "{page}");
}

#[tokio::test]
async fn reel_options_on_other_kinds_are_refused_and_a_storys_caption_is_dropped() {
    let app = TestApp::spawn().await;
    let user = app.add_user("alice", Language::En).await;
    let account = app.add_account(&user, "shop").await;
    let token = app.api_token(&user).await;
    let image = app
        .media
        .add(user.id, MediaClass::Image, "https://media.example/i.jpg");
    let (status, body) = app
        .create_post(
            &token,
            json!({
                "account_id": account.0, "kind": "post", "media_ids": [image.0],
                "audio_name": "x", "trial_graduation": "MANUAL",
            }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let codes: Vec<_> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, vec!["not_for_kind", "not_for_kind"], "{body}");

    let (status, body) = app
        .create_post(
            &token,
            json!({
                "account_id": account.0, "kind": "story", "media_ids": [image.0],
                "caption": "Stories show no caption",
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["post"]["caption"], "");
    let warned: Vec<_> = body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(warned.contains(&"dropped_for_kind"), "{body}");

    // PATCH clears a reel's trial with null.
    let video = app
        .media
        .add(user.id, MediaClass::Video, "https://media.example/v.mp4");
    let (status, body) = app
        .create_post(
            &token,
            json!({"account_id": account.0, "kind": "reel", "media_ids": [video.0], "trial_graduation": "MANUAL"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["post"]["id"].as_str().unwrap();
    let (status, body) = app
        .api_call(
            &token,
            reqwest::Method::PATCH,
            &format!("/api/v1/posts/{id}"),
            Some(json!({"trial_graduation": null, "audio_name": "Theme"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["post"]["trial_graduation"], serde_json::Value::Null);
    assert_eq!(body["post"]["audio_name"], "Theme");
}

#[tokio::test]
async fn the_kind_step_shows_only_the_kinds_fields_and_keeps_the_rest_hidden() {
    let app = TestApp::spawn().await;
    let user = app.add_user("alice", Language::En).await;
    app.add_account(&user, "shop").await;
    let c = app.login_as("alice").await;
    let story = c.get_page("/content/new?kind=story").await;
    assert!(
        story.contains("data-kind=\"story\" aria-current=\"page\""),
        "{story}"
    );
    // The caption and the reel's options are on the page but hidden.
    let hidden = |html: &str, marker: &str| {
        let at = html.find(marker).unwrap_or_else(|| panic!("{marker}"));
        let tag_end = html[at..].find('>').unwrap() + at;
        html[at..tag_end].contains(" hidden")
    };
    assert!(hidden(&story, "data-for-kinds=\"post reel carousel\""));
    assert!(hidden(&story, "class=\"reel-options\""));
    assert!(story.contains("Stories have no caption on Instagram"));
    let reel = c.get_page("/content/new?kind=reel").await;
    assert!(!hidden(&reel, "class=\"reel-options\""));
    assert!(reel.contains("id=\"audio-name\""));
    assert!(reel.contains("Yes, trial first; Instagram shares it if it does well"));
    // Every kind offers the AI label.
    for page in [&story, &reel] {
        assert!(page.contains("name=\"ai_generated\""));
    }
}

#[tokio::test]
async fn no_script_arrows_reorder_a_carousel_without_saving() {
    let app = TestApp::spawn().await;
    let user = app.add_user("alice", Language::En).await;
    let account = app.add_account(&user, "shop").await.to_string();
    let a = app
        .media
        .add(user.id, MediaClass::Image, "https://m.example/a.jpg")
        .to_string();
    let b = app
        .media
        .add(user.id, MediaClass::Image, "https://m.example/b.jpg")
        .to_string();
    let c = app.login_as("alice").await;
    let csrf = app.csrf(&c, "/content/new").await;
    let up = format!("up:{b}");
    let (oa, ob) = (format!("order-{a}"), format!("order-{b}"));
    let r = c
        .post_form_with(
            "/content/new",
            &csrf,
            &[
                ("action", up.as_str()),
                ("kind", "carousel"),
                ("account_id", account.as_str()),
                ("media", a.as_str()),
                ("media", b.as_str()),
                (oa.as_str(), "1"),
                (ob.as_str(), "2"),
                ("caption", "kept as typed"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(&format!(
            "name=\"order-{b}\" inputmode=\"numeric\" value=\"1\""
        )),
        "{html}"
    );
    assert!(html.contains(&format!(
        "name=\"order-{a}\" inputmode=\"numeric\" value=\"2\""
    )));
    assert!(html.contains("kept as typed"));
    assert!(
        app.state
            .posts
            .list(user.id, &Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    // An action naming no known button is refused.
    let r = c
        .post_form_with("/content/new", &csrf, &[("action", "up:not-an-id")])
        .await;
    assert_eq!(r.status(), 400);
}
