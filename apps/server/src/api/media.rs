//! `/api/v1/media`: uploading (multipart, streamed), listing, reading and
//! deleting media files, with what Instagram would refuse for each use.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Request, RequestBody};
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::{
    ApiExtractor, ApiExtractorType, ApiResponse, ExtractParamOptions, Object, OpenApi, Tags,
};
use socialflow_core::media::{
    MediaError, MediaFile, MediaId, MediaStatus, UploadOptions, problems_by_use,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::media_upload::{
    FirstField, UploadForm, UploadFormError, declared_too_large, read_upload,
};
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Uploaded images and videos.
    Media,
}

/// One requirement a use does not meet.
#[derive(Object)]
pub struct MediaProblemDto {
    /// Stable code, e.g. `duration_out_of_range`.
    pub code: String,
    /// `refusal` (Instagram refuses it) or `warning` (it crops, scales, or
    /// the limit is unverified).
    pub severity: String,
    /// Converting the video (automatic when ffmpeg is installed) fixes it.
    pub fixed_by_transcoding: bool,
    /// In English, e.g. "for a Reel: 3 s to 15 min; this is 16 min 2 s".
    pub message: String,
}

/// What Instagram would make of the file for one use.
#[derive(Object)]
pub struct MediaUseDto {
    /// `reel_video`, `reel_cover`, `feed_image`, `carousel_image`,
    /// `carousel_video`, `story_image` or `story_video`.
    #[oai(rename = "use")]
    pub use_: String,
    /// No refusals.
    pub ok: bool,
    pub problems: Vec<MediaProblemDto>,
}

/// An uploaded file.
#[derive(Object)]
pub struct MediaDto {
    pub id: uuid::Uuid,
    /// `image` or `video`.
    pub kind: String,
    pub content_type: String,
    pub byte_size: u64,
    pub original_name: String,
    /// `jpeg`, `mp4` or `mov` (PNG and WebP are converted to JPEG).
    pub format: String,
    #[oai(nullable)]
    pub width: Option<u32>,
    #[oai(nullable)]
    pub height: Option<u32>,
    #[oai(nullable)]
    pub duration_ms: Option<u64>,
    #[oai(nullable)]
    pub video_codec: Option<String>,
    #[oai(nullable)]
    pub frame_rate: Option<f64>,
    #[oai(nullable)]
    pub audio_codec: Option<String>,
    #[oai(nullable)]
    pub bitrate: Option<u64>,
    /// `ready`, `needs_transcode`, `transcoding` or `transcode_failed`.
    pub status: String,
    /// Transcoding progress in percent.
    pub progress: u8,
    /// Why a transcode failed, or that ffmpeg is missing.
    #[oai(nullable)]
    pub status_detail: Option<String>,
    pub created_at: OffsetDateTime,
    pub uses: Vec<MediaUseDto>,
}

pub const NO_FFMPEG: &str = "Instagram would refuse this video as it is. Installing ffmpeg on the server converts it automatically to H.264/AAC MP4.";

pub fn media_dto(f: MediaFile, can_transcode: bool) -> MediaDto {
    let uses = problems_by_use(&f)
        .into_iter()
        .map(|(u, problems)| MediaUseDto {
            use_: u.as_str().to_string(),
            ok: problems
                .iter()
                .all(|p| p.severity() == socialflow_core::media::Severity::Warning),
            problems: problems
                .iter()
                .map(|p| MediaProblemDto {
                    code: p.code().to_string(),
                    severity: p.severity().as_str().to_string(),
                    fixed_by_transcoding: p.fixed_by_transcoding(),
                    message: p.describe(u),
                })
                .collect(),
        })
        .collect();
    let status_detail = match &f.status {
        MediaStatus::TranscodeFailed { reason } => Some(reason.clone()),
        MediaStatus::NeedsTranscode if !can_transcode => Some(NO_FFMPEG.to_string()),
        _ => None,
    };
    MediaDto {
        id: f.id.0,
        kind: f.kind.as_str().to_string(),
        content_type: f.content_type,
        byte_size: f.byte_size,
        original_name: f.original_name,
        format: f.probe.format.as_str().to_string(),
        width: f.probe.width,
        height: f.probe.height,
        duration_ms: f.probe.duration_ms,
        video_codec: f.probe.video_codec,
        frame_rate: f.probe.frame_rate,
        audio_codec: f.probe.audio_codec,
        bitrate: f.probe.bitrate,
        status: f.status.as_str().to_string(),
        progress: f.status.percent(),
        status_detail,
        created_at: f.created_at,
        uses,
    }
}

impl From<MediaError> for ApiError {
    fn from(e: MediaError) -> Self {
        match e {
            MediaError::TooLarge { limit } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "file_too_large",
                format!(
                    "The file is larger than this server accepts ({limit} bytes, set by SOCIALFLOW_MAX_UPLOAD_BYTES). Nothing was stored."
                ),
            ),
            MediaError::Empty => {
                ApiError::new(StatusCode::BAD_REQUEST, "empty_file", "The file is empty.")
            }
            MediaError::UnsupportedType { detected } => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_file_type",
                match detected {
                    Some(name) => format!(
                        "This file is {name}, which Instagram does not take. Upload a JPEG, PNG or WebP image or an MP4/MOV video."
                    ),
                    None => "The file's contents are not an image or a video (whatever its name says). Upload a JPEG, PNG or WebP image or an MP4/MOV video.".to_string(),
                },
            ),
            MediaError::Unreadable { reason } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unreadable_file",
                format!("The file is damaged or incomplete ({reason}). Export it again and upload the new file."),
            ),
            MediaError::ImageTooLarge { width, height, max_pixels } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "image_too_large",
                format!(
                    "The image is {width}×{height} px; this server converts images of at most {max_pixels} pixels (SOCIALFLOW_MAX_IMAGE_PIXELS; fewer for 16-bit, transparent WebP and progressive JPEG images). Nothing was stored; export it smaller (Instagram shows at most 1440 px wide)."
                ),
            ),
            MediaError::ImageFileTooLarge { limit } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "image_file_too_large",
                format!(
                    "Image files of at most {limit} bytes are accepted (Instagram itself takes at most 8 MiB). Nothing was stored; export the image smaller."
                ),
            ),
            MediaError::Interrupted => ApiError::new(
                StatusCode::BAD_REQUEST,
                "upload_interrupted",
                "The upload was interrupted. Nothing was stored; try again.",
            ),
            MediaError::NotFound => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such media file.")
            }
            MediaError::Internal(e) => {
                tracing::error!(error = %e, "media operation failed");
                ApiError::internal()
            }
        }
    }
}

/// A `multipart/form-data` body whose `file` part is streamed, not buffered.
pub struct MediaUpload(UploadForm);

impl<'a> ApiExtractor<'a> for MediaUpload {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn request_meta() -> Option<MetaRequest> {
        let file = MetaSchema {
            description: Some("The image or video (its type is read from its bytes)."),
            format: Some("binary"),
            ..MetaSchema::new("string")
        };
        let schema = MetaSchema {
            properties: vec![("file", MetaSchemaRef::Inline(Box::new(file)))],
            required: vec!["file"],
            ..MetaSchema::new("object")
        };
        Some(MetaRequest {
            description: Some("The file as the `file` part."),
            content: vec![MetaMediaType {
                content_type: "multipart/form-data",
                schema: MetaSchemaRef::Inline(Box::new(schema)),
            }],
            required: true,
        })
    }

    fn register(_registry: &mut Registry) {}

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        Ok(MediaUpload(UploadForm::from_request(request, body)?))
    }
}

#[derive(ApiResponse)]
pub enum Uploaded {
    /// Stored. Check `uses` for what Instagram would refuse.
    #[oai(status = 201)]
    Created(Json<MediaDto>),
}

#[derive(ApiResponse)]
pub enum Deleted {
    /// The file is deleted from disk and from the library.
    #[oai(status = 204)]
    NoContent,
}

pub struct MediaApi;

#[OpenApi(tag = "Tag::Media")]
impl MediaApi {
    /// Uploads an image (JPEG, PNG, WebP; PNG and WebP become JPEG) or a
    /// video (MP4, MOV) as the multipart part `file`, up to
    /// SOCIALFLOW_MAX_UPLOAD_BYTES. Videos Instagram would refuse are
    /// converted in the background when ffmpeg is installed.
    #[oai(path = "/media", method = "post")]
    async fn upload(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        /// Pad an image outside 4:5–1.91:1 with white to the nearest
        /// allowed aspect ratio.
        pad_to_allowed_ratio: Query<Option<bool>>,
        /// Makes a retry safe: a repeat with the same key replays the first
        /// answer (`Idempotent-Replayed: true`); 409
        /// `idempotency_key_in_progress`, 422 `idempotency_key_reused`, 400
        /// `invalid_idempotency_key` (docs/api.md#idempotency-key).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: Header<Option<String>>,
        body: MediaUpload,
    ) -> ApiResult<Uploaded, { WRITE | E400 | E409 | E415 | E422 | E503 }> {
        let limit = state.media.settings().max_upload_bytes;
        if declared_too_large(req, limit) {
            return Err(ApiError::from(MediaError::TooLarge { limit }).into());
        }
        let parts = read_upload(body.0, FirstField::Any).await.map_err(|e| {
            let code = match e {
                UploadFormError::TooManyFields => "too_many_fields",
                UploadFormError::FieldTooLong(_) => "field_too_long",
                _ => "bad_multipart",
            };
            ApiError::new(StatusCode::BAD_REQUEST, code, e.to_string())
        })?;
        let Some((name, stream)) = parts.file else {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "file_missing",
                "Send the file as the multipart part named 'file'.",
            )
            .into());
        };
        let options = UploadOptions {
            pad_to_allowed_ratio: pad_to_allowed_ratio.0.unwrap_or(false),
        };
        let up = state
            .media
            .upload(auth.owner(), stream, &name, options)
            .await
            .map_err(ApiError::from)?;
        if up.file.status == MediaStatus::NeedsTranscode {
            crate::media_serving::kick_transcoder(&state);
        }
        let can = state.media.can_transcode().await;
        Ok(Uploaded::Created(Json(media_dto(up.file, can))))
    }

    /// The signed-in user's media files, newest first.
    #[oai(path = "/media", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<MediaDto>>, AUTH> {
        let files = state
            .media
            .list(auth.owner())
            .await
            .map_err(ApiError::from)?;
        let can = state.media.can_transcode().await;
        Ok(Json(files.into_iter().map(|f| media_dto(f, can)).collect()))
    }

    /// One media file with what Instagram would refuse for each use.
    #[oai(path = "/media/:id", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<MediaDto>, { AUTH | BY_ID }> {
        let file = state
            .media
            .get(auth.owner(), MediaId(id.0))
            .await
            .map_err(ApiError::from)?;
        let can = state.media.can_transcode().await;
        Ok(Json(media_dto(file, can)))
    }

    /// Deletes the file from disk and from the library.
    #[oai(path = "/media/:id", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Deleted, { WRITE | BY_ID | E409 }> {
        state
            .media
            .delete(auth.owner(), MediaId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Deleted::NoContent)
    }
}
