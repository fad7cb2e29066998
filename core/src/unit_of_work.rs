//! The unit of work: several writes of one use case committed together, so
//! a crash or an error between two of them can never leave half a story in
//! the database (a session without its audit event, a password changed but
//! the old sessions still open, an account gone without its trace).
//!
//! A use case collects its changes and hands them over at once:
//! [`UnitOfWork::commit`] applies them in order, in one transaction, all or
//! none. The trait is generic over the kind of change so that each group
//! of use cases names its writes next to its own types without import
//! circles (the posts' changes name `Post`, which lives with the post use
//! cases; one enum naming every aggregate would sit both above and below
//! them):
//!
//! | Changes | Written by |
//! |---|---|
//! | [`Change`] (here) | users, sign-in, API tokens, accounts, Meta's callbacks, the policy, the eraser |
//! | [`crate::posts::Change`] | the post use cases |
//! | [`crate::inbox::InboxChange`] | the inbox actions (reply, hide, delete, send) |
//!
//! A write that finds the data changed under it (a unique key taken, a
//! stale version, a row that must exist gone) fails the whole unit with
//! [`StoreError::Conflict`](crate::StoreError::Conflict).

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::Language;
use crate::TimeZone;
use crate::account::DeletionRequest;
use crate::account::{Account, AccountId, AccountProfile, AccountStatus, AccountToken};
use crate::audit::AuditEvent;
use crate::crypto::TokenDigest;
use crate::password::PasswordHash;
use crate::session::Session;
use crate::store_error::StoreResult;
use crate::throttle::LoginAttemptId;
use crate::token::{ApiToken, ApiTokenId};
use crate::user::{User, UserId};

/// Commits a use case's changes `C` in one transaction.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait UnitOfWork<C: Send + Sync + 'static>: Send + Sync {
    /// Applies every change, in order, in one transaction: all or none. An
    /// empty unit is a no-op.
    async fn commit(&self, changes: Vec<C>) -> StoreResult<()>;
}

/// One write of the people-and-accounts use cases, each as the repository
/// method of the same name does it unless said otherwise.
#[derive(Debug, Clone)]
pub enum Change {
    /// `UserRepo::insert_user`; a taken username is a conflict.
    InsertUser(User),
    /// `UserRepo::delete_user` (and what the user owns); the user must exist.
    DeleteUser(UserId),
    /// `UserRepo::erase_user`: the user, what they own and their throttle
    /// records; the user must exist.
    EraseUser {
        user: UserId,
        username: String,
    },
    SetPassword {
        user: UserId,
        hash: PasswordHash,
        at: OffsetDateTime,
    },
    SetLanguage {
        user: UserId,
        language: Language,
        at: OffsetDateTime,
    },
    SetTimeZone {
        user: UserId,
        time_zone: TimeZone,
        at: OffsetDateTime,
    },
    InsertSession(Session),
    /// Ends one session (nothing happens if it is gone already).
    DeleteSession(TokenDigest),
    /// Ends every session of `user` but `keep`.
    DeleteUserSessions {
        user: UserId,
        keep: Option<TokenDigest>,
    },
    InsertApiToken(ApiToken),
    /// The owner's token must exist.
    DeleteApiToken {
        owner: UserId,
        id: ApiTokenId,
    },
    /// `LoginThrottleRepo::clear_login_failures`.
    ClearLoginFailures(String),
    /// `LoginThrottleRepo::release_login_attempt`.
    ReleaseLoginAttempt(LoginAttemptId),
    /// A taken Instagram account is a conflict.
    InsertAccount(Account),
    UpdateAccountToken {
        account: AccountId,
        token: AccountToken,
    },
    UpdateAccountProfile {
        account: AccountId,
        profile: AccountProfile,
        at: OffsetDateTime,
    },
    SetAccountStatus {
        account: AccountId,
        status: AccountStatus,
        detail: Option<String>,
    },
    /// The owner's account (and what is cached for it) must exist.
    DeleteAccount {
        owner: UserId,
        account: AccountId,
    },
    /// Every account with this app-scoped id goes; the unit fails unless
    /// exactly `expected` went (another connect slipped in since they were
    /// read).
    DeleteAccountsByAppScopedId {
        app_scoped_id: String,
        expected: u64,
    },
    InsertDeletionRequest(DeletionRequest),
    AcknowledgePolicy {
        user: UserId,
        version: String,
        at: OffsetDateTime,
    },
    InsertAudit(AuditEvent),
}
