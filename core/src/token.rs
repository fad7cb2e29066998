//! Personal API tokens: shown once at creation, stored as a digest.

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::crypto::TokenDigest;
use crate::store_error::StoreResult;

/// Prefix of every personal token, so leaked tokens are recognisable by
/// secret scanners.
pub const API_TOKEN_PREFIX: &str = "sfp_";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ApiTokenId(pub Uuid);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub user_id: UserId,
    pub name: String,
    pub digest: TokenDigest,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a token name needs 1 to 64 characters")]
pub struct TokenNameError;

/// Validates a token's label.
pub fn parse_token_name(raw: &str) -> Result<String, TokenNameError> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 || len > 64 || name.chars().any(char::is_control) {
        return Err(TokenNameError);
    }
    Ok(name.to_string())
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ApiTokenRepo: Send + Sync {
    async fn insert_api_token(&self, token: &ApiToken) -> StoreResult<()>;
    async fn api_token_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ApiToken>>;
    async fn list_api_tokens(&self, owner: UserId) -> StoreResult<Vec<ApiToken>>;
    async fn touch_api_token(&self, id: ApiTokenId, at: OffsetDateTime) -> StoreResult<()>;
    /// Deletes the token only if `owner` owns it.
    async fn delete_api_token(&self, owner: UserId, id: ApiTokenId) -> StoreResult<bool>;
}
