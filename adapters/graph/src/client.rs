//! HTTP plumbing: building requests, attaching the token, reading answers
//! and usage headers, turning failures into domain errors.
//!
//! The token travels as the `access_token` query parameter on GET and
//! DELETE, as a form field on form POSTs, and as a query parameter on the
//! JSON POST of `/messages` (the rupload host takes `Authorization: OAuth`).
//! Since query strings end up in URLs, no URL is ever put into an error or a
//! log: reqwest errors are stripped of theirs, logs name the path only, and
//! every error message is scrubbed of the token and the app secret before it
//! leaves this crate.

use std::error::Error as _;
use std::time::Instant;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, RequestBuilder};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use socialflow_core::instagram::{IgResult, InstagramError, RateUsage};
use time::Duration;

use crate::classify::{Host, classify};
use crate::config::GraphConfig;
use crate::usage::{UsageBook, UsageReport};
use crate::wire::{ErrorBody, SuccessWire};

/// The Graph API client. One per process: it holds one connection pool.
pub struct GraphClient {
    pub(crate) http: reqwest::Client,
    pub(crate) config: GraphConfig,
    usage: UsageBook,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// What a call is about: which host answers, for which account (for usage
/// bookkeeping and logs), and which token to keep out of errors.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub op: &'static str,
    pub host: Host,
    pub account: Option<&'a str>,
    pub token: Option<&'a SecretString>,
}

impl<'a> Ctx<'a> {
    pub fn graph(op: &'static str, account: Option<&'a str>, token: &'a SecretString) -> Self {
        Ctx {
            op,
            host: Host::Graph,
            account,
            token: Some(token),
        }
    }
}

/// A network-level failure, described without the URL (it may carry the
/// token in its query string).
pub(crate) fn transport(e: reqwest::Error) -> InstagramError {
    let e = e.without_url();
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the answer was cut off"
    } else {
        "connection failed"
    };
    // The causes (hyper, io, rustls) name no URL; they say what happened.
    let mut detail = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    InstagramError::Transient {
        message: format!("{kind} ({detail})"),
    }
}

/// Replaces every occurrence of the secrets in an error's texts.
pub(crate) fn scrub(err: InstagramError, secrets: &[&str]) -> InstagramError {
    let clean = |s: String| {
        secrets
            .iter()
            .filter(|x| x.len() >= 4)
            .fold(s, |acc, x| acc.replace(x, "[REDACTED]"))
    };
    match err {
        InstagramError::TokenInvalid { message } => InstagramError::TokenInvalid {
            message: clean(message),
        },
        InstagramError::Transient { message } => InstagramError::Transient {
            message: clean(message),
        },
        InstagramError::MediaRejected {
            code,
            subcode,
            title,
            message,
        } => InstagramError::MediaRejected {
            code,
            subcode,
            title: title.map(clean),
            message: clean(message),
        },
        InstagramError::PermissionMissing { message } => InstagramError::PermissionMissing {
            message: clean(message),
        },
        InstagramError::NotFound { message } => InstagramError::NotFound {
            message: clean(message),
        },
        InstagramError::OAuth { message } => InstagramError::OAuth {
            message: clean(message),
        },
        InstagramError::Invalid { code, message } => InstagramError::Invalid {
            code,
            message: clean(message),
        },
        other @ (InstagramError::RateLimited { .. }
        | InstagramError::OutsideMessagingWindow
        | InstagramError::RecipientUnavailable
        | InstagramError::AlreadyRepliedPrivately
        | InstagramError::ContainerNotReady
        | InstagramError::QuotaReached) => other,
    }
}

/// An answer Instagram sent with success but that cannot be read.
pub(crate) fn unreadable(what: &str, e: impl std::fmt::Display) -> InstagramError {
    InstagramError::Invalid {
        code: 0,
        message: format!("unexpected answer from Instagram ({what}): {e}"),
    }
}

/// Decodes a success body into a wire struct.
pub(crate) fn decode<T: DeserializeOwned>(what: &str, body: &str) -> IgResult<T> {
    serde_json::from_str(body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            // Not JSON at all (a proxy's page, a cut-off body): worth a retry.
            InstagramError::Transient {
                message: format!("unreadable answer from Instagram ({what})"),
            }
        } else {
            unreadable(what, e)
        }
    })
}

/// Percent-encodes everything but RFC 3986's unreserved characters (and
/// `=`, which base64 ids end with). An empty or dots-only segment, which URL
/// parsing would resolve away, becomes an id Instagram will not find.
pub(crate) fn encode_segment(s: &str) -> String {
    if s.bytes().all(|b| b == b'.') {
        return "invalid-id".into();
    }
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'=') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn retry_after_header(headers: &HeaderMap) -> Option<Duration> {
    let secs: i64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (secs > 0).then(|| Duration::seconds(secs))
}

/// Whether a success answer is in fact an error (an `error` object, or
/// `"success": false` with rupload's `debug_info`).
fn error_in_success(body: &str) -> bool {
    if !(body.contains("\"error") || body.contains("debug_info") || body.contains("success")) {
        return false;
    }
    let errors = serde_json::from_str::<ErrorBody>(body).ok();
    let failed_upload = serde_json::from_str::<SuccessWire>(body)
        .ok()
        .is_some_and(|s| s.success.0 == Some(false) || s.debug_info.0.is_some());
    errors.is_some_and(|e| e.error.0.is_some() || e.oauth.error_message.0.is_some())
        || failed_upload
}

impl GraphClient {
    /// Builds the client: one connection pool, rustls, the configured
    /// timeouts, no redirects followed (a redirect would carry the token's
    /// URL elsewhere). Fails on an invalid configuration.
    pub fn new(config: GraphConfig) -> Result<Self, String> {
        config.validate()?;
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .connection_verbose(false)
            .user_agent(concat!("SocialFlow/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {}", e.without_url()))?;
        Ok(Self {
            http,
            config,
            usage: UsageBook::default(),
        })
    }

    pub fn config(&self) -> &GraphConfig {
        &self.config
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

    /// `{graph}/{version}/{seg}/{seg}…`, each segment (an id from the
    /// caller or from Instagram) percent-encoded so it cannot change the
    /// path or add a query.
    pub(crate) fn graph_at(&self, segments: &[&str]) -> String {
        let path = segments
            .iter()
            .map(|s| encode_segment(s))
            .collect::<Vec<_>>()
            .join("/");
        self.graph_url(&path)
    }

    /// `{graph}/{path}` without the version (the token endpoints).
    pub(crate) fn unversioned_url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.config.graph_base_url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }

    /// `{oauth}/{path}`: the code exchange and the authorize dialog.
    pub(crate) fn oauth_url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.config.oauth_base_url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }

    /// The latest usage recorded for an account.
    pub(crate) fn usage_of(&self, ig_user_id: &str) -> Option<RateUsage> {
        self.usage.get(ig_user_id)
    }

    /// Sends a request and returns the body of a success answer, or the
    /// classified, scrubbed error.
    pub(crate) async fn send(&self, req: RequestBuilder, ctx: Ctx<'_>) -> IgResult<String> {
        let (e, answered) = match self.send_inner(req, ctx).await {
            Ok(body) => return Ok(body),
            Err(failure) => failure,
        };
        let token = ctx.token.map(|t| t.expose_secret());
        let secret = self.config.app_secret.expose_secret();
        let e = scrub(e, &[token.unwrap_or(""), secret]);
        if answered {
            tracing::debug!(op = ctx.op, account = ctx.account, error = %e, "Instagram refused a call");
        } else {
            tracing::debug!(op = ctx.op, account = ctx.account, error = %e, "Instagram did not answer");
        }
        Err(e)
    }

    /// The body of a success answer, or the error and whether Instagram
    /// answered at all.
    async fn send_inner(
        &self,
        req: RequestBuilder,
        ctx: Ctx<'_>,
    ) -> Result<String, (InstagramError, bool)> {
        let started = Instant::now();
        let resp = req.send().await.map_err(|e| (transport(e), false))?;
        let status = resp.status();
        let report = UsageReport::from_headers(resp.headers());
        self.usage.record(ctx.account, &report);
        let retry_after = report
            .regain_access_in()
            .or_else(|| retry_after_header(resp.headers()));
        // The path only: the query string may hold the token.
        let path = resp.url().path().to_string();
        let body = resp.text().await.map_err(|e| (transport(e), false))?;
        tracing::debug!(
            op = ctx.op,
            path = %path,
            status = status.as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "Instagram answered"
        );
        if status.is_success() && !error_in_success(&body) {
            return Ok(body);
        }
        Err((
            classify(ctx.host, status.as_u16(), &body, retry_after),
            true,
        ))
    }

    /// A GET with the token as the `access_token` query parameter.
    pub(crate) async fn get(
        &self,
        url: String,
        query: &[(&str, String)],
        ctx: Ctx<'_>,
    ) -> IgResult<String> {
        let mut req = self.http.request(Method::GET, url).query(query);
        if let Some(t) = ctx.token {
            req = req.query(&[("access_token", t.expose_secret())]);
        }
        self.send(req, ctx).await
    }

    /// A form POST with the token as a form field.
    pub(crate) async fn post_form(
        &self,
        url: String,
        form: &[(&str, String)],
        ctx: Ctx<'_>,
    ) -> IgResult<String> {
        let mut f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if let Some(t) = ctx.token {
            f.push(("access_token", t.expose_secret()));
        }
        self.send(self.http.request(Method::POST, url).form(&f), ctx)
            .await
    }

    /// A JSON POST (`/messages`), the token as a query parameter.
    pub(crate) async fn post_json(
        &self,
        url: String,
        body: &serde_json::Value,
        ctx: Ctx<'_>,
    ) -> IgResult<String> {
        let mut req = self.http.request(Method::POST, url).json(body);
        if let Some(t) = ctx.token {
            req = req.query(&[("access_token", t.expose_secret())]);
        }
        self.send(req, ctx).await
    }

    /// A DELETE with a JSON body (`/messenger_profile`), the token as a
    /// query parameter.
    pub(crate) async fn delete_json(
        &self,
        url: String,
        body: &serde_json::Value,
        ctx: Ctx<'_>,
    ) -> IgResult<String> {
        let mut req = self.http.request(Method::DELETE, url).json(body);
        if let Some(t) = ctx.token {
            req = req.query(&[("access_token", t.expose_secret())]);
        }
        self.send(req, ctx).await
    }

    /// A DELETE, the token as a query parameter.
    pub(crate) async fn delete(&self, url: String, ctx: Ctx<'_>) -> IgResult<String> {
        let mut req = self.http.request(Method::DELETE, url);
        if let Some(t) = ctx.token {
            req = req.query(&[("access_token", t.expose_secret())]);
        }
        self.send(req, ctx).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbing_removes_secrets_from_every_text() {
        let e = scrub(
            InstagramError::MediaRejected {
                code: 1,
                subcode: None,
                title: Some("IGAAsecret in title".into()),
                message: "x IGAAsecret y app-secret".into(),
            },
            &["IGAAsecret", "app-secret", ""],
        );
        let text = format!("{e:?}");
        assert!(
            !text.contains("IGAAsecret") && !text.contains("app-secret"),
            "{text}"
        );
        assert!(text.contains("[REDACTED]"));
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode_segment("17841457215396811"), "17841457215396811");
        assert_eq!(encode_segment("aWdG_Gib-WZ=="), "aWdG_Gib-WZ==");
        assert_eq!(encode_segment("1/../x?a=b"), "1%2F..%2Fx%3Fa=b");
        assert_eq!(encode_segment(".."), "invalid-id");
        assert_eq!(encode_segment(""), "invalid-id");
    }

    #[test]
    fn errors_hidden_in_success_answers() {
        assert!(error_in_success(r#"{"error":{"code":2,"message":"x"}}"#));
        assert!(error_in_success(
            r#"{"success":false,"debug_info":{"message":"x"}}"#
        ));
        assert!(!error_in_success(r#"{"success":true}"#));
        assert!(!error_in_success(r#"{"id":"1","text":"no error here"}"#));
        assert!(!error_in_success(
            r#"{"id":"1","text":"\"error\" in a caption"}"#
        ));
    }
}
