//! What the queue needs from storage: an account's weekly slots, the times
//! its posts already take, and its calendar feed's secret (as a digest).

use async_trait::async_trait;
use time::OffsetDateTime;

use super::slots::QueueSlot;
use crate::UserId;
use crate::account::AccountId;
use crate::crypto::TokenDigest;
use crate::posts::{PostId, PostState};
use crate::store_error::StoreResult;

/// States in which a post holds its time: a slot at that time is taken.
/// (Drafts have no time; failed and cancelled posts gave theirs up.)
pub const TAKING_STATES: [PostState; 6] = [
    PostState::Scheduled,
    PostState::Preparing,
    PostState::Ready,
    PostState::Publishing,
    PostState::Published,
    PostState::Verify,
];

/// At most this many taken times are read for one search.
pub const MAX_TAKEN: u32 = 5_000;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait QueueRepo: Send + Sync {
    /// The owner's account's slots, Monday first then by time.
    async fn queue_slots(&self, owner: UserId, account: AccountId) -> StoreResult<Vec<QueueSlot>>;
    /// Replaces the account's slots with `slots` in one transaction. False
    /// when the account is not the owner's.
    async fn replace_queue_slots(
        &self,
        owner: UserId,
        account: AccountId,
        slots: &[QueueSlot],
    ) -> StoreResult<bool>;
    /// The scheduled times in `[from, to)` of the account's posts in a
    /// [`TAKING_STATES`] state, other than `except`, oldest first, at most
    /// `limit`.
    async fn taken_times(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        to: OffsetDateTime,
        except: Option<PostId>,
        limit: u32,
    ) -> StoreResult<Vec<OffsetDateTime>>;
}

/// An account's subscribable calendar. Only the digest of its secret URL
/// is kept; one per account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    pub owner: UserId,
    pub account_id: AccountId,
    pub digest: TokenDigest,
    pub created_at: OffsetDateTime,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait CalendarFeedRepo: Send + Sync {
    async fn calendar_feed(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<CalendarFeed>>;
    async fn calendar_feed_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> StoreResult<Option<CalendarFeed>>;
    /// Creates the account's feed or replaces its secret (the old one stops
    /// working at once). False when the account is not the owner's.
    async fn put_calendar_feed(&self, feed: &CalendarFeed) -> StoreResult<bool>;
    /// Deletes the account's feed; false when there was none.
    async fn delete_calendar_feed(&self, owner: UserId, account: AccountId) -> StoreResult<bool>;
}
