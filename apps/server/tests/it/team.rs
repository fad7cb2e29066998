//! Teams on real databases, through the pages and the REST API: creating a
//! workspace, an invitation link used once by a second user (signed out
//! first: the login comes back to it), refused without its CSRF token,
//! expired links answering 410, admins unable to make owners, the last
//! owner unable to leave, deleting with the typed name; and account
//! deletion refused while the user alone owns a team with members.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::{PASSWORD, Session, TestApp, csrf_in};
use socialflow_core::audit::AuditKind;
use socialflow_core::workspaces::{MemberRole, WorkspaceId};
use socialflow_core::{Language, Store};
use socialflow_sql::{ScratchDatabase, SqliteStore};

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
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    socialflow_core::storage::HealthRepo::migrate(&store)
        .await
        .unwrap();
    a_team_from_invitation_to_deletion(Arc::new(store)).await;
}

#[tokio::test]
async fn a_team_from_invitation_to_deletion_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap();
    a_team_from_invitation_to_deletion(Arc::new(store.clone())).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    socialflow_core::storage::HealthRepo::migrate(&store)
        .await
        .unwrap();
    the_rest_api_runs_a_team(Arc::new(store)).await;
}

#[tokio::test]
async fn the_rest_api_runs_a_team_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap();
    the_rest_api_runs_a_team(Arc::new(store.clone())).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
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
