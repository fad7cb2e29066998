//! Idle memory of `socialflow serve`: starts the real binary (web server and,
//! in one process, the worker loops) on a fresh data directory, waits for
//! `/healthz`, sends a few requests (login page, health, metrics) so lazily
//! built state exists, lets it idle, and prints its resident memory (VmRSS,
//! with its anonymous and file-backed parts) and peak (VmHWM) from
//! `/proc/<pid>/status` next to the 40 MiB bound; once as started by hand
//! and once with `MALLOC_ARENA_MAX=2`, as the container image starts it.
//!
//! ```text
//! cargo bench -p socialflow-server --bench idle_memory
//! BENCH_IDLE_SECONDS=30 BENCH_DATABASES=sqlite cargo bench -p socialflow-server --bench idle_memory
//! ```
//!
//! - `BENCH_IDLE_SECONDS`: how long it idles before the reading (default 10);
//! - `BENCH_DATABASES`: `sqlite`, `mariadb` or both (default `sqlite,mariadb`);
//!   MariaDB is expected at `SOCIALFLOW_TEST_MARIADB_URL` (default
//!   `mysql://root@127.0.0.1:3306`), in a scratch database dropped afterwards.
//!
//! Linux only (it reads `/proc`). Exits non-zero when a reading is over the
//! bound, so a script can guard it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use socialflow_sql::ScratchDatabase;

const BOUND_MIB: f64 = 40.0;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// `VmRSS`, `VmHWM`, `RssAnon` and `RssFile` in KiB.
fn memory_kib(pid: u32) -> (u64, u64, u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or_else(|| panic!("no {name} in /proc/{pid}/status"))
    };
    (
        field("VmRSS:"),
        field("VmHWM:"),
        field("RssAnon:"),
        field("RssFile:"),
    )
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn measure(label: &str, extra_env: &[(&str, String)], idle: Duration) -> (f64, f64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_socialflow"));
    cmd.arg("serve")
        .env("SOCIALFLOW_DATA_DIR", dir.path())
        .env("SOCIALFLOW_LISTEN", format!("127.0.0.1:{port}"))
        .env("SOCIALFLOW_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    // The plain run must not inherit the container's allocator setting.
    cmd.env_remove("MALLOC_ARENA_MAX");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let server = Server(cmd.spawn().expect("start socialflow serve"));
    let pid = server.0.id();
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{label}: the server did not answer /healthz within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ready = started.elapsed();
    for path in ["/login", "/healthz", "/readyz", "/metrics", "/login"] {
        let _ = client.get(format!("{base}{path}")).send().await;
    }
    tokio::time::sleep(idle).await;
    let (rss, hwm, anon, file) = memory_kib(pid);
    drop(server);
    let mib = |kib: u64| kib as f64 / 1024.0;
    let (rss, hwm) = (mib(rss), mib(hwm));
    println!(
        "{label:<36} ready in {:>5.2} s   idle VmRSS {rss:>6.1} MiB (anonymous {:>5.1}, file-backed {:>5.1})   peak VmHWM {hwm:>6.1} MiB   bound {BOUND_MIB:.0} MiB: {}",
        ready.as_secs_f64(),
        mib(anon),
        mib(file),
        if rss <= BOUND_MIB { "met" } else { "OVER" }
    );
    (rss, hwm)
}

fn main() {
    let idle = Duration::from_secs(
        std::env::var("BENCH_IDLE_SECONDS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(10),
    );
    let databases = std::env::var("BENCH_DATABASES").unwrap_or_else(|_| "sqlite,mariadb".into());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!(
        "SocialFlow idle memory: `socialflow serve` (web + worker loops), {}s idle after start and a few requests",
        idle.as_secs()
    );
    let over = runtime.block_on(async {
        let mut over = false;
        // As started by hand, and as the container image starts it (its
        // Dockerfile sets MALLOC_ARENA_MAX=2).
        let arenas = [("", None), (", MALLOC_ARENA_MAX=2 (image)", Some("2"))];
        if databases.contains("sqlite") {
            for (note, arena) in arenas {
                let env: Vec<_> = arena
                    .map(|a| ("MALLOC_ARENA_MAX", a.to_string()))
                    .into_iter()
                    .collect();
                let (rss, _) = measure(&format!("SQLite{note}"), &env, idle).await;
                over |= rss > BOUND_MIB;
            }
        }
        if databases.contains("mariadb") {
            let key = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
            for (note, arena) in arenas {
                let db = ScratchDatabase::create(&ScratchDatabase::server_url())
                    .await
                    .unwrap_or_else(|e| panic!("MariaDB: {e}"));
                let mut env = vec![
                    ("SOCIALFLOW_DATABASE_URL", db.url.clone()),
                    ("SOCIALFLOW_MASTER_KEY", key.clone()),
                ];
                env.extend(arena.map(|a| ("MALLOC_ARENA_MAX", a.to_string())));
                let (rss, _) = measure(&format!("MariaDB{note}"), &env, idle).await;
                over |= rss > BOUND_MIB;
                db.drop_database().await.expect("drop scratch database");
            }
        }
        over
    });
    if over {
        eprintln!("idle resident memory is over {BOUND_MIB} MiB");
        std::process::exit(1);
    }
}
