//! What else happens when comments arrive: a port the inbox calls with each
//! batch of comments it stored (a webhook's comment, a page of the sync),
//! so moderation (and automation) react in one place without the inbox
//! knowing them.

use async_trait::async_trait;

use super::types::CachedComment;
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
