//! Data exchanged with Instagram, independent of the wire format.

use std::collections::BTreeMap;
use std::path::PathBuf;

use secrecy::SecretString;
use time::{Duration, OffsetDateTime};

/// What every account-level call needs: the account's Instagram id (used in
/// paths) and its access token.
#[derive(Clone)]
pub struct IgAccess {
    pub ig_user_id: String,
    pub token: SecretString,
}

impl std::fmt::Debug for IgAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IgAccess")
            .field("ig_user_id", &self.ig_user_id)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

/// The short-lived token from the OAuth code exchange.
#[derive(Debug, Clone)]
pub struct ShortLivedToken {
    pub token: SecretString,
    /// The app-scoped user id (may exceed 2^53; kept as text).
    pub user_id: String,
    /// Granted scopes when Instagram lists them.
    pub permissions: Option<Vec<String>>,
}

/// A long-lived (60-day) token, from the exchange or a refresh.
#[derive(Debug, Clone)]
pub struct LongLivedToken {
    pub token: SecretString,
    pub expires_in: Duration,
    pub permissions: Option<Vec<String>>,
}

/// The account's profile (`GET /me`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// App-scoped id (`id`).
    pub app_scoped_id: String,
    /// Professional account id (`user_id`, the IG_ID used by webhooks).
    pub ig_user_id: String,
    pub username: String,
    pub name: Option<String>,
    pub biography: Option<String>,
    pub website: Option<String>,
    pub profile_picture_url: Option<String>,
    pub followers_count: Option<u64>,
    pub follows_count: Option<u64>,
    pub media_count: Option<u64>,
    /// `BUSINESS` or `MEDIA_CREATOR` (upper-cased).
    pub account_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaType {
    Image,
    Video,
    CarouselAlbum,
    Other(String),
}

impl MediaType {
    pub fn parse(s: &str) -> Self {
        match s {
            "IMAGE" => MediaType::Image,
            "VIDEO" => MediaType::Video,
            "CAROUSEL_ALBUM" => MediaType::CarouselAlbum,
            other => MediaType::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            MediaType::Image => "IMAGE",
            MediaType::Video => "VIDEO",
            MediaType::CarouselAlbum => "CAROUSEL_ALBUM",
            MediaType::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaChild {
    pub id: String,
    pub media_type: MediaType,
    pub media_url: Option<String>,
    pub thumbnail_url: Option<String>,
}

/// A published post, reel or story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaItem {
    pub id: String,
    pub caption: Option<String>,
    pub media_type: MediaType,
    /// `FEED`, `REELS`, `STORY`, `AD` when returned.
    pub media_product_type: Option<String>,
    /// Absent for copyrighted material.
    pub media_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub permalink: Option<String>,
    pub timestamp: OffsetDateTime,
    pub like_count: Option<u64>,
    pub comments_count: Option<u64>,
    pub children: Vec<MediaChild>,
}

/// A comment; top-level comments carry their replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub text: String,
    pub username: Option<String>,
    pub from_id: Option<String>,
    pub timestamp: OffsetDateTime,
    pub like_count: Option<u64>,
    pub hidden: bool,
    pub parent_id: Option<String>,
    pub replies: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: String,
    pub username: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: String,
    pub updated_time: Option<OffsetDateTime>,
    pub participants: Vec<Participant>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// `image`, `video`, `audio`, `file`, `share`, … as Instagram names it.
    pub kind: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub created_time: OffsetDateTime,
    pub from: Participant,
    pub to: Vec<Participant>,
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
}

/// How a direct message is sent: a normal reply inside the 24-hour window,
/// or a human agent's reply within 7 days (needs Meta's approval).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageTag {
    Response,
    HumanAgent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub recipient_id: String,
    pub message_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricType {
    TotalValue,
    TimeSeries,
}

/// An account insights request (`GET /{ig-user-id}/insights`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightsQuery {
    pub metrics: Vec<String>,
    /// `day` or `lifetime`.
    pub period: String,
    pub metric_type: Option<MetricType>,
    pub breakdown: Option<String>,
    pub timeframe: Option<String>,
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

/// A metric value: a number, or a map (e.g. `online_followers` by hour).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricValue {
    Number(i64),
    Map(BTreeMap<String, i64>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightValue {
    pub value: MetricValue,
    pub end_time: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakdownResult {
    pub dimension_values: Vec<String>,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub dimension_keys: Vec<String>,
    pub results: Vec<BreakdownResult>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalValue {
    pub value: i64,
    pub breakdowns: Vec<Breakdown>,
}

/// One metric as Instagram returned it. A metric Instagram did not return
/// is absent, never zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insight {
    pub name: String,
    pub period: String,
    pub values: Vec<InsightValue>,
    pub total: Option<TotalValue>,
}

/// A user tag on an image or story; `x`/`y` in 0–1 (optional on stories).
#[derive(Debug, Clone, PartialEq)]
pub struct UserTag {
    pub username: String,
    pub x: Option<f64>,
    pub y: Option<f64>,
}

/// What a container holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ContainerSpec {
    /// A single feed image (JPEG).
    Image {
        image_url: String,
        alt_text: Option<String>,
    },
    /// A reel; `cover_url` wins over `thumb_offset_ms`.
    Reel {
        video_url: Option<String>,
        share_to_feed: bool,
        cover_url: Option<String>,
        thumb_offset_ms: Option<u64>,
    },
    StoryImage {
        image_url: String,
    },
    StoryVideo {
        video_url: Option<String>,
    },
    CarouselImage {
        image_url: String,
        alt_text: Option<String>,
    },
    CarouselVideo {
        video_url: Option<String>,
    },
    /// The parent, from 2–10 finished item containers.
    Carousel {
        children: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerRequest {
    pub spec: ContainerSpec,
    pub caption: Option<String>,
    pub user_tags: Vec<UserTag>,
    pub location_id: Option<String>,
    pub collaborators: Vec<String>,
    /// A reel's original-audio name (`audio_name`).
    pub audio_name: Option<String>,
    /// A trial reel's `graduation_strategy` (`MANUAL`, `SS_PERFORMANCE`),
    /// sent as `trial_params`.
    pub trial_graduation: Option<String>,
    /// `is_ai_generated`: never on carousel items.
    pub is_ai_generated: bool,
    /// Create for a resumable upload (`upload_type=resumable`): the video is
    /// sent afterwards with [`super::InstagramApi::upload_video`].
    pub resumable: bool,
}

impl ContainerRequest {
    pub fn new(spec: ContainerSpec) -> Self {
        Self {
            spec,
            caption: None,
            user_tags: Vec::new(),
            location_id: None,
            collaborators: Vec::new(),
            audio_name: None,
            trial_graduation: None,
            is_ai_generated: false,
            resumable: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedContainer {
    pub id: String,
    /// Where to upload the video bytes, for resumable containers.
    pub upload_uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerStatus {
    InProgress,
    Finished,
    Published,
    /// Instagram's free-text reason, e.g. "Error: Media upload has failed
    /// with error code 2207082".
    Error(String),
    Expired,
    Unknown(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishingLimit {
    pub quota_usage: u32,
    pub quota_total: Option<u32>,
    pub quota_duration: Option<Duration>,
}

/// The video for a resumable upload: a file streamed from disk, or a URL
/// Instagram fetches itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadSource {
    File { path: PathBuf, size: u64 },
    HostedUrl(String),
}
