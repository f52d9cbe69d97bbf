//! Decoding an export's photos (JPEG, PNG) to RGB8, in pure Rust, the same natively and in wasm.
//!
//! The stored pixels are decoded as they are: no EXIF orientation is applied (the reference hashes the stored
//! pixels; a list built from another tool's hashes of the same file matches), no colour management, and an
//! alpha channel is dropped, not composited (what the reference's RGB path gets from an RGBA image: Pillow's
//! `convert("RGB")`, the C++ tool's first three channels). Grey images are spread to three equal channels, and
//! 16-bit PNGs are reduced to 8 bits.

use image::codecs::jpeg::JpegDecoder;
use image::codecs::png::PngDecoder;
use image::{ColorType, ImageDecoder, ImageError, Limits};
use std::io::Cursor;

/// The most pixels decoded: 50 megapixels (an 8192×6144 photo), refused from the header before any pixel
/// buffer is allocated. Telegram stores photos at most 2560 pixels on the long side.
pub const MAX_PIXELS: u64 = 50_000_000;

/// An image decoded to RGB8, row-major, three bytes a pixel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rgb {
    pub rgb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Why an image is not decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Another format than JPEG or PNG (a WebP sticker, an animated sticker, a video), named when recognised.
    #[error("unsupported image format: {0} (only JPEG and PNG are decoded)")]
    Unsupported(&'static str),
    /// A JPEG or PNG that cannot be decoded: truncated, or damaged.
    #[error("corrupt {format} image: {message}")]
    Corrupt { format: &'static str, message: String },
    /// Larger than [`MAX_PIXELS`], refused from the header.
    #[error("image too large: {width}×{height} pixels is over the limit of 50 megapixels")]
    TooLarge { width: u32, height: u32 },
}

/// The format an image's first bytes announce, by name, or `None` when unknown.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let brand = bytes.get(8..12);
    Some(match () {
        _ if starts(&[0xFF, 0xD8, 0xFF]) => "JPEG",
        _ if starts(b"\x89PNG\r\n\x1a\n") => "PNG",
        _ if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") => "WebP (a sticker?)",
        _ if starts(b"GIF8") => "GIF",
        _ if starts(b"BM") => "BMP",
        _ if starts(b"II*\0") || starts(b"MM\0*") => "TIFF",
        _ if bytes.get(4..8) == Some(b"ftyp") && matches!(brand, Some(b"avif" | b"avis")) => "AVIF",
        _ if bytes.get(4..8) == Some(b"ftyp") && matches!(brand, Some(b"heic" | b"heix" | b"mif1" | b"msf1")) => {
            "HEIC/HEIF"
        }
        _ if bytes.get(4..8) == Some(b"ftyp") => "MP4/QuickTime video",
        _ if starts(&[0x1A, 0x45, 0xDF, 0xA3]) => "WebM/Matroska video (a video sticker?)",
        _ if starts(&[0x1F, 0x8B]) => "gzip (a TGS animated sticker?)",
        _ if starts(b"%PDF") => "PDF",
        _ => return None,
    })
}

/// Decodes a JPEG or PNG to RGB8 (see the module's notes on orientation and alpha).
pub fn decode_rgb(bytes: &[u8]) -> Result<Rgb, DecodeError> {
    match sniff(bytes) {
        Some("JPEG") => {
            jpeg_runs_to_its_end(bytes)
                .map_err(|message| DecodeError::Corrupt { format: "JPEG", message: message.into() })?;
            let decoder = JpegDecoder::new(Cursor::new(bytes)).map_err(|e| corrupt("JPEG", e))?;
            decode_with(decoder, "JPEG")
        }
        Some("PNG") => {
            let decoder = PngDecoder::new(Cursor::new(bytes)).map_err(|e| corrupt("PNG", e))?;
            decode_with(decoder, "PNG")
        }
        Some(other) => Err(DecodeError::Unsupported(other)),
        None if bytes.is_empty() => Err(DecodeError::Unsupported("an empty file")),
        None => Err(DecodeError::Unsupported("not a known image format")),
    }
}

/// Whether a JPEG's segments and scans run to its end-of-image marker. The decoder fills what a truncated file
/// lacks with grey and reports nothing, which hashes to something else altogether (a photo cut at 99% of its bytes
/// was 40 to 80 bits from its hash); Pillow, through which the reference is usually fed, refuses such a file
/// ("image file is truncated"), and so do we. Markers are followed from the start, so the end marker of a
/// thumbnail inside an EXIF segment is not taken for the image's. Bytes after the end marker are allowed.
fn jpeg_runs_to_its_end(bytes: &[u8]) -> Result<(), &'static str> {
    const TRUNCATED: &str = "truncated: the file ends before the image does";
    let next_ff =
        |from: usize| bytes.get(from..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)).map(|p| from + p);
    // After the start-of-image marker.
    let mut at = 2;
    loop {
        // The next marker: stray bytes before it are skipped (as libjpeg does, with a warning), fill bytes too.
        at = next_ff(at).ok_or(TRUNCATED)?;
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at).ok_or(TRUNCATED)?;
        at += 1;
        match marker {
            0xD9 => return Ok(()),
            // Markers without a length: restarts, TEM, a stray start of image.
            0xD0..=0xD8 | 0x01 => {}
            _ => {
                let length =
                    bytes.get(at..at + 2).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))).ok_or(TRUNCATED)?;
                if length < 2 {
                    return Err("a segment's length is less than 2");
                }
                at += length;
                if at > bytes.len() {
                    return Err(TRUNCATED);
                }
                if marker == 0xDA {
                    // A scan's entropy-coded data, up to the next marker that is neither a stuffed 0xFF nor a restart.
                    loop {
                        at = next_ff(at).ok_or(TRUNCATED)?;
                        match bytes.get(at + 1).ok_or(TRUNCATED)? {
                            0x00 | 0xD0..=0xD7 => at += 2,
                            _ => break,
                        }
                    }
                }
            }
        }
    }
}

fn decode_with(mut decoder: impl ImageDecoder, format: &'static str) -> Result<Rgb, DecodeError> {
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(DecodeError::TooLarge { width, height });
    }
    let mut limits = Limits::default();
    // The decoded image (at most 8 bytes a pixel, 16-bit RGBA) and the decoder's own buffers.
    limits.max_alloc = Some(MAX_PIXELS * 8 + (64 << 20));
    decoder.set_limits(limits).map_err(|e| corrupt(format, e))?;
    let color = decoder.color_type();
    let mut raw = vec![0u8; decoder.total_bytes() as usize];
    decoder.read_image(&mut raw).map_err(|e| match e {
        ImageError::Limits(_) => DecodeError::TooLarge { width, height },
        e => corrupt(format, e),
    })?;
    // To RGB8 here rather than through `DynamicImage`, whose conversions between every pair of pixel types
    // would weigh on the worker's wasm: grey spread to three channels, alpha dropped, 16 bits rounded to 8.
    let rgb = match color {
        ColorType::Rgb8 => raw,
        ColorType::Rgba8 => raw.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect(),
        ColorType::L8 => raw.iter().flat_map(|&v| [v, v, v]).collect(),
        ColorType::La8 => raw.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0]]).collect(),
        ColorType::Rgb16 | ColorType::Rgba16 | ColorType::L16 | ColorType::La16 => {
            let to8 = |pair: &[u8]| ((u32::from(u16::from_ne_bytes([pair[0], pair[1]])) * 255 + 32_895) >> 16) as u8;
            let channels = usize::from(color.channel_count());
            raw.chunks_exact(channels * 2)
                .flat_map(|p| {
                    let v = |c: usize| to8(&p[c * 2..c * 2 + 2]);
                    if channels >= 3 { [v(0), v(1), v(2)] } else { [v(0), v(0), v(0)] }
                })
                .collect()
        }
        other => {
            return Err(DecodeError::Corrupt { format, message: format!("unsupported pixel type {other:?}") });
        }
    };
    debug_assert_eq!(rgb.len() as u64, pixels * 3);
    Ok(Rgb { rgb, width, height })
}

fn corrupt(format: &'static str, error: ImageError) -> DecodeError {
    match error {
        ImageError::Unsupported(e) => DecodeError::Corrupt { format, message: format!("unsupported variant: {e}") },
        e => DecodeError::Corrupt { format, message: e.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_formats_are_named() {
        let webp = b"RIFF\x10\0\0\0WEBPVP8 ";
        assert_eq!(decode_rgb(webp), Err(DecodeError::Unsupported("WebP (a sticker?)")));
        assert_eq!(
            decode_rgb(webp).unwrap_err().to_string(),
            "unsupported image format: WebP (a sticker?) (only JPEG and PNG are decoded)"
        );
        assert_eq!(decode_rgb(b"GIF89a...."), Err(DecodeError::Unsupported("GIF")));
        assert_eq!(decode_rgb(b""), Err(DecodeError::Unsupported("an empty file")));
        assert_eq!(decode_rgb(b"hello"), Err(DecodeError::Unsupported("not a known image format")));
    }

    #[test]
    fn truncated_files_are_corrupt() {
        let e = decode_rgb(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]).unwrap_err();
        assert!(matches!(e, DecodeError::Corrupt { format: "JPEG", .. }), "{e}");
        let e = decode_rgb(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert!(matches!(e, DecodeError::Corrupt { format: "PNG", .. }), "{e}");
    }

    fn vector(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(name)).unwrap()
    }

    const JPEGS: [&str; 4] = [
        "vectors/photo_640x480.jpg",
        "vectors/tiles_200x150.jpg",
        "vectors/grey_rings_320x240.jpg",
        // Pillow 13 re-encoding vectors/photo_640x480.jpg at 160×120, quality 80, progressive=True: 10 scans.
        "progressive_160x120.jpg",
    ];

    #[test]
    fn a_jpeg_cut_anywhere_is_refused_as_truncated_never_filled_in() {
        for name in JPEGS {
            let bytes = vector(name);
            assert!(decode_rgb(&bytes).is_ok(), "{name}");
            // Every cut from inside the first segment to the end marker itself.
            for end in 4..bytes.len() - 1 {
                match decode_rgb(&bytes[..end]) {
                    Err(DecodeError::Corrupt { format: "JPEG", .. }) => {}
                    other => panic!("{name} cut at {end} of {}: {:?}", bytes.len(), other.map(|i| i.width)),
                }
            }
            let e = decode_rgb(&bytes[..bytes.len() * 99 / 100]).unwrap_err();
            assert_eq!(e.to_string(), "corrupt JPEG image: truncated: the file ends before the image does");
        }
    }

    #[test]
    fn a_jpeg_with_bytes_after_its_end_is_decoded_as_without_them() {
        for name in JPEGS {
            let bytes = vector(name);
            let mut trailing = bytes.clone();
            trailing.extend_from_slice(b"\0\0 appended by a phone \xFF\xD8");
            assert_eq!(decode_rgb(&trailing), decode_rgb(&bytes), "{name}");
        }
    }

    #[test]
    fn the_end_of_a_thumbnail_in_its_exif_is_not_the_end_of_the_photo() {
        let photo = vector("vectors/photo_640x480.jpg");
        let thumbnail = vector("vectors/tiles_200x150.jpg");
        // An APP1 segment holding a whole JPEG (as EXIF carries a thumbnail), right after the start of image.
        let mut with_exif = photo[..2].to_vec();
        with_exif.extend_from_slice(&[0xFF, 0xE1]);
        with_exif.extend_from_slice(&u16::try_from(thumbnail.len() + 2).unwrap().to_be_bytes());
        with_exif.extend_from_slice(&thumbnail);
        with_exif.extend_from_slice(&photo[2..]);
        assert_eq!(decode_rgb(&with_exif), decode_rgb(&photo));
        let cut = &with_exif[..with_exif.len() - photo.len() / 2];
        assert!(matches!(decode_rgb(cut), Err(DecodeError::Corrupt { format: "JPEG", .. })));
    }

    #[test]
    fn huge_images_are_refused_from_the_header() {
        // A PNG claiming 10000×10000 pixels, with no pixel data: refused before allocating.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        let ihdr = [&10000u32.to_be_bytes()[..], &10000u32.to_be_bytes()[..], &[8, 2, 0, 0, 0]].concat();
        let mut crc_input = b"IHDR".to_vec();
        crc_input.extend_from_slice(&ihdr);
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        // An empty IDAT: the decoder reads the header up to the first image data.
        png.extend_from_slice(b"\0\0\0\0IDAT");
        png.extend_from_slice(&crc32(b"IDAT").to_be_bytes());
        assert_eq!(decode_rgb(&png), Err(DecodeError::TooLarge { width: 10000, height: 10000 }));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
