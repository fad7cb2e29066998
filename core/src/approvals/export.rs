//! The team notes a user wrote, in "Export my data": `post_notes.json`
//! (in any workspace: what they wrote is theirs).

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::ApprovalRepo;
use crate::User;
use crate::privacy::{DataExporter, ExportError, ExportFile};

pub struct PostNotesExporter(Arc<dyn ApprovalRepo>);

impl PostNotesExporter {
    pub fn new(repo: Arc<dyn ApprovalRepo>) -> Self {
        Self(repo)
    }
}

#[derive(Serialize)]
struct NoteJson {
    id: String,
    post_id: String,
    workspace_id: String,
    body: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

#[async_trait]
impl DataExporter for PostNotesExporter {
    async fn export(&self, user: &User) -> Result<Vec<ExportFile>, ExportError> {
        let notes: Vec<NoteJson> = self
            .0
            .notes_by_author(user.id)
            .await?
            .into_iter()
            .map(|n| NoteJson {
                id: n.id.to_string(),
                post_id: n.post.to_string(),
                workspace_id: n.owner.0.to_string(),
                body: n.body,
                created_at: n.created_at,
            })
            .collect();
        Ok(vec![ExportFile::json("post_notes.json", &notes)?])
    }
}
