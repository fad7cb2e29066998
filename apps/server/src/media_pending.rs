//! A stand-in for the media library until uploads land: the user has no
//! files, so the composer says media must be uploaded first and any media id
//! is reported missing. Replaced by the real library when it is wired in.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    MediaChoice, MediaClass, MediaResolveError, PostMedia, ResolvedMedia,
};
use time::OffsetDateTime;

pub struct PendingMedia;

#[async_trait]
impl PostMedia for PendingMedia {
    async fn class_of(
        &self,
        _owner: UserId,
        _id: MediaId,
    ) -> Result<Option<MediaClass>, MediaResolveError> {
        Ok(None)
    }

    async fn resolve(
        &self,
        _owner: UserId,
        id: MediaId,
        _now: OffsetDateTime,
    ) -> Result<ResolvedMedia, MediaResolveError> {
        Err(MediaResolveError::Missing(id))
    }

    async fn choices(
        &self,
        _owner: UserId,
        _now: OffsetDateTime,
    ) -> Result<Vec<MediaChoice>, MediaResolveError> {
        Ok(Vec::new())
    }

    async fn release(&self, _owner: UserId, _ids: &[MediaId]) -> Result<(), MediaResolveError> {
        Ok(())
    }
}
