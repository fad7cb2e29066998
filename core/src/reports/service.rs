//! Making, listing, revoking and opening report links.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use time::Duration;
use uuid::Uuid;

use super::link::{MAX_LINKS_PER_ACCOUNT, ReportLink, ReportLinkId, ReportLinkProblem, valid_days};
use super::ports::ReportLinkRepo;
use crate::account::{Account, AccountId, AccountRepo};
use crate::analytics::DateRange;
use crate::crypto::SecretMinter;
use crate::store_error::StoreError;
use crate::user::UserRepo;
use crate::{Clock, User, UserId};

#[derive(Debug, thiserror::Error)]
pub enum ReportLinkError {
    /// No such account (or link) among the user's.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Invalid(#[from] ReportLinkProblem),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A new link and its secret, shown once.
pub struct NewReportLink {
    pub link: ReportLink,
    pub secret: SecretString,
}

/// What an open link shows: the owner (their time zone and language), the
/// account and the period.
pub struct SharedReport {
    pub link: ReportLink,
    pub owner: User,
    pub account: Account,
}

#[derive(Clone)]
pub struct ReportLinkService {
    links: Arc<dyn ReportLinkRepo>,
    accounts: Arc<dyn AccountRepo>,
    users: Arc<dyn UserRepo>,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
}

impl ReportLinkService {
    pub fn new(
        links: Arc<dyn ReportLinkRepo>,
        accounts: Arc<dyn AccountRepo>,
        users: Arc<dyn UserRepo>,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            links,
            accounts,
            users,
            minter,
            clock,
        }
    }

    /// A link to the account's report over `range` (already checked by
    /// the caller against the owner's today), working `days` days.
    pub async fn create(
        &self,
        owner: UserId,
        account: AccountId,
        range: DateRange,
        days: i64,
    ) -> Result<NewReportLink, ReportLinkError> {
        let days = valid_days(days)?;
        if self.accounts.account(owner, account).await?.is_none() {
            return Err(ReportLinkError::NotFound);
        }
        let secret = self.minter.mint();
        let now = self.clock.now();
        let link = ReportLink {
            id: ReportLinkId(Uuid::now_v7()),
            owner,
            account_id: account,
            from: range.from,
            to: range.to,
            digest: self.minter.digest(secret.expose_secret()),
            created_at: now,
            expires_at: now + Duration::days(days),
        };
        if !self
            .links
            .insert_report_link(&link, MAX_LINKS_PER_ACCOUNT)
            .await?
        {
            // The account vanished meanwhile, or the cap is reached.
            return if self.accounts.account(owner, account).await?.is_none() {
                Err(ReportLinkError::NotFound)
            } else {
                Err(ReportLinkProblem::TooMany {
                    max: MAX_LINKS_PER_ACCOUNT,
                }
                .into())
            };
        }
        Ok(NewReportLink { link, secret })
    }

    /// The account's links, newest first (expired ones included, marked by
    /// their `expires_at`).
    pub async fn list(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<ReportLink>, ReportLinkError> {
        if self.accounts.account(owner, account).await?.is_none() {
            return Err(ReportLinkError::NotFound);
        }
        Ok(self.links.report_links(owner, account).await?)
    }

    /// Revokes a link: it stops working at once.
    pub async fn revoke(&self, owner: UserId, id: ReportLinkId) -> Result<(), ReportLinkError> {
        if self.links.delete_report_link(owner, id).await? {
            Ok(())
        } else {
            Err(ReportLinkError::NotFound)
        }
    }

    /// The report a secret opens; `None` for an unknown, revoked or
    /// expired secret, or an account since disconnected.
    pub async fn open(&self, secret: &str) -> Result<Option<SharedReport>, ReportLinkError> {
        // The minter's secrets are short; anything long is not one of ours.
        if secret.is_empty() || secret.len() > 128 {
            return Ok(None);
        }
        let digest = self.minter.digest(secret);
        let Some(link) = self.links.report_link_by_digest(&digest).await? else {
            return Ok(None);
        };
        if link.expired(self.clock.now()) {
            return Ok(None);
        }
        let Some(account) = self.accounts.account(link.owner, link.account_id).await? else {
            return Ok(None);
        };
        let Some(owner) = self.users.user_by_id(link.owner).await? else {
            return Ok(None);
        };
        Ok(Some(SharedReport {
            link,
            owner,
            account,
        }))
    }
}
