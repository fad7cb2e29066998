//! Workspaces, members and invitations in memory.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::notifications::NotificationRepo;
use socialflow_core::storage::{StoreError, StoreResult};
use socialflow_core::workspaces::{
    Accepted, AccountScope, HeaderFacts, Invitation, InvitationId, Member, MemberChange,
    MemberRole, Workspace, WorkspaceId, WorkspaceRepo,
};
use socialflow_core::{User, UserId};
use time::OffsetDateTime;

use super::{MemoryStore, State};

#[derive(Clone, Default)]
pub(super) struct Tables {
    /// workspace → (workspace, who created it)
    workspaces: HashMap<WorkspaceId, (Workspace, Option<UserId>)>,
    /// (workspace, user) → (role, account scope, joined at)
    members: BTreeMap<(WorkspaceId, UserId), (MemberRole, AccountScope, OffsetDateTime)>,
    invitations: Vec<Invitation>,
}

impl Tables {
    /// The personal workspace of a new person (see the SQL `write_new_user`).
    pub(super) fn add_personal(&mut self, u: &User) {
        let id = WorkspaceId(u.id.0);
        let ws = Workspace {
            id,
            name: u.username.to_string(),
            personal: true,
            created_at: u.created_at,
        };
        self.workspaces.insert(id, (ws, Some(u.id)));
        self.members.insert(
            (id, u.id),
            (MemberRole::Owner, AccountScope::All, u.created_at),
        );
    }

    /// What the database's cascades do when a user row goes.
    pub(super) fn forget_user(&mut self, user: UserId) {
        let ws = WorkspaceId(user.0);
        self.workspaces.remove(&ws);
        self.members.retain(|(w, u), _| *w != ws && *u != user);
        self.invitations.retain(|i| i.workspace != ws);
        for (_, created_by) in self.workspaces.values_mut() {
            if *created_by == Some(user) {
                *created_by = None;
            }
        }
        for i in &mut self.invitations {
            if i.used_by == Some(user) {
                i.used_by = None;
            }
        }
    }

    fn owners(&self, ws: WorkspaceId) -> usize {
        self.members
            .iter()
            .filter(|((w, _), (r, _, _))| *w == ws && *r == MemberRole::Owner)
            .count()
    }
}

impl State {
    /// A member as stored, with the accounts that still exist in the
    /// workspace (deleting an account removes it from every list).
    fn member(&self, ws: WorkspaceId, user: UserId) -> Option<Member> {
        let (role, scope, joined_at) = self.workspaces.members.get(&(ws, user))?;
        let accounts = match scope {
            AccountScope::All => AccountScope::All,
            AccountScope::Only(ids) => AccountScope::Only(
                ids.iter()
                    .copied()
                    .filter(|a| self.accounts.get(a).is_some_and(|acc| acc.owner.0 == ws.0))
                    .collect(),
            ),
        };
        Some(Member {
            workspace: ws,
            user,
            username: self
                .users
                .get(&user)
                .map(|u| u.username.to_string())
                .unwrap_or_default(),
            role: *role,
            accounts,
            joined_at: *joined_at,
        })
    }

    fn scope_in(&self, ws: WorkspaceId, scope: &AccountScope) -> AccountScope {
        match scope {
            AccountScope::All => AccountScope::All,
            AccountScope::Only(ids) => {
                let mut kept: Vec<_> = ids
                    .iter()
                    .copied()
                    .filter(|a| self.accounts.get(a).is_some_and(|acc| acc.owner.0 == ws.0))
                    .collect();
                kept.sort_by_key(|a| a.0);
                kept.dedup();
                AccountScope::Only(kept)
            }
        }
    }
}

#[async_trait]
impl WorkspaceRepo for MemoryStore {
    async fn create_workspace(
        &self,
        principal: &User,
        workspace: &Workspace,
        owner: UserId,
        max: u32,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.users.contains_key(&owner) {
            return Err(StoreError::Conflict);
        }
        let made = s
            .workspaces
            .workspaces
            .values()
            .filter(|(w, by)| !w.personal && *by == Some(owner))
            .count();
        if made >= max as usize {
            return Ok(false);
        }
        if s.users.contains_key(&principal.id)
            || s.users.values().any(|u| u.username == principal.username)
        {
            return Err(StoreError::Conflict);
        }
        s.users.insert(principal.id, principal.clone());
        let mut ws = workspace.clone();
        ws.personal = false;
        s.workspaces.workspaces.insert(ws.id, (ws, Some(owner)));
        s.workspaces.members.insert(
            (workspace.id, owner),
            (MemberRole::Owner, AccountScope::All, workspace.created_at),
        );
        Ok(true)
    }

    async fn workspace(&self, id: WorkspaceId) -> StoreResult<Option<Workspace>> {
        Ok(self
            .lock()
            .workspaces
            .workspaces
            .get(&id)
            .map(|(w, _)| w.clone()))
    }

    async fn workspaces_of(&self, user: UserId) -> StoreResult<Vec<(Workspace, MemberRole)>> {
        let s = self.lock();
        let mut out: Vec<_> = s
            .workspaces
            .members
            .iter()
            .filter(|((_, u), _)| *u == user)
            .filter_map(|((w, _), (r, _, _))| {
                s.workspaces
                    .workspaces
                    .get(w)
                    .map(|(ws, _)| (ws.clone(), *r))
            })
            .collect();
        out.sort_by(|(a, _), (b, _)| {
            b.personal
                .cmp(&a.personal)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(out)
    }

    async fn header_of(&self, user: UserId) -> StoreResult<HeaderFacts> {
        Ok(HeaderFacts {
            workspaces: self.workspaces_of(user).await?,
            unread: NotificationRepo::unread_notifications(self, user).await?,
        })
    }

    async fn rename_workspace(&self, id: WorkspaceId, name: &str) -> StoreResult<bool> {
        let mut s = self.lock();
        Ok(match s.workspaces.workspaces.get_mut(&id) {
            Some((w, _)) => {
                w.name = name.to_string();
                true
            }
            None => false,
        })
    }

    async fn membership(
        &self,
        workspace: WorkspaceId,
        user: UserId,
    ) -> StoreResult<Option<Member>> {
        Ok(self.lock().member(workspace, user))
    }

    async fn members(&self, workspace: WorkspaceId) -> StoreResult<Vec<Member>> {
        let s = self.lock();
        let mut out: Vec<_> = s
            .workspaces
            .members
            .keys()
            .filter(|(w, _)| *w == workspace)
            .filter_map(|(w, u)| s.member(*w, *u))
            .collect();
        out.sort_by(|a, b| {
            (a.role != MemberRole::Owner)
                .cmp(&(b.role != MemberRole::Owner))
                .then_with(|| a.username.cmp(&b.username))
        });
        Ok(out)
    }

    async fn set_member(
        &self,
        workspace: WorkspaceId,
        user: UserId,
        role: MemberRole,
        accounts: &AccountScope,
    ) -> StoreResult<MemberChange> {
        let mut s = self.lock();
        let Some((old, _, _)) = s.workspaces.members.get(&(workspace, user)).cloned() else {
            return Ok(MemberChange::NotFound);
        };
        if old == MemberRole::Owner
            && role != MemberRole::Owner
            && s.workspaces.owners(workspace) <= 1
        {
            return Ok(MemberChange::LastOwner);
        }
        let scope = s.scope_in(workspace, accounts);
        if let Some(m) = s.workspaces.members.get_mut(&(workspace, user)) {
            m.0 = role;
            m.1 = scope;
        }
        Ok(MemberChange::Done)
    }

    async fn remove_member(
        &self,
        workspace: WorkspaceId,
        user: UserId,
    ) -> StoreResult<MemberChange> {
        let mut s = self.lock();
        let Some((old, _, _)) = s.workspaces.members.get(&(workspace, user)).cloned() else {
            return Ok(MemberChange::NotFound);
        };
        if workspace.0 == user.0
            || (old == MemberRole::Owner && s.workspaces.owners(workspace) <= 1)
        {
            return Ok(MemberChange::LastOwner);
        }
        s.workspaces.members.remove(&(workspace, user));
        Ok(MemberChange::Done)
    }

    async fn sole_owned_workspaces(&self, user: UserId) -> StoreResult<Vec<Workspace>> {
        let s = self.lock();
        let mut out: Vec<Workspace> = s
            .workspaces
            .workspaces
            .values()
            .filter(|(w, _)| !w.personal)
            .filter(|(w, _)| {
                s.workspaces
                    .members
                    .get(&(w.id, user))
                    .is_some_and(|(r, _, _)| *r == MemberRole::Owner)
                    && s.workspaces.owners(w.id) == 1
            })
            .map(|(w, _)| w.clone())
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    async fn insert_invitation(
        &self,
        inv: &Invitation,
        max_open: u32,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.workspaces.workspaces.contains_key(&inv.workspace) {
            return Ok(false);
        }
        if s.workspaces
            .invitations
            .iter()
            .any(|i| i.digest == inv.digest || i.id == inv.id)
        {
            return Err(StoreError::Conflict);
        }
        let open = s
            .workspaces
            .invitations
            .iter()
            .filter(|i| i.workspace == inv.workspace && i.is_open(now))
            .count();
        if open >= max_open as usize {
            return Ok(false);
        }
        s.workspaces.invitations.push(inv.clone());
        Ok(true)
    }

    async fn invitations(&self, workspace: WorkspaceId) -> StoreResult<Vec<Invitation>> {
        let s = self.lock();
        let mut out: Vec<_> = s
            .workspaces
            .invitations
            .iter()
            .filter(|i| i.workspace == workspace)
            .cloned()
            .collect();
        out.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.id.0)));
        Ok(out)
    }

    async fn invitation_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Invitation>> {
        Ok(self
            .lock()
            .workspaces
            .invitations
            .iter()
            .find(|i| &i.digest == digest)
            .cloned())
    }

    async fn accept_invitation(
        &self,
        digest: &TokenDigest,
        user: UserId,
        now: OffsetDateTime,
        max_members: u32,
    ) -> StoreResult<Accepted> {
        let mut s = self.lock();
        let Some(pos) = s
            .workspaces
            .invitations
            .iter()
            .position(|i| &i.digest == digest && i.is_open(now))
        else {
            return Ok(Accepted::Invalid);
        };
        let inv = s.workspaces.invitations[pos].clone();
        if !s.workspaces.workspaces.contains_key(&inv.workspace) {
            return Ok(Accepted::Invalid);
        }
        s.workspaces.invitations[pos].used_at = Some(now);
        s.workspaces.invitations[pos].used_by = Some(user);
        if !s.workspaces.members.contains_key(&(inv.workspace, user)) {
            let members = s
                .workspaces
                .members
                .keys()
                .filter(|(w, _)| *w == inv.workspace)
                .count();
            if members >= max_members as usize {
                // The SQL transaction rolls the "used" mark back.
                s.workspaces.invitations[pos].used_at = None;
                s.workspaces.invitations[pos].used_by = None;
                return Ok(Accepted::Full);
            }
            let scope = s.scope_in(inv.workspace, &inv.accounts);
            s.workspaces
                .members
                .insert((inv.workspace, user), (inv.role, scope, now));
        }
        Ok(s.member(inv.workspace, user)
            .map(Accepted::Joined)
            .unwrap_or(Accepted::Invalid))
    }

    async fn revoke_invitation(
        &self,
        workspace: WorkspaceId,
        id: InvitationId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.workspaces.invitations.iter_mut().find(|i| {
            i.id == id && i.workspace == workspace && i.used_at.is_none() && i.revoked_at.is_none()
        }) {
            Some(i) => {
                i.revoked_at = Some(now);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
