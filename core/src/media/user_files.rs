//! The media store as a holder of users' files, so deleting an account
//! removes the user's uploads from disk after the database delete commits.

use std::sync::Arc;

use async_trait::async_trait;

use super::{MediaId, MediaRepo, MediaStore, MediaStoreError};
use crate::UserId;
use crate::privacy::{FileError, FileRef, UserFiles};

pub struct MediaUserFiles {
    repo: Arc<dyn MediaRepo>,
    store: Arc<dyn MediaStore>,
}

impl MediaUserFiles {
    pub fn new(repo: Arc<dyn MediaRepo>, store: Arc<dyn MediaStore>) -> Self {
        Self { repo, store }
    }
}

#[async_trait]
impl UserFiles for MediaUserFiles {
    fn name(&self) -> &'static str {
        "media"
    }

    async fn files_of(&self, owner: UserId) -> Result<Vec<FileRef>, FileError> {
        let files = self
            .repo
            .media_of(owner)
            .await
            .map_err(|e| FileError(e.to_string()))?;
        Ok(files
            .into_iter()
            .map(|f| FileRef(f.id.to_string()))
            .collect())
    }

    async fn remove(&self, files: &[FileRef]) -> Result<u64, FileError> {
        let mut removed = 0;
        for f in files {
            let id: MediaId =
                f.0.parse()
                    .map_err(|_| FileError(format!("bad media id {}", f.0)))?;
            match self.store.delete(id).await {
                Ok(()) => removed += 1,
                // Already gone: nothing left to remove.
                Err(MediaStoreError::NotFound) => {}
                Err(e) => return Err(FileError(e.to_string())),
            }
        }
        Ok(removed)
    }
}
