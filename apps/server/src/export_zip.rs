//! Writes a data export into a zip archive in an anonymous temporary file
//! (removed when closed), so large media never sits whole in memory.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};

use std::sync::Arc;

use futures::StreamExt;
use socialflow_core::media::{MediaId, MediaStore};
use socialflow_core::privacy::{ExportContent, ExportFile};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

#[derive(Debug, thiserror::Error)]
#[error("cannot write the export archive: {0}")]
pub struct ZipError(String);

fn err(e: impl std::fmt::Display) -> ZipError {
    ZipError(e.to_string())
}

/// Where [`ExportContent::Media`] files are read from: the media store and
/// the runtime to drive its reads on (the writer runs on a blocking thread).
pub struct MediaSource {
    pub store: Arc<dyn MediaStore>,
    pub runtime: tokio::runtime::Handle,
}

/// The archive, positioned at its start, ready to be streamed.
pub fn write_zip(files: &[ExportFile]) -> Result<File, ZipError> {
    write_zip_from(files, None)
}

/// [`write_zip`], streaming files kept in a media store from `media`.
pub fn write_zip_from(files: &[ExportFile], media: Option<&MediaSource>) -> Result<File, ZipError> {
    let file = tempfile::tempfile().map_err(err)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o600);
    for f in files {
        zip.start_file(f.path.as_str(), options).map_err(err)?;
        match &f.content {
            ExportContent::Bytes(b) => zip.write_all(b).map_err(err)?,
            ExportContent::File(path) => {
                let mut src = File::open(path).map_err(err)?;
                std::io::copy(&mut src, &mut zip).map_err(err)?;
            }
            ExportContent::Media(id) => {
                let media = media.ok_or_else(|| err("no media store to read uploads from"))?;
                let mut stream = media
                    .runtime
                    .block_on(media.store.read_range(MediaId(*id), 0, u64::MAX))
                    .map_err(err)?;
                while let Some(chunk) = media.runtime.block_on(stream.next()) {
                    zip.write_all(&chunk.map_err(err)?).map_err(err)?;
                }
            }
        }
    }
    let mut file = zip.finish().map_err(err)?;
    file.flush().map_err(err)?;
    file.seek(SeekFrom::Start(0)).map_err(err)?;
    Ok(file)
}

/// `socialflow-export-<username>-<YYYY-MM-DD>.zip`
pub fn file_name(username: &str, now: time::OffsetDateTime) -> String {
    let d = now.date();
    format!(
        "socialflow-export-{username}-{:04}-{:02}-{:02}.zip",
        d.year(),
        u8::from(d.month()),
        d.day()
    )
}

/// Builds the archive off the async threads; uploads that are not local
/// files are streamed from `store`.
pub async fn build(
    files: Vec<ExportFile>,
    store: Arc<dyn MediaStore>,
) -> Result<tokio::fs::File, ZipError> {
    let media = MediaSource {
        store,
        runtime: tokio::runtime::Handle::current(),
    };
    let file = tokio::task::spawn_blocking(move || write_zip_from(&files, Some(&media)))
        .await
        .map_err(err)??;
    Ok(tokio::fs::File::from_std(file))
}
