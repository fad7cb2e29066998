//! The media library use case: upload (type from bytes, probe, convert,
//! pad), list, delete, signed public URLs, the reachability check before
//! Instagram fetches a file, and background transcoding.

use std::sync::Arc;

use futures::StreamExt;
use time::{Duration, OffsetDateTime};

use super::reachability::{MediaUnreachable, check_served};
use super::{
    ByteStream, ConvertError, DecodeLimits, IMAGE_MAX_SOURCE_BYTES, ImageJob, MediaConverter,
    MediaFile, MediaFormat, MediaId, MediaKind, MediaProbe, MediaProber, MediaProblem,
    MediaReachability, MediaRepo, MediaStatus, MediaStore, MediaStoreError, MediaUse, ProbeError,
    Sniffed, TranscodeError, Transcoder, UrlSigner, check_response, classify_ip, image_layout,
    needs_transcode, parse_url_host, problems_by_use, sniff, transcode_spec,
};
use crate::store_error::StoreError;
use crate::{Clock, UserId};

/// Settings of the media library.
#[derive(Debug, Clone)]
pub struct MediaSettings {
    /// SOCIALFLOW_PUBLIC_URL, without a trailing slash.
    pub public_url: String,
    pub max_upload_bytes: u64,
    /// How long a signed media URL stays valid.
    pub url_lifetime: Duration,
    /// Refuse loopback and private public URLs: on when the Graph API is the
    /// real Instagram, off against the fake (tests, demo).
    pub check_private_addresses: bool,
    /// A transcode without progress for this long is taken over.
    pub stale_transcode: Duration,
    /// Images with more pixels than this are refused from their header,
    /// before anything is decoded (SOCIALFLOW_MAX_IMAGE_PIXELS).
    pub max_image_pixels: u64,
    /// How many probes and conversions run at once; more wait their turn
    /// (SOCIALFLOW_MEDIA_JOBS).
    pub jobs: usize,
}

/// 50 megapixels: the 48–50 MP photos of current phones fit.
pub const DEFAULT_MAX_IMAGE_PIXELS: u64 = 50_000_000;
/// One at a time keeps a burst of uploads within the memory of one.
pub const DEFAULT_MEDIA_JOBS: usize = 1;
/// What an operator may set the pixel cap to: from a small phone photo
/// (1 MP) to 400 MP (1.2 GB to decode).
pub const MAX_IMAGE_PIXELS_RANGE: std::ops::RangeInclusive<u64> = 1_000_000..=400_000_000;
/// What an operator may set the number of parallel media jobs to.
pub const MEDIA_JOBS_RANGE: std::ops::RangeInclusive<usize> = 1..=32;

impl MediaSettings {
    pub fn new(public_url: &str, max_upload_bytes: u64, check_private_addresses: bool) -> Self {
        Self {
            public_url: public_url.trim_end_matches('/').to_string(),
            max_upload_bytes,
            url_lifetime: Duration::hours(24),
            check_private_addresses,
            stale_transcode: Duration::minutes(30),
            max_image_pixels: DEFAULT_MAX_IMAGE_PIXELS,
            jobs: DEFAULT_MEDIA_JOBS,
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct UploadOptions {
    /// Pad an image outside 4:5–1.91:1 to the nearest allowed ratio.
    pub pad_to_allowed_ratio: bool,
}

/// A stored upload and what each use would make of it.
#[derive(Debug, Clone)]
pub struct Uploaded {
    pub file: MediaFile,
    pub problems: Vec<(MediaUse, Vec<MediaProblem>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the file is empty")]
    Empty,
    /// `detected` names a recognised but unsupported format (gif, heic…).
    #[error("only JPEG, PNG and WebP images and MP4/MOV videos are accepted")]
    UnsupportedType { detected: Option<&'static str> },
    #[error("the file is damaged or incomplete: {reason}")]
    Unreadable { reason: String },
    /// Over the pixel cap (from the header), or more than the decoder may
    /// allocate for it (16-bit and progressive images need more per pixel).
    #[error("the image is {width}×{height} pixels; this server converts at most {max_pixels}")]
    ImageTooLarge {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    /// An image file over [`IMAGE_MAX_SOURCE_BYTES`].
    #[error("image files of at most {limit} bytes are accepted")]
    ImageFileTooLarge { limit: u64 },
    #[error("the upload was interrupted")]
    Interrupted,
    #[error("no such media file")]
    NotFound,
    #[error("media storage failed: {0}")]
    Internal(String),
}

impl From<StoreError> for MediaError {
    fn from(e: StoreError) -> Self {
        MediaError::Internal(e.to_string())
    }
}

impl From<MediaStoreError> for MediaError {
    fn from(e: MediaStoreError) -> Self {
        match e {
            MediaStoreError::TooLarge { limit } => MediaError::TooLarge { limit },
            MediaStoreError::NotFound => MediaError::NotFound,
            MediaStoreError::Interrupted(_) => MediaError::Interrupted,
            MediaStoreError::Io(e) => MediaError::Internal(e),
        }
    }
}

/// Why a signed URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("the signature does not match")]
    BadSignature,
    #[error("the link has expired")]
    Expired,
}

/// What one transcode pass did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscodeOutcome {
    pub id: MediaId,
    /// `Err` holds the reason shown to the user.
    pub result: Result<(), String>,
}

/// The ports the library works through.
#[derive(Clone)]
pub struct MediaDeps {
    pub repo: Arc<dyn MediaRepo>,
    pub store: Arc<dyn MediaStore>,
    pub prober: Arc<dyn MediaProber>,
    pub converter: Arc<dyn MediaConverter>,
    pub transcoder: Arc<dyn Transcoder>,
    pub signer: Arc<dyn UrlSigner>,
    pub reach: Arc<dyn MediaReachability>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct MediaLibrary {
    d: MediaDeps,
    settings: MediaSettings,
    /// When set, Instagram fetches files through the store's presigned URLs.
    presigner: Option<Arc<dyn super::MediaPresigner>>,
}

/// Bytes of a file compared with what its public URL serves.
const HEAD_BYTES: usize = 64;
/// A 16×16 JPEG the doctor serves through the public URL.
const PROBE_JPEG: &[u8] = include_bytes!("probe.jpg");

fn probe_error(e: ProbeError) -> MediaError {
    match e {
        ProbeError::Unreadable(reason) | ProbeError::Unsupported(reason) => {
            MediaError::Unreadable { reason }
        }
        ProbeError::Io(e) => MediaError::Internal(e),
    }
}

/// The name as shown: its last path component, printable, at most 255
/// characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        "upload".into()
    } else {
        trimmed.to_string()
    }
}

impl MediaLibrary {
    pub fn new(deps: MediaDeps, settings: MediaSettings) -> Self {
        Self {
            d: deps,
            settings,
            presigner: None,
        }
    }

    /// Instagram fetches files through `presigner`'s URLs (an object
    /// store's presigned GET) instead of SocialFlow's own signed URL.
    pub fn with_presigner(mut self, presigner: Arc<dyn super::MediaPresigner>) -> Self {
        self.presigner = Some(presigner);
        self
    }

    pub fn settings(&self) -> &MediaSettings {
        &self.settings
    }

    pub fn store(&self) -> &Arc<dyn MediaStore> {
        &self.d.store
    }

    /// Whether videos can be transcoded here (ffmpeg installed).
    pub async fn can_transcode(&self) -> bool {
        self.d.transcoder.available().await
    }

    /// Stores an upload: the type from its bytes, its facts from a probe;
    /// PNG and WebP become JPEG, an image is padded to an allowed aspect
    /// ratio when asked, a video Instagram would refuse waits for a
    /// transcode. A refused file leaves nothing behind.
    pub async fn upload(
        &self,
        owner: UserId,
        stream: ByteStream,
        original_name: &str,
        options: UploadOptions,
    ) -> Result<Uploaded, MediaError> {
        let id = MediaId::new();
        let size = self
            .d
            .store
            .put(id, stream, self.settings.max_upload_bytes)
            .await?;
        match self.ingest(owner, id, size, original_name, options).await {
            Ok(u) => Ok(u),
            Err(e) => {
                if let Err(del) = self.d.store.delete(id).await {
                    tracing::warn!(error = %del, %id, "cannot remove a refused upload");
                }
                Err(e)
            }
        }
    }

    async fn ingest(
        &self,
        owner: UserId,
        id: MediaId,
        size: u64,
        original_name: &str,
        options: UploadOptions,
    ) -> Result<Uploaded, MediaError> {
        if size == 0 {
            return Err(MediaError::Empty);
        }
        let head = self.d.store.head(id, HEAD_BYTES).await?;
        let format = match sniff(&head) {
            Sniffed::Supported(f) => f,
            Sniffed::Unsupported(name) => {
                return Err(MediaError::UnsupportedType {
                    detected: Some(name),
                });
            }
            Sniffed::Unknown => return Err(MediaError::UnsupportedType { detected: None }),
        };
        if format.is_image() && size > IMAGE_MAX_SOURCE_BYTES {
            return Err(MediaError::ImageFileTooLarge {
                limit: IMAGE_MAX_SOURCE_BYTES,
            });
        }
        let mut probe = match self.d.prober.probe(id, format).await {
            Ok(p) => p,
            // The pure-Rust prober cannot read every QuickTime file (e.g.
            // version 1 sound descriptions); ffmpeg can, so such a MOV is
            // kept as a video that needs a transcode. A cut-off or broken
            // file is refused whatever its format.
            Err(ProbeError::Unsupported(_)) if format == MediaFormat::Mov => {
                MediaProbe::new(MediaFormat::Mov)
            }
            Err(e) => return Err(probe_error(e)),
        };
        let mut size = size;
        if format.is_image()
            && let Some(written) = self.process_image(id, &probe, options).await?
        {
            size = written;
            probe = self.probe(id, MediaFormat::Jpeg).await?;
        }
        let kind = if probe.format.is_image() {
            MediaKind::Image
        } else {
            MediaKind::Video
        };
        let status = if needs_transcode(&probe) {
            MediaStatus::NeedsTranscode
        } else {
            MediaStatus::Ready
        };
        let now = self.d.clock.now();
        let file = MediaFile {
            id,
            owner,
            kind,
            content_type: probe.format.content_type().to_string(),
            byte_size: size,
            original_name: clean_name(original_name),
            probe,
            status,
            created_at: now,
            updated_at: now,
        };
        self.d.repo.insert_media(&file).await?;
        Ok(Uploaded {
            problems: problems_by_use(&file),
            file,
        })
    }

    /// Checks an image against the limits from its header alone, then has
    /// it decoded whole (within the decoder limits) and, when it is not a
    /// JPEG, is larger than Instagram shows, or is to be padded, rewritten.
    /// Returns the new size when it was rewritten.
    async fn process_image(
        &self,
        id: MediaId,
        probe: &MediaProbe,
        options: UploadOptions,
    ) -> Result<Option<u64>, MediaError> {
        let (Some(width), Some(height)) = (probe.width, probe.height) else {
            return Err(MediaError::Unreadable {
                reason: "the image has no dimensions".into(),
            });
        };
        let max_pixels = self.settings.max_image_pixels;
        let too_large = MediaError::ImageTooLarge {
            width,
            height,
            max_pixels,
        };
        if u64::from(width) * u64::from(height) > max_pixels {
            return Err(too_large);
        }
        let layout = image_layout(width, height, options.pad_to_allowed_ratio);
        let output = match layout {
            None if probe.format == MediaFormat::Jpeg => None,
            None => Some(super::ImageLayout {
                width,
                height,
                canvas: (width, height),
            }),
            some => some,
        };
        let job = ImageJob {
            format: probe.format,
            limits: DecodeLimits::for_pixels(max_pixels),
            output,
        };
        self.d
            .converter
            .process_image(id, &job)
            .await
            .map_err(|e| match e {
                ConvertError::Undecodable(reason) => MediaError::Unreadable { reason },
                ConvertError::OverLimit(_) => too_large,
                ConvertError::Io(e) => MediaError::Internal(e),
            })
    }

    async fn probe(&self, id: MediaId, format: MediaFormat) -> Result<MediaProbe, MediaError> {
        self.d.prober.probe(id, format).await.map_err(probe_error)
    }

    pub async fn get(&self, owner: UserId, id: MediaId) -> Result<MediaFile, MediaError> {
        self.d
            .repo
            .media_file(owner, id)
            .await?
            .ok_or(MediaError::NotFound)
    }

    pub async fn list(&self, owner: UserId) -> Result<Vec<MediaFile>, MediaError> {
        Ok(self.d.repo.media_of(owner).await?)
    }

    /// Deletes the file from disk and its record.
    pub async fn delete(&self, owner: UserId, id: MediaId) -> Result<(), MediaError> {
        if self.d.repo.media_file(owner, id).await?.is_none() {
            return Err(MediaError::NotFound);
        }
        self.d.store.delete(id).await?;
        self.d.repo.delete_media(owner, id).await?;
        Ok(())
    }

    fn signed_message(id: MediaId, exp: i64) -> String {
        format!("media/{id}/{exp}")
    }

    /// A URL Instagram can fetch the file from, valid for the configured
    /// lifetime from `now`: the store's presigned URL when one is set up,
    /// otherwise (and when presigning fails) SocialFlow's own signed URL,
    /// which serves from the same store.
    pub async fn public_url(&self, file: &MediaFile, now: OffsetDateTime) -> String {
        self.instagram_url(file.id, now).await
    }

    async fn instagram_url(&self, id: MediaId, now: OffsetDateTime) -> String {
        if let Some(presigner) = &self.presigner {
            let lifetime = super::presign_lifetime(self.settings.url_lifetime);
            match presigner.presigned_get(id, lifetime).await {
                Ok(url) => return url,
                Err(e) => {
                    tracing::warn!(error = %e, media = %id, "presigning failed; using SocialFlow's signed URL");
                }
            }
        }
        self.signed_url(id, now)
    }

    pub fn signed_url(&self, id: MediaId, now: OffsetDateTime) -> String {
        let exp = (now + self.settings.url_lifetime).unix_timestamp();
        let sig = self.d.signer.sign(&Self::signed_message(id, exp));
        format!(
            "{}/media/{id}?exp={exp}&sig={sig}",
            self.settings.public_url
        )
    }

    /// Checks a signed URL's parameters.
    pub fn verify_url(
        &self,
        id: MediaId,
        exp: i64,
        sig: &str,
        now: OffsetDateTime,
    ) -> Result<(), UrlProblem> {
        if !self.d.signer.verify(&Self::signed_message(id, exp), sig) {
            return Err(UrlProblem::BadSignature);
        }
        if now.unix_timestamp() > exp {
            return Err(UrlProblem::Expired);
        }
        Ok(())
    }

    /// Content type (from the file's bytes) and size of a stored file, for
    /// serving it without a database lookup.
    pub async fn served(&self, id: MediaId) -> Result<(&'static str, u64), MediaError> {
        let size = self.d.store.size(id).await?;
        let head = self.d.store.head(id, HEAD_BYTES).await?;
        match sniff(&head) {
            Sniffed::Supported(f) => Ok((f.content_type(), size)),
            _ => Ok(("application/octet-stream", size)),
        }
    }

    /// Before a container is created: does the public URL serve this file,
    /// and (with the real Instagram) is it on the internet?
    pub async fn ensure_reachable(
        &self,
        file: &MediaFile,
        now: OffsetDateTime,
    ) -> Result<(), MediaUnreachable> {
        let host = self.public_host().await?;
        let head = self
            .d
            .store
            .head(file.id, HEAD_BYTES)
            .await
            .map_err(|e| match e {
                MediaStoreError::NotFound => MediaUnreachable::FileMissing,
                other => MediaUnreachable::StorageFailed {
                    detail: other.to_string(),
                },
            })?;
        let url = self.public_url(file, now).await;
        let got = self
            .d
            .reach
            .fetch_head(&url, HEAD_BYTES)
            .await
            .map_err(|e| MediaUnreachable::from_fetch(&host.host, e))?;
        check_response(file, &head, &got)
    }

    /// For `socialflow doctor`: does the public URL serve files of this
    /// media directory the way Instagram fetches them? Stores a small probe
    /// image (no database row: `/media/` serves from the store), fetches it
    /// through the signed public URL and removes it again.
    pub async fn check_public_url(&self, now: OffsetDateTime) -> Result<(), MediaUnreachable> {
        let host = self.public_host().await?;
        let id = MediaId::new();
        let body = bytes::Bytes::from_static(PROBE_JPEG);
        let stream: ByteStream = Box::pin(futures::stream::once(async move { Ok(body) }));
        self.d
            .store
            .put(id, stream, PROBE_JPEG.len() as u64)
            .await
            .map_err(|e| MediaUnreachable::StorageFailed {
                detail: e.to_string(),
            })?;
        let fetched = self
            .d
            .reach
            .fetch_head(&self.instagram_url(id, now).await, HEAD_BYTES)
            .await;
        // The probe goes whatever the answer was.
        let removed = self.d.store.delete(id).await;
        let got = fetched.map_err(|e| MediaUnreachable::from_fetch(&host.host, e))?;
        let head = &PROBE_JPEG[..PROBE_JPEG.len().min(HEAD_BYTES)];
        check_served("image/jpeg", PROBE_JPEG.len() as u64, head, &got)?;
        removed.map_err(|e| MediaUnreachable::StorageFailed {
            detail: e.to_string(),
        })
    }

    /// The public URL's host; with the real Instagram, refused when it is
    /// loopback or private (Instagram's servers could not reach it).
    async fn public_host(&self) -> Result<super::UrlHost, MediaUnreachable> {
        let host = parse_url_host(&self.settings.public_url).ok_or_else(|| {
            MediaUnreachable::BadPublicUrl {
                url: self.settings.public_url.clone(),
            }
        })?;
        if self.settings.check_private_addresses {
            let ips = match host.ip() {
                Some(ip) => vec![ip],
                None => match self.d.reach.resolve(&host.host, host.port).await {
                    Ok(ips) => ips,
                    Err(_) if host.is_local_name() => {
                        return Err(MediaUnreachable::PrivateAddress {
                            host: host.host.clone(),
                            address: "local name".into(),
                            kind: super::AddressKind::Private,
                        });
                    }
                    Err(e) => return Err(MediaUnreachable::from_fetch(&host.host, e)),
                },
            };
            for ip in ips {
                let kind = classify_ip(ip);
                if kind != super::AddressKind::Public {
                    return Err(MediaUnreachable::private(&host.host, ip, kind));
                }
            }
        }
        Ok(host)
    }

    /// Transcodes one waiting video, if ffmpeg is here and one waits.
    /// Progress is written as it comes; a failure keeps the original.
    pub async fn transcode_next(&self) -> Result<Option<TranscodeOutcome>, MediaError> {
        if !self.d.transcoder.available().await {
            return Ok(None);
        }
        let now = self.d.clock.now();
        let stale_before = now - self.settings.stale_transcode;
        let waiting = self.d.repo.media_needing_transcode(stale_before, 5).await?;
        for file in waiting {
            if !self
                .d
                .repo
                .claim_transcode(file.id, now, stale_before)
                .await?
            {
                continue;
            }
            return Ok(Some(self.transcode(file).await?));
        }
        Ok(None)
    }

    async fn transcode(&self, file: MediaFile) -> Result<TranscodeOutcome, MediaError> {
        let id = file.id;
        let spec = transcode_spec(&file.probe);
        let (tx, mut rx) = futures::channel::mpsc::unbounded::<u8>();
        let work = self.d.transcoder.transcode(id, &spec, tx);
        let repo = self.d.repo.clone();
        let clock = self.d.clock.clone();
        let report = async move {
            let mut last = 0u8;
            while let Some(p) = rx.next().await {
                let p = p.min(99);
                if p > last {
                    last = p;
                    let status = MediaStatus::Transcoding { percent: p };
                    if let Err(e) = repo.set_media_status(id, &status, clock.now()).await {
                        tracing::warn!(error = %e, %id, "cannot record transcode progress");
                    }
                }
            }
        };
        let (result, ()) = futures::join!(work, report);
        let failed = |reason: String| async {
            let status = MediaStatus::TranscodeFailed {
                reason: reason.clone(),
            };
            self.d
                .repo
                .set_media_status(id, &status, self.d.clock.now())
                .await?;
            Ok::<_, MediaError>(TranscodeOutcome {
                id,
                result: Err(reason),
            })
        };
        match result {
            Ok(()) => {}
            Err(TranscodeError::Unavailable) => {
                // ffmpeg vanished: wait for it again.
                self.d
                    .repo
                    .set_media_status(id, &MediaStatus::NeedsTranscode, self.d.clock.now())
                    .await?;
                return Ok(TranscodeOutcome {
                    id,
                    result: Err(TranscodeError::Unavailable.to_string()),
                });
            }
            Err(e) => return failed(e.to_string()).await,
        }
        let probe = match self.d.prober.probe(id, MediaFormat::Mp4).await {
            Ok(p) => p,
            Err(e) => return failed(format!("the converted file cannot be read: {e}")).await,
        };
        let size = self.d.store.size(id).await?;
        let updated = MediaFile {
            content_type: probe.format.content_type().to_string(),
            byte_size: size,
            probe,
            status: MediaStatus::Ready,
            updated_at: self.d.clock.now(),
            ..file
        };
        self.d.repo.update_media(&updated).await?;
        Ok(TranscodeOutcome { id, result: Ok(()) })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_lose_their_paths_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\me\\photo.png"), "photo.png");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b\nc.jpg"), "abc.jpg");
        assert_eq!(clean_name(""), "upload");
        assert_eq!(clean_name(&"x".repeat(300)).len(), 255);
    }
}
