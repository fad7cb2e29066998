use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::signer::Signer;
use object_store::{
    GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig, WriteMultipart,
};
use secrecy::ExposeSecret;
use socialflow_core::media::{
    ByteStream, MAX_PRESIGN_LIFETIME, MediaId, MediaPresigner, MediaStore, MediaStoreError,
};

use crate::{S3Config, S3ConfigError};

/// Media files as objects `<prefix>/<id>` in one bucket.
#[derive(Debug, Clone)]
pub struct S3MediaStore {
    s3: Arc<AmazonS3>,
    prefix: String,
    part_size: usize,
    parts_in_flight: usize,
}

fn s3_error(e: object_store::Error) -> MediaStoreError {
    match e {
        object_store::Error::NotFound { .. } => MediaStoreError::NotFound,
        // The error names the store and the failure, never the credentials.
        other => MediaStoreError::Io(other.to_string()),
    }
}

impl S3MediaStore {
    pub fn new(config: &S3Config) -> Result<Self, S3ConfigError> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(config.secret_access_key.expose_secret())
            .with_retry(RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(30),
                ..RetryConfig::default()
            });
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint.trim_end_matches('/'))
                .with_allow_http(endpoint.starts_with("http://"))
                // Self-hosted servers answer at `<endpoint>/<bucket>/<key>`.
                .with_virtual_hosted_style_request(false);
        }
        let s3 = builder
            .build()
            .map_err(|e| S3ConfigError::Client(e.to_string()))?;
        Ok(Self {
            s3: Arc::new(s3),
            prefix: config.prefix.trim_matches('/').to_string(),
            part_size: config.part_size.max(S3Config::MIN_PART_SIZE),
            parts_in_flight: config.parts_in_flight.max(1),
        })
    }

    fn path(&self, id: MediaId) -> Path {
        if self.prefix.is_empty() {
            Path::from(id.to_string())
        } else {
            Path::from(format!("{}/{id}", self.prefix))
        }
    }

    /// The rest of the upload after the first part: streamed as a multipart
    /// upload, aborted (nothing kept) when the stream breaks or passes the
    /// cap.
    async fn put_multipart(
        &self,
        path: &Path,
        first: Vec<Bytes>,
        mut written: u64,
        mut stream: ByteStream,
        max_bytes: u64,
    ) -> Result<u64, MediaStoreError> {
        let upload = self.s3.put_multipart(path).await.map_err(s3_error)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, self.part_size);
        for chunk in first {
            writer.put(chunk);
        }
        loop {
            if let Err(e) = writer.wait_for_capacity(self.parts_in_flight).await {
                abort(writer).await;
                return Err(s3_error(e));
            }
            let Some(chunk) = stream.next().await else {
                break;
            };
            let chunk = match chunk {
                Ok(c) => c,
                Err(e) => {
                    abort(writer).await;
                    return Err(MediaStoreError::Interrupted(e.to_string()));
                }
            };
            written += chunk.len() as u64;
            if written > max_bytes {
                abort(writer).await;
                return Err(MediaStoreError::TooLarge { limit: max_bytes });
            }
            writer.put(chunk);
        }
        writer.finish().await.map_err(s3_error)?;
        Ok(written)
    }
}

async fn abort(writer: WriteMultipart) {
    if let Err(e) = writer.abort().await {
        tracing::warn!(error = %e, "cannot abort an S3 multipart upload; the bucket's lifecycle rule removes it");
    }
}

#[async_trait]
impl MediaStore for S3MediaStore {
    async fn put(
        &self,
        id: MediaId,
        mut stream: ByteStream,
        max_bytes: u64,
    ) -> Result<u64, MediaStoreError> {
        let path = self.path(id);
        // Up to one part is gathered first: a smaller file is one PUT.
        let mut first: Vec<Bytes> = Vec::new();
        let mut buffered: usize = 0;
        let mut written: u64 = 0;
        while buffered < self.part_size {
            let Some(chunk) = stream.next().await else {
                let payload: PutPayload = first.into_iter().collect();
                self.s3.put(&path, payload).await.map_err(s3_error)?;
                return Ok(written);
            };
            let chunk = chunk.map_err(|e| MediaStoreError::Interrupted(e.to_string()))?;
            written += chunk.len() as u64;
            if written > max_bytes {
                return Err(MediaStoreError::TooLarge { limit: max_bytes });
            }
            buffered += chunk.len();
            first.push(chunk);
        }
        self.put_multipart(&path, first, written, stream, max_bytes)
            .await
    }

    async fn read_range(
        &self,
        id: MediaId,
        start: u64,
        len: u64,
    ) -> Result<ByteStream, MediaStoreError> {
        let path = self.path(id);
        // S3 refuses a range that starts at or after the end: the size
        // decides first.
        let size = self.s3.head(&path).await.map_err(s3_error)?.size;
        let end = start.saturating_add(len).min(size);
        if start >= end {
            return Ok(Box::pin(futures::stream::empty()));
        }
        let got = self
            .s3
            .get_opts(
                &path,
                GetOptions::default().with_range(Some(GetRange::Bounded(start..end))),
            )
            .await
            .map_err(s3_error)?;
        Ok(Box::pin(
            got.into_stream()
                .map_err(|e| std::io::Error::other(e.to_string())),
        ))
    }

    async fn head(&self, id: MediaId, n: usize) -> Result<Vec<u8>, MediaStoreError> {
        let mut stream = self.read_range(id, 0, n as u64).await?;
        let mut out = Vec::with_capacity(n.min(64 * 1024));
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| MediaStoreError::Io(e.to_string()))?;
            let room = n - out.len();
            out.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if out.len() >= n {
                break;
            }
        }
        Ok(out)
    }

    async fn size(&self, id: MediaId) -> Result<u64, MediaStoreError> {
        Ok(self.s3.head(&self.path(id)).await.map_err(s3_error)?.size)
    }

    async fn delete(&self, id: MediaId) -> Result<(), MediaStoreError> {
        match self.s3.delete(&self.path(id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(s3_error(e)),
        }
    }
}

#[async_trait]
impl MediaPresigner for S3MediaStore {
    async fn presigned_get(
        &self,
        id: MediaId,
        lifetime: Duration,
    ) -> Result<String, MediaStoreError> {
        let url = self
            .s3
            .signed_url(
                http::Method::GET,
                &self.path(id),
                lifetime.min(MAX_PRESIGN_LIFETIME),
            )
            .await
            .map_err(s3_error)?;
        Ok(url.to_string())
    }
}
