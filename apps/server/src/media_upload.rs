//! Reading a multipart upload without holding the file in memory: small
//! form fields are read (capped) until the file part, whose bytes are then
//! streamed to the media store. Fields after the file are not read, so
//! forms put their other fields first.

use poem::Request;
use poem::web::{Field, Multipart};
use socialflow_core::media::ByteStream;
use tokio::io::AsyncReadExt;

/// The longest value read from a non-file field.
const FIELD_LIMIT: u64 = 4096;

/// Whether a request is an upload, to which the small body limit does not
/// apply (the media store enforces SOCIALFLOW_MAX_UPLOAD_BYTES instead).
pub fn is_upload(req: &Request) -> bool {
    req.method() == poem::http::Method::POST
        && matches!(req.uri().path(), "/api/v1/media" | "/media")
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

fn is_file(field: &Field) -> bool {
    field.file_name().is_some() || field.name() == Some("file")
}

/// Reads fields up to and including the first file part.
pub async fn read_upload(mut multipart: Multipart) -> Result<UploadParts, String> {
    let mut fields = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
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
        let name = field.name().unwrap_or("").to_string();
        let mut value = String::new();
        field
            .into_async_read()
            .take(FIELD_LIMIT)
            .read_to_string(&mut value)
            .await
            .map_err(|e| e.to_string())?;
        fields.push((name, value));
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
