//! Teams on real databases, through the pages and the REST API: creating a
//! workspace, an invitation link used once by a second user (signed out
//! first: the login comes back to it), refused without its CSRF token,
//! expired links answering 410, admins unable to make owners, the last
//! owner unable to leave, deleting with the typed name; and account
//! deletion refused while the user alone owns a team with members. A
//! member limited to some accounts sees only theirs in every list; a
//! contributor moves no time without review; a client lands on the
//! client page with a navigation of their own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{PASSWORD, Session, TestApp, csrf_in};
use crate::teams_matrix::{add_member, api, shared_workspace};
use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{DailyInsights, FollowerSnapshot, MediaMetrics, SnapshotSource};
use socialflow_core::audit::AuditKind;
use socialflow_core::inbox::{CachedComment, CachedConversation, CachedMedia, CachedMessage};
use socialflow_core::posts::MediaClass;
use socialflow_core::workspaces::{AccountScope, MemberRole, WorkspaceId};
use socialflow_core::{Clock, Language, Store};
use time::Duration;

/// The invitation link shown once on the page after creating it.
fn shown_link(html: &str) -> String {
    let start = html.find("/invite/").expect("a link on the page");
    let end = html[start..].find('<').unwrap() + start;
    html[start..end].to_string()
}

fn cookie_ws(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("sf_ws=") && !c.starts_with("sf_ws=;"))
        .map(|c| c["sf_ws=".len()..].split(';').next().unwrap().to_string())
}

async fn team_csrf(s: &Session) -> String {
    s.csrf("/team").await
}

async fn a_team_from_invitation_to_deletion(store: Arc<dyn Store>) {
    let app = TestApp::builder().store(store.clone()).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::Ru).await;
    let carol = app.add_user("carol", Language::Kk).await;
    let a = app.login_as("alice").await;

    let page = a.get_page("/team").await;
    assert!(page.contains("Personal workspace"), "{page}");
    // A form without its token changes nothing.
    let forged = a
        .post_form_with("/team/create", "forged", &[("name", "Agency")])
        .await;
    assert_eq!(forged.status(), 403);
    assert_eq!(store.workspaces_of(alice.id).await.unwrap().len(), 1);
    // A bad name is refused in our words, keeping what was typed.
    let csrf = team_csrf(&a).await;
    let bad = a
        .post_form_with("/team/create", &csrf, &[("name", &"x".repeat(81))])
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("at most 80 characters"));

    let made = a
        .post_form_with("/team/create", &csrf, &[("name", "Agency")])
        .await;
    assert_eq!(made.status(), 303);
    let ws = cookie_ws(&made).expect("the browser works in the new workspace");
    let ws = WorkspaceId(uuid::Uuid::parse_str(&ws).unwrap());
    let page = a.get_page("/team").await;
    assert!(page.contains("Agency") && page.contains("Shared workspace"));
    let shop = app
        .add_account(&app.user(ws.owner()).await, "agency_shop")
        .await;

    // Invite an admin; the link is shown once.
    let invited = a
        .post_form_with(
            "/team/invitations",
            &team_csrf(&a).await,
            &[("role", "admin"), ("days", "7")],
        )
        .await;
    assert_eq!(invited.status(), 200);
    assert_eq!(invited.headers()["cache-control"], "no-store");
    let link = shown_link(&invited.text().await.unwrap());
    assert!(!a.get_page("/team").await.contains(&link), "shown once");

    // Bob, signed out, is sent to the login page, which comes back here.
    let b = app.browser();
    let to_login = b.visit(&link).await;
    assert_eq!(to_login.status(), 303);
    let location = to_login.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/login?next=%2Finvite%2F"),
        "{location}"
    );
    let login_csrf = b.csrf(&location).await;
    let next = link.clone();
    let back = b
        .post_form_with(
            "/login",
            &login_csrf,
            &[("username", "bob"), ("password", PASSWORD), ("next", &next)],
        )
        .await;
    assert_eq!(back.headers()["location"], next.as_str());
    let offer = b.get_page(&link).await;
    assert!(
        offer.contains("Присоединиться к «Agency», роль: Администратор"),
        "{offer}"
    );
    let refused = b.post_form_with(&link, "forged", &[]).await;
    assert_eq!(refused.status(), 403);
    assert!(store.membership(ws, bob.id).await.unwrap().is_none());
    let joined = b
        .post_form_with(&link, &csrf_in(&offer).unwrap(), &[])
        .await;
    assert_eq!(joined.status(), 303);
    assert_eq!(joined.headers()["location"], "/");
    assert_eq!(cookie_ws(&joined), Some(ws.to_string()));
    assert_eq!(
        store.membership(ws, bob.id).await.unwrap().unwrap().role,
        MemberRole::Admin
    );

    // Used once: carol gets the translated 410 and nothing changes.
    let c = app.login_as("carol").await;
    let gone = c.visit(&link).await;
    assert_eq!(gone.status(), 410);
    assert!(gone.text().await.unwrap().contains("Бұл шақыру сілтемесі"));
    let gone = c.post_form(&link, &[]).await;
    assert_eq!(gone.status(), 410);
    assert!(store.membership(ws, carol.id).await.unwrap().is_none());

    // An expired link: 410 as well.
    let short = a
        .post_form_with(
            "/team/invitations",
            &team_csrf(&a).await,
            &[("role", "viewer"), ("days", "1")],
        )
        .await;
    let short = shown_link(&short.text().await.unwrap());
    app.clock.advance(time::Duration::days(2));
    assert_eq!(c.visit(&short).await.status(), 410);
    assert_eq!(c.post_form(&short, &[]).await.status(), 410);

    // A client needs accounts: refused in our words, then with one.
    let no_accounts = a
        .post_form_with(
            "/team/invitations",
            &team_csrf(&a).await,
            &[("role", "client"), ("days", "3")],
        )
        .await;
    assert_eq!(no_accounts.status(), 422);
    assert!(
        no_accounts
            .text()
            .await
            .unwrap()
            .contains("at least one account")
    );
    let shop_id = shop.0.to_string();
    let for_client = a
        .post_form_with(
            "/team/invitations",
            &team_csrf(&a).await,
            &[("role", "client"), ("days", "3"), ("accounts", &shop_id)],
        )
        .await;
    assert_eq!(for_client.status(), 200);

    // Bob (admin) cannot make an owner, nor touch alice.
    let as_admin = b
        .post_form(
            &format!("/team/members/{}", alice.id.0),
            &[("role", "viewer")],
        )
        .await;
    assert_eq!(as_admin.status(), 403);
    let tok_bob = app.api_token(&bob).await;
    let (status, body) = app
        .api_call(
            &tok_bob,
            reqwest::Method::PUT,
            &format!("/api/v1/workspaces/{}/members/{}", ws, bob.id.0),
            Some(serde_json::json!({"role": "owner"})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("may_not_assign"))
    );

    // The last owner cannot leave.
    let leave = a.post_form("/team/leave", &[]).await;
    assert_eq!(leave.status(), 409);
    assert!(leave.text().await.unwrap().contains("at least one owner"));

    // Deleting needs the typed name; then everything of it goes.
    let wrong = a
        .post_form_with(
            "/team/delete",
            &team_csrf(&a).await,
            &[("confirm", "agency")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(store.workspace(ws).await.unwrap().is_some());
    let gone = a
        .post_form_with(
            "/team/delete",
            &team_csrf(&a).await,
            &[("confirm", "Agency")],
        )
        .await;
    assert_eq!(gone.status(), 303);
    assert!(store.workspace(ws).await.unwrap().is_none());
    assert!(store.user_by_id(ws.owner()).await.unwrap().is_none());
    assert!(store.accounts_of(ws.owner()).await.unwrap().is_empty());
    assert!(store.membership(ws, bob.id).await.unwrap().is_none());
    let kinds: Vec<AuditKind> = store
        .audit_for_user(alice.id, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for k in [
        AuditKind::WorkspaceCreated,
        AuditKind::InvitationCreated,
        AuditKind::WorkspaceDeleted,
    ] {
        assert!(kinds.contains(&k), "{k:?} in {kinds:?}");
    }
    // Bob's stale cookie falls back to his personal workspace.
    assert_eq!(b.visit("/team").await.status(), 200);
}

#[tokio::test]
async fn a_team_from_invitation_to_deletion_on_sqlite() {
    crate::support::stores::on_sqlite(a_team_from_invitation_to_deletion).await;
}

#[tokio::test]
async fn a_team_from_invitation_to_deletion_on_mariadb() {
    crate::support::stores::on_mariadb(a_team_from_invitation_to_deletion).await;
}

async fn the_rest_api_runs_a_team(store: Arc<dyn Store>) {
    let app = TestApp::builder().store(store.clone()).spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let carol = app.add_user("carol", Language::En).await;
    let (ta, tb, tc) = (
        app.api_token(&alice).await,
        app.api_token(&bob).await,
        app.api_token(&carol).await,
    );
    let (s, ws) = app
        .api_post(
            &ta,
            "/api/v1/workspaces",
            serde_json::json!({"name": "Agency"}),
        )
        .await;
    assert_eq!(s, 201, "{ws}");
    assert_eq!(ws["role"], "owner");
    let id = ws["id"].as_str().unwrap().to_string();
    let (s, bad) = app
        .api_post(&ta, "/api/v1/workspaces", serde_json::json!({"name": " "}))
        .await;
    assert_eq!((s, bad["code"].as_str()), (422, Some("invalid_name")));
    // A stranger learns nothing.
    let (s, _) = app.api_get(&tc, &format!("/api/v1/workspaces/{id}")).await;
    assert_eq!(s, 404);

    let (s, inv) = app
        .api_post(
            &ta,
            &format!("/api/v1/workspaces/{id}/invitations"),
            serde_json::json!({"role": "editor"}),
        )
        .await;
    assert_eq!(s, 201, "{inv}");
    let secret = inv["secret"].as_str().unwrap().to_string();
    assert!(
        inv["link"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/invite/{secret}"))
    );
    let days = |inv: &serde_json::Value| {
        let created = time::OffsetDateTime::parse(
            inv["created_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        let expires = time::OffsetDateTime::parse(
            inv["expires_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        (expires - created).whole_days()
    };
    assert_eq!(days(&inv["invitation"]), 7, "default 7 days");
    let (s, e) = app
        .api_post(
            &ta,
            &format!("/api/v1/workspaces/{id}/invitations"),
            serde_json::json!({"role": "editor", "days": 31}),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid_days")));

    let (s, m) = app
        .api_post(
            &tb,
            "/api/v1/invitations/accept",
            serde_json::json!({"secret": secret}),
        )
        .await;
    assert_eq!((s, m["role"].as_str()), (200, Some("editor")));
    let (s, e) = app
        .api_post(
            &tc,
            "/api/v1/invitations/accept",
            serde_json::json!({"secret": secret}),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (410, Some("gone")));

    let (s, list) = app.api_get(&tb, "/api/v1/workspaces").await;
    assert_eq!(s, 200);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let (s, members) = app
        .api_get(&tb, &format!("/api/v1/workspaces/{id}/members"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(members.as_array().unwrap().len(), 2);
    // An editor manages nobody.
    let (s, e) = app
        .api_get(&tb, &format!("/api/v1/workspaces/{id}/invitations"))
        .await;
    assert_eq!((s, e["code"].as_str()), (403, Some("forbidden")));
    let (s, _) = app
        .api_call(
            &tb,
            reqwest::Method::PATCH,
            &format!("/api/v1/workspaces/{id}"),
            Some(serde_json::json!({"name": "Mine"})),
        )
        .await;
    assert_eq!(s, 403);

    // Alice cannot delete her account while she alone owns a team with bob.
    let (s, e) = app
        .api_call(
            &ta,
            reqwest::Method::DELETE,
            "/api/v1/me",
            Some(serde_json::json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (409, Some("sole_owner")));
    assert!(e["message"].as_str().unwrap().contains("Agency"));
    // The last owner cannot leave over the API either.
    let (s, e) = app
        .api_call(
            &ta,
            reqwest::Method::DELETE,
            &format!("/api/v1/workspaces/{id}/members/{}", alice.id.0),
            None,
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (409, Some("last_owner")));
    // Transfer: bob becomes owner, alice steps down and then may go.
    let (s, _) = app
        .api_call(
            &ta,
            reqwest::Method::PUT,
            &format!("/api/v1/workspaces/{id}/members/{}", bob.id.0),
            Some(serde_json::json!({"role": "owner"})),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = app
        .api_call(
            &ta,
            reqwest::Method::DELETE,
            &format!("/api/v1/workspaces/{id}/members/{}", alice.id.0),
            None,
        )
        .await;
    assert_eq!(s, 204);
    let (s, _) = app
        .api_call(
            &ta,
            reqwest::Method::DELETE,
            "/api/v1/me",
            Some(serde_json::json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(s, 204);
    let ws = WorkspaceId(uuid::Uuid::parse_str(&id).unwrap());
    assert!(store.workspace(ws).await.unwrap().is_some(), "bob's now");

    // Revoke, then delete with the name.
    let (_, inv) = app
        .api_post(
            &tb,
            &format!("/api/v1/workspaces/{id}/invitations"),
            serde_json::json!({"role": "viewer", "days": 2}),
        )
        .await;
    let inv_id = inv["invitation"]["id"].as_str().unwrap().to_string();
    let revoke = format!("/api/v1/workspaces/{id}/invitations/{inv_id}");
    let (s, _) = app
        .api_call(&tb, reqwest::Method::DELETE, &revoke, None)
        .await;
    assert_eq!(s, 204);
    let (s, _) = app
        .api_call(&tb, reqwest::Method::DELETE, &revoke, None)
        .await;
    assert_eq!(s, 404);
    let del = format!("/api/v1/workspaces/{id}");
    let (s, e) = app
        .api_call(
            &tb,
            reqwest::Method::DELETE,
            &del,
            Some(serde_json::json!({"confirm": "nope"})),
        )
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (422, Some("confirmation_mismatch"))
    );
    let (s, _) = app
        .api_call(
            &tb,
            reqwest::Method::DELETE,
            &del,
            Some(serde_json::json!({"confirm": "Agency"})),
        )
        .await;
    assert_eq!(s, 204);
    assert!(store.workspace(ws).await.unwrap().is_none());
}

#[tokio::test]
async fn the_rest_api_runs_a_team_on_sqlite() {
    crate::support::stores::on_sqlite(the_rest_api_runs_a_team).await;
}

#[tokio::test]
async fn the_rest_api_runs_a_team_on_mariadb() {
    crate::support::stores::on_mariadb(the_rest_api_runs_a_team).await;
}

#[tokio::test]
async fn the_delete_page_refuses_a_sole_owner_in_their_language() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let bob = app.add_user("bob", Language::En).await;
    let ws = app
        .state
        .team
        .create(&alice, "Агентство", &socialflow_core::RequestContext::cli())
        .await
        .unwrap()
        .id;
    // Bob joins through an invitation.
    let a = app.state.team.access_to(alice.id, ws).await.unwrap();
    let inv = app
        .state
        .team
        .invite(
            &alice,
            &a,
            socialflow_core::team::NewInvitation {
                role: MemberRole::Viewer,
                accounts: Default::default(),
                days: 7,
                email: None,
            },
            &socialflow_core::RequestContext::cli(),
        )
        .await
        .unwrap();
    use secrecy::ExposeSecret;
    app.state
        .team
        .accept(
            &bob,
            inv.secret.expose_secret(),
            &socialflow_core::RequestContext::cli(),
        )
        .await
        .unwrap();
    let s = app.login_as("alice").await;
    let page = s.get_page("/settings/data").await;
    assert!(page.contains("потеряют к нему доступ"), "the page says so");
    let r = s
        .post_form_with(
            "/settings/data/delete",
            &csrf_in(&page).unwrap(),
            &[("password", PASSWORD), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status(), 409);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("Вы единственный владелец") && body.contains("Агентство"),
        "{body}"
    );
    assert!(app.store.user_by_id(alice.id).await.unwrap().is_some());
}

/// What one account of the workspace holds, each text carrying `name`: a
/// post scheduled tomorrow and a draft, a post with a comment, a
/// conversation with a message, follower figures, insights and a post's
/// metrics.
pub(crate) async fn seed_account_data(
    app: &TestApp,
    ws: WorkspaceId,
    token: &str,
    account: AccountId,
    name: &str,
) -> (String, String) {
    let now = app.clock.now();
    let tomorrow = (now + Duration::days(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let img = app
        .media
        .add(ws.owner(), MediaClass::Image, "https://cdn.test/a.jpg");
    let mut post = String::new();
    for (caption, at) in [
        (format!("{name} scheduled caption"), Some(tomorrow)),
        (format!("{name} draft caption"), None),
    ] {
        let (s, body) = api(
            app,
            token,
            ws,
            reqwest::Method::POST,
            "/api/v1/posts",
            Some(
                json!({"account_id": account, "kind": "post", "media_ids": [img],
                        "caption": caption, "scheduled_at": at}),
            ),
        )
        .await;
        assert_eq!(s, 201, "{body}");
        post = body["post"]["id"].as_str().unwrap().to_string();
    }
    let media = format!("{name}-m1");
    app.store
        .upsert_media(&[CachedMedia {
            account_id: account,
            id: media.clone(),
            caption: Some(format!("{name} media caption")),
            media_type: "IMAGE".into(),
            media_url: Some("https://cdn.example/m1.jpg".into()),
            thumbnail_url: None,
            permalink: None,
            timestamp: now - Duration::hours(5),
            like_count: None,
            comments_count: Some(1),
            fetched_at: now,
            comments_fetched_at: None,
            comments_fetched_count: None,
        }])
        .await
        .unwrap();
    app.store
        .upsert_comments(&[CachedComment {
            account_id: account,
            id: format!("{name}-c1"),
            media_id: media,
            parent_id: None,
            text: format!("{name} comment, any news?"),
            username: Some(format!("{name}_fan")),
            timestamp: now - Duration::minutes(30),
            hidden: false,
            like_count: None,
            fetched_at: now,
        }])
        .await
        .unwrap();
    let conversation = format!("{name}-d1");
    app.store
        .upsert_conversations(&[CachedConversation {
            account_id: account,
            id: conversation.clone(),
            participant_id: format!("{name}-p1"),
            participant_username: Some(format!("{name}_pal")),
            last_message_at: Some(now - Duration::minutes(5)),
            last_inbound_at: Some(now - Duration::minutes(5)),
            read_at: None,
            fetched_at: now,
        }])
        .await
        .unwrap();
    app.store
        .upsert_messages(&[CachedMessage {
            account_id: account,
            id: format!("{name}-g1"),
            conversation_id: conversation.clone(),
            sender_id: format!("{name}-p1"),
            sender_username: Some(format!("{name}_pal")),
            recipient_id: format!("ig-{name}_shop"),
            recipient_username: None,
            text: Some(format!("{name} message")),
            attachments: vec![],
            created_at: now - Duration::minutes(5),
            inbound: true,
            fetched_at: now,
        }])
        .await
        .unwrap();
    let today = now.date();
    for back in [3, 1] {
        app.store
            .upsert_follower_snapshot(
                ws.owner(),
                &FollowerSnapshot {
                    account_id: account,
                    day: today - Duration::days(back),
                    followers: Some(1000 + back),
                    following: Some(5),
                    media_count: Some(40),
                    source: SnapshotSource::Daily,
                    taken_at: now,
                },
            )
            .await
            .unwrap();
    }
    app.store
        .upsert_daily_insights(
            ws.owner(),
            &[DailyInsights {
                account_id: account,
                day: today - Duration::days(1),
                reach: Some(321),
                views: None,
                accounts_engaged: None,
                total_interactions: Some(7),
                profile_activity: None,
                fetched_at: now,
            }],
        )
        .await
        .unwrap();
    app.store
        .upsert_media_metrics(
            ws.owner(),
            &[MediaMetrics {
                account_id: account,
                media_id: format!("{name}-m1"),
                product: "FEED".into(),
                media_type: "IMAGE".into(),
                caption: Some(format!("{name} metric caption")),
                permalink: None,
                posted_at: now - Duration::days(2),
                reach: Some(200),
                views: None,
                likes: Some(10),
                comments: Some(5),
                saves: None,
                shares: Some(5),
                replies: None,
                avg_watch_time_ms: None,
                total_watch_time_ms: None,
                reposts: None,
                skip_rate: None,
                fetched_at: now,
            }],
        )
        .await
        .unwrap();
    (post, conversation)
}

/// A page as the session gets it, following a redirect to another page
/// (old addresses of the inbox lead to the list).
async fn page_of(s: &Session, path: &str) -> (u16, String) {
    let resp = s.visit(path).await;
    let status = resp.status().as_u16();
    if (300..400).contains(&status) {
        let to = resp.headers()["location"].to_str().unwrap().to_string();
        let resp = s.visit(&to).await;
        return (resp.status().as_u16(), resp.text().await.unwrap());
    }
    (status, resp.text().await.unwrap())
}

/// Switches a browser session to workspace `ws` (the header's form).
async fn switch_to(s: &Session, ws: WorkspaceId) {
    let csrf = s.csrf("/settings").await;
    let r = s
        .post_form_with(
            "/workspaces/switch",
            &csrf,
            &[("workspace", &ws.to_string()), ("next", "/settings")],
        )
        .await;
    assert_eq!(r.status(), 303);
}

async fn a_limited_member_sees_only_their_accounts(store: Arc<dyn Store>) {
    let app = TestApp::builder().store(store).spawn().await;
    let boss = app.add_user("boss", Language::En).await;
    let lena = app.add_user("lena", Language::En).await;
    let ws = shared_workspace(&app, &boss, "Agency").await;
    let principal = app.user(ws.owner()).await;
    let alpha = app.add_account(&principal, "alpha_shop").await;
    let bravo = app.add_account(&principal, "bravo_shop").await;
    add_member(
        &app,
        ws,
        boss.id,
        lena.id,
        MemberRole::Editor,
        AccountScope::Only(vec![alpha]),
    )
    .await;
    let boss_token = app.api_token(&boss).await;
    let lena_token = app.api_token(&lena).await;
    seed_account_data(&app, ws, &boss_token, alpha, "alpha").await;
    let (bravo_post, bravo_conversation) =
        seed_account_data(&app, ws, &boss_token, bravo, "bravo").await;

    let day = (app.clock.now() + Duration::days(1)).date().to_string();
    let pages = [
        "/".to_string(),
        "/content".into(),
        format!("/calendar?view=week&date={day}"),
        format!("/calendar?view=month&date={day}"),
        format!("/calendar?view=day&date={day}"),
        "/calendar/grid".into(),
        "/queue".into(),
        "/approvals".into(),
        "/inbox".into(),
        "/inbox?state=all".into(),
        "/comments".into(),
        format!("/comments?account={bravo}"),
        "/inbox/posts".into(),
        "/messages".into(),
        format!("/messages?account={bravo}"),
        "/inbox/moderation".into(),
        "/inbox/approvals".into(),
        "/analytics".into(),
        "/accounts".into(),
        "/automation".into(),
        "/content/new".into(),
        "/content/export.csv".into(),
        "/ui/counts".into(),
    ];
    // The owner sees both accounts (so the seed shows where it should).
    let b = app.login_as("boss").await;
    switch_to(&b, ws).await;
    for path in [
        "/",
        "/content",
        "/inbox?state=all",
        "/accounts",
        "/messages",
    ] {
        let (status, body) = page_of(&b, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("bravo") && body.contains("alpha"), "{path}");
    }
    let (_, counts) = page_of(&b, "/ui/counts").await;
    let counts: Value = serde_json::from_str(&counts).unwrap();
    assert_eq!(
        (counts["comments"].as_i64(), counts["messages"].as_i64()),
        (Some(2), Some(2))
    );

    // Lena, limited to alpha, sees nothing of bravo anywhere.
    let l = app.login_as("lena").await;
    switch_to(&l, ws).await;
    for path in &pages {
        let (status, body) = page_of(&l, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            !body.contains("bravo"),
            "{path} shows bravo's data:\n{body}"
        );
    }
    for path in [
        "/",
        "/content",
        "/inbox?state=all",
        "/accounts",
        "/messages",
        "/analytics",
    ] {
        let (_, body) = page_of(&l, path).await;
        assert!(body.contains("alpha"), "{path} shows alpha's data");
    }
    let (_, body) = page_of(&l, &format!("/calendar?view=week&date={day}")).await;
    assert!(body.contains("alpha scheduled caption"), "{body}");
    let (_, counts) = page_of(&l, "/ui/counts").await;
    let counts: Value = serde_json::from_str(&counts).unwrap();
    assert_eq!(
        (counts["comments"].as_i64(), counts["messages"].as_i64()),
        (Some(1), Some(1))
    );
    // Bravo's things by their addresses do not exist for her.
    for path in [
        format!("/content/{bravo_post}"),
        format!("/content/{bravo_post}/edit"),
        format!("/messages/{bravo_conversation}"),
        format!("/queue?account={bravo}"),
        format!("/analytics?account={bravo}"),
        format!("/analytics/followers.csv?account={bravo}"),
        format!("/analytics/report?account={bravo}"),
    ] {
        assert_eq!(l.visit(&path).await.status(), 404, "{path}");
    }
    let csrf = l.csrf("/settings").await;
    for path in [
        "/comments/bravo-c1/hide".to_string(),
        "/comments/bravo-c1/delete".to_string(),
        format!("/content/{bravo_post}/cancel"),
        format!("/queue/add/{bravo_post}"),
    ] {
        let r = l
            .post_form_with(&path, &csrf, &[("message", "hello")])
            .await;
        assert_eq!(r.status(), 404, "POST {path}");
    }
    assert_eq!(l.visit("/comments/bravo-c1/delete").await.status(), 404);

    // The REST API: the same lists, the same absences.
    let get = |path: &'static str| api(&app, &lena_token, ws, reqwest::Method::GET, path, None);
    let (s, accounts) = get("/api/v1/accounts").await;
    assert_eq!(s, 200);
    let ids: Vec<&str> = accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [alpha.0.to_string()]);
    for path in [
        "/api/v1/posts",
        "/api/v1/inbox/items?state=all",
        "/api/v1/inbox/sync-status",
        "/api/v1/approvals",
    ] {
        let (s, body) = get(path).await;
        assert_eq!(s, 200, "{path}: {body}");
        assert!(!body.to_string().contains("bravo"), "{path}: {body}");
        assert!(
            !body.to_string().contains(&bravo.0.to_string()),
            "{path}: {body}"
        );
    }
    let (_, posts) = get("/api/v1/posts").await;
    assert_eq!(posts.as_array().unwrap().len(), 2, "{posts}");
    let (_, items) = get("/api/v1/inbox/items?state=all").await;
    assert_eq!(items["items"].as_array().unwrap().len(), 2, "{items}");
    let (_, counts) = get("/api/v1/inbox/counts").await;
    assert_eq!(
        counts,
        json!({"unanswered_comments": 1, "unread_conversations": 1})
    );
    let csv = reqwest::Client::new()
        .get(app.url("/api/v1/posts/export.csv"))
        .bearer_auth(&lena_token)
        .header("SocialFlow-Workspace", ws.to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("alpha") && !csv.contains("bravo"), "{csv}");
    for (method, path, body) in [
        (
            reqwest::Method::GET,
            format!("/api/v1/posts/{bravo_post}"),
            None,
        ),
        (
            reqwest::Method::PATCH,
            format!("/api/v1/posts/{bravo_post}"),
            Some(json!({"caption": "taken over"})),
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/conversations/{bravo_conversation}/messages"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/posts/{bravo_post}/queue"),
            None,
        ),
        (
            reqwest::Method::POST,
            "/api/v1/comments/bravo-c1/hide".to_string(),
            None,
        ),
        (
            reqwest::Method::POST,
            "/api/v1/comments/bravo-c1/replies".to_string(),
            Some(json!({"message": "hello"})),
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/conversations/{bravo_conversation}/messages"),
            Some(json!({"text": "hello"})),
        ),
    ] {
        let (s, answer) = api(&app, &lena_token, ws, method.clone(), &path, body).await;
        assert_eq!(s, 404, "{method} {path}: {answer}");
    }
    // The owner's view is whole.
    let (_, posts) = api(
        &app,
        &boss_token,
        ws,
        reqwest::Method::GET,
        "/api/v1/posts",
        None,
    )
    .await;
    assert_eq!(posts.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn a_limited_member_sees_only_their_accounts_on_sqlite() {
    crate::support::stores::on_sqlite(a_limited_member_sees_only_their_accounts).await;
}

#[tokio::test]
async fn a_limited_member_sees_only_their_accounts_on_mariadb() {
    crate::support::stores::on_mariadb(a_limited_member_sees_only_their_accounts).await;
}

async fn a_contributor_moves_no_time_without_review(store: Arc<dyn Store>) {
    use crate::approvals::TeamWorld;
    let w = TeamWorld::start(Some(store)).await;
    let (get, post) = (reqwest::Method::GET, reqwest::Method::POST);
    let erik = w.app.api_token(&w.erik).await;
    let carl = w.app.api_token(&w.carl).await;
    let rfc = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let now = w.app.clock.now();
    let (at, later) = (now + Duration::hours(3), now + Duration::hours(5));
    let img = w.app.media.add(
        w.workspace.owner(),
        MediaClass::Image,
        "https://media.example/a.jpg",
    );
    let (s, p) = w
        .call(
            &erik,
            post.clone(),
            "/api/v1/posts",
            Some(
                json!({"account_id": w.account, "kind": "post", "media_ids": [img],
                        "caption": "erik's", "scheduled_at": rfc(at)}),
            ),
        )
        .await;
    assert_eq!(
        (s, p["post"]["state"].as_str()),
        (201, Some("scheduled")),
        "{p}"
    );
    let id = p["post"]["id"].as_str().unwrap().to_string();
    let state_of = |body: &Value| body["state"].as_str().unwrap_or_default().to_string();
    let approve = |id: String| {
        let erik = erik.clone();
        let w = &w;
        async move {
            let (s, b) = w
                .call(
                    &erik,
                    reqwest::Method::POST,
                    &format!("/api/v1/posts/{id}/approve"),
                    None,
                )
                .await;
            assert_eq!((s, b["state"].as_str()), (200, Some("scheduled")), "{b}");
        }
    };

    // The calendar's moves, the queue and publishing are not a
    // contributor's: refused over REST and on the pages, nothing moves.
    for (path, body) in [
        (
            format!("/api/v1/posts/{id}/reschedule"),
            Some(json!({"scheduled_at": rfc(later)})),
        ),
        (
            "/api/v1/posts/swap-times".to_string(),
            Some(json!({"a": id, "b": id})),
        ),
        (format!("/api/v1/posts/{id}/queue"), None),
        (format!("/api/v1/posts/{id}/publish"), None),
    ] {
        let (s, b) = w.call(&carl, post.clone(), &path, body).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (403, Some("forbidden")),
            "{path}: {b}"
        );
    }
    let c = w.app.login_as("carl").await;
    switch_to(&c, w.workspace).await;
    let csrf = c.csrf("/calendar").await;
    let date = later.date().to_string();
    let time = format!("{:02}:{:02}", later.hour(), later.minute());
    for (path, fields) in [
        (
            "/calendar/move".to_string(),
            vec![("post", id.as_str()), ("date", &date), ("time", &time)],
        ),
        (
            "/calendar/swap".to_string(),
            vec![("a", id.as_str()), ("b", id.as_str())],
        ),
        (format!("/queue/add/{id}"), vec![]),
        (format!("/content/{id}/publish"), vec![]),
    ] {
        let r = c.post_form_with(&path, &csrf, &fields).await;
        assert_eq!(r.status(), 403, "{path}");
    }
    let (_, b) = w
        .call(&carl, get.clone(), &format!("/api/v1/posts/{id}"), None)
        .await;
    assert_eq!(state_of(&b), "scheduled");
    assert_eq!(b["scheduled_at"].as_str(), Some(rfc(at).as_str()));

    // Moving only its time over the API sends it back to review; so does
    // replacing it whole.
    let (s, b) = w
        .call(
            &carl,
            reqwest::Method::PATCH,
            &format!("/api/v1/posts/{id}"),
            Some(json!({"scheduled_at": rfc(later)})),
        )
        .await;
    assert_eq!(
        (s, b["post"]["state"].as_str()),
        (200, Some("in_review")),
        "{b}"
    );
    approve(id.clone()).await;
    let (s, b) = w
        .call(
            &carl,
            reqwest::Method::PUT,
            &format!("/api/v1/posts/{id}"),
            Some(
                json!({"account_id": w.account, "kind": "post", "media_ids": [img],
                        "caption": "carl's", "scheduled_at": rfc(at)}),
            ),
        )
        .await;
    assert_eq!(
        (s, b["post"]["state"].as_str()),
        (200, Some("in_review")),
        "{b}"
    );
    approve(id.clone()).await;

    // The composer: a new time from a contributor, review again.
    let (_, b) = w
        .call(&carl, get.clone(), &format!("/api/v1/posts/{id}"), None)
        .await;
    let version = b["version"].as_u64().unwrap().to_string();
    let (account, img) = (w.account.to_string(), img.to_string());
    let csrf = c.csrf(&format!("/content/{id}/edit")).await;
    let r = c
        .post_form_with(
            &format!("/content/{id}/edit"),
            &csrf,
            &[
                ("action", "schedule"),
                ("account_id", &account),
                ("kind", "post"),
                ("media", &img),
                ("caption", "carl's"),
                ("date", &date),
                ("time", &time),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, b) = w
        .call(&carl, get.clone(), &format!("/api/v1/posts/{id}"), None)
        .await;
    assert_eq!(state_of(&b), "in_review", "{b}");

    // A contributor's new post with a time waits for review (REST).
    let (s, p) = w
        .call(
            &carl,
            post.clone(),
            "/api/v1/posts",
            Some(
                json!({"account_id": w.account, "kind": "post", "media_ids": [img],
                        "caption": "carl's own", "scheduled_at": rfc(later)}),
            ),
        )
        .await;
    assert_eq!(
        (s, p["post"]["state"].as_str()),
        (201, Some("in_review")),
        "{p}"
    );
}

#[tokio::test]
async fn a_contributor_moves_no_time_without_review_on_sqlite() {
    crate::support::stores::on_sqlite(a_contributor_moves_no_time_without_review).await;
}

#[tokio::test]
async fn a_contributor_moves_no_time_without_review_on_mariadb() {
    crate::support::stores::on_mariadb(a_contributor_moves_no_time_without_review).await;
}

/// A client's home is the client page: signing in lands there, the
/// navigation holds it (in their language) and nothing they cannot open.
#[tokio::test]
async fn a_client_lands_on_the_client_page_with_its_own_navigation() {
    let app = TestApp::spawn().await;
    let boss = app.add_user("boss", Language::En).await;
    let kira = app.add_user("kira", Language::Ru).await;
    let ws = shared_workspace(&app, &boss, "Agency").await;
    let principal = app.user(ws.owner()).await;
    let shop = app.add_account(&principal, "shop").await;
    add_member(
        &app,
        ws,
        boss.id,
        kira.id,
        MemberRole::Client,
        AccountScope::Only(vec![shop]),
    )
    .await;
    let k = app.login_as("kira").await;
    switch_to(&k, ws).await;
    // Signing in again in this browser lands on the client page.
    let csrf = k.csrf("/client").await;
    assert_eq!(k.post_form_with("/logout", &csrf, &[]).await.status(), 303);
    let csrf = k.csrf("/login").await;
    let back = k
        .post_form_with(
            "/login",
            &csrf,
            &[("username", "kira"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(back.status(), 303);
    assert_eq!(back.headers()["location"], "/client");
    assert_eq!(k.visit("/login").await.headers()["location"], "/client");
    // The dashboard is not a client's page (its refusal leads home).
    let refused = k.visit("/").await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("href=\"/client\""));
    let page = k.get_page("/client").await;
    assert!(page.contains("href=\"/client\""), "{page}");
    assert!(page.contains("Публикации на согласование"), "{page}");
    for hidden in [
        "href=\"/content\"",
        "href=\"/inbox\"",
        "href=\"/analytics\"",
        "href=\"/\"",
    ] {
        assert!(!page.contains(hidden), "{hidden} on the client's page");
    }
    // Switching back to the personal workspace: the dashboard again.
    let csrf = k.csrf("/client").await;
    let r = k
        .post_form_with(
            "/workspaces/switch",
            &csrf,
            &[("workspace", &kira.id.0.to_string()), ("next", "/client")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let home = k.visit("/").await;
    assert_eq!(home.status(), 200, "{:?}", home.headers().get("location"));
}

/// The Analytics page's tag follows the member's role (the navigation the
/// page shows depends on it): a role change is a new page, though no data
/// changed.
#[tokio::test]
async fn the_analytics_page_is_new_when_the_members_role_changes() {
    let app = TestApp::spawn().await;
    let boss = app.add_user("boss", Language::En).await;
    let lena = app.add_user("lena", Language::En).await;
    let ws = shared_workspace(&app, &boss, "Agency").await;
    let principal = app.user(ws.owner()).await;
    let alpha = app.add_account(&principal, "alpha_shop").await;
    add_member(
        &app,
        ws,
        boss.id,
        lena.id,
        MemberRole::Viewer,
        AccountScope::All,
    )
    .await;
    let l = app.login_as("lena").await;
    switch_to(&l, ws).await;
    let page = app.url(&format!("/analytics?account={alpha}&range=30d"));
    let get_if = |tag: String| {
        let req = l.client().get(&page).header("if-none-match", tag);
        async move { req.send().await.unwrap() }
    };
    let first = l.client().get(&page).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(get_if(tag.clone()).await.status(), 304);

    let by = app.state.team.access_to(boss.id, ws).await.unwrap();
    app.state
        .team
        .change_member(
            &by,
            lena.id,
            MemberRole::Editor,
            AccountScope::All,
            &socialflow_core::RequestContext::cli(),
        )
        .await
        .unwrap();
    let after = get_if(tag.clone()).await;
    assert_eq!(after.status(), 200, "the role is part of the page");
    assert_ne!(after.headers()["etag"].to_str().unwrap(), tag);
}
