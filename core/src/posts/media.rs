use async_trait::async_trait;
use time::OffsetDateTime;

use crate::UserId;
use crate::media::{MediaId, MediaProbe};

/// Image or video, as far as a post's rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaClass {
    Image,
    Video,
}

/// A media file ready to hand to Instagram: its class and a URL Instagram can
/// fetch (checked to serve the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMedia {
    pub class: MediaClass,
    pub url: String,
}

/// A file the composer offers: id, class, a label and a thumbnail URL for
/// the user's own browser (signed, short-lived).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaChoice {
    pub id: MediaId,
    pub class: MediaClass,
    pub label: String,
    pub thumbnail_url: Option<String>,
    /// A video's own URL (signed, short-lived), so the browser can show a
    /// frame of it as its thumbnail.
    pub video_url: Option<String>,
}

/// What Instagram's rules need to know about a chosen file (see
/// `media::problems_for`).
#[derive(Debug, Clone, PartialEq)]
pub struct MediaFacts {
    pub class: MediaClass,
    pub probe: MediaProbe,
    pub byte_size: u64,
    /// The library is converting the video (or will, ffmpeg being
    /// installed): problems a transcode fixes are going away by themselves.
    pub converting: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaResolveError {
    /// The file is gone or is not the owner's.
    #[error("media {0} not found")]
    Missing(MediaId),
    /// The file cannot be used (wrong format, still transcoding, …): the
    /// user must fix it. The text says what to do.
    #[error("{0}")]
    Unusable(String),
    /// Instagram would not reach the file at its public URL. The text says
    /// what to fix.
    #[error("{0}")]
    Unreachable(String),
    #[error("media storage failed: {0}")]
    Internal(String),
}

/// What the publishing side needs from the media library.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PostMedia: Send + Sync {
    /// The file's class and measurements, if it exists and is the owner's.
    async fn facts(
        &self,
        owner: UserId,
        id: MediaId,
    ) -> Result<Option<MediaFacts>, MediaResolveError>;
    /// A URL Instagram can fetch now (valid for a while after `now`).
    async fn resolve(
        &self,
        owner: UserId,
        id: MediaId,
        now: OffsetDateTime,
    ) -> Result<ResolvedMedia, MediaResolveError>;
    /// The owner's usable files, newest first, for the composer.
    async fn choices(
        &self,
        owner: UserId,
        now: OffsetDateTime,
    ) -> Result<Vec<MediaChoice>, MediaResolveError>;
    /// Deletes files no remaining post uses (after a post is deleted).
    async fn release(&self, owner: UserId, ids: &[MediaId]) -> Result<(), MediaResolveError>;
}
