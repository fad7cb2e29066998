//! Connected Instagram accounts.

use std::fmt;

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::instagram::Profile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AccountId(pub Uuid);

impl AccountId {
    pub fn new() -> Self {
        AccountId(Uuid::now_v7())
    }
}

impl Default for AccountId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Whether SocialFlow can act for the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    /// Instagram refused the token (expired, revoked, password changed):
    /// jobs for the account stop until the user reconnects it.
    NeedsReconnect,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::NeedsReconnect => "needs_reconnect",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(AccountStatus::Active),
            "needs_reconnect" => Some(AccountStatus::NeedsReconnect),
            _ => None,
        }
    }
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

/// The profile fields SocialFlow keeps, as last fetched.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountProfile {
    pub username: String,
    pub name: Option<String>,
    pub biography: Option<String>,
    pub website: Option<String>,
    pub profile_picture_url: Option<String>,
    pub followers_count: Option<i64>,
    pub follows_count: Option<i64>,
    pub media_count: Option<i64>,
    pub account_type: Option<String>,
}

impl From<&Profile> for AccountProfile {
    fn from(p: &Profile) -> Self {
        let count = |n: Option<u64>| n.map(|v| i64::try_from(v).unwrap_or(i64::MAX));
        AccountProfile {
            username: p.username.clone(),
            name: p.name.clone(),
            biography: p.biography.clone(),
            website: p.website.clone(),
            profile_picture_url: p.profile_picture_url.clone(),
            followers_count: count(p.followers_count),
            follows_count: count(p.follows_count),
            media_count: count(p.media_count),
            account_type: p.account_type.clone(),
        }
    }
}

/// The stored token's state: ciphertext and lifetime facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountToken {
    pub ciphertext: EncryptedToken,
    pub expires_at: OffsetDateTime,
    pub refreshed_at: OffsetDateTime,
    /// Scopes Instagram reported as granted.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub owner: UserId,
    /// The professional account id (IG_ID): unique across all users.
    pub ig_user_id: String,
    pub app_scoped_id: String,
    pub profile: AccountProfile,
    pub token: AccountToken,
    pub status: AccountStatus,
    /// Why the account needs reconnecting, in Instagram's words.
    pub status_detail: Option<String>,
    pub connected_at: OffsetDateTime,
    pub profile_fetched_at: OffsetDateTime,
}

/// A pending OAuth authorization: the digest of the `state` parameter, bound
/// to the user and the session that started it. Used once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthState {
    pub digest: crate::crypto::TokenDigest,
    pub user_id: UserId,
    pub session_digest: crate::crypto::TokenDigest,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}
