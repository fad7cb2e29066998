//! What decoding costs, counted by the allocator: the hostile files are
//! refused having allocated almost nothing, and a picture within the
//! limits never needs more than the decoder budget plus one scaling buffer.
//! One test in this binary, so nothing else allocates meanwhile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use bytes::Bytes;
use peak_alloc::PeakAlloc;
use socialflow_core::media::{
    ByteStream, ConvertError, DecodeLimits, ImageJob, MediaConverter, MediaFormat, MediaId,
    MediaStore, image_layout,
};
use socialflow_fs_media::FsMediaStore;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Bytes allocated at the peak of `f`, above what was live before it.
async fn peak_of<F: std::future::Future<Output = T>, T>(f: F) -> (T, usize) {
    let before = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let out = f.await;
    (out, ALLOC.peak_usage().saturating_sub(before))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/media")
            .join(name),
    )
    .unwrap()
}

async fn put(store: &FsMediaStore, bytes: Vec<u8>) -> MediaId {
    let id = MediaId::new();
    let body: ByteStream = Box::pin(futures::stream::once(async move {
        Ok::<_, std::io::Error>(Bytes::from(bytes))
    }));
    store.put(id, body, 1 << 30).await.unwrap();
    id
}

const MIB: usize = 1024 * 1024;

#[tokio::test]
async fn decoding_never_allocates_past_its_limits() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsMediaStore::new(dir.path());
    let limits = DecodeLimits::for_pixels(50_000_000);

    // The bombs: refused from the header, a few buffers allocated.
    for (name, format) in [
        ("bomb-30000x30000.png", MediaFormat::Png),
        ("bomb-16000x16000.webp", MediaFormat::Webp),
    ] {
        let id = put(&store, fixture(name)).await;
        let job = ImageJob {
            format,
            limits,
            output: image_layout(30_000, 30_000, false),
        };
        let (result, peak) = peak_of(store.process_image(id, &job)).await;
        assert!(
            matches!(result, Err(ConvertError::OverLimit(_))),
            "{name}: {result:?}"
        );
        assert!(
            peak < 2 * MIB,
            "{name}: {peak} bytes allocated to refuse it"
        );
    }

    // The padded strip: the canvas is Instagram's frame, not 32000×40000.
    let id = put(&store, fixture("strip-1x40000.png")).await;
    let job = ImageJob {
        format: MediaFormat::Png,
        limits,
        output: image_layout(1, 40_000, true),
    };
    let (result, peak) = peak_of(store.process_image(id, &job)).await;
    result.unwrap();
    assert!(peak < 32 * MIB, "strip: {peak} bytes");

    // A real picture near a small cap: 3000×2000 RGBA (24 MB decoded)
    // under a 6.5 MP cap (19.5 MB budget) is refused before decoding…
    let img = image::RgbaImage::from_fn(3000, 2000, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 7, 200])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    drop(img);
    let job = |max_pixels| ImageJob {
        format: MediaFormat::Png,
        limits: DecodeLimits::for_pixels(max_pixels),
        output: image_layout(3000, 2000, false),
    };
    let id = put(&store, png.clone()).await;
    let (result, peak) = peak_of(store.process_image(id, &job(6_500_000))).await;
    assert!(
        matches!(result, Err(ConvertError::OverLimit(_))),
        "{result:?}"
    );
    assert!(peak < 2 * MIB, "refused after allocating {peak} bytes");
    // …and under a 10 MP cap (30 MB budget) decoded and scaled within
    // the budget plus one scaling buffer (source width × target height).
    let (result, peak) = peak_of(store.process_image(id, &job(10_000_000))).await;
    result.unwrap();
    let budget = DecodeLimits::for_pixels(10_000_000).max_bytes as usize;
    let scaling = 3000 * 960 * 4;
    assert!(
        peak <= budget + scaling + 4 * MIB,
        "{peak} bytes at the peak; budget {budget} + scaling {scaling}"
    );
}
