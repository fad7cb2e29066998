//! `Idempotency-Key` on the API's creating requests (`POST /posts`,
//! `POST /media`, `POST /posts/import`): a retry with the same key gets the
//! first answer again (`Idempotent-Replayed: true`) and nothing is created
//! twice. The key is reserved in the database before the handler runs, so
//! of two requests racing with one key exactly one runs; the other is
//! answered 409. The rules are core's (`socialflow_core::idempotency`);
//! this wraps the API endpoint with them.

use poem::http::{HeaderValue, Method, StatusCode};
use poem::{Body, Endpoint, IntoResponse, Request, Response};
use sha2::{Digest, Sha256};
use socialflow_core::User;
use socialflow_core::idempotency::{Decision, IdempotencyKey, StoredResponse};

use crate::state::AppState;

/// The header a replayed answer carries.
pub const REPLAYED: &str = "idempotent-replayed";

/// The operations that honour the header (paths under `/api/v1`).
const PATHS: [&str; 3] = ["/api/v1/posts", "/api/v1/media", "/api/v1/posts/import"];

fn applies(req: &Request) -> bool {
    req.method() == Method::POST && PATHS.contains(&req.original_uri().path())
}

fn json(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "code": code, "message": message }).to_string();
    body.with_content_type("application/json; charset=utf-8")
        .with_status(status)
        .into_response()
}

/// Who sends the request, by the same credentials the API takes; `None`
/// leaves the refusal to the API's own authentication.
async fn caller(req: &Request, state: &AppState) -> Option<User> {
    if let Some(token) = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
    {
        return state.auth.bearer_user(token.trim()).await.ok().flatten();
    }
    let cookie = req.cookie().get("sf_session")?;
    state
        .auth
        .session_user(cookie.value_str())
        .await
        .ok()
        .flatten()
        .map(|(user, _)| user)
}

/// What stands for the request: method, path, query and body. A multipart
/// body (a file upload) is not read twice: its type without the random
/// boundary and its length stand for it, so a retry of the same upload
/// matches, and a different file (of another size) does not.
fn fingerprint(req: &Request, body: Option<&[u8]>) -> String {
    let mut h = Sha256::new();
    h.update(req.method().as_str());
    h.update(b"\n");
    h.update(req.original_uri().path());
    h.update(b"\n");
    h.update(req.original_uri().query().unwrap_or(""));
    h.update(b"\n");
    let content_type = req.header("content-type").unwrap_or("");
    h.update(content_type.split(';').next().unwrap_or("").trim());
    h.update(b"\n");
    match body {
        Some(bytes) => h.update(bytes),
        None => h.update(req.header("content-length").unwrap_or("?")),
    }
    format!("{:x}", h.finalize())
}

fn is_multipart(req: &Request) -> bool {
    req.header("content-type").is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/")
    })
}

/// Answers of which the key is let go rather than kept: server failures
/// (a retry should run again) and refusals of the credentials or the rate,
/// which say nothing about the request itself.
fn keep(status: StatusCode) -> bool {
    !(status.is_server_error()
        || matches!(
            status,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
        ))
}

/// The middleware: `next` is the API endpoint, already answering errors as
/// JSON.
pub async fn around<E: Endpoint>(next: E, mut req: Request) -> poem::Result<Response> {
    let pass = |next: E, req: Request| async move {
        next.call(req).await.map(IntoResponse::into_response)
    };
    if !applies(&req) {
        return pass(next, req).await;
    }
    let Some(raw) = req.header("idempotency-key").map(str::to_string) else {
        return pass(next, req).await;
    };
    let key = match IdempotencyKey::parse(&raw) {
        Ok(k) => k,
        Err(e) => {
            return Ok(json(
                StatusCode::BAD_REQUEST,
                "invalid_idempotency_key",
                &format!("{e}. Send 1 to 255 printable ASCII characters, e.g. a UUID."),
            ));
        }
    };
    let Some(state) = req.data::<AppState>().cloned() else {
        return pass(next, req).await;
    };
    let Some(user) = caller(&req, &state).await else {
        return pass(next, req).await;
    };
    let print = if is_multipart(&req) {
        fingerprint(&req, None)
    } else {
        // The body limit has capped it already (the import's at its own).
        let bytes = match req.take_body().into_bytes().await {
            Ok(b) => b,
            Err(_) => {
                return Ok(json(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "The request body could not be read.",
                ));
            }
        };
        let print = fingerprint(&req, Some(&bytes));
        req.set_body(Body::from_bytes(bytes));
        print
    };
    let decision = match state.idempotency.begin(user.id, &key, &print).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "cannot reserve an idempotency key");
            return Ok(json(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "The server could not complete the request. Nothing was changed; try again later.",
            ));
        }
    };
    match decision {
        Decision::Replay(stored) => Ok(replay(stored)),
        Decision::Mismatch => Ok(json(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different request (another path or body). Nothing was done; send a new key for a new request.",
        )),
        Decision::InProgress => Ok(json(
            StatusCode::CONFLICT,
            "idempotency_key_in_progress",
            "A request with this Idempotency-Key is still being processed. Nothing was done; retry in a few seconds to get its answer.",
        )),
        Decision::Run => {
            let resp = match next.call(req).await {
                Ok(r) => r.into_response(),
                Err(e) => e.into_response(),
            };
            Ok(remember(&state, &user, &key, resp).await)
        }
    }
}

fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut resp = Response::builder().status(status);
    if !stored.content_type.is_empty() {
        resp = resp.content_type(stored.content_type);
    }
    resp.header(REPLAYED, HeaderValue::from_static("true"))
        .body(stored.body)
}

/// Keeps the answer for replays (or lets the key go) and sends it on.
async fn remember(state: &AppState, user: &User, key: &IdempotencyKey, resp: Response) -> Response {
    let status = resp.status();
    if !keep(status) {
        if let Err(e) = state.idempotency.abandon(user.id, key).await {
            tracing::warn!(error = %e, "cannot release an idempotency key; it expires in 24 h");
        }
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let bytes = match body.into_vec().await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "cannot read an answer to keep it");
            let _ = state.idempotency.abandon(user.id, key).await;
            return json(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "The server could not complete the answer; the request may have been done. Retry with the same Idempotency-Key.",
            );
        }
    };
    let stored = StoredResponse {
        status: status.as_u16(),
        content_type: parts
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        body: bytes,
    };
    if let Err(e) = state.idempotency.finish(user.id, key, &stored).await {
        tracing::error!(error = %e, "cannot keep an answer for replay");
    }
    Response::from_parts(parts, Body::from_vec(stored.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_server_failures_are_not_kept() {
        assert!(keep(StatusCode::CREATED));
        assert!(keep(StatusCode::UNPROCESSABLE_ENTITY));
        assert!(!keep(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(!keep(StatusCode::UNAUTHORIZED));
        assert!(!keep(StatusCode::TOO_MANY_REQUESTS));
    }
}
