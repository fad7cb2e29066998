//! PNG/WebP → JPEG, optionally centred on a white canvas of an allowed
//! aspect ratio. Written to a temporary file and renamed over the original.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, Rgb, RgbImage};
use socialflow_core::media::ConvertError;

const QUALITY: u8 = 90;

pub(crate) fn to_jpeg(
    path: &Path,
    temp: &Path,
    pad_to: Option<(u32, u32)>,
) -> Result<u64, ConvertError> {
    let io = |e: std::io::Error| ConvertError::Io(e.to_string());
    let reader = image::ImageReader::open(path)
        .map_err(io)?
        .with_guessed_format()
        .map_err(io)?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| ConvertError::Undecodable(e.to_string()))?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder)
        .map_err(|e| ConvertError::Undecodable(e.to_string()))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let rgb = flatten_on_white(&img);
    let out = match pad_to {
        Some((w, h)) if w >= rgb.width() && h >= rgb.height() => {
            let mut canvas = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
            let x = (w - rgb.width()) / 2;
            let y = (h - rgb.height()) / 2;
            image::imageops::overlay(&mut canvas, &rgb, i64::from(x), i64::from(y));
            canvas
        }
        _ => rgb,
    };
    if let Some(dir) = temp.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let result = (|| {
        let mut w = BufWriter::new(File::create(temp).map_err(io)?);
        JpegEncoder::new_with_quality(&mut w, QUALITY)
            .encode_image(&out)
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

/// Transparent pixels become white (JPEG has no alpha).
fn flatten_on_white(img: &DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        out.put_pixel(x, y, Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    out
}
