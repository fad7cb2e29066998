//! The Media library page: upload (CSRF-checked multipart, streamed), the
//! list with thumbnails, facts, conversion status and, per use, what
//! Instagram would refuse, in the user's language; delete with confirmation.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, CsrfVerifier, Data, Form, Multipart, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::media::{
    MediaError, MediaFile, MediaId, MediaKind, MediaStatus, MediaUse, Severity, UploadOptions,
    problems_by_use,
};

use super::layout::{Layout, Notice};
use super::pages::{csrf_error, error_page, internal_error};
use super::session::WebUser;
// Shared with the API's problem texts.
pub use crate::http::media_text::{bytes, duration, kind_word, problem_text};
use crate::i18n::{Arg, Tr};
use crate::media_upload::{FirstField, UploadFormError, declared_too_large, read_upload};
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

#[derive(Template, WebTemplate)]
#[template(path = "media.html")]
pub struct MediaPage {
    l: Layout,
    notice: Option<Notice>,
    pad_checked: bool,
    limit: String,
    files: Vec<MediaCard>,
}

#[derive(Template, WebTemplate)]
#[template(path = "media_delete.html")]
pub struct DeletePage {
    l: Layout,
    id: String,
    name: String,
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

async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    notice: Option<Notice>,
    pad_checked: bool,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let files = match state.media.list(me.user.id).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "cannot list media");
            return internal_error(req, Some(&me.user));
        }
    };
    let can = state.media.can_transcode().await;
    MediaPage {
        notice,
        pad_checked,
        limit: bytes(&tr, state.media.settings().max_upload_bytes),
        files: files
            .into_iter()
            .map(|f| card(state, &tr, f, can))
            .collect(),
        l: Layout::new(tr, "media-title", Some(&me.user), csrf, "/media"),
    }
    .with_status(status)
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MediaQuery {
    notice: String,
    name: String,
    /// `pad=1` ticks "Pad images" (the composer's fix for a wrong ratio).
    pad: String,
}

#[handler]
pub async fn list(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<MediaQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "uploaded" => Notice::ok(tr.t1("media-uploaded", "name", q.name.as_str())),
        "deleted" => Notice::ok(tr.t("media-deleted")),
        _ => None,
    };
    let pad = !q.pad.is_empty();
    render(&state, req, &me, &csrf.0, notice, pad, StatusCode::OK).await
}

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

#[handler]
pub async fn upload(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    multipart: Multipart,
) -> Response {
    let tr = Tr::new(me.user.language);
    let limit = state.media.settings().max_upload_bytes;
    if declared_too_large(req, limit) {
        let (status, text) = upload_error(&tr, &MediaError::TooLarge { limit });
        return render(
            &state,
            req,
            &me,
            &csrf.0,
            Notice::error(text),
            false,
            status,
        )
        .await;
    }
    // The token is the form's first field and is checked before anything
    // else of the body is read, so a forged form stores nothing and costs
    // one small field.
    let valid = |token: &str| verifier.is_valid(token);
    let parts = match read_upload(multipart, FirstField::Csrf(&valid)).await {
        Ok(p) => p,
        Err(UploadFormError::Csrf) => return csrf_error(req, Some(&me.user)),
        Err(e) => {
            tracing::info!(error = %e, "unreadable upload form");
            return error_page(
                req,
                Some(&me.user),
                StatusCode::BAD_REQUEST,
                "error-bad-request",
            );
        }
    };
    let pad = parts.field("pad").is_some();
    let Some((name, stream)) = parts.file else {
        let text = tr.t("media-error-no-file");
        return render(
            &state,
            req,
            &me,
            &csrf.0,
            Notice::error(text),
            pad,
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    let options = UploadOptions {
        pad_to_allowed_ratio: pad,
    };
    match state.media.upload(me.user.id, stream, &name, options).await {
        Ok(up) => {
            if up.file.status == MediaStatus::NeedsTranscode {
                crate::media_serving::kick_transcoder(&state);
            }
            let q = serde_urlencoded::to_string([
                ("notice", "uploaded"),
                ("name", up.file.original_name.as_str()),
            ])
            .unwrap_or_default();
            Redirect::see_other(format!("/media?{q}")).into_response()
        }
        Err(e) => {
            if let MediaError::Internal(detail) = &e {
                tracing::error!(error = %detail, "upload failed");
            }
            let (status, text) = upload_error(&tr, &e);
            render(&state, req, &me, &csrf.0, Notice::error(text), pad, status).await
        }
    }
}

fn parse_id(id: &str) -> Option<MediaId> {
    id.parse().ok()
}

#[handler]
pub async fn confirm_delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    match state.media.get(me.user.id, id).await {
        Ok(f) => DeletePage {
            id: f.id.to_string(),
            name: f.original_name,
            l: Layout::new(
                Tr::new(me.user.language),
                "media-delete-title",
                Some(&me.user),
                &csrf.0,
                "/media",
            ),
        }
        .into_response(),
        Err(MediaError::NotFound) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a media file");
            internal_error(req, Some(&me.user))
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !verifier.is_valid(&form.csrf) {
        return csrf_error(req, Some(&me.user));
    }
    let Some(id) = parse_id(&id) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    match state.media.delete(me.user.id, id).await {
        Ok(()) => Redirect::see_other("/media?notice=deleted").into_response(),
        Err(MediaError::NotFound) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot delete a media file");
            internal_error(req, Some(&me.user))
        }
    }
}
