use std::time::Duration;

use secrecy::SecretString;

/// Where and as whom the client talks to Instagram.
#[derive(Debug, Clone)]
pub struct GraphConfig {
    /// `https://graph.instagram.com` in production.
    pub graph_base_url: String,
    /// `https://api.instagram.com`: the code exchange and the authorize dialog.
    pub oauth_base_url: String,
    /// API version prefix, e.g. `v26.0`.
    pub api_version: String,
    pub app_id: String,
    pub app_secret: SecretString,
    /// Exactly as registered with Instagram.
    pub redirect_uri: String,
    /// Limit for one whole request.
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl GraphConfig {
    pub fn new(
        app_id: impl Into<String>,
        app_secret: SecretString,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            graph_base_url: "https://graph.instagram.com".into(),
            oauth_base_url: "https://api.instagram.com".into(),
            api_version: "v26.0".into(),
            app_id: app_id.into(),
            app_secret,
            redirect_uri: redirect_uri.into(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}
