//! The approval use cases behind client review: a decision made through a
//! review link or on the client pages is an approval or a change request
//! like any member's, with the same states, log, audit and notifications.

use std::sync::Arc;

use async_trait::async_trait;

use super::model::Reviewer;
use super::service::{ApprovalError, ApprovalService};
use crate::client_review::{PostReviewer, ReviewRefused, Reviewer as LinkReviewer};
use crate::posts::{PostId, PostState};
use crate::workspaces::{Access, WorkspaceId, WorkspaceRepo};
use crate::{RequestContext, UserId};

pub struct ApprovalsReviewer {
    approvals: ApprovalService,
    workspaces: Arc<dyn WorkspaceRepo>,
}

impl ApprovalsReviewer {
    pub fn new(approvals: ApprovalService, workspaces: Arc<dyn WorkspaceRepo>) -> Self {
        Self {
            approvals,
            workspaces,
        }
    }

    /// A link reviews in its workspace; a member with the role they have
    /// there now (a member who left decides nothing).
    async fn reviewer(&self, owner: UserId, by: &LinkReviewer) -> Result<Reviewer, ReviewRefused> {
        match by {
            LinkReviewer::Link { label, .. } => Ok(Reviewer::Link {
                owner,
                label: label.clone(),
            }),
            LinkReviewer::Member { user, .. } => {
                let ws = WorkspaceId(owner.0);
                let member = self
                    .workspaces
                    .membership(ws, *user)
                    .await
                    .map_err(|e| ReviewRefused::Failed(e.to_string()))?
                    .ok_or(ReviewRefused::NotFound)?;
                Ok(Reviewer::Member(Access {
                    user: *user,
                    workspace: ws,
                    role: member.role,
                    accounts: member.accounts,
                }))
            }
        }
    }
}

fn refused(e: ApprovalError) -> ReviewRefused {
    match e {
        ApprovalError::NotFound | ApprovalError::Forbidden(_) => ReviewRefused::NotFound,
        ApprovalError::WrongState(_) => ReviewRefused::WrongState,
        other => ReviewRefused::Failed(other.to_string()),
    }
}

#[async_trait]
impl PostReviewer for ApprovalsReviewer {
    async fn approve(
        &self,
        owner: UserId,
        post: PostId,
        by: &LinkReviewer,
        ctx: &RequestContext,
    ) -> Result<(), ReviewRefused> {
        let reviewer = self.reviewer(owner, by).await?;
        self.approvals
            .approve(&reviewer, post, ctx)
            .await
            .map(drop)
            .map_err(refused)
    }

    async fn request_changes(
        &self,
        owner: UserId,
        post: PostId,
        by: &LinkReviewer,
        note: &str,
        ctx: &RequestContext,
    ) -> Result<(), ReviewRefused> {
        let reviewer = self.reviewer(owner, by).await?;
        self.approvals
            .request_changes(&reviewer, post, note, ctx)
            .await
            .map(drop)
            .map_err(refused)
    }

    async fn hold_for_review(
        &self,
        access: &Access,
        post: PostId,
        ctx: &RequestContext,
    ) -> Result<bool, ReviewRefused> {
        match self.approvals.submit(access, post, ctx).await {
            Ok(_) | Err(ApprovalError::WrongState(PostState::InReview)) => Ok(true),
            Err(ApprovalError::NoTime | ApprovalError::WrongState(_)) => Ok(false),
            Err(e) => Err(refused(e)),
        }
    }
}
