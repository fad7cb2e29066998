//! Where workspaces, memberships and invitations are kept.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::model::{AccountScope, Invitation, InvitationId, Member, Workspace, WorkspaceId};
use super::role::MemberRole;
use crate::crypto::TokenDigest;
use crate::store_error::StoreResult;
use crate::{User, UserId};

/// The outcome of a change to a membership that must keep an owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChange {
    Done,
    /// No such member in that workspace.
    NotFound,
    /// It would leave the workspace without an owner (checked in the same
    /// transaction as the change, so two admins cannot race past it).
    LastOwner,
}

/// The outcome of accepting an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The user is now a member (or already was: their role is kept).
    Joined(Member),
    /// Unknown digest, used, revoked or expired: nothing happened.
    Invalid,
    /// The workspace already has the most members it may have.
    Full,
}

/// What every page's header shows of a person: the workspaces of its
/// switcher and the bell's count. Read together — one statement on SQL for
/// anyone with a membership (everyone who signs in) — because every page
/// needs both; so the workspace store also counts notifications here, and
/// a failed read loses the switcher and the count together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderFacts {
    /// As [`WorkspaceRepo::workspaces_of`]: personal first, then by name.
    pub workspaces: Vec<(Workspace, MemberRole)>,
    /// Unread in-app notifications, as
    /// [`crate::notifications::NotificationRepo::unread_notifications`].
    pub unread: u32,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait WorkspaceRepo: Send + Sync {
    /// Creates a shared workspace in one transaction: its principal row in
    /// `users` (`principal`, role `workspace`), the workspace, and `owner`
    /// as its first member. False (nothing stored) when `owner` already
    /// created `max` shared workspaces.
    async fn create_workspace(
        &self,
        principal: &User,
        workspace: &Workspace,
        owner: UserId,
        max: u32,
    ) -> StoreResult<bool>;
    async fn workspace(&self, id: WorkspaceId) -> StoreResult<Option<Workspace>>;
    /// The workspaces `user` belongs to with their role, personal first,
    /// then by name.
    async fn workspaces_of(&self, user: UserId) -> StoreResult<Vec<(Workspace, MemberRole)>>;
    /// `user`'s workspaces and unread notifications in one read (see
    /// [`HeaderFacts`]).
    async fn header_of(&self, user: UserId) -> StoreResult<HeaderFacts>;
    async fn rename_workspace(&self, id: WorkspaceId, name: &str) -> StoreResult<bool>;
    /// The membership of `user` in `workspace`, if any.
    async fn membership(&self, workspace: WorkspaceId, user: UserId)
    -> StoreResult<Option<Member>>;
    /// Every member, owners first, then by username.
    async fn members(&self, workspace: WorkspaceId) -> StoreResult<Vec<Member>>;
    /// Changes a member's role and account scope.
    async fn set_member(
        &self,
        workspace: WorkspaceId,
        user: UserId,
        role: MemberRole,
        accounts: &AccountScope,
    ) -> StoreResult<MemberChange>;
    async fn remove_member(
        &self,
        workspace: WorkspaceId,
        user: UserId,
    ) -> StoreResult<MemberChange>;
    /// Shared workspaces where `user` is the only owner.
    async fn sole_owned_workspaces(&self, user: UserId) -> StoreResult<Vec<Workspace>>;
    /// Stores an invitation unless the workspace already has `max_open` open
    /// ones at `now` (counted and inserted atomically); false then.
    async fn insert_invitation(
        &self,
        invitation: &Invitation,
        max_open: u32,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// The workspace's invitations, newest first (used and revoked ones too).
    async fn invitations(&self, workspace: WorkspaceId) -> StoreResult<Vec<Invitation>>;
    async fn invitation_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Invitation>>;
    /// Uses an open invitation for `user` in one transaction: marks it used
    /// (only if still open at `now`) and adds the membership, unless the
    /// workspace has `max_members` already.
    async fn accept_invitation(
        &self,
        digest: &TokenDigest,
        user: UserId,
        now: OffsetDateTime,
        max_members: u32,
    ) -> StoreResult<Accepted>;
    /// Revokes an invitation that is still unused; false otherwise.
    async fn revoke_invitation(
        &self,
        workspace: WorkspaceId,
        id: InvitationId,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
}
