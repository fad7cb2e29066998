//! [`PostMedia`] over the media library: files come from the owner's
//! uploads, are handed to Instagram at a signed URL that was checked to
//! serve them, and are deleted once no post uses them.

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use super::PostRepo;
use super::{MediaChoice, MediaClass, MediaFacts, MediaResolveError, PostMedia, ResolvedMedia};
use crate::UserId;
use crate::media::{MediaError, MediaId, MediaKind, MediaLibrary, MediaStatus};

#[derive(Clone)]
pub struct LibraryPostMedia {
    library: MediaLibrary,
    posts: Arc<dyn PostRepo>,
}

impl LibraryPostMedia {
    pub fn new(library: MediaLibrary, posts: Arc<dyn PostRepo>) -> Self {
        Self { library, posts }
    }
}

fn class(kind: MediaKind) -> MediaClass {
    match kind {
        MediaKind::Image => MediaClass::Image,
        MediaKind::Video => MediaClass::Video,
    }
}

fn internal(e: MediaError) -> MediaResolveError {
    MediaResolveError::Internal(e.to_string())
}

#[async_trait]
impl PostMedia for LibraryPostMedia {
    async fn facts(
        &self,
        owner: UserId,
        id: MediaId,
    ) -> Result<Option<MediaFacts>, MediaResolveError> {
        let file = match self.library.get(owner, id).await {
            Ok(file) => file,
            Err(MediaError::NotFound) => return Ok(None),
            Err(e) => return Err(internal(e)),
        };
        let converting = match file.status {
            MediaStatus::Transcoding { .. } => true,
            // Waits for the worker's transcode, which needs ffmpeg.
            MediaStatus::NeedsTranscode => self.library.can_transcode().await,
            MediaStatus::Ready | MediaStatus::TranscodeFailed { .. } => false,
        };
        Ok(Some(MediaFacts {
            class: class(file.kind),
            probe: file.probe,
            byte_size: file.byte_size,
            converting,
        }))
    }

    async fn resolve(
        &self,
        owner: UserId,
        id: MediaId,
        now: OffsetDateTime,
    ) -> Result<ResolvedMedia, MediaResolveError> {
        let file = match self.library.get(owner, id).await {
            Ok(f) => f,
            Err(MediaError::NotFound) => return Err(MediaResolveError::Missing(id)),
            Err(e) => return Err(internal(e)),
        };
        match &file.status {
            MediaStatus::Ready => {}
            MediaStatus::NeedsTranscode | MediaStatus::Transcoding { .. } => {
                // Waiting is the right answer: the worker's transcode ends it.
                return Err(MediaResolveError::Unreachable(format!(
                    "{} is still being converted to a format Instagram accepts.",
                    file.original_name
                )));
            }
            MediaStatus::TranscodeFailed { reason } => {
                return Err(MediaResolveError::Unusable(format!(
                    "{} could not be converted for Instagram ({reason}); upload another file.",
                    file.original_name
                )));
            }
        }
        self.library
            .ensure_reachable(&file, now)
            .await
            .map_err(|e| MediaResolveError::Unreachable(e.to_string()))?;
        Ok(ResolvedMedia {
            class: class(file.kind),
            url: self.library.public_url(&file, now).await,
        })
    }

    async fn choices(
        &self,
        owner: UserId,
        now: OffsetDateTime,
    ) -> Result<Vec<MediaChoice>, MediaResolveError> {
        let files = self.library.list(owner).await.map_err(internal)?;
        Ok(files
            .into_iter()
            .filter(|f| !matches!(f.status, MediaStatus::TranscodeFailed { .. }))
            .map(|f| MediaChoice {
                id: f.id,
                class: class(f.kind),
                thumbnail_url: (f.kind == MediaKind::Image)
                    .then(|| self.library.signed_url(f.id, now)),
                video_url: (f.kind != MediaKind::Image).then(|| self.library.signed_url(f.id, now)),
                label: f.original_name,
            })
            .collect())
    }

    async fn release(&self, owner: UserId, ids: &[MediaId]) -> Result<(), MediaResolveError> {
        for id in ids {
            let in_use = self
                .posts
                .media_in_use(*id, None)
                .await
                .map_err(|e| MediaResolveError::Internal(e.to_string()))?;
            if in_use {
                continue;
            }
            match self.library.delete(owner, *id).await {
                Ok(()) | Err(MediaError::NotFound) => {}
                Err(e) => return Err(internal(e)),
            }
        }
        Ok(())
    }
}

/// Deletes uploads that no post uses and that are older than `before`
/// (the "orphaned uploads older than a day"). Returns how many.
pub async fn purge_unused_media(
    posts: &dyn PostRepo,
    library: &MediaLibrary,
    before: OffsetDateTime,
) -> Result<u64, MediaError> {
    let mut removed = 0;
    loop {
        let batch = posts.unused_media(before, 100).await?;
        if batch.is_empty() {
            return Ok(removed);
        }
        for (owner, id) in batch {
            match library.delete(owner, id).await {
                Ok(()) => removed += 1,
                // Gone meanwhile (the owner deleted it): nothing to do.
                Err(MediaError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
    }
}
