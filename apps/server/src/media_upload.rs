//! Reading a multipart upload without holding the file in memory: a few
//! small form fields are read (each capped, their number capped) until the
//! file part, whose bytes are then streamed to the media store. Fields
//! after the file are not read, so forms put their other fields first.
//!
//! A form from the web page must carry its CSRF token as the very first
//! field: it is checked before anything else of the body is read, so a
//! forged or scripted request costs the server one small field.
//!
//! The parser ([`UploadForm`]) is fed the body's chunks as the connection
//! delivers them, and the file part's chunks go to the media store as they
//! are (no copy, no re-chunking): poem's own `Multipart` extractor reads
//! the body through a 4 KiB buffer, which made a 1 GiB upload cost 262,144
//! parser steps and two extra copies of every byte.

use futures::{StreamExt, TryStreamExt};
use poem::error::ParseMultipartError;
use poem::http::header;
use poem::{Request, RequestBody};
use socialflow_core::media::ByteStream;

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

/// A `multipart/form-data` body, parsed as its chunks arrive.
pub struct UploadForm(multer::Multipart<'static>);

/// One part of an [`UploadForm`].
pub type Field = multer::Field<'static>;

impl UploadForm {
    /// Takes the request's body; refused (415) unless it is
    /// `multipart/form-data` with a boundary, like poem's extractor.
    pub fn from_request(req: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .ok_or(ParseMultipartError::ContentTypeRequired)?;
        if content_type.essence_str() != mime::MULTIPART_FORM_DATA {
            return Err(ParseMultipartError::InvalidContentType(
                content_type.essence_str().to_string(),
            )
            .into());
        }
        let boundary = multer::parse_boundary(content_type.as_ref())
            .map_err(ParseMultipartError::Multipart)?;
        Ok(Self(multer::Multipart::new(
            body.take()?.into_bytes_stream(),
            boundary,
        )))
    }

    /// The next part, if any.
    pub async fn next_field(&mut self) -> Result<Option<Field>, multer::Error> {
        self.0.next_field().await
    }
}

/// Reads at most `limit` bytes of a field; `None` when it is longer (the
/// rest is not read).
pub async fn read_capped(mut field: Field, limit: usize) -> Result<Option<Vec<u8>>, multer::Error> {
    let mut value = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if value.len() + chunk.len() > limit {
            return Ok(None);
        }
        value.extend_from_slice(&chunk);
    }
    Ok(Some(value))
}

/// The first `limit` bytes of a field (the rest is skipped).
pub async fn read_prefix(mut field: Field, limit: usize) -> Result<Vec<u8>, multer::Error> {
    let mut value = Vec::new();
    while value.len() < limit
        && let Some(chunk) = field.chunk().await?
    {
        let take = (limit - value.len()).min(chunk.len());
        value.extend_from_slice(&chunk[..take]);
    }
    Ok(value)
}

/// A file part's bytes as the parser yields them, for the media store.
pub fn file_stream(field: Field) -> ByteStream {
    field.map_err(std::io::Error::other).boxed()
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
/// (without reading more than one chunk past it).
async fn small_value(field: Field) -> Result<(String, String), UploadFormError> {
    let name: String = field.name().unwrap_or("").chars().take(64).collect();
    let Some(value) = read_capped(field, FIELD_LIMIT)
        .await
        .map_err(|e| UploadFormError::Multipart(e.to_string()))?
    else {
        return Err(UploadFormError::FieldTooLong(name));
    };
    let value = String::from_utf8(value)
        .map_err(|_| UploadFormError::Multipart(format!("the field '{name}' is not UTF-8")))?;
    Ok((name, value))
}

/// Reads fields up to and including the first file part: at most
/// [`MAX_FIELDS`] text fields of at most [`FIELD_LIMIT`] bytes, the first
/// one checked by `first` before anything else is read.
pub async fn read_upload(
    mut multipart: UploadForm,
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
            // The chunks as the parser yields them: the media store
            // batches them into large writes.
            let stream = file_stream(field);
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
