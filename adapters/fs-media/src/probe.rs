//! Probing stored files: header-only for images, the `moov` box for videos.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use image::ImageDecoder;
use socialflow_core::media::{MediaFormat, MediaProbe, ProbeError};

/// Videos larger than this are not probed (far above Instagram's limits).
const MAX_PROBE_BYTES: u64 = 8 * 1024 * 1024 * 1024;

pub(crate) fn probe_file(path: &Path, format: MediaFormat) -> Result<MediaProbe, ProbeError> {
    if format.is_image() {
        probe_image(path, format)
    } else {
        probe_video(path, format)
    }
}

fn probe_image(path: &Path, format: MediaFormat) -> Result<MediaProbe, ProbeError> {
    let reader = image::ImageReader::open(path)
        .map_err(|e| ProbeError::Io(e.to_string()))?
        .with_guessed_format()
        .map_err(|e| ProbeError::Io(e.to_string()))?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| ProbeError::Unreadable(e.to_string()))?;
    let (mut w, mut h) = decoder.dimensions();
    // Phones store portrait photos sideways with an EXIF rotation; Instagram
    // shows them upright, so measure them upright.
    if let Ok(o) = decoder.orientation() {
        use image::metadata::Orientation::*;
        if matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH) {
            std::mem::swap(&mut w, &mut h);
        }
    }
    if w == 0 || h == 0 {
        return Err(ProbeError::Unreadable("the image has no pixels".into()));
    }
    let mut probe = MediaProbe::new(format);
    probe.width = Some(w);
    probe.height = Some(h);
    Ok(probe)
}

fn fourcc(value: [u8; 4]) -> String {
    String::from_utf8_lossy(&value).trim().to_string()
}

fn probe_video(path: &Path, format: MediaFormat) -> Result<MediaProbe, ProbeError> {
    let file = File::open(path).map_err(|e| ProbeError::Io(e.to_string()))?;
    let size = file
        .metadata()
        .map_err(|e| ProbeError::Io(e.to_string()))?
        .len();
    if size > MAX_PROBE_BYTES {
        return Err(ProbeError::Unreadable(
            "the file is too large to read".into(),
        ));
    }
    let moov_at_front = moov_before_mdat(path).map_err(|e| ProbeError::Io(e.to_string()))?;
    let reader = mp4::Mp4Reader::read_header(BufReader::new(file), size)
        .map_err(|e| ProbeError::Unreadable(format!("not a complete MP4/MOV file ({e})")))?;
    let mut probe = MediaProbe::new(format);
    probe.duration_ms = Some(reader.duration().as_millis() as u64);
    probe.moov_at_front = moov_at_front;
    let mut tracks: Vec<_> = reader.tracks().values().collect();
    tracks.sort_by_key(|t| t.track_id());
    for t in tracks {
        match t.track_type() {
            Ok(mp4::TrackType::Video) if probe.video_codec.is_none() => {
                probe.video_codec = Some(
                    t.box_type()
                        .map(|b| fourcc(b.value))
                        .unwrap_or_else(|_| "unknown".into()),
                );
                probe.width = Some(u32::from(t.width()));
                probe.height = Some(u32::from(t.height()));
                let secs = t.duration().as_secs_f64();
                if secs > 0.0 {
                    probe.frame_rate =
                        Some((f64::from(t.sample_count()) / secs * 100.0).round() / 100.0);
                }
                let bitrate = t.bitrate();
                if bitrate > 0 {
                    probe.bitrate = Some(u64::from(bitrate));
                }
            }
            Ok(mp4::TrackType::Audio) if probe.audio_codec.is_none() => {
                probe.has_audio = true;
                probe.audio_codec = Some(
                    t.box_type()
                        .map(|b| fourcc(b.value))
                        .unwrap_or_else(|_| "unknown".into()),
                );
            }
            _ => {}
        }
    }
    if probe.video_codec.is_none() {
        return Err(ProbeError::Unreadable("the file has no video track".into()));
    }
    if probe.duration_ms == Some(0) {
        return Err(ProbeError::Unreadable("the video has no frames".into()));
    }
    Ok(probe)
}

/// Walks the top-level boxes: does `moov` come before `mdat`?
fn moov_before_mdat(path: &Path) -> std::io::Result<Option<bool>> {
    let mut f = File::open(path)?;
    let len = f.metadata()?.len();
    let mut pos = 0u64;
    while pos + 8 <= len {
        f.seek(SeekFrom::Start(pos))?;
        let mut header = [0u8; 16];
        f.read_exact(&mut header[..8])?;
        let mut size = u64::from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]));
        let name = [header[4], header[5], header[6], header[7]];
        if size == 1 {
            f.read_exact(&mut header[8..16])?;
            let mut b = [0u8; 8];
            b.copy_from_slice(&header[8..16]);
            size = u64::from_be_bytes(b);
        } else if size == 0 {
            size = len - pos;
        }
        match &name {
            b"moov" => return Ok(Some(true)),
            b"mdat" => return Ok(Some(false)),
            _ => {}
        }
        if size < 8 {
            return Ok(None);
        }
        pos += size;
    }
    Ok(None)
}
