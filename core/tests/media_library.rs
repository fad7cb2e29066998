//! The media library's decisions on mocks: signed URLs, and what the
//! reachability check refuses (private addresses only with the real
//! Instagram; responses that do not match the file).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::IpAddr;
use std::sync::Arc;

use socialflow_core::media::{
    AddressKind, FetchError, FetchedHead, MediaDeps, MediaFile, MediaFormat, MediaId, MediaKind,
    MediaLibrary, MediaProbe, MediaSettings, MediaStatus, MediaUnreachable, MockMediaConverter,
    MockMediaProber, MockMediaReachability, MockMediaStore, MockTranscoder, UrlProblem,
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
    let url = lib.public_url(&f, clock.now());
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
