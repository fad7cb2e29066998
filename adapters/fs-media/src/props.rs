//! Property tests of everything that reads an uploaded file's bytes: the
//! type sniffing, the image header probe, the whole decode within limits,
//! and the MP4/MOV box checks and probe. On any bytes they answer (a value
//! or an error), never panic, and never allocate past the limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use socialflow_core::media::{
    DecodeLimits, ImageJob, ImageLayout, MediaFormat, Sniffed, image_layout, sniff,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/media")
            .join(name),
    )
    .unwrap()
}

fn write(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join(format!("{}", uuid::Uuid::now_v7()));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Small limits, so a mutated header that claims a huge picture is refused
/// rather than decoded (the point of the limits).
const LIMITS: DecodeLimits = DecodeLimits {
    max_pixels: 4_000_000,
    max_bytes: 12_000_000,
};

/// A fixture with some bytes overwritten and maybe cut short.
fn mutated(names: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(names),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        prop::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(|(name, edits, cut)| {
            let mut bytes = fixture(name);
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            if let Some(c) = cut {
                bytes.truncate(c.index(bytes.len() + 1));
            }
            bytes
        })
}

/// Boxes with arbitrary names (containers among them) and sizes that may
/// lie, nested a few levels.
fn boxes() -> impl Strategy<Value = Vec<u8>> {
    let name = prop::sample::select(vec![
        *b"ftyp", *b"moov", *b"mvhd", *b"trak", *b"tkhd", *b"mdia", *b"mdhd", *b"hdlr", *b"minf",
        *b"stbl", *b"stsd", *b"stsz", *b"stco", *b"co64", *b"stts", *b"udta", *b"meta", *b"ilst",
        *b"data", *b"mdat", *b"free", *b"moof", *b"traf", *b"trun", *b"avc1", *b"mp4a",
    ]);
    let leaf = (
        name.clone(),
        prop::collection::vec(any::<u8>(), 0..48),
        any::<Option<u32>>(),
    )
        .prop_map(|(n, body, lie)| {
            let size = lie.unwrap_or((body.len() + 8) as u32);
            let mut v = size.to_be_bytes().to_vec();
            v.extend_from_slice(&n);
            v.extend_from_slice(&body);
            v
        });
    leaf.prop_recursive(3, 32, 4, move |inner| {
        (
            name.clone(),
            prop::collection::vec(inner, 0..4),
            any::<Option<u32>>(),
        )
            .prop_map(|(n, children, lie)| {
                let body: Vec<u8> = children.concat();
                let size = lie.unwrap_or((body.len() + 8) as u32);
                let mut v = size.to_be_bytes().to_vec();
                v.extend_from_slice(&n);
                v.extend_from_slice(&body);
                v
            })
    })
}

fn ftyp() -> Vec<u8> {
    let mut v = 20u32.to_be_bytes().to_vec();
    v.extend_from_slice(b"ftypisom\0\0\x02\0isom");
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sniffing_any_bytes_is_total_and_honest(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        match sniff(&bytes) {
            Sniffed::Supported(MediaFormat::Jpeg) => prop_assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF])),
            Sniffed::Supported(MediaFormat::Png) => prop_assert!(bytes.starts_with(b"\x89PNG")),
            Sniffed::Supported(MediaFormat::Webp) => prop_assert!(&bytes[8..12] == b"WEBP"),
            Sniffed::Supported(MediaFormat::Mp4 | MediaFormat::Mov) => prop_assert!(&bytes[4..8] == b"ftyp"),
            _ => {}
        }
    }

    #[test]
    fn damaged_images_are_answered_never_panic(bytes in mutated(&["portrait-4x5.jpg", "tall-1x2.png", "square.webp", "half.jpg", "strip-1x40000.png"])) {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), &bytes);
        let Sniffed::Supported(format) = sniff(&bytes) else { return Ok(()); };
        prop_assume!(format.is_image());
        if let Ok(probe) = crate::probe::probe_file(&path, format) {
            prop_assert!(probe.width.unwrap_or(0) > 0 && probe.height.unwrap_or(0) > 0);
        }
        let temp = dir.path().join("out.jpg");
        let output = image_layout(320, 400, true).or(Some(ImageLayout { width: 320, height: 400, canvas: (320, 400) }));
        for output in [None, output] {
            let job = ImageJob { format, limits: LIMITS, output };
            if let Ok(Some(size)) = crate::convert::process(&path, &temp, &job) {
                prop_assert!(size > 0);
                // Written at the asked size, whatever the input claimed.
                let p = crate::probe::probe_file(&path, MediaFormat::Jpeg).unwrap();
                prop_assert_eq!((p.width, p.height), (Some(320), Some(400)));
                std::fs::write(&path, &bytes).unwrap();
            }
        }
    }

    #[test]
    fn damaged_videos_are_answered_never_panic(bytes in mutated(&["reel-h264-aac.mp4", "needs-transcode.mov", "truncated.mp4", "cut-mdat.mp4"])) {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), &bytes);
        for format in [MediaFormat::Mp4, MediaFormat::Mov] {
            let _ = crate::probe::probe_file(&path, format);
        }
    }

    #[test]
    fn any_box_structure_is_answered_never_panic(tree in prop::collection::vec(boxes(), 0..4)) {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = ftyp();
        bytes.extend(tree.concat());
        let path = write(dir.path(), &bytes);
        if let Ok(p) = crate::probe::probe_file(&path, MediaFormat::Mp4) {
            prop_assert!(p.video_codec.is_some());
        }
    }
}

/// The input the property above found: a box of size 0 ("to the end")
/// inside `mdia` made the `mp4` crate read the same header for ever. It is
/// now refused before the crate sees it.
#[test]
fn a_sizeless_box_inside_the_index_is_refused_not_read_for_ever() {
    let mut bytes = fixture("reel-h264-aac.mp4");
    let at = bytes.windows(4).position(|w| w == b"mdhd").unwrap();
    bytes[at - 4..at].copy_from_slice(&[0, 0, 0, 0]);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &bytes);
    for format in [MediaFormat::Mp4, MediaFormat::Mov] {
        let err = crate::probe::probe_file(&path, format).unwrap_err();
        assert!(err.to_string().contains("no size"), "{err}");
    }
}
