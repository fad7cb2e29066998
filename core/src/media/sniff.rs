//! The file type from its first bytes (magic numbers), never from its name.

use super::MediaFormat;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Supported(MediaFormat),
    /// A format we recognise but do not accept; the name says which
    /// (`gif`, `heic`, `avi`, …) so the user knows what to convert.
    Unsupported(&'static str),
    /// Nothing we recognise (text, a document, random bytes).
    Unknown,
}

/// Needs at least the first 16 bytes to tell video containers apart.
pub fn sniff(head: &[u8]) -> Sniffed {
    use MediaFormat::*;
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Supported(Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Supported(Png);
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Sniffed::Supported(Webp);
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"AVI " {
        return Sniffed::Unsupported("avi");
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Sniffed::Unsupported("gif");
    }
    if head.starts_with(b"BM") && head.len() >= 14 {
        return Sniffed::Unsupported("bmp");
    }
    if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return Sniffed::Unsupported("webm/mkv");
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        let brand = &head[8..12];
        return match brand {
            b"qt  " => Sniffed::Supported(Mov),
            b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc" | b"heim" | b"heis" => {
                Sniffed::Unsupported("heic")
            }
            b"avif" | b"avis" => Sniffed::Unsupported("avif"),
            _ => Sniffed::Supported(Mp4),
        };
    }
    // QuickTime files from old cameras start with other atoms and have no
    // `ftyp`; the prober cannot read them.
    if head.len() >= 8 && matches!(&head[4..8], b"moov" | b"mdat" | b"wide" | b"free") {
        return Sniffed::Unsupported("quicktime-without-ftyp");
    }
    Sniffed::Unknown
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn recognises_formats_by_their_bytes() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Sniffed::Supported(MediaFormat::Jpeg)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Sniffed::Supported(MediaFormat::Png)
        );
        assert_eq!(
            sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Sniffed::Supported(MediaFormat::Webp)
        );
        assert_eq!(
            sniff(b"\0\0\0\x20ftypisom\0\0\x02\0"),
            Sniffed::Supported(MediaFormat::Mp4)
        );
        assert_eq!(
            sniff(b"\0\0\0\x14ftypqt  \0\0\0\0"),
            Sniffed::Supported(MediaFormat::Mov)
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Sniffed::Unsupported("heic")
        );
        assert_eq!(sniff(b"GIF89a\x01\0"), Sniffed::Unsupported("gif"));
        assert_eq!(sniff(b"hello, I am a text file"), Sniffed::Unknown);
        assert_eq!(sniff(b""), Sniffed::Unknown);
    }
}
