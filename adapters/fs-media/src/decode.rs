//! Reading images: the header alone (dimensions, EXIF rotation) for the
//! probe, and the whole picture within the library's limits. The cost of a
//! decode (its pixel buffer and the decoder's own buffers) is worked out
//! from the header and refused before anything is allocated.
//!
//! JPEGs are read with zune-jpeg from the file (never loaded whole), in
//! strict mode first: lenient decoders paint a truncated file's missing
//! half grey and call it a success.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, RgbImage};
use socialflow_core::media::{ConvertError, DecodeLimits, MediaFormat};
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::errors::DecodeErrors;

/// The largest side any decoder is allowed to announce (JPEG's own limit).
const MAX_SIDE: u32 = 65_535;
/// What reading a header may allocate (metadata chunks before the pixels).
const HEADER_BYTES: u64 = 16 * 1024 * 1024;

/// An image's facts from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    pub width: u32,
    pub height: u32,
    pub orientation: Option<Orientation>,
}

impl Header {
    /// Whether the EXIF rotation turns the picture by 90°.
    pub fn swaps_sides(&self) -> bool {
        use Orientation::*;
        matches!(
            self.orientation,
            Some(Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
        )
    }
}

/// A decoded picture, not yet turned upright.
pub(crate) struct Decoded {
    pub image: DynamicImage,
    pub orientation: Option<Orientation>,
}

fn io(e: std::io::Error) -> ConvertError {
    ConvertError::Io(e.to_string())
}

fn open(path: &Path) -> Result<BufReader<File>, ConvertError> {
    Ok(BufReader::with_capacity(
        64 * 1024,
        File::open(path).map_err(io)?,
    ))
}

fn image_error(e: ImageError) -> ConvertError {
    match e {
        ImageError::Limits(l) => ConvertError::OverLimit(l.to_string()),
        ImageError::IoError(e) if e.kind() != std::io::ErrorKind::UnexpectedEof => io(e),
        other => ConvertError::Undecodable(other.to_string()),
    }
}

fn jpeg_error(e: DecodeErrors) -> ConvertError {
    match e {
        DecodeErrors::LargeDimensions(_) => ConvertError::OverLimit(format!("{e:?}")),
        other => ConvertError::Undecodable(format!("{other:?}")),
    }
}

fn jpeg_options(strict: bool) -> DecoderOptions {
    DecoderOptions::default()
        .set_strict_mode(strict)
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize)
        .jpeg_set_out_colorspace(ColorSpace::RGB)
}

fn jpeg_decoder(
    path: &Path,
    strict: bool,
) -> Result<zune_jpeg::JpegDecoder<BufReader<File>>, ConvertError> {
    let mut d = zune_jpeg::JpegDecoder::new_with_options(open(path)?, jpeg_options(strict));
    d.decode_headers().map_err(jpeg_error)?;
    Ok(d)
}

fn orientation_of(exif: Option<&Vec<u8>>) -> Option<Orientation> {
    exif.and_then(|chunk| Orientation::from_exif_chunk(chunk))
        .filter(|o| *o != Orientation::NoTransforms)
}

fn image_format(format: MediaFormat) -> Result<ImageFormat, ConvertError> {
    match format {
        MediaFormat::Jpeg => Ok(ImageFormat::Jpeg),
        MediaFormat::Png => Ok(ImageFormat::Png),
        MediaFormat::Webp => Ok(ImageFormat::WebP),
        other => Err(ConvertError::Undecodable(format!(
            "{} is not an image",
            other.as_str()
        ))),
    }
}

/// A PNG or WebP decoder with the limits set (PNG checks them as it reads
/// the header, before any pixel buffer exists).
fn other_decoder(
    path: &Path,
    format: MediaFormat,
    max_bytes: u64,
) -> Result<impl ImageDecoder, ConvertError> {
    let mut reader = ImageReader::with_format(open(path)?, image_format(format)?);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(max_bytes);
    reader.limits(limits);
    reader.into_decoder().map_err(image_error)
}

/// Dimensions and rotation without decoding a pixel.
pub(crate) fn header(path: &Path, format: MediaFormat) -> Result<Header, ConvertError> {
    let (width, height, orientation) = if format == MediaFormat::Jpeg {
        let d = jpeg_decoder(path, false)?;
        let (w, h) = d
            .dimensions()
            .ok_or_else(|| ConvertError::Undecodable("no image header".into()))?;
        (w as u32, h as u32, orientation_of(d.exif()))
    } else {
        // No pixel buffer is allocated here; the limit bounds what the
        // header's chunks may take (text, ICC profile, EXIF).
        let mut d = other_decoder(path, format, HEADER_BYTES)?;
        let (w, h) = d.dimensions();
        let o = d
            .orientation()
            .ok()
            .filter(|o| *o != Orientation::NoTransforms);
        (w, h, o)
    };
    if width == 0 || height == 0 {
        return Err(ConvertError::Undecodable("the image has no pixels".into()));
    }
    Ok(Header {
        width,
        height,
        orientation,
    })
}

fn check_cost(
    width: u32,
    height: u32,
    bytes: u64,
    limits: DecodeLimits,
) -> Result<(), ConvertError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(ConvertError::OverLimit(format!(
            "{width}×{height} is over {} pixels",
            limits.max_pixels
        )));
    }
    if bytes > limits.max_bytes {
        return Err(ConvertError::OverLimit(format!(
            "{width}×{height} needs {bytes} bytes to decode, over {}",
            limits.max_bytes
        )));
    }
    Ok(())
}

/// What decoding costs beyond the output buffer: progressive JPEGs keep
/// every DCT coefficient (2 bytes per sample and component).
fn jpeg_cost(d: &zune_jpeg::JpegDecoder<BufReader<File>>) -> Result<(u32, u32, u64), ConvertError> {
    let info = d
        .info()
        .ok_or_else(|| ConvertError::Undecodable("no image header".into()))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let pixels = u64::from(w) * u64::from(h);
    let mut bytes = pixels * 3;
    if !info.sof.is_sequential_dct() {
        bytes += pixels * 2 * u64::from(info.components);
    }
    Ok((w, h, bytes))
}

fn decode_jpeg(path: &Path, limits: DecodeLimits) -> Result<Decoded, ConvertError> {
    let mut d = jpeg_decoder(path, true)?;
    let (w, h, bytes) = jpeg_cost(&d)?;
    check_cost(w, h, bytes, limits)?;
    let orientation = orientation_of(d.exif());
    let pixels = match d.decode() {
        Ok(p) => p,
        Err(e) if truncated(&e) => {
            return Err(ConvertError::Undecodable(format!(
                "the JPEG data ends early ({e:?})"
            )));
        }
        // A quirk strict mode refuses (stray bytes between markers…) in a
        // complete file: read it the way browsers do.
        Err(_) => {
            drop(d);
            jpeg_decoder(path, false)?.decode().map_err(jpeg_error)?
        }
    };
    let image = RgbImage::from_raw(w, h, pixels)
        .ok_or_else(|| ConvertError::Undecodable("the JPEG decoded to the wrong size".into()))?;
    Ok(Decoded {
        image: DynamicImage::ImageRgb8(image),
        orientation,
    })
}

/// Errors that mean the data stopped before the picture did.
fn truncated(e: &DecodeErrors) -> bool {
    match e {
        DecodeErrors::ExhaustedData | DecodeErrors::IoErrors(_) => true,
        DecodeErrors::FormatStatic(m) => m.to_ascii_lowercase().contains("premature"),
        DecodeErrors::Format(m) => m.to_ascii_lowercase().contains("premature"),
        _ => false,
    }
}

/// Decodes the whole image, refusing it when it is over `limits` (checked
/// from the header) or damaged anywhere.
pub(crate) fn decode(
    path: &Path,
    format: MediaFormat,
    limits: DecodeLimits,
) -> Result<Decoded, ConvertError> {
    if format == MediaFormat::Jpeg {
        return decode_jpeg(path, limits);
    }
    let mut d = other_decoder(path, format, limits.max_bytes)?;
    let (w, h) = d.dimensions();
    // WebP decodes through an intermediate frame (YUV planes or an RGBA
    // copy) as large as the output again.
    let extra = if format == MediaFormat::Webp {
        u64::from(w) * u64::from(h) * 4
    } else {
        0
    };
    check_cost(w, h, d.total_bytes().saturating_add(extra), limits)?;
    let orientation = d
        .orientation()
        .ok()
        .filter(|o| *o != Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(d).map_err(image_error)?;
    Ok(Decoded { image, orientation })
}
