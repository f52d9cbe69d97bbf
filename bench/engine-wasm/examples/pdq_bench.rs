//! `make bench`: PDQ natively on a generated 1280×960 JPEG (a Telegram photo's usual size), decode and hash
//! timed separately, the median of N runs. The photo is `media::jpeg`'s, the one `web/media.js` hashes in the
//! browser.
//!
//! `cargo run --release -q -p tapis-bench-wasm --example pdq_bench [N]` (N = 25 by default).

use std::time::{Duration, Instant};

use tapis_bench_wasm::media::{HEIGHT, WIDTH, jpeg};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(25);
    let jpeg = jpeg();

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
        "PDQ natively, {WIDTH}×{HEIGHT} JPEG ({} KB), median of {runs}: decode {}, hash {}, decode + hash {} (hash {} quality {})",
        jpeg.len() / 1024,
        ms(median(decode)),
        ms(median(hash)),
        ms(median(both)),
        hashed.pdq,
        hashed.quality
    );
}
