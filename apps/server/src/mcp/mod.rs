//! `socialflow mcp`: the Model Context Protocol server (the official
//! `rmcp` SDK), over stdio or streamable HTTP. Wiring only: every tool
//! calls the same use case as the REST API, as the user of a personal API
//! token, with the same checks and audit entries (docs/mcp.md).

mod fetch;
mod http;
mod text;
mod tools;

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{Extensions, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, tool_handler};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::media::RemoteMediaPolicy;
use socialflow_core::{RequestContext, User};

use crate::services::Services;

pub use http::{McpHttp, serve_http};

/// What every MCP session shares.
pub struct McpShared {
    pub services: Services,
    /// Which URLs and local files `upload_media_from_url` may read.
    pub media_policy: RemoteMediaPolicy,
}

/// One MCP session. Over stdio the token is the one given at start; over
/// HTTP each request brings its own (`Authorization: Bearer`).
#[derive(Clone)]
pub struct SocialFlowMcp {
    shared: Arc<McpShared>,
    token: Option<Arc<SecretString>>,
    transport: &'static str,
    tool_router: ToolRouter<Self>,
}

/// The caller of a tool: the token's user (read again on every call, so a
/// revoked token or a changed language takes effect at once).
pub(crate) struct Caller {
    pub user: User,
    pub ctx: RequestContext,
    pub tr: crate::i18n::Tr,
}

impl SocialFlowMcp {
    pub fn stdio(shared: Arc<McpShared>, token: SecretString) -> Self {
        Self {
            shared,
            token: Some(Arc::new(token)),
            transport: "mcp-stdio",
            tool_router: Self::tool_router(),
        }
    }

    pub fn http(shared: Arc<McpShared>) -> Self {
        Self {
            shared,
            token: None,
            transport: "mcp-http",
            tool_router: Self::tool_router(),
        }
    }

    fn services(&self) -> &Services {
        &self.shared.services
    }

    /// The user of the session's token; `Err` with an English message when
    /// the token is not (or no longer) valid: there is no user to ask for a
    /// language.
    async fn caller(&self, ext: &Extensions) -> Result<Caller, String> {
        let (secret, ip) = match &self.token {
            Some(t) => (t.expose_secret().to_string(), "mcp".to_string()),
            None => {
                let parts = ext.get::<::http::request::Parts>();
                let secret = parts
                    .and_then(|p| p.headers.get(::http::header::AUTHORIZATION))
                    .and_then(|v| v.to_str().ok())
                    .and_then(http::bearer)
                    .unwrap_or_default()
                    .to_string();
                let ip = parts
                    .and_then(|p| p.extensions.get::<http::ClientIp>())
                    .map(|c| c.0.clone())
                    .unwrap_or_else(|| "mcp".into());
                (secret, ip)
            }
        };
        match self.services().auth.bearer_user(&secret).await {
            Ok(Some(user)) => Ok(Caller {
                tr: crate::i18n::Tr::new(user.language),
                ctx: RequestContext::new(ip, Some(self.transport.to_string())),
                user,
            }),
            Ok(None) => Err(
                "The API token is not valid (revoked or mistyped). Create one in Settings → Personal API tokens."
                    .into(),
            ),
            Err(e) => {
                tracing::error!(error = %e, "cannot check an MCP token");
                Err("The server could not check the API token; try again later.".into())
            }
        }
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for SocialFlowMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("socialflow", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "SocialFlow schedules Instagram posts. Every tool acts as the owner of the API \
                 token. Start with list_accounts; upload media with upload_media_from_url, then \
                 create_post (a draft, or scheduled with scheduled_at in RFC 3339). Times are \
                 checked by the server: not in the past, not beyond its horizon.",
            )
    }
}

/// Resolves the stdio token: the file's first line, else the environment.
pub fn read_token(
    file: Option<&std::path::Path>,
    env: Option<String>,
) -> Result<SecretString, String> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the token file {}: {e}", path.display()))?;
        let line = text.lines().next().unwrap_or("").trim().to_string();
        if line.is_empty() {
            return Err(format!("the token file {} is empty", path.display()));
        }
        return Ok(line.into());
    }
    match env.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => Ok(t.into()),
        _ => Err(
            "give a personal API token with --token-file PATH or SOCIALFLOW_MCP_TOKEN (or use --listen for HTTP, where each request carries its own)"
                .into(),
        ),
    }
}

/// Serves one MCP session over standard input and output until the client
/// closes it. The token is checked first, so a wrong one fails at start.
pub async fn serve_stdio(shared: Arc<McpShared>, token: SecretString) -> Result<(), String> {
    use rmcp::ServiceExt;
    match shared
        .services
        .auth
        .bearer_user(token.expose_secret())
        .await
    {
        Ok(Some(_)) => {}
        Ok(None) => return Err("the API token is not valid (revoked or mistyped)".into()),
        Err(e) => return Err(format!("cannot check the API token: {e}")),
    }
    let service = SocialFlowMcp::stdio(shared, token)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| format!("MCP session failed to start: {e}"))?;
    service
        .waiting()
        .await
        .map_err(|e| format!("MCP session ended with an error: {e}"))?;
    Ok(())
}

/// The stdio session's personal API token (instead of --token-file).
pub const TOKEN_ENV: &str = "SOCIALFLOW_MCP_TOKEN";
/// Hosts `upload_media_from_url` may fetch from (comma separated;
/// `*.example.com` for subdomains). Empty: no URLs.
pub const MEDIA_URL_ALLOW: &str = "SOCIALFLOW_MCP_MEDIA_URL_ALLOW";
/// The directory `upload_media_from_url` may read local files from.
/// Unset: no local files.
pub const MEDIA_DIR: &str = "SOCIALFLOW_MCP_MEDIA_DIR";

/// The media policy from [`MEDIA_URL_ALLOW`] and [`MEDIA_DIR`] (the
/// directory resolved once, so every check compares canonical paths).
pub fn media_policy_from_env() -> Result<RemoteMediaPolicy, String> {
    let hosts = std::env::var(MEDIA_URL_ALLOW).unwrap_or_default();
    let dir = match std::env::var_os(MEDIA_DIR).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(std::fs::canonicalize(&d).map_err(|e| {
            format!(
                "{MEDIA_DIR}: cannot open {}: {e}",
                std::path::Path::new(&d).display()
            )
        })?),
    };
    Ok(RemoteMediaPolicy::new(&hosts, dir))
}
