use std::time::Duration;

use secrecy::SecretString;

/// Production host of every Graph call and of the token endpoints.
pub const DEFAULT_GRAPH_BASE_URL: &str = "https://graph.instagram.com";
/// Production host of the code exchange and of the authorize dialog.
pub const DEFAULT_OAUTH_BASE_URL: &str = "https://api.instagram.com";
/// Production host of resumable video uploads.
pub const DEFAULT_UPLOAD_BASE_URL: &str = "https://rupload.facebook.com";
/// The Graph API version pinned by default (current since 2026-07-29; the
/// server's `SOCIALFLOW_GRAPH_API_VERSION` defaults to the same).
pub const DEFAULT_API_VERSION: &str = "v26.0";

/// Where and as whom the client talks to Instagram.
#[derive(Debug, Clone)]
pub struct GraphConfig {
    /// `https://graph.instagram.com` in production.
    pub graph_base_url: String,
    /// `https://api.instagram.com`: the code exchange, and the authorize
    /// dialog at `{oauth_base_url}/oauth/authorize`.
    pub oauth_base_url: String,
    /// `https://rupload.facebook.com`: only used to build the upload URL
    /// when a resumable container's answer carried no `uri` (Instagram's
    /// `uri` is used whenever it is there).
    pub upload_base_url: String,
    /// API version prefix of Graph calls, e.g. `v26.0`.
    pub api_version: String,
    /// The Instagram app id (not the Meta app id).
    pub app_id: String,
    /// The Instagram app secret.
    pub app_secret: SecretString,
    /// Exactly as registered with Instagram.
    pub redirect_uri: String,
    /// Limit for one whole request (connect, send, answer).
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Limit for one resumable upload of a local file (up to 300 MB).
    pub upload_timeout: Duration,
}

impl GraphConfig {
    /// Production hosts, the default version and timeouts (30 s per request,
    /// 10 s to connect, 30 min per upload).
    pub fn new(
        app_id: impl Into<String>,
        app_secret: SecretString,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            graph_base_url: DEFAULT_GRAPH_BASE_URL.into(),
            oauth_base_url: DEFAULT_OAUTH_BASE_URL.into(),
            upload_base_url: DEFAULT_UPLOAD_BASE_URL.into(),
            api_version: DEFAULT_API_VERSION.into(),
            app_id: app_id.into(),
            app_secret,
            redirect_uri: redirect_uri.into(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            upload_timeout: Duration::from_secs(30 * 60),
        }
    }

    /// Points every host (graph, OAuth, upload) at one base URL: the fake
    /// Graph server in tests and demo mode.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let base = base_url.into();
        self.graph_base_url = base.clone();
        self.oauth_base_url = base.clone();
        self.upload_base_url = base;
        self
    }

    /// Checks what would otherwise fail on the first call.
    pub(crate) fn validate(&self) -> Result<(), String> {
        for (name, url) in [
            ("graph_base_url", &self.graph_base_url),
            ("oauth_base_url", &self.oauth_base_url),
            ("upload_base_url", &self.upload_base_url),
        ] {
            let parsed = reqwest::Url::parse(url)
                .map_err(|e| format!("{name} {url:?} is not a URL: {e}"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(format!("{name} {url:?} must be http or https"));
            }
        }
        let v = &self.api_version;
        let valid_version = v
            .strip_prefix('v')
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(major, minor)| {
                !major.is_empty()
                    && !minor.is_empty()
                    && major.bytes().all(|b| b.is_ascii_digit())
                    && minor.bytes().all(|b| b.is_ascii_digit())
            });
        if !valid_version {
            return Err(format!("api_version must look like v26.0, got {v:?}"));
        }
        if self.app_id.trim().is_empty() {
            return Err("app_id is empty".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> GraphConfig {
        GraphConfig::new(
            "123",
            SecretString::from("s".to_string()),
            "https://x.example/cb",
        )
    }

    #[test]
    fn validates_urls_and_version() {
        assert_eq!(config().validate(), Ok(()));
        let mut c = config();
        c.api_version = "26".into();
        assert!(c.validate().is_err());
        let mut c = config();
        c.graph_base_url = "graph.instagram.com".into();
        assert!(c.validate().is_err());
        let c = config().with_base_url("http://127.0.0.1:9");
        assert_eq!(c.upload_base_url, "http://127.0.0.1:9");
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let c = GraphConfig::new(
            "123",
            SecretString::from("very-secret-value".to_string()),
            "https://x.example/cb",
        );
        assert!(!format!("{c:?}").contains("very-secret-value"));
    }
}
