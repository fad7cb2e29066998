//! The media library's decisions on mocks: signed URLs, and what the
//! reachability check refuses (private addresses only with the real
//! Instagram; responses that do not match the file).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::IpAddr;
use std::sync::Arc;

use socialflow_core::media::{
    AddressKind, ByteStream, ConvertError, DecodeLimits, FetchError, FetchedHead, ImageLayout,
    MediaDeps, MediaError, MediaFile, MediaFormat, MediaId, MediaKind, MediaLibrary, MediaProbe,
    MediaSettings, MediaStatus, MediaUnreachable, MockMediaConverter, MockMediaPresigner,
    MockMediaProber, MockMediaReachability, MockMediaRepo, MockMediaStore, MockTranscoder,
    UploadOptions, UrlProblem,
};
use socialflow_core::{Clock, UserId};
use socialflow_crypto::HmacUrlSigner;
use socialflow_fakes::{ManualClock, MemoryStore};

const HEAD: &[u8] = b"\xFF\xD8\xFF\xE0 jpeg bytes";

fn file() -> MediaFile {
    let clock = ManualClock::default();
    MediaFile {
        id: MediaId::new(),
        owner: UserId::new(),
        kind: MediaKind::Image,
        content_type: "image/jpeg".into(),
        byte_size: 1234,
        original_name: "a.jpg".into(),
        probe: MediaProbe::new(MediaFormat::Jpeg),
        status: MediaStatus::Ready,
        created_at: clock.now(),
        updated_at: clock.now(),
    }
}

fn library(
    public_url: &str,
    real: bool,
    reach: MockMediaReachability,
) -> (MediaLibrary, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::default());
    let mut store = MockMediaStore::new();
    store.expect_head().returning(|_, _| Ok(HEAD.to_vec()));
    let lib = MediaLibrary::new(
        MediaDeps {
            repo: Arc::new(MemoryStore::new()),
            store: Arc::new(store),
            prober: Arc::new(MockMediaProber::new()),
            converter: Arc::new(MockMediaConverter::new()),
            transcoder: Arc::new(MockTranscoder::new()),
            signer: Arc::new(HmacUrlSigner::new([5u8; 32])),
            reach: Arc::new(reach),
            clock: clock.clone(),
        },
        MediaSettings::new(public_url, 1 << 30, real),
    );
    (lib, clock)
}

fn good_answer() -> FetchedHead {
    FetchedHead {
        status: 206,
        content_type: Some("image/jpeg".into()),
        total_length: Some(1234),
        location: None,
        first_bytes: HEAD.to_vec(),
    }
}

fn answering(head: FetchedHead) -> MockMediaReachability {
    let mut r = MockMediaReachability::new();
    r.expect_fetch_head()
        .returning(move |_, _| Ok(head.clone()));
    r
}

#[tokio::test]
async fn signed_urls_verify_expire_and_refuse_forgeries() {
    let (lib, clock) = library(
        "https://social.example.com/",
        true,
        MockMediaReachability::new(),
    );
    let f = file();
    let url = lib.public_url(&f, clock.now()).await;
    assert!(url.starts_with(&format!("https://social.example.com/media/{}?exp=", f.id)));
    let query = url.split_once('?').unwrap().1;
    let exp: i64 = query
        .split('&')
        .next()
        .unwrap()
        .trim_start_matches("exp=")
        .parse()
        .unwrap();
    let sig = query.split("sig=").nth(1).unwrap();
    assert_eq!(lib.verify_url(f.id, exp, sig, clock.now()), Ok(()));
    assert_eq!(
        lib.verify_url(f.id, exp + 1, sig, clock.now()),
        Err(UrlProblem::BadSignature)
    );
    assert_eq!(
        lib.verify_url(MediaId::new(), exp, sig, clock.now()),
        Err(UrlProblem::BadSignature)
    );
    assert_eq!(
        lib.verify_url(f.id, exp, "", clock.now()),
        Err(UrlProblem::BadSignature)
    );
    clock.advance(time::Duration::hours(24) + time::Duration::seconds(1));
    assert_eq!(
        lib.verify_url(f.id, exp, sig, clock.now()),
        Err(UrlProblem::Expired)
    );
}

/// With a presigner (media in S3, `SOCIALFLOW_S3_PRESIGN=true`) Instagram
/// gets the store's URL, for the library's URL lifetime; when signing fails
/// it still gets SocialFlow's own signed URL.
#[tokio::test]
async fn a_presigner_gives_instagram_the_stores_url_and_falls_back_to_ours() {
    let (lib, clock) = library(
        "https://social.example.com",
        true,
        MockMediaReachability::new(),
    );
    let f = file();
    let id = f.id;
    let mut presigner = MockMediaPresigner::new();
    presigner
        .expect_presigned_get()
        .withf(move |got, lifetime| {
            *got == id && *lifetime == std::time::Duration::from_secs(24 * 3600)
        })
        .times(1)
        .returning(|id, _| {
            Ok(format!(
                "https://bucket.example.com/media/{id}?X-Amz-Signature=abc"
            ))
        });
    let lib = lib.with_presigner(Arc::new(presigner));
    let url = lib.public_url(&f, clock.now()).await;
    assert_eq!(
        url,
        format!("https://bucket.example.com/media/{id}?X-Amz-Signature=abc")
    );

    let (lib, clock) = library(
        "https://social.example.com",
        true,
        MockMediaReachability::new(),
    );
    let mut failing = MockMediaPresigner::new();
    failing
        .expect_presigned_get()
        .returning(|_, _| Err(socialflow_core::media::MediaStoreError::Io("down".into())));
    let lib = lib.with_presigner(Arc::new(failing));
    let url = lib.public_url(&f, clock.now()).await;
    assert!(
        url.starts_with(&format!("https://social.example.com/media/{id}?exp=")),
        "{url}"
    );
}

#[tokio::test]
async fn private_addresses_are_refused_only_for_the_real_instagram() {
    for (url, ip, kind) in [
        ("http://127.0.0.1:8080", "127.0.0.1", AddressKind::Loopback),
        ("http://192.168.1.5", "192.168.1.5", AddressKind::Private),
        ("http://[fe80::1]:80", "fe80::1", AddressKind::LinkLocal),
    ] {
        let (lib, clock) = library(url, true, MockMediaReachability::new());
        let err = lib
            .ensure_reachable(&file(), clock.now())
            .await
            .unwrap_err();
        assert_eq!(
            err,
            MediaUnreachable::PrivateAddress {
                host: ip.to_string(),
                address: ip.to_string(),
                kind
            }
        );
        // Against a fake Graph API the same URL is checked by fetching only.
        let (lib, clock) = library(url, false, answering(good_answer()));
        lib.ensure_reachable(&file(), clock.now()).await.unwrap();
    }

    // A name resolving to a private address (a tunnel or LAN DNS).
    let mut reach = MockMediaReachability::new();
    reach
        .expect_resolve()
        .returning(|_, _| Ok(vec!["10.0.0.7".parse::<IpAddr>().unwrap()]));
    let (lib, clock) = library("https://social.example.com", true, reach);
    let err = lib
        .ensure_reachable(&file(), clock.now())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        MediaUnreachable::PrivateAddress {
            kind: AddressKind::Private,
            ..
        }
    ));
    assert!(err.to_string().contains("SOCIALFLOW_PUBLIC_URL"));

    let mut reach = answering(good_answer());
    reach
        .expect_resolve()
        .returning(|_, _| Ok(vec!["93.184.216.34".parse::<IpAddr>().unwrap()]));
    let (lib, clock) = library("https://social.example.com", true, reach);
    lib.ensure_reachable(&file(), clock.now()).await.unwrap();

    let mut reach = MockMediaReachability::new();
    reach
        .expect_resolve()
        .returning(|_, _| Err(FetchError::Dns("no such host".into())));
    let (lib, clock) = library("https://localhost:8443", true, reach);
    assert!(matches!(
        lib.ensure_reachable(&file(), clock.now()).await,
        Err(MediaUnreachable::PrivateAddress { .. })
    ));
}

#[tokio::test]
async fn each_bad_answer_says_what_to_fix() {
    let cases: Vec<(FetchedHead, &str)> = vec![
        (
            FetchedHead {
                status: 401,
                ..good_answer()
            },
            "protected",
        ),
        (
            FetchedHead {
                status: 403,
                ..good_answer()
            },
            "protected",
        ),
        (
            FetchedHead {
                status: 302,
                location: Some("https://sso.example.com/login".into()),
                ..good_answer()
            },
            "redirected",
        ),
        (
            FetchedHead {
                status: 404,
                ..good_answer()
            },
            "bad_status",
        ),
        (
            FetchedHead {
                content_type: Some("text/html; charset=utf-8".into()),
                ..good_answer()
            },
            "wrong_content_type",
        ),
        (
            FetchedHead {
                total_length: Some(99),
                ..good_answer()
            },
            "wrong_length",
        ),
        (
            FetchedHead {
                first_bytes: b"<html>".to_vec(),
                ..good_answer()
            },
            "different_content",
        ),
    ];
    for (answer, code) in cases {
        let (lib, clock) = library("https://social.example.com", false, answering(answer));
        let err = lib
            .ensure_reachable(&file(), clock.now())
            .await
            .unwrap_err();
        assert_eq!(err.code(), code, "{err}");
    }
    let mut reach = MockMediaReachability::new();
    reach
        .expect_fetch_head()
        .returning(|_, _| Err(FetchError::Connect("connection refused".into())));
    let (lib, clock) = library("https://social.example.com", false, reach);
    let err = lib
        .ensure_reachable(&file(), clock.now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "cannot_connect");
    assert!(err.to_string().contains("social.example.com"));
}

const PNG_HEAD: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn image_probe(format: MediaFormat, w: u32, h: u32) -> MediaProbe {
    let mut p = MediaProbe::new(format);
    p.width = Some(w);
    p.height = Some(h);
    p
}

/// A library over mocks whose stored file has `head` and `size`, probes
/// as `probe`, and converts with `converter`; the file must be removed
/// when `removed`.
fn uploading(
    head: &'static [u8],
    size: u64,
    probe: MediaProbe,
    converter: MockMediaConverter,
    removed: bool,
) -> MediaLibrary {
    let mut store = MockMediaStore::new();
    store.expect_put().returning(move |_, _, _| Ok(size));
    store.expect_head().returning(move |_, _| Ok(head.to_vec()));
    store
        .expect_delete()
        .times(usize::from(removed))
        .returning(|_| Ok(()));
    let mut prober = MockMediaProber::new();
    prober.expect_probe().returning(move |_, format| {
        let mut p = probe.clone();
        if format == MediaFormat::Jpeg {
            p.format = MediaFormat::Jpeg;
        }
        Ok(p)
    });
    let mut repo = MockMediaRepo::new();
    repo.expect_insert_media()
        .times(usize::from(!removed))
        .returning(|_| Ok(()));
    MediaLibrary::new(
        MediaDeps {
            repo: Arc::new(repo),
            store: Arc::new(store),
            prober: Arc::new(prober),
            converter: Arc::new(converter),
            transcoder: Arc::new(MockTranscoder::new()),
            signer: Arc::new(HmacUrlSigner::new([5u8; 32])),
            reach: Arc::new(MockMediaReachability::new()),
            clock: Arc::new(ManualClock::default()),
        },
        MediaSettings::new("https://sf.example", 1 << 30, false),
    )
}

fn body() -> ByteStream {
    Box::pin(futures::stream::empty())
}

/// The 875 KB PNG of 30000×30000 px was decoded whole (3.47 GB): now its
/// header alone refuses it, and nothing is decoded (the converter mock
/// has no expectation, so a call would fail the test).
#[tokio::test]
async fn an_image_over_the_pixel_cap_is_refused_from_its_header() {
    for format in [MediaFormat::Png, MediaFormat::Webp, MediaFormat::Jpeg] {
        let head: &'static [u8] = match format {
            MediaFormat::Png => PNG_HEAD,
            MediaFormat::Webp => b"RIFF\x10\0\0\0WEBPVP8 ",
            _ => HEAD,
        };
        let lib = uploading(
            head,
            875_000,
            image_probe(format, 30_000, 30_000),
            MockMediaConverter::new(),
            true,
        );
        let err = lib
            .upload(UserId::new(), body(), "bomb", UploadOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                MediaError::ImageTooLarge {
                    width: 30_000,
                    height: 30_000,
                    max_pixels: 50_000_000
                }
            ),
            "{format:?}: {err:?}"
        );
    }
}

/// The 235-byte 1×40000 PNG padded to the allowed ratio asked for a
/// 32000×40000 canvas (3.75 GB); now the converter is asked for at most
/// Instagram's frame, within the decoder limits.
#[tokio::test]
async fn padding_a_strip_asks_for_a_bounded_canvas() {
    let mut converter = MockMediaConverter::new();
    converter
        .expect_process_image()
        .withf(|_, job| {
            job.limits == DecodeLimits::for_pixels(50_000_000)
                && job.output
                    == Some(ImageLayout {
                        width: 1,
                        height: 1800,
                        canvas: (1440, 1800),
                    })
        })
        .times(1)
        .returning(|_, _| Ok(Some(5_000)));
    let lib = uploading(
        PNG_HEAD,
        235,
        image_probe(MediaFormat::Png, 1, 40_000),
        converter,
        false,
    );
    let up = lib
        .upload(
            UserId::new(),
            body(),
            "strip.png",
            UploadOptions {
                pad_to_allowed_ratio: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(up.file.byte_size, 5_000);
    assert_eq!(up.file.content_type, "image/jpeg");
}

/// Every image is decoded whole at upload, a JPEG that needs no change
/// too (a truncated one is refused), and a decoder over its limits refuses
/// the image as too large.
#[tokio::test]
async fn every_image_is_decoded_and_decoder_refusals_are_mapped() {
    let mut converter = MockMediaConverter::new();
    converter
        .expect_process_image()
        .withf(|_, job| job.output.is_none() && job.format == MediaFormat::Jpeg)
        .times(1)
        .returning(|_, _| Err(ConvertError::Undecodable("premature end of data".into())));
    let lib = uploading(
        HEAD,
        50_000,
        image_probe(MediaFormat::Jpeg, 320, 400),
        converter,
        true,
    );
    let err = lib
        .upload(UserId::new(), body(), "half.jpg", UploadOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, MediaError::Unreadable { ref reason } if reason.contains("premature")),
        "{err:?}"
    );

    let mut converter = MockMediaConverter::new();
    converter
        .expect_process_image()
        .returning(|_, _| Err(ConvertError::OverLimit("16-bit RGBA".into())));
    let lib = uploading(
        PNG_HEAD,
        50_000,
        image_probe(MediaFormat::Png, 7000, 7000),
        converter,
        true,
    );
    let err = lib
        .upload(UserId::new(), body(), "deep.png", UploadOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, MediaError::ImageTooLarge { width: 7000, .. }),
        "{err:?}"
    );

    // A huge image file is refused before any decoding.
    let lib = uploading(
        PNG_HEAD,
        65 * 1024 * 1024,
        image_probe(MediaFormat::Png, 100, 100),
        MockMediaConverter::new(),
        true,
    );
    let err = lib
        .upload(UserId::new(), body(), "big.png", UploadOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, MediaError::ImageFileTooLarge { .. }),
        "{err:?}"
    );
}
