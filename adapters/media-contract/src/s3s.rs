//! A real S3-compatible server for tests: s3s-fs (crates.io, Apache-2.0),
//! which scripts/test installs under ~/.cache/socialflow-tools/s3s-fs and names in
//! `SOCIALFLOW_S3S_FS`. Tests that need it fail, never skip, without it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The variable naming the s3s-fs binary.
pub const S3S_FS: &str = "SOCIALFLOW_S3S_FS";
pub const BUCKET: &str = "socialflow-test";
pub const ACCESS_KEY: &str = "socialflow-test-key";
pub const SECRET_KEY: &str = "socialflow-test-secret-0123456789";
pub const REGION: &str = "us-east-1";

/// A running s3s-fs with one empty bucket [`BUCKET`] on a free loopback
/// port, over a temporary directory; stopped and removed when dropped.
pub struct S3sServer {
    child: Child,
    pub endpoint: String,
    root: tempfile::TempDir,
}

impl Drop for S3sServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3sServer {
    pub fn start() -> Self {
        let bin = std::env::var(S3S_FS).unwrap_or_else(|_| {
            panic!(
                "{S3S_FS} must name the s3s-fs server binary: scripts/test installs it \
                 (cargo install s3s-fs@0.14.1 --features binary --root ~/.cache/socialflow-tools/s3s-fs)"
            )
        });
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(BUCKET)).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&bin)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(root.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let server = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            root,
        };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("s3s-fs did not listen on port {port} within 10 s");
    }

    /// The bucket's directory on disk (s3s-fs keeps each object as a file
    /// under it), to check what the server really holds.
    pub fn bucket_dir(&self) -> PathBuf {
        self.root.path().join(BUCKET)
    }

    /// The files under `dir`, recursively, except s3s-fs's own bookkeeping
    /// (names starting with a dot).
    pub fn objects_in(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return out;
        };
        for e in entries.filter_map(Result::ok) {
            let path = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                out.extend(Self::objects_in(&path));
            } else {
                out.push(path);
            }
        }
        out
    }
}
