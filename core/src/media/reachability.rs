//! Does the public media URL really serve the file? Each failure names what
//! the operator must fix, because "Instagram could not fetch the media" is
//! the most common publishing failure of self-hosted schedulers.

use std::net::IpAddr;

use super::{AddressKind, FetchError, FetchedHead, MediaFile};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaUnreachable {
    /// SOCIALFLOW_PUBLIC_URL is not an http(s) URL with a host.
    #[error("SOCIALFLOW_PUBLIC_URL ({url}) is not a usable http(s) address")]
    BadPublicUrl { url: String },
    /// The public URL names this machine or a private network; Instagram's
    /// servers on the internet cannot reach it.
    #[error(
        "SOCIALFLOW_PUBLIC_URL points to {host} ({address}, a {} address); Instagram fetches media from the internet, so set SOCIALFLOW_PUBLIC_URL to an address reachable from the internet (a domain with HTTPS pointing at this server)",
        kind.as_str()
    )]
    PrivateAddress {
        host: String,
        address: String,
        kind: AddressKind,
    },
    #[error("{host} does not resolve ({detail}); check the DNS record of SOCIALFLOW_PUBLIC_URL")]
    DoesNotResolve { host: String, detail: String },
    #[error(
        "nothing answers at {host} ({detail}); check that the server or its reverse proxy listens there and the firewall lets HTTPS in"
    )]
    CannotConnect { host: String, detail: String },
    #[error("{host} did not answer in time; check the reverse proxy and the firewall")]
    Timeout { host: String },
    #[error(
        "the HTTPS certificate of {host} was refused ({detail}); use a valid certificate such as Let's Encrypt"
    )]
    Tls { host: String, detail: String },
    /// 401/403: a login page, basic auth or an access rule sits in front.
    #[error(
        "the media URL answered {status}: a password, login page or access rule protects it; let /media/ through without login"
    )]
    Protected { status: u16 },
    #[error(
        "the media URL redirected ({status}) to {location}; /media/ must be served directly, without redirects (a login page or an http→https rule?)"
    )]
    Redirected { status: u16, location: String },
    #[error(
        "the media URL answered {status}; check that the reverse proxy forwards /media/ to SocialFlow"
    )]
    BadStatus { status: u16 },
    #[error(
        "the media URL answered with content type {actual} instead of {expected}; another page (a login or error page?) is served at that address"
    )]
    WrongContentType { expected: String, actual: String },
    #[error(
        "the media URL announced {actual} bytes instead of {expected}; a proxy is changing the file"
    )]
    WrongLength { expected: u64, actual: String },
    #[error(
        "the media URL served different bytes than the uploaded file; another server answers at SOCIALFLOW_PUBLIC_URL"
    )]
    DifferentContent,
    #[error("the file is missing from the media directory; upload it again")]
    FileMissing,
    #[error("the media file cannot be read: {detail}")]
    StorageFailed { detail: String },
}

impl MediaUnreachable {
    pub fn code(&self) -> &'static str {
        match self {
            MediaUnreachable::BadPublicUrl { .. } => "bad_public_url",
            MediaUnreachable::PrivateAddress { .. } => "private_address",
            MediaUnreachable::DoesNotResolve { .. } => "does_not_resolve",
            MediaUnreachable::CannotConnect { .. } => "cannot_connect",
            MediaUnreachable::Timeout { .. } => "timeout",
            MediaUnreachable::Tls { .. } => "tls",
            MediaUnreachable::Protected { .. } => "protected",
            MediaUnreachable::Redirected { .. } => "redirected",
            MediaUnreachable::BadStatus { .. } => "bad_status",
            MediaUnreachable::WrongContentType { .. } => "wrong_content_type",
            MediaUnreachable::WrongLength { .. } => "wrong_length",
            MediaUnreachable::DifferentContent => "different_content",
            MediaUnreachable::FileMissing => "file_missing",
            MediaUnreachable::StorageFailed { .. } => "storage_failed",
        }
    }

    pub(crate) fn private(host: &str, ip: IpAddr, kind: AddressKind) -> Self {
        MediaUnreachable::PrivateAddress {
            host: host.to_string(),
            address: ip.to_string(),
            kind,
        }
    }

    pub(crate) fn from_fetch(host: &str, e: FetchError) -> Self {
        let host = host.to_string();
        match e {
            FetchError::Dns(detail) => MediaUnreachable::DoesNotResolve { host, detail },
            FetchError::Connect(detail) | FetchError::Other(detail) => {
                MediaUnreachable::CannotConnect { host, detail }
            }
            FetchError::Tls(detail) => MediaUnreachable::Tls { host, detail },
            FetchError::Timeout => MediaUnreachable::Timeout { host },
        }
    }
}

/// Compares what the URL answered with the stored file (`head` = its first
/// bytes).
pub fn check_response(
    file: &MediaFile,
    head: &[u8],
    got: &FetchedHead,
) -> Result<(), MediaUnreachable> {
    check_served(&file.content_type, file.byte_size, head, got)
}

/// Compares what the URL answered with a file of `content_type` and
/// `byte_size` whose first bytes are `head`.
pub fn check_served(
    content_type: &str,
    byte_size: u64,
    head: &[u8],
    got: &FetchedHead,
) -> Result<(), MediaUnreachable> {
    match got.status {
        200 | 206 => {}
        401 | 403 | 407 => return Err(MediaUnreachable::Protected { status: got.status }),
        300..=399 => {
            return Err(MediaUnreachable::Redirected {
                status: got.status,
                location: got.location.clone().unwrap_or_default(),
            });
        }
        s => return Err(MediaUnreachable::BadStatus { status: s }),
    }
    let actual_type = got
        .content_type
        .as_deref()
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if actual_type != content_type {
        return Err(MediaUnreachable::WrongContentType {
            expected: content_type.to_string(),
            actual: if actual_type.is_empty() {
                "none".into()
            } else {
                actual_type
            },
        });
    }
    if got.total_length != Some(byte_size) {
        return Err(MediaUnreachable::WrongLength {
            expected: byte_size,
            actual: got
                .total_length
                .map_or_else(|| "an unknown number of".into(), |n| n.to_string()),
        });
    }
    let n = head.len().min(got.first_bytes.len());
    if n == 0 || head[..n] != got.first_bytes[..n] {
        return Err(MediaUnreachable::DifferentContent);
    }
    Ok(())
}
