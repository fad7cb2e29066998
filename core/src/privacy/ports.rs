//! The storage port of the privacy features (implemented by every store).

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::UserId;
use crate::audit::AuditEvent;
use crate::privacy::AuditFilter;
use crate::session::Session;
use crate::storage::StoreResult;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PrivacyRepo: Send + Sync {
    /// The policy version the user last acknowledged, if any.
    async fn acknowledged_policy(&self, user: UserId) -> StoreResult<Option<String>>;
    /// Records (or replaces) the user's acknowledgement.
    async fn acknowledge_policy(
        &self,
        user: UserId,
        version: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The user's live sessions, newest first (for the data export).
    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>>;
    /// Audit events matching the filter, newest first (admins; the caller
    /// checks the role).
    async fn search_audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEvent>>;
    /// Deletes the user, everything that references them (by cascade) and
    /// the throttle records keyed by their username, in one transaction.
    async fn erase_user(&self, user: UserId, username: &str) -> StoreResult<bool>;
}
