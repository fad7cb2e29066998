use std::net::IpAddr;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use reqwest::redirect::Policy;
use socialflow_core::outgoing_webhooks::{OutgoingRequest, SendError, SendResponse, WebhookSender};

use crate::guard::{Blocked, GuardedResolver, allowed};

#[derive(Debug, Clone, Copy)]
pub struct SenderConfig {
    /// The whole request, connection to last byte read.
    pub timeout: Duration,
    /// The most of a response body read (the rest is dropped unread).
    pub max_response_bytes: usize,
    /// Deliver to loopback, private and other non-public addresses too
    /// (`SOCIALFLOW_WEBHOOKS_ALLOW_PRIVATE`).
    pub allow_private: bool,
}

impl Default for SenderConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_response_bytes: 64 * 1024,
            allow_private: false,
        }
    }
}

pub struct HttpWebhookSender {
    client: reqwest::Client,
    config: SenderConfig,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot build the webhook HTTP client: {0}")]
pub struct BuildError(#[from] reqwest::Error);

impl HttpWebhookSender {
    pub fn new(config: SenderConfig) -> Result<Self, BuildError> {
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(Policy::none())
            // A proxy would connect on our behalf to addresses never checked.
            .no_proxy()
            .dns_resolver(GuardedResolver {
                allow_private: config.allow_private,
            })
            .user_agent(concat!("SocialFlow-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { client, config })
    }

    async fn read_capped(&self, mut response: reqwest::Response) -> Vec<u8> {
        let cap = self.config.max_response_bytes;
        let mut body = Vec::new();
        while body.len() < cap {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = cap - body.len();
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                // The status is what counts; a body cut short is still a snippet.
                Ok(None) | Err(_) => break,
            }
        }
        body
    }
}

#[async_trait]
impl WebhookSender for HttpWebhookSender {
    async fn send(&self, request: OutgoingRequest) -> Result<SendResponse, SendError> {
        let url = reqwest::Url::parse(&request.url)
            .map_err(|e| SendError::Refused(format!("the URL cannot be used: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(SendError::Refused("only http(s) URLs are delivered".into()));
        }
        // An address written in the URL is never resolved: check it here.
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => None,
            None => return Err(SendError::Refused("the URL has no host".into())),
        };
        if let Some(ip) = literal
            && let Err(class) = allowed(ip, self.config.allow_private)
        {
            return Err(SendError::Refused(format!(
                "{ip} is a {class} address, which webhooks may not reach"
            )));
        }
        let mut builder = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let started = Instant::now();
        match builder.body(request.body).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let body = self.read_capped(response).await;
                Ok(SendResponse {
                    status,
                    snippet: String::from_utf8_lossy(&body).into_owned(),
                    duration: started.elapsed(),
                })
            }
            Err(e) => {
                if let Some(blocked) = find::<Blocked>(&e) {
                    return Err(SendError::Refused(blocked.to_string()));
                }
                let message = if e.is_timeout() {
                    format!("no answer within {} s", self.config.timeout.as_secs())
                } else if e.is_connect() {
                    format!("cannot connect: {}", root_cause(&e))
                } else {
                    root_cause(&e)
                };
                Err(SendError::Failed {
                    message,
                    duration: started.elapsed(),
                })
            }
        }
    }
}

fn find<'a, T: std::error::Error + 'static>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<T>() {
            return Some(t);
        }
        cur = err.source();
    }
    None
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
