//! Identifiers shaped like Instagram's: 17-digit numeric ids, base64-ish
//! thread and message ids, shortcodes, opaque tokens and codes; and a
//! deterministic noise source for generated numbers.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// A counter shared by every kind of id, so no two objects collide.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    next: u64,
}

impl Ids {
    fn bump(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// A 17-digit id: `prefix` (3 digits) and the counter.
    pub(crate) fn numeric(&mut self, prefix: &str) -> String {
        let n = self.bump();
        format!("{prefix}{n:014}")
    }

    /// A conversation id, e.g. `aWdfdGhyZWFk…`.
    pub(crate) fn thread(&mut self, account: &str) -> String {
        let n = self.bump();
        STANDARD_NO_PAD.encode(format!("ig_thread:{account}:{n:010}"))
    }

    /// A message id, e.g. `aWdfbWVzc2Fn…`.
    pub(crate) fn message(&mut self, thread: &str) -> String {
        let n = self.bump();
        let tail = &thread[thread.len().saturating_sub(8)..];
        STANDARD_NO_PAD.encode(format!("ig_message_item:1:{tail}:{n:012}"))
    }

    /// An 11-character shortcode for permalinks.
    pub(crate) fn shortcode(&mut self) -> String {
        let n = self.bump();
        let bytes = mix(n ^ 0x5eed).to_be_bytes();
        let mut code = String::from("D");
        code.push_str(&URL_SAFE_NO_PAD.encode(bytes)[..10]);
        code
    }
}

/// An unguessable string: tokens, authorization codes.
pub(crate) fn secret(prefix: &str) -> String {
    let mut bytes = Vec::with_capacity(40);
    // The random parts of v7 UUIDs (their first bytes are the time).
    for _ in 0..4 {
        bytes.extend_from_slice(&uuid::Uuid::now_v7().as_bytes()[6..]);
    }
    let text: String = URL_SAFE_NO_PAD
        .encode(bytes)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{prefix}{text}")
}

/// `A` and 22 characters, like `fbtrace_id`.
pub(crate) fn trace_id() -> String {
    let u = uuid::Uuid::now_v7();
    let text = URL_SAFE_NO_PAD.encode(&u.as_bytes()[4..]);
    format!("A{}", &text[..text.len().min(22)])
}

/// splitmix64: a good, cheap bit mixer.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A stable number in `[0, 1)` for (`seed`, `salt`, `n`): the same
/// question always gets the same answer, so insights do not jump.
pub(crate) fn noise(seed: u64, salt: &str, n: i64) -> f64 {
    let mut h = seed;
    for b in salt.bytes() {
        h = mix(h ^ u64::from(b));
    }
    let v = mix(h ^ (n as u64));
    (v >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_shaped() {
        let mut ids = Ids::default();
        let a = ids.numeric("179");
        let b = ids.numeric("179");
        assert_ne!(a, b);
        assert_eq!(a.len(), 17);
        assert!(ids.thread("1784").starts_with("aWdf"));
        assert_eq!(ids.shortcode().len(), 11);
        assert!(secret("IGAA").len() > 30);
        let n = noise(7, "reach", 3);
        assert!((0.0..1.0).contains(&n));
        assert_eq!(n, noise(7, "reach", 3));
    }
}
