//! Running a workspace: creating, renaming and deleting shared workspaces,
//! and changing, removing and losing members. Every use case checks the
//! acting member's role here, whatever the route in front of it checked
//! already (defence in depth).

use std::sync::Arc;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::account::AccountRepo;
use crate::audit::{AuditEvent, AuditKind, AuditRepo};
use crate::crypto::SecretMinter;
use crate::notifications::Mailer;
use crate::password::PasswordHash;
use crate::privacy::{AccountEraser, ErasureError, ErasureReport};
use crate::store_error::StoreError;
use crate::user::{Role, UserRepo};
use crate::workspaces::{
    Access, AccountScope, Forbidden, MAX_MEMBER_ACCOUNTS, MAX_WORKSPACES_PER_USER, Member,
    NameProblem, Workspace, WorkspaceId, workspace_name,
};
use crate::workspaces::{Capability, MemberRole};
use crate::workspaces::{MemberChange, WorkspaceRepo};
use crate::{Clock, RequestContext, User, UserId, Username};

/// Why a workspace use case refused. Each maps to one HTTP status and one
/// translated message in the app.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// Not a member of that workspace (or no such workspace): 404, so a
    /// stranger learns nothing about it.
    #[error("no such workspace")]
    NotMember,
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// An admin touching an owner, or anyone giving a role above their own.
    #[error("the role {by} may not give or take the role {target}")]
    MayNotAssign {
        by: &'static str,
        target: &'static str,
    },
    /// A personal workspace belongs to its person: it has no other owner,
    /// its person cannot be changed or removed, and it is not deleted on
    /// its own (it goes with the account).
    #[error("a personal workspace has exactly one owner, its person")]
    Personal,
    #[error(transparent)]
    Name(#[from] NameProblem),
    #[error("a user may create at most {max} workspaces")]
    TooManyWorkspaces { max: u32 },
    /// The typed name does not match the workspace's name.
    #[error("type the workspace's name to confirm")]
    ConfirmationMismatch,
    #[error("no such member")]
    MemberNotFound,
    /// The change would leave the workspace without an owner.
    #[error("a workspace keeps at least one owner")]
    LastOwner,
    /// A client needs a list of accounts.
    #[error("a client must be given the accounts they review")]
    AccountsRequired,
    #[error("a member may be limited to at most {max} accounts")]
    TooManyAccounts { max: usize },
    /// An account id that is not one of the workspace's accounts.
    #[error("an account is not in this workspace")]
    UnknownAccount,
    #[error("an invitation is valid for 1 to {max} days")]
    Days { max: i64 },
    #[error("not an e-mail address")]
    Email,
    #[error("a workspace has at most {max} open invitations")]
    TooManyInvitations { max: u32 },
    #[error("no such invitation")]
    InvitationNotFound,
    /// Unknown, used, revoked or expired link.
    #[error("this invitation link is not valid any more")]
    InvitationInvalid,
    #[error("the workspace already has the most members it may have")]
    WorkspaceFull,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Erasure(#[from] ErasureError),
}

/// The management use cases of workspaces.
#[derive(Clone)]
pub struct WorkspaceAdmin {
    pub(super) repo: Arc<dyn WorkspaceRepo>,
    pub(super) users: Arc<dyn UserRepo>,
    pub(super) accounts: Arc<dyn AccountRepo>,
    pub(super) audit: Arc<dyn AuditRepo>,
    pub(super) eraser: AccountEraser,
    pub(super) minter: Arc<dyn SecretMinter>,
    pub(super) clock: Arc<dyn Clock>,
    /// Invitations by e-mail, with links under the public address.
    pub(super) mail: Option<(Arc<dyn Mailer>, String)>,
}

impl WorkspaceAdmin {
    pub fn new(
        repo: Arc<dyn WorkspaceRepo>,
        users: Arc<dyn UserRepo>,
        accounts: Arc<dyn AccountRepo>,
        audit: Arc<dyn AuditRepo>,
        eraser: AccountEraser,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            repo,
            users,
            accounts,
            audit,
            eraser,
            minter,
            clock,
            mail: None,
        }
    }

    /// Invitations may also be e-mailed (SMTP configured); links start with
    /// `public_url`.
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>, public_url: &str) -> Self {
        self.mail = Some((mailer, public_url.trim_end_matches('/').to_string()));
        self
    }

    pub fn mail_enabled(&self) -> bool {
        self.mail.is_some()
    }

    /// What `user` may do in `workspace`: [`TeamError::NotMember`] when they
    /// are not a member (the REST routes name the workspace in the path).
    pub async fn access_to(
        &self,
        user: UserId,
        workspace: WorkspaceId,
    ) -> Result<Access, TeamError> {
        if workspace == WorkspaceId::personal(user) {
            return Ok(Access::personal(user));
        }
        let m = self
            .repo
            .membership(workspace, user)
            .await?
            .ok_or(TeamError::NotMember)?;
        Ok(Access {
            user,
            workspace,
            role: m.role,
            accounts: m.accounts,
        })
    }

    /// The workspace `by` works in (every member may read its name).
    pub async fn workspace(&self, by: &Access) -> Result<Workspace, TeamError> {
        self.repo
            .workspace(by.workspace)
            .await?
            .ok_or(TeamError::NotMember)
    }

    /// Creates a shared workspace with `creator` as its owner: a principal
    /// that never signs in (an unusable password hash), in the creator's
    /// language and time zone.
    pub async fn create(
        &self,
        creator: &User,
        name: &str,
        ctx: &RequestContext,
    ) -> Result<Workspace, TeamError> {
        let name = workspace_name(name)?;
        let now = self.clock.now();
        let id = Uuid::now_v7();
        let principal = User {
            id: UserId(id),
            username: Username::for_workspace(id),
            // Not a hash any hasher accepts: no password signs in as it.
            password_hash: PasswordHash("!workspace".into()),
            role: Role::Workspace,
            language: creator.language,
            time_zone: creator.time_zone.clone(),
            created_at: now,
            updated_at: now,
        };
        let ws = Workspace {
            id: WorkspaceId(id),
            name,
            personal: false,
            created_at: now,
        };
        if !self
            .repo
            .create_workspace(&principal, &ws, creator.id, MAX_WORKSPACES_PER_USER)
            .await?
        {
            return Err(TeamError::TooManyWorkspaces {
                max: MAX_WORKSPACES_PER_USER,
            });
        }
        self.record(creator.id, AuditKind::WorkspaceCreated, ctx, &ws.name)
            .await;
        Ok(ws)
    }

    /// Renames the workspace (members managers).
    pub async fn rename(
        &self,
        by: &Access,
        name: &str,
        ctx: &RequestContext,
    ) -> Result<Workspace, TeamError> {
        by.require(Capability::ManageMembers)?;
        let name = workspace_name(name)?;
        let mut ws = self.workspace(by).await?;
        if !self.repo.rename_workspace(ws.id, &name).await? {
            return Err(TeamError::NotMember);
        }
        let detail = format!("{} → {}", ws.name, name);
        ws.name = name;
        self.record(by.user, AuditKind::WorkspaceRenamed, ctx, &detail)
            .await;
        Ok(ws)
    }

    /// Deletes a shared workspace and everything it owns, exactly like an
    /// account erasure (its media files leave the media store, its
    /// Instagram accounts are disconnected). Owners only, after typing the
    /// workspace's name. A personal workspace goes with its account only.
    pub async fn delete(
        &self,
        by: &Access,
        typed_name: &str,
        ctx: &RequestContext,
    ) -> Result<ErasureReport, TeamError> {
        by.require(Capability::Own)?;
        let ws = self.workspace(by).await?;
        if ws.personal {
            return Err(TeamError::Personal);
        }
        if typed_name.trim() != ws.name {
            return Err(TeamError::ConfirmationMismatch);
        }
        let principal = self
            .users
            .user_by_id(ws.id.owner())
            .await?
            .ok_or(TeamError::NotMember)?;
        let report = self.eraser.erase(&principal, "workspace deleted").await?;
        self.record(by.user, AuditKind::WorkspaceDeleted, ctx, &ws.name)
            .await;
        Ok(report)
    }

    /// Every member, owners first (any member may see who else is in it).
    pub async fn members(&self, by: &Access) -> Result<Vec<Member>, TeamError> {
        Ok(self.repo.members(by.workspace).await?)
    }

    /// Gives `user` another role and account scope. Admins manage every
    /// role below owner; owners everyone (transfer = make another owner,
    /// then step down). The last owner cannot be demoted.
    pub async fn change_member(
        &self,
        by: &Access,
        user: UserId,
        role: MemberRole,
        accounts: AccountScope,
        ctx: &RequestContext,
    ) -> Result<Member, TeamError> {
        by.require(Capability::ManageMembers)?;
        let ws = self.workspace(by).await?;
        let target = self
            .repo
            .membership(ws.id, user)
            .await?
            .ok_or(TeamError::MemberNotFound)?;
        if ws.personal && (user.0 == ws.id.0 || role == MemberRole::Owner) {
            return Err(TeamError::Personal);
        }
        for r in [target.role, role] {
            if !by.role.may_assign(r) {
                return Err(TeamError::MayNotAssign {
                    by: by.role.as_str(),
                    target: r.as_str(),
                });
            }
        }
        let accounts = self.checked_scope(ws.id, role, accounts).await?;
        match self.repo.set_member(ws.id, user, role, &accounts).await? {
            MemberChange::Done => {}
            MemberChange::NotFound => return Err(TeamError::MemberNotFound),
            MemberChange::LastOwner => return Err(TeamError::LastOwner),
        }
        let scope = match &accounts {
            AccountScope::All => String::new(),
            AccountScope::Only(ids) => format!(", {} accounts", ids.len()),
        };
        let detail = format!(
            "{}: {} {} → {}{scope}",
            ws.name,
            target.username,
            target.role.as_str(),
            role.as_str()
        );
        self.record(by.user, AuditKind::MemberRoleChanged, ctx, &detail)
            .await;
        Ok(Member {
            role,
            accounts,
            ..target
        })
    }

    /// Removes another member (their own work stays: it belongs to the
    /// workspace). Removing oneself is [`Self::leave`].
    pub async fn remove_member(
        &self,
        by: &Access,
        user: UserId,
        ctx: &RequestContext,
    ) -> Result<(), TeamError> {
        if user == by.user {
            return self.leave(by, ctx).await;
        }
        by.require(Capability::ManageMembers)?;
        let ws = self.workspace(by).await?;
        let target = self
            .repo
            .membership(ws.id, user)
            .await?
            .ok_or(TeamError::MemberNotFound)?;
        if ws.personal && user.0 == ws.id.0 {
            return Err(TeamError::Personal);
        }
        if !by.role.may_assign(target.role) {
            return Err(TeamError::MayNotAssign {
                by: by.role.as_str(),
                target: target.role.as_str(),
            });
        }
        match self.repo.remove_member(ws.id, user).await? {
            MemberChange::Done => {}
            MemberChange::NotFound => return Err(TeamError::MemberNotFound),
            MemberChange::LastOwner => return Err(TeamError::LastOwner),
        }
        let detail = format!(
            "{}: {} ({})",
            ws.name,
            target.username,
            target.role.as_str()
        );
        self.record(by.user, AuditKind::MemberRemoved, ctx, &detail)
            .await;
        Ok(())
    }

    /// The member leaves the workspace; the last owner cannot (transfer or
    /// delete it first), nor the person their own personal workspace.
    pub async fn leave(&self, by: &Access, ctx: &RequestContext) -> Result<(), TeamError> {
        let ws = self.workspace(by).await?;
        if ws.personal && by.user.0 == ws.id.0 {
            return Err(TeamError::Personal);
        }
        match self.repo.remove_member(ws.id, by.user).await? {
            MemberChange::Done => {}
            MemberChange::NotFound => return Err(TeamError::NotMember),
            MemberChange::LastOwner => return Err(TeamError::LastOwner),
        }
        let detail = format!("{} ({})", ws.name, by.role.as_str());
        self.record(by.user, AuditKind::MemberLeft, ctx, &detail)
            .await;
        Ok(())
    }

    /// The accounts a member (or an invitee) may be limited to: a client
    /// always has a list; every id must be one of the workspace's accounts.
    pub(super) async fn checked_scope(
        &self,
        ws: WorkspaceId,
        role: MemberRole,
        scope: AccountScope,
    ) -> Result<AccountScope, TeamError> {
        match scope {
            AccountScope::All if role.needs_account_list() => Err(TeamError::AccountsRequired),
            AccountScope::All => Ok(AccountScope::All),
            AccountScope::Only(mut ids) => {
                ids.sort_by_key(|a| a.0);
                ids.dedup();
                if ids.len() > MAX_MEMBER_ACCOUNTS {
                    return Err(TeamError::TooManyAccounts {
                        max: MAX_MEMBER_ACCOUNTS,
                    });
                }
                if !ids.is_empty() {
                    let own = self.accounts.accounts_of(ws.owner()).await?;
                    if ids.iter().any(|id| !own.iter().any(|a| a.id == *id)) {
                        return Err(TeamError::UnknownAccount);
                    }
                }
                Ok(AccountScope::Only(ids))
            }
        }
    }

    /// Records an event of `user` (the one who acted). A failed write is
    /// logged: the change itself is done.
    pub(super) async fn record(
        &self,
        user: UserId,
        kind: AuditKind,
        ctx: &RequestContext,
        detail: &str,
    ) {
        let event = AuditEvent::new(self.clock.now(), Some(user), kind, ctx, detail);
        if let Err(e) = self.audit.insert_audit(&event).await {
            tracing::error!(error = %e, kind = kind.as_str(), "cannot record a workspace event");
        }
    }

    pub(super) fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }
}
