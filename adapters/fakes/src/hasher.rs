use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::password::{HashError, PasswordHash, PasswordHasher};

/// A reversible stand-in for bcrypt that keeps use-case tests fast. Never
/// wired into the product.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher;

#[async_trait]
impl PasswordHasher for FastHasher {
    async fn hash(&self, password: &SecretString) -> Result<PasswordHash, HashError> {
        Ok(PasswordHash(format!("fast${}", password.expose_secret())))
    }

    async fn verify(
        &self,
        password: &SecretString,
        hash: &PasswordHash,
    ) -> Result<bool, HashError> {
        match hash.0.strip_prefix("fast$") {
            Some(pw) => Ok(pw == password.expose_secret()),
            None => Err(HashError("not a fast hash".into())),
        }
    }

    fn dummy_hash(&self) -> PasswordHash {
        PasswordHash("fast$\u{0}never".into())
    }
}
