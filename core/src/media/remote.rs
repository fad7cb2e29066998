//! Media the server fetches on someone's behalf (the MCP tool
//! `upload_media_from_url`): which URLs and local files the operator
//! allows. The fetching itself is the caller's; these are the decisions,
//! so every caller refuses the same things.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use super::network::{AddressKind, UrlHost, classify_ip, parse_url_host};

/// The longest URL or path accepted (more is never a real media address).
pub const MAX_SOURCE_LEN: usize = 2048;

/// Why a source is refused. Nothing has been fetched when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemoteMediaError {
    #[error("only http:// and https:// URLs are accepted")]
    NotHttp,
    #[error("the URL or path is longer than {MAX_SOURCE_LEN} characters")]
    TooLong,
    /// The operator has not listed the host (or listed none).
    #[error("the host {0} is not on this server's allow-list for media URLs")]
    HostNotAllowed(String),
    /// The host is, or resolves to, a loopback, private or other
    /// non-public address.
    #[error("the host {0} is not a public internet address")]
    NotPublic(String),
    /// The operator has not set a directory for local files.
    #[error("this server does not accept local file paths")]
    LocalFilesOff,
    /// The path leaves the operator's directory (or does not exist).
    #[error("the path is not a file inside this server's media directory")]
    PathNotAllowed,
}

/// The operator's allow-list of hosts and directory of local files.
#[derive(Debug, Clone, Default)]
pub struct RemoteMediaPolicy {
    /// Lower-cased host names; `*.example.com` allows the subdomains of
    /// `example.com` (not `example.com` itself).
    hosts: Vec<String>,
    /// The directory local paths must stay in, as the caller resolved it
    /// (canonical: no `..`, no symbolic links).
    local_dir: Option<PathBuf>,
}

impl RemoteMediaPolicy {
    /// A policy from a comma- or space-separated host list and an optional
    /// directory (already canonical).
    pub fn new(hosts: &str, local_dir: Option<PathBuf>) -> Self {
        let hosts = hosts
            .split([',', ' ', '\n', '\t'])
            .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        Self { hosts, local_dir }
    }

    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    pub fn local_dir(&self) -> Option<&Path> {
        self.local_dir.as_deref()
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.');
        self.hosts
            .iter()
            .any(|allowed| match allowed.strip_prefix("*.") {
                Some(parent) => host
                    .strip_suffix(parent)
                    .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
                None => allowed == host,
            })
    }

    /// Checks a URL before anything is resolved: http(s), a listed host,
    /// not a literal private address nor a name that only resolves
    /// locally. The caller then resolves the host, passes the addresses to
    /// [`Self::check_addresses`] and connects only to those.
    pub fn check_url(&self, url: &str) -> Result<UrlHost, RemoteMediaError> {
        if url.len() > MAX_SOURCE_LEN {
            return Err(RemoteMediaError::TooLong);
        }
        let host = parse_url_host(url.trim()).ok_or(RemoteMediaError::NotHttp)?;
        if !self.host_allowed(&host.host) {
            return Err(RemoteMediaError::HostNotAllowed(host.host));
        }
        let literal_private = host
            .ip()
            .is_some_and(|ip| classify_ip(ip) != AddressKind::Public);
        if literal_private || (host.ip().is_none() && host.is_local_name()) {
            return Err(RemoteMediaError::NotPublic(host.host));
        }
        Ok(host)
    }

    /// Every address the host resolved to must be public: one private
    /// answer is enough to refuse (DNS rebinding would pick it).
    pub fn check_addresses(&self, host: &str, addrs: &[IpAddr]) -> Result<(), RemoteMediaError> {
        if addrs.is_empty()
            || addrs
                .iter()
                .any(|ip| classify_ip(*ip) != AddressKind::Public)
        {
            return Err(RemoteMediaError::NotPublic(host.to_string()));
        }
        Ok(())
    }

    /// Checks a local file the caller resolved (canonical, symbolic links
    /// followed): it must lie inside the operator's directory.
    pub fn check_local(&self, canonical: &Path) -> Result<(), RemoteMediaError> {
        let dir = self
            .local_dir
            .as_ref()
            .ok_or(RemoteMediaError::LocalFilesOff)?;
        if canonical.starts_with(dir) && canonical != dir {
            Ok(())
        } else {
            Err(RemoteMediaError::PathNotAllowed)
        }
    }

    /// The path a requested local path stands for, before resolving: a
    /// relative path is taken inside the directory. Refused when local
    /// files are off or the text is too long.
    pub fn local_candidate(&self, requested: &str) -> Result<PathBuf, RemoteMediaError> {
        let dir = self
            .local_dir
            .as_ref()
            .ok_or(RemoteMediaError::LocalFilesOff)?;
        if requested.len() > MAX_SOURCE_LEN {
            return Err(RemoteMediaError::TooLong);
        }
        let requested = requested.strip_prefix("file://").unwrap_or(requested);
        if requested.is_empty() || requested.contains('\0') {
            return Err(RemoteMediaError::PathNotAllowed);
        }
        Ok(dir.join(requested))
    }
}

/// The file name a URL or path suggests for the library (its last segment,
/// without query), or `upload`.
pub fn source_file_name(source: &str) -> String {
    let path = source.split(['?', '#']).next().unwrap_or("");
    let name = path.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.is_empty() || name.contains("://") {
        "upload".into()
    } else {
        name
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn policy() -> RemoteMediaPolicy {
        RemoteMediaPolicy::new(
            "cdn.example.com, *.images.example.org 127.0.0.1,localhost",
            Some(PathBuf::from("/srv/media")),
        )
    }

    #[test]
    fn only_listed_hosts_pass() {
        let p = policy();
        assert!(p.check_url("https://cdn.example.com/a.jpg").is_ok());
        assert!(p.check_url("https://a.images.example.org/a.jpg").is_ok());
        assert_eq!(
            p.check_url("https://images.example.org/a.jpg"),
            Err(RemoteMediaError::HostNotAllowed(
                "images.example.org".into()
            ))
        );
        assert_eq!(
            p.check_url("https://evilimages.example.org/a.jpg"),
            Err(RemoteMediaError::HostNotAllowed(
                "evilimages.example.org".into()
            ))
        );
        assert_eq!(
            p.check_url("https://cdn.example.com.evil.net/a.jpg"),
            Err(RemoteMediaError::HostNotAllowed(
                "cdn.example.com.evil.net".into()
            ))
        );
        assert_eq!(
            p.check_url("ftp://cdn.example.com/a"),
            Err(RemoteMediaError::NotHttp)
        );
        assert_eq!(p.check_url("/etc/passwd"), Err(RemoteMediaError::NotHttp));
    }

    #[test]
    fn an_empty_list_allows_nothing() {
        let p = RemoteMediaPolicy::new("", None);
        assert!(matches!(
            p.check_url("https://cdn.example.com/a.jpg"),
            Err(RemoteMediaError::HostNotAllowed(_))
        ));
    }

    #[test]
    fn private_addresses_are_refused_even_when_listed() {
        let p = policy();
        assert_eq!(
            p.check_url("http://127.0.0.1:8080/a.jpg"),
            Err(RemoteMediaError::NotPublic("127.0.0.1".into()))
        );
        assert_eq!(
            p.check_url("http://localhost/a.jpg"),
            Err(RemoteMediaError::NotPublic("localhost".into()))
        );
        let public: IpAddr = "93.184.216.34".parse().unwrap();
        let private: IpAddr = "10.0.0.5".parse().unwrap();
        let mapped: IpAddr = "::ffff:192.168.1.1".parse().unwrap();
        assert!(p.check_addresses("cdn.example.com", &[public]).is_ok());
        assert!(
            p.check_addresses("cdn.example.com", &[public, private])
                .is_err()
        );
        assert!(p.check_addresses("cdn.example.com", &[mapped]).is_err());
        assert!(p.check_addresses("cdn.example.com", &[]).is_err());
    }

    #[test]
    fn local_files_stay_in_the_directory() {
        let p = policy();
        assert!(p.check_local(Path::new("/srv/media/a.jpg")).is_ok());
        assert!(p.check_local(Path::new("/srv/media/sub/a.jpg")).is_ok());
        assert_eq!(
            p.check_local(Path::new("/srv/media")),
            Err(RemoteMediaError::PathNotAllowed)
        );
        assert_eq!(
            p.check_local(Path::new("/srv/media-other/a.jpg")),
            Err(RemoteMediaError::PathNotAllowed)
        );
        assert_eq!(
            p.check_local(Path::new("/etc/passwd")),
            Err(RemoteMediaError::PathNotAllowed)
        );
        assert_eq!(
            p.local_candidate("a.jpg").unwrap(),
            PathBuf::from("/srv/media/a.jpg")
        );
        let off = RemoteMediaPolicy::new("", None);
        assert_eq!(
            off.local_candidate("a.jpg"),
            Err(RemoteMediaError::LocalFilesOff)
        );
        assert_eq!(
            off.check_local(Path::new("/srv/media/a.jpg")),
            Err(RemoteMediaError::LocalFilesOff)
        );
    }

    #[test]
    fn file_names_come_from_the_last_segment() {
        assert_eq!(
            source_file_name("https://x.com/p/photo.jpg?sig=1"),
            "photo.jpg"
        );
        assert_eq!(source_file_name("https://x.com/"), "upload");
        assert_eq!(source_file_name("dir/clip.mp4"), "clip.mp4");
    }
}
