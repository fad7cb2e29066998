//! The signature header: `SocialFlow-Signature: t=<unix>,v1=<hex>` where the
//! hex is HMAC-SHA256(secret, "<t>.<body>"). The timestamp is signed with
//! the body, so a receiver can refuse replays of old deliveries.

use secrecy::SecretString;
use time::OffsetDateTime;

use super::PayloadSigner;

pub const SIGNATURE_HEADER: &str = "SocialFlow-Signature";
pub const EVENT_ID_HEADER: &str = "SocialFlow-Event-Id";

/// The header value for `body` sent at `at`.
pub fn signature_header(
    signer: &dyn PayloadSigner,
    secret: &SecretString,
    at: OffsetDateTime,
    body: &[u8],
) -> String {
    let t = at.unix_timestamp();
    let mut message = Vec::with_capacity(body.len() + 21);
    message.extend_from_slice(t.to_string().as_bytes());
    message.push(b'.');
    message.extend_from_slice(body);
    format!("t={t},v1={}", signer.sign(secret, &message))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Echoes what it signed, so the test sees the signed message.
    struct Echo;
    impl PayloadSigner for Echo {
        fn sign(&self, _secret: &SecretString, message: &[u8]) -> String {
            String::from_utf8_lossy(message).into_owned()
        }
    }

    #[test]
    fn the_timestamp_and_body_are_signed_together() {
        let at = time::macros::datetime!(2026-03-01 10:00:00 UTC);
        let h = signature_header(&Echo, &SecretString::from("k"), at, br#"{"a":1}"#);
        assert_eq!(h, r#"t=1772359200,v1=1772359200.{"a":1}"#);
    }
}
