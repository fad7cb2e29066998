//! Probing stored files: the header only for images, the box structure and
//! the `moov` box for videos.

use std::fs::File;
use std::io::{BufReader, Seek};
use std::path::Path;

use socialflow_core::media::{ConvertError, MediaFormat, MediaProbe, ProbeError};

use crate::boxes;

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
    let header = crate::decode::header(path, format).map_err(|e| match e {
        ConvertError::Io(e) => ProbeError::Io(e),
        other => ProbeError::Unreadable(other.to_string()),
    })?;
    // Phones store portrait photos sideways with an EXIF rotation; Instagram
    // shows them upright, so measure them upright.
    let (w, h) = if header.swaps_sides() {
        (header.height, header.width)
    } else {
        (header.width, header.height)
    };
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
    let mut reader = BufReader::new(file);
    let unreadable =
        |e: String| ProbeError::Unreadable(format!("not a complete MP4/MOV file ({e})"));
    let top = boxes::top_level(&mut reader, size).map_err(unreadable)?;
    let mut index_bytes = 0u64;
    for b in top
        .iter()
        .filter(|b| !matches!(&b.name, b"mdat" | b"free" | b"skip" | b"wide"))
    {
        index_bytes = index_bytes.saturating_add(b.size);
        if index_bytes > boxes::MAX_INDEX_BYTES {
            return Err(unreadable(format!(
                "its index is larger than {} bytes",
                boxes::MAX_INDEX_BYTES
            )));
        }
        boxes::check_box(&mut reader, b).map_err(unreadable)?;
    }
    let moov_at_front = top
        .iter()
        .find(|b| matches!(&b.name, b"moov" | b"mdat"))
        .map(|b| &b.name == b"moov");
    reader
        .seek(std::io::SeekFrom::Start(0))
        .map_err(|e| ProbeError::Io(e.to_string()))?;
    // The structure is sound; what the crate still cannot read is its
    // limit, not damage (QuickTime's version 1 sound descriptions).
    let reader = mp4::Mp4Reader::read_header(reader, size)
        .map_err(|e| ProbeError::Unsupported(format!("the MP4/MOV index cannot be read ({e})")))?;
    check_chunks_within(&reader, size).map_err(unreadable)?;
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

/// Every chunk the index points at must start inside the file (a file
/// whose `mdat` runs "to the end" can be cut short without a box saying so).
fn check_chunks_within<R>(reader: &mp4::Mp4Reader<R>, len: u64) -> Result<(), String> {
    for trak in &reader.moov.traks {
        let stbl = &trak.mdia.minf.stbl;
        let last = match (&stbl.stco, &stbl.co64) {
            (Some(stco), _) => stco.entries.iter().map(|o| u64::from(*o)).max(),
            (None, Some(co64)) => co64.entries.iter().copied().max(),
            (None, None) => None,
        };
        if let Some(offset) = last
            && offset >= len
        {
            return Err(format!(
                "the media data is cut off: a chunk starts at byte {offset} of a {len}-byte file"
            ));
        }
    }
    Ok(())
}
