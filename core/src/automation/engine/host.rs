//! What the engine needs from the rest of SocialFlow besides Instagram and
//! its own tables: the account's access, the user's zone, the inbox's
//! "done" mark and the notification centre. The composition root
//! implements it over the account, inbox and notification services.

use async_trait::async_trait;

use super::job::Job;
use crate::account::AccountId;
use crate::instagram::IgAccess;
use crate::{TimeZone, UserId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    /// The account's token is unusable (refused or erased).
    #[error("the account must be reconnected: {0}")]
    TokenInvalid(String),
    /// Anything else (database, keys): try again later.
    #[error("{0}")]
    Other(String),
}

/// The connected account an Instagram id belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineAccount {
    pub owner: UserId,
    pub account: AccountId,
    /// Its Instagram username (its own comments are never answered).
    pub username: String,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait EngineHost: Send + Sync {
    /// The account's Instagram access; none when the account is gone.
    async fn access(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Option<IgAccess>, HostError>;
    /// The connected account with this Instagram id, if any.
    async fn account_of(&self, ig_user_id: &str) -> Result<Option<EngineAccount>, HostError>;
    /// The user's time zone (active hours are read in it).
    async fn zone(&self, owner: UserId) -> Result<TimeZone, HostError>;
    /// Instagram refused the token: mark the account for reconnection and
    /// tell the user that automation is paused.
    async fn token_refused(
        &self,
        owner: UserId,
        account: AccountId,
        detail: &str,
    ) -> Result<(), HostError>;
    /// Marks the job's comment or conversation done in the inbox.
    async fn mark_done(&self, job: &Job) -> Result<(), HostError>;
    /// Tells the account's team about the event.
    async fn notify_team(&self, job: &Job) -> Result<(), HostError>;
}
