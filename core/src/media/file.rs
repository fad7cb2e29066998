use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{MediaId, MediaProbe};
use crate::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Video,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "image" => Some(MediaKind::Image),
            "video" => Some(MediaKind::Video),
            _ => None,
        }
    }
}

/// Where a file stands: usable as it is, waiting for or in conversion, or
/// the conversion failed (the original is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaStatus {
    Ready,
    /// Instagram would refuse the video as it is; a transcode will fix it.
    NeedsTranscode,
    Transcoding {
        percent: u8,
    },
    TranscodeFailed {
        reason: String,
    },
}

impl MediaStatus {
    /// The stored name of the state.
    pub fn as_str(&self) -> &'static str {
        match self {
            MediaStatus::Ready => "ready",
            MediaStatus::NeedsTranscode => "needs_transcode",
            MediaStatus::Transcoding { .. } => "transcoding",
            MediaStatus::TranscodeFailed { .. } => "transcode_failed",
        }
    }

    /// Rebuilds a status from its stored columns.
    pub fn from_parts(name: &str, percent: u8, detail: Option<String>) -> Option<Self> {
        Some(match name {
            "ready" => MediaStatus::Ready,
            "needs_transcode" => MediaStatus::NeedsTranscode,
            "transcoding" => MediaStatus::Transcoding {
                percent: percent.min(100),
            },
            "transcode_failed" => MediaStatus::TranscodeFailed {
                reason: detail.unwrap_or_default(),
            },
            _ => return None,
        })
    }

    pub fn percent(&self) -> u8 {
        match self {
            MediaStatus::Transcoding { percent } => *percent,
            MediaStatus::Ready => 100,
            _ => 0,
        }
    }

    pub fn detail(&self) -> Option<&str> {
        match self {
            MediaStatus::TranscodeFailed { reason } => Some(reason),
            _ => None,
        }
    }
}

/// An uploaded file and what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaFile {
    pub id: MediaId,
    pub owner: UserId,
    pub kind: MediaKind,
    pub content_type: String,
    pub byte_size: u64,
    /// The name the file had on the uploader's machine (shown, never used
    /// as a path).
    pub original_name: String,
    pub probe: MediaProbe,
    pub status: MediaStatus,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
