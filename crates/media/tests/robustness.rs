//! What PDQ survives, on generated photo-like images: a JPEG re-encode at quality 70 and a rescale to half size
//! each stay within 16 of 256 bits, both together within 24 (a mosaic of flat tiles, PDQ's weak case, within
//! 40); different images are far apart. A 5% crop is measured and printed, never
//! asserted: PDQ does not survive crops (the grid of the 64×64 image moves), which is why lists hold hashes of
//! the images as shared, not of their parts.
//!
//! `cargo test -p tapis-media --test robustness -- --nocapture` prints every distance.

use image::codecs::jpeg::JpegEncoder;
use image::imageops::{FilterType, crop_imm, resize};
use image::{ExtendedColorType, RgbImage};
use tapis_media::{Hashed, hash_image, hash_rgb};

/// A small deterministic generator (64-bit LCG), so the images are the same everywhere.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}

fn clamp(v: f64) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

/// Photo-like scenes: a sky and a hill with grain, discs and boxes, text-like blocks, rings, a mosaic.
fn scenes() -> Vec<(&'static str, RgbImage)> {
    let (w, h) = (640u32, 480u32);
    let mut rng = Lcg(7);
    let mut out = Vec::new();

    let mut grain = Lcg(11);
    out.push((
        "landscape",
        RgbImage::from_fn(w, h, |x, y| {
            let (xf, yf) = (f64::from(x), f64::from(y));
            let n = f64::from(grain.below(13)) - 6.0;
            if (xf - 470.0).powi(2) + (yf - 100.0).powi(2) < 2500.0 {
                image::Rgb([255, 215, 90])
            } else if yf > 300.0 + 40.0 * (xf / 70.0).sin() {
                image::Rgb([clamp(60.0 + yf * 0.1 + n), clamp(120.0 + xf * 0.05 + n), clamp(40.0 + n)])
            } else {
                let sky = 255.0 - yf * 0.3;
                image::Rgb([clamp(sky * 0.55 + n), clamp(sky * 0.75 + n), clamp(sky + n)])
            }
        }),
    ));

    let discs: Vec<(f64, f64, f64, [u8; 3])> = (0..9)
        .map(|_| {
            let c = [rng.below(256) as u8, rng.below(256) as u8, rng.below(256) as u8];
            (f64::from(rng.below(w)), f64::from(rng.below(h)), f64::from(20 + rng.below(90)), c)
        })
        .collect();
    out.push((
        "discs",
        RgbImage::from_fn(w, h, |x, y| {
            let mut pixel = image::Rgb([235, 230, 220]);
            for (cx, cy, r, c) in &discs {
                if (f64::from(x) - cx).powi(2) + (f64::from(y) - cy).powi(2) < r * r {
                    pixel = image::Rgb(*c);
                }
            }
            pixel
        }),
    ));

    let mut page = RgbImage::from_pixel(w, h, image::Rgb([250, 250, 245]));
    for line in 0..18 {
        let top = 24 + line * 24;
        let mut left = 30;
        loop {
            let word = 14 + rng.below(60);
            if left + word > w - 30 {
                break;
            }
            for y in top..top + 13 {
                for x in left..left + word {
                    page.put_pixel(x, y, image::Rgb([30, 30, 40]));
                }
            }
            left += word + 8 + rng.below(6);
        }
    }
    out.push(("text", page));

    out.push((
        "rings",
        RgbImage::from_fn(w, h, |x, y| {
            let d = (f64::from(x) - 250.0).hypot(f64::from(y) - 260.0);
            let v = 128.0 + 100.0 * (d / 14.0).sin();
            image::Rgb([clamp(v), clamp(v * 0.8 + 20.0), clamp(255.0 - v)])
        }),
    ));

    let tiles: Vec<[u8; 3]> =
        (0..48).map(|_| [rng.below(256) as u8, rng.below(256) as u8, rng.below(256) as u8]).collect();
    out.push(("mosaic", RgbImage::from_fn(w, h, |x, y| image::Rgb(tiles[((y / 80) * 8 + x / 80) as usize]))));

    let mut grain = Lcg(23);
    out.push((
        "portrait",
        RgbImage::from_fn(h, w, |x, y| {
            let (xf, yf) = (f64::from(x), f64::from(y));
            let n = f64::from(grain.below(9)) - 4.0;
            let face = ((xf - 240.0) / 110.0).powi(2) + ((yf - 260.0) / 150.0).powi(2) < 1.0;
            let body = yf > 420.0 && (xf - 240.0).abs() < 60.0 + (yf - 420.0) * 0.8;
            if face {
                image::Rgb([clamp(225.0 - yf * 0.1 + n), clamp(180.0 + n), clamp(150.0 + n)])
            } else if body {
                image::Rgb([clamp(40.0 + n), clamp(60.0 + n), clamp(120.0 + n)])
            } else {
                image::Rgb([clamp(90.0 + xf * 0.2 + n), clamp(140.0 + n), clamp(90.0 + yf * 0.1 + n)])
            }
        }),
    ));
    out
}

fn hash(image: &RgbImage) -> Hashed {
    hash_rgb(image.as_raw(), image.width(), image.height())
}

fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode(image.as_raw(), image.width(), image.height(), ExtendedColorType::Rgb8)
        .unwrap();
    bytes
}

#[test]
fn reencoding_and_rescaling_stay_within_16_bits() {
    let mut worst = (0, 0, 0);
    for (name, image) in scenes() {
        let original = hash(&image);
        let reencoded = hash_image(&jpeg(&image, 70)).unwrap();
        let half = hash(&resize(&image, image.width() / 2, image.height() / 2, FilterType::Triangle));
        let twice =
            hash_image(&jpeg(&resize(&image, image.width() / 2, image.height() / 2, FilterType::CatmullRom), 70))
                .unwrap();
        let (d_jpeg, d_half, d_both) = (
            original.pdq.distance(&reencoded.pdq),
            original.pdq.distance(&half.pdq),
            original.pdq.distance(&twice.pdq),
        );
        println!(
            "{name}: quality {}, JPEG q70 {d_jpeg} bits, half size {d_half} bits, half size + JPEG q70 {d_both} bits",
            original.quality
        );
        if name == "mosaic" {
            // Flat tiles of random colours with hard edges: the energy is in a few coefficients and most of the
            // 256 sit near the median, so small changes flip them. The known weak case, bounded loosely.
            assert!(d_jpeg <= 40 && d_half <= 40 && d_both <= 40, "{name}: {d_jpeg} / {d_half} / {d_both} bits");
            continue;
        }
        // Both at once add up: within 24 bits, still well inside the usual match threshold of 31.
        assert!(d_jpeg <= 16 && d_half <= 16 && d_both <= 24, "{name}: {d_jpeg} / {d_half} / {d_both} bits");
        worst = (worst.0.max(d_jpeg), worst.1.max(d_half), worst.2.max(d_both));
    }
    println!("worst but the mosaic: re-encode {} bits, half size {} bits, both {} bits", worst.0, worst.1, worst.2);
}

#[test]
fn different_images_are_far_apart() {
    let hashes: Vec<(&str, Hashed)> = scenes().iter().map(|(name, image)| (*name, hash(image))).collect();
    let mut distances = Vec::new();
    for (i, (a, ha)) in hashes.iter().enumerate() {
        for (b, hb) in &hashes[i + 1..] {
            let d = ha.pdq.distance(&hb.pdq);
            println!("{a} vs {b}: {d} bits");
            distances.push(d);
        }
    }
    let min = *distances.iter().min().unwrap();
    let mean = distances.iter().sum::<u32>() as f64 / distances.len() as f64;
    println!("different images: min {min} bits, mean {mean:.1} bits");
    // Unrelated images sit around 128 bits (half the bits); the usual match threshold is 31.
    assert!(min > 64, "two different images only {min} bits apart");
    assert!((100.0..=156.0).contains(&mean), "mean distance {mean}");
}

#[test]
fn a_five_percent_crop_is_measured_not_asserted() {
    for (name, image) in scenes() {
        let (w, h) = (image.width(), image.height());
        let (dx, dy) = (w / 20, h / 20);
        let cropped = crop_imm(&image, dx, dy, w - dx, h - dy).to_image();
        let d = hash(&image).pdq.distance(&hash(&cropped).pdq);
        println!("{name}: 5% crop from the top left, {d} bits (PDQ does not survive crops; not asserted)");
    }
}
