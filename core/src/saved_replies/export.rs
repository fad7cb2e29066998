//! The user's saved replies in "Export my data": `saved_replies.json`.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::SavedReplyRepo;
use crate::User;
use crate::privacy::{DataExporter, ExportError, ExportFile};

pub struct SavedRepliesExporter(Arc<dyn SavedReplyRepo>);

impl SavedRepliesExporter {
    pub fn new(repo: Arc<dyn SavedReplyRepo>) -> Self {
        Self(repo)
    }
}

#[derive(Serialize)]
struct SavedReplyJson {
    id: String,
    name: String,
    text: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

#[async_trait]
impl DataExporter for SavedRepliesExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let replies: Vec<_> = self
            .0
            .saved_replies(u.id)
            .await?
            .into_iter()
            .map(|r| SavedReplyJson {
                id: r.id.to_string(),
                name: r.name,
                text: r.text,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
            .collect();
        Ok(vec![ExportFile::json("saved_replies.json", &replies)?])
    }
}
