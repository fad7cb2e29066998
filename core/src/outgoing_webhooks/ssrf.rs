//! Which addresses a webhook may be delivered to (SSRF guard). The adapter
//! resolves the host, classifies every address and connects only to one it
//! checked, so a name cannot resolve to a public address for the check and
//! a private one for the connection.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    Public,
    Loopback,
    Private,
    LinkLocal,
    UniqueLocal,
    Multicast,
    Unspecified,
    /// Reserved, documentation, benchmarking, broadcast, shared (CGNAT)
    /// and other ranges that are not the public internet.
    Reserved,
}

impl AddressClass {
    pub fn is_public(self) -> bool {
        self == AddressClass::Public
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AddressClass::Public => "public",
            AddressClass::Loopback => "loopback",
            AddressClass::Private => "private",
            AddressClass::LinkLocal => "link-local",
            AddressClass::UniqueLocal => "unique-local",
            AddressClass::Multicast => "multicast",
            AddressClass::Unspecified => "unspecified",
            AddressClass::Reserved => "reserved",
        }
    }
}

pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = ip.octets();
    if ip.is_unspecified() || a == 0 {
        AddressClass::Unspecified
    } else if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_private() {
        AddressClass::Private
    } else if ip.is_link_local() {
        AddressClass::LinkLocal
    } else if ip.is_multicast() {
        AddressClass::Multicast
    } else if ip.is_broadcast()
        || a >= 240
        // 100.64/10 shared address space (carrier-grade NAT).
        || (a == 100 && (64..128).contains(&b))
        // 192.0.0/24 protocol assignments, 192.0.2/24, 198.51.100/24,
        // 203.0.113/24 documentation, 198.18/15 benchmarking.
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || (a == 198 && (b == 18 || b == 19))
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    // An IPv4 address written as IPv6 is judged as the IPv4 address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let seg = ip.segments();
    if ip.is_unspecified() {
        AddressClass::Unspecified
    } else if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_multicast() {
        AddressClass::Multicast
    } else if seg[0] & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if seg[0] & 0xfe00 == 0xfc00 {
        AddressClass::UniqueLocal
    } else if seg[0] & 0xffc0 == 0xfec0 {
        // Deprecated site-local: private in practice.
        AddressClass::Private
    } else if seg[0] == 0x0064 && seg[1] == 0xff9b {
        // NAT64 (64:ff9b::/96): the embedded IPv4 address decides.
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        classify_v4(Ipv4Addr::new(a, b, c, d))
    } else if (seg[0] == 0x2001 && seg[1] == 0x0db8)
        // IPv4-compatible (deprecated) ::a.b.c.d, and 6to4 / Teredo relays
        // that tunnel to an embedded address.
        || (seg[0..6] == [0, 0, 0, 0, 0, 0])
        || seg[0] == 0x2002
        || (seg[0] == 0x2001 && seg[1] == 0)
        || seg[0] == 0x0100 && seg[1..4] == [0, 0, 0]
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use AddressClass::*;

    #[test]
    fn the_classifier_table() {
        let table: &[(&str, AddressClass)] = &[
            ("8.8.8.8", Public),
            ("93.184.216.34", Public),
            ("127.0.0.1", Loopback),
            ("127.8.9.10", Loopback),
            ("10.1.2.3", Private),
            ("172.16.0.1", Private),
            ("172.31.255.255", Private),
            ("172.32.0.1", Public),
            ("192.168.1.1", Private),
            ("169.254.169.254", LinkLocal),
            ("224.0.0.1", Multicast),
            ("0.0.0.0", Unspecified),
            ("0.1.2.3", Unspecified),
            ("255.255.255.255", Reserved),
            ("100.64.0.1", Reserved),
            ("100.128.0.1", Public),
            ("192.0.2.10", Reserved),
            ("198.18.0.1", Reserved),
            ("240.0.0.1", Reserved),
            ("::1", Loopback),
            ("::", Unspecified),
            ("fe80::1", LinkLocal),
            ("febf::1", LinkLocal),
            ("fc00::1", UniqueLocal),
            ("fd12:3456::1", UniqueLocal),
            ("ff02::1", Multicast),
            ("fec0::1", Private),
            ("2001:db8::1", Reserved),
            ("2606:4700:4700::1111", Public),
            ("2a00:1450:4001:81b::200e", Public),
            // v4-mapped: judged as the IPv4 address inside.
            ("::ffff:127.0.0.1", Loopback),
            ("::ffff:10.0.0.1", Private),
            ("::ffff:169.254.169.254", LinkLocal),
            ("::ffff:8.8.8.8", Public),
            // IPv4-compatible and NAT64 forms.
            ("::127.0.0.1", Reserved),
            ("64:ff9b::7f00:1", Loopback),
            ("64:ff9b::808:808", Public),
            ("2002:7f00:1::1", Reserved),
        ];
        for (text, want) in table {
            let ip: IpAddr = text.parse().unwrap();
            assert_eq!(classify(ip), *want, "{text}");
            assert_eq!(classify(ip).is_public(), *want == Public, "{text}");
        }
    }
}
