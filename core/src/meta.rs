//! Meta's callbacks: the data deletion request and the deauthorization,
//! both sent as a `signed_request` (HMAC-SHA256 with the app secret).

use std::sync::Arc;

use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use crate::account::AccountRepo;
use crate::audit::{AuditEvent, AuditKind};
use crate::crypto::SecretMinter;
use crate::store_error::{StoreError, StoreResult};
use crate::unit_of_work::{Change, UnitOfWork};
use crate::{Clock, RequestContext};

/// What a verified `signed_request` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The app-scoped Instagram user id.
    pub user_id: String,
    pub issued_at: OffsetDateTime,
    /// Deletion requests may carry an expiry.
    pub expires: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignedRequestError {
    #[error("the signed request is malformed")]
    Malformed,
    #[error("the signed request uses an unsupported algorithm")]
    Algorithm,
    #[error("the signature does not match")]
    BadSignature,
    #[error("the signed request has expired")]
    Expired,
    #[error("no Instagram app secret is configured")]
    NotConfigured,
}

/// Verifies a `signed_request` against the app secret (crypto adapter).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait SignedRequestVerifier: Send + Sync {
    fn verify(&self, raw: &str) -> Result<SignedRequest, SignedRequestError>;
}

/// Kept with the accounts it records (the unit of work names it).
pub use crate::account::DeletionRequest;

/// How old a signed request may be (Meta sends them at once).
pub const MAX_AGE: Duration = Duration::days(1);

#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    #[error(transparent)]
    Signed(#[from] SignedRequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Clone)]
pub struct MetaCallbacks {
    accounts: Arc<dyn AccountRepo>,
    deletions: Arc<dyn DeletionRequestRepo>,
    units: Arc<dyn UnitOfWork<Change>>,
    verifier: Arc<dyn SignedRequestVerifier>,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
}

impl MetaCallbacks {
    pub fn new(
        accounts: Arc<dyn AccountRepo>,
        deletions: Arc<dyn DeletionRequestRepo>,
        units: Arc<dyn UnitOfWork<Change>>,
        verifier: Arc<dyn SignedRequestVerifier>,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            accounts,
            deletions,
            units,
            verifier,
            minter,
            clock,
        }
    }

    fn check(&self, raw: &str) -> Result<SignedRequest, SignedRequestError> {
        let req = self.verifier.verify(raw)?;
        let now = self.clock.now();
        let too_old = now - req.issued_at > MAX_AGE;
        let from_future = req.issued_at - now > Duration::minutes(5);
        let expired = req.expires.is_some_and(|e| e <= now);
        if too_old || from_future || expired {
            return Err(SignedRequestError::Expired);
        }
        Ok(req)
    }

    /// The unit that deletes every account connected under this Instagram
    /// user and its data (the token, cached comments, messages, snapshots
    /// follow by cascade), with an audit event per account, and how many
    /// accounts it deletes. `extra` joins the unit.
    async fn remove_accounts(
        &self,
        user_id: &str,
        kind: AuditKind,
        ctx: &RequestContext,
        extra: impl Fn(u64) -> Vec<Change>,
    ) -> Result<u64, StoreError> {
        // Read, then delete exactly those: the unit fails if another
        // connect slipped in between, and is built again from a new read.
        for _ in 0..3 {
            let accounts = self.accounts.accounts_by_app_scoped_id(user_id).await?;
            let count = accounts.len() as u64;
            let mut unit = vec![Change::DeleteAccountsByAppScopedId {
                app_scoped_id: user_id.to_string(),
                expected: count,
            }];
            for a in &accounts {
                unit.push(Change::InsertAudit(AuditEvent::new(
                    self.clock.now(),
                    Some(a.owner),
                    kind,
                    ctx,
                    &a.profile.username,
                )));
            }
            unit.extend(extra(count));
            match self.units.commit(unit).await {
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e),
                Ok(()) => return Ok(count),
            }
        }
        Err(StoreError::Conflict)
    }

    /// Meta's data deletion callback: deletes now and returns the record
    /// whose code the status page answers for.
    pub async fn data_deletion(
        &self,
        raw: &str,
        ctx: &RequestContext,
    ) -> Result<DeletionRequest, CallbackError> {
        let req = self.check(raw)?;
        let requested_at = self.clock.now();
        let code: String = {
            use secrecy::ExposeSecret;
            // Alphanumeric, as Meta expects.
            self.minter
                .mint()
                .expose_secret()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(24)
                .collect()
        };
        let record = |accounts_deleted| DeletionRequest {
            code: code.clone(),
            subject_digest: self.minter.digest(&req.user_id).0,
            requested_at,
            completed_at: Some(self.clock.now()),
            accounts_deleted,
        };
        // The accounts, their audit events and the record: one unit, so the
        // status page never answers for a deletion that did not happen.
        let removed = self
            .remove_accounts(&req.user_id, AuditKind::DataDeletionCallback, ctx, |n| {
                vec![Change::InsertDeletionRequest(record(n))]
            })
            .await?;
        Ok(record(removed))
    }

    /// Meta's deauthorize callback: the user removed the app; disconnect.
    pub async fn deauthorize(
        &self,
        raw: &str,
        ctx: &RequestContext,
    ) -> Result<usize, CallbackError> {
        let req = self.check(raw)?;
        let removed = self
            .remove_accounts(&req.user_id, AuditKind::AccountDeauthorized, ctx, |_| {
                Vec::new()
            })
            .await?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }

    pub async fn status(&self, code: &str) -> Result<Option<DeletionRequest>, StoreError> {
        if code.is_empty() || code.len() > 64 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        self.deletions.deletion_request(code).await
    }
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DeletionRequestRepo: Send + Sync {
    async fn insert_deletion_request(&self, request: &DeletionRequest) -> StoreResult<()>;
    async fn deletion_request(&self, code: &str) -> StoreResult<Option<DeletionRequest>>;
}
