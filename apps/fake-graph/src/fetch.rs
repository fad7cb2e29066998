//! Fetching media like Meta does (it cURLs `image_url`/`video_url`), and
//! looking at the bytes: JPEG or not and its size, MP4/MOV or not.

use std::time::Duration;

/// What was fetched: its length and its first bytes.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    pub size: u64,
    pub head: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FetchError {
    /// Refused, not found, not a success status, connection failed.
    Unreachable,
    Timeout,
    /// Longer than the limit (the rest is not read).
    TooLarge,
}

/// Bytes kept for inspection: enough for a JPEG's EXIF and frame header.
const HEAD: usize = 128 * 1024;

pub(crate) async fn fetch(
    client: Option<&reqwest::Client>,
    url: &str,
    max: u64,
    timeout: Duration,
) -> Result<Fetched, FetchError> {
    let client = client.ok_or(FetchError::Unreachable)?;
    let work = async {
        let mut resp = client
            .get(url)
            .send()
            .await
            .map_err(|_| FetchError::Unreachable)?;
        if !resp.status().is_success() {
            return Err(FetchError::Unreachable);
        }
        let mut size = 0u64;
        let mut head = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|_| FetchError::Unreachable)? {
            size += chunk.len() as u64;
            if size > max {
                return Err(FetchError::TooLarge);
            }
            if head.len() < HEAD {
                let take = (HEAD - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
        }
        Ok(Fetched { size, head })
    };
    tokio::time::timeout(timeout, work)
        .await
        .unwrap_or(Err(FetchError::Timeout))
}

pub(crate) fn is_jpeg(head: &[u8]) -> bool {
    head.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// MP4 and MOV files start with an `ftyp` box.
pub(crate) fn is_mp4(head: &[u8]) -> bool {
    head.len() >= 12 && &head[4..8] == b"ftyp"
}

/// A JPEG's (width, height) from its frame header, if within `head`.
pub(crate) fn jpeg_size(head: &[u8]) -> Option<(u32, u32)> {
    if !is_jpeg(head) {
        return None;
    }
    let be16 = |i: usize| -> Option<usize> {
        Some(usize::from(*head.get(i)?) << 8 | usize::from(*head.get(i + 1)?))
    };
    let mut i = 2;
    loop {
        while *head.get(i)? != 0xFF {
            i += 1;
        }
        while *head.get(i)? == 0xFF {
            i += 1;
        }
        let marker = *head.get(i)?;
        i += 1;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = be16(i + 3)? as u32;
                let width = be16(i + 5)? as u32;
                return Some((width, height));
            }
            _ => i += be16(i)?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jpeg_dimensions_and_mp4_magic() {
        // SOI, APP0 (len 16), SOF0 (len 17) 480x640 (h, w)
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8, 0x01, 0xE0, 0x02, 0x80, 3]);
        jpeg.extend_from_slice(&[0; 9]);
        assert_eq!(jpeg_size(&jpeg), Some((640, 480)));
        assert_eq!(jpeg_size(&[0xFF, 0xD8, 0xFF, 0xD9]), None);
        assert!(is_mp4(b"\0\0\0\x18ftypmp42\0\0\0\0"));
        assert!(!is_mp4(&[7; 20]));
    }
}
