//! Approvals over HTTP on SQLite and MariaDB, with the fake Instagram: a
//! contributor's post waits in review, approvers are told, changes are
//! requested and made, the approved post is published once through the
//! fake Graph; a post left in review past its time expires and Instagram
//! never sees it. Every documented status of the approvals API.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use secrecy::SecretString;
use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::instagram::{InstagramApi, LongLivedToken};
use socialflow_core::posts::{
    MediaClass, Post, PostId, PostInput, PostKind, PostState, PublisherConfig,
};
use socialflow_core::storage::{HealthRepo, Store};
use socialflow_core::user::Role;
use socialflow_core::workspaces::{
    Accepted, Access, AccountScope, Invitation, InvitationId, MemberRole, Workspace, WorkspaceId,
};
use socialflow_core::{Clock, Language, RequestContext, User, UserId, Username};
use socialflow_fake_graph::{
    FakeGraph, FakeGraphConfig, RunningFakeGraph, SeedProfile, SeededAccount,
};
use socialflow_graph::{GraphClient, GraphConfig};
use socialflow_sql::{ScratchDatabase, SqliteStore};
use time::Duration;
use uuid::Uuid;

use crate::support::TestApp;

/// A shared workspace "Agency" owned by olga, with erik (editor), carl
/// (contributor) and vera (viewer), and the fake's account connected to
/// the workspace.
pub struct TeamWorld {
    pub fake: FakeGraph,
    pub _running: RunningFakeGraph,
    pub app: TestApp,
    pub seeded: SeededAccount,
    pub workspace: WorkspaceId,
    pub account: AccountId,
    pub olga: User,
    pub erik: User,
    pub carl: User,
    pub vera: User,
}

impl TeamWorld {
    pub async fn start(store: Option<Arc<dyn Store>>) -> Self {
        let fake = FakeGraph::new(FakeGraphConfig {
            fetch_media: false,
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
        let clock = Arc::new(socialflow_fakes::ManualClock::new(fake.now()));
        let mut builder = TestApp::builder().instagram(graph).clock(clock);
        if let Some(store) = store {
            builder = builder.store(store);
        }
        let app = builder.spawn().await;
        let olga = app.add_user("olga", Language::En).await;
        let erik = app.add_user("erik", Language::En).await;
        let carl = app.add_user("carl", Language::En).await;
        let vera = app.add_user("vera", Language::En).await;
        let now = app.clock.now();
        let id = Uuid::now_v7();
        let principal = User {
            id: UserId(id),
            username: Username::for_workspace(id),
            password_hash: socialflow_core::password::PasswordHash("!".into()),
            role: Role::Workspace,
            language: Language::En,
            time_zone: socialflow_core::TimeZone::default(),
            created_at: now,
            updated_at: now,
        };
        let workspace = WorkspaceId(id);
        assert!(
            app.store
                .create_workspace(
                    &principal,
                    &Workspace {
                        id: workspace,
                        name: "Agency".into(),
                        personal: false,
                        created_at: now,
                    },
                    olga.id,
                    20,
                )
                .await
                .unwrap()
        );
        for (u, role) in [
            (&erik, MemberRole::Editor),
            (&carl, MemberRole::Contributor),
            (&vera, MemberRole::Viewer),
        ] {
            let inv = Invitation {
                id: InvitationId(Uuid::now_v7()),
                workspace,
                role,
                accounts: AccountScope::All,
                email: None,
                digest: TokenDigest(format!("{:0>64}", u.username.as_str())),
                created_by: olga.id,
                created_at: now,
                expires_at: now + Duration::days(7),
                used_at: None,
                used_by: None,
                revoked_at: None,
            };
            assert!(app.store.insert_invitation(&inv, 50, now).await.unwrap());
            assert!(matches!(
                app.store
                    .accept_invitation(&inv.digest, u.id, now, 200)
                    .await
                    .unwrap(),
                Accepted::Joined(_)
            ));
        }
        let account = app
            .state
            .accounts
            .attach(
                workspace.owner(),
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
            .account
            .id;
        TeamWorld {
            fake,
            _running: running,
            app,
            seeded,
            workspace,
            account,
            olga,
            erik,
            carl,
            vera,
        }
    }

    pub fn access(&self, who: &User) -> Access {
        let role = if who.id == self.olga.id {
            MemberRole::Owner
        } else if who.id == self.erik.id {
            MemberRole::Editor
        } else if who.id == self.carl.id {
            MemberRole::Contributor
        } else {
            MemberRole::Viewer
        };
        Access {
            user: who.id,
            workspace: self.workspace,
            role,
            accounts: AccountScope::All,
        }
    }

    /// A feed post's input with an image of the workspace's, at `at`.
    pub fn input(&self, caption: &str, at: Option<time::OffsetDateTime>) -> PostInput {
        let img = self.app.media.add(
            self.workspace.owner(),
            MediaClass::Image,
            "https://media.example/a.jpg",
        );
        PostInput {
            account_id: self.account,
            kind: PostKind::Post,
            media: vec![img],
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: caption.into(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: at,
        }
    }

    pub async fn post(&self, id: PostId) -> Post {
        self.app
            .state
            .posts
            .get(self.workspace.owner(), id)
            .await
            .unwrap()
    }

    /// Moves both clocks on by `by`, running the publisher and the expiry
    /// sweep every 10 s of it, as the worker would.
    pub async fn run_worker_for(&self, by: Duration) {
        let publisher = self.app.state.publisher(PublisherConfig::new("t"));
        let sweep = self.app.state.approvals();
        let steps = (by.whole_seconds() / 10).max(1);
        for _ in 0..steps {
            sweep.expire_overdue(100).await.unwrap();
            publisher.run_once().await.unwrap();
            self.app.clock.advance(Duration::seconds(10));
            self.fake.advance(std::time::Duration::from_secs(10));
        }
        sweep.expire_overdue(100).await.unwrap();
        publisher.run_once().await.unwrap();
    }

    /// A REST call as `tok` in the team's workspace.
    pub async fn call(
        &self,
        tok: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.call_in(tok, method, path, body, &self.workspace.to_string())
            .await
    }

    pub async fn call_in(
        &self,
        tok: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        workspace: &str,
    ) -> (u16, Value) {
        let mut r = self
            .app
            .browser()
            .request(method, self.app.url(path))
            .bearer_auth(tok)
            .header("SocialFlow-Workspace", workspace);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

async fn unread_approvals(app: &TestApp, tok: &str) -> Vec<String> {
    let (s, body) = app.api_get(tok, "/api/v1/notifications").await;
    assert_eq!(s, 200, "{body}");
    body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|n| n["kind"] == "approval")
        .map(|n| n["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn review_flow(store: Arc<dyn Store>) {
    let w = TeamWorld::start(Some(store)).await;
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;
    let olga = w.app.api_token(&w.olga).await;
    let carl = w.app.api_token(&w.carl).await;
    let vera = w.app.api_token(&w.vera).await;
    let at = w.app.clock.now() + Duration::hours(2);

    // carl (contributor) schedules: the post waits in review.
    let (p, _) = w
        .app
        .state
        .approvals()
        .create(
            &w.access(&w.carl),
            w.input("Autumn menu", Some(at)),
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    assert_eq!(p.state, PostState::InReview);
    let id = p.id;
    let told = unread_approvals(&w.app, &olga).await;
    assert_eq!(told.len(), 1, "olga may approve: {told:?}");
    assert!(told[0].contains("@corner_cafe"), "{told:?}");
    assert!(
        unread_approvals(&w.app, &vera).await.is_empty(),
        "vera may not approve"
    );
    assert!(
        unread_approvals(&w.app, &carl).await.is_empty(),
        "not the author"
    );

    // The queue: approvers only; a workspace one is not in is not found.
    let (s, q) = w.call(&olga, get.clone(), "/api/v1/approvals", None).await;
    assert_eq!(s, 200, "{q}");
    assert_eq!(q["posts"].as_array().unwrap().len(), 1);
    assert_eq!(q["posts"][0]["state"], "in_review");
    let (s, _) = w.call(&carl, get.clone(), "/api/v1/approvals", None).await;
    assert_eq!(s, 403);
    let (s, e) = w
        .call_in(
            &olga,
            get.clone(),
            "/api/v1/approvals",
            None,
            &Uuid::now_v7().to_string(),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (404, Some("workspace_not_found")));

    // Refusals: a contributor may not approve; a bad note; a wrong state.
    let approve = format!("/api/v1/posts/{id}/approve");
    let changes = format!("/api/v1/posts/{id}/request-changes");
    let submit = format!("/api/v1/posts/{id}/submit");
    let (s, e) = w.call(&carl, post.clone(), &approve, None).await;
    assert_eq!((s, e["code"].as_str()), (403, Some("forbidden")), "{e}");
    for note in [json!(""), json!("x".repeat(2001))] {
        let (s, e) = w
            .call(&olga, post.clone(), &changes, Some(json!({"note": note})))
            .await;
        assert_eq!((s, e["code"].as_str()), (422, Some("invalid_note")), "{e}");
    }
    let (s, e) = w.call(&carl, post.clone(), &submit, None).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("wrong_review_state")));
    let (s, e) = w
        .call(
            &olga,
            post.clone(),
            &format!("/api/v1/posts/{}/approve", Uuid::now_v7()),
            None,
        )
        .await;
    assert_eq!(s, 404, "{e}");

    // olga asks for changes; carl is told, edits and sends it again.
    let (s, body) = w
        .call(
            &olga,
            post.clone(),
            &changes,
            Some(json!({"note": "Add the price <b>please</b>"})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["state"], "changes_requested");
    assert_eq!(body["reason"], "Add the price <b>please</b>");
    assert_eq!(unread_approvals(&w.app, &carl).await.len(), 1);
    let (s, e) = w.call(&olga, post.clone(), &approve, None).await;
    assert_eq!((s, e["code"].as_str()), (409, Some("wrong_review_state")));
    let mut input = PostInput::from(&w.post(id).await.content);
    input.caption = "Autumn menu — 1 500 ₸".into();
    let (edited, _) = w
        .app
        .state
        .approvals()
        .update(&w.access(&w.carl), id, input, None, &RequestContext::cli())
        .await
        .unwrap();
    assert_eq!(edited.state, PostState::InReview);

    // Notes with a mention, kept from clients and strangers.
    let notes = format!("/api/v1/posts/{id}/notes");
    let (s, n) = w
        .call(
            &olga,
            post.clone(),
            &notes,
            Some(json!({"body": "@carl looks good <script>"})),
        )
        .await;
    assert_eq!(s, 201, "{n}");
    assert_eq!(n["author"], "olga");
    let (s, list) = w.call(&vera, get.clone(), &notes, None).await;
    assert_eq!(s, 200);
    assert_eq!(list[0]["body"], "@carl looks good <script>");
    let (s, e) = w
        .call(&vera, post.clone(), &notes, Some(json!({"body": "hi"})))
        .await;
    assert_eq!((s, e["code"].as_str()), (403, Some("forbidden")));
    let (s, e) = w
        .call(&olga, post.clone(), &notes, Some(json!({"body": "  "})))
        .await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid_note")));
    let note = format!("{notes}/{}", n["id"].as_str().unwrap());
    let (s, _) = w.call(&carl, reqwest::Method::DELETE, &note, None).await;
    assert_eq!(s, 404, "only its author deletes a note");
    assert_eq!(unread_approvals(&w.app, &carl).await.len(), 2, "mentioned");
    // In olga's personal workspace the post does not exist.
    let (s, _) = w.app.api_get(&olga, &notes).await;
    assert_eq!(s, 404);

    // olga approves: scheduled, carl told, published once at its time.
    let (s, body) = w.call(&olga, post.clone(), &approve, None).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["state"], "scheduled");
    let (s, _) = w.call(&olga, reqwest::Method::DELETE, &note, None).await;
    assert_eq!(s, 204);
    w.run_worker_for(Duration::hours(2) + Duration::minutes(2))
        .await;
    let done = w.post(id).await;
    assert_eq!(done.state, PostState::Published, "{:?}", done.reason);
    let published = w.fake.published_media(&w.seeded);
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].caption, "Autumn menu — 1 500 ₸");
}

async fn expiry_flow(store: Arc<dyn Store>) {
    let w = TeamWorld::start(Some(store)).await;
    let at = w.app.clock.now() + Duration::minutes(30);
    let (p, _) = w
        .app
        .state
        .approvals()
        .create(
            &w.access(&w.carl),
            w.input("Never approved", Some(at)),
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    let (q, _) = w
        .app
        .state
        .approvals()
        .create(
            &w.access(&w.erik),
            w.input("Editor's own", Some(at)),
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    assert_eq!(q.state, PostState::Scheduled);
    w.run_worker_for(Duration::minutes(40)).await;
    let expired = w.post(p.id).await;
    assert_eq!(expired.state, PostState::Expired);
    assert_eq!(w.post(q.id).await.state, PostState::Published);
    let captions: Vec<String> = w
        .fake
        .published_media(&w.seeded)
        .into_iter()
        .map(|m| m.caption)
        .collect();
    assert_eq!(
        captions,
        vec!["Editor's own".to_string()],
        "Instagram never saw it"
    );
    // Approving it now is too late: 409.
    let olga = w.app.api_token(&w.olga).await;
    let (s, e) = w
        .call(
            &olga,
            reqwest::Method::POST,
            &format!("/api/v1/posts/{}/approve", p.id),
            None,
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (409, Some("wrong_review_state")));
    let carl = w.app.api_token(&w.carl).await;
    let told = unread_approvals(&w.app, &carl).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains("expired"), "{told:?}");
}

async fn sqlite() -> Arc<dyn Store> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("a.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    // The file outlives the test's store handle.
    std::mem::forget(dir);
    Arc::new(store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_approve_and_publish_on_sqlite() {
    review_flow(sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_approve_and_publish_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    review_flow(Arc::new(scratch.store().await.unwrap())).await;
    scratch.drop_database().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_left_in_review_expires_unpublished_on_sqlite() {
    expiry_flow(sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_left_in_review_expires_unpublished_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expiry_flow(Arc::new(scratch.store().await.unwrap())).await;
    scratch.drop_database().await.unwrap();
}
