//! Client review links and the client role's page, on SQLite and MariaDB:
//! a link shows exactly its posts and nothing of other posts or
//! workspaces; a decision through it moves the post as an approver's would
//! (approved → scheduled, changes → back to its author), is recorded and
//! audited; only posts in review take decisions; a revoked or
//! expired link answers 410 and changes nothing; its form refuses a missing
//! or forged token; a client member sees only the posts of the accounts
//! assigned to them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use serde_json::json;
use socialflow_core::account::AccountId;
use socialflow_core::audit::AuditKind;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::password::PasswordHash;
use socialflow_core::posts::{Post, PostContent, PostId, PostKind, PostState};
use socialflow_core::storage::{HealthRepo, Store};
use socialflow_core::user::Role;
use socialflow_core::workspaces::{
    Accepted, AccountScope, Invitation, InvitationId, MemberRole, Workspace, WorkspaceId,
};
use socialflow_core::{Clock, Language, User, UserId, Username};
use socialflow_sql::{ScratchDatabase, SqliteStore};
use time::{Duration, OffsetDateTime};

use crate::support::{PASSWORD, TestApp};

/// A post of `owner` on `account` stored directly (these tests never
/// publish): a scheduled post when `at` is given, else a draft.
pub async fn add_post(
    app: &TestApp,
    owner: UserId,
    account: AccountId,
    caption: &str,
    at: Option<OffsetDateTime>,
) -> PostId {
    let state = if at.is_some() {
        PostState::Scheduled
    } else {
        PostState::Draft
    };
    insert_post(app, owner, account, caption, at, state).await
}

/// A post at `at` sent for review by its owner, stored directly.
pub async fn add_in_review(
    app: &TestApp,
    owner: UserId,
    account: AccountId,
    caption: &str,
    at: OffsetDateTime,
) -> PostId {
    insert_post(app, owner, account, caption, Some(at), PostState::InReview).await
}

async fn insert_post(
    app: &TestApp,
    owner: UserId,
    account: AccountId,
    caption: &str,
    at: Option<OffsetDateTime>,
    state: PostState,
) -> PostId {
    let now = app.clock.now();
    let in_review = state == PostState::InReview;
    // A picture, as a post with a time has (a held post is checked again).
    let img = app.media.add(
        owner,
        socialflow_core::posts::MediaClass::Image,
        "https://media.example/p.jpg",
    );
    let p = Post {
        id: PostId::new(),
        owner,
        content: PostContent {
            account_id: account,
            kind: PostKind::Post,
            media: vec![img],
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: caption.into(),
            hashtags: "#coffee".into(),
            first_comment: None,
            collaborators: vec![],
            location_id: None,
            alt_text: None,
            user_tags: vec![],
            options: Default::default(),
            scheduled_at: at,
        },
        state,
        child_containers: vec![],
        container_id: None,
        ig_media_id: None,
        permalink: None,
        first_comment_id: None,
        first_comment_tried: false,
        hold: None,
        reason: None,
        attempts: 0,
        submitted_by: in_review.then_some(owner),
        next_action_at: if in_review { None } else { at },
        publish_started_at: None,
        published_at: None,
        failure_acknowledged: false,
        version: 1,
        content_rev: 1,
        containers_rev: None,
        containers_at: None,
        created_at: now,
        updated_at: now,
    };
    app.store.insert_post(&p).await.unwrap();
    p.id
}

/// The path of the new link shown on the page (`/r/<secret>`).
pub fn link_path(html: &str) -> String {
    let start = html.find("/r/").expect("the new link is shown");
    let end = start + html[start..].find('<').unwrap();
    html[start..end].to_string()
}

/// The link-bound token of a review page's forms.
pub fn form_token(html: &str) -> String {
    let marker = "name=\"token\" value=\"";
    let start = html.find(marker).expect("a form token") + marker.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

async fn audit_kinds(app: &TestApp, user: UserId) -> Vec<AuditKind> {
    app.store
        .audit_for_user(user, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

async fn a_link_shows_its_posts_and_takes_decisions(app: &TestApp) {
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let shop = app.add_account(&alice, "alice_shop").await;
    let bobs = app.add_account(&bob, "bob_shop").await;
    let at = app.clock.now() + Duration::days(2);
    let one = add_in_review(app, alice.id, shop, "First <b>post</b>\nsecond line", at).await;
    // Scheduled, not in review: sharing it with "hold" sends it for review.
    let two = add_post(app, alice.id, shop, "Second post of alice", Some(at)).await;
    let three = add_post(app, alice.id, shop, "Third post not shared", Some(at)).await;
    let secret_of_bob = add_post(app, bob.id, bobs, "Bob's own post", Some(at)).await;

    // Alice chooses two posts and makes a link; it is shown once.
    let s = app.login_as("alice").await;
    let page = s.get_page(&format!("/review-links?post={one}")).await;
    assert!(page.contains(&format!("value=\"{one}\" checked")), "{page}");
    assert!(!page.contains("Bob&#x27;s own post") && !page.contains("Bob's own post"));
    let csrf = s.csrf("/review-links").await;
    let r = s
        .post_form_with(
            "/review-links",
            &csrf,
            &[
                ("label", "Acme Coffee"),
                ("days", "7"),
                ("hold", "on"),
                ("post", &one.to_string()),
                ("post", &two.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let made = r.text().await.unwrap();
    assert!(
        made.contains("2 posts wait for approval before publishing"),
        "{made}"
    );
    let path = link_path(&made);
    let held = app.store.post(alice.id, two).await.unwrap().unwrap();
    assert_eq!(held.state, PostState::InReview, "held for the client");
    assert_eq!(held.next_action_at, None, "the worker leaves it");
    assert!(!s.get_page("/review-links").await.contains(&path), "once");
    assert!(
        audit_kinds(app, alice.id)
            .await
            .contains(&AuditKind::ReviewLinkCreated)
    );

    // Anyone with the link, signed out, sees exactly those two posts.
    let anon = app.browser();
    let r = anon.visit(&path).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    assert_eq!(r.headers()["x-robots-tag"], "noindex");
    let html = r.text().await.unwrap();
    assert!(html.contains("Posts for Acme Coffee"), "{html}");
    let at_first = html.find("First").expect("the caption");
    assert!(
        html[at_first..].starts_with("First &#60;b&#62;post&#60;/b&#62;\nsecond line"),
        "escaped, lines kept: {}",
        &html[at_first..at_first + 60]
    );
    assert!(html.contains("<span class=\"rv-tag\">#coffee</span>"));
    assert!(html.contains("Second post of alice"));
    assert!(html.contains("alice_shop"));
    assert!(!html.contains("Third post not shared"));
    assert!(!html.contains("Bob"));
    assert!(!html.contains("name=\"csrf\""), "no session form");
    let token = form_token(&html);

    // The form needs the link's own token.
    let decide = |token: String, post: String, verdict: &'static str, note: &'static str| {
        let anon = anon.clone();
        let path = path.clone();
        async move {
            anon.submit(
                &path,
                &[
                    ("token", token.as_str()),
                    ("post", post.as_str()),
                    ("verdict", verdict),
                    ("note", note),
                    ("lang", "en"),
                ],
            )
            .await
        }
    };
    let r = anon
        .submit(
            &path,
            &[("post", one.to_string().as_str()), ("verdict", "approved")],
        )
        .await;
    assert_eq!(r.status(), 403, "no token");
    let forged = "0".repeat(token.len());
    assert_eq!(
        decide(forged, one.to_string(), "approved", "")
            .await
            .status(),
        403
    );
    // Another link's token does not fit either.
    assert_eq!(
        decide(token.clone(), three.to_string(), "approved", "")
            .await
            .status(),
        404,
        "not a post of this link"
    );
    assert_eq!(
        decide(token.clone(), secret_of_bob.to_string(), "approved", "")
            .await
            .status(),
        404
    );
    let r = decide(token.clone(), one.to_string(), "approved", "").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    let html = anon.get_page(&path).await;
    assert!(html.contains("Approved by Acme Coffee"), "{html}");
    // The approval is the approvals': the post is scheduled for the worker.
    let approved = app.store.post(alice.id, one).await.unwrap().unwrap();
    assert_eq!(approved.state, PostState::Scheduled);
    assert!(approved.next_action_at.is_some());
    assert!(
        audit_kinds(app, alice.id)
            .await
            .contains(&AuditKind::PostApproved)
    );
    // Decided once: a second decision on it finds it no longer in review.
    let r = decide(token.clone(), one.to_string(), "changes_requested", "Late").await;
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("not waiting for a decision now")
    );
    assert_eq!(
        app.store.post(alice.id, one).await.unwrap().unwrap().state,
        PostState::Scheduled,
        "unchanged"
    );

    // Asking for changes needs a note; a refused one comes back as typed.
    let r = decide(token.clone(), two.to_string(), "changes_requested", "   ").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Say what should change."));
    let r = decide(
        token.clone(),
        two.to_string(),
        "changes_requested",
        "Brighter photo, please",
    )
    .await;
    assert_eq!(r.status(), 303);
    let html = anon.get_page(&path).await;
    assert!(html.contains("Changes asked by Acme Coffee"));
    assert!(html.contains("Brighter photo, please"));
    let sent_back = app.store.post(alice.id, two).await.unwrap().unwrap();
    assert_eq!(sent_back.state, PostState::ChangesRequested);
    assert_eq!(sent_back.reason.as_deref(), Some("Brighter photo, please"));
    assert!(
        audit_kinds(app, alice.id)
            .await
            .contains(&AuditKind::ReviewDecisionMade)
    );

    // The list and the API show the decisions; Bob sees none of it.
    let list = s.get_page("/review-links").await;
    assert!(list.contains("Acme Coffee"));
    assert!(list.contains("1 approved, 1 change asked"), "{list}");
    let alice_tok = app.api_token(&alice).await;
    let bob_tok = app.api_token(&bob).await;
    let (status, links) = app.api_get(&alice_tok, "/api/v1/review-links").await;
    assert_eq!(status, 200, "{links}");
    assert_eq!(links[0]["label"], "Acme Coffee");
    assert_eq!(links[0]["decisions"].as_array().unwrap().len(), 2);
    let id = links[0]["id"].as_str().unwrap().to_string();
    let (_, theirs) = app.api_get(&bob_tok, "/api/v1/review-links").await;
    assert_eq!(theirs, json!([]));
    let b = app.login_as("bob").await;
    assert!(!b.get_page("/review-links").await.contains("Acme Coffee"));
    let r = b
        .post_form(&format!("/review-links/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status(), 404);
    let (status, _) = app
        .api_call(
            &bob_tok,
            reqwest::Method::DELETE,
            &format!("/api/v1/review-links/{id}"),
            None,
        )
        .await;
    assert_eq!(status, 404);
    // Bob cannot put Alice's post into a link of his.
    let (status, body) = app
        .api_post(
            &bob_tok,
            "/api/v1/review-links",
            json!({"label": "x", "post_ids": [one.to_string()]}),
        )
        .await;
    assert_eq!(status, 404, "{body}");

    // Withdrawn: 410 for the page and the form, and nothing changes.
    let r = s
        .post_form(&format!("/review-links/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        audit_kinds(app, alice.id)
            .await
            .contains(&AuditKind::ReviewLinkRevoked)
    );
    let r = anon.visit(&path).await;
    assert_eq!(r.status(), 410);
    assert!(r.text().await.unwrap().contains("no longer works"));
    assert_eq!(
        decide(token.clone(), one.to_string(), "changes_requested", "late")
            .await
            .status(),
        410
    );
    let (_, links) = app.api_get(&alice_tok, "/api/v1/review-links").await;
    assert_eq!(links[0]["working"], false);
    assert_eq!(links[0]["decisions"][0]["verdict"], "approved");
    assert_eq!(anon.visit("/r/not-a-secret").await.status(), 410);

    // Expired: a one-day link over the API stops after a day.
    let (status, body) = app
        .api_post(
            &alice_tok,
            "/api/v1/review-links",
            json!({"label": "Short", "post_ids": [three.to_string()], "valid_days": 1}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["held_for_review"], 0, "not asked to hold");
    let url = body["url"].as_str().unwrap();
    let short = &url[url.find("/r/").unwrap()..];
    let html = anon.get_page(short).await;
    assert!(html.contains("Third post not shared"));
    // A scheduled post shared without holding keeps its state and is shown
    // as scheduled, without a decision form.
    assert!(html.contains("Scheduled"), "{html}");
    assert!(!html.contains("name=\"verdict\""), "{html}");
    assert_eq!(
        app.store
            .post(alice.id, three)
            .await
            .unwrap()
            .unwrap()
            .state,
        PostState::Scheduled
    );
    let (status, body) = app
        .api_post(
            &alice_tok,
            "/api/v1/review-links",
            json!({"label": "", "post_ids": [three.to_string()], "valid_days": 31}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    app.clock.advance(Duration::days(1));
    assert_eq!(anon.visit(short).await.status(), 410, "expired");
}

/// A shared workspace of `owner` with its principal row.
async fn shared_workspace(app: &TestApp, owner: &User) -> WorkspaceId {
    let id = uuid::Uuid::now_v7();
    let now = app.clock.now();
    let principal = User {
        id: UserId(id),
        username: Username::for_workspace(id),
        password_hash: PasswordHash("!".into()),
        role: Role::Workspace,
        language: Language::En,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: now,
        updated_at: now,
    };
    let ws = Workspace {
        id: WorkspaceId(id),
        name: "Agency".into(),
        personal: false,
        created_at: now,
    };
    assert!(
        app.store
            .create_workspace(&principal, &ws, owner.id, 20)
            .await
            .unwrap()
    );
    ws.id
}

/// Makes `user` a member of `ws` with `role` over `accounts`.
async fn join(
    app: &TestApp,
    ws: WorkspaceId,
    by: &User,
    user: &User,
    role: MemberRole,
    accounts: AccountScope,
) {
    let now = app.clock.now();
    let digest = TokenDigest(format!("invite-{}", user.username));
    let inv = Invitation {
        id: InvitationId(uuid::Uuid::now_v7()),
        workspace: ws,
        role,
        accounts,
        email: None,
        digest: digest.clone(),
        created_by: by.id,
        created_at: now,
        expires_at: now + Duration::days(1),
        used_at: None,
        used_by: None,
        revoked_at: None,
    };
    assert!(app.store.insert_invitation(&inv, 50, now).await.unwrap());
    assert!(matches!(
        app.store
            .accept_invitation(&digest, user.id, now, 200)
            .await
            .unwrap(),
        Accepted::Joined(_)
    ));
}

/// A signed-in session working in `ws` (its `sf_ws` cookie set).
pub async fn session_in(app: &TestApp, username: &str, ws: WorkspaceId) -> crate::support::Session {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(
        &format!("sf_ws={}", ws.0),
        &app.base.parse::<reqwest::Url>().unwrap(),
    );
    let client = reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let s = app.session_with(client);
    let r = app.login(s.client(), username, PASSWORD).await;
    assert_eq!(r.status(), 303, "login of {username}");
    s
}

async fn a_client_sees_only_the_posts_of_their_accounts(app: &TestApp) {
    let owner = app.add_user("owner", Language::En).await;
    let carol = app.add_user("carol", Language::En).await;
    let ws = shared_workspace(app, &owner).await;
    let principal = app.user(ws.owner()).await;
    let mine = app.add_account(&principal, "carol_brand").await;
    let other = app.add_account(&principal, "other_brand").await;
    let at = app.clock.now() + Duration::days(3);
    let waiting = add_in_review(app, ws.owner(), mine, "Draft for carol", at).await;
    let later = add_post(app, ws.owner(), mine, "Scheduled for carol", Some(at)).await;
    let hidden = add_post(app, ws.owner(), other, "Other brand secret", None).await;
    let personal = app.add_account(&carol, "carol_private").await;
    add_post(app, carol.id, personal, "Carol personal post", None).await;
    join(
        app,
        ws,
        &owner,
        &carol,
        MemberRole::Client,
        AccountScope::Only(vec![mine]),
    )
    .await;

    let c = session_in(app, "carol", ws).await;
    let html = c.get_page("/client").await;
    assert!(html.contains("Draft for carol"), "{html}");
    assert!(html.contains("Scheduled for carol"));
    assert!(
        html.find("Draft for carol") < html.find("Scheduled for carol"),
        "awaiting review first"
    );
    assert!(!html.contains("Other brand secret"));
    assert!(!html.contains("Carol personal post"));
    let csrf = crate::support::csrf_in(&html).expect("a form");
    let r = c
        .post_form_with(
            &format!("/client/posts/{waiting}/decide"),
            &csrf,
            &[("verdict", "approved")],
        )
        .await;
    assert_eq!(r.status(), 303);
    // The client's approval is an approval: the post is scheduled, and the
    // workspace's audit names carol.
    let approved = app.store.post(ws.owner(), waiting).await.unwrap().unwrap();
    assert_eq!(approved.state, PostState::Scheduled);
    let audit = app.store.audit_for_user(ws.owner(), 100).await.unwrap();
    assert!(
        audit.iter().any(
            |e| e.kind == AuditKind::PostApproved && e.detail.contains(&carol.id.0.to_string())
        ),
        "{audit:?}"
    );
    let html = c.get_page("/client").await;
    assert!(
        !html.contains("name=\"verdict\""),
        "nothing waits now: {html}"
    );
    let r = c
        .post_form_with(
            &format!("/client/posts/{hidden}/decide"),
            &csrf,
            &[("verdict", "approved")],
        )
        .await;
    assert_eq!(r.status(), 404, "not an assigned account");
    let r = c
        .post_form_with(
            &format!("/client/posts/{later}/decide"),
            &csrf,
            &[("verdict", "changes_requested"), ("note", "")],
        )
        .await;
    assert_eq!(r.status(), 422);
    // Without its token the form is refused.
    let r = c
        .submit(
            &format!("/client/posts/{later}/decide"),
            &[("verdict", "approved")],
        )
        .await;
    assert_eq!(r.status(), 403);
    // A client makes no links.
    assert_eq!(c.visit("/review-links").await.status(), 403);
    // The owner, in the workspace, can share its posts.
    let o = session_in(app, "owner", ws).await;
    let page = o.get_page("/review-links").await;
    assert!(page.contains("Other brand secret") && page.contains("Draft for carol"));
}

async fn sqlite_app() -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("review.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let app = TestApp::builder()
        .store(Arc::new(store) as Arc<dyn Store>)
        .spawn()
        .await;
    (app, dir)
}

async fn on_mariadb<F, Fut>(scenario: F)
where
    F: FnOnce(TestApp) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = Arc::new(scratch.store().await.unwrap());
    let app = TestApp::builder()
        .store(store.clone() as Arc<dyn Store>)
        .spawn()
        .await;
    let outcome = tokio::spawn(async move { scenario(app).await }).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
async fn review_link_on_sqlite() {
    let (app, _dir) = sqlite_app().await;
    a_link_shows_its_posts_and_takes_decisions(&app).await;
}

#[tokio::test]
async fn review_link_on_mariadb() {
    on_mariadb(|app| async move { a_link_shows_its_posts_and_takes_decisions(&app).await }).await;
}

#[tokio::test]
async fn client_member_on_sqlite() {
    let (app, _dir) = sqlite_app().await;
    a_client_sees_only_the_posts_of_their_accounts(&app).await;
}

#[tokio::test]
async fn client_member_on_mariadb() {
    on_mariadb(|app| async move { a_client_sees_only_the_posts_of_their_accounts(&app).await })
        .await;
}
