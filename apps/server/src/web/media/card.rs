//! A file of the media library as a card: thumbnail, facts, conversion
//! state and, per use (post, story, reel…), what Instagram would refuse.

use socialflow_core::media::{
    MediaFile, MediaKind, MediaStatus, MediaUse, Severity, problems_by_use,
};

use super::text::{bytes, duration, kind_word, problem_text};
use crate::i18n::Tr;
use crate::state::AppState;

pub struct ProblemLine {
    pub text: String,
    /// `bad` for refusals, `warn` for warnings.
    pub class: &'static str,
}

pub struct UseRow {
    pub label: String,
    pub ok: bool,
    pub problems: Vec<ProblemLine>,
}

pub struct MediaCard {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub thumb: Option<String>,
    /// A video's address: the page shows its first frame as the thumbnail.
    pub video: Option<String>,
    pub size: String,
    pub dimensions: Option<String>,
    pub duration: Option<String>,
    pub codecs: Option<String>,
    pub status: String,
    pub status_class: &'static str,
    pub progress: Option<u8>,
    pub uses: Vec<UseRow>,
}

fn use_label(tr: &Tr, u: MediaUse) -> String {
    tr.t(&format!("media-use-{}", u.as_str()))
}

fn status_text(tr: &Tr, status: &MediaStatus, can_transcode: bool) -> (String, &'static str) {
    match status {
        MediaStatus::Ready => (tr.t("media-status-ready"), "good"),
        MediaStatus::NeedsTranscode if can_transcode => {
            (tr.t("media-status-needs_transcode"), "warn")
        }
        MediaStatus::NeedsTranscode => (tr.t("media-status-no-ffmpeg"), "bad"),
        MediaStatus::Transcoding { percent } => (
            tr.t1("media-status-transcoding", "percent", i64::from(*percent)),
            "warn",
        ),
        MediaStatus::TranscodeFailed { reason } => (
            tr.t1("media-status-transcode_failed", "reason", reason.clone()),
            "bad",
        ),
    }
}

pub fn card(state: &AppState, tr: &Tr, f: MediaFile, can_transcode: bool) -> MediaCard {
    let uses = problems_by_use(&f)
        .into_iter()
        .map(|(u, problems)| UseRow {
            label: use_label(tr, u),
            ok: problems.iter().all(|p| p.severity() == Severity::Warning),
            problems: problems
                .iter()
                .map(|p| {
                    let mut text = problem_text(tr, p);
                    if p.fixed_by_transcoding() {
                        text = format!("{text} ({})", tr.t("media-fixed-by-transcoding"));
                    }
                    ProblemLine {
                        text,
                        class: match p.severity() {
                            Severity::Refusal => "bad",
                            Severity::Warning => "warn",
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let (status, status_class) = status_text(tr, &f.status, can_transcode);
    let codecs = f.probe.video_codec.as_ref().map(|v| {
        let mut c = v.clone();
        if let Some(a) = &f.probe.audio_codec {
            c = format!("{c} / {a}");
        }
        if let Some(fps) = f.probe.frame_rate {
            c = format!("{c}, {fps:.2} fps");
        }
        c
    });
    MediaCard {
        id: f.id.to_string(),
        thumb: (f.kind == MediaKind::Image)
            .then(|| state.media.signed_url(f.id, state.clock.now())),
        video: (f.kind == MediaKind::Video)
            .then(|| state.media.signed_url(f.id, state.clock.now())),
        name: f.original_name.clone(),
        kind: kind_word(tr, f.kind),
        size: bytes(tr, f.byte_size),
        dimensions: f
            .probe
            .width
            .zip(f.probe.height)
            .map(|(w, h)| format!("{w}×{h}")),
        duration: f.probe.duration_ms.map(|ms| duration(tr, ms)),
        codecs,
        status,
        status_class,
        progress: match f.status {
            MediaStatus::Transcoding { percent } => Some(percent),
            _ => None,
        },
        uses,
    }
}
