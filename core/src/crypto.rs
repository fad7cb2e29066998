//! Crypto ports that are not about passwords: random bearer secrets (session
//! cookies, API tokens) and the one-way digest under which they are stored.

use secrecy::SecretString;

/// The stored form of a bearer secret: a hex SHA-256 digest. A leaked
/// database row cannot be replayed as a cookie or API token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenDigest(pub String);

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait SecretMinter: Send + Sync {
    /// A fresh unguessable secret (at least 256 bits), URL-safe.
    fn mint(&self) -> SecretString;
    /// The digest stored for a secret.
    fn digest(&self, secret: &str) -> TokenDigest;
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CipherError {
    /// Encrypted under a key this process does not have (or tampered with).
    #[error("the token cannot be decrypted with the configured keys")]
    Undecryptable,
    #[error("encryption failed")]
    Failed,
    /// No token is stored: it expired and the retention job erased it. Not
    /// a key problem; the account needs reconnecting.
    #[error("{}", crate::account::ERASED_TOKEN_DETAIL)]
    Erased,
}

/// Encrypts access tokens at rest. `context` binds a ciphertext to its place
/// (e.g. `accounts.token:<account id>`), so a ciphertext copied elsewhere
/// does not decrypt.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait TokenCipher: Send + Sync {
    fn encrypt(
        &self,
        plaintext: &SecretString,
        context: &str,
    ) -> Result<crate::account::EncryptedToken, CipherError>;
    fn decrypt(
        &self,
        ciphertext: &crate::account::EncryptedToken,
        context: &str,
    ) -> Result<SecretString, CipherError>;
    /// Whether the ciphertext was made with an older key than the current one.
    fn is_stale(&self, ciphertext: &crate::account::EncryptedToken) -> bool;
}
