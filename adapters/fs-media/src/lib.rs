//! Media on the local filesystem: files under the media directory (one per
//! media id, written to a temporary file and renamed into place), probing
//! with pure-Rust crates, JPEG conversion with `image`, transcoding with the
//! `ffmpeg` program, and the HTTP check of public media URLs. Probes and
//! conversions run on threads of their own, a bounded number at a time.

mod boxes;
mod convert;
mod decode;
mod probe;
mod reach;
mod store;
mod transcode;
mod workers;

#[cfg(test)]
mod props;

pub use reach::HttpReachability;
pub use store::FsMediaStore;
pub use transcode::FfmpegTranscoder;

use std::path::PathBuf;

use socialflow_core::media::MediaId;

/// Where each file lives: `<dir>/<id>`; temporary files in `<dir>/.partial`.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    dir: PathBuf,
}

impl Layout {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    pub(crate) fn path(&self, id: MediaId) -> PathBuf {
        self.dir.join(id.to_string())
    }

    /// A fresh temporary path on the same filesystem (so rename is atomic).
    pub(crate) fn temp(&self, id: MediaId, purpose: &str) -> PathBuf {
        self.dir
            .join(".partial")
            .join(format!("{id}.{purpose}.{}", uuid::Uuid::now_v7()))
    }

    pub(crate) fn temp_dir(&self) -> PathBuf {
        self.dir.join(".partial")
    }
}
