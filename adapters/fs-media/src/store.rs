use std::io::{SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use futures::StreamExt;
use std::sync::Arc;

use socialflow_core::media::{
    ByteStream, ConvertError, ImageJob, MediaConverter, MediaFormat, MediaId, MediaProbe,
    MediaProber, MediaStore, MediaStoreError, ProbeError,
};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::Layout;
use crate::workers::Workers;

/// Files in a directory, plus the probing and conversion that work on them.
#[derive(Debug, Clone)]
pub struct FsMediaStore {
    layout: Layout,
    /// The threads probes and conversions run on, as many as may be in
    /// flight: a burst of uploads queues here instead of multiplying the
    /// memory one needs.
    jobs: Arc<Workers>,
}

fn io(e: std::io::Error) -> MediaStoreError {
    if e.kind() == std::io::ErrorKind::NotFound {
        MediaStoreError::NotFound
    } else {
        MediaStoreError::Io(e.to_string())
    }
}

impl FsMediaStore {
    /// One probe or conversion at a time; see [`FsMediaStore::with_jobs`].
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self::with_jobs(dir, 1)
    }

    /// At most `jobs` (at least 1) probes and conversions at once, each on
    /// a thread of its own.
    pub fn with_jobs(dir: impl Into<PathBuf>, jobs: usize) -> Self {
        Self {
            layout: Layout::new(dir.into()),
            jobs: Arc::new(Workers::new(jobs)),
        }
    }

    /// How many probes and conversions may run at once.
    pub fn max_jobs(&self) -> usize {
        self.jobs.threads()
    }

    /// How many more could start now.
    pub fn idle_jobs(&self) -> usize {
        self.jobs.idle()
    }

    pub fn path(&self, id: MediaId) -> PathBuf {
        self.layout.path(id)
    }

    /// Writes the stream to a new file and syncs it. The chunks are
    /// gathered into [`WRITE_BUFFER`]-sized writes made on a blocking
    /// thread while the next buffer fills (one copy of each byte, two
    /// buffers per upload at most); the cap is checked before each chunk is
    /// kept.
    async fn write_stream(
        path: &Path,
        mut stream: ByteStream,
        max_bytes: u64,
    ) -> Result<u64, MediaStoreError> {
        let file = tokio::fs::File::create(path).await.map_err(io)?;
        let mut out = Pipelined::new(file.into_std().await);
        let first = usize::try_from(max_bytes).map_or(WRITE_BUFFER, |m| m.min(WRITE_BUFFER));
        let mut buf = Vec::with_capacity(first);
        let mut written: u64 = 0;
        let outcome = async {
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| MediaStoreError::Interrupted(e.to_string()))?;
                written += chunk.len() as u64;
                if written > max_bytes {
                    return Err(MediaStoreError::TooLarge { limit: max_bytes });
                }
                let mut rest: &[u8] = &chunk;
                while !rest.is_empty() {
                    let take = (WRITE_BUFFER - buf.len()).min(rest.len());
                    buf.extend_from_slice(&rest[..take]);
                    rest = &rest[take..];
                    if buf.len() == WRITE_BUFFER {
                        buf = out.write(std::mem::take(&mut buf)).await?;
                    }
                }
            }
            if !buf.is_empty() {
                out.write(std::mem::take(&mut buf)).await?;
            }
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => {
                out.finish().await?;
                Ok(written)
            }
            Err(e) => {
                // The write in flight ends before the caller removes the file.
                let _ = out.wait().await;
                Err(e)
            }
        }
    }
}

/// Bytes gathered before one write to disk.
const WRITE_BUFFER: usize = 2 * 1024 * 1024;

/// A write on the blocking thread: it gives back the file and the emptied
/// buffer for reuse.
type WriteTask = tokio::task::JoinHandle<std::io::Result<(std::fs::File, Vec<u8>)>>;

/// A file written on a blocking thread, one buffer at a time, while the
/// caller fills the next one.
struct Pipelined {
    /// `None` while a write is in flight (the thread holds it).
    file: Option<std::fs::File>,
    in_flight: Option<WriteTask>,
}

impl Pipelined {
    fn new(file: std::fs::File) -> Self {
        Self {
            file: Some(file),
            in_flight: None,
        }
    }

    /// Waits for the write in flight; returns its buffer, for reuse.
    async fn wait(&mut self) -> Result<Option<Vec<u8>>, MediaStoreError> {
        let Some(write) = self.in_flight.take() else {
            return Ok(None);
        };
        let (file, buf) = write
            .await
            .map_err(|e| MediaStoreError::Io(e.to_string()))?
            .map_err(io)?;
        self.file = Some(file);
        Ok(Some(buf))
    }

    /// Starts writing `buf` once the previous write is done, and returns
    /// that write's buffer emptied, to fill next.
    async fn write(&mut self, buf: Vec<u8>) -> Result<Vec<u8>, MediaStoreError> {
        let free = self.wait().await?;
        let mut file = self
            .file
            .take()
            .ok_or_else(|| MediaStoreError::Io("the upload file is gone".into()))?;
        self.in_flight = Some(tokio::task::spawn_blocking(move || {
            file.write_all(&buf)?;
            Ok((file, buf))
        }));
        let mut next = free.unwrap_or_else(|| Vec::with_capacity(WRITE_BUFFER));
        next.clear();
        Ok(next)
    }

    /// Waits for the last write, then syncs the file's data to disk.
    async fn finish(mut self) -> Result<(), MediaStoreError> {
        self.wait().await?;
        let file = self
            .file
            .take()
            .ok_or_else(|| MediaStoreError::Io("the upload file is gone".into()))?;
        tokio::task::spawn_blocking(move || file.sync_data())
            .await
            .map_err(|e| MediaStoreError::Io(e.to_string()))?
            .map_err(io)
    }
}

#[async_trait]
impl MediaStore for FsMediaStore {
    async fn put(
        &self,
        id: MediaId,
        stream: ByteStream,
        max_bytes: u64,
    ) -> Result<u64, MediaStoreError> {
        tokio::fs::create_dir_all(self.layout.temp_dir())
            .await
            .map_err(io)?;
        let temp = self.layout.temp(id, "upload");
        match Self::write_stream(&temp, stream, max_bytes).await {
            Ok(n) => {
                tokio::fs::rename(&temp, self.layout.path(id))
                    .await
                    .map_err(io)?;
                Ok(n)
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&temp).await;
                Err(e)
            }
        }
    }

    async fn read_range(
        &self,
        id: MediaId,
        start: u64,
        len: u64,
    ) -> Result<ByteStream, MediaStoreError> {
        let mut file = tokio::fs::File::open(self.layout.path(id))
            .await
            .map_err(io)?;
        file.seek(SeekFrom::Start(start)).await.map_err(io)?;
        let reader = file.take(len);
        Ok(Box::pin(tokio_util::io::ReaderStream::with_capacity(
            reader,
            64 * 1024,
        )))
    }

    async fn head(&self, id: MediaId, n: usize) -> Result<Vec<u8>, MediaStoreError> {
        let file = tokio::fs::File::open(self.layout.path(id))
            .await
            .map_err(io)?;
        let mut buf = Vec::with_capacity(n);
        file.take(n as u64)
            .read_to_end(&mut buf)
            .await
            .map_err(io)?;
        Ok(buf)
    }

    async fn size(&self, id: MediaId) -> Result<u64, MediaStoreError> {
        Ok(tokio::fs::metadata(self.layout.path(id))
            .await
            .map_err(io)?
            .len())
    }

    async fn delete(&self, id: MediaId) -> Result<(), MediaStoreError> {
        match tokio::fs::remove_file(self.layout.path(id)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(e)),
        }
    }

    fn local_path(&self, id: MediaId) -> Option<PathBuf> {
        Some(self.layout.path(id))
    }
}

#[async_trait]
impl MediaProber for FsMediaStore {
    async fn probe(&self, id: MediaId, format: MediaFormat) -> Result<MediaProbe, ProbeError> {
        let path = self.layout.path(id);
        self.jobs
            .run(move || crate::probe::probe_file(&path, format))
            .await
            .map_err(ProbeError::Io)?
    }
}

#[async_trait]
impl MediaConverter for FsMediaStore {
    async fn process_image(
        &self,
        id: MediaId,
        job: &ImageJob,
    ) -> Result<Option<u64>, ConvertError> {
        let path = self.layout.path(id);
        let temp = self.layout.temp(id, "jpeg");
        let job = *job;
        self.jobs
            .run(move || crate::convert::process(&path, &temp, &job))
            .await
            .map_err(ConvertError::Io)?
    }
}
