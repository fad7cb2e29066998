//! An uploaded image decoded whole (so a damaged file is refused) and, when
//! the library asks, written as a JPEG of its layout: scaled down, turned
//! upright, transparent areas white, centred on a white canvas. Written to
//! a temporary file and renamed over the original.
//!
//! Memory: the decoded picture (bounded by the job's limits) plus one
//! scaling buffer; everything after scaling is at most Instagram's frame.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use fast_image_resize as fir;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, Rgb, RgbImage};
use socialflow_core::media::{ConvertError, ImageJob, ImageLayout};

use crate::decode::{Decoded, decode};

const QUALITY: u8 = 90;

/// Decodes the image within the job's limits and writes the JPEG it asks
/// for; the new size, or `None` when only the check was asked.
pub(crate) fn process(
    path: &Path,
    temp: &Path,
    job: &ImageJob,
) -> Result<Option<u64>, ConvertError> {
    let decoded = decode(path, job.format, job.limits)?;
    let Some(layout) = job.output else {
        return Ok(None);
    };
    let out = render(decoded, layout)?;
    write_jpeg(&out, path, temp).map(Some)
}

fn render(d: Decoded, layout: ImageLayout) -> Result<RgbImage, ConvertError> {
    use image::metadata::Orientation::*;
    let swaps = matches!(
        d.orientation,
        Some(Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    );
    // Scaled before it is turned, so only the small picture is rotated.
    let (w, h) = if swaps {
        (layout.height, layout.width)
    } else {
        (layout.width, layout.height)
    };
    let mut img = d.image;
    flatten_on_white_in_place(&mut img);
    if (img.width(), img.height()) != (w, h) {
        img = scale(img, w, h)?;
    }
    if let Some(o) = d.orientation {
        img.apply_orientation(o);
    }
    let rgb = img.to_rgb8();
    let (cw, ch) = layout.canvas;
    if (cw, ch) == (rgb.width(), rgb.height()) {
        return Ok(rgb);
    }
    let mut canvas = RgbImage::from_pixel(cw, ch, Rgb([255, 255, 255]));
    let x = cw.saturating_sub(rgb.width()) / 2;
    let y = ch.saturating_sub(rgb.height()) / 2;
    image::imageops::overlay(&mut canvas, &rgb, i64::from(x), i64::from(y));
    Ok(canvas)
}

/// Transparent pixels become white (JPEG has no alpha), in the decoded
/// buffer itself: compositing first equals compositing after scaling, and
/// needs no second full-size buffer.
fn flatten_on_white_in_place(img: &mut DynamicImage) {
    fn blend8(c: u8, a: u8) -> u8 {
        let (c, a) = (u32::from(c), u32::from(a));
        ((c * a + 255 * (255 - a) + 127) / 255) as u8
    }
    fn blend16(c: u16, a: u16) -> u16 {
        let (c, a) = (u64::from(c), u64::from(a));
        ((c * a + 65535 * (65535 - a) + 32767) / 65535) as u16
    }
    match img {
        DynamicImage::ImageRgba8(b) => b.pixels_mut().for_each(|p| {
            let a = p[3];
            p[0] = blend8(p[0], a);
            p[1] = blend8(p[1], a);
            p[2] = blend8(p[2], a);
            p[3] = 255;
        }),
        DynamicImage::ImageLumaA8(b) => b.pixels_mut().for_each(|p| {
            p[0] = blend8(p[0], p[1]);
            p[1] = 255;
        }),
        DynamicImage::ImageRgba16(b) => b.pixels_mut().for_each(|p| {
            let a = p[3];
            p[0] = blend16(p[0], a);
            p[1] = blend16(p[1], a);
            p[2] = blend16(p[2], a);
            p[3] = 65535;
        }),
        DynamicImage::ImageLumaA16(b) => b.pixels_mut().for_each(|p| {
            p[0] = blend16(p[0], p[1]);
            p[1] = 65535;
        }),
        _ => {}
    }
}

fn resize_error(e: impl std::fmt::Display) -> ConvertError {
    ConvertError::Io(format!("scaling failed: {e}"))
}

/// Lanczos scaling in the picture's own pixel type (no full-size copy to
/// convert it first). Its one intermediate buffer is the source's width by
/// the target's height.
fn scale(img: DynamicImage, w: u32, h: u32) -> Result<DynamicImage, ConvertError> {
    use fir::PixelType as P;
    let (sw, sh) = (img.width(), img.height());
    let kind = match &img {
        DynamicImage::ImageLuma8(_) => P::U8,
        DynamicImage::ImageLumaA8(_) => P::U8x2,
        DynamicImage::ImageRgb8(_) => P::U8x3,
        DynamicImage::ImageRgba8(_) => P::U8x4,
        DynamicImage::ImageLuma16(_) => P::U16,
        DynamicImage::ImageLumaA16(_) => P::U16x2,
        DynamicImage::ImageRgb16(_) => P::U16x3,
        DynamicImage::ImageRgba16(_) => P::U16x4,
        // Float images (none of our decoders make them): 8-bit first.
        other => {
            return scale(DynamicImage::ImageRgb8(other.to_rgb8()), w, h);
        }
    };
    let src = fir::images::ImageRef::new(sw, sh, img.as_bytes(), kind).map_err(resize_error)?;
    let mut dst = fir::images::Image::new(w, h, kind);
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3))
        .use_alpha(false);
    fir::Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(resize_error)?;
    drop(img);
    let bytes = dst.into_vec();
    let wrong = || ConvertError::Io("scaling produced the wrong size".into());
    let image = match kind {
        P::U8 => image::ImageBuffer::from_raw(w, h, bytes).map(DynamicImage::ImageLuma8),
        P::U8x2 => image::ImageBuffer::from_raw(w, h, bytes).map(DynamicImage::ImageLumaA8),
        P::U8x3 => image::ImageBuffer::from_raw(w, h, bytes).map(DynamicImage::ImageRgb8),
        P::U8x4 => image::ImageBuffer::from_raw(w, h, bytes).map(DynamicImage::ImageRgba8),
        _ => {
            let words: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_ne_bytes([c[0], c[1]]))
                .collect();
            match kind {
                P::U16 => image::ImageBuffer::from_raw(w, h, words).map(DynamicImage::ImageLuma16),
                P::U16x2 => {
                    image::ImageBuffer::from_raw(w, h, words).map(DynamicImage::ImageLumaA16)
                }
                P::U16x3 => image::ImageBuffer::from_raw(w, h, words).map(DynamicImage::ImageRgb16),
                _ => image::ImageBuffer::from_raw(w, h, words).map(DynamicImage::ImageRgba16),
            }
        }
    };
    image.ok_or_else(wrong)
}

fn write_jpeg(out: &RgbImage, path: &Path, temp: &Path) -> Result<u64, ConvertError> {
    let io = |e: std::io::Error| ConvertError::Io(e.to_string());
    if let Some(dir) = temp.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let result = (|| {
        let mut w = BufWriter::new(File::create(temp).map_err(io)?);
        JpegEncoder::new_with_quality(&mut w, QUALITY)
            .encode_image(out)
            .map_err(|e| ConvertError::Io(e.to_string()))?;
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(temp, path).map_err(io)?;
        Ok(std::fs::metadata(path).map_err(io)?.len())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    result
}
