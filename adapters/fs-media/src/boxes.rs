//! The box structure of an MP4/MOV file, checked before the `mp4` crate
//! reads it: every top-level box must lie within the file (a truncated
//! upload is refused), the boxes the crate loads into memory are bounded,
//! and inside them every child box must lie within its parent (the crate
//! allocates what a box header claims before reading it).

use std::io::{Read, Seek, SeekFrom};

/// The boxes the `mp4` crate reads into memory (`moov`, `moof`, …)
/// together: a real file's index is a few megabytes.
pub(crate) const MAX_INDEX_BYTES: u64 = 64 * 1024 * 1024;
/// Top-level boxes walked at most (a fragmented file has two per fragment).
const MAX_TOP_LEVEL_BOXES: usize = 100_000;
/// Boxes whose children the crate reads (the QuickTime `meta` may or may
/// not carry a version; `ilst` items hold `data` boxes).
const CONTAINERS: [&[u8; 4]; 16] = [
    b"moov", b"trak", b"mdia", b"minf", b"stbl", b"dinf", b"edts", b"udta", b"meta", b"ilst",
    b"mvex", b"moof", b"traf", b"mfra", b"tref", b"dref",
];
/// Nesting deeper than this is not a real file.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TopBox {
    pub name: [u8; 4],
    pub start: u64,
    pub size: u64,
    pub header: u64,
}

fn header(buf: &[u8; 16], len: usize, remaining: u64) -> Result<(u64, u64), String> {
    let size32 = u32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]);
    match size32 {
        // Extends to the end of the file (or of the parent).
        0 => Ok((remaining, 8)),
        1 => {
            if len < 16 {
                return Err("a box header is cut off".into());
            }
            let mut b = [0u8; 8];
            b.copy_from_slice(&buf[8..16]);
            Ok((u64::from_be_bytes(b), 16))
        }
        n => Ok((u64::from(n), 8)),
    }
}

/// The top-level boxes of a file of `len` bytes, each checked to lie
/// within it.
pub(crate) fn top_level<R: Read + Seek>(f: &mut R, len: u64) -> Result<Vec<TopBox>, String> {
    let mut out = Vec::new();
    let mut pos = 0u64;
    while pos < len {
        if out.len() >= MAX_TOP_LEVEL_BOXES {
            return Err("too many boxes".into());
        }
        let remaining = len - pos;
        if remaining < 8 {
            return Err(format!("{remaining} stray bytes at the end of the file"));
        }
        f.seek(SeekFrom::Start(pos)).map_err(|e| e.to_string())?;
        let mut buf = [0u8; 16];
        let n = remaining.min(16) as usize;
        f.read_exact(&mut buf[..n]).map_err(|e| e.to_string())?;
        let (size, hdr) = header(&buf, n, remaining)?;
        let name = [buf[4], buf[5], buf[6], buf[7]];
        let label = String::from_utf8_lossy(&name).into_owned();
        if size < hdr {
            return Err(format!("the '{label}' box has an impossible size ({size})"));
        }
        if size > remaining {
            return Err(format!(
                "the file is cut off: the '{label}' box needs {size} bytes, only {remaining} remain"
            ));
        }
        out.push(TopBox {
            name,
            start: pos,
            size,
            header: hdr,
        });
        pos += size;
    }
    Ok(out)
}

/// Checks that every child of a container box lies within its parent, all
/// the way down. `body` is the box's content after its header.
pub(crate) fn check_children(name: &[u8; 4], body: &[u8], depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("boxes are nested too deep".into());
    }
    let mut rest = body;
    // Full boxes carry 4 bytes of version and flags before their children:
    // `meta` (in MP4, not always in QuickTime) and `dref` (plus a count).
    if name == b"dref" {
        rest = rest.get(8..).ok_or("the 'dref' box is too short")?;
    } else if name == b"meta" && rest.len() >= 8 && rest[0..4] == [0, 0, 0, 0] {
        rest = &rest[4..];
    }
    while !rest.is_empty() {
        if rest.len() < 8 {
            // Padding at the end of a container (some writers add 4 zero bytes).
            if rest.iter().all(|b| *b == 0) {
                return Ok(());
            }
            return Err("a box header is cut off".into());
        }
        let mut buf = [0u8; 16];
        let n = rest.len().min(16);
        buf[..n].copy_from_slice(&rest[..n]);
        let (size, hdr) = header(&buf, n, rest.len() as u64)?;
        let child = [buf[4], buf[5], buf[6], buf[7]];
        // Size 0 ("to the end") is for the file's last box only: inside a
        // container the `mp4` crate seeks back to the same header and reads
        // it again, for ever (found by `props::damaged_videos_…`).
        if u32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]) == 0 {
            return Err(format!(
                "the '{}' box inside '{}' has no size",
                String::from_utf8_lossy(&child),
                String::from_utf8_lossy(name)
            ));
        }
        if size < hdr || size > rest.len() as u64 {
            return Err(format!(
                "the '{}' box inside '{}' claims {size} bytes, only {} remain",
                String::from_utf8_lossy(&child),
                String::from_utf8_lossy(name),
                rest.len()
            ));
        }
        let size = size as usize;
        let inner = &rest[hdr as usize..size];
        // Items of an `ilst` are named by their key (`©nam`, `covr`, …).
        if CONTAINERS.contains(&&child) || name == b"ilst" {
            check_children(&child, inner, depth + 1)?;
        }
        rest = &rest[size..];
    }
    Ok(())
}

/// Reads a top-level box whole (its size is bounded by the caller) and
/// checks what is inside.
pub(crate) fn check_box<R: Read + Seek>(f: &mut R, b: &TopBox) -> Result<(), String> {
    if !CONTAINERS.contains(&&b.name) {
        return Ok(());
    }
    f.seek(SeekFrom::Start(b.start + b.header))
        .map_err(|e| e.to_string())?;
    let mut body = Vec::new();
    f.take(b.size - b.header)
        .read_to_end(&mut body)
        .map_err(|e| e.to_string())?;
    check_children(&b.name, &body, 0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn bx(name: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(name);
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn top_level_boxes_must_fit_the_file() {
        let mut file = bx(b"ftyp", b"isom\0\0\0\0");
        file.extend(bx(b"mdat", &[0u8; 100]));
        let all = top_level(&mut std::io::Cursor::new(&file), file.len() as u64).unwrap();
        assert_eq!(all.len(), 2);
        let cut = &file[..file.len() - 50];
        let err = top_level(&mut std::io::Cursor::new(cut), cut.len() as u64).unwrap_err();
        assert!(err.contains("cut off") && err.contains("mdat"), "{err}");
    }

    #[test]
    fn a_child_without_a_size_is_refused() {
        let mut mdia = bx(b"mdhd", &[0; 24]);
        mdia.extend(bx(b"hdlr", &[0; 25]));
        assert!(check_children(b"mdia", &mdia, 0).is_ok());
        mdia[0..4].copy_from_slice(&[0, 0, 0, 0]);
        let err = check_children(b"mdia", &mdia, 0).unwrap_err();
        assert!(err.contains("no size"), "{err}");
    }

    #[test]
    fn a_child_larger_than_its_parent_is_refused() {
        let mut hdlr = 0x7FFF_FFF0u32.to_be_bytes().to_vec();
        hdlr.extend_from_slice(b"hdlr");
        hdlr.extend_from_slice(&[0u8; 24]);
        let meta = bx(b"meta", &hdlr);
        let err = check_children(b"udta", &meta, 0).unwrap_err();
        assert!(err.contains("hdlr"), "{err}");
        let ok = bx(b"meta", &bx(b"hdlr", &[0u8; 24]));
        check_children(b"udta", &ok, 0).unwrap();
    }
}
