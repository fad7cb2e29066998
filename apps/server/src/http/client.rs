//! Who is asking: the client's address and user agent, for audit events
//! and throttles, read the same way by pages and the API.

use poem::Request;
use socialflow_core::RequestContext;

use crate::state::WebSettings;

/// Client IP and user agent. Behind a trusted proxy the last
/// `X-Forwarded-For` hop is the client as the proxy saw it.
pub fn client_context(req: &Request, web: &WebSettings) -> RequestContext {
    let forwarded = web
        .trust_proxy
        .then(|| req.header("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.rsplit(',').map(str::trim).find(|s| !s.is_empty()))
        .map(str::to_string);
    let ip = forwarded.unwrap_or_else(|| {
        req.remote_addr()
            .as_socket_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "unknown".into())
    });
    RequestContext::new(ip, req.header("user-agent").map(str::to_string))
}
