//! What the media use cases ask of the world: a database table, a file
//! store, a prober, an image converter, a video transcoder, a URL signer and
//! an HTTP client that checks what Instagram would fetch.

use std::net::IpAddr;
use std::pin::Pin;

use async_trait::async_trait;
use bytes::Bytes;
use futures::Stream;
use time::OffsetDateTime;

use super::{MediaFile, MediaFormat, MediaId, MediaProbe, MediaStatus, TranscodeSpec};
use crate::UserId;
use crate::store_error::StoreResult;

/// File contents arriving or leaving in chunks, never whole in memory.
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MediaRepo: Send + Sync {
    async fn insert_media(&self, file: &MediaFile) -> StoreResult<()>;
    /// The owner's file with this id, if it is theirs.
    async fn media_file(&self, owner: UserId, id: MediaId) -> StoreResult<Option<MediaFile>>;
    /// The owner's files, newest first.
    async fn media_of(&self, owner: UserId) -> StoreResult<Vec<MediaFile>>;
    /// Deletes the owner's row; false when it is not theirs or gone.
    async fn delete_media(&self, owner: UserId, id: MediaId) -> StoreResult<bool>;
    /// Replaces what is known about a file (after a conversion), matched by
    /// id and owner.
    async fn update_media(&self, file: &MediaFile) -> StoreResult<bool>;
    async fn set_media_status(
        &self,
        id: MediaId,
        status: &MediaStatus,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Files waiting for a transcode, and transcodes that stopped reporting
    /// progress before `stale_before` (a worker died), oldest first. Not
    /// owner-scoped: the worker serves everyone.
    async fn media_needing_transcode(
        &self,
        stale_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MediaFile>>;
    /// Marks the file as transcoding (0 %) if it still waits for it (or its
    /// transcode is stale); false when another worker took it.
    async fn claim_transcode(
        &self,
        id: MediaId,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<bool>;
}

#[derive(Debug, thiserror::Error)]
pub enum MediaStoreError {
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("no such file")]
    NotFound,
    /// The upload stream broke (client went away).
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error("media storage failed: {0}")]
    Io(String),
}

/// Where file contents live, by media id.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MediaStore: Send + Sync {
    /// Writes the stream as the file for `id`, refusing more than
    /// `max_bytes` (nothing is kept then). Returns the size written.
    async fn put(
        &self,
        id: MediaId,
        stream: ByteStream,
        max_bytes: u64,
    ) -> Result<u64, MediaStoreError>;
    /// `len` bytes from `start` (fewer at the end of the file).
    async fn read_range(
        &self,
        id: MediaId,
        start: u64,
        len: u64,
    ) -> Result<ByteStream, MediaStoreError>;
    /// The first `n` bytes (fewer for a smaller file), in memory.
    async fn head(&self, id: MediaId, n: usize) -> Result<Vec<u8>, MediaStoreError>;
    async fn size(&self, id: MediaId) -> Result<u64, MediaStoreError>;
    /// Removes the file; a missing file is not an error.
    async fn delete(&self, id: MediaId) -> Result<(), MediaStoreError>;
    /// Where the file lies on the local disk, when the store is a local
    /// directory: the data export copies it from there without loading it
    /// whole. `None` for stores that are not local files.
    fn local_path(&self, id: MediaId) -> Option<std::path::PathBuf> {
        let _ = id;
        None
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProbeError {
    /// The file is damaged or not what its first bytes claim (a truncated
    /// video, an image that does not decode).
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
    /// The file is whole, but the prober cannot read something in it (a
    /// QuickTime sound description the `mp4` crate does not parse).
    #[error("the file cannot be read here: {0}")]
    Unsupported(String),
    #[error("probing failed: {0}")]
    Io(String),
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MediaProber: Send + Sync {
    /// Reads the facts of the stored file, which `sniff` said is `format`.
    async fn probe(&self, id: MediaId, format: MediaFormat) -> Result<MediaProbe, ProbeError>;
}

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("the image cannot be decoded: {0}")]
    Undecodable(String),
    /// Decoding would need more than the job's limits allow.
    #[error("the image needs more memory to decode than allowed: {0}")]
    OverLimit(String),
    #[error("image conversion failed: {0}")]
    Io(String),
}

/// What a decoder may use for one image: the library's pixel cap, and the
/// bytes it may allocate for it (pixel buffers and the decoder's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    pub max_pixels: u64,
    pub max_bytes: u64,
}

impl DecodeLimits {
    /// Bytes allowed per pixel of the cap: an 8-bit RGB picture at the cap
    /// fits; formats that need more per pixel (alpha, 16-bit, progressive
    /// JPEG) are accepted up to a smaller size.
    pub const BYTES_PER_PIXEL: u64 = 3;

    pub fn for_pixels(max_pixels: u64) -> Self {
        Self {
            max_pixels,
            max_bytes: max_pixels.saturating_mul(Self::BYTES_PER_PIXEL),
        }
    }
}

/// One image to check or convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageJob {
    pub format: MediaFormat,
    pub limits: DecodeLimits,
    /// `None`: only decode the whole file to check it is intact; otherwise
    /// write a JPEG of this layout in its place.
    pub output: Option<super::ImageLayout>,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MediaConverter: Send + Sync {
    /// Decodes the stored image whole within `job.limits` (a damaged or
    /// truncated file is `Undecodable`), then, when `job.output` says so,
    /// re-encodes it as JPEG in place: EXIF rotation applied, scaled, centred
    /// on a white canvas. Returns the new size when it wrote one.
    async fn process_image(&self, id: MediaId, job: &ImageJob)
    -> Result<Option<u64>, ConvertError>;
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TranscodeError {
    #[error("ffmpeg is not installed")]
    Unavailable,
    /// ffmpeg ran and failed; its last words.
    #[error("ffmpeg failed: {0}")]
    Failed(String),
    #[error("transcoding failed: {0}")]
    Io(String),
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait Transcoder: Send + Sync {
    /// Whether the transcoder (ffmpeg) can run here.
    async fn available(&self) -> bool;
    /// Converts the stored video to an H.264/AAC MP4 with the index at the
    /// front, replacing the file only on success; sends progress in percent.
    async fn transcode(
        &self,
        id: MediaId,
        spec: &TranscodeSpec,
        progress: futures::channel::mpsc::UnboundedSender<u8>,
    ) -> Result<(), TranscodeError>;
}

/// HMAC signatures for media URLs.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait UrlSigner: Send + Sync {
    /// A URL-safe signature of `message`.
    fn sign(&self, message: &str) -> String;
    /// Constant-time check of a signature.
    fn verify(&self, message: &str, signature: &str) -> bool;
}

/// What a GET of a media URL answered (the body is read only up to its
/// first bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FetchedHead {
    pub status: u16,
    pub content_type: Option<String>,
    /// The full length: Content-Length of a 200, or the total of a 206's
    /// Content-Range.
    pub total_length: Option<u64>,
    pub location: Option<String>,
    pub first_bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("the name does not resolve: {0}")]
    Dns(String),
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("TLS failed: {0}")]
    Tls(String),
    #[error("no answer in time")]
    Timeout,
    #[error("{0}")]
    Other(String),
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MediaReachability: Send + Sync {
    /// The addresses a host name resolves to.
    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<IpAddr>, FetchError>;
    /// GETs the URL (without following redirects) asking for its first
    /// `n` bytes.
    async fn fetch_head(&self, url: &str, n: usize) -> Result<FetchedHead, FetchError>;
}
