//! Upload benchmark: a 1 GiB file POSTed to `/api/v1/media` over real HTTP
//! on loopback, streamed to the media directory, next to a plain file copy
//! of the same file measured in the same run; and the process's peak memory
//! growth during the upload (server and client share this process, so the
//! figure is an upper bound for the server).
//!
//! The file is not a valid video: it measures the streaming path (multipart
//! parsing, size cap, write, fsync). The server stores it whole, then reads
//! its first bytes, refuses the type (415) and deletes it.
//!
//! Run: `cargo bench -p socialflow-server --bench upload` (release build).
//! `UPLOAD_BENCH_MIB` changes the size (default 1024; a debug smoke run:
//! `UPLOAD_BENCH_MIB=64 cargo bench --profile dev -p socialflow-server --bench upload`),
//! `UPLOAD_BENCH_DIR` where the files go (default: the current directory),
//! `UPLOAD_BENCH_ROUNDS` how many times the copy and the upload alternate
//! (default 3; the ratio is of their total times, so that a disk shared
//! with other work slows both alike).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use poem::Server;
use poem::listener::{Acceptor, Listener, TcpListener};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::storage::HealthRepo;
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, SystemClock};
use socialflow_crypto::RandomMinter;
use socialflow_fakes::FastHasher;
use socialflow_server::{AppState, Deps, WebSettings};
use socialflow_sql::SqliteStore;

fn status_kib(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn mib_per_s(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / secs
}

async fn start(dir: &Path, max: u64) -> (String, AppState) {
    let url = format!("sqlite://{}", dir.join("bench.db").display());
    let sqlite = SqliteStore::connect(&url).await.expect("sqlite");
    sqlite.migrate().await.expect("migrate");
    let store: Arc<dyn Store> = Arc::new(sqlite);
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .expect("bind");
    let addr = *acceptor.local_addr()[0].as_socket_addr().expect("tcp");
    let base = format!("http://{addr}");
    let media = socialflow_server::wiring::media_library(
        store.clone(),
        Arc::new(SystemClock),
        &dir.join("media"),
        socialflow_core::media::MediaSettings::new(&base, max, false),
        [1u8; 32],
    )
    .expect("media");
    let post_media: Arc<dyn socialflow_core::posts::PostMedia> = Arc::new(
        socialflow_core::posts::LibraryPostMedia::new(media.clone(), store.clone()),
    );
    let deps = Deps {
        post_media,
        media,
        inbox: socialflow_server::webhooks::InboxSettings::new(None, None, false),
        store,
        hasher: Arc::new(FastHasher),
        minter: Arc::new(RandomMinter),
        clock: Arc::new(SystemClock),
        throttle: ThrottlePolicy::default(),
        instagram: Arc::new(socialflow_server::unconfigured::UnconfiguredInstagram),
        cipher: Arc::new(
            socialflow_crypto::AesSivTokenCipher::new(
                &socialflow_crypto::MasterKey::generate(),
                &[],
            )
            .expect("cipher"),
        ),
        instagram_configured: false,
        signed_requests: Arc::new(socialflow_crypto::MetaSignedRequestVerifier::new(None)),
    };
    let web = WebSettings {
        public_url: base.clone(),
        secure_cookies: false,
        trust_proxy: false,
        csrf_key: [2u8; 32],
        body_limit: 64 * 1024,
        metrics_token: None,
    };
    let state = AppState::new(deps, web);
    let app = socialflow_server::app(state.clone());
    tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor).run(app).await;
    });
    (base, state)
}

#[tokio::main]
async fn main() {
    let mib: u64 = std::env::var("UPLOAD_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let size = mib * 1024 * 1024;
    let dir =
        tempfile::tempdir_in(std::env::var("UPLOAD_BENCH_DIR").unwrap_or_else(|_| ".".into()))
            .expect("tempdir");
    let source = dir.path().join("source.bin");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&source).expect("create"));
        let mut block = vec![0u8; 1024 * 1024];
        for (i, b) in block.iter_mut().enumerate() {
            *b = (i * 31 % 251) as u8;
        }
        for _ in 0..mib {
            f.write_all(&block).expect("write");
        }
        f.into_inner().expect("flush").sync_all().expect("sync");
    }

    let rounds: u32 = std::env::var("UPLOAD_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(3);

    let (base, state) = start(dir.path(), size + 1024 * 1024).await;
    let user = state
        .users
        .create_user(
            "bench",
            SecretString::from("bench password 123".to_string()),
            Role::User,
            Language::En,
            &RequestContext::cli(),
        )
        .await
        .expect("user");
    let (_, token) = state
        .auth
        .create_api_token(user.id, "bench", &RequestContext::cli())
        .await
        .expect("token");

    println!(
        "Media upload benchmark ({mib} MiB, loopback, SQLite, debug={}), {rounds} rounds of a plain copy then the upload",
        cfg!(debug_assertions)
    );
    let (mut copy_total, mut upload_total, mut growth_max) = (0.0, 0.0, 0u64);
    for round in 1..=rounds {
        let copy_secs = plain_copy(&source, &dir.path().join("copy.bin"));
        let (upload_secs, growth, status, text) = upload(&base, &token, &source, size).await;
        assert_eq!(status, 415, "the server answered {status}: {text}");
        println!(
            "  round {round}: plain file copy + fsync {copy_secs:.2} s ({:.0} MiB/s); HTTP upload (multipart, streamed, fsync) {upload_secs:.2} s ({:.0} MiB/s); upload / copy {:.2}×; memory growth {:.1} MiB",
            mib_per_s(size, copy_secs),
            mib_per_s(size, upload_secs),
            copy_secs / upload_secs,
            growth as f64 / 1024.0
        );
        copy_total += copy_secs;
        upload_total += upload_secs;
        growth_max = growth_max.max(growth);
    }
    let ratio = copy_total / upload_total;
    let growth_mib = growth_max as f64 / 1024.0;
    println!(
        "  all rounds: plain copy {:.0} MiB/s, upload {:.0} MiB/s; upload / copy throughput: {ratio:.2}× (goal ≥ 0.70×: {})",
        mib_per_s(size * u64::from(rounds), copy_total),
        mib_per_s(size * u64::from(rounds), upload_total),
        if ratio >= 0.7 { "met" } else { "missed" }
    );
    println!(
        "  largest peak memory growth during an upload: {growth_mib:.1} MiB (goal ≤ 32 MiB: {})",
        if growth_mib <= 32.0 { "met" } else { "missed" }
    );
    println!(
        "  the server answered 415 each time (expected: the bytes are not a video; stored whole, read, refused, deleted)"
    );
}

/// `std::fs::copy` of `source` to `copy` and an fsync, as the upload syncs
/// its file; seconds. The copy is deleted afterwards.
fn plain_copy(source: &Path, copy: &Path) -> f64 {
    let t = Instant::now();
    std::fs::copy(source, copy).expect("copy");
    std::fs::File::open(copy)
        .expect("open")
        .sync_all()
        .expect("sync");
    let secs = t.elapsed().as_secs_f64();
    std::fs::remove_file(copy).expect("rm");
    secs
}

/// One upload of `source`: seconds, the process's peak RSS growth (KiB),
/// the status and the answer.
async fn upload(
    base: &str,
    token: &SecretString,
    source: &Path,
    size: u64,
) -> (f64, u64, u16, String) {
    let rss_before = status_kib("VmRSS:");
    reset_peak();
    let file = tokio::fs::File::open(source).await.expect("open");
    let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(
        file,
        256 * 1024,
    ));
    let part = reqwest::multipart::Part::stream_with_length(body, size)
        .file_name("big.mp4")
        .mime_str("video/mp4")
        .expect("mime");
    let form = reqwest::multipart::Form::new().part("file", part);
    let t = Instant::now();
    let resp = reqwest::Client::new()
        .post(format!("{base}/api/v1/media"))
        .bearer_auth(token.expose_secret())
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    let upload_secs = t.elapsed().as_secs_f64();
    let peak = status_kib("VmHWM:");
    (upload_secs, peak.saturating_sub(rss_before), status, text)
}
