//! Personal API tokens: shown once at creation, stored as a digest.

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::crypto::TokenDigest;

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
