//! Uploaded media files: what they are, what Instagram accepts, and the ports
//! that store and serve them.

mod export;
mod file;
mod id;
mod library;
mod network;
mod ports;
mod presign;
mod probe;
mod reachability;
mod remote;
mod rules;
mod sniff;
mod user_files;

pub use export::MediaExporter;
pub use file::{MediaFile, MediaKind, MediaStatus};
pub use id::MediaId;
pub use library::{
    DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MEDIA_JOBS, MAX_IMAGE_PIXELS_RANGE, MEDIA_JOBS_RANGE,
    MediaDeps, MediaError, MediaLibrary, MediaSettings, TranscodeOutcome, UploadOptions, Uploaded,
    UrlProblem,
};
pub use network::{AddressKind, UrlHost, classify_ip, is_real_instagram, parse_url_host};
pub use ports::{
    ByteStream, ConvertError, DecodeLimits, FetchError, FetchedHead, ImageJob, MediaConverter,
    MediaProber, MediaReachability, MediaRepo, MediaStore, MediaStoreError, ProbeError,
    TranscodeError, Transcoder, UrlSigner,
};
pub use presign::{MAX_PRESIGN_LIFETIME, MediaPresigner, presign_lifetime};
pub use probe::{MediaFormat, MediaProbe};
pub use reachability::{MediaUnreachable, check_response};
pub use remote::{MAX_SOURCE_LEN, RemoteMediaError, RemoteMediaPolicy, source_file_name};
pub use rules::{
    IMAGE_ASPECT_MAX, IMAGE_ASPECT_MIN, IMAGE_MAX_FRAME, IMAGE_MAX_SOURCE_BYTES, ImageLayout,
    MediaProblem, MediaUse, Severity, TranscodeSpec, format_bytes, format_duration_en,
    format_ratio, image_layout, needs_transcode, pad_target, problems_by_use, problems_for,
    transcode_spec,
};
pub use sniff::{Sniffed, sniff};
pub use user_files::MediaUserFiles;

#[cfg(any(test, feature = "mocks"))]
pub use ports::{
    MockMediaConverter, MockMediaProber, MockMediaReachability, MockMediaRepo, MockMediaStore,
    MockTranscoder, MockUrlSigner,
};
#[cfg(any(test, feature = "mocks"))]
pub use presign::MockMediaPresigner;
