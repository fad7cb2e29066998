//! The media library's facts and problems in the user's words: sizes,
//! durations, ratios, what Instagram would refuse, and why an upload was
//! refused.

use poem::http::StatusCode;
use socialflow_core::media::MediaError;

use crate::i18n::{Arg, Tr};

// Shared with the API's post problems (they name media problems too).
pub use crate::http::media_text::{bytes, duration, kind_word, problem_text};

/// "50", "12.5": a pixel count in megapixels.
pub fn megapixels(pixels: u64) -> String {
    let text = format!("{:.1}", pixels as f64 / 1_000_000.0);
    text.trim_end_matches(".0").to_string()
}

/// The translated message and status for a refused upload.
pub fn upload_error(tr: &Tr, e: &MediaError) -> (StatusCode, String) {
    match e {
        MediaError::TooLarge { limit } => (
            StatusCode::PAYLOAD_TOO_LARGE,
            tr.t1("media-error-too-large", "limit", bytes(tr, *limit)),
        ),
        MediaError::Empty => (StatusCode::BAD_REQUEST, tr.t("media-error-empty")),
        MediaError::UnsupportedType { detected: Some(f) } => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            tr.t1("media-error-type-named", "format", f.to_uppercase()),
        ),
        MediaError::UnsupportedType { detected: None } => {
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, tr.t("media-error-type"))
        }
        MediaError::Unreadable { reason } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t1("media-error-unreadable", "reason", reason.clone()),
        ),
        MediaError::ImageTooLarge {
            width,
            height,
            max_pixels,
        } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t_args(
                "media-error-image-too-large",
                &[
                    ("width", Arg::from(width.to_string())),
                    ("height", Arg::from(height.to_string())),
                    ("max", Arg::from(megapixels(*max_pixels))),
                ],
            ),
        ),
        MediaError::ImageFileTooLarge { limit } => (
            StatusCode::PAYLOAD_TOO_LARGE,
            tr.t1(
                "media-error-image-file-too-large",
                "limit",
                bytes(tr, *limit),
            ),
        ),
        MediaError::Interrupted => (StatusCode::BAD_REQUEST, tr.t("media-error-interrupted")),
        MediaError::NotFound => (StatusCode::NOT_FOUND, tr.t("error-not-found")),
        MediaError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, tr.t("error-internal")),
    }
}
