//! Property tests for Meta's `signed_request`, which anyone can post to the
//! deletion and deauthorize callbacks: no input panics, only requests
//! signed with the app secret pass, and what passes is what was signed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use secrecy::SecretString;
use socialflow_core::meta::{SignedRequestError, SignedRequestVerifier};
use socialflow_crypto::{MetaSignedRequestVerifier, sign_request};

const SECRET: &str = "app-secret";

fn verifier() -> MetaSignedRequestVerifier {
    MetaSignedRequestVerifier::new(Some(SecretString::from(SECRET.to_string())))
}

/// Payload fields as Meta sends them, and as it does not.
fn field() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<u64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        "[0-9]{0,70}".prop_map(serde_json::Value::String),
        "\\PC{0,80}".prop_map(serde_json::Value::String),
        Just(serde_json::json!(["1"])),
        Just(serde_json::json!({"id": "1"})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_is_refused_without_panic(raw in "\\PC{0,300}|[A-Za-z0-9_=.-]{0,300}") {
        prop_assert!(verifier().verify(&raw).is_err());
    }

    /// Whatever a correctly signed payload holds, the verifier answers
    /// without panicking, and a user id it returns is the one signed.
    #[test]
    fn signed_payloads_yield_what_was_signed(
        algorithm in prop_oneof![
            3 => Just(serde_json::json!("HMAC-SHA256")),
            1 => Just(serde_json::json!("hmac-sha256")),
            1 => field(),
        ],
        user_id in field(),
        issued_at in prop_oneof![
            3 => (0i64..4_000_000_000).prop_map(|t| serde_json::json!(t)),
            1 => field(),
        ],
        expires in field(),
    ) {
        let payload = serde_json::json!({
            "algorithm": algorithm, "user_id": user_id, "issued_at": issued_at, "expires": expires,
        });
        match verifier().verify(&sign_request(SECRET, &payload.to_string())) {
            Ok(r) => {
                let expected = match &user_id {
                    serde_json::Value::String(s) => s.clone(),
                    n => n.to_string(),
                };
                prop_assert_eq!(&r.user_id, &expected);
                prop_assert!(!r.user_id.is_empty() && r.user_id.len() <= 64);
                // Numbers are ids only when they are integers.
                prop_assert!(user_id.is_string() || user_id.is_i64() || user_id.is_u64());
                prop_assert_eq!(Some(r.issued_at.unix_timestamp()), issued_at.as_i64());
            }
            Err(e) => prop_assert!(e != SignedRequestError::BadSignature),
        }
    }

    /// Changing any one character of a valid request makes it invalid.
    #[test]
    fn tampering_with_any_character_is_refused(
        user in "[0-9]{1,20}",
        at in 0i64..4_000_000_000,
        pick in any::<prop::sample::Index>(),
        replacement in "[A-Za-z0-9_-]",
    ) {
        let good = sign_request(
            SECRET,
            &format!(r#"{{"algorithm":"HMAC-SHA256","user_id":"{user}","issued_at":{at}}}"#),
        );
        prop_assert_eq!(verifier().verify(&good).unwrap().user_id, user);
        let i = pick.index(good.len());
        prop_assume!(&good[i..=i] != replacement.as_str() && &good[i..=i] != ".");
        let mut bad = good.clone();
        bad.replace_range(i..=i, &replacement);
        prop_assert!(verifier().verify(&bad).is_err(), "{bad}");
        // The same payload under another key is refused too.
        let (_, payload) = good.split_once('.').unwrap();
        let other = format!("{}.{payload}", URL_SAFE_NO_PAD.encode([0u8; 32]));
        prop_assert_eq!(verifier().verify(&other), Err(SignedRequestError::BadSignature));
    }
}
