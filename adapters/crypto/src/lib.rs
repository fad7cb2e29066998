//! Crypto adapters: bcrypt password hashing, random bearer secrets with their
//! SHA-256 digests, and derivation of purpose keys from the master key.

pub mod backup_cipher;
mod bcrypt_hasher;
mod keys;
mod minter;
mod payload_signer;
mod signed_request;
mod token_cipher;
mod url_signer;
mod webhook;

pub use bcrypt_hasher::BcryptHasher;
pub use keys::{KeyError, MasterKey, session_bound_key};
pub use minter::RandomMinter;
pub use payload_signer::{HmacPayloadSigner, hmac_sha256_hex};
pub use signed_request::{MetaSignedRequestVerifier, sign_request};
pub use token_cipher::AesSivTokenCipher;
pub use url_signer::HmacUrlSigner;
pub use webhook::{HmacWebhookVerifier, sign_webhook};

/// Fills a buffer from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The OS generator failing means the machine cannot do crypto at all.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    buf
}
