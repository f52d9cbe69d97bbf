//! Photos (issue 21): a generated photo to hash (a 1280×960 scene encoded as a JPEG at quality 87) and a hash
//! list of 1,000,000 hashes to match against (splitmix64 hashes from seed 21, with near queries and planted
//! neighbours). The same inputs serve the browser (`web/media.js`) and the native examples `pdq_bench` and
//! `hashlist_bench`, so that their figures compare.

use std::fmt::Write as _;
use std::hint::black_box;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, RgbImage};
use tapis_media::decode::Rgb;
use tapis_media::{Index, Pdq};

/// The photo's width and height (a Telegram photo's usual size).
pub const WIDTH: u32 = 1280;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 960;
/// Hashes in the list.
pub const LISTED: usize = 1_000_000;
/// Random and near queries generated (as `hashlist_bench` does; the page times a prefix of each).
pub const QUERIES: usize = 10_000;

/// `pdq_bench`'s scene: a sun, hills and a sky with grain, from a fixed seed.
pub fn scene(width: u32, height: u32) -> RgbImage {
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

/// The scene as a JPEG at quality 87, the bytes `pdq_bench` hashes.
pub fn jpeg() -> Vec<u8> {
    let image = scene(WIDTH, HEIGHT);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 87)
        .encode(image.as_raw(), WIDTH, HEIGHT, ExtendedColorType::Rgb8)
        .expect("encodes");
    jpeg
}

/// splitmix64, as `hashlist_bench` draws its hashes.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A random hash.
    pub fn pdq(&mut self) -> Pdq {
        Pdq { words: std::array::from_fn(|_| self.next_u64()) }
    }

    /// `hash` with exactly `bits` bits flipped.
    pub fn flip(&mut self, hash: &Pdq, bits: u32) -> Pdq {
        let mut out = *hash;
        while hash.distance(&out) < bits {
            let b = self.next_u64() as usize % 256;
            let bit = 1 << (b % 64);
            if (out.words[b / 64] ^ hash.words[b / 64]) & bit == 0 {
                out.words[b / 64] ^= bit;
            }
        }
        out
    }
}

/// `hashlist_bench`'s list and queries: [`LISTED`] random hashes and their list text (a label and a source on
/// every tenth line), [`QUERIES`] random queries (no match) and as many near ones (each 8 to 31 bits off a listed
/// hash), and for every tenth near query three listed neighbours more (4, 16 and 30 bits off it), appended to the
/// hashes after the text was written.
pub struct HashListInput {
    /// The list's text (the first [`LISTED`] hashes).
    pub text: String,
    /// The hashes indexed: the listed ones, then the planted neighbours.
    pub hashes: Vec<Pdq>,
    /// Queries within no listed hash's threshold (as far as chance goes).
    pub random: Vec<Pdq>,
    /// Queries 8 to 31 bits off a listed hash.
    pub near: Vec<Pdq>,
}

impl HashListInput {
    /// Generates it all, from seed 21.
    pub fn new() -> HashListInput {
        let mut rng = Rng(21);
        let mut hashes: Vec<Pdq> = (0..LISTED).map(|_| rng.pdq()).collect();
        let mut text = String::with_capacity(LISTED * 80);
        for (i, h) in hashes.iter().enumerate() {
            if i % 10 == 0 {
                writeln!(text, "{h}\tjudi banner {i}\tKomdigi").unwrap();
            } else {
                writeln!(text, "{h}").unwrap();
            }
        }
        let random: Vec<Pdq> = (0..QUERIES).map(|_| rng.pdq()).collect();
        let near: Vec<Pdq> = (0..QUERIES)
            .map(|_| {
                let (listed, bits) = (hashes[rng.next_u64() as usize % LISTED], 8 + (rng.next_u64() % 24) as u32);
                rng.flip(&listed, bits)
            })
            .collect();
        for q in near.iter().step_by(10) {
            for d in [4, 16, 30] {
                hashes.push(rng.flip(q, d));
            }
        }
        HashListInput { text, hashes, random, near }
    }
}

impl Default for HashListInput {
    fn default() -> HashListInput {
        HashListInput::new()
    }
}

/// Matches of query `i` of `queries` at `threshold`, `reps` times over (a query takes less than the browser's
/// clock resolution, 100 µs outside a cross-origin isolated page: the page times the repetitions and divides);
/// returns the matches of one run.
pub fn match_repeated(index: &Index, queries: &[Pdq], i: usize, threshold: u32, reps: u32) -> usize {
    let mut found = 0;
    for _ in 0..reps.max(1) {
        found = black_box(index.matches(&queries[i], threshold)).len();
    }
    found
}

/// Decodes the JPEG (the timed step of [`crate::MediaBench::decode`]).
pub fn decode(jpeg: &[u8]) -> Rgb {
    tapis_media::decode_rgb(jpeg).expect("the generated JPEG decodes")
}
