//! Outgoing webhooks' signature: HMAC-SHA256 of `"<t>.<body>"` under the
//! endpoint's secret, hex (core builds the header around it).

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use socialflow_core::outgoing_webhooks::PayloadSigner;

#[derive(Debug, Clone, Copy, Default)]
pub struct HmacPayloadSigner;

impl PayloadSigner for HmacPayloadSigner {
    fn sign(&self, secret: &SecretString, message: &[u8]) -> String {
        hmac_sha256_hex(secret.expose_secret().as_bytes(), message)
    }
}

/// HMAC-SHA256 as lowercase hex (also what a receiver computes).
pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length; the error type exists for other MACs.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_test_case_2() {
        // Key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn the_header_verifies_with_the_secret_and_not_without() {
        use socialflow_core::outgoing_webhooks::signature_header;
        let secret = SecretString::from("whsec_test");
        let at = time::macros::datetime!(2026-03-01 10:00:00 UTC);
        let body = br#"{"id":"evt_1","type":"ping"}"#;
        let header = signature_header(&HmacPayloadSigner, &secret, at, body);
        let (t, v1) = header.split_once(",v1=").unwrap_or_default();
        let t = t.trim_start_matches("t=");
        let signed = [t.as_bytes(), b".", body].concat();
        assert_eq!(v1, hmac_sha256_hex(b"whsec_test", &signed));
        assert_ne!(v1, hmac_sha256_hex(b"other", &signed));
        assert_eq!(t, "1772359200");
    }
}
