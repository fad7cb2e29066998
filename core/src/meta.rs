//! Meta's callbacks: the data deletion request and the deauthorization,
//! both sent as a `signed_request` (HMAC-SHA256 with the app secret).

use std::sync::Arc;

use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use crate::account::{AccountId, AccountRepo};
use crate::audit::{AuditEvent, AuditKind, AuditRepo};
use crate::crypto::SecretMinter;
use crate::store_error::{StoreError, StoreResult};
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

/// A deletion request as the status page shows it.
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
    audit: Arc<dyn AuditRepo>,
    deletions: Arc<dyn DeletionRequestRepo>,
    verifier: Arc<dyn SignedRequestVerifier>,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
}

impl MetaCallbacks {
    pub fn new(
        accounts: Arc<dyn AccountRepo>,
        audit: Arc<dyn AuditRepo>,
        deletions: Arc<dyn DeletionRequestRepo>,
        verifier: Arc<dyn SignedRequestVerifier>,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            accounts,
            audit,
            deletions,
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

    /// Deletes every account connected under this Instagram user and its
    /// data (the token, cached comments, messages, snapshots follow by
    /// cascade). Returns the account ids removed.
    async fn remove_accounts(
        &self,
        user_id: &str,
        kind: AuditKind,
        ctx: &RequestContext,
    ) -> Result<Vec<AccountId>, StoreError> {
        let removed = self
            .accounts
            .delete_accounts_by_app_scoped_id(user_id)
            .await?;
        for (_, owner, username) in &removed {
            let event = AuditEvent::new(self.clock.now(), Some(*owner), kind, ctx, username);
            self.audit.insert_audit(&event).await?;
        }
        Ok(removed.into_iter().map(|(id, _, _)| id).collect())
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
        let removed = self
            .remove_accounts(&req.user_id, AuditKind::DataDeletionCallback, ctx)
            .await?;
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
        let record = DeletionRequest {
            code,
            subject_digest: self.minter.digest(&req.user_id).0,
            requested_at,
            completed_at: Some(self.clock.now()),
            accounts_deleted: removed.len() as u64,
        };
        self.deletions.insert_deletion_request(&record).await?;
        Ok(record)
    }

    /// Meta's deauthorize callback: the user removed the app; disconnect.
    pub async fn deauthorize(
        &self,
        raw: &str,
        ctx: &RequestContext,
    ) -> Result<usize, CallbackError> {
        let req = self.check(raw)?;
        Ok(self
            .remove_accounts(&req.user_id, AuditKind::AccountDeauthorized, ctx)
            .await?
            .len())
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
