//! Meta's `signed_request`: `base64url(signature) . base64url(payload)`,
//! the signature being HMAC-SHA256 of the still-encoded payload with the
//! app secret.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use socialflow_core::meta::{SignedRequest, SignedRequestError, SignedRequestVerifier};
use time::OffsetDateTime;

pub struct MetaSignedRequestVerifier {
    app_secret: Option<SecretString>,
}

impl MetaSignedRequestVerifier {
    /// Without a secret every request is refused (nothing can be verified).
    pub fn new(app_secret: Option<SecretString>) -> Self {
        Self { app_secret }
    }
}

fn decode(part: &str) -> Result<Vec<u8>, SignedRequestError> {
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| SignedRequestError::Malformed)
}

/// The longest user id accepted (app-scoped ids are about 17 digits).
const MAX_USER_ID_BYTES: usize = 64;

/// Ids arrive as strings or integers; fractions, empty and over-long ones
/// are none.
fn id_text(v: &serde_json::Value) -> Option<String> {
    let id = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => n.to_string(),
        _ => return None,
    };
    (!id.is_empty() && id.len() <= MAX_USER_ID_BYTES).then_some(id)
}

impl SignedRequestVerifier for MetaSignedRequestVerifier {
    fn verify(&self, raw: &str) -> Result<SignedRequest, SignedRequestError> {
        let secret = self
            .app_secret
            .as_ref()
            .ok_or(SignedRequestError::NotConfigured)?;
        let (sig, payload) = raw
            .trim()
            .split_once('.')
            .ok_or(SignedRequestError::Malformed)?;
        let signature = decode(sig)?;
        // The signature covers the still-encoded payload, so it is checked
        // before anything unauthenticated is decoded or parsed. Only
        // HMAC-SHA256 exists; the payload must also say so (below).
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
            .map_err(|_| SignedRequestError::Malformed)?;
        mac.update(payload.as_bytes());
        // Constant-time comparison.
        mac.verify_slice(&signature)
            .map_err(|_| SignedRequestError::BadSignature)?;
        let json: serde_json::Value =
            serde_json::from_slice(&decode(payload)?).map_err(|_| SignedRequestError::Malformed)?;
        if !json["algorithm"]
            .as_str()
            .is_some_and(|a| a.eq_ignore_ascii_case("HMAC-SHA256"))
        {
            return Err(SignedRequestError::Algorithm);
        }
        let user_id = id_text(&json["user_id"]).ok_or(SignedRequestError::Malformed)?;
        let issued_at = json["issued_at"]
            .as_i64()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .ok_or(SignedRequestError::Malformed)?;
        let expires = json["expires"]
            .as_i64()
            .filter(|t| *t > 0)
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
        Ok(SignedRequest {
            user_id,
            issued_at,
            expires,
        })
    }
}

/// Builds a signed request as Meta would (tests, the fake, the docs).
pub fn sign_request(secret: &str, payload_json: &str) -> String {
    let payload = URL_SAFE_NO_PAD.encode(payload_json.as_bytes());
    // HMAC accepts any key length.
    #[allow(clippy::expect_used)]
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(payload.as_bytes());
    format!(
        "{}.{payload}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier() -> MetaSignedRequestVerifier {
        MetaSignedRequestVerifier::new(Some(SecretString::from("app-secret".to_string())))
    }

    #[test]
    fn accepts_what_meta_signs() {
        let raw = sign_request(
            "app-secret",
            r#"{"algorithm":"HMAC-SHA256","issued_at":1291836800,"user_id":"218471"}"#,
        );
        let r = verifier().verify(&raw).expect("valid");
        assert_eq!(r.user_id, "218471");
        assert_eq!(r.issued_at.unix_timestamp(), 1_291_836_800);
        // Numeric ids larger than 2^53 are kept exactly.
        let raw = sign_request(
            "app-secret",
            r#"{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":27281358591558845}"#,
        );
        assert_eq!(
            verifier().verify(&raw).expect("valid").user_id,
            "27281358591558845"
        );
    }

    /// Found by the property tests: fractions and ids of any length were
    /// taken as user ids.
    #[test]
    fn user_ids_are_integers_or_short_strings() {
        let v = verifier();
        for user in ["1.5", "1e20", &format!("\"{}\"", "7".repeat(65)), "\"\""] {
            let raw = sign_request(
                "app-secret",
                &format!(r#"{{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":{user}}}"#),
            );
            assert_eq!(v.verify(&raw), Err(SignedRequestError::Malformed), "{user}");
        }
        let raw = sign_request(
            "app-secret",
            &format!(
                r#"{{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":"{}"}}"#,
                "7".repeat(64)
            ),
        );
        assert!(v.verify(&raw).is_ok());
    }

    #[test]
    fn refuses_forged_malformed_and_wrong_algorithm() {
        let v = verifier();
        let forged = sign_request(
            "other-secret",
            r#"{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":"1"}"#,
        );
        assert_eq!(v.verify(&forged), Err(SignedRequestError::BadSignature));
        let good = sign_request(
            "app-secret",
            r#"{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":"1"}"#,
        );
        let (sig, _) = good.split_once('.').expect("dot");
        let swapped = format!(
            "{sig}.{}",
            URL_SAFE_NO_PAD.encode(r#"{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":"2"}"#)
        );
        assert_eq!(v.verify(&swapped), Err(SignedRequestError::BadSignature));
        let none = sign_request(
            "app-secret",
            r#"{"algorithm":"none","issued_at":1,"user_id":"1"}"#,
        );
        assert_eq!(v.verify(&none), Err(SignedRequestError::Algorithm));
        assert_eq!(v.verify("no-dot"), Err(SignedRequestError::Malformed));
        assert_eq!(v.verify("!!.??"), Err(SignedRequestError::Malformed));
        let no_user = sign_request("app-secret", r#"{"algorithm":"HMAC-SHA256","issued_at":1}"#);
        assert_eq!(v.verify(&no_user), Err(SignedRequestError::Malformed));
        assert_eq!(
            MetaSignedRequestVerifier::new(None).verify(&good),
            Err(SignedRequestError::NotConfigured)
        );
    }
}
