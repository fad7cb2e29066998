use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::password::{HashError, PasswordHash, PasswordHasher};

/// bcrypt with a configurable cost (12 in production, the policy's floor).
/// Hashing runs on the blocking pool so it never stalls the async runtime.
#[derive(Clone)]
pub struct BcryptHasher {
    cost: u32,
    dummy: PasswordHash,
}

impl BcryptHasher {
    pub const PRODUCTION_COST: u32 = 12;

    pub fn new(cost: u32) -> Result<Self, HashError> {
        let random = hex::encode(crate::random_bytes::<16>());
        let dummy = bcrypt::hash(random, cost).map_err(|e| HashError(e.to_string()))?;
        Ok(Self {
            cost,
            dummy: PasswordHash(dummy),
        })
    }

    pub fn cost(&self) -> u32 {
        self.cost
    }
}

#[async_trait]
impl PasswordHasher for BcryptHasher {
    async fn hash(&self, password: &SecretString) -> Result<PasswordHash, HashError> {
        let pw = password.clone();
        let cost = self.cost;
        tokio::task::spawn_blocking(move || bcrypt::non_truncating_hash(pw.expose_secret(), cost))
            .await
            .map_err(|e| HashError(e.to_string()))?
            .map(PasswordHash)
            .map_err(|e| HashError(e.to_string()))
    }

    async fn verify(
        &self,
        password: &SecretString,
        hash: &PasswordHash,
    ) -> Result<bool, HashError> {
        let pw = password.clone();
        let hash = hash.0.clone();
        let result = tokio::task::spawn_blocking(move || {
            bcrypt::non_truncating_verify(pw.expose_secret(), &hash)
        })
        .await
        .map_err(|e| HashError(e.to_string()))?;
        match result {
            Ok(ok) => Ok(ok),
            // Over 72 bytes can never match a hash we made: a wrong password.
            Err(bcrypt::BcryptError::Truncation(_)) => Ok(false),
            Err(e) => Err(HashError(e.to_string())),
        }
    }

    fn dummy_hash(&self) -> PasswordHash {
        self.dummy.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_carry_the_cost() {
        let h = BcryptHasher::new(4).expect("hasher");
        let pw: SecretString = "correct horse battery".to_string().into();
        let hash = h.hash(&pw).await.expect("hash");
        assert!(hash.0.starts_with("$2b$04$"), "{}", hash.0);
        assert!(h.verify(&pw, &hash).await.expect("verify"));
        assert!(
            !h.verify(&"wrong".to_string().into(), &hash)
                .await
                .expect("verify")
        );
        assert!(
            !h.verify(&"x".repeat(100).into(), &hash)
                .await
                .expect("verify")
        );
        assert!(!h.verify(&pw, &h.dummy_hash()).await.expect("dummy"));
    }
}
