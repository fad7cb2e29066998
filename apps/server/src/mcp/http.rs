//! MCP over streamable HTTP (`socialflow mcp --listen`): rmcp's service,
//! hosted by poem at `/mcp`. Every request must carry a valid personal API
//! token (`Authorization: Bearer`); anything else is answered 401 before
//! the MCP layer sees it. Sessions are stateless: each request is judged
//! by its own token.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use futures::StreamExt;
use http_body_util::{BodyExt, Full};
use poem::http::StatusCode;
use poem::listener::TcpListener;
use poem::{Endpoint, IntoResponse, Request, Response, Route};
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::{McpShared, SocialFlowMcp};

/// The largest MCP request body read (a tool call is a small JSON object).
pub const MAX_BODY: usize = 1024 * 1024;

/// The client address, passed to the tools for the audit log.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// The token of an `Authorization: Bearer` value.
pub fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

/// The `/mcp` endpoint.
pub struct McpHttp {
    shared: Arc<McpShared>,
    service: StreamableHttpService<SocialFlowMcp, NeverSessionManager>,
}

impl McpHttp {
    /// `hosts`: the `Host` values accepted besides loopback (DNS
    /// rebinding protection), e.g. the name a reverse proxy forwards.
    pub fn new(shared: Arc<McpShared>, hosts: Vec<String>) -> Self {
        let for_sessions = shared.clone();
        let mut allowed = vec!["localhost".to_string(), "127.0.0.1".into(), "::1".into()];
        allowed.extend(hosts);
        let config = StreamableHttpServerConfig::default()
            .with_legacy_session_mode(false)
            .with_json_response(true)
            .with_max_request_body_bytes(MAX_BODY)
            .with_allowed_hosts(allowed);
        let service = StreamableHttpService::new(
            move || Ok(SocialFlowMcp::http(for_sessions.clone())),
            Arc::new(NeverSessionManager::default()),
            config,
        );
        Self { shared, service }
    }

    fn unauthorized() -> Response {
        Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header("WWW-Authenticate", "Bearer")
            .content_type("application/json")
            .body(
                r#"{"code":"unauthorized","message":"Send a personal API token as 'Authorization: Bearer <token>'."}"#,
            )
    }
}

impl Endpoint for McpHttp {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let token = req
            .header("authorization")
            .and_then(bearer)
            .map(str::to_string);
        let Some(token) = token else {
            return Ok(Self::unauthorized());
        };
        match self.shared.services.auth.bearer_user(&token).await {
            Ok(Some(_)) => {}
            Ok(None) => return Ok(Self::unauthorized()),
            Err(e) => {
                tracing::error!(error = %e, "cannot check an MCP token");
                return Ok(StatusCode::SERVICE_UNAVAILABLE.into_response());
            }
        }
        let ip = req
            .remote_addr()
            .as_socket_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "mcp".into());
        let body = match req.take_body().into_bytes_limit(MAX_BODY).await {
            Ok(b) => b,
            Err(_) => return Ok(StatusCode::PAYLOAD_TOO_LARGE.into_response()),
        };
        let mut builder = ::http::Request::builder()
            .method(req.method().clone())
            .uri(req.uri().clone());
        for (name, value) in req.headers() {
            builder = builder.header(name, value);
        }
        let mut forwarded = builder
            .body(Full::new(body))
            .map_err(|e| poem::Error::new(e, StatusCode::BAD_REQUEST))?;
        forwarded.extensions_mut().insert(ClientIp(ip));
        let answer = self.service.handle(forwarded).await;
        let (parts, body) = answer.into_parts();
        let mut resp = Response::builder().status(parts.status);
        for (name, value) in &parts.headers {
            resp = resp.header(name, value);
        }
        // Streamed through: an SSE answer is sent as it is produced.
        let stream = body
            .into_data_stream()
            .map(|chunk| chunk.map_err(|never: std::convert::Infallible| match never {}));
        Ok(
            resp.body(poem::Body::from_bytes_stream::<_, Bytes, std::io::Error>(
                stream,
            )),
        )
    }
}

/// Serves MCP over HTTP at `http://ADDR/mcp` until a shutdown signal.
pub async fn serve_http(
    shared: Arc<McpShared>,
    addr: SocketAddr,
    hosts: Vec<String>,
) -> std::io::Result<()> {
    let app = Route::new().at("/mcp", McpHttp::new(shared, hosts));
    tracing::info!(listen = %addr, "MCP over HTTP at /mcp");
    poem::Server::new(TcpListener::bind(addr))
        .run_with_graceful_shutdown(app, crate::serve::shutdown_signal(), None)
        .await
}
