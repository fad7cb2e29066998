//! Memory of the real server on hostile uploads: starts the `socialflow`
//! binary (`serve`, SQLite in a temporary directory), uploads decompression
//! bombs, damaged files, the largest images the limits allow and a form of
//! 75,000 fields through `POST /api/v1/media`, one at a time and three in
//! parallel, and reads the server's resident memory from
//! `/proc/<pid>/status` (peak `VmHWM`, reset before each case through
//! `/proc/<pid>/clear_refs`).
//!
//! Run: `cargo bench -p socialflow-server --bench hostile_upload` (release
//! build). The server inherits the environment, so
//! `SOCIALFLOW_MAX_IMAGE_PIXELS` and `SOCIALFLOW_MEDIA_JOBS` can be tried.
//! Linux only (it reads /proc).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MIB: f64 = 1024.0 * 1024.0;
/// The goal: no upload takes the server this far above its idle memory.
const GOAL_MIB: f64 = 256.0;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/media")
            .join(name),
    )
    .expect("fixture")
}

fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Sets the peak (VmHWM) back to the current resident size.
fn reset_peak(pid: u32) {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").expect("clear_refs");
}

fn socialflow(dir: &Path, addr: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_socialflow"));
    c.env("SOCIALFLOW_DATA_DIR", dir)
        .env("SOCIALFLOW_LISTEN", addr)
        .env("SOCIALFLOW_PUBLIC_URL", format!("http://{addr}"))
        .env("SOCIALFLOW_LOG", "warn");
    c
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A picture with detail (so it does not compress to nothing), `w`×`h`.
fn photo_rgb(w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let v = (x ^ y).wrapping_mul(2_654_435_761) >> 24;
        image::Rgb([(x % 251) as u8, (y % 241) as u8, v as u8])
    })
}

fn largest_jpeg(max_pixels: u64) -> (String, Vec<u8>) {
    // 4:3 at the cap.
    let w = ((max_pixels as f64 * 4.0 / 3.0).sqrt()) as u32;
    let h = (max_pixels / u64::from(w)) as u32;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&photo_rgb(w, h))
        .unwrap();
    (format!("largest-{w}x{h}.jpg"), out)
}

/// RGBA needs 4 bytes a pixel: the largest the decoder budget (3 bytes per
/// pixel of the cap) lets through.
fn largest_rgba_png(max_pixels: u64) -> (String, Vec<u8>) {
    let pixels = max_pixels * 3 / 4;
    let w = ((pixels as f64 * 3.0 / 2.0).sqrt()) as u32;
    let h = (pixels / u64::from(w)) as u32;
    // Smooth gradients, so the file stays under the 64 MiB image limit.
    let rgba = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([
            (x / 32 % 256) as u8,
            (y / 32 % 256) as u8,
            ((x + y) / 64 % 256) as u8,
            if x < w / 2 { 255 } else { 128 },
        ])
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(rgba.as_raw(), w, h, image::ExtendedColorType::Rgba8)
    .unwrap();
    (format!("largest-{w}x{h}-rgba.png"), out)
}

use image::ImageEncoder;

#[derive(Clone)]
struct Upload {
    label: String,
    name: String,
    query: &'static str,
    body: Vec<u8>,
    /// Extra small fields before the file.
    fields: usize,
}

fn upload(label: &str, name: &str, body: Vec<u8>, query: &'static str) -> Upload {
    Upload {
        label: label.into(),
        name: name.into(),
        query,
        body,
        fields: 0,
    }
}

fn multipart(u: &Upload) -> Vec<u8> {
    const B: &str = "sf-bench-boundary";
    let mut out = Vec::with_capacity(u.body.len() + u.fields * 64 + 512);
    for i in 0..u.fields {
        write!(
            out,
            "--{B}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n"
        )
        .unwrap();
    }
    write!(
        out,
        "--{B}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\r\n",
        u.name
    )
    .unwrap();
    out.extend_from_slice(&u.body);
    write!(out, "\r\n--{B}--\r\n").unwrap();
    out
}

async fn send(client: &reqwest::Client, base: &str, token: &str, u: &Upload) -> String {
    let resp = client
        .post(format!("{base}/api/v1/media{}", u.query))
        .bearer_auth(token)
        .header(
            "content-type",
            "multipart/form-data; boundary=sf-bench-boundary",
        )
        .body(multipart(u))
        .send()
        .await;
    match resp {
        Ok(r) => {
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            let code = body["code"]
                .as_str()
                .map(str::to_string)
                .or_else(|| {
                    body["width"]
                        .as_u64()
                        .map(|w| format!("{w}x{}", body["height"]))
                })
                .unwrap_or_default();
            format!("{status} {code}")
        }
        Err(e) => format!("error {e}"),
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let base = format!("http://{addr}");

    let mut add = socialflow(dir.path(), &addr)
        .args(["user", "add", "bench"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("socialflow user add");
    add.stdin
        .take()
        .unwrap()
        .write_all(b"bench password 123\n")
        .unwrap();
    assert!(add.wait().unwrap().success(), "user add failed");
    let out = socialflow(dir.path(), &addr)
        .args(["token", "create", "bench"])
        .output()
        .expect("token create");
    assert!(out.status.success(), "token create failed");
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let server = Server(
        socialflow(dir.path(), &addr)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("socialflow serve"),
    );
    let pid = server.0.id();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(300))
        .build()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // One ordinary upload first, so the idle figure includes a warmed-up
    // server (allocator arenas, thread pools).
    let warm = upload(
        "warm-up",
        "portrait-4x5.jpg",
        fixture("portrait-4x5.jpg"),
        "",
    );
    send(&client, &base, &token, &warm).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = status_kib(pid, "VmRSS:");

    let max_pixels: u64 = std::env::var("SOCIALFLOW_MAX_IMAGE_PIXELS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(socialflow_core::media::DEFAULT_MAX_IMAGE_PIXELS);
    let (jpeg_name, jpeg) = largest_jpeg(max_pixels);
    let (png_name, png) = largest_rgba_png(max_pixels);
    let png_bomb = upload(
        "PNG bomb 30000x30000",
        "bomb.png",
        fixture("bomb-30000x30000.png"),
        "",
    );
    let webp_bomb = upload(
        "WebP bomb 16000x16000",
        "bomb.webp",
        fixture("bomb-16000x16000.webp"),
        "",
    );
    let strip = upload(
        "1x40000 PNG, padded",
        "strip.png",
        fixture("strip-1x40000.png"),
        "?pad_to_allowed_ratio=true",
    );
    let big_jpeg = upload(
        &format!(
            "largest JPEG ({jpeg_name}, {:.1} MiB)",
            jpeg.len() as f64 / MIB
        ),
        &jpeg_name,
        jpeg,
        "",
    );
    let big_png = upload(
        &format!(
            "largest RGBA PNG ({png_name}, {:.1} MiB)",
            png.len() as f64 / MIB
        ),
        &png_name,
        png,
        "",
    );
    let mut fields = upload(
        "75,000 form fields",
        "a.jpg",
        fixture("portrait-4x5.jpg"),
        "",
    );
    fields.fields = 75_000;
    let cases: Vec<(String, Vec<Upload>)> = vec![
        (
            "PNG bomb 30000x30000 (109 KB)".into(),
            vec![png_bomb.clone()],
        ),
        (
            "WebP bomb 16000x16000 (10 KB)".into(),
            vec![webp_bomb.clone()],
        ),
        (
            "1x40000 PNG padded to 4:5 (157 B)".into(),
            vec![strip.clone()],
        ),
        (
            "half a JPEG".into(),
            vec![upload("half", "half.jpg", fixture("half.jpg"), "")],
        ),
        (
            "MP4 with its media data cut".into(),
            vec![upload("cut", "cut.mp4", fixture("cut-mdat.mp4"), "")],
        ),
        ("75,000 multipart fields".into(), vec![fields]),
        (
            "3 bombs in parallel (PNG, WebP, strip)".into(),
            vec![png_bomb, webp_bomb, strip],
        ),
        (big_jpeg.label.clone(), vec![big_jpeg.clone()]),
        (big_png.label.clone(), vec![big_png.clone()]),
        (
            "3 largest in parallel (JPEG, PNG, JPEG)".into(),
            vec![big_jpeg.clone(), big_png, big_jpeg],
        ),
    ];

    println!(
        "Hostile uploads against the real server binary (release={}, pixel cap {} px, SOCIALFLOW_MEDIA_JOBS={})",
        !cfg!(debug_assertions),
        max_pixels,
        std::env::var("SOCIALFLOW_MEDIA_JOBS").unwrap_or_else(|_| "default".into())
    );
    println!(
        "  idle resident memory after one upload: {:.1} MiB",
        idle as f64 / 1024.0
    );
    println!(
        "  {:<50} {:>9} {:>12} {:>12}  answers",
        "case", "seconds", "peak MiB", "above idle"
    );
    let mut worst = 0.0f64;
    for (label, uploads) in cases {
        tokio::time::sleep(Duration::from_millis(500)).await;
        reset_peak(pid);
        let t = Instant::now();
        let answers =
            futures::future::join_all(uploads.iter().map(|u| send(&client, &base, &token, u)))
                .await;
        let secs = t.elapsed().as_secs_f64();
        let peak = status_kib(pid, "VmHWM:");
        let above = peak.saturating_sub(idle) as f64 / 1024.0;
        worst = worst.max(above);
        println!(
            "  {label:<50} {secs:>9.2} {:>12.1} {above:>12.1}  {}",
            peak as f64 / 1024.0,
            answers.join(", ")
        );
    }
    println!(
        "  worst: {worst:.1} MiB above idle (goal < {GOAL_MIB:.0} MiB): {}",
        if worst < GOAL_MIB { "met" } else { "NOT met" }
    );
    drop(server);
}
