//! Crypto ports that are not about passwords: random bearer secrets (session
//! cookies, API tokens) and the one-way digest under which they are stored.

use std::fmt;

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
    #[error("{}", ERASED_TOKEN_DETAIL)]
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
    ) -> Result<EncryptedToken, CipherError>;
    fn decrypt(
        &self,
        ciphertext: &EncryptedToken,
        context: &str,
    ) -> Result<SecretString, CipherError>;
    /// Whether the ciphertext was made with an older key than the current one.
    fn is_stale(&self, ciphertext: &EncryptedToken) -> bool;
}

/// An access token as stored: ciphertext only. The plaintext exists only in
/// memory, inside a secret, while a call is made.
#[derive(Clone, PartialEq, Eq)]
pub struct EncryptedToken(pub Vec<u8>);

impl EncryptedToken {
    /// The empty value the retention job leaves in place of an expired
    /// token's ciphertext.
    pub fn erased() -> Self {
        EncryptedToken(Vec::new())
    }

    /// Whether the token was erased (expired): the account must be
    /// reconnected, there is nothing to decrypt.
    pub fn is_erased(&self) -> bool {
        self.0.is_empty()
    }
}

/// The status detail of an account whose expired token was erased.
pub const ERASED_TOKEN_DETAIL: &str =
    "the access token expired and was deleted; reconnect the account";

impl fmt::Debug for EncryptedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncryptedToken({} bytes)", self.0.len())
    }
}
