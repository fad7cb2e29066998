//! Transcoding with the `ffmpeg` program to H.264/AAC MP4 with the index at
//! the front. The result is written to a temporary file and renamed over
//! the original only when ffmpeg succeeds, so a failure keeps the upload.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use async_trait::async_trait;
use futures::channel::mpsc::UnboundedSender;
use socialflow_core::media::{MediaId, TranscodeError, TranscodeSpec, Transcoder};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::OnceCell;

use crate::Layout;

pub struct FfmpegTranscoder {
    layout: Layout,
    program: PathBuf,
    available: OnceCell<bool>,
}

impl FfmpegTranscoder {
    /// `program` is `ffmpeg` (looked up in PATH) or a full path.
    pub fn new(media_dir: impl Into<PathBuf>, program: impl Into<PathBuf>) -> Self {
        Self {
            layout: Layout::new(media_dir.into()),
            program: program.into(),
            available: OnceCell::new(),
        }
    }

    /// ffmpeg reads only local files (`-protocol_whitelist file`), and the
    /// input only as MP4/MOV (`-f mov`): an upload that is really a playlist
    /// or a concat script must not make it open other files or URLs.
    pub(crate) fn args(input: &Path, output: &Path, spec: &TranscodeSpec) -> Vec<String> {
        let input = format!("file:{}", input.display());
        let output = format!("file:{}", output.display());
        let mut a: Vec<String> = [
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-protocol_whitelist",
            "file",
            "-f",
            "mov",
            "-i",
            &input,
            "-map",
            "0:v:0",
            "-map",
            "0:a:0?",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-profile:v",
            "high",
            "-pix_fmt",
            "yuv420p",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Even dimensions (4:2:0), never wider than allowed.
        let mut filter = format!("scale='trunc(min({},iw)/2)*2':'-2'", spec.max_width);
        if let Some(fps) = spec.frame_rate {
            filter.push_str(&format!(",fps={fps}"));
        }
        a.push("-vf".into());
        a.push(filter);
        a.push("-maxrate".into());
        a.push(spec.max_bitrate.to_string());
        a.push("-bufsize".into());
        a.push((spec.max_bitrate * 2).to_string());
        for s in [
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-ar",
            "48000",
            "-ac",
            "2",
            "-movflags",
            "+faststart",
            "-progress",
            "pipe:1",
            "-nostats",
            "-f",
            "mp4",
            &output,
        ] {
            a.push(s.to_string());
        }
        a
    }
}

#[async_trait]
impl Transcoder for FfmpegTranscoder {
    async fn available(&self) -> bool {
        *self
            .available
            .get_or_init(|| async {
                Command::new(&self.program)
                    .arg("-version")
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .await
                    .is_ok_and(|s| s.success())
            })
            .await
    }

    async fn transcode(
        &self,
        id: MediaId,
        spec: &TranscodeSpec,
        progress: UnboundedSender<u8>,
    ) -> Result<(), TranscodeError> {
        if !self.available().await {
            return Err(TranscodeError::Unavailable);
        }
        let io = |e: std::io::Error| TranscodeError::Io(e.to_string());
        let input = self.layout.path(id);
        let output = self.layout.temp(id, "transcode");
        tokio::fs::create_dir_all(self.layout.temp_dir())
            .await
            .map_err(io)?;
        let args = Self::args(&input, &output, spec);
        let mut child = Command::new(&self.program)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(io)?;
        let mut stderr = child
            .stderr
            .take()
            .ok_or_else(|| TranscodeError::Io("no stderr".into()))?;
        let errors = tokio::spawn(async move {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text).await;
            text
        });
        if let Some(stdout) = child.stdout.take() {
            let mut lines = BufReader::new(stdout).lines();
            let total_us = spec.duration_ms.unwrap_or(0).saturating_mul(1000);
            while let Ok(Some(line)) = lines.next_line().await {
                // `out_time_ms` is, despite its name, microseconds.
                let done_us = line
                    .strip_prefix("out_time_us=")
                    .or_else(|| line.strip_prefix("out_time_ms="))
                    .and_then(|v| v.trim().parse::<u64>().ok());
                if let Some(us) = done_us
                    && total_us > 0
                {
                    let _ = progress.unbounded_send((us.min(total_us) * 100 / total_us) as u8);
                }
            }
        }
        let status = child.wait().await.map_err(io)?;
        let text = errors.await.unwrap_or_default();
        if !status.success() {
            let _ = tokio::fs::remove_file(&output).await;
            let last: Vec<&str> = text.lines().rev().take(3).collect();
            let reason = last.into_iter().rev().collect::<Vec<_>>().join(" / ");
            return Err(TranscodeError::Failed(if reason.is_empty() {
                format!("ffmpeg exited with {status}")
            } else {
                reason
            }));
        }
        if let Err(e) = tokio::fs::rename(&output, &input).await {
            let _ = tokio::fs::remove_file(&output).await;
            return Err(io(e));
        }
        let _ = progress.unbounded_send(100);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn spec() -> TranscodeSpec {
        TranscodeSpec {
            max_width: 1920,
            frame_rate: None,
            duration_ms: None,
            max_bitrate: 12_500_000,
        }
    }

    #[test]
    fn the_input_is_a_local_file_read_as_mp4_mov() {
        let a = FfmpegTranscoder::args(Path::new("/m/abc"), Path::new("/m/.partial/x"), &spec());
        let i = a.iter().position(|x| x == "-i").unwrap();
        let before = &a[..i];
        let pair = |flag: &str| {
            before
                .windows(2)
                .find(|w| w[0] == flag)
                .map(|w| w[1].clone())
        };
        assert_eq!(pair("-protocol_whitelist").as_deref(), Some("file"));
        assert_eq!(pair("-f").as_deref(), Some("mov"));
        assert_eq!(a[i + 1], "file:/m/abc");
        assert_eq!(a.last().map(String::as_str), Some("file:/m/.partial/x"));
        // Nothing else names an input.
        assert_eq!(a.iter().filter(|x| *x == "-i").count(), 1);
    }

    /// With the same options, an input that is a URL is refused by ffmpeg
    /// itself and nothing is fetched.
    #[test]
    fn ffmpeg_refuses_a_non_file_input() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}/x.mp4", listener.local_addr().unwrap());
        let dir = std::env::temp_dir();
        let mut a =
            FfmpegTranscoder::args(Path::new("/unused"), &dir.join("sf-never.mp4"), &spec());
        let i = a.iter().position(|x| x == "-i").unwrap();
        a[i + 1] = url;
        let out = std::process::Command::new("ffmpeg")
            .args(&a)
            .stdin(Stdio::null())
            .output()
            .expect("ffmpeg is not installed; run scripts/test or apt-get install ffmpeg");
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("whitelist"), "{stderr}");
        assert!(listener.accept().is_err(), "ffmpeg connected to the URL");
    }
}
