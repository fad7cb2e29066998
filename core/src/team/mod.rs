//! Running a workspace: creating and deleting it, its members and their
//! roles, invitations, and the memberships in a person's export. Kept apart
//! from `workspaces` (the model and the access every request resolves) so
//! that notifications and privacy, which use the model, are not imported
//! back by the use cases that use them.

mod export;
mod invitations;
mod manage;

pub use export::MembershipsExporter;
pub use invitations::{
    CreatedInvitation, DEFAULT_INVITATION_DAYS, InvitationPreview, NewInvitation, invitation_email,
};
pub use manage::{TeamError, WorkspaceAdmin};
