//! A post's files against Instagram's per-use media rules
//! (`media::problems_for`), so a post that would fail at publishing time is
//! refused when it is scheduled, with the fix named.

use super::{MediaClass, MediaFacts, PostKind};
use crate::media::{
    IMAGE_ASPECT_MAX, IMAGE_ASPECT_MIN, MediaId, MediaProblem, MediaUse, Severity, problems_for,
};

/// Which of the post's files a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaSlot {
    /// 1-based position among the post's files.
    Item(usize),
    /// A reel's cover image.
    Cover,
}

/// What removes a problem, when the product can do it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MediaFix {
    /// Upload the image again padded (white bars) to this width ÷ height,
    /// the nearest allowed ratio; the media library does it on upload.
    Pad { ratio: f64 },
    /// Convert the video to H.264/AAC MP4; the media library does it when
    /// ffmpeg is installed.
    Transcode,
}

impl MediaFix {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaFix::Pad { .. } => "pad",
            MediaFix::Transcode => "transcode",
        }
    }
}

/// One rule a chosen file breaks for the use the post makes of it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaIssue {
    pub slot: MediaSlot,
    pub media_id: MediaId,
    pub use_: MediaUse,
    pub problem: MediaProblem,
    /// Instagram would refuse it, nothing under way fixes it, and the post
    /// is being scheduled: the save is refused. A draft keeps such problems
    /// as warnings.
    pub blocking: bool,
    /// The library is converting the file and that fixes this problem.
    pub converting: bool,
    pub fix: Option<MediaFix>,
}

/// What the post makes of a file of `class` in `slot`: `None` when the
/// class does not fit the kind (reported as `NeedsImage`/`NeedsVideo`).
pub fn use_of(kind: PostKind, class: MediaClass, slot: MediaSlot) -> Option<MediaUse> {
    match (slot, kind, class) {
        (MediaSlot::Cover, PostKind::Reel, MediaClass::Image) => Some(MediaUse::ReelCover),
        (MediaSlot::Cover, _, _) => None,
        (_, PostKind::Post, MediaClass::Image) => Some(MediaUse::FeedImage),
        (_, PostKind::Reel, MediaClass::Video) => Some(MediaUse::ReelVideo),
        (_, PostKind::Carousel, MediaClass::Image) => Some(MediaUse::CarouselImage),
        (_, PostKind::Carousel, MediaClass::Video) => Some(MediaUse::CarouselVideo),
        (_, PostKind::Story, MediaClass::Image) => Some(MediaUse::StoryImage),
        (_, PostKind::Story, MediaClass::Video) => Some(MediaUse::StoryVideo),
        (_, PostKind::Post, MediaClass::Video) | (_, PostKind::Reel, MediaClass::Image) => None,
    }
}

fn fix_for(problem: &MediaProblem) -> Option<MediaFix> {
    match problem {
        // Only images have a 4:5–1.91:1 range; pad to its nearer end.
        MediaProblem::AspectOutOfRange { min, max, actual }
            if *min == IMAGE_ASPECT_MIN && *max == IMAGE_ASPECT_MAX =>
        {
            Some(MediaFix::Pad {
                ratio: if *actual < *min { *min } else { *max },
            })
        }
        p if p.fixed_by_transcoding() => Some(MediaFix::Transcode),
        _ => None,
    }
}

/// Every rule the file in `slot` breaks as `kind` uses it.
pub fn issues(
    kind: PostKind,
    slot: MediaSlot,
    media_id: MediaId,
    facts: &MediaFacts,
    scheduling: bool,
) -> Vec<MediaIssue> {
    let Some(use_) = use_of(kind, facts.class, slot) else {
        return Vec::new();
    };
    problems_for(use_, &facts.probe, facts.byte_size)
        .into_iter()
        .map(|problem| {
            let converting = facts.converting && problem.fixed_by_transcoding();
            MediaIssue {
                slot,
                media_id,
                use_,
                blocking: scheduling && problem.severity() == Severity::Refusal && !converting,
                converting,
                fix: fix_for(&problem),
                problem,
            }
        })
        .collect()
}
