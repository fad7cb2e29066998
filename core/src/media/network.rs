//! Decisions about addresses: is a public URL one Instagram can reach?

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not reachable from the internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    Public,
    Loopback,
    Private,
    LinkLocal,
    /// 100.64.0.0/10, used by carrier NAT and tunnels such as Tailscale.
    SharedNat,
    /// 0.0.0.0, ::, documentation, broadcast and other special ranges.
    Special,
}

impl AddressKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AddressKind::Public => "public",
            AddressKind::Loopback => "loopback",
            AddressKind::Private => "private",
            AddressKind::LinkLocal => "link_local",
            AddressKind::SharedNat => "shared_nat",
            AddressKind::Special => "special",
        }
    }
}

pub fn classify_ip(ip: IpAddr) -> AddressKind {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return classify_v4(v4);
            }
            classify_v6(v6)
        }
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressKind {
    let o = ip.octets();
    if ip.is_loopback() {
        AddressKind::Loopback
    } else if ip.is_private() {
        AddressKind::Private
    } else if ip.is_link_local() {
        AddressKind::LinkLocal
    } else if o[0] == 100 && (64..128).contains(&o[1]) {
        AddressKind::SharedNat
    } else if ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || o[0] == 0
        || o[0] >= 240
        || (o[0] == 192 && o[1] == 0 && o[2] == 0)
        || (o[0] == 198 && (18..20).contains(&o[1]))
    {
        AddressKind::Special
    } else {
        AddressKind::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressKind {
    let s = ip.segments();
    if ip.is_loopback() {
        AddressKind::Loopback
    } else if (s[0] & 0xfe00) == 0xfc00 {
        // Unique local addresses, the IPv6 private range.
        AddressKind::Private
    } else if (s[0] & 0xffc0) == 0xfe80 {
        AddressKind::LinkLocal
    } else if ip.is_unspecified() || ip.is_multicast() || (s[0] == 0x2001 && s[1] == 0x0db8) {
        AddressKind::Special
    } else {
        AddressKind::Public
    }
}

/// The host of an http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlHost {
    pub https: bool,
    /// Without brackets for IPv6 literals, lower-cased.
    pub host: String,
    pub port: u16,
}

impl UrlHost {
    pub fn ip(&self) -> Option<IpAddr> {
        self.host.parse().ok()
    }

    /// Names that never resolve to a public address.
    pub fn is_local_name(&self) -> bool {
        let h = self.host.trim_end_matches('.');
        h == "localhost"
            || h.ends_with(".localhost")
            || h.ends_with(".local")
            || h.ends_with(".internal")
            || h.ends_with(".lan")
            || h.ends_with(".home.arpa")
            || !h.contains('.') && self.ip().is_none()
    }
}

/// Parses `http(s)://host[:port][/…]`; `None` for anything else.
pub fn parse_url_host(url: &str) -> Option<UrlHost> {
    let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else {
        (false, url.strip_prefix("http://")?)
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let default_port = if https { 443 } else { 80 };
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None => default_port,
        };
        (h.to_string(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p.parse().ok()?),
            None => (authority.to_string(), default_port),
        }
    };
    if host.is_empty() {
        return None;
    }
    Some(UrlHost {
        https,
        host: host.to_ascii_lowercase(),
        port,
    })
}

/// Whether the Graph API base URL is Meta's real one, so Instagram's servers
/// (not a local fake) will fetch media.
pub fn is_real_instagram(graph_base_url: &str) -> bool {
    parse_url_host(graph_base_url).is_some_and(|u| {
        let h = u.host.trim_end_matches('.');
        ["instagram.com", "facebook.com"]
            .iter()
            .any(|d| h == *d || h.ends_with(&format!(".{d}")))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kind(s: &str) -> AddressKind {
        classify_ip(s.parse().unwrap_or_else(|_| panic!("{s}")))
    }

    #[test]
    fn classifies_addresses() {
        assert_eq!(kind("127.0.0.1"), AddressKind::Loopback);
        assert_eq!(kind("::1"), AddressKind::Loopback);
        assert_eq!(kind("10.1.2.3"), AddressKind::Private);
        assert_eq!(kind("172.16.0.1"), AddressKind::Private);
        assert_eq!(kind("192.168.1.10"), AddressKind::Private);
        assert_eq!(kind("fd00::1"), AddressKind::Private);
        assert_eq!(kind("169.254.169.254"), AddressKind::LinkLocal);
        assert_eq!(kind("fe80::1"), AddressKind::LinkLocal);
        assert_eq!(kind("100.100.1.1"), AddressKind::SharedNat);
        assert_eq!(kind("0.0.0.0"), AddressKind::Special);
        assert_eq!(kind("::ffff:192.168.0.1"), AddressKind::Private);
        assert_eq!(kind("93.184.216.34"), AddressKind::Public);
        assert_eq!(kind("2a00:1450:4001::1"), AddressKind::Public);
        assert_eq!(kind("172.32.0.1"), AddressKind::Public);
    }

    #[test]
    fn parses_hosts_and_ports() {
        let u = parse_url_host("https://Social.Example.com/media/x?y").unwrap();
        assert_eq!(
            (u.https, u.host.as_str(), u.port),
            (true, "social.example.com", 443)
        );
        let u = parse_url_host("http://127.0.0.1:8080").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("127.0.0.1", 8080));
        let u = parse_url_host("http://[::1]:9/x").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 9));
        assert!(parse_url_host("ftp://x").is_none());
        assert!(parse_url_host("http://:80").is_none());
        assert!(u.ip().is_some());
        assert!(
            parse_url_host("http://localhost:8080")
                .unwrap()
                .is_local_name()
        );
        assert!(parse_url_host("http://nas.local").unwrap().is_local_name());
        assert!(parse_url_host("http://myserver").unwrap().is_local_name());
        assert!(
            !parse_url_host("https://social.example.com")
                .unwrap()
                .is_local_name()
        );
    }

    #[test]
    fn knows_the_real_instagram() {
        assert!(is_real_instagram("https://graph.instagram.com"));
        assert!(is_real_instagram("https://graph.facebook.com/v25.0"));
        assert!(!is_real_instagram("http://127.0.0.1:4010"));
        assert!(!is_real_instagram("https://notinstagram.com"));
    }
}
