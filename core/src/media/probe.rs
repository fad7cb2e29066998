use serde::{Deserialize, Serialize};

/// A file's format as read from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaFormat {
    Jpeg,
    Png,
    Webp,
    Mp4,
    Mov,
}

impl MediaFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaFormat::Jpeg => "jpeg",
            MediaFormat::Png => "png",
            MediaFormat::Webp => "webp",
            MediaFormat::Mp4 => "mp4",
            MediaFormat::Mov => "mov",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            MediaFormat::Jpeg => "image/jpeg",
            MediaFormat::Png => "image/png",
            MediaFormat::Webp => "image/webp",
            MediaFormat::Mp4 => "video/mp4",
            MediaFormat::Mov => "video/quicktime",
        }
    }

    pub fn is_image(self) -> bool {
        matches!(
            self,
            MediaFormat::Jpeg | MediaFormat::Png | MediaFormat::Webp
        )
    }
}

/// What probing a file found. Fields a format does not have, or that the
/// file does not say, are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaProbe {
    pub format: MediaFormat,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Milliseconds (videos).
    pub duration_ms: Option<u64>,
    /// Sample entry of the video track: `avc1`, `hvc1`, `mp4v`, …
    pub video_codec: Option<String>,
    pub frame_rate: Option<f64>,
    /// Sample entry of the audio track: `mp4a` (AAC), …
    pub audio_codec: Option<String>,
    pub has_audio: bool,
    /// Video bits per second, when the container says.
    pub bitrate: Option<u64>,
    /// Whether the `moov` atom precedes the media data (Instagram wants it
    /// at the front).
    pub moov_at_front: Option<bool>,
}

impl MediaProbe {
    /// A probe with only the format known.
    pub fn new(format: MediaFormat) -> Self {
        Self {
            format,
            width: None,
            height: None,
            duration_ms: None,
            video_codec: None,
            frame_rate: None,
            audio_codec: None,
            has_audio: false,
            bitrate: None,
            moov_at_front: None,
        }
    }

    /// Width divided by height, when both are known.
    pub fn aspect(&self) -> Option<f64> {
        match (self.width, self.height) {
            (Some(w), Some(h)) if h > 0 => Some(f64::from(w) / f64::from(h)),
            _ => None,
        }
    }
}
