//! Who is asking: the facts about a request that audit events record.

/// Client facts carried into use cases for audit and throttling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Client IP as seen by the server (or "cli" for the command line).
    pub ip: String,
    pub user_agent: Option<String>,
}

impl RequestContext {
    pub const MAX_IP: usize = 64;
    pub const MAX_USER_AGENT: usize = 512;

    /// Builds a context, cutting client-supplied text to what storage keeps.
    pub fn new(ip: impl Into<String>, user_agent: Option<String>) -> Self {
        let cut = |s: String, max: usize| s.chars().take(max).collect::<String>();
        Self {
            ip: cut(ip.into(), Self::MAX_IP),
            user_agent: user_agent.map(|ua| cut(ua, Self::MAX_USER_AGENT)),
        }
    }

    /// Context for actions taken from the `socialflow` command line.
    pub fn cli() -> Self {
        Self::new("cli", None)
    }
}
