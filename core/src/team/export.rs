//! "Export my data" in a team: a member's export holds their memberships
//! (workspace, role, joined). The data of a shared workspace belongs to
//! the workspace, not to one member, and is not in it; the personal
//! workspace's data is the member's own and is exported by the other
//! exporters (it is owned by the user's id).

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use crate::User;
use crate::privacy::{DataExporter, ExportError, ExportFile};
use crate::workspaces::WorkspaceRepo;

pub struct MembershipsExporter(pub Arc<dyn WorkspaceRepo>);

impl MembershipsExporter {
    pub fn new(repo: Arc<dyn WorkspaceRepo>) -> Self {
        Self(repo)
    }
}

#[derive(Serialize)]
struct MembershipOut {
    workspace: String,
    personal: bool,
    role: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    joined_at: OffsetDateTime,
    /// Number of accounts the member is limited to; absent: all of them.
    limited_to_accounts: Option<usize>,
}

#[async_trait]
impl DataExporter for MembershipsExporter {
    async fn export(&self, user: &User) -> Result<Vec<ExportFile>, ExportError> {
        let mut out = Vec::new();
        for (ws, role) in self.0.workspaces_of(user.id).await? {
            let m = self.0.membership(ws.id, user.id).await?;
            out.push(MembershipOut {
                workspace: ws.name,
                personal: ws.personal,
                role: role.as_str(),
                joined_at: m.as_ref().map_or(ws.created_at, |m| m.joined_at),
                limited_to_accounts: m.and_then(|m| match m.accounts {
                    crate::workspaces::AccountScope::All => None,
                    crate::workspaces::AccountScope::Only(ids) => Some(ids.len()),
                }),
            });
        }
        Ok(vec![ExportFile::json("workspaces.json", &out)?])
    }
}
