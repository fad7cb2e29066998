//! Instagram's media requirements per use, in one place because Instagram
//! changes them (source: the API reference, §4.6 "Media requirements").
//! Limits the reference calls unverified produce warnings, not refusals.

use std::fmt;

use super::{MediaFile, MediaFormat, MediaKind, MediaProbe};

const MIB: u64 = 1024 * 1024;

/// Images: JPEG only, at most 8 MiB (error 2207004 says "> 8 MiB").
pub const IMAGE_MAX_BYTES: u64 = 8 * MIB;
/// Feed and carousel images: 4:5 …
pub const IMAGE_ASPECT_MIN: f64 = 0.8;
/// … to 1.91:1.
pub const IMAGE_ASPECT_MAX: f64 = 1.91;
/// Instagram scales images outside this width instead of refusing them.
pub const IMAGE_WIDTH: (u32, u32) = (320, 1440);
/// The largest picture Instagram shows: 1440 px wide, and 9:16 at that
/// width (stories, reel covers). Larger uploads are scaled down to fit.
pub const IMAGE_MAX_FRAME: (u32, u32) = (1440, 2560);
/// Image files larger than this are refused before decoding (Instagram
/// takes at most 8 MiB; this leaves room for PNG and WebP to convert).
pub const IMAGE_MAX_SOURCE_BYTES: u64 = 64 * MIB;
pub const REEL_DURATION_MS: (u64, u64) = (3_000, 15 * 60_000);
pub const REEL_MAX_BYTES: u64 = 300 * MIB;
pub const REEL_ASPECT: (f64, f64) = (0.01, 10.0);
pub const STORY_DURATION_MS: (u64, u64) = (3_000, 60_000);
pub const STORY_VIDEO_MAX_BYTES: u64 = 100 * MIB;
pub const STORY_ASPECT: (f64, f64) = (0.1, 10.0);
pub const VIDEO_MAX_WIDTH: u32 = 1920;
pub const VIDEO_FPS: (u32, u32) = (23, 60);
/// 25 Mbps.
pub const VIDEO_MAX_BITRATE: u64 = 25_000_000;
/// 9:16, recommended for reels, stories and reel covers.
pub const VERTICAL: f64 = 9.0 / 16.0;
/// Sample entries of H.264 and HEVC.
const VIDEO_CODECS: [&str; 4] = ["avc1", "avc3", "hvc1", "hev1"];
/// AAC.
const AUDIO_CODECS: [&str; 1] = ["mp4a"];

/// What a file could be used as on Instagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaUse {
    ReelVideo,
    ReelCover,
    FeedImage,
    CarouselImage,
    CarouselVideo,
    StoryImage,
    StoryVideo,
}

impl MediaUse {
    pub const ALL: [MediaUse; 7] = [
        MediaUse::ReelVideo,
        MediaUse::ReelCover,
        MediaUse::FeedImage,
        MediaUse::CarouselImage,
        MediaUse::CarouselVideo,
        MediaUse::StoryImage,
        MediaUse::StoryVideo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MediaUse::ReelVideo => "reel_video",
            MediaUse::ReelCover => "reel_cover",
            MediaUse::FeedImage => "feed_image",
            MediaUse::CarouselImage => "carousel_image",
            MediaUse::CarouselVideo => "carousel_video",
            MediaUse::StoryImage => "story_image",
            MediaUse::StoryVideo => "story_video",
        }
    }

    /// The kind of file this use takes.
    pub fn kind(self) -> MediaKind {
        match self {
            MediaUse::ReelVideo | MediaUse::CarouselVideo | MediaUse::StoryVideo => {
                MediaKind::Video
            }
            _ => MediaKind::Image,
        }
    }

    /// English label, as in "for a Reel: …".
    pub fn label(self) -> &'static str {
        match self {
            MediaUse::ReelVideo => "a Reel",
            MediaUse::ReelCover => "a Reel cover",
            MediaUse::FeedImage => "a feed post",
            MediaUse::CarouselImage => "a carousel image",
            MediaUse::CarouselVideo => "a carousel video",
            MediaUse::StoryImage => "an image Story",
            MediaUse::StoryVideo => "a video Story",
        }
    }
}

/// Whether Instagram refuses the file or the reference only suggests it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Refusal,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Refusal => "refusal",
            Severity::Warning => "warning",
        }
    }
}

/// One way a file does not meet a use's requirements, with the numbers so
/// every language can say it precisely.
#[derive(Debug, Clone, PartialEq)]
pub enum MediaProblem {
    WrongKind {
        expected: MediaKind,
        actual: MediaKind,
    },
    NotJpeg {
        actual: MediaFormat,
    },
    FileTooLarge {
        max_bytes: u64,
        actual_bytes: u64,
    },
    /// Width ÷ height outside the allowed range.
    AspectOutOfRange {
        min: f64,
        max: f64,
        actual: f64,
    },
    /// Allowed, but Instagram crops or recommends another shape.
    AspectNotRecommended {
        recommended: f64,
        actual: f64,
    },
    /// Instagram scales the image; not a refusal.
    WidthOutOfRange {
        min: u32,
        max: u32,
        actual: u32,
    },
    DurationOutOfRange {
        min_ms: u64,
        max_ms: u64,
        actual_ms: u64,
    },
    /// The reference gives no limit for this use; these are the Reel limits.
    DurationUnverified {
        min_ms: u64,
        max_ms: u64,
        actual_ms: u64,
    },
    VideoCodecUnsupported {
        actual: Option<String>,
    },
    AudioCodecUnsupported {
        actual: String,
    },
    FrameRateOutOfRange {
        min: u32,
        max: u32,
        actual: f64,
    },
    VideoTooWide {
        max: u32,
        actual: u32,
    },
    BitrateTooHigh {
        max: u64,
        actual: u64,
    },
    /// The `moov` atom follows the media data.
    MoovNotAtFront,
    /// The probe could not tell the dimensions or the duration.
    NotMeasured {
        what: &'static str,
    },
}

impl MediaProblem {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            MediaProblem::WrongKind { .. } => "wrong_kind",
            MediaProblem::NotJpeg { .. } => "not_jpeg",
            MediaProblem::FileTooLarge { .. } => "file_too_large",
            MediaProblem::AspectOutOfRange { .. } => "aspect_out_of_range",
            MediaProblem::AspectNotRecommended { .. } => "aspect_not_recommended",
            MediaProblem::WidthOutOfRange { .. } => "width_out_of_range",
            MediaProblem::DurationOutOfRange { .. } => "duration_out_of_range",
            MediaProblem::DurationUnverified { .. } => "duration_unverified",
            MediaProblem::VideoCodecUnsupported { .. } => "video_codec_unsupported",
            MediaProblem::AudioCodecUnsupported { .. } => "audio_codec_unsupported",
            MediaProblem::FrameRateOutOfRange { .. } => "frame_rate_out_of_range",
            MediaProblem::VideoTooWide { .. } => "video_too_wide",
            MediaProblem::BitrateTooHigh { .. } => "bitrate_too_high",
            MediaProblem::MoovNotAtFront => "moov_not_at_front",
            MediaProblem::NotMeasured { .. } => "not_measured",
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            MediaProblem::AspectNotRecommended { .. }
            | MediaProblem::WidthOutOfRange { .. }
            | MediaProblem::DurationUnverified { .. }
            | MediaProblem::NotMeasured { .. } => Severity::Warning,
            _ => Severity::Refusal,
        }
    }

    /// Whether converting the video to H.264/AAC MP4 removes the problem.
    pub fn fixed_by_transcoding(&self) -> bool {
        matches!(
            self,
            MediaProblem::VideoCodecUnsupported { .. }
                | MediaProblem::AudioCodecUnsupported { .. }
                | MediaProblem::FrameRateOutOfRange { .. }
                | MediaProblem::VideoTooWide { .. }
                | MediaProblem::BitrateTooHigh { .. }
                | MediaProblem::MoovNotAtFront
        )
    }

    /// English sentence for a use: "for a Reel: 3 s to 15 min; this is 16 min 2 s".
    pub fn describe(&self, use_: MediaUse) -> String {
        format!("for {}: {self}", use_.label())
    }
}

/// "16 min 2 s", "3 s", "1 h 2 min", "2.5 s".
pub fn format_duration_en(ms: u64) -> String {
    let total_s = ms / 1000;
    let (h, m, s) = (total_s / 3600, (total_s / 60) % 60, total_s % 60);
    if h > 0 {
        return if m > 0 {
            format!("{h} h {m} min")
        } else {
            format!("{h} h")
        };
    }
    if m > 0 {
        return if s > 0 {
            format!("{m} min {s} s")
        } else {
            format!("{m} min")
        };
    }
    if !ms.is_multiple_of(1000) && ms < 10_000 {
        return format!("{:.1} s", ms as f64 / 1000.0);
    }
    format!("{s} s")
}

/// "0.75:1", "1.91:1", "9:16" for the vertical format.
pub fn format_ratio(r: f64) -> String {
    if (r - VERTICAL).abs() < 1e-9 {
        return "9:16".into();
    }
    if (r - 0.8).abs() < 1e-9 {
        return "4:5".into();
    }
    let text = format!("{r:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}:1")
}

/// "8 MiB", "9.3 MiB", "512 KiB".
pub fn format_bytes(n: u64) -> String {
    if n >= MIB {
        let v = n as f64 / MIB as f64;
        if n.is_multiple_of(MIB) {
            format!("{} MiB", n / MIB)
        } else {
            format!("{v:.1} MiB")
        }
    } else {
        format!("{} KiB", n.div_ceil(1024))
    }
}

impl fmt::Display for MediaProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MediaProblem::*;
        match self {
            WrongKind { expected, actual } => write!(
                f,
                "needs {} file; this is {} file",
                article(*expected),
                article(*actual)
            ),
            NotJpeg { actual } => write!(f, "JPEG only; this is {}", actual.as_str()),
            FileTooLarge {
                max_bytes,
                actual_bytes,
            } => write!(
                f,
                "at most {}; this is {}",
                format_bytes(*max_bytes),
                format_bytes(*actual_bytes)
            ),
            AspectOutOfRange { min, max, actual } => write!(
                f,
                "aspect ratio {} to {}; this is {}",
                format_ratio(*min),
                format_ratio(*max),
                format_ratio(*actual)
            ),
            AspectNotRecommended {
                recommended,
                actual,
            } => write!(
                f,
                "{} is recommended (Instagram crops other shapes); this is {}",
                format_ratio(*recommended),
                format_ratio(*actual)
            ),
            WidthOutOfRange { min, max, actual } => write!(
                f,
                "Instagram scales images to {min}–{max} px wide; this is {actual} px"
            ),
            DurationOutOfRange {
                min_ms,
                max_ms,
                actual_ms,
            } => write!(
                f,
                "{} to {}; this is {}",
                format_duration_en(*min_ms),
                format_duration_en(*max_ms),
                format_duration_en(*actual_ms)
            ),
            DurationUnverified {
                min_ms,
                max_ms,
                actual_ms,
            } => write!(
                f,
                "probably {} to {} (unverified); this is {}",
                format_duration_en(*min_ms),
                format_duration_en(*max_ms),
                format_duration_en(*actual_ms)
            ),
            VideoCodecUnsupported { actual } => write!(
                f,
                "H.264 or HEVC video only; this is {}",
                actual
                    .as_deref()
                    .unwrap_or("a codec that could not be read")
            ),
            AudioCodecUnsupported { actual } => {
                write!(f, "AAC audio only; this is {actual}")
            }
            FrameRateOutOfRange { min, max, actual } => {
                write!(f, "{min} to {max} frames per second; this is {actual:.2}")
            }
            VideoTooWide { max, actual } => {
                write!(f, "at most {max} px wide; this is {actual} px")
            }
            BitrateTooHigh { max, actual } => write!(
                f,
                "at most {} Mbps; this is {:.1} Mbps",
                max / 1_000_000,
                *actual as f64 / 1_000_000.0
            ),
            MoovNotAtFront => write!(
                f,
                "the index (moov atom) must come before the video data; here it comes after"
            ),
            NotMeasured { what } => write!(f, "could not read the {what} of this file"),
        }
    }
}

fn article(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Image => "an image",
        MediaKind::Video => "a video",
    }
}

/// Every requirement of `use_` the file does not meet.
pub fn problems_for(use_: MediaUse, probe: &MediaProbe, byte_size: u64) -> Vec<MediaProblem> {
    let actual_kind = if probe.format.is_image() {
        MediaKind::Image
    } else {
        MediaKind::Video
    };
    if use_.kind() != actual_kind {
        return vec![MediaProblem::WrongKind {
            expected: use_.kind(),
            actual: actual_kind,
        }];
    }
    match actual_kind {
        MediaKind::Image => image_problems(use_, probe, byte_size),
        MediaKind::Video => video_problems(use_, probe, byte_size),
    }
}

fn image_problems(use_: MediaUse, probe: &MediaProbe, byte_size: u64) -> Vec<MediaProblem> {
    let mut out = Vec::new();
    if probe.format != MediaFormat::Jpeg {
        out.push(MediaProblem::NotJpeg {
            actual: probe.format,
        });
    }
    if byte_size > IMAGE_MAX_BYTES {
        out.push(MediaProblem::FileTooLarge {
            max_bytes: IMAGE_MAX_BYTES,
            actual_bytes: byte_size,
        });
    }
    let Some(aspect) = probe.aspect() else {
        out.push(MediaProblem::NotMeasured { what: "dimensions" });
        return out;
    };
    match use_ {
        MediaUse::FeedImage | MediaUse::CarouselImage => {
            if !(IMAGE_ASPECT_MIN..=IMAGE_ASPECT_MAX).contains(&round2(aspect)) {
                out.push(MediaProblem::AspectOutOfRange {
                    min: IMAGE_ASPECT_MIN,
                    max: IMAGE_ASPECT_MAX,
                    actual: round2(aspect),
                });
            }
            if let Some(w) = probe.width
                && !(IMAGE_WIDTH.0..=IMAGE_WIDTH.1).contains(&w)
            {
                out.push(MediaProblem::WidthOutOfRange {
                    min: IMAGE_WIDTH.0,
                    max: IMAGE_WIDTH.1,
                    actual: w,
                });
            }
        }
        MediaUse::StoryImage | MediaUse::ReelCover if !is_vertical(aspect) => {
            out.push(MediaProblem::AspectNotRecommended {
                recommended: VERTICAL,
                actual: round2(aspect),
            });
        }
        _ => {}
    }
    out
}

fn video_problems(use_: MediaUse, probe: &MediaProbe, byte_size: u64) -> Vec<MediaProblem> {
    let mut out = Vec::new();
    let (max_bytes, aspect_range, duration) = match use_ {
        MediaUse::StoryVideo => (STORY_VIDEO_MAX_BYTES, STORY_ASPECT, STORY_DURATION_MS),
        _ => (REEL_MAX_BYTES, REEL_ASPECT, REEL_DURATION_MS),
    };
    match probe.video_codec.as_deref() {
        Some(c) if VIDEO_CODECS.contains(&c) => {}
        other => out.push(MediaProblem::VideoCodecUnsupported {
            actual: other.map(str::to_string),
        }),
    }
    if let Some(a) = probe.audio_codec.as_deref()
        && !AUDIO_CODECS.contains(&a)
    {
        out.push(MediaProblem::AudioCodecUnsupported {
            actual: a.to_string(),
        });
    }
    if let Some(fps) = probe.frame_rate
        && !(f64::from(VIDEO_FPS.0) - 0.5..=f64::from(VIDEO_FPS.1) + 0.5).contains(&fps)
    {
        out.push(MediaProblem::FrameRateOutOfRange {
            min: VIDEO_FPS.0,
            max: VIDEO_FPS.1,
            actual: (fps * 100.0).round() / 100.0,
        });
    }
    if let Some(w) = probe.width
        && w > VIDEO_MAX_WIDTH
    {
        out.push(MediaProblem::VideoTooWide {
            max: VIDEO_MAX_WIDTH,
            actual: w,
        });
    }
    if let Some(b) = probe.bitrate
        && b > VIDEO_MAX_BITRATE
    {
        out.push(MediaProblem::BitrateTooHigh {
            max: VIDEO_MAX_BITRATE,
            actual: b,
        });
    }
    if probe.moov_at_front == Some(false) {
        out.push(MediaProblem::MoovNotAtFront);
    }
    if byte_size > max_bytes {
        out.push(MediaProblem::FileTooLarge {
            max_bytes,
            actual_bytes: byte_size,
        });
    }
    match probe.aspect() {
        Some(a) => {
            if !(aspect_range.0..=aspect_range.1).contains(&a) {
                out.push(MediaProblem::AspectOutOfRange {
                    min: aspect_range.0,
                    max: aspect_range.1,
                    actual: round2(a),
                });
            } else if use_ != MediaUse::CarouselVideo && !is_vertical(a) {
                out.push(MediaProblem::AspectNotRecommended {
                    recommended: VERTICAL,
                    actual: round2(a),
                });
            }
        }
        None => out.push(MediaProblem::NotMeasured { what: "dimensions" }),
    }
    match probe.duration_ms {
        Some(d) if !(duration.0..=duration.1).contains(&d) => {
            out.push(if use_ == MediaUse::CarouselVideo {
                MediaProblem::DurationUnverified {
                    min_ms: duration.0,
                    max_ms: duration.1,
                    actual_ms: d,
                }
            } else {
                MediaProblem::DurationOutOfRange {
                    min_ms: duration.0,
                    max_ms: duration.1,
                    actual_ms: d,
                }
            })
        }
        Some(_) => {}
        None => out.push(MediaProblem::NotMeasured { what: "duration" }),
    }
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn is_vertical(aspect: f64) -> bool {
    (aspect - VERTICAL).abs() < 0.01
}

/// The problems of a stored file for each use of its kind.
pub fn problems_by_use(file: &MediaFile) -> Vec<(MediaUse, Vec<MediaProblem>)> {
    MediaUse::ALL
        .iter()
        .filter(|u| u.kind() == file.kind)
        .map(|u| (*u, problems_for(*u, &file.probe, file.byte_size)))
        .collect()
}

/// Whether a video has problems a transcode fixes (for any video use).
pub fn needs_transcode(probe: &MediaProbe) -> bool {
    !probe.format.is_image()
        && problems_for(MediaUse::ReelVideo, probe, 0)
            .iter()
            .any(MediaProblem::fixed_by_transcoding)
}

/// How to transcode one video.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscodeSpec {
    pub max_width: u32,
    /// Force this frame rate (when the source's is out of range).
    pub frame_rate: Option<u32>,
    /// For progress in percent.
    pub duration_ms: Option<u64>,
    /// Target video bits per second.
    pub max_bitrate: u64,
}

/// How to transcode this video so the result meets the rules.
pub fn transcode_spec(probe: &MediaProbe) -> TranscodeSpec {
    // An unknown rate is forced too, so the result surely meets the rules.
    let fps_ok = probe.frame_rate.is_some_and(|f| {
        (f64::from(VIDEO_FPS.0) - 0.5..=f64::from(VIDEO_FPS.1) + 0.5).contains(&f)
    });
    TranscodeSpec {
        max_width: VIDEO_MAX_WIDTH,
        frame_rate: (!fps_ok).then_some(30),
        duration_ms: probe.duration_ms,
        max_bitrate: VIDEO_MAX_BITRATE / 2,
    }
}

/// The canvas an image must be padded to so its aspect ratio is within
/// 4:5 – 1.91:1 (the nearest allowed ratio), or `None` when it already is.
pub fn pad_target(width: u32, height: u32) -> Option<(u32, u32)> {
    if width == 0 || height == 0 {
        return None;
    }
    let (w, h) = (u64::from(width), u64::from(height));
    if w * 5 < h * 4 {
        // Too tall: widen to 4:5.
        let new_w = (h * 4).div_ceil(5);
        return u32::try_from(new_w).ok().map(|nw| (nw, height));
    }
    if w * 100 > h * 191 {
        // Too wide: heighten to 1.91:1.
        let new_h = (w * 100).div_ceil(191);
        return u32::try_from(new_h).ok().map(|nh| (width, nh));
    }
    None
}

/// What an uploaded image becomes: the upright picture scaled to
/// `width`×`height`, centred on a white canvas of `canvas` (the same size
/// when it is not padded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLayout {
    pub width: u32,
    pub height: u32,
    pub canvas: (u32, u32),
}

/// How to store an upright `width`×`height` image: scaled down to fit
/// [`IMAGE_MAX_FRAME`] (padding included) and, with `pad`, padded to the
/// nearest allowed ratio. `None` when it is kept as it is. The result never
/// exceeds the frame, whatever the input (a 1×40000 strip padded to 4:5
/// becomes 1440×1800, not 32000×40000).
pub fn image_layout(width: u32, height: u32, pad: bool) -> Option<ImageLayout> {
    if width == 0 || height == 0 {
        return None;
    }
    let (cw, ch) = if pad {
        pad_target(width, height).unwrap_or((width, height))
    } else {
        (width, height)
    };
    let (fw, fh) = IMAGE_MAX_FRAME;
    let scale = (f64::from(fw) / f64::from(cw))
        .min(f64::from(fh) / f64::from(ch))
        .min(1.0);
    // Rounded down, so the padded canvas (rounded up) still fits the frame.
    let scaled = |n: u32| ((f64::from(n) * scale).floor() as u32).max(1);
    let (w, h) = if scale < 1.0 {
        (scaled(width).min(fw), scaled(height).min(fh))
    } else {
        (width, height)
    };
    let canvas = if pad {
        pad_target(w, h).unwrap_or((w, h))
    } else {
        (w, h)
    };
    let canvas = (canvas.0.min(fw).max(w), canvas.1.min(fh).max(h));
    if (w, h) == (width, height) && canvas == (width, height) {
        return None;
    }
    Some(ImageLayout {
        width: w,
        height: h,
        canvas,
    })
}
