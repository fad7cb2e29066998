//! HTTP plumbing: building requests, attaching the token, reading answers
//! and usage headers, turning failures into domain errors.

use std::collections::HashMap;
use std::sync::Mutex;

use reqwest::{Method, RequestBuilder, Response};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use socialflow_core::instagram::{IgResult, InstagramError, RateUsage};

use crate::classify::classify;
use crate::config::GraphConfig;
use crate::usage::parse_usage;

pub struct GraphClient {
    pub(crate) http: reqwest::Client,
    pub(crate) config: GraphConfig,
    usage: Mutex<HashMap<String, RateUsage>>,
}

/// A network-level failure, described without the URL (it may carry the
/// token in its query string).
fn transport(e: reqwest::Error) -> InstagramError {
    let e = e.without_url();
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "connection failed"
    };
    InstagramError::Transient {
        message: format!("{kind}: {e}"),
    }
}

impl GraphClient {
    pub fn new(config: GraphConfig) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("SocialFlow/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Self {
            http,
            config,
            usage: Mutex::new(HashMap::new()),
        })
    }

    /// `{graph}/{version}/{path}`.
    pub(crate) fn graph_url(&self, path: &str) -> String {
        format!(
            "{}/{}/{}",
            self.config.graph_base_url.trim_end_matches('/'),
            self.config.api_version,
            path.trim_start_matches('/')
        )
    }

    /// `{graph}/{path}` without the version (token endpoints).
    pub(crate) fn unversioned_url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.config.graph_base_url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }

    pub(crate) fn oauth_url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.config.oauth_base_url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }

    fn remember_usage(&self, ig_user_id: Option<&str>, resp: &Response) {
        let header = |n: &str| {
            resp.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let usage = parse_usage(
            header("x-business-use-case-usage").as_deref(),
            header("x-app-usage").as_deref(),
        );
        if let (Some(id), Some(u)) = (ig_user_id, usage) {
            self.usage
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(id.to_string(), u);
        }
    }

    pub(crate) fn usage_of(&self, ig_user_id: &str) -> Option<RateUsage> {
        self.usage
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(ig_user_id)
            .copied()
    }

    /// Sends a request and returns the JSON body, or the classified error.
    pub(crate) async fn send(
        &self,
        req: RequestBuilder,
        ig_user_id: Option<&str>,
    ) -> IgResult<Value> {
        let resp = req.send().await.map_err(transport)?;
        self.remember_usage(ig_user_id, &resp);
        let status = resp.status();
        let usage = ig_user_id.and_then(|id| self.usage_of(id));
        let text = resp.text().await.map_err(transport)?;
        if !status.is_success() {
            let err = classify(status.as_u16(), &text, usage);
            tracing::debug!(status = status.as_u16(), error = %err, "Instagram refused a call");
            return Err(err);
        }
        serde_json::from_str(&text).map_err(|e| InstagramError::Transient {
            message: format!("unreadable answer from Instagram: {e}"),
        })
    }

    /// A GET with the token and the given query.
    pub(crate) async fn get(
        &self,
        url: String,
        token: &SecretString,
        query: &[(&str, String)],
        ig_user_id: Option<&str>,
    ) -> IgResult<Value> {
        let mut q: Vec<(&str, String)> = query.to_vec();
        q.push(("access_token", token.expose_secret().to_string()));
        self.send(self.http.request(Method::GET, url).query(&q), ig_user_id)
            .await
    }

    /// A form POST with the token in the body.
    pub(crate) async fn post_form(
        &self,
        url: String,
        token: &SecretString,
        form: &[(&str, String)],
        ig_user_id: Option<&str>,
    ) -> IgResult<Value> {
        let mut f: Vec<(&str, String)> = form.to_vec();
        f.push(("access_token", token.expose_secret().to_string()));
        self.send(self.http.request(Method::POST, url).form(&f), ig_user_id)
            .await
    }

    pub(crate) async fn delete(
        &self,
        url: String,
        token: &SecretString,
        ig_user_id: Option<&str>,
    ) -> IgResult<Value> {
        let q = [("access_token", token.expose_secret().to_string())];
        self.send(self.http.request(Method::DELETE, url).query(&q), ig_user_id)
            .await
    }

    /// A JSON POST (messages), token as a query parameter.
    pub(crate) async fn post_json(
        &self,
        url: String,
        token: &SecretString,
        body: &Value,
        ig_user_id: Option<&str>,
    ) -> IgResult<Value> {
        let q = [("access_token", token.expose_secret().to_string())];
        self.send(
            self.http.request(Method::POST, url).query(&q).json(body),
            ig_user_id,
        )
        .await
    }
}
