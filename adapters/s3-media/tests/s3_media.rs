//! The S3 adapter against a real S3-compatible server: s3s-fs, which
//! scripts/test installs from crates.io under ~/.cache/socialflow-tools/s3s-fs and names in
//! `SOCIALFLOW_S3S_FS`. These tests fail, never skip, without it.
//! Each test starts its own server on a free loopback port with its own
//! directory, and stops it at the end (`socialflow_media_contract::s3s`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use secrecy::SecretString;
use socialflow_core::media::{
    ByteStream, DecodeLimits, ImageJob, ImageLayout, MediaConverter, MediaFormat, MediaId,
    MediaPresigner, MediaProber, MediaStore, MediaStoreError, Sniffed, sniff,
};
use socialflow_fs_media::{FfmpegTranscoder, FsMediaStore};
use socialflow_media_contract::cases::{chunks, pattern, read_all};
use socialflow_media_contract::s3s::{ACCESS_KEY, BUCKET, REGION, S3sServer, SECRET_KEY};
use socialflow_media_contract::{Subject, media_store_contract};
use socialflow_s3_media::{S3Config, S3MediaStore, Staged};

fn config(server: &S3sServer) -> S3Config {
    S3Config::new(
        Some(server.endpoint.clone()),
        BUCKET,
        REGION,
        ACCESS_KEY,
        SecretString::from(SECRET_KEY),
    )
}

async fn s3_store() -> Subject {
    let server = S3sServer::start();
    let store = Arc::new(S3MediaStore::new(&config(&server)).unwrap());
    Subject::new(store, server)
}

media_store_contract!(s3_store);

fn stream_of(parts: Vec<Result<Bytes, std::io::Error>>) -> ByteStream {
    Box::pin(futures::stream::iter(parts))
}

#[tokio::test]
async fn multipart_uploads_past_the_cap_or_broken_are_aborted_and_keep_the_old_file() {
    let server = S3sServer::start();
    let mut cfg = config(&server);
    cfg.part_size = S3Config::MIN_PART_SIZE;
    let store = S3MediaStore::new(&cfg).unwrap();
    let id = MediaId::new();
    let first = pattern(3_000, 1);
    store.put(id, chunks(&first, 1000), 1 << 30).await.unwrap();

    // 11 MiB against a 10 MiB cap: two parts went up before the cap.
    let big = pattern(11 << 20, 2);
    let err = store
        .put(id, chunks(&big, 1 << 20), 10 << 20)
        .await
        .unwrap_err();
    assert!(
        matches!(err, MediaStoreError::TooLarge { limit } if limit == 10 << 20),
        "{err:?}"
    );
    assert_eq!(read_all(&store, id, 0, 1 << 30).await, first);

    // A client that goes away after 6 MiB.
    let err = store
        .put(
            id,
            stream_of(vec![
                Ok(Bytes::from(pattern(6 << 20, 3))),
                Ok(Bytes::from(pattern(1 << 20, 4))),
                Err(std::io::Error::other("gone")),
            ]),
            1 << 30,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, MediaStoreError::Interrupted(_)), "{err:?}");
    assert_eq!(read_all(&store, id, 0, 1 << 30).await, first);

    // Under the cap it completes, across three parts.
    let n = store
        .put(id, chunks(&big, 1 << 20), 12 << 20)
        .await
        .unwrap();
    assert_eq!(n, big.len() as u64);
    assert_eq!(
        read_all(&store, id, 5 << 20, 10).await,
        big[5 << 20..(5 << 20) + 10]
    );
    assert_eq!(read_all(&store, id, 0, 1 << 30).await.len(), big.len());
}

#[tokio::test]
async fn presigned_urls_serve_the_object_and_refuse_tampering() {
    let server = S3sServer::start();
    let store = S3MediaStore::new(&config(&server)).unwrap();
    let id = MediaId::new();
    let data = pattern(20_000, 5);
    store.put(id, chunks(&data, 4096), 1 << 20).await.unwrap();

    let url = store
        .presigned_get(id, Duration::from_secs(600))
        .await
        .unwrap();
    assert!(url.starts_with(&server.endpoint), "{url}");
    assert!(url.contains("X-Amz-Signature="), "{url}");
    assert!(!url.contains(SECRET_KEY));
    let client = reqwest::Client::new();
    let got = client.get(&url).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), data);

    // Instagram fetches ranges too.
    let got = client
        .get(&url)
        .header("Range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 206);
    assert_eq!(got.bytes().await.unwrap().to_vec(), data[100..200]);

    // Another object's key under the same signature is refused.
    let other = MediaId::new();
    store
        .put(other, chunks(&data, 4096), 1 << 20)
        .await
        .unwrap();
    let forged = url.replace(&id.to_string(), &other.to_string());
    let got = client.get(&forged).send().await.unwrap();
    assert_eq!(got.status(), 403, "a forged key is refused");

    // Without a signature nothing is served.
    let bare = url.split('?').next().unwrap();
    assert_eq!(client.get(bare).send().await.unwrap().status(), 403);
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/media")
            .join(name),
    )
    .unwrap()
}

#[tokio::test]
async fn probing_and_conversion_run_on_a_scratch_copy_and_write_back() {
    let server = S3sServer::start();
    let remote: Arc<dyn MediaStore> = Arc::new(S3MediaStore::new(&config(&server)).unwrap());
    let scratch_dir = tempfile::tempdir().unwrap();
    let scratch = Arc::new(FsMediaStore::new(scratch_dir.path()));
    let staged = Staged::new(
        remote.clone(),
        scratch.clone(),
        scratch.clone(),
        scratch.clone(),
        Arc::new(FfmpegTranscoder::new(scratch_dir.path(), "ffmpeg")),
    );

    let id = MediaId::new();
    let webp = fixture("square.webp");
    remote.put(id, chunks(&webp, 4096), 1 << 20).await.unwrap();
    let p = staged.probe(id, MediaFormat::Webp).await.unwrap();
    assert_eq!((p.width, p.height), (Some(320), Some(320)));
    assert!(
        matches!(scratch.size(id).await, Err(MediaStoreError::NotFound)),
        "the scratch copy is removed"
    );

    let job = ImageJob {
        format: MediaFormat::Webp,
        limits: DecodeLimits::for_pixels(50_000_000),
        output: Some(ImageLayout {
            width: 320,
            height: 320,
            canvas: (320, 320),
        }),
    };
    let size = staged.process_image(id, &job).await.unwrap().unwrap();
    assert_eq!(remote.size(id).await.unwrap(), size);
    assert_eq!(
        sniff(&remote.head(id, 64).await.unwrap()),
        Sniffed::Supported(MediaFormat::Jpeg),
        "the JPEG replaced the object"
    );
    assert!(matches!(
        scratch.size(id).await,
        Err(MediaStoreError::NotFound)
    ));

    // A missing object is an error of the job, not a panic.
    assert!(
        staged
            .probe(MediaId::new(), MediaFormat::Jpeg)
            .await
            .is_err()
    );
}
