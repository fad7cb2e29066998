//! Client review in a real browser (headless Chromium), in a shared
//! workspace: olga (owner) shares a scheduled post for client review with
//! "hold" on, so it waits for review; the client, signed out, opens the
//! link and approves it; the worker publishes it once through the fake
//! Graph. Then cleo (client member, one account) asks for changes on a
//! contributor's post in review from `/client`. Screenshots at 1366×768 and
//! 390×844 (en, and the link in ru and kk) go to
//! `target/ui-screenshots/client-review/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::posts::PostState;
use socialflow_core::workspaces::{Accepted, AccountScope, Invitation, InvitationId, MemberRole};
use socialflow_core::{Clock, Language, RequestContext};
use time::Duration;
use uuid::Uuid;

use crate::approvals::TeamWorld;
use crate::support::browser::{
    open_browser, shoot_both, sign_in_to_workspace, start_driver, wait_for_text,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_link_approves_a_post_in_the_browser() {
    let w = TeamWorld::start(None).await;
    let at = w.app.clock.now() + Duration::hours(3);
    let ctx = RequestContext::cli();
    let approvals = w.app.state.approvals();
    let (post, _) = approvals
        .create(
            &w.access(&w.olga),
            w.input("Winter menu ☕", Some(at)),
            &ctx,
        )
        .await
        .unwrap();
    assert_eq!(post.state, PostState::Scheduled);
    let (waiting, _) = approvals
        .create(&w.access(&w.carl), w.input("New cups", Some(at)), &ctx)
        .await
        .unwrap();
    assert_eq!(waiting.state, PostState::InReview);

    // cleo: a client member who sees the workspace's one account.
    let cleo = w.app.add_user("cleo", Language::En).await;
    let now = w.app.clock.now();
    let inv = Invitation {
        id: InvitationId(Uuid::now_v7()),
        workspace: w.workspace,
        role: MemberRole::Client,
        accounts: AccountScope::Only(vec![w.account]),
        email: None,
        digest: TokenDigest(format!("{:0>64}", "cleo")),
        created_by: w.olga.id,
        created_at: now,
        expires_at: now + Duration::days(7),
        used_at: None,
        used_by: None,
        revoked_at: None,
    };
    assert!(w.app.store.insert_invitation(&inv, 50, now).await.unwrap());
    assert!(matches!(
        w.app
            .store
            .accept_invitation(&inv.digest, cleo.id, now, 200)
            .await
            .unwrap(),
        Accepted::Joined(_)
    ));

    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/ui-screenshots/client-review");
    std::fs::create_dir_all(&shots).unwrap();
    let ws = w.workspace.to_string();
    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        // olga shares the scheduled post; "hold" is ticked by default.
        sign_in_to_workspace(&browser, &w.app.base, "olga", &ws).await?;
        browser
            .goto(&w.app.url(&format!("/review-links?post={}", post.id)))
            .await?;
        let pick = browser
            .wait()
            .for_element(Locator::Css(&format!(
                "input[name=post][value='{}']",
                post.id
            )))
            .await?;
        assert!(pick.is_selected().await?, "preselected from the post");
        assert!(
            browser
                .find(Locator::Css("input[name=hold]"))
                .await?
                .is_selected()
                .await?,
            "hold is the default"
        );
        browser
            .find(Locator::Id("rl-label"))
            .await?
            .send_keys("Acme Coffee")
            .await?;
        shoot_both(&browser, &shots, "review-links-new").await?;
        browser
            .find(Locator::Css("form.rl-form button[type=submit]"))
            .await?
            .click()
            .await?;
        let url = browser
            .find(Locator::Id("review-url"))
            .await?
            .text()
            .await?;
        shoot_both(&browser, &shots, "review-links-made").await?;
        assert_eq!(w.post(post.id).await.state, PostState::InReview, "held");

        // The client, signed out, opens the link: ru and kk look right too.
        browser.delete_all_cookies().await?;
        let path = &url[url.find("/r/").expect("a review path")..];
        for lang in ["ru", "kk"] {
            browser
                .goto(&w.app.url(&format!("{path}?lang={lang}")))
                .await?;
            browser.wait().for_element(Locator::Css(".rv-card")).await?;
            shoot_both(&browser, &shots, &format!("link-{lang}")).await?;
        }
        browser.goto(&w.app.url(path)).await?;
        wait_for_text(&browser, "Posts for Acme Coffee").await?;
        wait_for_text(&browser, "Winter menu").await?;
        shoot_both(&browser, &shots, "link-en").await?;
        browser
            .find(Locator::Css(&format!(
                "#post-{} form.rv-approve button[value=approved]",
                post.id
            )))
            .await?
            .click()
            .await?;
        wait_for_text(&browser, "Approved by Acme Coffee").await?;
        shoot_both(&browser, &shots, "link-approved").await?;
        assert_eq!(w.post(post.id).await.state, PostState::Scheduled);

        // cleo asks for changes on carl's post from her page.
        sign_in_to_workspace(&browser, &w.app.base, "cleo", &ws).await?;
        browser.goto(&w.app.url("/client")).await?;
        wait_for_text(&browser, "New cups").await?;
        shoot_both(&browser, &shots, "client-page").await?;
        browser
            .find(Locator::Id(&format!("note-{}", waiting.id)))
            .await?
            .send_keys("Show the cups from above, please")
            .await?;
        browser
            .find(Locator::Css(&format!(
                "#post-{} form.rv-changes button",
                waiting.id
            )))
            .await?
            .click()
            .await?;
        wait_for_text(&browser, "Your request for changes was sent to the team").await?;
        wait_for_text(&browser, "Being changed by the team").await?;
        wait_for_text(&browser, "Show the cups from above, please").await?;
        shoot_both(&browser, &shots, "client-page-asked").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.clone().close().await;
    outcome.unwrap();

    let asked = w.post(waiting.id).await;
    assert_eq!(asked.state, PostState::ChangesRequested);
    assert_eq!(
        asked.reason.as_deref(),
        Some("Show the cups from above, please")
    );

    w.run_worker_for(Duration::hours(3) + Duration::minutes(2))
        .await;
    let done = w.post(post.id).await;
    assert_eq!(done.state, PostState::Published, "{:?}", done.reason);
    let published = w.fake.published_media(&w.seeded);
    assert_eq!(published.len(), 1, "only the approved post");
    assert_eq!(published[0].caption, "Winter menu ☕");
}
