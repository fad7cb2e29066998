//! Reading a multipart upload without holding the file in memory: a few
//! small form fields are read (each capped, their number capped) until the
//! file part, whose bytes are then streamed to the media store. Fields
//! after the file are not read, so forms put their other fields first.
//!
//! A form from the web page must carry its CSRF token as the very first
//! field: it is checked before anything else of the body is read, so a
//! forged or scripted request costs the server one small field.

use poem::Request;
use poem::web::{Field, Multipart};
use socialflow_core::media::ByteStream;
use tokio::io::AsyncReadExt;

/// The longest value read from a non-file field.
pub const FIELD_LIMIT: usize = 4096;
/// Text fields accepted before the file part (the web form sends two).
pub const MAX_FIELDS: usize = 16;

/// Whether a request is an upload, to which the small body limit does not
/// apply (the media store enforces SOCIALFLOW_MAX_UPLOAD_BYTES instead).
pub fn is_upload(req: &Request) -> bool {
    req.method() == poem::http::Method::POST
        && matches!(
            req.uri().path(),
            "/api/v1/media" | "/media" | "/content/upload"
        )
}

/// A bulk import sent as a multipart form: the CSV is capped by the
/// import, files sent with it by the media library, so the body is
/// streamed like an upload.
pub fn is_import_form(req: &Request) -> bool {
    req.method() == poem::http::Method::POST
        && is_import_path(req.uri().path())
        && req.header("content-type").is_some_and(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/")
        })
}

/// The import's URLs: the API's, the page's preview and its confirm step
/// (which carries the CSV back in a form field, so its body may be larger
/// than other forms').
pub fn is_import_path(path: &str) -> bool {
    matches!(
        path,
        "/api/v1/posts/import" | "/content/import" | "/content/import/preview"
    )
}

/// What an upload form carried.
pub struct UploadParts {
    /// Text fields before the file: (name, value).
    pub fields: Vec<(String, String)>,
    /// The file's name and contents, when a file part came.
    pub file: Option<(String, ByteStream)>,
}

impl UploadParts {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a form was not read to its file.
#[derive(Debug, thiserror::Error)]
pub enum UploadFormError {
    /// The first field is not a valid CSRF token.
    #[error("the form's CSRF token is missing or invalid")]
    Csrf,
    #[error("more than {MAX_FIELDS} fields before the file")]
    TooManyFields,
    #[error("the field '{0}' is longer than {FIELD_LIMIT} bytes")]
    FieldTooLong(String),
    #[error("the multipart body cannot be read: {0}")]
    Multipart(String),
}

/// How the first field is checked: web forms pass their CSRF verifier.
pub enum FirstField<'a> {
    /// The API (token or same-origin session): no form token.
    Any,
    /// The field `csrf` must come first and pass this check.
    Csrf(&'a (dyn Fn(&str) -> bool + Sync)),
}

fn is_file(field: &Field) -> bool {
    field.file_name().is_some() || field.name() == Some("file")
}

/// Reads one text field, refusing it when it is longer than the cap
/// (without reading more than one byte past it).
async fn small_value(field: Field) -> Result<(String, String), UploadFormError> {
    let name: String = field.name().unwrap_or("").chars().take(64).collect();
    let mut value = Vec::new();
    field
        .into_async_read()
        .take(FIELD_LIMIT as u64 + 1)
        .read_to_end(&mut value)
        .await
        .map_err(|e| UploadFormError::Multipart(e.to_string()))?;
    if value.len() > FIELD_LIMIT {
        return Err(UploadFormError::FieldTooLong(name));
    }
    let value = String::from_utf8(value)
        .map_err(|_| UploadFormError::Multipart(format!("the field '{name}' is not UTF-8")))?;
    Ok((name, value))
}

/// Reads fields up to and including the first file part: at most
/// [`MAX_FIELDS`] text fields of at most [`FIELD_LIMIT`] bytes, the first
/// one checked by `first` before anything else is read.
pub async fn read_upload(
    mut multipart: Multipart,
    first: FirstField<'_>,
) -> Result<UploadParts, UploadFormError> {
    let mut fields = Vec::new();
    let mut checked = matches!(first, FirstField::Any);
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| UploadFormError::Multipart(e.to_string()))?
    {
        if let (false, FirstField::Csrf(valid)) = (checked, &first) {
            if is_file(&field) || field.name() != Some("csrf") {
                return Err(UploadFormError::Csrf);
            }
            let (name, value) = small_value(field)
                .await
                .map_err(|_| UploadFormError::Csrf)?;
            if !valid(&value) {
                return Err(UploadFormError::Csrf);
            }
            fields.push((name, value));
            checked = true;
            continue;
        }
        if is_file(&field) {
            let name = field.file_name().unwrap_or("upload").to_string();
            let stream: ByteStream = Box::pin(tokio_util::io::ReaderStream::with_capacity(
                field.into_async_read(),
                256 * 1024,
            ));
            return Ok(UploadParts {
                fields,
                file: Some((name, stream)),
            });
        }
        if fields.len() >= MAX_FIELDS {
            return Err(UploadFormError::TooManyFields);
        }
        fields.push(small_value(field).await?);
    }
    if !checked {
        return Err(UploadFormError::Csrf);
    }
    Ok(UploadParts { fields, file: None })
}

/// Refuses early when the request announces more than the cap allows
/// (plus room for the multipart framing).
pub fn declared_too_large(req: &Request, max_upload_bytes: u64) -> bool {
    req.header("content-length")
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > max_upload_bytes.saturating_add(64 * 1024))
}
