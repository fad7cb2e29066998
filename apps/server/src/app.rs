//! The whole HTTP application: HTML pages, REST API, health and static files.

use poem::middleware::CookieJarManager;
use poem::{Endpoint, EndpointExt, IntoEndpoint, Response, Route};

use crate::web::methods::get;

use crate::state::AppState;
use crate::{api, middleware, ops, web};

pub fn app(state: AppState) -> impl Endpoint<Output = Response> {
    let probes = ops::Ops {
        services: state.services.clone(),
        metrics_token: state.web.metrics_token.clone(),
    };
    let api = api::service(&state.web.public_url);
    // The spec and the explorer are built on first use (idle memory).
    let document = api::ApiDocument::new(&state.web.public_url);
    let spec = document.endpoint();
    let docs = {
        let document = document.clone();
        web::api_docs::endpoint(move || document.swagger_ui_html())
    };
    let route = Route::new()
        .nest(
            "/api/v1",
            api::with_allow_header(
                api.into_endpoint()
                    .catch_all_error(api::error::to_json)
                    .around(crate::http::idempotency::around),
                document,
            ),
        )
        .at("/api/openapi.json", spec)
        .nest("/api/docs", docs)
        .at("/healthz", get(ops::healthz))
        .at("/readyz", get(ops::readyz))
        .at("/metrics", get(ops::metrics))
        .nest("/static", web::assets::endpoint());
    web::routes(route, &state.web)
        .around(middleware::body_limit)
        .around(middleware::render_errors)
        .around(middleware::security_headers)
        .around(middleware::compress)
        .around(web::page_context::scope)
        .with(CookieJarManager::new())
        .around(middleware::access_log)
        .data(probes)
        .data(state)
        .map_to_response()
        .into_endpoint()
}

/// What `socialflow worker` serves when asked to (no pages, no API): health
/// and the worker's own metrics (its publishing counters, publish lag and
/// Instagram calls live in its process).
pub fn ops_app(probes: ops::Ops) -> impl Endpoint<Output = Response> {
    Route::new()
        .at("/healthz", get(ops::healthz))
        .at("/readyz", get(ops::readyz))
        .at("/metrics", get(ops::metrics))
        .data(probes)
        .map_to_response()
        .into_endpoint()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use poem::test::TestClient;

    /// The API explorer is split into a small page and its files, taken
    /// from the API's Swagger UI page (tested here, where both are joined,
    /// so `web/` needs no import of `api/`).
    #[tokio::test]
    async fn the_explorer_is_split_into_a_small_page_and_its_files() {
        let built = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = built.clone();
        let explorer = crate::web::api_docs::endpoint(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            crate::api::service("http://x").swagger_ui_html()
        });
        assert_eq!(
            built.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "not at start"
        );
        let cli = TestClient::new(explorer);
        let text = |path: &'static str| {
            let cli = &cli;
            async move {
                cli.get(path)
                    .send()
                    .await
                    .0
                    .into_body()
                    .into_string()
                    .await
                    .unwrap()
            }
        };
        let script = text("/swagger-ui.js").await;
        assert!(script.len() > 500_000, "the bundle: {}", script.len());
        assert!(script.contains("SwaggerUIBundle"));
        assert!(text("/swagger-ui.css").await.contains(".swagger-ui"));
        let page = text("/").await;
        assert!(page.len() < 2_000, "{}", page.len());
        assert!(page.contains("href=\"/\""));
        assert_eq!(
            built.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "built once"
        );
    }
}
