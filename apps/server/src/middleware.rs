//! Cross-cutting HTTP behaviour: the access log, body size limits and
//! security headers.

use std::time::Instant;

use poem::http::{HeaderValue, Method, StatusCode};
use poem::{Body, Endpoint, IntoResponse, Request, Response};

use crate::state::AppState;
use crate::web::request::client_context;

/// Target of access-log events; the logging setup sends them to the daily
/// files in `<data dir>/logs`.
pub const ACCESS_TARGET: &str = "socialflow::access";

/// One line per request: client IP, user agent, method, path (never the
/// query string, which can carry codes and tokens), status and duration.
pub async fn access_log<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = loggable_path(req.uri().path());
    let state = req.data::<AppState>().cloned();
    let ctx = state.as_ref().map(|s| client_context(&req, &s.web));
    let resp = match next.call(req).await {
        Ok(r) => r.into_response(),
        Err(e) => e.into_response(),
    };
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(s) = &state {
        s.metrics
            .observe_http(method.as_str(), resp.status().as_u16(), elapsed);
    }
    let (ip, ua) = ctx.map(|c| (c.ip, c.user_agent)).unwrap_or_default();
    tracing::info!(
        target: ACCESS_TARGET,
        ip = %ip,
        user_agent = ua.as_deref().unwrap_or("-"),
        method = %method,
        path = %path,
        status = resp.status().as_u16(),
        duration_ms = elapsed * 1000.0,
    );
    Ok(resp)
}

/// The path as logged: a calendar feed's secret (its URL is its key) is
/// left out.
fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/calendar/") {
        Some(_) => "/calendar/<secret>.ics".to_string(),
        None => path.to_string(),
    }
}

/// Refuses request bodies over the configured size before handlers read
/// them, whether or not the client sent `Content-Length`.
pub async fn body_limit<E: Endpoint>(next: E, mut req: Request) -> poem::Result<Response> {
    let limit = req
        .data::<AppState>()
        .map(|s| s.web.body_limit)
        .unwrap_or(64 * 1024)
        // Meta batches up to 1,000 updates in one webhook delivery.
        .max(if req.uri().path() == "/webhooks/instagram" {
            4 << 20
        } else {
            0
        })
        // A 1 MiB CSV, percent-encoded in the import's confirm form.
        .max(if crate::media_upload::is_import_path(req.uri().path()) {
            4 << 20
        } else {
            0
        });
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || crate::media_upload::is_upload(&req)
        || crate::media_upload::is_import_form(&req)
    {
        return next.call(req).await.map(IntoResponse::into_response);
    }
    let declared = req
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(poem::Error::from_status(StatusCode::PAYLOAD_TOO_LARGE));
    }
    if declared.is_none() {
        let body = req.take_body();
        let bytes = body
            .into_bytes_limit(limit)
            .await
            .map_err(|_| poem::Error::from_status(StatusCode::PAYLOAD_TOO_LARGE))?;
        req.set_body(Body::from_bytes(bytes));
    }
    next.call(req).await.map(IntoResponse::into_response)
}

/// Headers that keep pages from being framed, sniffed or leaking referrers.
/// The API explorer needs inline scripts, so its CSP is relaxed.
pub async fn security_headers<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let is_docs = req.uri().path().starts_with("/api/docs");
    let https = req.data::<AppState>().is_some_and(|s| s.web.secure_cookies);
    let mut resp = match next.call(req).await {
        Ok(r) => r.into_response(),
        Err(e) => e.into_response(),
    };
    let h = resp.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    // A page may ask for a stricter policy (pages whose URL holds a secret
    // send none): it is kept.
    if !h.contains_key("referrer-policy") {
        h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    }
    if https {
        h.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !is_docs {
        h.insert(
            "content-security-policy",
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        );
    }
    Ok(resp)
}

/// Errors no handler turned into a page (unknown paths, oversized bodies,
/// unreadable requests): JSON under `/api`, a translated page elsewhere.
pub async fn render_errors<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let is_api = req.uri().path().starts_with("/api/");
    let tr = crate::i18n::Tr::new(crate::web::request::language(&req, None));
    match next.call(req).await {
        Ok(r) => Ok(r.into_response()),
        // Handlers' own responses carried as errors (e.g. a redirect to login).
        Err(e) if e.is_from_response() => Ok(e.into_response()),
        Err(e) if is_api => {
            let allow = allow_of(&e);
            let mut resp = crate::api::error::to_json(e).await;
            if let Some(allow) = allow {
                resp.headers_mut().insert(poem::http::header::ALLOW, allow);
            }
            Ok(resp)
        }
        Err(e) => {
            let status = e.status();
            let key = match status {
                StatusCode::NOT_FOUND => "error-not-found",
                StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
                s if s.is_server_error() => {
                    tracing::error!(error = %e, "request failed");
                    "error-internal"
                }
                _ => "error-bad-request",
            };
            let mut page = crate::web::shared::errors::error_page_in(tr, None, "", status, key);
            if let Some(allow) = allow_of(&e) {
                page.headers_mut().insert(poem::http::header::ALLOW, allow);
            }
            Ok(page)
        }
    }
}

/// The `Allow` header a 405 error carries (see [`crate::web::methods`]).
fn allow_of(e: &poem::Error) -> Option<HeaderValue> {
    e.data::<crate::web::methods::Allow>()
        .and_then(|a| HeaderValue::from_str(&a.0).ok())
}

/// The body types worth compressing: HTML, CSV, JSON, CSS, JavaScript, SVG.
/// Photos and videos are compressed already (and videos are served in
/// ranges), so they pass through.
fn compressible(resp: &Response) -> bool {
    if resp
        .headers()
        .contains_key(poem::http::header::CONTENT_ENCODING)
        || matches!(
            resp.status(),
            StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
        )
    {
        return false;
    }
    let Some(ct) = resp.content_type() else {
        return false;
    };
    let ct = ct.to_ascii_lowercase();
    // An event stream is sent as it happens; compressing would hold it back.
    !ct.starts_with("text/event-stream")
        && (ct.starts_with("text/")
            || ct.starts_with("application/json")
            || ct.starts_with("application/javascript")
            || ct.starts_with("image/svg+xml"))
}

/// Brotli or gzip, whichever the client accepts (brotli first); `None`
/// when it accepts neither (or refuses them with `q=0`).
fn negotiate(accept: Option<&HeaderValue>) -> Option<poem::web::CompressionAlgo> {
    use poem::web::CompressionAlgo;
    let accept = accept?.to_str().ok()?;
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Some(CompressionAlgo::BR)
    } else if accepts("gzip") {
        Some(CompressionAlgo::GZIP)
    } else {
        None
    }
}

/// Compresses text responses for clients that accept it, at the fastest
/// level (the pages are repetitive markup: the Analytics page shrinks about
/// tenfold). Request bodies are never decompressed here (poem's
/// `Compression` middleware would, without the body limit seeing the real
/// size). Secrets in pages: the CSRF token differs in every response, so
/// compression does not leak it (BREACH).
pub async fn compress<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let algo = if matches!(*req.method(), Method::GET | Method::POST) {
        negotiate(req.headers().get(poem::http::header::ACCEPT_ENCODING))
    } else {
        None
    };
    let resp = next.call(req).await?.into_response();
    let Some(algo) = algo.filter(|_| compressible(&resp)) else {
        return Ok(resp);
    };
    let mut resp = poem::web::Compress::new(resp, algo)
        .with_quality(poem::web::CompressionLevel::Fastest)
        .into_response();
    resp.headers_mut().append(
        poem::http::header::VARY,
        HeaderValue::from_static("accept-encoding"),
    );
    Ok(resp)
}
