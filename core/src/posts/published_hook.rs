//! Told when the publisher has published a post: automation binds its
//! "next published post" rules to the new media id.

use async_trait::async_trait;

use crate::account::AccountId;

#[async_trait]
pub trait PublishedHook: Send + Sync {
    /// Called once the post is recorded as published; failures are the
    /// hook's to log (publishing has succeeded whatever it does).
    async fn published(&self, account: AccountId, media_id: &str);
}
