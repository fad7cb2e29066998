//! Where review links are kept, and the approval use cases a decision is
//! handed to.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::link::{Decision, ReviewLink, ReviewLinkId};
use crate::crypto::TokenDigest;
use crate::posts::PostId;
use crate::store_error::StoreResult;
use crate::workspaces::Access;
use crate::{RequestContext, UserId};

/// The outcome of storing a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Stored,
    /// The workspace already has `max` working links.
    TooMany,
    /// A post is not (or no longer) the workspace's.
    PostMissing,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ReviewLinkRepo: Send + Sync {
    /// Stores a link and its posts in one transaction, unless one of the
    /// posts is not the owner's or the owner already has `max` links
    /// working at `now` (counted and inserted atomically).
    async fn insert_review_link(
        &self,
        link: &ReviewLink,
        max: u32,
        now: OffsetDateTime,
    ) -> StoreResult<InsertOutcome>;
    /// The owner's links, newest first (revoked and expired ones too), each
    /// with its posts still existing.
    async fn review_links(&self, owner: UserId) -> StoreResult<Vec<ReviewLink>>;
    async fn review_link(&self, owner: UserId, id: ReviewLinkId)
    -> StoreResult<Option<ReviewLink>>;
    async fn review_link_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ReviewLink>>;
    /// Marks the owner's link revoked at `now`; false when there is no such
    /// link or it already was.
    async fn revoke_review_link(
        &self,
        owner: UserId,
        id: ReviewLinkId,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Counts one decision of the link in its hourly window (a new window
    /// starts when the last began an hour or more before `now`); false, and
    /// nothing counted, when the window already holds `max`. One atomic
    /// statement: parallel requests never pass the limit.
    async fn take_decision_slot(
        &self,
        id: ReviewLinkId,
        now: OffsetDateTime,
        max: u32,
    ) -> StoreResult<bool>;
    /// Records the decision about one of the link's posts (replacing an
    /// earlier one); false when the post is not in the link.
    async fn record_decision(&self, decision: &Decision) -> StoreResult<bool>;
    /// The decisions made through the link, in the link's post order.
    async fn decisions(&self, id: ReviewLinkId) -> StoreResult<Vec<Decision>>;
}

/// Who decides: a member of the workspace (role with `approve`), or a
/// client through a review link (known by the link's label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reviewer {
    Member { user: UserId, username: String },
    Link { id: ReviewLinkId, label: String },
}

impl Reviewer {
    /// How the reviewer is named in logs and the audit: the username, or
    /// the link's label.
    pub fn name(&self) -> &str {
        match self {
            Reviewer::Member { username, .. } => username,
            Reviewer::Link { label, .. } => label,
        }
    }
}

/// Why the approval use case refused a decision.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewRefused {
    #[error("no such post")]
    NotFound,
    /// The post is past reviewing (published, publishing, …).
    #[error("the post cannot be reviewed in its state")]
    WrongState,
    #[error("{0}")]
    Failed(String),
}

/// The approval use cases a decision is handed to: "approve post as
/// reviewer X", "request changes with a note as reviewer X". Implemented by
/// the approvals module (`crate::approvals::ApprovalsReviewer`).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PostReviewer: Send + Sync {
    async fn approve(
        &self,
        owner: UserId,
        post: PostId,
        by: &Reviewer,
        ctx: &RequestContext,
    ) -> Result<(), ReviewRefused>;
    async fn request_changes(
        &self,
        owner: UserId,
        post: PostId,
        by: &Reviewer,
        note: &str,
        ctx: &RequestContext,
    ) -> Result<(), ReviewRefused>;
    /// Sends the member's post for review, so that it is published only
    /// once approved. True when the post now waits for review (it was sent,
    /// or already waited); false when it cannot be (no time, or past
    /// editing).
    async fn hold_for_review(
        &self,
        access: &Access,
        post: PostId,
        ctx: &RequestContext,
    ) -> Result<bool, ReviewRefused>;
}
