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
