//! `/api/docs`: the API explorer (Swagger UI) as a small page that links
//! back to the app and loads the explorer's script and stylesheet as
//! separate, compressed, cacheable files, and the specification from
//! `/api/openapi.json` (instead of one 1.7 MB page with everything inlined).

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use poem::http::HeaderValue;
use poem::web::Html;
use poem::{Body, Endpoint, EndpointExt, IntoResponse, Response, Route, get};

/// Swagger UI's script and stylesheet, taken once from the page
/// poem-openapi builds (its bundled, pinned copy), and the small page.
struct Explorer {
    script: Bytes,
    style: Bytes,
    page: String,
}

fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)? + open.len();
    let end = html[start..].find(close)? + start;
    Some(&html[start..end])
}

/// The explorer, made on its first visit: its 1.2 MB of script and style
/// (and the 1.7 MB page they come from) are not kept by an idle server.
struct LazyExplorer<F> {
    swagger_html: F,
    made: OnceLock<Explorer>,
}

impl<F: Fn() -> String> LazyExplorer<F> {
    fn get(&self) -> &Explorer {
        self.made
            .get_or_init(|| Explorer::from_html(&(self.swagger_html)()))
    }
}

impl Explorer {
    fn from_html(html: &str) -> Self {
        let script = between(html, "<script charset=\"UTF-8\">", "</script>").unwrap_or_default();
        let style = between(html, "<style charset=\"UTF-8\">", "</style>").unwrap_or_default();
        let version = format!("{:x}", script.len() ^ (style.len() << 20));
        Explorer {
            script: Bytes::copy_from_slice(script.as_bytes()),
            style: Bytes::copy_from_slice(style.as_bytes()),
            page: Self::page(&version),
        }
    }

    fn page(v: &str) -> String {
        format!(
            r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API · SocialFlow</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css?v={v}">
<link rel="stylesheet" href="/api/docs/docs.css?v={v}">
<script src="/api/docs/swagger-ui.js?v={v}" defer></script>
<script src="/api/docs/init.js?v={v}" defer></script>
</head>
<body>
<header class="sf-docs-top"><a href="/">← SocialFlow</a><span>REST API · <a href="/api/openapi.json">openapi.json</a></span></header>
<main id="ui"><p class="sf-docs-loading">Loading the API explorer…</p></main>
</body>
</html>
"#
        )
    }
}

const INIT: &str = r##"SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#ui", deepLinking: true, filter: true });
"##;

const STYLE: &str = ".sf-docs-top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;justify-content:space-between;align-items:center;padding:.75rem 1.25rem;background:#4f46e5;color:#fff;font:600 1rem/1.5 system-ui,sans-serif}.sf-docs-top a{color:#fff;min-height:44px;display:inline-flex;align-items:center}.sf-docs-loading{font:1rem system-ui,sans-serif;padding:2rem;color:#5f6776}";

fn asset(body: impl Into<Body>, content_type: &'static str) -> Response {
    let mut r = Response::builder()
        .content_type(content_type)
        .body(body.into());
    r.headers_mut().insert(
        "cache-control",
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    r
}

/// The explorer's routes; `swagger_html` gives poem-openapi's Swagger UI
/// page, asked for once, on the first visit.
pub fn endpoint<F>(swagger_html: F) -> impl Endpoint<Output = Response>
where
    F: Fn() -> String + Send + Sync + 'static,
{
    let e = Arc::new(LazyExplorer {
        swagger_html,
        made: OnceLock::new(),
    });
    let (page, script, style) = (e.clone(), e.clone(), e);
    Route::new()
        .at(
            "/",
            get(poem::endpoint::make_sync(move |_| {
                Html(page.get().page.clone()).into_response()
            })),
        )
        .at(
            "/swagger-ui.js",
            get(poem::endpoint::make_sync(move |_| {
                asset(
                    script.get().script.clone(),
                    "application/javascript; charset=utf-8",
                )
            })),
        )
        .at(
            "/swagger-ui.css",
            get(poem::endpoint::make_sync(move |_| {
                asset(style.get().style.clone(), "text/css; charset=utf-8")
            })),
        )
        .at(
            "/init.js",
            get(poem::endpoint::make_sync(|_| {
                asset(INIT, "application/javascript; charset=utf-8")
            })),
        )
        .at(
            "/docs.css",
            get(poem::endpoint::make_sync(|_| {
                asset(STYLE, "text/css; charset=utf-8")
            })),
        )
        .map_to_response()
}
