//! `/posts/import` and `/posts/export.csv`: the bulk import (a dry run
//! that checks every row, or the commit that saves all rows or none) and
//! the schedule as CSV in the same columns. The rules are core's
//! (`posts::import`); this maps HTTP to them.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Request, RequestBody};
use poem_openapi::param::{Header, Query};
use poem_openapi::payload::{Binary, Json};
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::{
    ApiExtractor, ApiExtractorType, ApiResponse, ExtractParamOptions, Object, OpenApi, Tags,
};
use socialflow_core::Language;
use socialflow_core::posts::import::{ImportError, ImportPreview, RowReport, UploadedFile};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use super::posts::PostDto;
use crate::http::client::client_context;
use crate::http::import_form::{ImportFormError, read_import_form};
use crate::http::import_text;
use crate::i18n::Tr;
use crate::media_upload::UploadForm;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Many posts at once from a CSV, and the schedule as CSV.
    Import,
}

/// The import's body as sent: the CSV itself, or a multipart form.
pub enum ImportBody {
    Csv(Vec<u8>),
    Form(UploadForm),
}

impl<'a> ApiExtractor<'a> for ImportBody {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn request_meta() -> Option<MetaRequest> {
        let binary = |description| {
            MetaSchemaRef::Inline(Box::new(MetaSchema {
                description: Some(description),
                format: Some("binary"),
                ..MetaSchema::new("string")
            }))
        };
        let form = MetaSchema {
            properties: vec![
                ("file", binary("The CSV (see docs/import.md).")),
                (
                    "media",
                    binary(
                        "Images or videos the CSV names (repeat the part; at most 20). They are added to your media library, also on a dry run.",
                    ),
                ),
            ],
            required: vec!["file"],
            ..MetaSchema::new("object")
        };
        Some(MetaRequest {
            description: Some(
                "The CSV as the body (`text/csv`, UTF-8 with or without a byte-order mark, `,` or `;` between fields, at most 1 MiB and 500 rows), or a multipart form with the CSV as the part `file` and files it names as parts `media`.",
            ),
            content: vec![
                MetaMediaType {
                    content_type: "text/csv",
                    schema: MetaSchemaRef::Inline(Box::new(MetaSchema {
                        format: Some("binary"),
                        ..MetaSchema::new("string")
                    })),
                },
                MetaMediaType {
                    content_type: "multipart/form-data",
                    schema: MetaSchemaRef::Inline(Box::new(form)),
                },
            ],
            required: true,
        })
    }

    fn register(_registry: &mut Registry) {}

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        let content_type = request
            .header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            return Ok(ImportBody::Form(UploadForm::from_request(request, body)?));
        }
        if !(content_type.starts_with("text/csv")
            || content_type.starts_with("text/plain")
            || content_type.starts_with("application/csv")
            || content_type.starts_with("application/octet-stream"))
        {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the CSV as the body with Content-Type: text/csv, or as the part 'file' of a multipart/form-data form.",
            )
            .into());
        }
        let limit = request
            .data::<AppState>()
            .map_or(1 << 20, |s| s.import.limits().max_bytes);
        let bytes = body
            .take()?
            .into_bytes_limit(limit + 1)
            .await
            .map_err(|_| csv_too_large(limit))?;
        if bytes.len() > limit {
            return Err(csv_too_large(limit).into());
        }
        Ok(ImportBody::Csv(bytes.to_vec()))
    }
}

fn csv_too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "csv_too_large",
        format!(
            "The CSV is larger than {} KiB. Nothing was imported; split it into several files.",
            limit / 1024
        ),
    )
}

/// One thing wrong with a row (or, with `warning`, a caution).
#[derive(Object)]
pub struct ImportProblemDto {
    /// Stable code: `missing_value`, `value_too_long`, `extra_fields`,
    /// `unknown_account`, `unknown_kind`, `unreadable_time`,
    /// `nonexistent_time`, `media_file_not_found`, `media_file_ambiguous`,
    /// `too_many_media_files`, or a post problem's code as
    /// `POST /posts` answers it (`scheduled_in_past`,
    /// `media_aspect_out_of_range`, `caption_too_long`, …).
    pub code: String,
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    /// `account`, `kind`, `time`, `caption`, `first_comment` or `media`;
    /// null when the problem is the row's as a whole.
    #[oai(nullable)]
    pub column: Option<String>,
    /// A caution only: the row can still be imported.
    pub warning: bool,
    /// In English.
    pub message: String,
}

/// One row as it would be imported.
#[derive(Object)]
pub struct ImportRowDto {
    pub line: u64,
    /// The account's username when found, else the text of the cell.
    pub account: String,
    /// `post`, `reel`, `story` or `carousel`; null when unreadable.
    #[oai(nullable)]
    pub kind: Option<String>,
    /// Null for a draft (an empty time) or an unreadable time.
    #[oai(nullable)]
    pub scheduled_at: Option<OffsetDateTime>,
    pub caption: String,
    /// The files as named in the row.
    pub media: Vec<String>,
    /// Nothing stops the row.
    pub ok: bool,
    pub problems: Vec<ImportProblemDto>,
}

/// A file sent with the import, now in the media library.
#[derive(Object)]
pub struct UploadedDto {
    pub name: String,
    pub id: uuid::Uuid,
}

/// The dry run's answer.
#[derive(Object)]
pub struct ImportPreviewDto {
    /// Every row can be imported: the same request with `dry_run=false`
    /// will save them all (if nothing changes meanwhile).
    pub ok: bool,
    pub rows: Vec<ImportRowDto>,
    pub uploaded: Vec<UploadedDto>,
}

/// The commit's answer: every row saved.
#[derive(Object)]
pub struct ImportedDto {
    pub imported: u32,
    /// The new posts, in the file's order.
    pub posts: Vec<PostDto>,
    pub uploaded: Vec<UploadedDto>,
}

/// The commit's refusal: at least one row has a problem; nothing was saved.
#[derive(Object)]
pub struct ImportRefusedDto {
    /// `invalid_import`.
    pub code: String,
    pub message: String,
    /// Every row, each with its problems.
    pub rows: Vec<ImportRowDto>,
}

// Built once per response and moved out at once; boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(ApiResponse)]
pub enum ImportAnswer {
    /// `dry_run=true` (the default): every row checked, nothing saved
    /// (files sent alongside are in the media library).
    #[oai(status = 200)]
    Preview(Json<ImportPreviewDto>),
    /// `dry_run=false`: every row saved as a post, in one transaction.
    #[oai(status = 201)]
    Imported(Json<ImportedDto>),
    /// `dry_run=false` and a row has a problem: nothing was saved; each
    /// row lists its problems with line and column.
    #[oai(status = 422)]
    Refused(Json<ImportRefusedDto>),
}

#[derive(ApiResponse)]
pub enum CsvFile {
    /// UTF-8 with a byte-order mark; times in your time zone.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(
        Binary<Vec<u8>>,
        #[oai(header = "content-disposition")] String,
    ),
}

fn rows_dto(tr: &Tr, preview: &ImportPreview) -> Vec<ImportRowDto> {
    preview.rows.iter().map(|r| row_dto(tr, r)).collect()
}

fn row_dto(tr: &Tr, r: &RowReport) -> ImportRowDto {
    ImportRowDto {
        line: r.line,
        account: r.account.clone(),
        kind: r.kind.map(|k| k.as_str().to_string()),
        scheduled_at: r.scheduled_at,
        caption: r.caption.clone(),
        media: r.media.clone(),
        ok: r.ok(),
        problems: r
            .problems
            .iter()
            .map(|p| ImportProblemDto {
                code: import_text::row_problem_code(p),
                line: r.line,
                column: p.column().map(|c| c.as_str().to_string()),
                warning: p.is_warning(),
                message: import_text::row_problem(tr, p),
            })
            .collect(),
    }
}

fn uploaded_dto(files: &[UploadedFile]) -> Vec<UploadedDto> {
    files
        .iter()
        .map(|u| UploadedDto {
            name: u.name.clone(),
            id: u.id.0,
        })
        .collect()
}

fn form_error(e: ImportFormError) -> ApiError {
    match e {
        ImportFormError::CsvTooLarge(limit) => csv_too_large(limit),
        ImportFormError::Upload { name, error } => {
            let mut err = ApiError::from(error);
            err.message = format!("{name}: {} Nothing was imported.", err.message);
            err
        }
        ImportFormError::NoCsv => ApiError::new(
            StatusCode::BAD_REQUEST,
            "csv_missing",
            "Send the CSV as the multipart part 'file'.",
        ),
        e => ApiError::new(StatusCode::BAD_REQUEST, "bad_multipart", e.to_string()),
    }
}

pub struct ImportApi;

#[OpenApi(tag = "Tag::Import")]
impl ImportApi {
    /// Imports posts from a CSV (columns `account`, `kind`, `time`,
    /// `caption`, `first_comment`, `media`; see docs/import.md). A dry run
    /// checks every row with the composer's rules and saves nothing; the
    /// commit saves every row or, if any row has a problem, none.
    /// Honours `Idempotency-Key`.
    #[oai(path = "/posts/import", method = "post")]
    async fn import(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        /// `true` (default): check only. `false`: save.
        dry_run: Query<Option<bool>>,
        /// Makes a retry safe: a repeat with the same key replays the first
        /// answer (`Idempotent-Replayed: true`); 409
        /// `idempotency_key_in_progress`, 422 `idempotency_key_reused`, 400
        /// `invalid_idempotency_key` (docs/api.md#idempotency-key).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: Header<Option<String>>,
        body: ImportBody,
    ) -> ApiResult<ImportAnswer, { WRITE | E400 | E409 | E415 | E503 }> {
        let user = &auth.workspace_user(&state).await?;
        let tr = Tr::new(Language::En);
        let (csv, uploaded) = match body {
            ImportBody::Csv(bytes) => (bytes, Vec::new()),
            ImportBody::Form(form) => {
                let max = state.import.limits().max_bytes;
                let parts = read_import_form(form, &state, auth.owner(), max)
                    .await
                    .map_err(form_error)?;
                (parts.csv, parts.uploaded)
            }
        };
        let zone = &user.time_zone;
        if dry_run.0.unwrap_or(true) {
            let preview = state
                .import
                .preview(auth.owner(), zone, &csv, &uploaded)
                .await
                .map_err(|e| import_error(&tr, e))?;
            return Ok(ImportAnswer::Preview(Json(ImportPreviewDto {
                ok: preview.ok(),
                rows: rows_dto(&tr, &preview),
                uploaded: uploaded_dto(&uploaded),
            })));
        }
        let ctx = client_context(req, &state.web);
        match state
            .import
            .commit(auth.owner(), zone, &csv, &uploaded, &ctx)
            .await
        {
            Ok(posts) => Ok(ImportAnswer::Imported(Json(ImportedDto {
                imported: u32::try_from(posts.len()).unwrap_or(u32::MAX),
                posts: posts.into_iter().map(PostDto::from).collect(),
                uploaded: uploaded_dto(&uploaded),
            }))),
            Err(ImportError::Invalid(preview)) => {
                let bad = preview.bad_rows().count();
                Ok(ImportAnswer::Refused(Json(ImportRefusedDto {
                    code: "invalid_import".into(),
                    message: format!(
                        "Nothing was imported: {bad} of {} rows have problems. Fix each problem listed and send the file again.",
                        preview.rows.len()
                    ),
                    rows: rows_dto(&tr, &preview),
                })))
            }
            Err(e) => Err(import_error(&tr, e).into()),
        }
    }

    /// The schedule as CSV: upcoming posts (scheduled, preparing, ready)
    /// soonest first, then drafts, in the import's columns, so the file
    /// imports again.
    #[oai(path = "/posts/export.csv", method = "get")]
    async fn export(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<CsvFile, { AUTH | E503 }> {
        let user = &auth.workspace_user(&state).await?;
        let bytes = state
            .import
            .export(auth.access(), &user.time_zone)
            .await
            .map_err(ApiError::from)?;
        Ok(CsvFile::Csv(
            Binary(bytes),
            "attachment; filename=\"schedule.csv\"".into(),
        ))
    }
}

fn import_error(tr: &Tr, e: ImportError) -> ApiError {
    match e {
        ImportError::Table(t) => {
            let status = match t {
                socialflow_core::posts::import::TableError::TooLarge { .. } => {
                    StatusCode::PAYLOAD_TOO_LARGE
                }
                _ => StatusCode::BAD_REQUEST,
            };
            ApiError::new(
                status,
                import_text::table_code(&t),
                format!("{} Nothing was imported.", import_text::table_error(tr, &t)),
            )
        }
        ImportError::Post(e) => e.into(),
        // The dry run never refuses; the commit answers it as 422 above.
        ImportError::Invalid(_) => ApiError::internal(),
    }
}
