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

/// Told how each post the publisher finishes ended (outgoing webhooks'
/// `post.published` and `post.failed`): after the post is saved, so a crash
/// before the call loses the notice, never the post.
#[async_trait]
pub trait PostOutcomeHook: Send + Sync {
    /// The post is published (its permalink read when Instagram gave it).
    async fn post_published(&self, post: &super::Post);
    /// The post failed; `post.reason` says why.
    async fn post_failed(&self, post: &super::Post);
}
