//! Passwords: the validated plaintext (only ever inside a secret) and the
//! stored bcrypt hash, plus the hashing port.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

/// A bcrypt hash as stored in the database. Not secret, but never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(pub String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// A new password that passed the policy. Holds the plaintext in a secret so
/// it is zeroised on drop and never printed.
pub struct NewPassword(SecretString);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordPolicyError {
    #[error("a password needs at least {min} characters")]
    TooShort { min: usize },
    // bcrypt only reads 72 bytes; longer input would be silently cut.
    #[error("a password may be at most {max} bytes long")]
    TooLong { max: usize },
}

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_BYTES: usize = 72;

    pub fn parse(raw: SecretString) -> Result<Self, PasswordPolicyError> {
        let s = raw.expose_secret();
        if s.chars().count() < Self::MIN_CHARS {
            return Err(PasswordPolicyError::TooShort {
                min: Self::MIN_CHARS,
            });
        }
        if s.len() > Self::MAX_BYTES {
            return Err(PasswordPolicyError::TooLong {
                max: Self::MAX_BYTES,
            });
        }
        Ok(NewPassword(raw))
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(pub String);

/// Hashes and checks passwords (bcrypt in production).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    async fn hash(&self, password: &SecretString) -> Result<PasswordHash, HashError>;
    /// `Ok(false)` for a wrong password; `Err` only when the hash is unusable.
    async fn verify(&self, password: &SecretString, hash: &PasswordHash)
    -> Result<bool, HashError>;
    /// A valid hash of a random password, used to spend the same time on
    /// unknown usernames as on known ones.
    fn dummy_hash(&self) -> PasswordHash;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_rejects_short_and_overlong_passwords() {
        assert!(matches!(
            NewPassword::parse("short".to_string().into()),
            Err(PasswordPolicyError::TooShort { .. })
        ));
        assert!(matches!(
            NewPassword::parse("ж".repeat(37).into()),
            Err(PasswordPolicyError::TooLong { .. })
        ));
        assert!(NewPassword::parse("correct horse".to_string().into()).is_ok());
    }
}
