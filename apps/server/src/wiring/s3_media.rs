//! The media library over an S3 bucket (`SOCIALFLOW_MEDIA_STORE=s3`): files
//! live as objects; probing, conversion and ffmpeg work on scratch copies in
//! the media directory; Instagram fetches presigned URLs of the bucket when
//! `SOCIALFLOW_S3_PRESIGN=true`.

use std::path::Path;
use std::sync::Arc;

use socialflow_core::media::{MediaDeps, MediaLibrary, MediaSettings, MediaStore};
use socialflow_core::{Clock, Store};
use socialflow_crypto::HmacUrlSigner;
use socialflow_fs_media::{FfmpegTranscoder, FsMediaStore, HttpReachability};
use socialflow_s3_media::{S3Config, S3MediaStore, Staged};

use super::error::StartupError;
use crate::config::{self, ConfigError};

/// The bucket as a media store.
pub fn s3_store(s3: &S3Config) -> Result<Arc<S3MediaStore>, StartupError> {
    S3MediaStore::new(s3)
        .map(Arc::new)
        .map_err(|e| ConfigError::new(config::S3_ENDPOINT, e.to_string()).into())
}

/// The media library with its files in the bucket.
pub fn s3_media_library(
    repo: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    scratch_dir: &Path,
    settings: MediaSettings,
    url_key: [u8; 32],
    s3: &S3Config,
    presign: bool,
) -> Result<MediaLibrary, StartupError> {
    let bucket = s3_store(s3)?;
    let scratch = Arc::new(FsMediaStore::with_jobs(scratch_dir, settings.jobs));
    let remote: Arc<dyn MediaStore> = bucket.clone();
    let staged = Arc::new(Staged::new(
        remote.clone(),
        scratch.clone(),
        scratch.clone(),
        scratch,
        Arc::new(FfmpegTranscoder::new(scratch_dir, "ffmpeg")),
    ));
    let reach = HttpReachability::new(std::time::Duration::from_secs(15))
        .map_err(|e| StartupError::Io(format!("HTTP client: {e}")))?;
    let library = MediaLibrary::new(
        MediaDeps {
            repo,
            store: remote,
            prober: staged.clone(),
            converter: staged.clone(),
            transcoder: staged,
            signer: Arc::new(HmacUrlSigner::new(url_key)),
            reach: Arc::new(reach),
            clock,
        },
        settings,
    );
    Ok(if presign {
        library.with_presigner(bucket)
    } else {
        library
    })
}
