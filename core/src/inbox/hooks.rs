//! What else happens when comments arrive: a port the inbox calls with each
//! batch of comments it stored (a webhook's comment, a page of the sync),
//! so moderation (and automation) react in one place without the inbox
//! knowing them.

use async_trait::async_trait;

use super::types::{CachedComment, CachedMessage};
use crate::account::Account;
use crate::store_error::StoreResult;

/// Told about every batch of comments the inbox stored for `account`. A
/// hook handles Instagram's refusals itself; only a storage failure comes
/// back (the webhook or sync then fails and is repeated).
#[async_trait]
pub trait CommentsHook: Send + Sync {
    async fn comments_stored(
        &self,
        account: &Account,
        comments: &[CachedComment],
    ) -> StoreResult<()>;
}

/// Told about what a sync found: each page of comments and each
/// conversation's messages, after they were stored. Only the sync calls it
/// (a webhook's events go to automation on their own path), so automation
/// can answer what arrived without a webhook. Like [`CommentsHook`], only
/// a storage failure comes back.
#[async_trait]
pub trait SyncHook: Send + Sync {
    async fn synced(
        &self,
        account: &Account,
        comments: &[CachedComment],
        messages: &[CachedMessage],
    ) -> StoreResult<()>;
}
