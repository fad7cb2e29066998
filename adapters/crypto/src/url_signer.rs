//! HMAC-SHA256 signatures of media URLs, keyed from the master key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use socialflow_core::media::UrlSigner;
use zeroize::Zeroizing;

pub struct HmacUrlSigner {
    key: Zeroizing<[u8; 32]>,
}

impl HmacUrlSigner {
    /// `key` comes from `MasterKey::derive("media-url")`.
    pub fn new(key: [u8; 32]) -> Self {
        Self {
            key: Zeroizing::new(key),
        }
    }

    fn mac(&self, message: &str) -> Hmac<Sha256> {
        // HMAC accepts keys of any length; this cannot fail.
        #[allow(clippy::expect_used)]
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key[..]).expect("any key length");
        mac.update(message.as_bytes());
        mac
    }
}

impl UrlSigner for HmacUrlSigner {
    fn sign(&self, message: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(message).finalize().into_bytes())
    }

    fn verify(&self, message: &str, signature: &str) -> bool {
        let Ok(sig) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        self.mac(message).verify_slice(&sig).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_refuses_forgeries() {
        let s = HmacUrlSigner::new([3u8; 32]);
        let sig = s.sign("media/x/100");
        assert!(s.verify("media/x/100", &sig));
        assert!(!s.verify("media/x/101", &sig), "another expiry");
        assert!(!s.verify("media/y/100", &sig), "another file");
        assert!(!HmacUrlSigner::new([4u8; 32]).verify("media/x/100", &sig));
        assert!(!s.verify("media/x/100", "not base64!"));
        assert!(!s.verify("media/x/100", ""));
    }
}
