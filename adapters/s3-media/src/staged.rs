//! Probing, image conversion and transcoding read and write local files.
//! With the media in a bucket, each job copies the object to a scratch
//! store on the local disk, runs the local adapter there, writes a changed
//! file back to the bucket and removes the scratch copy.

use std::sync::Arc;

use async_trait::async_trait;
use socialflow_core::media::{
    ConvertError, ImageJob, MediaConverter, MediaFormat, MediaId, MediaProbe, MediaProber,
    MediaStore, MediaStoreError, ProbeError, TranscodeError, TranscodeSpec, Transcoder,
};

/// The local adapters, run on scratch copies of the objects in `remote`.
#[derive(Clone)]
pub struct Staged {
    remote: Arc<dyn MediaStore>,
    scratch: Arc<dyn MediaStore>,
    prober: Arc<dyn MediaProber>,
    converter: Arc<dyn MediaConverter>,
    transcoder: Arc<dyn Transcoder>,
}

/// Scratch copies are whole files: no cap beyond what the upload had.
const NO_CAP: u64 = u64::MAX;

impl Staged {
    /// `scratch` is the local store that `prober`, `converter` and
    /// `transcoder` read and write.
    pub fn new(
        remote: Arc<dyn MediaStore>,
        scratch: Arc<dyn MediaStore>,
        prober: Arc<dyn MediaProber>,
        converter: Arc<dyn MediaConverter>,
        transcoder: Arc<dyn Transcoder>,
    ) -> Self {
        Self {
            remote,
            scratch,
            prober,
            converter,
            transcoder,
        }
    }

    /// Copies the object to the scratch store, streaming.
    async fn fetch(&self, id: MediaId) -> Result<(), MediaStoreError> {
        let stream = self.remote.read_range(id, 0, u64::MAX).await?;
        self.scratch.put(id, stream, NO_CAP).await.map(|_| ())
    }

    /// Writes the scratch copy back over the object.
    async fn store_back(&self, id: MediaId) -> Result<u64, MediaStoreError> {
        let stream = self.scratch.read_range(id, 0, u64::MAX).await?;
        self.remote.put(id, stream, NO_CAP).await
    }

    async fn discard(&self, id: MediaId) {
        if let Err(e) = self.scratch.delete(id).await {
            tracing::warn!(error = %e, media = %id, "cannot remove a scratch copy");
        }
    }
}

#[async_trait]
impl MediaProber for Staged {
    async fn probe(&self, id: MediaId, format: MediaFormat) -> Result<MediaProbe, ProbeError> {
        self.fetch(id)
            .await
            .map_err(|e| ProbeError::Io(e.to_string()))?;
        let probed = self.prober.probe(id, format).await;
        self.discard(id).await;
        probed
    }
}

#[async_trait]
impl MediaConverter for Staged {
    async fn process_image(
        &self,
        id: MediaId,
        job: &ImageJob,
    ) -> Result<Option<u64>, ConvertError> {
        self.fetch(id)
            .await
            .map_err(|e| ConvertError::Io(e.to_string()))?;
        let result = match self.converter.process_image(id, job).await {
            Ok(Some(_)) => self
                .store_back(id)
                .await
                .map(Some)
                .map_err(|e| ConvertError::Io(e.to_string())),
            other => other,
        };
        self.discard(id).await;
        result
    }
}

#[async_trait]
impl Transcoder for Staged {
    async fn available(&self) -> bool {
        self.transcoder.available().await
    }

    async fn transcode(
        &self,
        id: MediaId,
        spec: &TranscodeSpec,
        progress: futures::channel::mpsc::UnboundedSender<u8>,
    ) -> Result<(), TranscodeError> {
        self.fetch(id)
            .await
            .map_err(|e| TranscodeError::Io(e.to_string()))?;
        let result = match self.transcoder.transcode(id, spec, progress).await {
            Ok(()) => self
                .store_back(id)
                .await
                .map(|_| ())
                .map_err(|e| TranscodeError::Io(e.to_string())),
            Err(e) => Err(e),
        };
        self.discard(id).await;
        result
    }
}
