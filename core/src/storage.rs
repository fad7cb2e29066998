//! Storage ports: one trait per aggregate, combined in [`Store`]. Every query
//! that reads a user's data takes the owner, so cross-tenant reads cannot be
//! written by accident.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken, OAuthState,
};
use crate::audit::AuditEvent;
use crate::crypto::TokenDigest;
use crate::meta::DeletionRequest;
use crate::password::PasswordHash;
use crate::session::Session;
use crate::token::{ApiToken, ApiTokenId};
use crate::{Language, TimeZone, User, UserId, Username};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (e.g. a taken username).
    #[error("conflict with existing data")]
    Conflict,
    /// The database could not be reached or timed out.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Other(String),
    /// A stored row cannot be read back as a domain value (a time out of
    /// range, an unknown state, a malformed number or JSON). Single reads
    /// return it; lists skip the row and log it, so one bad row never hides
    /// the others.
    #[error("row {id} of {table} cannot be read: {what}")]
    Corrupt {
        table: &'static str,
        id: String,
        what: String,
    },
}

impl StoreError {
    /// `e`, raised while decoding row `id` of `table`, as [`StoreError::Corrupt`].
    pub fn corrupt_row(table: &'static str, id: impl std::fmt::Display, e: StoreError) -> Self {
        match e {
            StoreError::Corrupt { .. } => e,
            other => StoreError::Corrupt {
                table,
                id: id.to_string(),
                what: match other {
                    StoreError::Other(s) | StoreError::Unavailable(s) => s,
                    StoreError::Conflict => "conflict".into(),
                    StoreError::Corrupt { what, .. } => what,
                },
            },
        }
    }

    pub fn is_corrupt(&self) -> bool {
        matches!(self, StoreError::Corrupt { .. })
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait UserRepo: Send + Sync {
    /// Fails with [`StoreError::Conflict`] when the username is taken.
    async fn insert_user(&self, user: &User) -> StoreResult<()>;
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>>;
    async fn user_by_username(&self, username: &Username) -> StoreResult<Option<User>>;
    async fn count_users(&self) -> StoreResult<u64>;
    async fn set_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn set_language(
        &self,
        id: UserId,
        language: Language,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn set_time_zone(
        &self,
        id: UserId,
        time_zone: &TimeZone,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Deletes the user and everything that belongs to them (sessions, API
    /// tokens, audit events) in one transaction.
    async fn delete_user(&self, id: UserId) -> StoreResult<bool>;
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SessionRepo: Send + Sync {
    async fn insert_session(&self, session: &Session) -> StoreResult<()>;
    async fn session_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Session>>;
    async fn touch_session(&self, digest: &TokenDigest, at: OffsetDateTime) -> StoreResult<()>;
    async fn delete_session(&self, digest: &TokenDigest) -> StoreResult<bool>;
    /// Ends all of a user's sessions except, optionally, one.
    async fn delete_user_sessions(
        &self,
        user: UserId,
        keep: Option<TokenDigest>,
    ) -> StoreResult<u64>;
    /// Removes sessions whose absolute expiry or idle deadline has passed.
    async fn purge_sessions(
        &self,
        expired_before: OffsetDateTime,
        idle_before: OffsetDateTime,
    ) -> StoreResult<u64>;
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

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AuditRepo: Send + Sync {
    async fn insert_audit(&self, event: &AuditEvent) -> StoreResult<()>;
    /// A user's own events, newest first.
    async fn audit_for_user(&self, owner: UserId, limit: u32) -> StoreResult<Vec<AuditEvent>>;
    /// Every event, newest first (admins only; the caller checks the role).
    async fn audit_all(&self, limit: u32) -> StoreResult<Vec<AuditEvent>>;
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait LoginThrottleRepo: Send + Sync {
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> StoreResult<()>;
    /// Failure times for `key` after `since`.
    async fn login_failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<OffsetDateTime>>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
    /// Records an attempt under `key` at `at` (as a failure, until it is
    /// released) and counts the attempts stored under `key` after `since`,
    /// this one included, in one step that concurrent callers cannot slip
    /// between: the reservations of one key are serialised, the k-th
    /// counting every earlier one. So no more than `limit` reservations can
    /// see a count of `limit` or less, however many run at once.
    async fn reserve_login_attempt(
        &self,
        key: &str,
        at: OffsetDateTime,
        since: OffsetDateTime,
    ) -> StoreResult<crate::throttle::ReservedAttempt>;
    /// Withdraws a reservation (the attempt was refused or succeeded);
    /// nothing happens if it is gone already.
    async fn release_login_attempt(&self, id: crate::throttle::LoginAttemptId) -> StoreResult<()>;
    async fn purge_login_failures(&self, before: OffsetDateTime) -> StoreResult<u64>;
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait HealthRepo: Send + Sync {
    /// Succeeds when the database answers a trivial query.
    async fn ping(&self) -> StoreResult<()>;
    /// Applies pending migrations.
    async fn migrate(&self) -> StoreResult<()>;
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
    async fn update_account_profile(
        &self,
        id: AccountId,
        profile: &AccountProfile,
        fetched_at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Stores a new token and marks the account active.
    async fn update_account_token(&self, id: AccountId, token: &AccountToken) -> StoreResult<bool>;
    async fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        detail: Option<String>,
    ) -> StoreResult<bool>;
    /// Deletes the owner's account (and, by cascade, its cached data).
    async fn delete_account(&self, owner: UserId, id: AccountId) -> StoreResult<bool>;
    /// Active accounts whose token expires before `expires_before` and was
    /// last refreshed before `refreshed_before`, soonest expiry first.
    async fn accounts_due_for_refresh(
        &self,
        expires_before: OffsetDateTime,
        refreshed_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Account>>;
    /// Deletes every account connected under this app-scoped Instagram user
    /// id, whoever owns it (Meta's callbacks). Returns (id, owner, username).
    async fn delete_accounts_by_app_scoped_id(
        &self,
        app_scoped_id: &str,
    ) -> StoreResult<Vec<(AccountId, UserId, String)>>;
    /// How many accounts are in each status (for monitoring).
    async fn count_accounts_by_status(&self) -> StoreResult<Vec<(AccountStatus, u64)>>;
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
pub trait DeletionRequestRepo: Send + Sync {
    async fn insert_deletion_request(&self, request: &DeletionRequest) -> StoreResult<()>;
    async fn deletion_request(&self, code: &str) -> StoreResult<Option<DeletionRequest>>;
}

/// Everything the application needs from a database.
pub trait Store:
    UserRepo
    + SessionRepo
    + ApiTokenRepo
    + AuditRepo
    + LoginThrottleRepo
    + AccountRepo
    + OAuthStateRepo
    + DeletionRequestRepo
    + crate::posts::PostRepo
    + crate::media::MediaRepo
    + crate::analytics::AnalyticsRepo
    + HealthRepo
    + crate::inbox::InboxRepo
    + crate::privacy::PrivacyRepo
    + crate::onboarding::MilestoneRepo
{
}

impl<T> Store for T where
    T: UserRepo
        + SessionRepo
        + ApiTokenRepo
        + AuditRepo
        + LoginThrottleRepo
        + AccountRepo
        + OAuthStateRepo
        + DeletionRequestRepo
        + crate::posts::PostRepo
        + crate::media::MediaRepo
        + crate::analytics::AnalyticsRepo
        + HealthRepo
        + crate::inbox::InboxRepo
        + crate::privacy::PrivacyRepo
        + crate::onboarding::MilestoneRepo
{
}
