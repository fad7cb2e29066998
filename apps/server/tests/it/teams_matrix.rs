//! The tenant-isolation matrix of issue 21: every HTML route and every REST
//! operation of the access table × every role, in a shared workspace A, is
//! allowed exactly when the role × capability table of `docs/teams.md` says
//! (read from the document, and checked against `MemberRole::can`); and
//! the objects of another workspace B are never answered nor changed,
//! whatever their ids. Both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::password::PasswordHash;
use socialflow_core::posts::MediaClass;
use socialflow_core::user::Role;
use socialflow_core::workspaces::{AccountScope, Capability, MemberRole, Workspace, WorkspaceId};
use socialflow_core::{Language, Store, TimeZone, User, UserId, Username};
use socialflow_server::access::{self, Rule};
use uuid::Uuid;

use crate::support::{Session, TestApp, fixture};

/// The English title of the refusal page: what tells the access layer's
/// 403 from any other (a CSRF refusal, Instagram's missing permission).
const REFUSED_PAGE: &str = "Not allowed in this workspace";

/// The role × capability table of `docs/teams.md`: capability → role → ✓.
fn doc_table() -> BTreeMap<String, BTreeMap<String, bool>> {
    let path = format!("{}/../../docs/teams.md", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut header: Vec<String> = Vec::new();
    let mut table = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| l.starts_with('|')) {
        let cells: Vec<String> = line
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        if cells.first().map(String::as_str) == Some("capability") {
            header = cells;
            continue;
        }
        let Some(cap) = cells.first().and_then(|c| Capability::parse(c)) else {
            continue;
        };
        assert!(
            !header.is_empty(),
            "docs/teams.md: a table row before the header"
        );
        let mut row = BTreeMap::new();
        for (role, cell) in header.iter().skip(1).zip(cells.iter().skip(1)) {
            let yes = match cell.as_str() {
                "✓" => true,
                "–" => false,
                other => panic!("docs/teams.md: cell {other:?} of {}", cap.as_str()),
            };
            row.insert(role.clone(), yes);
        }
        table.insert(cap.as_str().to_string(), row);
    }
    table
}

#[test]
fn the_documented_table_is_the_code() {
    let table = doc_table();
    assert_eq!(
        table.keys().cloned().collect::<BTreeSet<_>>(),
        Capability::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect::<BTreeSet<_>>(),
        "docs/teams.md lists every capability once"
    );
    for cap in Capability::ALL {
        for role in MemberRole::ALL {
            assert_eq!(
                table[cap.as_str()].get(role.as_str()).copied(),
                Some(role.can(cap)),
                "docs/teams.md: {} × {}",
                cap.as_str(),
                role.as_str()
            );
        }
    }
}

/// What the document says of a route with `rule` for `role`.
fn documented(
    table: &BTreeMap<String, BTreeMap<String, bool>>,
    rule: Rule,
    role: MemberRole,
) -> bool {
    let has = |cap: Capability| table[cap.as_str()][role.as_str()];
    match rule {
        Rule::Open | Rule::Personal => true,
        Rule::Needs(cap) => has(cap) && has(Capability::View),
        Rule::Client => has(Capability::Approve),
    }
}

#[test]
fn every_route_and_operation_is_in_the_access_table() {
    let web = socialflow_server::WebSettings {
        public_url: "http://127.0.0.1".into(),
        secure_cookies: false,
        trust_proxy: false,
        csrf_key: [7u8; 32],
        body_limit: 64 * 1024,
        metrics_token: None,
    };
    let mut missing = Vec::new();
    let mut registered = BTreeSet::new();
    for (path, methods) in socialflow_server::web::routes::all_routes(&web) {
        for m in methods {
            registered.insert((m.to_string(), path.to_string()));
            if access::web_rule(m, path).is_none() {
                missing.push(format!("web {m} {path}"));
            }
        }
    }
    for (m, p, _) in access::WEB {
        if !registered.contains(&(m.to_string(), p.to_string())) {
            missing.push(format!("web table row without a route: {m} {p}"));
        }
    }
    let spec: Value =
        serde_json::from_str(&socialflow_server::api::service("http://x").spec()).unwrap();
    let mut operations = BTreeSet::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let m = method.to_ascii_uppercase();
            operations.insert((m.clone(), path.clone()));
            if !access::API.iter().any(|(tm, tp, _)| *tm == m && tp == path) {
                missing.push(format!("api {m} {path}"));
            }
        }
    }
    for (m, p, _) in access::API {
        if !operations.contains(&(m.to_string(), p.to_string())) {
            missing.push(format!("api table row without an operation: {m} {p}"));
        }
    }
    assert!(
        missing.is_empty(),
        "add these to apps/server/src/access.rs:\n{}",
        missing.join("\n")
    );
}

/// A workspace's objects the matrix names in paths.
#[derive(Clone, Debug)]
pub(crate) struct Objects {
    pub account: String,
    pub post: String,
    pub media: String,
    pub snippet: String,
    pub saved_reply: String,
    /// Text only this workspace's data contains.
    pub marker: String,
}

struct Member {
    role: MemberRole,
    web: Session,
    token: String,
}

pub(crate) async fn shared_workspace(app: &TestApp, owner: &User, name: &str) -> WorkspaceId {
    let id = Uuid::now_v7();
    let t = socialflow_core::Clock::now(&*app.clock);
    let principal = User {
        id: UserId(id),
        username: Username::for_workspace(id),
        password_hash: PasswordHash("!".into()),
        role: Role::Workspace,
        language: Language::En,
        time_zone: TimeZone::default(),
        created_at: t,
        updated_at: t,
    };
    let ws = Workspace {
        id: WorkspaceId(id),
        name: name.into(),
        personal: false,
        created_at: t,
    };
    assert!(
        app.store
            .create_workspace(&principal, &ws, owner.id, 20)
            .await
            .unwrap()
    );
    ws.id
}

/// Makes `user` a member of `ws` with `role`, the way people join: an
/// invitation, accepted.
pub(crate) async fn add_member(
    app: &TestApp,
    ws: WorkspaceId,
    by: UserId,
    user: UserId,
    role: MemberRole,
    accounts: AccountScope,
) {
    use socialflow_core::crypto::TokenDigest;
    use socialflow_core::workspaces::{Accepted, Invitation, InvitationId};
    let now = socialflow_core::Clock::now(&*app.clock);
    let digest = TokenDigest(format!(
        "{}{}",
        Uuid::now_v7().simple(),
        Uuid::now_v7().simple()
    ));
    let invitation = Invitation {
        id: InvitationId(Uuid::now_v7()),
        workspace: ws,
        role,
        accounts,
        email: None,
        digest: digest.clone(),
        created_by: by,
        created_at: now,
        expires_at: now + time::Duration::days(7),
        used_at: None,
        used_by: None,
        revoked_at: None,
    };
    assert!(
        app.store
            .insert_invitation(&invitation, 50, now)
            .await
            .unwrap()
    );
    let accepted = app
        .store
        .accept_invitation(&digest, user, now, 200)
        .await
        .unwrap();
    assert!(matches!(accepted, Accepted::Joined(_)), "{accepted:?}");
}

/// A REST call in workspace `ws`: status and JSON body.
pub(crate) async fn api(
    app: &TestApp,
    token: &str,
    ws: WorkspaceId,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut r = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("SocialFlow-Workspace", ws.to_string())
        .timeout(std::time::Duration::from_secs(10));
    if let Some(b) = body {
        r = r.json(&b);
    }
    let resp = r.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Seeds one account, post, media file, snippet and saved reply in `ws`.
pub(crate) async fn seed(
    app: &TestApp,
    ws: WorkspaceId,
    owner_token: &str,
    marker: &str,
) -> Objects {
    let principal = app.user(ws.owner()).await;
    let account = app.add_account(&principal, &format!("{marker}_ig")).await;
    let img = app
        .media
        .add(ws.owner(), MediaClass::Image, "https://cdn.test/a.jpg");
    let (s, post) = api(
        app,
        owner_token,
        ws,
        reqwest::Method::POST,
        "/api/v1/posts",
        Some(
            json!({"account_id": account, "kind": "post", "media_ids": [img],
                     "caption": format!("{marker} caption")}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{post}");
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(fixture("portrait-4x5.jpg"))
            .file_name(format!("{marker}.jpg")),
    );
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/media"))
        .bearer_auth(owner_token)
        .header("SocialFlow-Workspace", ws.to_string())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let media: Value = resp.json().await.unwrap();
    let (s, snippet) = api(
        app,
        owner_token,
        ws,
        reqwest::Method::POST,
        "/api/v1/snippets",
        Some(json!({"kind": "hashtags", "name": format!("{marker} snippet"), "text": marker})),
    )
    .await;
    assert_eq!(s, 201, "{snippet}");
    let (s, reply) = api(
        app,
        owner_token,
        ws,
        reqwest::Method::POST,
        "/api/v1/saved-replies",
        Some(json!({"name": format!("{marker} reply"), "text": marker})),
    )
    .await;
    assert_eq!(s, 201, "{reply}");
    Objects {
        account: account.0.to_string(),
        post: post["post"]["id"].as_str().unwrap().to_string(),
        media: media["id"].as_str().unwrap().to_string(),
        snippet: snippet["id"].as_str().unwrap().to_string(),
        saved_reply: reply["id"].as_str().unwrap().to_string(),
        marker: marker.to_string(),
    }
}

/// Everything of a workspace the matrix could touch, as its owner reads it.
async fn snapshot(app: &TestApp, token: &str, ws: WorkspaceId) -> Vec<Value> {
    let mut all = Vec::new();
    for path in [
        "/api/v1/accounts",
        "/api/v1/posts",
        "/api/v1/media",
        "/api/v1/snippets",
        "/api/v1/saved-replies",
        "/api/v1/webhook-endpoints",
    ] {
        let (s, body) = api(app, token, ws, reqwest::Method::GET, path, None).await;
        assert_eq!(s, 200, "{path}: {body}");
        all.push(body);
    }
    all
}

/// A path of the table with its parameters filled from `o`.
pub(crate) fn fill(path: &str, o: &Objects) -> String {
    let random = Uuid::now_v7().to_string();
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let param = seg.starts_with(':') || seg.starts_with('{');
        if !param {
            out.push(seg.to_string());
            continue;
        }
        let name = seg.trim_matches(|c| c == ':' || c == '{' || c == '}');
        let parent = if i > 0 { segments[i - 1] } else { "" };
        let value = match (parent, name) {
            (_, "account" | "account_id") => o.account.clone(),
            ("accounts", "id") | ("automation", _) => o.account.clone(),
            ("content" | "posts" | "add", "id") => o.post.clone(),
            ("media", "id") => o.media.clone(),
            ("snippets", "id") => o.snippet.clone(),
            ("saved-replies", "id") => o.saved_reply.clone(),
            (_, "kind") => "hide".into(),
            _ => random.clone(),
        };
        out.push(value);
    }
    out.join("/")
}

/// Paths taking a multipart upload whose first field is the CSRF token.
pub(crate) const UPLOADS: [&str; 4] = [
    "/media",
    "/content/upload",
    "/content/import",
    "/content/import/preview",
];

/// Requests an HTML route; (status, refused by the access layer, body).
async fn web_request(member: &Member, method: &str, path: &str, csrf: &str) -> (u16, bool, String) {
    let url = member.web.url(path);
    let req = if method == "GET" {
        member.web.get(url)
    } else if UPLOADS.contains(&path) {
        let form = reqwest::multipart::Form::new().text("csrf", csrf.to_string());
        member.web.post(url).multipart(form)
    } else {
        member.web.post(url).form(&[("csrf", csrf)])
    };
    let resp = req
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let status = resp.status().as_u16();
    let streaming = resp
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/event-stream"));
    let body = if streaming {
        String::new()
    } else {
        tokio::time::timeout(std::time::Duration::from_secs(5), resp.text())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    };
    let refused = status == 403 && body.contains(REFUSED_PAGE);
    (status, refused, body)
}

/// Routes the matrix does not request: open ones (no workspace in play)
/// and the sign-out, which would end the member's session.
fn skipped(rule: Rule, method: &str) -> bool {
    rule == Rule::Open || (rule == Rule::Personal && method != "GET")
}

async fn matrix(store: Arc<dyn Store>) {
    let started = std::time::Instant::now();
    let table = doc_table();
    let app = TestApp::builder().store(store).spawn().await;
    let owner_a = app.add_user("owner_a", Language::En).await;
    let owner_b = app.add_user("owner_b", Language::En).await;
    let ws_a = shared_workspace(&app, &owner_a, "Agency A").await;
    let ws_b = shared_workspace(&app, &owner_b, "Agency B").await;
    let token_a = app.api_token(&owner_a).await;
    let token_b = app.api_token(&owner_b).await;
    let a = seed(&app, ws_a, &token_a, "alpha").await;
    let b = seed(&app, ws_b, &token_b, "bravo").await;

    // One member per role in A (the owner is its creator).
    let mut members = Vec::new();
    for role in MemberRole::ALL {
        let user = if role == MemberRole::Owner {
            owner_a.clone()
        } else {
            let u = app
                .add_user(&format!("{}_a", role.as_str()), Language::En)
                .await;
            let scope = if role.needs_account_list() {
                AccountScope::Only(vec![AccountId(a.account.parse().unwrap())])
            } else {
                AccountScope::All
            };
            add_member(&app, ws_a, owner_a.id, u.id, role, scope).await;
            u
        };
        let web = app.login_as(user.username.as_str()).await;
        let csrf = web.csrf("/settings").await;
        // The header's switcher sets the workspace of the session.
        let resp = web
            .post_form_with(
                "/workspaces/switch",
                &csrf,
                &[("workspace", &ws_a.to_string()), ("next", "/settings")],
            )
            .await;
        assert_eq!(resp.status(), 303, "{} switches to A", role.as_str());
        let page = web.get_page("/settings").await;
        assert!(page.contains("Agency A"), "the header names the workspace");
        let token = if role == MemberRole::Owner {
            token_a.clone()
        } else {
            app.api_token(&user).await
        };
        members.push(Member { role, web, token });
    }
    // A workspace the member is not in, and a malformed id: the same 404.
    for ws in [ws_b.to_string(), "not-a-uuid".to_string()] {
        let resp = reqwest::Client::new()
            .get(app.url("/api/v1/accounts"))
            .bearer_auth(&members[1].token)
            .header("SocialFlow-Workspace", ws)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "workspace_not_found");
    }
    // A member limited to some accounts: the others do not exist for them.
    let limited = app.add_user("limited_a", Language::Ru).await;
    add_member(
        &app,
        ws_a,
        owner_a.id,
        limited.id,
        MemberRole::Editor,
        AccountScope::Only(vec![]),
    )
    .await;
    let limited_token = app.api_token(&limited).await;
    let (s, body) = api(
        &app,
        &limited_token,
        ws_a,
        reqwest::Method::GET,
        &format!("/api/v1/accounts/{}", a.account),
        None,
    )
    .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (404, Some("not_found")),
        "{body}"
    );
    let limited_web = app.login_as("limited_a").await;
    let csrf = limited_web.csrf("/settings").await;
    limited_web
        .post_form_with(
            "/workspaces/switch",
            &csrf,
            &[("workspace", &ws_a.to_string())],
        )
        .await;
    let resp = limited_web
        .visit(&format!("/accounts/{}/ice-breakers", a.account))
        .await;
    assert_eq!(resp.status(), 404);
    // A refusal in the member's language (the limited editor reads Russian).
    let resp = limited_web.visit("/settings/webhooks").await;
    assert_eq!(resp.status(), 403);
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("Недоступно в этом рабочем пространстве")
    );

    let csrf_of = |m: &Member| {
        let web = m.web.clone();
        async move { web.csrf("/settings").await }
    };

    // 1. B's objects through A, as A's owner (who may do everything in A):
    //    never an answer with B's data, and B unchanged.
    let before_b = snapshot(&app, &token_b, ws_b).await;
    let owner = &members[0];
    let csrf = csrf_of(owner).await;
    let mut cross = 0;
    let mut cross_refused = 0;
    for (method, path, rule) in access::WEB {
        if skipped(*rule, method) || !path.contains(':') {
            continue;
        }
        let filled = fill(path, &b);
        let (status, _, body) = web_request(owner, method, &filled, &csrf).await;
        cross += 1;
        if matches!(status, 403 | 404) {
            cross_refused += 1;
        }
        assert!(
            !body.contains(&b.marker),
            "web {method} {filled} answered {status} with B's data"
        );
    }
    for (method, path, rule) in access::API {
        if skipped(*rule, method) || !path.contains('{') {
            continue;
        }
        let filled = fill(path, &b);
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let (status, body) = api(
            &app,
            &owner.token,
            ws_a,
            m,
            &format!("/api/v1{filled}"),
            Some(json!({})),
        )
        .await;
        cross += 1;
        if matches!(status, 403 | 404) {
            cross_refused += 1;
        }
        assert!(
            !(200..300).contains(&status) || !body.to_string().contains(&b.marker),
            "api {method} {filled} answered {status} with B's data: {body}"
        );
    }
    assert_eq!(snapshot(&app, &token_b, ws_b).await, before_b, "B changed");

    // 2. Every route × every role in A, allowed exactly as documented.
    let mut checked = 0;
    let mut wrong = Vec::new();
    for m in &members {
        let csrf = csrf_of(m).await;
        for (method, path, rule) in access::WEB {
            if skipped(*rule, method) {
                continue;
            }
            let filled = fill(path, &a);
            let (status, refused, _) = web_request(m, method, &filled, &csrf).await;
            checked += 1;
            let expected = documented(&table, *rule, m.role);
            if refused == expected || (refused && status != 403) {
                wrong.push(format!(
                    "web {method} {path} as {}: {status}, expected {}",
                    m.role.as_str(),
                    if expected { "allowed" } else { "refused" }
                ));
            }
        }
        for (method, path, rule) in access::API {
            if skipped(*rule, method) {
                continue;
            }
            let filled = fill(path, &a);
            let verb = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let (status, body) = api(
                &app,
                &m.token,
                ws_a,
                verb,
                &format!("/api/v1{filled}"),
                Some(json!({})),
            )
            .await;
            checked += 1;
            // The access layer's refusal, not another 403 of the operation
            // (the server administrator's audit log, Instagram's missing
            // permission).
            let refused = status == 403
                && body["code"] == "forbidden"
                && body["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("Your role in this workspace"));
            let expected = documented(&table, *rule, m.role);
            if refused == expected {
                wrong.push(format!(
                    "api {method} {path} as {}: {status} {body}, expected {}",
                    m.role.as_str(),
                    if expected { "allowed" } else { "refused" }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // B is still untouched after everything A's members did.
    assert_eq!(snapshot(&app, &token_b, ws_b).await, before_b, "B changed");
    eprintln!(
        "teams matrix: {checked} route × role requests as documented, {cross} requests with B's ids ({cross_refused} answered 403/404), {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_and_role_on_sqlite() {
    crate::support::stores::on_sqlite(matrix).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_and_role_on_mariadb() {
    crate::support::stores::on_mariadb(matrix).await;
}

/// A shared workspace's notifications go to the members who can act on
/// them and see the account, each in their own centre; the principal row
/// (which nobody reads) gets none.
#[tokio::test]
async fn workspace_notifications_go_to_the_members_who_can_act() {
    use socialflow_core::notifications::{Figures, NewNotification, NotificationKind};
    let app = TestApp::spawn().await;
    let owner = app.add_user("owner", Language::En).await;
    let ws = shared_workspace(&app, &owner, "Agency").await;
    let principal = app.user(ws.owner()).await;
    let shown = app.add_account(&principal, "shown").await;
    let hidden = app.add_account(&principal, "hidden").await;
    let mut people = vec![(MemberRole::Owner, owner.id)];
    for role in [
        MemberRole::Editor,
        MemberRole::Contributor,
        MemberRole::Viewer,
        MemberRole::Client,
    ] {
        let u = app.add_user(role.as_str(), Language::Ru).await;
        let scope = if role == MemberRole::Client {
            AccountScope::Only(vec![shown])
        } else {
            AccountScope::All
        };
        add_member(&app, ws, owner.id, u.id, role, scope).await;
        people.push((role, u.id));
    }
    let notify = |kind, account, key: &str| NewNotification {
        owner: ws.owner(),
        account: Some(account),
        kind,
        dedupe_key: key.to_string(),
        subject: "shown".into(),
        link: "/content".into(),
        figures: Figures::default(),
    };
    let n = &app.state.notifications;
    assert!(
        n.notify(notify(NotificationKind::InboxDigest, shown, "inbox"))
            .await
            .unwrap()
    );
    assert!(
        n.notify(notify(NotificationKind::PostFailed, shown, "failed"))
            .await
            .unwrap()
    );
    assert!(
        n.notify(notify(
            NotificationKind::PostFailed,
            hidden,
            "failed-hidden"
        ))
        .await
        .unwrap()
    );
    let mut got = BTreeMap::new();
    for (role, id) in &people {
        let kinds: Vec<String> = n
            .list(*id, 10)
            .await
            .unwrap()
            .iter()
            .map(|x| x.dedupe_key.clone())
            .rev()
            .collect();
        got.insert(role.as_str(), kinds.join(","));
    }
    let want: BTreeMap<&str, String> = [
        ("owner", "inbox,failed,failed-hidden"),
        ("editor", "inbox,failed,failed-hidden"),
        ("contributor", "inbox"),
        ("viewer", "inbox"),
        // Approves posts of its assigned account only; no inbox.
        ("client", "failed"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect();
    assert_eq!(got, want);
    assert!(n.list(ws.owner(), 10).await.unwrap().is_empty());
}

/// The rule of the route a page's link or form leads to: the row of the
/// access table the path matches (literal segments win over parameters),
/// the client pages by their prefix; `None` outside the table (static
/// files, the API's documentation).
fn rule_of_target(method: &str, path: &str) -> Option<Rule> {
    let asked: Vec<&str> = path.trim_matches('/').split('/').collect();
    access::WEB
        .iter()
        .filter(|(m, _, _)| *m == method)
        .filter_map(|(_, pattern, rule)| {
            let parts: Vec<&str> = pattern.trim_matches('/').split('/').collect();
            if parts.len() != asked.len() {
                return None;
            }
            let mut literal = 0;
            for (p, a) in parts.iter().zip(&asked) {
                if p.starts_with(':') {
                    if a.is_empty() {
                        return None;
                    }
                } else if p == a {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, *rule))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, rule)| rule)
        .or_else(|| access::web_rule(method, path))
}

/// The value of attribute `name` in a tag's text (`<form … action="…">`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&"))
}

/// Every tag of `html` that starts with `open` (`<form`, `<a `, `<button`).
fn tags<'a>(html: &'a str, open: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let tail = &rest[i..];
        let end = tail.find('>').unwrap_or(tail.len());
        out.push(&tail[..end]);
        rest = &tail[end..];
    }
    out
}

/// Where a page's links and forms lead: (method, local path without its
/// query). A form without an action posts to the page itself.
fn targets(page: &str, html: &str) -> Vec<(String, String)> {
    let local = |raw: &str| -> Option<String> {
        let path = raw.split(['?', '#']).next().unwrap_or("");
        (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
    };
    let mut out = Vec::new();
    for form in tags(html, "<form") {
        let method = attribute(form, "method")
            .unwrap_or_else(|| "get".into())
            .to_ascii_uppercase();
        let action = attribute(form, "action").unwrap_or_else(|| page.to_string());
        if let Some(p) = local(&action) {
            out.push((method, p));
        }
    }
    for button in tags(html, "<button")
        .into_iter()
        .chain(tags(html, "<input"))
    {
        if let Some(p) = attribute(button, "formaction").and_then(|a| local(&a)) {
            out.push(("POST".into(), p));
        }
    }
    for a in tags(html, "<a ") {
        if let Some(p) = attribute(a, "href").and_then(|h| local(&h)) {
            out.push(("GET".into(), p));
        }
    }
    out
}

/// Every page a member may open, for every role but the owner's: no form,
/// button or link leads to a route the access table refuses their role
/// (it would answer the 403 page). Pages of a workspace with a scheduled
/// post and a draft, a comment, a conversation, an automation rule, media,
/// a snippet and a saved reply, so their per-item buttons show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_offers_what_the_role_may_not_use() {
    let app = TestApp::spawn().await;
    let owner = app.add_user("owner_a", Language::En).await;
    let ws = shared_workspace(&app, &owner, "Agency A").await;
    let token = app.api_token(&owner).await;
    let o = seed(&app, ws, &token, "alpha").await;
    let account = AccountId(o.account.parse().unwrap());
    crate::team::seed_account_data(&app, ws, &token, account, "alpha").await;
    let rule_path = format!("/api/v1/accounts/{}/automation/rules", o.account);
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../../fixtures/automation/price-rule.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let (s, created) = api(
        &app,
        &token,
        ws,
        reqwest::Method::POST,
        &rule_path,
        Some(spec),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    // The rule's pages (`fill` would name a random id for `:rule`).
    let rule_id = created["id"].as_str().unwrap().to_string();

    let mut wrong = Vec::new();
    let mut pages = 0;
    let mut links = 0;
    for role in [
        MemberRole::Admin,
        MemberRole::Editor,
        MemberRole::Contributor,
        MemberRole::Viewer,
        MemberRole::Client,
    ] {
        let user = app
            .add_user(&format!("{}_a", role.as_str()), Language::En)
            .await;
        let scope = if role.needs_account_list() {
            AccountScope::Only(vec![account])
        } else {
            AccountScope::All
        };
        add_member(&app, ws, owner.id, user.id, role, scope).await;
        let web = app.login_as(user.username.as_str()).await;
        let csrf = web.csrf("/settings").await;
        web.post_form_with(
            "/workspaces/switch",
            &csrf,
            &[("workspace", &ws.to_string()), ("next", "/settings")],
        )
        .await;
        let mut visits = Vec::new();
        for (method, pattern, rule) in access::WEB {
            let skip = *method != "GET"
                || *rule == Rule::Open
                || !rule.allows(role)
                || [
                    "/inbox/events",
                    "/oauth/instagram/start",
                    "/oauth/instagram/callback",
                ]
                .contains(pattern);
            if skip {
                continue;
            }
            let path = fill(&pattern.replace(":rule", &rule_id), &o);
            visits.push(path);
        }
        // Pages of seeded things the table's parameters do not name.
        if role.can(Capability::ReadInbox) {
            visits.push(format!("/comments?account={}&media=alpha-m1", o.account));
            visits.push("/messages/alpha-d1".into());
        }
        for path in visits {
            let resp = web.visit(&path).await;
            let html = resp
                .headers()
                .get("content-type")
                .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
            if !html {
                continue;
            }
            let body = resp.text().await.unwrap();
            pages += 1;
            for (m, target) in targets(&path, &body) {
                links += 1;
                if let Some(r) = rule_of_target(&m, &target)
                    && !r.allows(role)
                {
                    wrong.push(format!(
                        "{} on {path}: {m} {target} (needs {})",
                        role.as_str(),
                        r.least_role().as_str()
                    ));
                }
            }
        }
        // Member management is on the personal team page: only for those
        // who may manage members.
        if !role.can(Capability::ManageMembers) {
            let team = web.get_page("/team").await;
            for form in ["/team/invitations", "/team/rename", "/team/members/"] {
                if team.contains(&format!("action=\"{form}")) {
                    wrong.push(format!("{} on /team: a form to {form}", role.as_str()));
                }
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "{} refused targets offered:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    eprintln!("role pages: {pages} pages, {links} links and forms, all allowed");
}
