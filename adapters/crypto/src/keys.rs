use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;

/// The master key: 64 random bytes (the size AES-256-SIV takes), from which
/// purpose keys (CSRF, cookies, media URL signing) are derived so one secret
/// is all an operator keeps.
pub struct MasterKey(SecretBox<[u8; 64]>);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("must be base64 of exactly 64 bytes (generate one with: openssl rand -base64 64)")]
    Malformed,
}

impl MasterKey {
    pub const LEN: usize = 64;

    pub fn generate() -> Self {
        MasterKey(SecretBox::new(Box::new(crate::random_bytes::<64>())))
    }

    /// Parses the base64 text form (whitespace ignored).
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = STANDARD.decode(cleaned).map_err(|_| KeyError::Malformed)?;
        let arr: [u8; 64] = bytes.try_into().map_err(|_| KeyError::Malformed)?;
        Ok(MasterKey(SecretBox::new(Box::new(arr))))
    }

    pub fn to_base64(&self) -> SecretString {
        STANDARD.encode(self.0.expose_secret()).into()
    }

    /// A 32-byte key for one purpose: HMAC-SHA256(master, label).
    pub fn derive(&self, label: &str) -> [u8; 32] {
        // HMAC accepts keys of any length; this cannot fail.
        #[allow(clippy::expect_used)]
        let mut mac =
            Hmac::<Sha256>::new_from_slice(self.0.expose_secret()).expect("any key length");
        mac.update(b"socialflow/");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// A key bound to one session: HMAC-SHA256(`base`, session secret). CSRF
/// tokens made with it are refused under any other session.
pub fn session_bound_key(base: &[u8; 32], session_secret: &str) -> [u8; 32] {
    // HMAC accepts keys of any length; this cannot fail.
    #[allow(clippy::expect_used)]
    let mut mac = Hmac::<Sha256>::new_from_slice(base).expect("any key length");
    mac.update(b"socialflow/session/");
    mac.update(session_secret.as_bytes());
    mac.finalize().into_bytes().into()
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_keys_differ_per_session_and_base() {
        let a = session_bound_key(&[1; 32], "session-a");
        assert_eq!(a, session_bound_key(&[1; 32], "session-a"));
        assert_ne!(a, session_bound_key(&[1; 32], "session-b"));
        assert_ne!(a, session_bound_key(&[2; 32], "session-a"));
        assert_ne!(a, [1; 32]);
    }

    #[test]
    fn round_trips_and_derives_distinct_keys() {
        let k = MasterKey::generate();
        let text = k.to_base64();
        let again = MasterKey::from_base64(text.expose_secret()).expect("parse");
        assert_eq!(k.derive("csrf"), again.derive("csrf"));
        assert_ne!(k.derive("csrf"), k.derive("cookie"));
        assert_eq!(format!("{k:?}"), "MasterKey([REDACTED])");
    }

    #[test]
    fn rejects_wrong_lengths_and_garbage() {
        assert_eq!(
            MasterKey::from_base64("c2hvcnQ=").err(),
            Some(KeyError::Malformed)
        );
        assert_eq!(
            MasterKey::from_base64("%%%").err(),
            Some(KeyError::Malformed)
        );
    }
}
