//! Connected Instagram accounts.

use std::fmt;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::crypto::TokenDigest;
pub use crate::crypto::{ERASED_TOKEN_DETAIL, EncryptedToken};
use crate::instagram::Profile;
use crate::store_error::StoreResult;

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

/// Meta's request to delete a person's data (its callback), as the status
/// page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionRequest {
    pub code: String,
    /// SHA-256 of the Instagram user id: enough to tell requests apart,
    /// nothing to identify the person.
    pub subject_digest: String,
    pub requested_at: OffsetDateTime,
    pub completed_at: Option<OffsetDateTime>,
    pub accounts_deleted: u64,
}

/// A pending OAuth authorization: the digest of the `state` parameter, bound
/// to the user and the session that started it. Used once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthState {
    pub digest: TokenDigest,
    pub user_id: UserId,
    pub session_digest: TokenDigest,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait OAuthStateRepo: Send + Sync {
    async fn insert_oauth_state(&self, state: &OAuthState) -> StoreResult<()>;
    /// Removes and returns the state: a second call for the same digest
    /// finds nothing, even when two requests race.
    async fn take_oauth_state(&self, digest: &TokenDigest) -> StoreResult<Option<OAuthState>>;
    async fn purge_oauth_states(&self, expired_before: OffsetDateTime) -> StoreResult<u64>;
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AccountRepo: Send + Sync {
    /// Fails with [`StoreError::Conflict`] when the Instagram account is
    /// already connected (by anyone).
    async fn insert_account(&self, account: &Account) -> StoreResult<()>;
    /// The owner's account with this id, if it is theirs.
    async fn account(&self, owner: UserId, id: AccountId) -> StoreResult<Option<Account>>;
    /// The owner's accounts, by username.
    async fn accounts_of(&self, owner: UserId) -> StoreResult<Vec<Account>>;
    /// Whoever owns this Instagram account. Not owner-scoped on purpose: it
    /// answers "is it connected elsewhere" and routes webhooks.
    async fn account_by_ig_user_id(&self, ig_user_id: &str) -> StoreResult<Option<Account>>;
    /// Every account connected under this app-scoped Instagram user id,
    /// whoever owns it (Meta's callbacks), oldest first.
    async fn accounts_by_app_scoped_id(&self, app_scoped_id: &str) -> StoreResult<Vec<Account>>;
    async fn update_account_profile(
        &self,
        id: AccountId,
        profile: &AccountProfile,
        fetched_at: OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        detail: Option<String>,
    ) -> StoreResult<bool>;
    /// Deletes the owner's account (and, by cascade, its cached data).
    async fn delete_account(&self, owner: UserId, id: AccountId) -> StoreResult<bool>;
    /// Deletes every account connected under this app-scoped Instagram user
    /// id, whoever owns it (Meta's callbacks). Returns (id, owner, username).
    async fn delete_accounts_by_app_scoped_id(
        &self,
        app_scoped_id: &str,
    ) -> StoreResult<Vec<(AccountId, UserId, String)>>;
    /// How many accounts are in each status (for monitoring).
    async fn count_accounts_by_status(&self) -> StoreResult<Vec<(AccountStatus, u64)>>;
    /// Every active account's id and owner (the daily job; not owner-scoped
    /// on purpose), by id.
    async fn active_account_ids(&self) -> StoreResult<Vec<(AccountId, UserId)>>;
}

/// The access tokens of connected accounts: storing, refreshing, erasing
/// and re-encrypting them.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AccountTokenRepo: Send + Sync {
    /// Stores a new token and marks the account active.
    async fn update_account_token(&self, id: AccountId, token: &AccountToken) -> StoreResult<bool>;
    /// Active accounts whose token expires before `expires_before` and was
    /// last refreshed before `refreshed_before`, soonest expiry first.
    async fn accounts_due_for_refresh(
        &self,
        expires_before: OffsetDateTime,
        refreshed_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Account>>;
    /// Retention: overwrites the ciphertext of every token that expired
    /// before `now` with an empty value and marks its account as needing
    /// reconnecting, with `detail`. Returns how many tokens were erased;
    /// an erased token is not counted again (reconnecting stores a new one).
    async fn erase_expired_tokens(&self, now: OffsetDateTime, detail: &str) -> StoreResult<u64>;
    /// Every account's id and token, for re-encryption under a new key.
    async fn all_account_tokens(&self) -> StoreResult<Vec<(AccountId, EncryptedToken)>>;
    /// Replaces a token's ciphertext only if it is still `old` (so a
    /// concurrent refresh is never overwritten).
    async fn replace_token_ciphertext(
        &self,
        id: AccountId,
        old: &EncryptedToken,
        new: &EncryptedToken,
    ) -> StoreResult<bool>;
}
