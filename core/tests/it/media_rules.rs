//! Instagram's media rules per use: every use, the boundaries, the messages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::media::{
    IMAGE_MAX_FRAME, ImageLayout, MediaFormat, MediaKind, MediaProbe, MediaProblem, MediaUse,
    Severity, image_layout, needs_transcode, pad_target, problems_for,
};

const MIB: u64 = 1024 * 1024;

fn jpeg(w: u32, h: u32) -> MediaProbe {
    let mut p = MediaProbe::new(MediaFormat::Jpeg);
    p.width = Some(w);
    p.height = Some(h);
    p
}

fn video(w: u32, h: u32, ms: u64) -> MediaProbe {
    let mut p = MediaProbe::new(MediaFormat::Mp4);
    p.width = Some(w);
    p.height = Some(h);
    p.duration_ms = Some(ms);
    p.video_codec = Some("avc1".into());
    p.audio_codec = Some("mp4a".into());
    p.has_audio = true;
    p.frame_rate = Some(30.0);
    p.bitrate = Some(5_000_000);
    p.moov_at_front = Some(true);
    p
}

fn codes(v: &[MediaProblem]) -> Vec<&'static str> {
    v.iter().map(MediaProblem::code).collect()
}

#[test]
fn a_good_vertical_video_fits_every_video_use() {
    let p = video(1080, 1920, 30_000);
    for u in [
        MediaUse::ReelVideo,
        MediaUse::StoryVideo,
        MediaUse::CarouselVideo,
    ] {
        assert!(problems_for(u, &p, 50 * MIB).is_empty(), "{u:?}");
    }
    assert!(!needs_transcode(&p));
}

#[test]
fn reel_duration_boundaries_and_message() {
    let at = |ms| problems_for(MediaUse::ReelVideo, &video(1080, 1920, ms), MIB);
    assert!(at(3_000).is_empty());
    assert!(at(15 * 60_000).is_empty());
    assert_eq!(codes(&at(2_999)), ["duration_out_of_range"]);
    let long = at(16 * 60_000 + 2_000);
    assert_eq!(
        long[0].describe(MediaUse::ReelVideo),
        "for a Reel: 3 s to 15 min; this is 16 min 2 s"
    );
    assert_eq!(long[0].severity(), Severity::Refusal);
    assert!(!long[0].fixed_by_transcoding());
}

#[test]
fn story_video_limits() {
    let p = video(1080, 1920, 61_000);
    let got = problems_for(MediaUse::StoryVideo, &p, 101 * MIB);
    assert_eq!(codes(&got), ["file_too_large", "duration_out_of_range"]);
    assert_eq!(
        got[1].describe(MediaUse::StoryVideo),
        "for a video Story: 3 s to 1 min; this is 1 min 1 s"
    );
    assert!(problems_for(MediaUse::StoryVideo, &video(1080, 1920, 60_000), 100 * MIB).is_empty());
    // Story aspect: 0.1:1 to 10:1 (a reel allows 0.01:1).
    let thin = video(100, 1500, 10_000);
    assert_eq!(
        codes(&problems_for(MediaUse::StoryVideo, &thin, MIB)),
        ["aspect_out_of_range"]
    );
    assert_eq!(
        codes(&problems_for(MediaUse::ReelVideo, &thin, MIB)),
        ["aspect_not_recommended"]
    );
}

#[test]
fn carousel_video_duration_is_only_a_warning() {
    let got = problems_for(
        MediaUse::CarouselVideo,
        &video(1080, 1080, 20 * 60_000),
        MIB,
    );
    assert_eq!(codes(&got), ["duration_unverified"]);
    assert_eq!(got[0].severity(), Severity::Warning);
}

#[test]
fn codecs_frame_rate_width_bitrate_and_moov_need_a_transcode() {
    let mut p = video(2160, 3840, 10_000);
    p.video_codec = Some("mp4v".into());
    p.audio_codec = Some("mp3 ".trim().into());
    p.frame_rate = Some(15.0);
    p.bitrate = Some(40_000_000);
    p.moov_at_front = Some(false);
    let got = problems_for(MediaUse::ReelVideo, &p, MIB);
    assert_eq!(
        codes(&got),
        [
            "video_codec_unsupported",
            "audio_codec_unsupported",
            "frame_rate_out_of_range",
            "video_too_wide",
            "bitrate_too_high",
            "moov_not_at_front"
        ]
    );
    assert!(got.iter().all(MediaProblem::fixed_by_transcoding));
    assert!(needs_transcode(&p));
    assert_eq!(
        got[2].describe(MediaUse::ReelVideo),
        "for a Reel: 23 to 60 frames per second; this is 15.00"
    );
    // Frame rate boundaries.
    for (fps, ok) in [
        (23.0, true),
        (60.0, true),
        (22.0, false),
        (61.0, false),
        (23.976, true),
    ] {
        let mut p = video(1080, 1920, 10_000);
        p.frame_rate = Some(fps);
        assert_eq!(
            problems_for(MediaUse::ReelVideo, &p, MIB).is_empty(),
            ok,
            "{fps}"
        );
    }
    let mut hevc = video(1920, 1080, 10_000);
    hevc.video_codec = Some("hvc1".into());
    assert_eq!(
        codes(&problems_for(MediaUse::ReelVideo, &hevc, MIB)),
        ["aspect_not_recommended"]
    );
}

#[test]
fn feed_and_carousel_images_aspect_size_and_format() {
    for u in [MediaUse::FeedImage, MediaUse::CarouselImage] {
        assert!(problems_for(u, &jpeg(1080, 1350), MIB).is_empty(), "4:5");
        assert!(problems_for(u, &jpeg(1432, 750), MIB).is_empty(), "1.91:1");
        assert!(
            problems_for(u, &jpeg(1080, 1080), 8 * MIB).is_empty(),
            "8 MiB"
        );
        let tall = problems_for(u, &jpeg(1080, 1920), MIB);
        assert_eq!(codes(&tall), ["aspect_out_of_range"]);
        assert_eq!(
            codes(&problems_for(u, &jpeg(2000, 1000), MIB)),
            ["aspect_out_of_range", "width_out_of_range"]
        );
        let big = problems_for(u, &jpeg(1080, 1080), 8 * MIB + 1);
        assert_eq!(big[0].to_string(), "at most 8 MiB; this is 8.0 MiB");
        let mut png = jpeg(1080, 1080);
        png.format = MediaFormat::Png;
        assert_eq!(codes(&problems_for(u, &png, MIB)), ["not_jpeg"]);
    }
    let small = problems_for(MediaUse::FeedImage, &jpeg(300, 300), MIB);
    assert_eq!(codes(&small), ["width_out_of_range"]);
    assert_eq!(
        small[0].severity(),
        Severity::Warning,
        "Instagram scales it"
    );
    assert_eq!(
        problems_for(MediaUse::FeedImage, &jpeg(1080, 1920), MIB)[0].describe(MediaUse::FeedImage),
        "for a feed post: aspect ratio 4:5 to 1.91:1; this is 0.56:1"
    );
}

#[test]
fn story_images_and_reel_covers_recommend_vertical() {
    for u in [MediaUse::StoryImage, MediaUse::ReelCover] {
        assert!(problems_for(u, &jpeg(1080, 1920), MIB).is_empty());
        let square = problems_for(u, &jpeg(1080, 1080), MIB);
        assert_eq!(codes(&square), ["aspect_not_recommended"]);
        assert_eq!(square[0].severity(), Severity::Warning);
        assert_eq!(
            codes(&problems_for(u, &jpeg(1080, 1920), 9 * MIB)),
            ["file_too_large"]
        );
    }
}

#[test]
fn the_wrong_kind_is_one_clear_problem() {
    let got = problems_for(MediaUse::ReelVideo, &jpeg(1080, 1920), MIB);
    assert_eq!(
        got,
        vec![MediaProblem::WrongKind {
            expected: MediaKind::Video,
            actual: MediaKind::Image
        }]
    );
    assert_eq!(
        got[0].describe(MediaUse::ReelVideo),
        "for a Reel: needs a video file; this is an image file"
    );
    assert_eq!(
        codes(&problems_for(
            MediaUse::FeedImage,
            &video(1080, 1080, 5_000),
            MIB
        )),
        ["wrong_kind"]
    );
}

#[test]
fn unknown_facts_are_warnings() {
    let p = MediaProbe::new(MediaFormat::Jpeg);
    let got = problems_for(MediaUse::FeedImage, &p, MIB);
    assert_eq!(codes(&got), ["not_measured"]);
    assert_eq!(got[0].severity(), Severity::Warning);
}

#[test]
fn padding_reaches_the_nearest_allowed_ratio() {
    assert_eq!(pad_target(200, 400), Some((320, 400)));
    assert_eq!(pad_target(1080, 1920), Some((1536, 1920)));
    assert_eq!(pad_target(3000, 1000), Some((3000, 1571)));
    assert_eq!(pad_target(1080, 1350), None);
    assert_eq!(pad_target(1910, 1000), None);
    assert_eq!(pad_target(0, 10), None);
    for (w, h) in [(200, 400), (3000, 1000), (1, 1000), (1000, 1)] {
        let (nw, nh) = pad_target(w, h).unwrap();
        let r = f64::from(nw) / f64::from(nh);
        assert!((0.8..=1.91).contains(&r), "{w}x{h} -> {nw}x{nh}");
        assert!(
            problems_for(MediaUse::FeedImage, &jpeg(nw, nh), MIB)
                .iter()
                .all(|p| p.code() != "aspect_out_of_range")
        );
    }
}

/// The 235-byte 1×40000 PNG with "pad to the allowed ratio" asked a
/// 32000×40000 canvas (3.75 GB); the layout never leaves Instagram's frame.
#[test]
fn the_padded_layout_never_leaves_the_frame() {
    assert_eq!(
        image_layout(1, 40_000, true),
        Some(ImageLayout {
            width: 1,
            height: 1800,
            canvas: (1440, 1800)
        })
    );
    assert_eq!(
        image_layout(40_000, 1, true),
        Some(ImageLayout {
            width: 1440,
            height: 1,
            canvas: (1440, 754)
        })
    );
    // Kept as they are: within the frame, not padded or already allowed.
    assert_eq!(image_layout(1080, 1350, true), None);
    assert_eq!(image_layout(200, 400, false), None);
    assert_eq!(image_layout(0, 5, true), None);
    // Padded without scaling, as before.
    assert_eq!(
        image_layout(200, 400, true),
        Some(ImageLayout {
            width: 200,
            height: 400,
            canvas: (320, 400)
        })
    );
    // A 48 MP phone photo is scaled to Instagram's 1440 px.
    assert_eq!(
        image_layout(8064, 6048, false),
        Some(ImageLayout {
            width: 1440,
            height: 1080,
            canvas: (1440, 1080)
        })
    );
    // Any size, padded or not: within the frame, the picture inside the
    // canvas, a padded canvas within the allowed ratios.
    let sizes = [
        1u32,
        2,
        3,
        7,
        319,
        320,
        1439,
        1440,
        1441,
        2560,
        2561,
        9999,
        40_000,
        65_535,
        u32::MAX,
    ];
    for &w in &sizes {
        for &h in &sizes {
            for pad in [false, true] {
                let Some(l) = image_layout(w, h, pad) else {
                    assert!(w <= IMAGE_MAX_FRAME.0 && h <= IMAGE_MAX_FRAME.1, "{w}x{h}");
                    continue;
                };
                let (cw, ch) = l.canvas;
                assert!(
                    cw <= IMAGE_MAX_FRAME.0 && ch <= IMAGE_MAX_FRAME.1,
                    "{w}x{h} {pad}: {l:?}"
                );
                assert!(
                    l.width >= 1 && l.height >= 1 && l.width <= cw && l.height <= ch,
                    "{l:?}"
                );
                if pad && cw > 1 && ch > 1 {
                    let r = f64::from(cw) / f64::from(ch);
                    let r = (r * 100.0).round() / 100.0;
                    assert!((0.8..=1.91).contains(&r), "{w}x{h} -> {l:?}");
                }
            }
        }
    }
}
