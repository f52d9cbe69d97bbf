//! `make bench`: PDQ natively on a generated 1280×960 JPEG (a Telegram photo's usual size), decode and hash
//! timed separately, the median of N runs.
//!
//! `cargo run --release -q -p tapis-media --example pdq_bench [N]` (N = 25 by default).

use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, RgbImage};

fn scene(width: u32, height: u32) -> RgbImage {
    let mut seed = 1u64;
    RgbImage::from_fn(width, height, |x, y| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let grain = ((seed >> 59) as f64) - 16.0;
        let (xf, yf) = (f64::from(x), f64::from(y));
        let v = |base: f64| (base + grain).clamp(0.0, 255.0) as u8;
        if (xf - 900.0).powi(2) + (yf - 220.0).powi(2) < 120.0f64.powi(2) {
            image::Rgb([v(250.0), v(210.0), v(90.0)])
        } else if yf > 600.0 + 80.0 * (xf / 140.0).sin() {
            image::Rgb([v(60.0 + yf * 0.05), v(120.0 + xf * 0.03), v(40.0)])
        } else {
            let sky = 255.0 - yf * 0.15;
            image::Rgb([v(sky * 0.55), v(sky * 0.75), v(sky)])
        }
    })
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(25);
    let image = scene(1280, 960);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 87)
        .encode(image.as_raw(), 1280, 960, ExtendedColorType::Rgb8)
        .expect("encodes");

    let (mut decode, mut hash, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let rgb = tapis_media::decode_rgb(&jpeg).expect("decodes");
        let decoded = Instant::now();
        let hashed = tapis_media::hash_rgb(&rgb.rgb, rgb.width, rgb.height);
        let done = Instant::now();
        decode.push(decoded - start);
        hash.push(done - decoded);
        both.push(done - start);
        last = Some(hashed);
    }
    let hashed = last.expect("at least one run");
    println!(
        "PDQ natively, 1280×960 JPEG ({} KB), median of {runs}: decode {}, hash {}, decode + hash {} (hash {} quality {})",
        jpeg.len() / 1024,
        ms(median(decode)),
        ms(median(hash)),
        ms(median(both)),
        hashed.pdq,
        hashed.quality
    );
}
