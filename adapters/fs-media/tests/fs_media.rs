//! The filesystem adapter on the sample files in `fixtures/media`: storing
//! with a size cap, probing, JPEG conversion and padding, and ffmpeg
//! transcoding (ffmpeg must be installed: these tests fail, never skip,
//! without it — scripts/test installs it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use bytes::Bytes;
use futures::StreamExt;
use socialflow_core::media::{
    ByteStream, ConvertError, DecodeLimits, ImageJob, ImageLayout, MediaConverter, MediaFormat,
    MediaId, MediaProber, MediaStore, MediaStoreError, ProbeError, Sniffed, TranscodeError,
    Transcoder, image_layout, needs_transcode, sniff, transcode_spec,
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

// Storing, ranges, caps and deletion: the media-store contract
// (tests/media_contract.rs). What follows is this adapter's own.

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
    // Its boxes are whole, so this is a limit of the prober, not damage.
    assert!(matches!(
        store.probe(id, MediaFormat::Mov).await,
        Err(ProbeError::Unsupported(_))
    ));

    let id = stored(&store, "truncated.mp4").await;
    assert!(matches!(
        store.probe(id, MediaFormat::Mp4).await,
        Err(ProbeError::Unreadable(_))
    ));

    let id = stored(&store, "text-named.jpg").await;
    assert_eq!(sniff(&store.head(id, 64).await.unwrap()), Sniffed::Unknown);
}

fn decoded(store: &FsMediaStore, id: MediaId) -> image::RgbImage {
    image::ImageReader::open(store.path(id))
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap()
        .to_rgb8()
}

fn job(format: MediaFormat, output: Option<ImageLayout>) -> ImageJob {
    ImageJob {
        format,
        limits: DecodeLimits::for_pixels(50_000_000),
        output,
    }
}

fn same_size(w: u32, h: u32) -> Option<ImageLayout> {
    Some(ImageLayout {
        width: w,
        height: h,
        canvas: (w, h),
    })
}

#[tokio::test]
async fn converts_png_and_webp_to_jpeg_and_pads() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = stored(&store, "square.webp").await;
    let size = store
        .process_image(id, &job(MediaFormat::Webp, same_size(320, 320)))
        .await
        .unwrap();
    assert_eq!(size, Some(store.size(id).await.unwrap()));
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
    let layout = image_layout(200, 400, true);
    assert_eq!(layout.map(|l| l.canvas), Some(target));
    store
        .process_image(id, &job(MediaFormat::Png, layout))
        .await
        .unwrap();
    let p = store.probe(id, MediaFormat::Jpeg).await.unwrap();
    assert_eq!(
        (p.format, p.width, p.height),
        (MediaFormat::Jpeg, Some(320), Some(400))
    );
    // The picture is in the middle, the bands at the sides white.
    let img = decoded(&store, id);
    let side = img.get_pixel(5, 200);
    assert!(side.0.iter().all(|c| *c > 245), "{side:?}");
}

#[tokio::test]
async fn a_jpeg_that_needs_no_change_is_decoded_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = stored(&store, "portrait-4x5.jpg").await;
    let before = std::fs::read(store.path(id)).unwrap();
    assert_eq!(
        store
            .process_image(id, &job(MediaFormat::Jpeg, None))
            .await
            .unwrap(),
        None
    );
    assert_eq!(std::fs::read(store.path(id)).unwrap(), before);
}

/// A JPEG cut in half decoded "fine" (lenient decoders paint the rest
/// grey) and was marked ready.
#[tokio::test]
async fn a_truncated_jpeg_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = stored(&store, "half.jpg").await;
    // Its header is whole: the probe reads it.
    let p = store.probe(id, MediaFormat::Jpeg).await.unwrap();
    assert_eq!((p.width, p.height), (Some(320), Some(400)));
    for output in [None, same_size(320, 400)] {
        let err = store
            .process_image(id, &job(MediaFormat::Jpeg, output))
            .await
            .unwrap_err();
        assert!(matches!(err, ConvertError::Undecodable(_)), "{err:?}");
    }
}

/// The hostile files are measured from their headers, and the decoder
/// refuses them from the header too, before allocating their pixels.
#[tokio::test]
async fn decompression_bombs_are_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    for (name, format, w, h) in [
        ("bomb-30000x30000.png", MediaFormat::Png, 30_000, 30_000),
        ("bomb-16000x16000.webp", MediaFormat::Webp, 16_000, 16_000),
    ] {
        let id = stored(&store, name).await;
        let p = store.probe(id, format).await.unwrap();
        assert_eq!((p.width, p.height), (Some(w), Some(h)), "{name}");
        let err = store
            .process_image(id, &job(format, same_size(1440, 1440)))
            .await
            .unwrap_err();
        assert!(matches!(err, ConvertError::OverLimit(_)), "{name}: {err:?}");
    }
    // Within the pixel cap but over the bytes: a 1000×1000 picture with
    // 1 MB allowed.
    let id = stored(&store, "tall-1x2.png").await;
    let tight = ImageJob {
        format: MediaFormat::Png,
        limits: DecodeLimits {
            max_pixels: 1_000_000,
            max_bytes: 100_000,
        },
        output: None,
    };
    assert!(matches!(
        store.process_image(id, &tight).await,
        Err(ConvertError::OverLimit(_))
    ));
}

/// The 1×40000 strip padded to 4:5 becomes Instagram's 1440×1800.
#[tokio::test]
async fn a_padded_strip_is_written_at_instagram_size() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = stored(&store, "strip-1x40000.png").await;
    let p = store.probe(id, MediaFormat::Png).await.unwrap();
    assert_eq!((p.width, p.height), (Some(1), Some(40_000)));
    let layout = image_layout(1, 40_000, true);
    store
        .process_image(id, &job(MediaFormat::Png, layout))
        .await
        .unwrap();
    let p = store.probe(id, MediaFormat::Jpeg).await.unwrap();
    assert_eq!((p.width, p.height), (Some(1440), Some(1800)));
}

/// Large photos are scaled to 1440 px wide, upright.
#[tokio::test]
async fn a_large_image_is_scaled_down() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let png = big_png(3000, 2000);
    let id = MediaId::new();
    store
        .put(id, chunks(png, 64 * 1024), 1 << 30)
        .await
        .unwrap();
    let layout = image_layout(3000, 2000, false);
    assert_eq!(layout.map(|l| (l.width, l.height)), Some((1440, 960)));
    store
        .process_image(id, &job(MediaFormat::Png, layout))
        .await
        .unwrap();
    let out = decoded(&store, id);
    assert_eq!(out.dimensions(), (1440, 960));
    // The transparent half became white.
    assert!(out.get_pixel(1400, 500).0.iter().all(|c| *c > 245));
}

/// An MP4 whose index is whole but whose media data is cut off: its
/// `mdat` box claims more bytes than the file has.
#[tokio::test]
async fn a_video_cut_short_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let id = stored(&store, "cut-mdat.mp4").await;
    let err = store.probe(id, MediaFormat::Mp4).await.unwrap_err();
    assert!(
        matches!(err, ProbeError::Unreadable(ref m) if m.contains("cut off")),
        "{err:?}"
    );
}

fn big_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([
            (x % 256) as u8,
            (y % 256) as u8,
            0,
            if x < w / 2 { 255 } else { 0 },
        ])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// A burst waits for its turn: with one job at a time, a probe asked
/// while a conversion runs starts only after the conversion has written
/// its JPEG; with two it runs beside it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn probes_and_conversions_run_a_bounded_number_at_a_time() {
    assert_eq!(FsMediaStore::with_jobs("/tmp", 0).max_jobs(), 1);
    let png = big_png(3000, 2000);
    for jobs in [1usize, 2] {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(FsMediaStore::with_jobs(dir.path(), jobs));
        let slow = MediaId::new();
        store
            .put(slow, chunks(png.clone(), 1 << 16), 1 << 30)
            .await
            .unwrap();
        let quick = stored(&store, "portrait-4x5.jpg").await;
        let s = store.clone();
        let convert = tokio::spawn(async move {
            let layout = image_layout(3000, 2000, false);
            s.process_image(slow, &job(MediaFormat::Png, layout))
                .await
                .unwrap();
        });
        while store.idle_jobs() == jobs {
            tokio::task::yield_now().await;
        }
        assert_eq!(store.idle_jobs(), jobs - 1, "the conversion holds one turn");
        store.probe(quick, MediaFormat::Jpeg).await.unwrap();
        let converted =
            sniff(&store.head(slow, 64).await.unwrap()) == Sniffed::Supported(MediaFormat::Jpeg);
        assert_eq!(
            converted,
            jobs == 1,
            "{jobs} job(s): the probe waited for the conversion"
        );
        convert.await.unwrap();
        assert_eq!(store.idle_jobs(), jobs);
    }
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

/// An "upload" that is really an HLS playlist pointing at a URL (or a
/// local file) is read as MP4/MOV only: ffmpeg fails and opens nothing.
#[tokio::test]
async fn a_playlist_posing_as_a_video_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let ffmpeg = FfmpegTranscoder::new(dir.path(), "ffmpeg");
    assert!(ffmpeg.available().await, "ffmpeg is not installed");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let playlist = format!(
        "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttp://{}/a.ts\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n",
        listener.local_addr().unwrap()
    );
    let id = MediaId::new();
    store
        .put(id, chunks(playlist.into_bytes(), 100), 1 << 20)
        .await
        .unwrap();
    let (tx, _rx) = futures::channel::mpsc::unbounded();
    let spec = transcode_spec(&socialflow_core::media::MediaProbe::new(MediaFormat::Mp4));
    let err = ffmpeg.transcode(id, &spec, tx).await.unwrap_err();
    assert!(matches!(err, TranscodeError::Failed(_)), "{err:?}");
    assert!(
        listener.accept().is_err(),
        "ffmpeg fetched the playlist's URL"
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
