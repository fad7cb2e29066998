//! The approval use cases: saving a post as a member (a contributor's post
//! with a time goes to review), sending for review, approving, asking for
//! changes, the expiry sweep, and the team's notes with mentions.

use std::sync::Arc;

use super::{
    ApprovalNotifier, ApprovalRepo, MAX_NOTES_PER_POST, NoteId, NoteProblem, PostNote, Reviewer,
    mentions, note_text,
};
use crate::account::{AccountId, AccountRepo};
use crate::audit::{AuditEvent, AuditKind};
use crate::notifications::{Figures, NewNotification, NotificationKind, ReviewEvent};
use crate::posts::{
    Change, Post, PostError, PostEvent, PostFilter, PostId, PostInput, PostProblem, PostService,
    PostState, UnitOfWork,
};
use crate::store_error::StoreError;
use crate::workspaces::{Access, Capability, Forbidden, WorkspaceId, WorkspaceRepo};
use crate::{Clock, RequestContext, UserId};

/// Posts in review one page (or the API) lists.
pub const MAX_QUEUE: u32 = 500;

#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    /// The member's role may not do this.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such post (or note) in the workspace, or outside the member's
    /// accounts.
    #[error("no such post")]
    NotFound,
    /// The post is not in a state this step starts from.
    #[error("a {} post cannot take this step", .0.as_str())]
    WrongState(PostState),
    /// Only a post with a time can be sent for review.
    #[error("the post has no time: pick one before sending it for review")]
    NoTime,
    #[error(transparent)]
    Note(#[from] NoteProblem),
    #[error("the post has the most notes it may have ({max})")]
    TooManyNotes { max: u32 },
    #[error(transparent)]
    Post(#[from] PostError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Clone)]
pub struct ApprovalService {
    posts: PostService,
    approvals: Arc<dyn ApprovalRepo>,
    units: Arc<dyn UnitOfWork>,
    workspaces: Arc<dyn WorkspaceRepo>,
    accounts: Arc<dyn AccountRepo>,
    notifier: Arc<dyn ApprovalNotifier>,
    clock: Arc<dyn Clock>,
}

impl ApprovalService {
    pub fn new(
        posts: PostService,
        approvals: Arc<dyn ApprovalRepo>,
        units: Arc<dyn UnitOfWork>,
        workspaces: Arc<dyn WorkspaceRepo>,
        accounts: Arc<dyn AccountRepo>,
        notifier: Arc<dyn ApprovalNotifier>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            posts,
            approvals,
            units,
            workspaces,
            accounts,
            notifier,
            clock,
        }
    }

    /// Whom a member's save sends for review: themselves when their role
    /// may not publish.
    fn review_by(access: &Access) -> Option<UserId> {
        (!access.can(Capability::Publish)).then_some(access.user)
    }

    /// The workspace's post, if the member's accounts include it.
    async fn visible(&self, access: &Access, id: PostId) -> Result<Post, ApprovalError> {
        let post = self
            .posts
            .get(access.owner(), id)
            .await
            .map_err(|e| match e {
                PostError::NotFound => ApprovalError::NotFound,
                e => e.into(),
            })?;
        if !access.sees_account(post.content.account_id) {
            return Err(ApprovalError::NotFound);
        }
        Ok(post)
    }

    /// Creates a post as the member: needs `draft`; with a time it is
    /// scheduled when the role may publish, else sent for review (and those
    /// who may approve are told).
    pub async fn create(
        &self,
        access: &Access,
        input: PostInput,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), ApprovalError> {
        access.require(Capability::Draft)?;
        if !access.sees_account(input.account_id) {
            return Err(PostError::Invalid(vec![PostProblem::AccountNotFound]).into());
        }
        let (post, warnings) = self
            .posts
            .create_reviewed(access.owner(), input, ctx, Self::review_by(access))
            .await?;
        if post.state == PostState::InReview {
            self.tell_approvers(&post, ReviewEvent::Submitted, Some(access.user))
                .await;
        }
        Ok((post, warnings))
    }

    /// Edits a post as the member: a contributor's edit with a time sends it
    /// (back) to review, even an approved one.
    pub async fn update(
        &self,
        access: &Access,
        id: PostId,
        input: PostInput,
        expected_version: Option<u32>,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), ApprovalError> {
        access.require(Capability::Draft)?;
        let before = self.visible(access, id).await?;
        if !access.sees_account(input.account_id) {
            return Err(PostError::Invalid(vec![PostProblem::AccountNotFound]).into());
        }
        let (post, warnings) = self
            .posts
            .update_reviewed(
                access.owner(),
                id,
                input,
                expected_version,
                ctx,
                Self::review_by(access),
            )
            .await?;
        if post.state == PostState::InReview && before.state != PostState::InReview {
            self.tell_approvers(&post, ReviewEvent::Submitted, Some(access.user))
                .await;
        }
        Ok((post, warnings))
    }

    /// Sends a post with a time for review (any member who may draft;
    /// those who may publish may choose to). Refused for a post already in
    /// review or past editing.
    pub async fn submit(
        &self,
        access: &Access,
        id: PostId,
        ctx: &RequestContext,
    ) -> Result<Post, ApprovalError> {
        access.require(Capability::Draft)?;
        let post = self.visible(access, id).await?;
        if post.state == PostState::InReview || !post.state.is_editable() {
            return Err(ApprovalError::WrongState(post.state));
        }
        if post.content.scheduled_at.is_none() {
            return Err(ApprovalError::NoTime);
        }
        let (post, _) = self
            .posts
            .update_reviewed(
                access.owner(),
                id,
                PostInput::from(&post.content),
                Some(post.version),
                ctx,
                Some(access.user),
            )
            .await?;
        self.tell_approvers(&post, ReviewEvent::Submitted, Some(access.user))
            .await;
        Ok(post)
    }

    /// Refuses a reviewer who may not decide on `post` (a member: 403
    /// without `approve`, not found outside their accounts).
    fn check_reviewer(reviewer: &Reviewer, post: &Post) -> Result<(), ApprovalError> {
        if let Reviewer::Member(access) = reviewer {
            access.require(Capability::Approve)?;
        }
        if !reviewer.may_decide(post.content.account_id) {
            return Err(ApprovalError::NotFound);
        }
        Ok(())
    }

    async fn reviewed_post(&self, reviewer: &Reviewer, id: PostId) -> Result<Post, ApprovalError> {
        if let Reviewer::Member(access) = reviewer {
            access.require(Capability::Approve)?;
        }
        let post = self
            .posts
            .get(reviewer.owner(), id)
            .await
            .map_err(|e| match e {
                PostError::NotFound => ApprovalError::NotFound,
                e => e.into(),
            })?;
        Self::check_reviewer(reviewer, &post)?;
        Ok(post)
    }

    async fn commit(&self, changes: Vec<Change>) -> Result<(), ApprovalError> {
        match self.units.commit(changes).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict) => Err(PostError::Conflict.into()),
            Err(e) => Err(e.into()),
        }
    }

    fn audit(&self, post: &Post, kind: AuditKind, ctx: &RequestContext, who: &str) -> Change {
        Change::InsertAudit(AuditEvent::new(
            self.clock.now(),
            Some(post.owner),
            kind,
            ctx,
            format!("{} by {who}", post.id),
        ))
    }

    /// Approves a post in review: it is scheduled (the worker starts at
    /// its lead before the time), or `expired` when its time has passed.
    /// The approver need not differ from the author.
    pub async fn approve(
        &self,
        reviewer: &Reviewer,
        id: PostId,
        ctx: &RequestContext,
    ) -> Result<Post, ApprovalError> {
        let mut post = self.reviewed_post(reviewer, id).await?;
        if post.state != PostState::InReview {
            return Err(ApprovalError::WrongState(post.state));
        }
        let now = self.clock.now();
        let start = self.posts.start_for(&post).await?.unwrap_or(now);
        post.approve(start, now)
            .map_err(|e| ApprovalError::WrongState(e.from))?;
        post.version += 1;
        post.updated_at = now;
        let who = reviewer.describe();
        let mut changes = vec![Change::UpdatePost(post.clone())];
        let event = if post.state == PostState::Expired {
            changes.push(self.posts.log_change(id, PostEvent::Expired, who.clone()));
            changes.push(self.audit(&post, AuditKind::PostExpired, ctx, &who));
            ReviewEvent::Expired
        } else {
            changes.push(self.posts.log_change(id, PostEvent::Approved, who.clone()));
            changes.push(self.audit(&post, AuditKind::PostApproved, ctx, &who));
            changes.extend(self.posts.after_arm(&post, ctx));
            ReviewEvent::Approved
        };
        self.commit(changes).await?;
        self.tell_author(&post, event, reviewer.user()).await;
        Ok(post)
    }

    /// Sends a post in review back to its author with `note` (1–2,000
    /// characters), kept as the post's reason until it is edited.
    pub async fn request_changes(
        &self,
        reviewer: &Reviewer,
        id: PostId,
        note: &str,
        ctx: &RequestContext,
    ) -> Result<Post, ApprovalError> {
        let note = note_text(note)?;
        let mut post = self.reviewed_post(reviewer, id).await?;
        if post.state != PostState::InReview {
            return Err(ApprovalError::WrongState(post.state));
        }
        let now = self.clock.now();
        post.request_changes(note)
            .map_err(|e| ApprovalError::WrongState(e.from))?;
        post.version += 1;
        post.updated_at = now;
        let who = reviewer.describe();
        self.commit(vec![
            Change::UpdatePost(post.clone()),
            self.posts
                .log_change(id, PostEvent::ChangesRequested, who.clone()),
            self.audit(&post, AuditKind::PostChangesRequested, ctx, &who),
        ])
        .await?;
        self.tell_author(&post, ReviewEvent::ChangesRequested, reviewer.user())
            .await;
        Ok(post)
    }

    /// The worker's sweep: every post still in review (or waiting for its
    /// author's changes) at its time becomes `expired`, up to `limit` per
    /// pass. Each move is conditional on the version read, so of two
    /// workers (or a worker and an approver) exactly one wins; the loser
    /// skips the post. Returns how many this pass expired.
    pub async fn expire_overdue(&self, limit: u32) -> Result<u32, StoreError> {
        let now = self.clock.now();
        let ctx = RequestContext::new("worker", None);
        let mut expired = 0;
        for mut post in self.approvals.overdue_reviews(now, limit).await? {
            if post.expire().is_err() {
                continue;
            }
            post.version += 1;
            post.updated_at = now;
            let changes = vec![
                Change::UpdatePost(post.clone()),
                self.posts
                    .log_change(post.id, PostEvent::Expired, "not approved in time".into()),
                self.audit(&post, AuditKind::PostExpired, &ctx, "the expiry sweep"),
            ];
            match self.units.commit(changes).await {
                Ok(()) => {
                    expired += 1;
                    self.tell_author(&post, ReviewEvent::Expired, None).await;
                    self.tell_approvers(&post, ReviewEvent::Expired, None).await;
                }
                Err(StoreError::Conflict) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(expired)
    }

    /// The posts waiting for review that the member may decide on, by time.
    pub async fn queue(&self, access: &Access) -> Result<Vec<Post>, ApprovalError> {
        access.require(Capability::Approve)?;
        let filter = PostFilter {
            states: vec![PostState::InReview],
            limit: MAX_QUEUE,
            ..PostFilter::default()
        };
        let posts = self.posts.list(access.owner(), &filter).await?;
        Ok(posts
            .into_iter()
            .filter(|p| access.sees_account(p.content.account_id))
            .collect())
    }

    /// How many posts wait for the member's review (0 for a role that may
    /// not approve): the navigation's count.
    pub async fn queue_count(&self, access: &Access) -> usize {
        if !access.can(Capability::Approve) {
            return 0;
        }
        match self.queue(access).await {
            Ok(posts) => posts.len(),
            Err(e) => {
                tracing::warn!(error = %e, "cannot count the posts in review");
                0
            }
        }
    }

    /// The team's notes on a post (members who may view; clients never).
    pub async fn notes(
        &self,
        access: &Access,
        post: PostId,
    ) -> Result<Vec<PostNote>, ApprovalError> {
        access.require(Capability::View)?;
        self.visible(access, post).await?;
        Ok(self.approvals.post_notes(access.owner(), post).await?)
    }

    /// Adds a note (members who may draft); the workspace members it
    /// mentions by `@username` are told.
    pub async fn add_note(
        &self,
        access: &Access,
        post: PostId,
        body: &str,
    ) -> Result<PostNote, ApprovalError> {
        access.require(Capability::Draft)?;
        let body = note_text(body)?;
        let target = self.visible(access, post).await?;
        let note = PostNote {
            id: NoteId::new(),
            post,
            owner: access.owner(),
            author: Some(access.user),
            author_name: None,
            body,
            created_at: self.clock.now(),
        };
        if !self
            .approvals
            .insert_post_note(&note, MAX_NOTES_PER_POST)
            .await?
        {
            return Err(ApprovalError::TooManyNotes {
                max: MAX_NOTES_PER_POST,
            });
        }
        let named = mentions(&note.body);
        if !named.is_empty() && !access.is_personal() {
            let members = self.workspaces.members(access.workspace).await?;
            for m in members {
                let mentioned = named.iter().any(|n| n.eq_ignore_ascii_case(&m.username));
                if mentioned
                    && m.user != access.user
                    && m.role.can(Capability::View)
                    && m.accounts.allows(target.content.account_id)
                {
                    self.send(
                        m.user,
                        &target,
                        ReviewEvent::Mentioned,
                        &format!("mention:{}", note.id),
                    )
                    .await;
                }
            }
        }
        Ok(note)
    }

    /// Deletes a note the member wrote.
    pub async fn delete_note(
        &self,
        access: &Access,
        post: PostId,
        id: NoteId,
    ) -> Result<(), ApprovalError> {
        access.require(Capability::View)?;
        self.visible(access, post).await?;
        if self
            .approvals
            .delete_post_note(access.owner(), post, id, access.user)
            .await?
        {
            Ok(())
        } else {
            Err(ApprovalError::NotFound)
        }
    }

    /// The workspace's members' usernames (who sent a post for review);
    /// empty for a personal workspace.
    pub async fn member_names(&self, access: &Access) -> Vec<(UserId, String)> {
        if access.is_personal() {
            return Vec::new();
        }
        match self.workspaces.members(access.workspace).await {
            Ok(members) => members.into_iter().map(|m| (m.user, m.username)).collect(),
            Err(e) => {
                tracing::warn!(error = %e, "cannot list the workspace's members");
                Vec::new()
            }
        }
    }

    /// Every note `user` wrote (their privacy export).
    pub async fn notes_by(&self, user: UserId) -> Result<Vec<PostNote>, StoreError> {
        self.approvals.notes_by_author(user).await
    }

    /// Those who may approve the workspace's posts of `account`: in a
    /// personal workspace its user; in a shared one each member whose role
    /// may approve and who sees the account. `except` (the one acting) is
    /// left out.
    async fn approvers(
        &self,
        owner: UserId,
        account: AccountId,
        except: Option<UserId>,
    ) -> Vec<UserId> {
        let ws = WorkspaceId(owner.0);
        let shared = match self.workspaces.workspace(ws).await {
            Ok(Some(w)) => !w.personal,
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the workspace to notify approvers");
                return Vec::new();
            }
        };
        let users = if shared {
            match self.workspaces.members(ws).await {
                Ok(members) => members
                    .into_iter()
                    .filter(|m| m.role.can(Capability::Approve) && m.accounts.allows(account))
                    .map(|m| m.user)
                    .collect(),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the members to notify approvers");
                    Vec::new()
                }
            }
        } else {
            vec![owner]
        };
        users.into_iter().filter(|u| Some(*u) != except).collect()
    }

    async fn tell_approvers(&self, post: &Post, event: ReviewEvent, except: Option<UserId>) {
        let key = format!("{}:{}:{}", event.as_str(), post.id.0, post.version);
        for user in self
            .approvers(post.owner, post.content.account_id, except)
            .await
        {
            self.send(user, post, event, &key).await;
        }
    }

    async fn tell_author(&self, post: &Post, event: ReviewEvent, actor: Option<UserId>) {
        if let Some(author) = post.submitted_by.filter(|a| Some(*a) != actor) {
            let key = format!("{}:{}:{}", event.as_str(), post.id.0, post.version);
            self.send(author, post, event, &key).await;
        }
    }

    async fn send(&self, to: UserId, post: &Post, event: ReviewEvent, key: &str) {
        let subject = match self
            .accounts
            .account(post.owner, post.content.account_id)
            .await
        {
            Ok(Some(a)) => a.profile.username,
            _ => String::new(),
        };
        self.notifier
            .notify(NewNotification {
                owner: to,
                account: Some(post.content.account_id),
                kind: NotificationKind::Approval,
                dedupe_key: format!("approval:{key}"),
                subject,
                link: format!("/content/{}", post.id.0),
                figures: Figures {
                    review: Some(event),
                    ..Figures::default()
                },
            })
            .await;
    }
}
