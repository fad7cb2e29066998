//! Teams: workspaces own the Instagram accounts and everything made for
//! them; members work in them with a role (see `docs/teams.md`).

mod model;
mod ports;
mod role;
mod service;

pub use model::{
    Access, AccountScope, Forbidden, Invitation, InvitationId, MAX_INVITATION_DAYS,
    MAX_MEMBER_ACCOUNTS, MAX_MEMBERS, MAX_NAME_CHARS, MAX_OPEN_INVITATIONS,
    MAX_WORKSPACES_PER_USER, Member, NameProblem, Workspace, WorkspaceId, workspace_name,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockWorkspaceRepo;
pub use ports::{Accepted, HeaderFacts, MemberChange, WorkspaceRepo};
pub use role::{Capability, MemberRole};
pub use service::WorkspaceService;
