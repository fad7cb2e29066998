//! Every route of the fake, dispatched on method and path like Instagram's
//! hosts: OAuth, tokens, profile, media, comments, messages, insights,
//! publishing and resumable uploads.

use poem::http::{Method, StatusCode};
use poem::web::Redirect;
use poem::{Body, IntoResponse, Request, Response};
use serde_json::{Value, json};
use time::Duration as TDuration;

use crate::FakeGraph;
use crate::errors::GraphError;
use crate::json::{page, parse_cursor, select, ts};
use crate::params::Params;
use crate::world::{
    Comment, Container, ContainerState, FaultKind, Media, Message, RecordedRequest, Token,
    TokenKind, World,
};

type Answer = Result<Value, GraphError>;

const LONG_LIVED: i64 = 5_183_944;

pub async fn handle(fake: FakeGraph, req: &Request, body: Body) -> Response {
    let path = req.uri().path().trim_matches('/').to_string();
    let method = req.method().clone();
    let bytes = body.into_vec().await.unwrap_or_default();
    let params = Params::parse(
        req.uri().query().unwrap_or(""),
        req.header("content-type"),
        &bytes,
    );
    let (latency, fault) = {
        let mut w = fake.lock();
        w.requests.push(RecordedRequest {
            method: method.to_string(),
            path: format!("/{path}"),
        });
        let fault = (!w.faults.queue.is_empty()).then(|| w.faults.queue.remove(0));
        (w.faults.latency, fault)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(f) = fault {
        if f == FaultKind::DropConnection {
            // Aborting the connection task closes the socket without an
            // answer, as a network failure would.
            panic!("fake-graph fault: dropping the connection");
        }
        return error_response(&fake, fault_error(f), None);
    }

    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // The API version prefix is optional and any vNN.N is accepted.
    let segs: Vec<&str> = match segments.first() {
        Some(v) if v.starts_with('v') && v[1..].contains('.') => segments[1..].to_vec(),
        _ => segments.clone(),
    };

    match (method.clone(), segments.as_slice()) {
        (Method::GET, ["oauth", "authorize"]) => return authorize(&fake, &params),
        (Method::POST, ["oauth", "access_token"]) => {
            return json_answer(&fake, exchange_code(&fake, &params), None);
        }
        _ => {}
    }
    if segs.first() == Some(&"ig-api-upload") {
        let token = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("OAuth "))
            .unwrap_or("")
            .to_string();
        return json_answer(&fake, upload(&fake, &token, &segs, req, bytes.len()), None);
    }
    match (method.clone(), segs.as_slice()) {
        (Method::GET, ["access_token"]) => {
            return json_answer(&fake, long_lived(&fake, &params), None);
        }
        (Method::GET, ["refresh_access_token"]) => {
            return json_answer(&fake, refresh(&fake, &params), None);
        }
        _ => {}
    }

    let token = params.get("access_token").map(str::to_string).or_else(|| {
        req.header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::to_string)
    });
    let account = {
        let w = fake.lock();
        match token.as_deref().map(|t| check_token(&w, t)) {
            Some(Ok(a)) => a,
            Some(Err(e)) => return error_response(&fake, e, None),
            None => {
                return error_response(
                    &fake,
                    GraphError::bad_param(
                        "An active access token must be used to query information about the current user.",
                    ),
                    None,
                );
            }
        }
    };
    let base = format!(
        "{}/{}?access_token={}",
        fake.base_url(),
        path,
        token.as_deref().unwrap_or("")
    );
    let answer = graph(&fake, account, &method, &segs, &params, &base).await;
    json_answer(&fake, answer, Some(account))
}

fn fault_error(f: FaultKind) -> GraphError {
    match f {
        FaultKind::ServerError => GraphError::server_error(),
        FaultKind::RateLimited(code) => GraphError::rate_limited(code),
        FaultKind::TokenExpired => GraphError::expired_token(),
        FaultKind::PermissionMissing => GraphError::permission_missing(),
        FaultKind::DropConnection => GraphError::server_error(),
    }
}

fn usage_header(w: &World, account: usize, throttled: bool) -> String {
    let a = &w.accounts[account];
    let pct = if throttled {
        100
    } else {
        (a.calls / 20).min(99)
    };
    json!({ a.ig_user_id.clone(): [{
        "type": "instagram",
        "call_count": pct,
        "total_cputime": pct / 2,
        "total_time": pct / 2,
        "estimated_time_to_regain_access": if throttled { 5 } else { 0 },
    }]})
    .to_string()
}

fn error_response(fake: &FakeGraph, e: GraphError, account: Option<usize>) -> Response {
    let throttled = matches!(
        e.body["error"]["code"].as_i64(),
        Some(4 | 17 | 32 | 613 | 80002)
    );
    let account = account.or_else(|| throttled.then_some(0));
    let mut resp = e
        .body
        .to_string()
        .with_content_type("application/json; charset=UTF-8")
        .with_status(e.status)
        .into_response();
    if let Some(a) = account {
        let w = fake.lock();
        if a < w.accounts.len()
            && let Ok(v) = usage_header(&w, a, throttled).parse()
        {
            resp.headers_mut().insert("x-business-use-case-usage", v);
        }
    }
    resp
}

fn json_answer(fake: &FakeGraph, answer: Answer, account: Option<usize>) -> Response {
    match answer {
        Ok(v) => {
            let mut resp = v
                .to_string()
                .with_content_type("application/json; charset=UTF-8")
                .into_response();
            if let Some(a) = account {
                let mut w = fake.lock();
                w.accounts[a].calls += 1;
                if let Ok(h) = usage_header(&w, a, false).parse() {
                    resp.headers_mut().insert("x-business-use-case-usage", h);
                }
            }
            resp
        }
        Err(e) => error_response(fake, e, account),
    }
}

fn check_token(w: &World, token: &str) -> Result<usize, GraphError> {
    let t = w.tokens.get(token).ok_or_else(GraphError::invalid_token)?;
    if t.revoked {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            190,
            Some(460),
            "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
        ));
    }
    if t.expires_at <= w.now() {
        return Err(GraphError::expired_token());
    }
    Ok(t.account)
}

// ---------------------------------------------------------------- OAuth

fn authorize(fake: &FakeGraph, p: &Params) -> Response {
    let redirect_uri = p.get("redirect_uri").unwrap_or("").to_string();
    let state = p.get("state").unwrap_or("").to_string();
    if p.get("client_id") != Some(fake.config.app_id.as_str()) {
        return GraphError::oauth_host("Invalid platform app")
            .body
            .to_string()
            .with_status(StatusCode::BAD_REQUEST)
            .into_response();
    }
    if redirect_uri.is_empty() || p.get("response_type") != Some("code") {
        return GraphError::oauth_host("Invalid redirect_uri or response_type")
            .body
            .to_string()
            .with_status(StatusCode::BAD_REQUEST)
            .into_response();
    }
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    let mut w = fake.lock();
    if std::mem::take(&mut w.faults.deny_next_consent) {
        let q = serde_urlencoded::to_string([
            ("error", "access_denied"),
            ("error_reason", "user_denied"),
            ("error_description", "The user denied your request"),
            ("state", state.as_str()),
        ])
        .unwrap_or_default();
        return Redirect::temporary(format!("{redirect_uri}{sep}{q}")).into_response();
    }
    let requested: Vec<String> = p
        .get("scope")
        .unwrap_or("")
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let scopes = match &w.faults.granted_scopes {
        Some(g) => requested.into_iter().filter(|s| g.contains(s)).collect(),
        None => requested,
    };
    let code = w.secret("AQB");
    let now = w.now();
    let account = w.consenting_account;
    w.codes.insert(
        code.clone(),
        crate::world::Code {
            account,
            redirect_uri: redirect_uri.clone(),
            issued_at: now,
            used: false,
            scopes,
        },
    );
    let q = serde_urlencoded::to_string([("code", code.as_str()), ("state", state.as_str())])
        .unwrap_or_default();
    Redirect::temporary(format!("{redirect_uri}{sep}{q}#_")).into_response()
}

fn exchange_code(fake: &FakeGraph, p: &Params) -> Answer {
    if p.get("client_id") != Some(fake.config.app_id.as_str()) {
        return Err(GraphError::oauth_host("Invalid platform app"));
    }
    if p.get("client_secret") != Some(fake.config.app_secret.as_str()) {
        return Err(GraphError::oauth_host("Error validating client secret."));
    }
    if p.get("grant_type") != Some("authorization_code") {
        return Err(GraphError::oauth_host("Invalid grant_type"));
    }
    let code = p
        .get("code")
        .unwrap_or("")
        .trim_end_matches("#_")
        .to_string();
    let mut w = fake.lock();
    let now = w.now();
    let Some(c) = w.codes.get(&code).cloned() else {
        return Err(GraphError::oauth_host("Invalid authorization code"));
    };
    if c.used {
        return Err(GraphError::oauth_host(
            "This authorization code has been used",
        ));
    }
    if now - c.issued_at > TDuration::hours(1)
        || p.get("redirect_uri") != Some(c.redirect_uri.as_str())
    {
        return Err(GraphError::oauth_host(
            "Matching code was not found or was already used",
        ));
    }
    if let Some(entry) = w.codes.get_mut(&code) {
        entry.used = true;
    }
    let token = w.secret("IGAAS");
    w.tokens.insert(
        token.clone(),
        Token {
            account: c.account,
            kind: TokenKind::Short,
            issued_at: now,
            expires_at: now + TDuration::hours(1),
            scopes: c.scopes.clone(),
            revoked: false,
        },
    );
    let user_id: u64 = w.accounts[c.account].app_scoped_id.parse().unwrap_or(0);
    let permissions = c.scopes.join(",");
    Ok(match fake.config.token_response {
        crate::TokenResponseShape::Flat => {
            json!({ "access_token": token, "user_id": user_id, "permissions": permissions })
        }
        crate::TokenResponseShape::Wrapped => {
            json!({ "data": [{ "access_token": token, "user_id": user_id.to_string(), "permissions": permissions }] })
        }
    })
}

fn long_lived(fake: &FakeGraph, p: &Params) -> Answer {
    if p.get("grant_type") != Some("ig_exchange_token") {
        return Err(GraphError::bad_param("(#100) Invalid grant_type"));
    }
    if p.get("client_secret") != Some(fake.config.app_secret.as_str()) {
        return Err(GraphError::bad_param("Error validating client secret."));
    }
    let short = p.get("access_token").unwrap_or("").to_string();
    let mut w = fake.lock();
    let account = check_token(&w, &short)?;
    let t = w
        .tokens
        .get(&short)
        .cloned()
        .ok_or_else(GraphError::invalid_token)?;
    if t.kind != TokenKind::Short {
        return Err(GraphError::bad_param(
            "(#100) Only short-lived tokens can be exchanged",
        ));
    }
    Ok(issue_long(&mut w, account, t.scopes))
}

fn issue_long(w: &mut World, account: usize, scopes: Vec<String>) -> Value {
    let token = w.secret("IGAAL");
    let now = w.now();
    let permissions = scopes.join(",");
    w.tokens.insert(
        token.clone(),
        Token {
            account,
            kind: TokenKind::Long,
            issued_at: now,
            expires_at: now + TDuration::seconds(LONG_LIVED),
            scopes,
            revoked: false,
        },
    );
    json!({ "access_token": token, "token_type": "bearer", "expires_in": LONG_LIVED, "permissions": permissions })
}

fn refresh(fake: &FakeGraph, p: &Params) -> Answer {
    if p.get("grant_type") != Some("ig_refresh_token") {
        return Err(GraphError::bad_param("(#100) Invalid grant_type"));
    }
    let old = p.get("access_token").unwrap_or("").to_string();
    let mut w = fake.lock();
    let account = check_token(&w, &old)?;
    let t = w
        .tokens
        .get(&old)
        .cloned()
        .ok_or_else(GraphError::invalid_token)?;
    // Unverified: the exact refusal for tokens under 24 h. Code 190 is the
    // most likely; clients must not treat it as "reconnect" on a fresh token.
    if t.kind != TokenKind::Long || w.now() - t.issued_at < TDuration::hours(24) {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            190,
            None,
            "Error validating access token: the token must be at least 24 hours old to be refreshed.",
        ));
    }
    let _ = fake;
    Ok(issue_long(&mut w, account, t.scopes))
}

// ---------------------------------------------------------------- Graph

async fn graph(
    fake: &FakeGraph,
    account: usize,
    method: &Method,
    segs: &[&str],
    p: &Params,
    base: &str,
) -> Answer {
    let fields = p.fields();
    let fields = fields.as_deref();
    match (method, segs) {
        (&Method::GET, [id]) => get_node(fake, account, id, fields),
        (&Method::GET, [id, "media"]) if fake.lock().is_alias(account, id) => {
            media_list(fake, account, p, fields, base)
        }
        (&Method::GET, [id, "stories"]) if fake.lock().is_alias(account, id) => {
            Ok(json!({ "data": [] }))
        }
        (&Method::GET, [id, "comments"]) => comments_list(fake, account, id, p, fields, base),
        (&Method::GET, [id, "replies"]) => replies_list(fake, account, id, fields),
        (&Method::POST, [id, "comments"]) => add_comment(fake, account, id, None, p),
        (&Method::POST, [id, "replies"]) => add_comment(fake, account, id, Some(()), p),
        (&Method::POST, [id]) if p.get("hide").is_some() => {
            hide_comment(fake, account, id, p.get("hide") == Some("true"))
        }
        (&Method::DELETE, [id]) => delete_comment(fake, account, id),
        (&Method::GET, [id, "conversations"]) if fake.lock().is_alias(account, id) => {
            conversations(fake, account, p, base)
        }
        (&Method::POST, [id, "messages"]) if fake.lock().is_alias(account, id) => {
            send_message(fake, account, p)
        }
        (&Method::GET, [id, "insights"]) if fake.lock().is_alias(account, id) => {
            account_insights(fake, account, p)
        }
        (&Method::GET, [id, "insights"]) => media_insights(fake, account, id, p),
        (&Method::POST, [id, "media"]) if fake.lock().is_alias(account, id) => {
            create_container(fake, account, p).await
        }
        (&Method::POST, [id, "media_publish"]) if fake.lock().is_alias(account, id) => {
            publish(fake, account, p)
        }
        (&Method::GET, [id, "content_publishing_limit"]) if fake.lock().is_alias(account, id) => {
            publishing_limit(fake, account, p)
        }
        (&Method::POST, [id, "subscribed_apps"]) if fake.lock().is_alias(account, id) => {
            Ok(json!({ "success": true }))
        }
        (_, [id, ..]) => Err(GraphError::not_found(id)),
        _ => Err(GraphError::bad_param("Unknown path components")),
    }
}

fn profile_json(w: &World, account: usize) -> Value {
    let a = &w.accounts[account];
    let media_count = w.media.iter().filter(|m| m.account == account).count();
    json!({
        "id": a.app_scoped_id,
        "user_id": a.ig_user_id,
        "username": a.username,
        "name": a.name,
        "biography": a.biography,
        "website": Value::Null,
        "profile_picture_url": format!("https://scontent.cdninstagram.example/{}.jpg", a.username),
        "followers_count": a.followers_count,
        "follows_count": a.follows_count,
        "media_count": media_count,
        "account_type": a.account_type,
    })
}

fn media_json(w: &World, m: &Media) -> Value {
    let comments = w
        .comments
        .iter()
        .filter(|c| c.media_id == m.id && c.parent_id.is_none())
        .count();
    let children: Vec<Value> = m
        .children
        .iter()
        .map(|c| json!({ "id": c, "media_type": "IMAGE", "media_url": format!("https://scontent.cdninstagram.example/{c}.jpg") }))
        .collect();
    json!({
        "id": m.id,
        "caption": m.caption,
        "media_type": m.media_type,
        "media_product_type": m.product_type,
        "media_url": m.media_url,
        "thumbnail_url": m.thumbnail_url,
        "permalink": m.permalink,
        "shortcode": m.permalink.trim_end_matches('/').rsplit('/').next().unwrap_or(""),
        "timestamp": ts(m.timestamp),
        "like_count": m.like_count,
        "comments_count": comments,
        "is_comment_enabled": true,
        "children": if children.is_empty() { Value::Null } else { json!({ "data": children }) },
    })
}

fn comment_json(w: &World, c: &Comment, with_replies: bool) -> Value {
    let mut v = json!({
        "id": c.id,
        "text": c.text,
        "username": c.username,
        "from": { "id": c.from_id, "username": c.username },
        "timestamp": ts(c.timestamp),
        "like_count": c.like_count,
        "hidden": c.hidden,
        "parent_id": c.parent_id,
        "media": { "id": c.media_id },
    });
    if with_replies {
        let mut replies: Vec<&Comment> = w
            .comments
            .iter()
            .filter(|r| r.parent_id.as_deref() == Some(&c.id))
            .collect();
        replies.sort_by_key(|r| std::cmp::Reverse(r.timestamp));
        let data: Vec<Value> = replies.iter().map(|r| comment_json(w, r, false)).collect();
        v["replies"] = json!({ "data": data });
    }
    v
}

fn get_node(fake: &FakeGraph, account: usize, id: &str, fields: Option<&[String]>) -> Answer {
    let mut w = fake.lock();
    if w.is_alias(account, id) {
        return select(&profile_json(&w, account), fields, "User");
    }
    settle_containers(&mut w);
    if let Some(c) = w
        .containers
        .iter()
        .find(|c| c.id == id && c.account == account)
    {
        let (code, status) = match &c.state {
            ContainerState::InProgress => ("IN_PROGRESS", Value::Null),
            ContainerState::Finished => ("FINISHED", Value::Null),
            ContainerState::Published(_) => ("PUBLISHED", Value::Null),
            ContainerState::Error(s) => ("ERROR", json!(s)),
        };
        let expired = !matches!(c.state, ContainerState::Published(_))
            && w.now() - c.created_at > TDuration::hours(24);
        let code = if expired { "EXPIRED" } else { code };
        return select(
            &json!({ "id": c.id, "status_code": code, "status": status }),
            fields,
            "ShadowIGMediaBuilder",
        );
    }
    if let Some(m) = w.media.iter().find(|m| m.id == id && m.account == account) {
        return select(&media_json(&w, m), fields, "Media");
    }
    if let Some(c) = w
        .comments
        .iter()
        .find(|c| c.id == id && owns_media(&w, account, &c.media_id))
    {
        return select(&comment_json(&w, c, true), fields, "IGComment");
    }
    if let Some(conv) = w
        .conversations
        .iter()
        .find(|c| c.id == id && c.account == account)
    {
        // Newest first; only the 20 most recent carry details.
        let data: Vec<Value> = conv
            .messages
            .iter()
            .rev()
            .take(20)
            .map(message_json)
            .collect();
        return Ok(json!({ "id": conv.id, "messages": { "data": data } }));
    }
    for conv in w.conversations.iter().filter(|c| c.account == account) {
        if let Some(m) = conv.messages.iter().find(|m| m.id == id) {
            return Ok(message_json(m));
        }
    }
    Err(GraphError::not_found(id))
}

fn message_json(m: &Message) -> Value {
    json!({
        "id": m.id,
        "created_time": ts(m.created_time),
        "from": { "id": m.from_id, "username": m.from_username },
        "to": { "data": [{ "id": m.to_id, "username": m.to_username }] },
        "message": m.text,
    })
}

fn owns_media(w: &World, account: usize, media_id: &str) -> bool {
    w.media
        .iter()
        .any(|m| m.id == media_id && m.account == account)
}

fn limit(p: &Params, default: usize, max: usize) -> usize {
    p.get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

fn start(p: &Params) -> usize {
    p.get("after").and_then(parse_cursor).unwrap_or(0)
}

fn media_list(
    fake: &FakeGraph,
    account: usize,
    p: &Params,
    fields: Option<&[String]>,
    base: &str,
) -> Answer {
    let w = fake.lock();
    let mut items: Vec<&Media> = w
        .media
        .iter()
        .filter(|m| m.account == account && m.product_type != "STORY")
        .collect();
    items.sort_by(|a, b| b.timestamp.cmp(&a.timestamp).then(b.id.cmp(&a.id)));
    let (from, lim) = (start(p), limit(p, 25, 100));
    let data = items
        .iter()
        .skip(from)
        .take(lim)
        .map(|m| select(&media_json(&w, m), fields, "Media"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page(data, from, lim, items.len(), base))
}

fn comments_list(
    fake: &FakeGraph,
    account: usize,
    media_id: &str,
    p: &Params,
    fields: Option<&[String]>,
    base: &str,
) -> Answer {
    let w = fake.lock();
    if !owns_media(&w, account, media_id) {
        return Err(GraphError::not_found(media_id));
    }
    let mut items: Vec<&Comment> = w
        .comments
        .iter()
        .filter(|c| c.media_id == media_id && c.parent_id.is_none())
        .collect();
    items.sort_by(|a, b| b.timestamp.cmp(&a.timestamp).then(b.id.cmp(&a.id)));
    let (from, lim) = (start(p), limit(p, 25, 50));
    let data = items
        .iter()
        .skip(from)
        .take(lim)
        .map(|c| select(&comment_json(&w, c, true), fields, "IGComment"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page(data, from, lim, items.len(), base))
}

fn replies_list(
    fake: &FakeGraph,
    account: usize,
    comment_id: &str,
    fields: Option<&[String]>,
) -> Answer {
    let w = fake.lock();
    let parent = w
        .comments
        .iter()
        .find(|c| c.id == comment_id && owns_media(&w, account, &c.media_id));
    let Some(parent) = parent else {
        return Err(GraphError::not_found(comment_id));
    };
    let data = w
        .comments
        .iter()
        .filter(|r| r.parent_id.as_deref() == Some(&parent.id))
        .map(|r| select(&comment_json(&w, r, false), fields, "IGComment"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({ "data": data }))
}

fn add_comment(
    fake: &FakeGraph,
    account: usize,
    target: &str,
    reply: Option<()>,
    p: &Params,
) -> Answer {
    let text = p
        .get("message")
        .ok_or_else(|| GraphError::bad_param("(#100) The parameter message is required"))?
        .to_string();
    let mut w = fake.lock();
    let (media_id, parent) = if reply.is_some() {
        let c = w
            .comments
            .iter()
            .find(|c| c.id == target && owns_media(&w, account, &c.media_id))
            .ok_or_else(|| GraphError::not_found(target))?;
        (
            c.media_id.clone(),
            Some(c.parent_id.clone().unwrap_or_else(|| c.id.clone())),
        )
    } else {
        if !owns_media(&w, account, target) {
            return Err(GraphError::not_found(target));
        }
        (target.to_string(), None)
    };
    let id = w.id("178");
    let now = w.now();
    let a = w.accounts[account].clone();
    w.comments.push(Comment {
        id: id.clone(),
        media_id,
        parent_id: parent,
        text,
        username: a.username,
        from_id: a.ig_user_id,
        timestamp: now,
        like_count: 0,
        hidden: false,
    });
    Ok(json!({ "id": id }))
}

fn hide_comment(fake: &FakeGraph, account: usize, id: &str, hide: bool) -> Answer {
    let mut w = fake.lock();
    let own = w.accounts[account].ig_user_id.clone();
    let owned: Vec<String> = w
        .media
        .iter()
        .filter(|m| m.account == account)
        .map(|m| m.id.clone())
        .collect();
    let c = w
        .comments
        .iter_mut()
        .find(|c| c.id == id && owned.contains(&c.media_id))
        .ok_or_else(|| GraphError::not_found(id))?;
    // The media owner's own comments always stay visible.
    if c.from_id == own && hide {
        return Err(GraphError::bad_param(
            "(#100) The owner's comments cannot be hidden",
        ));
    }
    c.hidden = hide;
    Ok(json!({ "success": true }))
}

fn delete_comment(fake: &FakeGraph, account: usize, id: &str) -> Answer {
    let mut w = fake.lock();
    let owned: Vec<String> = w
        .media
        .iter()
        .filter(|m| m.account == account)
        .map(|m| m.id.clone())
        .collect();
    let before = w.comments.len();
    w.comments
        .retain(|c| !(c.id == id && owned.contains(&c.media_id)));
    if w.comments.len() == before {
        return Err(GraphError::not_found(id));
    }
    w.comments.retain(|c| c.parent_id.as_deref() != Some(id));
    Ok(json!({ "success": true }))
}

fn conversations(fake: &FakeGraph, account: usize, p: &Params, base: &str) -> Answer {
    let w = fake.lock();
    let mut items: Vec<_> = w
        .conversations
        .iter()
        .filter(|c| c.account == account)
        .collect();
    let last = |c: &crate::world::Conversation| c.messages.last().map(|m| m.created_time);
    items.sort_by_key(|c| std::cmp::Reverse(last(c)));
    if let Some(peer) = p.get("user_id") {
        let data: Vec<Value> = items
            .iter()
            .filter(|c| c.peer_id == peer)
            .map(|c| json!({ "id": c.id }))
            .collect();
        return Ok(json!({ "data": data }));
    }
    let a = &w.accounts[account];
    let (from, lim) = (start(p), limit(p, 25, 100));
    let data: Vec<Value> = items
        .iter()
        .skip(from)
        .take(lim)
        .map(|c| {
            json!({
                "id": c.id,
                "updated_time": last(c).map(ts),
                "participants": { "data": [
                    { "id": a.ig_user_id, "username": a.username },
                    { "id": c.peer_id, "username": c.peer_username },
                ]},
            })
        })
        .collect();
    Ok(page(data, from, lim, items.len(), base))
}

fn send_message(fake: &FakeGraph, account: usize, p: &Params) -> Answer {
    let body = p.json.clone().unwrap_or_default();
    let recipient = body["recipient"]["id"]
        .as_str()
        .or_else(|| p.get("recipient_id"))
        .unwrap_or("")
        .to_string();
    let text = body["message"]["text"].as_str().unwrap_or("").to_string();
    let human = body["tag"].as_str() == Some("HUMAN_AGENT");
    if text.is_empty() {
        return Err(GraphError::bad_param(
            "(#100) The parameter message is required",
        ));
    }
    if text.len() > 1000 {
        return Err(GraphError::bad_param(
            "(#100) Message text must be at most 1000 bytes",
        ));
    }
    let mut w = fake.lock();
    let now = w.now();
    let a = w.accounts[account].clone();
    let id = w.id("aWdG");
    let conv = w
        .conversations
        .iter_mut()
        .find(|c| c.account == account && c.peer_id == recipient)
        .ok_or_else(|| {
            GraphError::graph(
                StatusCode::BAD_REQUEST,
                "OAuthException",
                100,
                Some(2018001),
                "No matching user found",
            )
        })?;
    let last_inbound = conv
        .messages
        .iter()
        .rev()
        .find(|m| m.from_id == recipient)
        .map(|m| m.created_time);
    let window = if human {
        TDuration::days(7)
    } else {
        TDuration::hours(24)
    };
    if last_inbound.is_none_or(|t| now - t > window) {
        return Err(GraphError::graph(
            StatusCode::FORBIDDEN,
            "IGApiException",
            10,
            Some(2534022),
            "This message is sent outside of allowed window.",
        ));
    }
    conv.messages.push(Message {
        id: id.clone(),
        from_id: a.ig_user_id,
        from_username: a.username,
        to_id: recipient.clone(),
        to_username: conv.peer_username.clone(),
        text,
        created_time: now,
    });
    Ok(json!({ "recipient_id": recipient, "message_id": id }))
}

fn account_insights(fake: &FakeGraph, account: usize, p: &Params) -> Answer {
    let w = fake.lock();
    let a = &w.accounts[account];
    let metrics: Vec<&str> = p
        .get("metric")
        .unwrap_or("")
        .split(',')
        .filter(|m| !m.is_empty())
        .collect();
    let id = &a.ig_user_id;
    let mut data = Vec::new();
    for m in metrics {
        match m {
            "impressions" => {
                return Err(GraphError::bad_param(
                    "(#100) Starting from version 22 and above, the impressions metric is no longer supported. Please use views instead.",
                ));
            }
            "follower_count" => {
                let now = w.now();
                let values: Vec<Value> = a
                    .follower_series
                    .iter()
                    .enumerate()
                    .map(|(i, v)| json!({ "value": v, "end_time": ts(now - TDuration::days((a.follower_series.len() - i) as i64)) }))
                    .collect();
                data.push(json!({ "name": m, "period": "day", "title": "Follower count", "values": values, "id": format!("{id}/insights/{m}/day") }));
            }
            "online_followers" => {
                let hours: serde_json::Map<String, Value> = (0..24)
                    .map(|h| (h.to_string(), json!(40 + (h * 7) % 60)))
                    .collect();
                data.push(json!({ "name": m, "period": "lifetime", "values": [{ "value": hours, "end_time": ts(w.now()) }], "id": format!("{id}/insights/{m}/lifetime") }));
            }
            "follower_demographics" | "engaged_audience_demographics" => {
                let breakdown = p.get("breakdown").unwrap_or("country");
                let results: Vec<Value> = match breakdown {
                    "age" => vec![
                        json!({"dimension_values": ["18-24"], "value": 4100}),
                        json!({"dimension_values": ["25-34"], "value": 9800}),
                        json!({"dimension_values": ["35-44"], "value": 5200}),
                    ],
                    "gender" => vec![
                        json!({"dimension_values": ["F"], "value": 13_900}),
                        json!({"dimension_values": ["M"], "value": 8_700}),
                        json!({"dimension_values": ["U"], "value": 700}),
                    ],
                    "city" => vec![
                        json!({"dimension_values": ["Almaty, Almaty"], "value": 9100}),
                        json!({"dimension_values": ["Astana, Astana"], "value": 6200}),
                    ],
                    _ => vec![
                        json!({"dimension_values": ["KZ"], "value": 17_500}),
                        json!({"dimension_values": ["RU"], "value": 3_900}),
                        json!({"dimension_values": ["UZ"], "value": 1_100}),
                    ],
                };
                data.push(json!({ "name": m, "period": "lifetime", "total_value": { "breakdowns": [{ "dimension_keys": [breakdown], "results": results }] }, "id": format!("{id}/insights/{m}/lifetime") }));
            }
            "reach" | "views" | "accounts_engaged" | "total_interactions" | "likes"
            | "comments" | "saves" | "shares" | "replies" | "profile_links_taps" => {
                let value = (a.followers_count / 10) as i64 + m.len() as i64 * 13;
                data.push(json!({ "name": m, "period": "day", "total_value": { "value": value }, "id": format!("{id}/insights/{m}/day") }));
            }
            other => {
                return Err(GraphError::bad_param(&format!(
                    "(#100) metric[0] must be one of the following values: reach, views, follower_count, … (got {other})"
                )));
            }
        }
    }
    Ok(json!({ "data": data }))
}

fn media_insights(fake: &FakeGraph, account: usize, media_id: &str, p: &Params) -> Answer {
    let w = fake.lock();
    let m = w
        .media
        .iter()
        .find(|m| m.id == media_id && m.account == account)
        .ok_or_else(|| GraphError::not_found(media_id))?;
    let mut data = Vec::new();
    for metric in p
        .get("metric")
        .unwrap_or("")
        .split(',')
        .filter(|x| !x.is_empty())
    {
        let supported = match metric {
            "reach" | "views" | "likes" | "comments" | "saved" | "shares"
            | "total_interactions" => true,
            "ig_reels_avg_watch_time" | "ig_reels_video_view_total_time" => {
                m.product_type == "REELS"
            }
            "impressions" | "plays" | "video_views" => false,
            _ => false,
        };
        if !supported {
            return Err(GraphError::bad_param(&format!(
                "(#100) The Media Insights API does not support the {metric} metric for this media product type."
            )));
        }
        let value = (m.like_count * 3 + metric.len() as u64) as i64;
        data.push(json!({ "name": metric, "period": "lifetime", "values": [{ "value": value }], "id": format!("{media_id}/insights/{metric}/lifetime") }));
    }
    Ok(json!({ "data": data }))
}

// ---------------------------------------------------------------- Publishing

/// Moves containers whose processing time has passed to FINISHED.
fn settle_containers(w: &mut World) {
    let now = w.now();
    for c in w.containers.iter_mut() {
        if c.state == ContainerState::InProgress && now >= c.ready_at {
            c.state = if c.media_url.contains("fail-processing") {
                ContainerState::Error(
                    "Error: Media upload has failed with error code 2207082".into(),
                )
            } else {
                ContainerState::Finished
            };
        }
    }
}

async fn create_container(fake: &FakeGraph, account: usize, p: &Params) -> Answer {
    let media_type = p.get("media_type").unwrap_or("IMAGE").to_string();
    let is_item = p.get("is_carousel_item") == Some("true");
    let caption = p.get("caption").unwrap_or("").to_string();
    let url = p
        .get("image_url")
        .or_else(|| p.get("video_url"))
        .unwrap_or("")
        .to_string();
    let resumable = p.get("upload_type") == Some("resumable");

    if !matches!(
        media_type.as_str(),
        "IMAGE" | "VIDEO" | "REELS" | "STORIES" | "CAROUSEL"
    ) {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            100,
            Some(2207023),
            "The media type is unknown.",
        ));
    }
    if caption.chars().count() > 2200
        || caption.matches('#').count() > fake.config.hashtag_limit
        || caption.matches('@').count() > 20
    {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            36004,
            Some(2207010),
            "The caption is too long or has too many hashtags or mentions.",
        )
        .with_user_text(
            "Caption too long",
            "Shorten the caption, or use fewer hashtags or mentions.",
        ));
    }
    let children: Vec<String> = p
        .get("children")
        .map(|c| {
            c.trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if media_type == "CAROUSEL" && !(2..=10).contains(&children.len()) {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            100,
            Some(2207028),
            "Carousels need between 2 and 10 items.",
        ));
    }
    if media_type != "CAROUSEL" && url.is_empty() && !resumable {
        return Err(GraphError::bad_param(
            "(#100) The parameter image_url or video_url is required",
        ));
    }
    let is_image = p.get("image_url").is_some();
    if !url.is_empty() && fake.config.fetch_media {
        fetch_and_check(&url, is_image).await?;
    }
    let mut w = fake.lock();
    let now = w.now();
    let recent = w
        .containers
        .iter()
        .filter(|c| c.account == account && now - c.created_at < TDuration::hours(24))
        .count();
    if recent >= 400 {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            4,
            Some(2207042),
            "Too many containers were created in the last 24 hours.",
        ));
    }
    let delay = if is_image || media_type == "CAROUSEL" {
        fake.config.image_processing
    } else {
        fake.config.video_processing
    };
    let id = w.id("179");
    w.containers.push(Container {
        id: id.clone(),
        account,
        media_type,
        is_carousel_item: is_item,
        media_url: url,
        caption,
        children,
        created_at: now,
        ready_at: now + TDuration::try_from(delay).unwrap_or(TDuration::ZERO),
        state: ContainerState::InProgress,
    });
    settle_containers(&mut w);
    let mut answer = json!({ "id": id });
    if resumable {
        answer["uri"] = json!(format!("{}/ig-api-upload/v26.0/{id}", fake.base_url()));
    }
    Ok(answer)
}

/// Fetches the media like Meta does; refuses what Meta refuses.
async fn fetch_and_check(url: &str, is_image: bool) -> Result<(), GraphError> {
    let fail = || {
        GraphError::graph(StatusCode::BAD_REQUEST, "OAuthException", 9004, Some(2207052), "Only photo or video can be accepted as media type.")
            .with_user_text(
                "Media download has failed. The media URI doesn't meet our requirements.",
                &format!("The media could not be fetched from this URI: {url}. Please check the URI and try again."),
            )
    };
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|_| fail())?;
    let resp = client.get(url).send().await.map_err(|_| fail())?;
    if !resp.status().is_success() {
        return Err(fail());
    }
    let bytes = resp.bytes().await.map_err(|_| fail())?;
    if is_image {
        if bytes.len() > 8 * 1024 * 1024 {
            return Err(GraphError::graph(
                StatusCode::BAD_REQUEST,
                "OAuthException",
                36000,
                Some(2207004),
                "The image is too large.",
            )
            .with_user_text("Image too large", "The image must be 8 MB or smaller."));
        }
        if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Err(GraphError::graph(
                StatusCode::BAD_REQUEST,
                "OAuthException",
                36001,
                Some(2207005),
                "The image format is not supported.",
            )
            .with_user_text(
                "Unsupported image format",
                "Only JPEG images can be published.",
            ));
        }
    }
    Ok(())
}

fn publish(fake: &FakeGraph, account: usize, p: &Params) -> Answer {
    let creation = p
        .get("creation_id")
        .ok_or_else(|| GraphError::bad_param("(#100) The parameter creation_id is required"))?
        .to_string();
    let mut w = fake.lock();
    settle_containers(&mut w);
    let now = w.now();
    let quota = fake.config.quota_total as usize;
    let used = w
        .media
        .iter()
        .filter(|m| {
            m.account == account
                && m.from_container.is_some()
                && now - m.timestamp < TDuration::hours(24)
        })
        .count();
    let idx = w
        .containers
        .iter()
        .position(|c| c.id == creation && c.account == account)
        .ok_or_else(|| GraphError::not_found(&creation))?;
    let c = w.containers[idx].clone();
    match &c.state {
        ContainerState::Finished => {}
        // Publishing again does not make a second post: Instagram answers
        // with the media it already made (most likely real behaviour).
        ContainerState::Published(media_id) => return Ok(json!({ "id": media_id })),
        ContainerState::InProgress => {
            return Err(GraphError::graph(
                StatusCode::BAD_REQUEST,
                "OAuthException",
                9007,
                Some(2207027),
                "Media ID is not available",
            )
            .with_user_text(
                "Cannot publish",
                "The media is not ready for publishing, please wait for a moment",
            ));
        }
        ContainerState::Error(_) => {
            return Err(GraphError::graph(
                StatusCode::BAD_REQUEST,
                "OAuthException",
                -1,
                Some(2207032),
                "Create media has failed",
            ));
        }
    }
    if c.is_carousel_item {
        return Err(GraphError::bad_param(
            "(#100) Carousel items can only be published inside a carousel",
        ));
    }
    if now - c.created_at > TDuration::hours(24) {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            -2,
            Some(2207020),
            "The media builder has expired",
        ));
    }
    if used >= quota {
        return Err(GraphError::graph(
            StatusCode::BAD_REQUEST,
            "OAuthException",
            9,
            Some(2207042),
            "You have reached the maximum number of posts that can be published in 24 hours.",
        ));
    }
    let id = w.id("180");
    let shortcode = &uuid::Uuid::now_v7().simple().to_string()[20..31];
    let (media_type, product) = match c.media_type.as_str() {
        "REELS" => ("VIDEO", "REELS"),
        "STORIES" => (
            if c.media_url.ends_with(".mp4") {
                "VIDEO"
            } else {
                "IMAGE"
            },
            "STORY",
        ),
        "CAROUSEL" => ("CAROUSEL_ALBUM", "FEED"),
        _ => ("IMAGE", "FEED"),
    };
    w.media.push(Media {
        id: id.clone(),
        account,
        caption: c.caption.clone(),
        media_type: media_type.into(),
        product_type: product.into(),
        media_url: c.media_url.clone(),
        thumbnail_url: None,
        permalink: format!("https://www.instagram.com/p/{shortcode}/"),
        timestamp: now,
        like_count: 0,
        children: c.children.clone(),
        from_container: Some(c.id.clone()),
    });
    w.containers[idx].state = ContainerState::Published(id.clone());
    Ok(json!({ "id": id }))
}

fn publishing_limit(fake: &FakeGraph, account: usize, p: &Params) -> Answer {
    let w = fake.lock();
    let now = w.now();
    let used = w
        .media
        .iter()
        .filter(|m| {
            m.account == account
                && m.from_container.is_some()
                && now - m.timestamp < TDuration::hours(24)
        })
        .count();
    let mut item = json!({ "quota_usage": used });
    if p.get("fields").is_some_and(|f| f.contains("config")) {
        item["config"] = json!({ "quota_total": fake.config.quota_total, "quota_duration": 86400 });
    }
    Ok(json!({ "data": [item] }))
}

fn upload(fake: &FakeGraph, token: &str, segs: &[&str], req: &Request, received: usize) -> Answer {
    let w = fake.lock();
    let account = check_token(&w, token).map_err(|_| {
        GraphError {
            status: StatusCode::UNAUTHORIZED,
            body: json!({ "debug_info": { "retriable": false, "type": "ProcessingFailedError", "message": "{\"success\":false,\"error\":{\"message\":\"unauthorized user request\"}}" } }),
        }
    })?;
    let id = segs.last().copied().unwrap_or("");
    if !w
        .containers
        .iter()
        .any(|c| c.id == id && c.account == account)
    {
        return Err(GraphError::not_found(id));
    }
    let declared = req
        .header("file_size")
        .and_then(|v| v.parse::<usize>().ok());
    if req.header("file_url").is_none() && declared != Some(received) {
        return Err(GraphError::bad_param(
            "file_size does not match the bytes received",
        ));
    }
    Ok(json!({ "success": true, "message": "Upload successful." }))
}
