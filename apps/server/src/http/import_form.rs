//! The bulk import's multipart body, shared by the page and the API: the
//! CSV (a file part `file`, or a text field `csv`), files uploaded
//! alongside (parts `media`, streamed into the media library), and, on the
//! page's confirm step, the files a preview already uploaded (`uploaded`
//! fields of `id name`). Every count and size is capped.

use socialflow_core::UserId;
use socialflow_core::media::{ByteStream, MediaError, MediaId, UploadOptions};
use socialflow_core::posts::import::UploadedFile;

use crate::media_upload::{Field, UploadForm, file_stream};
use crate::state::AppState;

/// Files uploaded alongside one import.
pub const MAX_FILES: usize = 20;
/// Text fields besides the CSV (`uploaded`, a flag or two).
const MAX_FIELDS: usize = 60;
const FIELD_LIMIT: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportFormError {
    #[error("the form cannot be read: {0}")]
    Multipart(String),
    #[error("the CSV is larger than {0} bytes")]
    CsvTooLarge(usize),
    #[error("more than {MAX_FILES} files")]
    TooManyFiles,
    #[error("too many fields")]
    TooManyFields,
    #[error("no CSV in the form")]
    NoCsv,
    /// A file sent alongside was refused by the media library.
    #[error("{name}: {error}")]
    Upload { name: String, error: MediaError },
}

/// What the form carried.
#[derive(Debug, Default)]
pub struct ImportParts {
    pub csv: Vec<u8>,
    pub uploaded: Vec<UploadedFile>,
}

/// `id name` (as the page's confirm step carries a file the preview
/// uploaded); the id must be the user's, which the importer checks.
pub fn parse_uploaded(value: &str) -> Option<UploadedFile> {
    let (id, name) = value.split_once(' ')?;
    Some(UploadedFile {
        id: id.parse::<MediaId>().ok()?,
        name: name.chars().take(255).collect(),
    })
}

pub fn format_uploaded(u: &UploadedFile) -> String {
    format!("{} {}", u.id, u.name)
}

/// The field's bytes, or `None` when it holds more than `limit`.
async fn read_capped(field: Field, limit: usize) -> Result<Option<Vec<u8>>, ImportFormError> {
    crate::media_upload::read_capped(field, limit)
        .await
        .map_err(|e| ImportFormError::Multipart(e.to_string()))
}

/// Reads the form; files sent alongside go to `owner`'s media library as
/// they arrive (a refused file stops the import, naming it).
pub async fn read_import_form(
    mut multipart: UploadForm,
    state: &AppState,
    owner: UserId,
    max_csv: usize,
) -> Result<ImportParts, ImportFormError> {
    let mut parts = ImportParts::default();
    let mut have_csv = false;
    let mut fields = 0;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ImportFormError::Multipart(e.to_string()))?
    {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" | "csv" => {
                let is_file = field.file_name().is_some();
                let bytes = read_capped(field, max_csv)
                    .await?
                    .ok_or(ImportFormError::CsvTooLarge(max_csv))?;
                // A file input left empty sends an empty part.
                if is_file && bytes.is_empty() {
                    continue;
                }
                parts.csv = bytes;
                have_csv = true;
            }
            "media" => {
                let Some(file_name) = field.file_name().map(str::to_string) else {
                    continue;
                };
                if file_name.is_empty() {
                    continue; // the empty file input of a form sent without files
                }
                if parts.uploaded.len() == MAX_FILES {
                    return Err(ImportFormError::TooManyFiles);
                }
                let stream: ByteStream = file_stream(field);
                let up = state
                    .media
                    .upload(owner, stream, &file_name, UploadOptions::default())
                    .await
                    .map_err(|error| ImportFormError::Upload {
                        name: file_name.chars().take(120).collect(),
                        error,
                    })?;
                if up.file.status == socialflow_core::media::MediaStatus::NeedsTranscode {
                    crate::media_serving::kick_transcoder(state);
                }
                parts.uploaded.push(UploadedFile {
                    name: file_name,
                    id: up.file.id,
                });
            }
            _ => {
                fields += 1;
                if fields > MAX_FIELDS {
                    return Err(ImportFormError::TooManyFields);
                }
                let value = read_capped(field, FIELD_LIMIT).await?.unwrap_or_default();
                if name == "uploaded"
                    && let Some(u) = parse_uploaded(&String::from_utf8_lossy(&value))
                    && parts.uploaded.len() < MAX_FILES
                {
                    parts.uploaded.push(u);
                }
            }
        }
    }
    if !have_csv {
        return Err(ImportFormError::NoCsv);
    }
    Ok(parts)
}
