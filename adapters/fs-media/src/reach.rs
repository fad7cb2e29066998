//! Fetching a media URL as Instagram would: a GET without following
//! redirects, reading only the first bytes.

use std::error::Error as _;
use std::net::IpAddr;
use std::time::Duration;

use async_trait::async_trait;
use socialflow_core::media::{FetchError, FetchedHead, MediaReachability};

pub struct HttpReachability {
    client: reqwest::Client,
}

impl HttpReachability {
    pub fn new(timeout: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .user_agent("SocialFlow media check (like facebookexternalhit)")
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { client })
    }
}

fn classify(e: &reqwest::Error) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout;
    }
    let mut chain = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    if lower.contains("dns") || lower.contains("failed to lookup") || lower.contains("resolve") {
        FetchError::Dns(chain)
    } else if lower.contains("certificate") || lower.contains("tls") {
        FetchError::Tls(chain)
    } else if e.is_connect() {
        FetchError::Connect(chain)
    } else {
        FetchError::Other(chain)
    }
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[async_trait]
impl MediaReachability for HttpReachability {
    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<IpAddr>, FetchError> {
        let addrs = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| FetchError::Dns(e.to_string()))?;
        Ok(addrs.map(|a| a.ip()).collect())
    }

    async fn fetch_head(&self, url: &str, n: usize) -> Result<FetchedHead, FetchError> {
        let resp = self
            .client
            .get(url)
            .header("range", format!("bytes=0-{}", n.saturating_sub(1)))
            .send()
            .await
            .map_err(|e| classify(&e))?;
        let status = resp.status().as_u16();
        let total_length = if status == 206 {
            header(&resp, "content-range")
                .and_then(|r| r.rsplit('/').next().and_then(|t| t.parse().ok()))
        } else {
            header(&resp, "content-length").and_then(|l| l.parse().ok())
        };
        let mut head = FetchedHead {
            status,
            content_type: header(&resp, "content-type"),
            total_length,
            location: header(&resp, "location"),
            first_bytes: Vec::new(),
        };
        let mut resp = resp;
        while head.first_bytes.len() < n {
            match resp.chunk().await.map_err(|e| classify(&e))? {
                Some(chunk) => head.first_bytes.extend_from_slice(&chunk),
                None => break,
            }
        }
        head.first_bytes.truncate(n);
        Ok(head)
    }
}
