//! A media container on its way to being published, and its status.

use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Image,
    Reel,
    StoryImage,
    StoryVideo,
    CarouselImage,
    CarouselVideo,
    Carousel,
}

#[derive(Debug, Clone)]
pub struct Container {
    pub id: String,
    pub account: usize,
    pub kind: ContainerKind,
    pub media_url: Option<String>,
    pub caption: Option<String>,
    pub children: Vec<String>,
    pub share_to_feed: Option<bool>,
    pub cover_url: Option<String>,
    pub alt_text: Option<String>,
    pub audio_name: Option<String>,
    /// `trial_params.graduation_strategy`.
    pub trial_graduation: Option<String>,
    pub is_ai_generated: bool,
    pub resumable: bool,
    pub created_at: OffsetDateTime,
    /// Waiting for the media (a fetch in flight, an upload not complete).
    pub pending: bool,
    /// When processing started (creation, or the upload's completion).
    pub ready_from: OffsetDateTime,
    /// Why processing failed: an error subcode.
    pub failure: Option<i64>,
    /// Resumable upload progress.
    pub expected_size: Option<u64>,
    pub received: u64,
    /// The upload's first bytes (to tell MP4/MOV from anything else).
    pub upload_head: Vec<u8>,
    pub published: Option<String>,
}

/// A container's `status_code` (and `status` text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    InProgress,
    Finished,
    Published,
    Error(i64),
    Expired,
}
