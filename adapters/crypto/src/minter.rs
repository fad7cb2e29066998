use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use socialflow_core::crypto::{SecretMinter, TokenDigest};

/// 256-bit secrets from the OS generator, stored as SHA-256 digests. A plain
/// hash suffices: the secrets are random, not guessable passwords.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomMinter;

impl SecretMinter for RandomMinter {
    fn mint(&self) -> SecretString {
        URL_SAFE_NO_PAD.encode(crate::random_bytes::<32>()).into()
    }

    fn digest(&self, secret: &str) -> TokenDigest {
        TokenDigest(hex::encode(Sha256::digest(secret.as_bytes())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn secrets_are_distinct_and_digests_stable() {
        let m = RandomMinter;
        let a = m.mint();
        let b = m.mint();
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_eq!(a.expose_secret().len(), 43);
        assert_eq!(m.digest("abc"), m.digest("abc"));
        assert_eq!(
            m.digest("abc").0,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
