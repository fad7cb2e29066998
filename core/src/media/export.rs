//! The user's uploads in "Export my data": `media.json` (what is known about
//! each file) and the files themselves under `media/`.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::{MediaFile, MediaRepo, MediaStore, MediaStoreError};
use crate::User;
use crate::privacy::{DataExporter, ExportContent, ExportError, ExportFile};

pub struct MediaExporter {
    repo: Arc<dyn MediaRepo>,
    store: Arc<dyn MediaStore>,
}

impl MediaExporter {
    pub fn new(repo: Arc<dyn MediaRepo>, store: Arc<dyn MediaStore>) -> Self {
        Self { repo, store }
    }

    /// The file's contents: its path when the store is a local directory,
    /// else its id, streamed from the store when the archive is written.
    /// `None` when the file is gone from the store.
    async fn content(&self, file: &MediaFile) -> Result<Option<ExportContent>, ExportError> {
        match self.store.size(file.id).await {
            Ok(_) => {}
            Err(MediaStoreError::NotFound) => return Ok(None),
            Err(e) => return Err(ExportError::Files(e.to_string())),
        }
        Ok(Some(match self.store.local_path(file.id) {
            Some(path) => ExportContent::File(path),
            // Streamed by the archive writer, never whole in memory.
            None => ExportContent::Media(file.id.0),
        }))
    }
}

/// `media/<id>.<format>`: the id names it, the original name is only shown
/// in `media.json` (never used as a path).
pub fn archive_path(file: &MediaFile) -> String {
    format!("media/{}.{}", file.id, file.probe.format.as_str())
}

#[derive(Serialize)]
struct MediaJson {
    id: String,
    kind: &'static str,
    content_type: String,
    byte_size: u64,
    original_name: String,
    format: &'static str,
    width: Option<u32>,
    height: Option<u32>,
    duration_ms: Option<u64>,
    video_codec: Option<String>,
    frame_rate: Option<f64>,
    audio_codec: Option<String>,
    has_audio: bool,
    status: &'static str,
    status_detail: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
    /// Where the file is in this archive; `None` if it was missing on disk.
    file: Option<String>,
}

#[async_trait]
impl DataExporter for MediaExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let files = self.repo.media_of(u.id).await?;
        let mut out = Vec::new();
        let mut list = Vec::with_capacity(files.len());
        for f in files {
            let content = self.content(&f).await?;
            let path = archive_path(&f);
            let file = content.map(|content| {
                out.push(ExportFile {
                    path: path.clone(),
                    content,
                });
                path
            });
            list.push(MediaJson {
                id: f.id.to_string(),
                kind: f.kind.as_str(),
                content_type: f.content_type,
                byte_size: f.byte_size,
                original_name: f.original_name,
                format: f.probe.format.as_str(),
                width: f.probe.width,
                height: f.probe.height,
                duration_ms: f.probe.duration_ms,
                video_codec: f.probe.video_codec,
                frame_rate: f.probe.frame_rate,
                audio_codec: f.probe.audio_codec,
                has_audio: f.probe.has_audio,
                status: f.status.as_str(),
                status_detail: f.status.detail().map(str::to_string),
                created_at: f.created_at,
                updated_at: f.updated_at,
                file,
            });
        }
        out.insert(0, ExportFile::json("media.json", &list)?);
        Ok(out)
    }
}
