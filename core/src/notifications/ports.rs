use async_trait::async_trait;
use time::OffsetDateTime;

use super::{EmailDelivery, Notification, NotificationId, NotificationPrefs};
use crate::UserId;
use crate::account::AccountId;
use crate::store_error::StoreResult;

/// Notifications and preferences. Reads and marks are scoped to the owner;
/// the e-mail queue methods serve the worker across users.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait NotificationRepo: Send + Sync {
    /// Inserts unless the owner already has one with its dedupe key (then
    /// false: the producer ran before). Then drops the owner's oldest
    /// beyond `cap` whose e-mail is not pending; one atomic step.
    async fn insert_notification(&self, n: &Notification, cap: u32) -> StoreResult<bool>;
    /// The owner's in-app notifications, newest first, at most `limit`.
    async fn notifications(&self, owner: UserId, limit: u32) -> StoreResult<Vec<Notification>>;
    /// In-app notifications not read yet.
    async fn unread_notifications(&self, owner: UserId) -> StoreResult<u32>;
    /// False when there is no such notification of the owner's unread.
    async fn mark_notification_read(
        &self,
        owner: UserId,
        id: NotificationId,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn mark_all_notifications_read(
        &self,
        owner: UserId,
        at: OffsetDateTime,
    ) -> StoreResult<u64>;
    async fn notification_prefs(&self, owner: UserId) -> StoreResult<Option<NotificationPrefs>>;
    async fn save_notification_prefs(&self, prefs: &NotificationPrefs) -> StoreResult<()>;
    /// Takes up to `limit` pending e-mails due at `now` whose lease is free
    /// or expired, leasing each to `worker` until `lease_until`. Each row is
    /// taken by a conditional update, so two workers never hold one.
    async fn claim_due_emails(
        &self,
        now: OffsetDateTime,
        worker: &str,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Notification>>;
    /// Records the outcome of a claimed e-mail and frees its lease; false
    /// when `worker` no longer holds it.
    async fn finish_email(
        &self,
        id: NotificationId,
        worker: &str,
        outcome: EmailDelivery,
    ) -> StoreResult<bool>;
    /// Deletes notifications created before `before` whose e-mail is not
    /// pending (the retention job).
    async fn purge_notifications(&self, before: OffsetDateTime) -> StoreResult<u64>;
    /// Accounts whose token stopped working, with their owner and
    /// @username (the reconnect producer; not owner-scoped on purpose).
    async fn accounts_to_reconnect(&self) -> StoreResult<Vec<(AccountId, UserId, String)>>;
}
