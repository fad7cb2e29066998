//! Conditional requests for the Analytics page and API: a weak ETag built
//! from everything a response depends on (the account's data version, the
//! user's zone and language, the range, today…), and the `If-None-Match`
//! check that lets a client keep its copy (`304 Not Modified`).
//!
//! The tag is a 64-bit FNV-1a digest of the parts: stable across server
//! processes and restarts (no random seed), so several servers behind a
//! proxy answer the same tag. It is not a secret and needs no collision
//! resistance against an attacker: each part list starts with the data
//! version, and a client only ever compares tags of its own responses.

/// A weak entity tag (`W/"…"`) for a response built from `parts`.
pub fn weak_etag<S: AsRef<str>>(parts: &[S]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for part in parts {
        // Each part's length first, so ("ab", "c") and ("a", "bc") differ.
        let part = part.as_ref().as_bytes();
        for b in (part.len() as u64).to_le_bytes().iter().chain(part) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("W/\"a{h:016x}\"")
}

/// Whether an `If-None-Match` header value names `etag`: `*`, or any tag
/// of the comma-separated list compared weakly (`W/` ignored on both
/// sides, RFC 9110 §13.1.2). A header longer than 8 KiB is not read.
pub fn if_none_match(header: &str, etag: &str) -> bool {
    if header.len() > 8 * 1024 {
        return false;
    }
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let wanted = opaque(etag);
    header
        .split(',')
        .any(|t| t.trim() == "*" || opaque(t) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_is_weak_and_depends_on_every_part() {
        let t = weak_etag(&["v1", "Europe/Berlin", "en"]);
        assert!(t.starts_with("W/\"a") && t.ends_with('"'), "{t}");
        assert_eq!(t, weak_etag(&["v1", "Europe/Berlin", "en"]));
        assert_ne!(t, weak_etag(&["v2", "Europe/Berlin", "en"]));
        assert_ne!(t, weak_etag(&["v1", "Asia/Almaty", "en"]));
        assert_ne!(t, weak_etag(&["v1", "Europe/Berlin", "ru"]));
        assert_ne!(weak_etag(&["ab", "c"]), weak_etag(&["a", "bc"]));
    }

    #[test]
    fn if_none_match_compares_weakly_and_reads_lists() {
        let t = weak_etag(&["x"]);
        assert!(if_none_match(&t, &t));
        assert!(if_none_match(t.trim_start_matches("W/"), &t));
        assert!(if_none_match(&format!("\"other\", {t}"), &t));
        assert!(if_none_match("*", &t));
        assert!(!if_none_match("\"other\"", &t));
        assert!(!if_none_match("", &t));
        assert!(!if_none_match(&format!("{}{t}", " ".repeat(9000)), &t));
    }
}
