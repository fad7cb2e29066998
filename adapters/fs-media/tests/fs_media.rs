//! The filesystem adapter on the sample files in `fixtures/media`: storing
//! with a size cap, probing, JPEG conversion and padding, and ffmpeg
//! transcoding (ffmpeg must be installed: these tests fail, never skip,
//! without it — scripts/test installs it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use bytes::Bytes;
use futures::StreamExt;
use socialflow_core::media::{
    ByteStream, MediaConverter, MediaFormat, MediaId, MediaProber, MediaStore, MediaStoreError,
    ProbeError, Sniffed, TranscodeError, Transcoder, needs_transcode, sniff, transcode_spec,
};
use socialflow_fs_media::{FfmpegTranscoder, FsMediaStore};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/media")
        .join(name)
}

/// The file as a stream of small chunks, like an upload.
fn chunks(data: Vec<u8>, size: usize) -> ByteStream {
    let parts: Vec<Result<Bytes, std::io::Error>> = data
        .chunks(size)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    Box::pin(futures::stream::iter(parts))
}

async fn stored(store: &FsMediaStore, name: &str) -> MediaId {
    let id = MediaId::new();
    let data = std::fs::read(fixture(name)).unwrap();
    let n = store
        .put(id, chunks(data.clone(), 1000), 1 << 30)
        .await
        .unwrap();
    assert_eq!(n, data.len() as u64);
    id
}

async fn read_all(store: &FsMediaStore, id: MediaId, start: u64, len: u64) -> Vec<u8> {
    let mut s = store.read_range(id, start, len).await.unwrap();
    let mut out = Vec::new();
    while let Some(c) = s.next().await {
        out.extend_from_slice(&c.unwrap());
    }
    out
}

#[tokio::test]
async fn stores_streams_reads_ranges_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = stored(&store, "reel-h264-aac.mp4").await;
    let original = std::fs::read(fixture("reel-h264-aac.mp4")).unwrap();
    assert_eq!(store.size(id).await.unwrap(), original.len() as u64);
    assert_eq!(store.head(id, 8).await.unwrap(), original[..8].to_vec());
    assert_eq!(
        read_all(&store, id, 100, 50).await,
        original[100..150].to_vec()
    );
    let tail = read_all(&store, id, original.len() as u64 - 10, 1000).await;
    assert_eq!(tail, original[original.len() - 10..].to_vec());
    store.delete(id).await.unwrap();
    assert!(matches!(
        store.size(id).await,
        Err(MediaStoreError::NotFound)
    ));
    store.delete(id).await.unwrap();
}

#[tokio::test]
async fn refuses_more_than_the_cap_and_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = MediaId::new();
    let err = store
        .put(id, chunks(vec![7u8; 10_000], 999), 5_000)
        .await
        .unwrap_err();
    assert!(matches!(err, MediaStoreError::TooLarge { limit: 5_000 }));
    assert!(matches!(
        store.size(id).await,
        Err(MediaStoreError::NotFound)
    ));
    let leftovers = std::fs::read_dir(dir.path().join(".partial"))
        .unwrap()
        .count();
    assert_eq!(leftovers, 0, "the partial file is removed");
}

#[tokio::test]
async fn probes_every_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let cases = [
        ("portrait-4x5.jpg", MediaFormat::Jpeg, 320, 400),
        ("tall-1x2.png", MediaFormat::Png, 200, 400),
        ("square.webp", MediaFormat::Webp, 320, 320),
    ];
    for (name, format, w, h) in cases {
        let id = stored(&store, name).await;
        assert_eq!(
            sniff(&store.head(id, 64).await.unwrap()),
            Sniffed::Supported(format)
        );
        let p = store.probe(id, format).await.unwrap();
        assert_eq!(
            (p.format, p.width, p.height),
            (format, Some(w), Some(h)),
            "{name}"
        );
    }

    let id = stored(&store, "reel-h264-aac.mp4").await;
    let p = store.probe(id, MediaFormat::Mp4).await.unwrap();
    assert_eq!(p.video_codec.as_deref(), Some("avc1"));
    assert_eq!(p.audio_codec.as_deref(), Some("mp4a"));
    assert!(p.has_audio);
    assert_eq!((p.width, p.height), (Some(180), Some(320)));
    let d = p.duration_ms.unwrap();
    assert!((3_900..=4_100).contains(&d), "duration {d}");
    let fps = p.frame_rate.unwrap();
    assert!((29.0..=31.0).contains(&fps), "fps {fps}");
    assert_eq!(p.moov_at_front, Some(true));
    assert!(!needs_transcode(&p));

    let id = stored(&store, "needs-transcode.mov").await;
    assert_eq!(
        sniff(&store.head(id, 64).await.unwrap()),
        Sniffed::Supported(MediaFormat::Mov)
    );
    // The mp4 crate cannot read QuickTime's version 1 sound description;
    // the library then keeps the file as a video that needs a transcode.
    assert!(matches!(
        store.probe(id, MediaFormat::Mov).await,
        Err(ProbeError::Unreadable(_))
    ));

    let id = stored(&store, "truncated.mp4").await;
    assert!(matches!(
        store.probe(id, MediaFormat::Mp4).await,
        Err(ProbeError::Unreadable(_))
    ));

    let id = stored(&store, "text-named.jpg").await;
    assert_eq!(sniff(&store.head(id, 64).await.unwrap()), Sniffed::Unknown);
}

#[tokio::test]
async fn converts_png_and_webp_to_jpeg_and_pads() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = stored(&store, "square.webp").await;
    let size = store.to_jpeg(id, None).await.unwrap();
    assert_eq!(size, store.size(id).await.unwrap());
    assert_eq!(
        sniff(&store.head(id, 64).await.unwrap()),
        Sniffed::Supported(MediaFormat::Jpeg)
    );
    let p = store.probe(id, MediaFormat::Jpeg).await.unwrap();
    assert_eq!((p.width, p.height), (Some(320), Some(320)));

    // 200×400 (1:2) is taller than 4:5: padded to 320×400.
    let id = stored(&store, "tall-1x2.png").await;
    let target = socialflow_core::media::pad_target(200, 400).unwrap();
    assert_eq!(target, (320, 400));
    store.to_jpeg(id, Some(target)).await.unwrap();
    let p = store.probe(id, MediaFormat::Jpeg).await.unwrap();
    assert_eq!(
        (p.format, p.width, p.height),
        (MediaFormat::Jpeg, Some(320), Some(400))
    );
}

#[tokio::test]
async fn transcodes_to_h264_aac_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let ffmpeg = FfmpegTranscoder::new(dir.path(), "ffmpeg");
    assert!(
        ffmpeg.available().await,
        "ffmpeg is not installed; run scripts/test or apt-get install ffmpeg"
    );
    let id = stored(&store, "needs-transcode.mov").await;
    let mut before = socialflow_core::media::MediaProbe::new(MediaFormat::Mov);
    before.duration_ms = Some(4_000);
    assert!(needs_transcode(&before));
    let (tx, rx) = futures::channel::mpsc::unbounded();
    ffmpeg
        .transcode(id, &transcode_spec(&before), tx)
        .await
        .unwrap();
    let progress: Vec<u8> = rx.collect().await;
    assert_eq!(progress.last(), Some(&100));
    let after = store.probe(id, MediaFormat::Mp4).await.unwrap();
    assert_eq!(after.video_codec.as_deref(), Some("avc1"));
    assert_eq!(after.audio_codec.as_deref(), Some("mp4a"));
    assert_eq!(after.moov_at_front, Some(true));
    let fps = after.frame_rate.unwrap();
    assert!((29.0..=31.0).contains(&fps), "forced to 30 fps, got {fps}");
    assert!(!needs_transcode(&after));
    assert_eq!(
        sniff(&store.head(id, 64).await.unwrap()),
        Sniffed::Supported(MediaFormat::Mp4)
    );
}

#[tokio::test]
async fn a_failed_transcode_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let ffmpeg = FfmpegTranscoder::new(dir.path(), "ffmpeg");
    assert!(ffmpeg.available().await, "ffmpeg is not installed");
    let id = stored(&store, "truncated.mp4").await;
    let original = std::fs::read(store.path(id)).unwrap();
    let (tx, _rx) = futures::channel::mpsc::unbounded();
    let spec = transcode_spec(&socialflow_core::media::MediaProbe::new(MediaFormat::Mp4));
    let err = ffmpeg.transcode(id, &spec, tx).await.unwrap_err();
    assert!(
        matches!(err, TranscodeError::Failed(ref m) if !m.is_empty()),
        "{err:?}"
    );
    assert_eq!(std::fs::read(store.path(id)).unwrap(), original);
    assert_eq!(
        std::fs::read_dir(dir.path().join(".partial"))
            .unwrap()
            .count(),
        0
    );
}

#[tokio::test]
async fn without_ffmpeg_the_transcoder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let missing = FfmpegTranscoder::new(dir.path(), "/nonexistent/ffmpeg");
    assert!(!missing.available().await);
    let (tx, _rx) = futures::channel::mpsc::unbounded();
    let spec = transcode_spec(&socialflow_core::media::MediaProbe::new(MediaFormat::Mov));
    assert_eq!(
        missing.transcode(MediaId::new(), &spec, tx).await,
        Err(TranscodeError::Unavailable)
    );
}
