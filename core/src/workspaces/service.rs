//! The workspaces use cases every request needs: which workspace a user
//! works in and with what role. (Managing members and invitations lives
//! beside it, in its own files.)

use std::sync::Arc;

use super::model::{Access, Workspace, WorkspaceId};
use super::ports::{HeaderFacts, WorkspaceRepo};
use super::role::MemberRole;
use crate::clock::Clock;
use crate::store_error::StoreResult;
use crate::{User, UserId};

#[derive(Clone)]
pub struct WorkspaceService {
    pub(super) repo: Arc<dyn WorkspaceRepo>,
    #[allow(dead_code, reason = "the management use cases read it")]
    pub(super) clock: Arc<dyn Clock>,
}

impl WorkspaceService {
    pub fn new(repo: Arc<dyn WorkspaceRepo>, clock: Arc<dyn Clock>) -> Self {
        Self { repo, clock }
    }

    /// What `user` may do in `requested` (their personal workspace when
    /// `None`). `None` back when they are not a member of it. The personal
    /// workspace costs no query: its person is always its owner.
    pub async fn access(
        &self,
        user: &User,
        requested: Option<WorkspaceId>,
    ) -> StoreResult<Option<Access>> {
        let personal = WorkspaceId::personal(user.id);
        let ws = requested.unwrap_or(personal);
        if ws == personal {
            return Ok(Some(Access::personal(user.id)));
        }
        Ok(self.repo.membership(ws, user.id).await?.map(|m| Access {
            user: user.id,
            workspace: ws,
            role: m.role,
            accounts: m.accounts,
        }))
    }

    /// The workspaces `user` can switch between, personal first.
    pub async fn workspaces_of(&self, user: UserId) -> StoreResult<Vec<(Workspace, MemberRole)>> {
        self.repo.workspaces_of(user).await
    }

    /// What a page's header shows of `user` (the switcher's workspaces and
    /// the bell's count), in one read.
    pub async fn header_of(&self, user: UserId) -> StoreResult<HeaderFacts> {
        self.repo.header_of(user).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use crate::workspaces::{AccountScope, Member, MockWorkspaceRepo};
    use uuid::Uuid;

    fn person() -> User {
        User {
            id: UserId::new(),
            username: crate::Username::parse("alice").unwrap(),
            password_hash: crate::password::PasswordHash("x".into()),
            role: crate::user::Role::User,
            language: crate::Language::En,
            time_zone: crate::TimeZone::default(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[tokio::test]
    async fn the_personal_workspace_needs_no_query() {
        // A mock with no expectations panics if it is called.
        let svc = WorkspaceService::new(Arc::new(MockWorkspaceRepo::new()), Arc::new(SystemClock));
        let u = person();
        assert_eq!(
            svc.access(&u, None).await.unwrap(),
            Some(Access::personal(u.id))
        );
        let own = Some(WorkspaceId::personal(u.id));
        assert_eq!(
            svc.access(&u, own).await.unwrap(),
            Some(Access::personal(u.id))
        );
    }

    #[tokio::test]
    async fn another_workspace_needs_a_membership() {
        let u = person();
        let team = WorkspaceId(Uuid::now_v7());
        let stranger = WorkspaceId(Uuid::now_v7());
        let mut repo = MockWorkspaceRepo::new();
        let uid = u.id;
        repo.expect_membership().returning(move |ws, user| {
            Ok((ws == team && user == uid).then(|| Member {
                workspace: ws,
                user,
                username: "alice".into(),
                role: MemberRole::Contributor,
                accounts: AccountScope::All,
                joined_at: time::OffsetDateTime::UNIX_EPOCH,
            }))
        });
        let svc = WorkspaceService::new(Arc::new(repo), Arc::new(SystemClock));
        let a = svc.access(&u, Some(team)).await.unwrap().unwrap();
        assert_eq!(
            (a.workspace, a.role, a.owner()),
            (team, MemberRole::Contributor, team.owner())
        );
        assert_eq!(svc.access(&u, Some(stranger)).await.unwrap(), None);
    }
}
