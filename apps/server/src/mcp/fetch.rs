//! Bringing a file the assistant names into the media library: a URL on a
//! host the operator allows (resolved once, every address checked, the
//! connection pinned to them, no redirects), or a path inside the
//! operator's directory. The policy is core's
//! ([`RemoteMediaPolicy`]); the bytes stream into the same upload as the
//! web form's, with its size and type limits.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures::TryStreamExt;
use socialflow_core::media::{ByteStream, MediaError, RemoteMediaError, RemoteMediaPolicy};

/// Why a source could not be read (before the library judged the bytes).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Refused(#[from] RemoteMediaError),
    /// The library's own refusal (too large, before anything was read).
    #[error(transparent)]
    Media(#[from] MediaError),
    /// The host could not be resolved or reached, or answered an error.
    #[error("{0}")]
    Unreachable(String),
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The whole download; a slow sender cannot hold the tool for longer.
const FETCH_TIMEOUT: Duration = Duration::from_secs(300);

/// Opens the source as a byte stream: a URL when it has a scheme, else a
/// local path.
pub async fn open(
    policy: &RemoteMediaPolicy,
    source: &str,
    max_bytes: u64,
) -> Result<ByteStream, FetchError> {
    let source = source.trim();
    if source.starts_with("http://") || source.starts_with("https://") {
        open_url(policy, source, max_bytes).await
    } else if source.contains("://") && !source.starts_with("file://") {
        Err(RemoteMediaError::NotHttp.into())
    } else {
        open_local(policy, source).await
    }
}

async fn open_url(
    policy: &RemoteMediaPolicy,
    url: &str,
    max_bytes: u64,
) -> Result<ByteStream, FetchError> {
    let host = policy.check_url(url)?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.host.as_str(), host.port))
        .await
        .map_err(|e| FetchError::Unreachable(format!("{}: {e}", host.host)))?
        .take(16)
        .collect();
    let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
    policy.check_addresses(&host.host, &ips)?;
    // Connect only to the addresses just checked: a second lookup by the
    // client could answer differently (DNS rebinding).
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(FETCH_TIMEOUT)
        .resolve_to_addrs(&host.host, &addrs)
        .no_proxy()
        .build()
        .map_err(|e| FetchError::Unreachable(e.to_string()))?;
    let resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| FetchError::Unreachable(format!("{}: {e}", host.host)))?;
    if !resp.status().is_success() {
        return Err(FetchError::Unreachable(format!(
            "{} answered {}",
            host.host,
            resp.status()
        )));
    }
    if resp.content_length().is_some_and(|n| n > max_bytes) {
        return Err(MediaError::TooLarge { limit: max_bytes }.into());
    }
    Ok(Box::pin(resp.bytes_stream().map_err(std::io::Error::other)))
}

async fn open_local(policy: &RemoteMediaPolicy, path: &str) -> Result<ByteStream, FetchError> {
    let candidate = policy.local_candidate(path)?;
    // Resolved (symbolic links and `..` followed) before the check, so a
    // link inside the directory cannot point outside it.
    let canonical = tokio::fs::canonicalize(&candidate)
        .await
        .map_err(|_| RemoteMediaError::PathNotAllowed)?;
    policy.check_local(&canonical)?;
    let file = tokio::fs::File::open(&canonical)
        .await
        .map_err(|_| RemoteMediaError::PathNotAllowed)?;
    let is_file = file.metadata().await.map(|m| m.is_file()).unwrap_or(false);
    if !is_file {
        return Err(RemoteMediaError::PathNotAllowed.into());
    }
    Ok(Box::pin(tokio_util::io::ReaderStream::with_capacity(
        file,
        256 * 1024,
    )))
}
