//! One request, from the wire to the answer: which host's route it is, the
//! request log, latency and armed faults, the token, and the usage headers
//! every Graph answer carries.

use poem::http::{Method, StatusCode, header};
use poem::{Body, IntoResponse, Request, Response};
use serde_json::Value;

use crate::call::Call;
use crate::chooser::{self, Dialog};
use crate::errors::GraphError;
use crate::faults::FaultKind;
use crate::graph;
use crate::paging::Links;
use crate::params::Params;
use crate::tokens::{self, check};
use crate::{FakeGraph, RecordedRequest, oauth, upload};

enum Outcome {
    Json(Value),
    /// The account chooser's page.
    Html(String),
    Redirect(String),
    Failed(GraphError),
    /// Close the connection without answering.
    Drop,
}

struct Reply {
    outcome: Outcome,
    /// Whose usage the answer reports (Graph-host answers only).
    account: Option<usize>,
}

impl Reply {
    fn of(result: Result<Value, GraphError>, account: Option<usize>) -> Self {
        Reply {
            outcome: match result {
                Ok(v) => Outcome::Json(v),
                Err(e) => Outcome::Failed(e),
            },
            account,
        }
    }

    fn failed(e: GraphError, account: Option<usize>) -> Self {
        Reply {
            outcome: Outcome::Failed(e),
            account,
        }
    }
}

/// `v25.0`, `v26.0`, `v9`: an API version segment.
fn is_version(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.splitn(2, '.');
    let major = parts.next().unwrap_or("");
    let minor = parts.next().unwrap_or("0");
    !major.is_empty()
        && major.chars().all(|c| c.is_ascii_digit())
        && !minor.is_empty()
        && minor.chars().all(|c| c.is_ascii_digit())
}

/// The query with secrets blanked, for the request log.
fn redact(query: &str) -> String {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| {
            if matches!(
                k.as_str(),
                "access_token" | "client_secret" | "code" | "input_token"
            ) {
                (k, "REDACTED".to_string())
            } else {
                (k, v)
            }
        })
        .collect();
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

fn bearer(req: &Request) -> Option<String> {
    req.header("authorization")
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("OAuth "))
        })
        .map(|t| t.trim().to_string())
}

pub(crate) async fn handle(fake: &FakeGraph, req: &Request, body: Body) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let all: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (version, segs): (Option<String>, Vec<&str>) = match all.first() {
        Some(v) if is_version(v) => (Some((*v).to_string()), all[1..].to_vec()),
        _ => (None, all.clone()),
    };
    let log_index = {
        let mut state = fake.state();
        state.requests.push(RecordedRequest {
            method: method.to_string(),
            path: path.clone(),
            query: redact(req.uri().query().unwrap_or("")),
            status: 0,
        })
    };
    let latency = fake.state().faults.latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let reply = route(fake, req, body, &method, version, &segs, &path).await;
    let slow = fake
        .state()
        .faults
        .slow_answers
        .clone()
        .filter(|(p, _)| path.contains(p.as_str()));
    if let Some((_, delay)) = slow {
        tokio::time::sleep(delay).await;
    }
    let response = finish(fake, reply);
    if let Some(r) = fake.state().requests.get_mut(log_index) {
        r.status = response.status().as_u16();
    }
    response
}

async fn route(
    fake: &FakeGraph,
    req: &Request,
    body: Body,
    method: &Method,
    version: Option<String>,
    segs: &[&str],
    path: &str,
) -> Reply {
    let cfg = fake.config();
    // The dialog is the browser's: no faults, only the user's choices.
    if method == Method::GET && segs == ["oauth", "authorize"] {
        let params = Params::from_query(req.uri().query().unwrap_or(""));
        if cfg.account_chooser {
            let outcome = match chooser::authorize(fake, &params) {
                Ok(Dialog::Page(html)) => Outcome::Html(html),
                Ok(Dialog::Redirect(location)) => Outcome::Redirect(location),
                Err(e) => Outcome::Failed(e),
            };
            return Reply {
                outcome,
                account: None,
            };
        }
        let mut state = fake.state();
        return match oauth::authorize(&mut state, cfg, &params) {
            Ok(location) => Reply {
                outcome: Outcome::Redirect(location),
                account: None,
            },
            Err(e) => Reply::failed(e, None),
        };
    }
    if segs.first() == Some(&"ig-api-upload") {
        if let Some(reply) = fault(fake, req, path, None) {
            return reply;
        }
        let Some(container) = segs.last().filter(|_| segs.len() > 1) else {
            return Reply::failed(GraphError::unknown_path("ig-api-upload"), None);
        };
        return match upload::upload(fake, req, body, container).await {
            Ok((v, _)) => Reply::of(Ok(v), None),
            Err(e) => Reply::failed(e, None),
        };
    }
    let params = Params::read(req, body).await;
    let token = params
        .get("access_token")
        .map(str::to_string)
        .or_else(|| bearer(req));
    let account = token
        .as_deref()
        .and_then(|t| check(&fake.state(), t).ok())
        .map(|a| a.account);
    let oauth_host = segs == ["oauth", "access_token"];
    if let Some(reply) = fault(fake, req, path, account.filter(|_| !oauth_host)) {
        return reply;
    }
    match (method, segs) {
        (&Method::POST, ["oauth", "access_token"]) => {
            let mut state = fake.state();
            return Reply::of(oauth::exchange_code(&mut state, cfg, &params), None);
        }
        (&Method::GET, ["access_token"]) => {
            let mut state = fake.state();
            return match tokens::exchange(&mut state, &cfg.app_secret, &params, token.as_deref()) {
                Ok((v, a)) => Reply::of(Ok(v), Some(a)),
                Err(e) => Reply::failed(e, account),
            };
        }
        (&Method::GET, ["refresh_access_token"]) => {
            let mut state = fake.state();
            return match tokens::refresh(&mut state, &params, token.as_deref()) {
                Ok((v, a)) => Reply::of(Ok(v), Some(a)),
                Err(e) => Reply::failed(e, account),
            };
        }
        _ => {}
    }
    let Some(token) = token else {
        return Reply::failed(GraphError::missing_token(), None);
    };
    let auth = match check(&fake.state(), &token) {
        Ok(a) => a,
        Err(e) => return Reply::failed(e, None),
    };
    {
        let state = fake.state();
        if state.usage.exhausted(auth.account, state.now(), cfg) {
            return Reply::failed(GraphError::rate_limited(80002), Some(auth.account));
        }
    }
    let origin = req
        .header("host")
        .map(|h| format!("http://{h}"))
        .unwrap_or_else(|| fake.base_url());
    let account = auth.account;
    let cx = Call {
        fake,
        auth,
        params: &params,
        links: Links {
            origin,
            version,
            token,
        },
        path: segs.join("/"),
    };
    Reply::of(graph::dispatch(&cx, method, segs).await, Some(account))
}

/// The first armed fault for this path, as an answer.
fn fault(fake: &FakeGraph, req: &Request, path: &str, account: Option<usize>) -> Option<Reply> {
    let kind = fake.state().faults.take(path)?;
    if kind == FaultKind::DropConnection {
        if let Some(addr) = req.remote_addr().as_socket_addr() {
            fake.connections().cut(*addr);
        }
        return Some(Reply {
            outcome: Outcome::Drop,
            account: None,
        });
    }
    Some(Reply::failed(kind.error(), account))
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    body.to_string()
        .with_content_type("application/json; charset=UTF-8")
        .with_status(status)
        .into_response()
}

fn finish(fake: &FakeGraph, reply: Reply) -> Response {
    let (mut response, throttled) = match &reply.outcome {
        Outcome::Json(v) => (json_response(StatusCode::OK, v), false),
        Outcome::Html(page) => (
            page.clone()
                .with_content_type("text/html; charset=utf-8")
                .with_header(header::CACHE_CONTROL, "no-store")
                // Inline style only; no script, no framing.
                .with_header(
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                )
                .into_response(),
            false,
        ),
        Outcome::Failed(e) => (json_response(e.status, &e.body), e.is_throttle()),
        Outcome::Redirect(location) => {
            let mut r = Response::builder().status(StatusCode::FOUND).finish();
            if let Ok(v) = location.parse() {
                r.headers_mut().insert(header::LOCATION, v);
            }
            (r, false)
        }
        Outcome::Drop => (StatusCode::INTERNAL_SERVER_ERROR.into_response(), false),
    };
    if let Some(account) = reply.account {
        let cfg = fake.config();
        let mut state = fake.state();
        let now = state.now();
        state.usage.record(account, now);
        let ig_user_id = state
            .accounts
            .get(account)
            .map(|a| a.ig_user_id.clone())
            .unwrap_or_default();
        let buc = state
            .usage
            .business_header(account, &ig_user_id, throttled, now, cfg);
        if let Ok(v) = buc.parse() {
            response
                .headers_mut()
                .insert("x-business-use-case-usage", v);
        }
        if cfg.app_usage_header {
            let app = state.usage.app_header(state.accounts.len(), throttled, now);
            if let Ok(v) = app.parse() {
                response.headers_mut().insert("x-app-usage", v);
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_redaction() {
        assert!(is_version("v25.0"));
        assert!(is_version("v9"));
        assert!(!is_version("vacation"));
        assert!(!is_version("me"));
        let q = redact("fields=id&access_token=IGAAsecret&client_secret=s");
        assert!(!q.contains("IGAAsecret") && q.contains("fields=id"), "{q}");
    }
}
