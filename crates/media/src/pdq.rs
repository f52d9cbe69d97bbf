//! PDQ, Meta's perceptual hash, computed as the reference does it, bit for bit.
//!
//! Written from the published description (`pdq/README.md` in facebook/ThreatExchange and the hashing paper it
//! links, "The TMK+PDQF and PDQ algorithms"), and checked bit for bit, hash and quality, against PyPI's `pdqhash`
//! 0.2.8, which wraps Meta's C++ `pdqHash256FromFloatLuma` (see `tests/vectors/`). The steps:
//!
//! 1. luma of every pixel, `0.299 R + 0.587 G + 0.114 B`, computed in `f64` and stored as `f32` (what the
//!    `pdqhash` wrapper hands the C++);
//! 2. on the full-size image (never a 512-px nearest-neighbour shortcut), a Jarosz filter: a box filter of
//!    `ceil(n / 128)` pixels along the rows, then along the columns, twice (a tent-like blur), in `f32`;
//! 3. decimation to 64×64 by taking the pixel at the centre of each 64th (a 64×64 image is taken as it is);
//! 4. the quality, from the 64×64 image's gradients: each neighbour difference scaled to 0..100 and truncated to
//!    an integer, their absolute values summed, divided by 90, capped at 100;
//! 5. a 2-D DCT keeping the 16×16 lowest frequencies after the constant one (a 16×64 matrix, `f32`);
//! 6. one bit per coefficient: set when it is above the median of the 256 (Torben's median, exactly the
//!    reference's choice when values repeat).
//!
//! The arithmetic is `f32` where the reference's is and in the same order, so the result does not depend on
//! where it runs (natively for `tapis hash`, in wasm in the app's worker). Images narrower or shorter than 5
//! pixels hash to all zeros with quality 0, as in the reference.

use crate::decode::{DecodeError, decode_rgb};
use crate::hash::Pdq;

/// An image's PDQ hash, its quality (0..=100; lists usually ignore hashes below 50) and the size hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hashed {
    pub pdq: Pdq,
    pub quality: u8,
    pub width: u32,
    pub height: u32,
}

/// The smallest width and height the reference hashes; smaller images get the zero hash and quality 0.
pub const MIN_HASHABLE_DIM: u32 = 5;

/// Decodes a JPEG or PNG (see [`decode_rgb`]) and hashes its stored pixels.
pub fn hash_image(bytes: &[u8]) -> Result<Hashed, DecodeError> {
    let image = decode_rgb(bytes)?;
    Ok(hash_rgb(&image.rgb, image.width, image.height))
}

/// Hashes an RGB8 image, row-major, three bytes a pixel, `width * height * 3` bytes.
///
/// # Panics
/// If `rgb` is shorter than `width * height * 3` bytes.
pub fn hash_rgb(rgb: &[u8], width: u32, height: u32) -> Hashed {
    let pixels = width as usize * height as usize;
    assert!(rgb.len() >= pixels * 3, "hash_rgb: {width}×{height} needs {} bytes, got {}", pixels * 3, rgb.len());
    let luma: Vec<f32> = rgb[..pixels * 3]
        .chunks_exact(3)
        .map(|p| (f64::from(p[0]) * 0.299 + f64::from(p[1]) * 0.587 + f64::from(p[2]) * 0.114) as f32)
        .collect();
    let (pdq, quality) = hash_luma(luma, width as usize, height as usize);
    Hashed { pdq, quality, width, height }
}

/// Hashes a luma image (`cols * rows` values, row-major), as the reference's `pdqHash256FromFloatLuma`.
fn hash_luma(mut luma: Vec<f32>, cols: usize, rows: usize) -> (Pdq, u8) {
    if rows < MIN_HASHABLE_DIM as usize || cols < MIN_HASHABLE_DIM as usize {
        return (Pdq::default(), 0);
    }
    let mut small = [[0f32; 64]; 64];
    if rows == 64 && cols == 64 {
        for (i, row) in small.iter_mut().enumerate() {
            row.copy_from_slice(&luma[i * 64..i * 64 + 64]);
        }
    } else {
        let along_rows = jarosz_window(cols);
        let along_cols = jarosz_window(rows);
        let mut scratch = vec![0f32; luma.len()];
        for _ in 0..2 {
            box_rows(&luma, &mut scratch, cols, along_rows);
            box_cols(&scratch, &mut luma, cols, along_cols);
        }
        for (i, row) in small.iter_mut().enumerate() {
            let from_row = ((i as f64 + 0.5) * rows as f64 / 64.0) as usize;
            for (j, value) in row.iter_mut().enumerate() {
                let from_col = ((j as f64 + 0.5) * cols as f64 / 64.0) as usize;
                *value = luma[from_row * cols + from_col];
            }
        }
    }
    let quality = quality(&small);
    let dct = dct_16x16(&small);
    (bits_above_median(&dct), quality)
}

/// The box filter's width for shrinking `old` pixels to 64: `(old + 127) / 128`, as the reference computes it.
fn jarosz_window(old: usize) -> usize {
    old.div_ceil(2 * 64)
}

/// The four phases of the reference's running box sum over one line of `n` values: how many values are added
/// before the first output, while the window grows, while it slides, and while it shrinks at the end.
struct BoxPhases {
    lead: usize,
    grow: usize,
    slide: usize,
    shrink: usize,
}

impl BoxPhases {
    fn new(n: usize, window: usize) -> BoxPhases {
        let half = (window + 2) / 2;
        BoxPhases { lead: half - 1, grow: window - half + 1, slide: n.saturating_sub(window), shrink: half - 1 }
    }
}

/// One line: the mean of the values in a window centred (to the right, for even windows) on each value, the
/// window cut at the ends, sums kept in `f32` as the reference keeps them.
fn box_row(input: &[f32], output: &mut [f32], window: usize) {
    let phases = BoxPhases::new(input.len(), window);
    let (mut left, mut right, mut out) = (0, 0, 0);
    let mut sum = 0f32;
    let mut count = 0usize;
    for _ in 0..phases.lead {
        sum += input[right];
        count += 1;
        right += 1;
    }
    for _ in 0..phases.grow {
        sum += input[right];
        count += 1;
        output[out] = sum / count as f32;
        right += 1;
        out += 1;
    }
    for _ in 0..phases.slide {
        sum += input[right];
        sum -= input[left];
        output[out] = sum / count as f32;
        left += 1;
        right += 1;
        out += 1;
    }
    for _ in 0..phases.shrink {
        sum -= input[left];
        count -= 1;
        output[out] = sum / count as f32;
        left += 1;
        out += 1;
    }
}

/// `box_row` on every row. Eight rows at a time, with eight running sums side by side: the same additions, in
/// the same order, for each row, but eight independent chains of them that
/// the processor overlaps, instead of one.
fn box_rows(input: &[f32], output: &mut [f32], cols: usize, window: usize) {
    const LANES: usize = 8;
    let phases = BoxPhases::new(cols, window);
    let mut in_groups = input.chunks_exact(cols * LANES);
    let mut out_groups = output.chunks_exact_mut(cols * LANES);
    for (input, output) in (&mut in_groups).zip(&mut out_groups) {
        let at = |lane: usize, i: usize| lane * cols + i;
        let mut sums = [0f32; LANES];
        let (mut left, mut right, mut out) = (0, 0, 0);
        let mut count = 0usize;
        for _ in 0..phases.lead {
            for (lane, sum) in sums.iter_mut().enumerate() {
                *sum += input[at(lane, right)];
            }
            count += 1;
            right += 1;
        }
        for _ in 0..phases.grow {
            count += 1;
            for (lane, sum) in sums.iter_mut().enumerate() {
                *sum += input[at(lane, right)];
                output[at(lane, out)] = *sum / count as f32;
            }
            right += 1;
            out += 1;
        }
        for _ in 0..phases.slide {
            for (lane, sum) in sums.iter_mut().enumerate() {
                *sum += input[at(lane, right)];
                *sum -= input[at(lane, left)];
                output[at(lane, out)] = *sum / count as f32;
            }
            left += 1;
            right += 1;
            out += 1;
        }
        for _ in 0..phases.shrink {
            count -= 1;
            for (lane, sum) in sums.iter_mut().enumerate() {
                *sum -= input[at(lane, left)];
                output[at(lane, out)] = *sum / count as f32;
            }
            left += 1;
            out += 1;
        }
    }
    let rest = in_groups.remainder().chunks_exact(cols).zip(out_groups.into_remainder().chunks_exact_mut(cols));
    for (input, output) in rest {
        box_row(input, output, window);
    }
}

/// The same filter down every column, all columns at once (one running sum per column, row by row, so that
/// memory is read in order); each column's additions are the ones `box_row` would make, in the same order.
fn box_cols(input: &[f32], output: &mut [f32], cols: usize, window: usize) {
    let rows = input.len() / cols;
    let phases = BoxPhases::new(rows, window);
    let row = |r: usize| &input[r * cols..r * cols + cols];
    let mut sums = vec![0f32; cols];
    let (mut left, mut right, mut out) = (0, 0, 0);
    let mut count = 0usize;
    let mut emit = |out: usize, sums: &[f32], count: usize| {
        for (o, s) in output[out * cols..out * cols + cols].iter_mut().zip(sums) {
            *o = s / count as f32;
        }
    };
    for _ in 0..phases.lead {
        sums.iter_mut().zip(row(right)).for_each(|(s, v)| *s += v);
        count += 1;
        right += 1;
    }
    for _ in 0..phases.grow {
        sums.iter_mut().zip(row(right)).for_each(|(s, v)| *s += v);
        count += 1;
        emit(out, &sums, count);
        right += 1;
        out += 1;
    }
    for _ in 0..phases.slide {
        sums.iter_mut().zip(row(right)).zip(row(left)).for_each(|((s, add), sub)| {
            *s += add;
            *s -= sub;
        });
        emit(out, &sums, count);
        left += 1;
        right += 1;
        out += 1;
    }
    for _ in 0..phases.shrink {
        sums.iter_mut().zip(row(left)).for_each(|(s, v)| *s -= v);
        count -= 1;
        emit(out, &sums, count);
        left += 1;
        out += 1;
    }
}

/// The reference's image-domain quality: every vertical and horizontal neighbour difference of the 64×64
/// image, as a percentage of 255 truncated to an integer (not summed as floats), summed, divided by 90.
fn quality(small: &[[f32; 64]; 64]) -> u8 {
    let step = |u: f32, v: f32| (((u - v) * 100.0) / 255.0) as i32;
    let mut sum = 0i32;
    for (upper, lower) in small.iter().zip(&small[1..]) {
        for (&u, &v) in upper.iter().zip(lower) {
            sum += step(u, v).abs();
        }
    }
    for row in small {
        for pair in row.windows(2) {
            sum += step(pair[0], pair[1]).abs();
        }
    }
    (sum / 90).min(100) as u8
}

/// The 16×64 DCT-II matrix: rows 1..=16 of the 64-point DCT, scaled by `sqrt(2 / 64)`, each entry computed in
/// `f64` and stored as `f32` as the reference does.
fn dct_matrix() -> Vec<f32> {
    let scale = (2.0f64 / 64.0).sqrt() as f32;
    let mut matrix = Vec::with_capacity(16 * 64);
    for i in 0..16usize {
        for j in 0..64usize {
            let angle = (std::f64::consts::PI / 2.0 / 64.0) * (i + 1) as f64 * (2 * j + 1) as f64;
            matrix.push((f64::from(scale) * angle.cos()) as f32);
        }
    }
    matrix
}

/// `D A Dᵀ`, with `D` the 16×64 DCT matrix and `A` the 64×64 image; sums in `f32`, in the reference's order.
fn dct_16x16(small: &[[f32; 64]; 64]) -> [[f32; 16]; 16] {
    let d = dct_matrix();
    let mut t = [[0f32; 64]; 16];
    for (i, t_row) in t.iter_mut().enumerate() {
        let d_row = &d[i * 64..i * 64 + 64];
        for (j, t_value) in t_row.iter_mut().enumerate() {
            let mut sum = 0f32;
            for (k, d_value) in d_row.iter().enumerate() {
                sum += d_value * small[k][j];
            }
            *t_value = sum;
        }
    }
    let mut b = [[0f32; 16]; 16];
    for (t_row, b_row) in t.iter().zip(b.iter_mut()) {
        for (j, b_value) in b_row.iter_mut().enumerate() {
            let d_row = &d[j * 64..j * 64 + 64];
            let mut sum = 0f32;
            for (t_value, d_value) in t_row.iter().zip(d_row) {
                sum += t_value * d_value;
            }
            *b_value = sum;
        }
    }
    b
}

/// Bit `16 i + j` is set when coefficient `(i, j)` is above the median. The reference stores bit `k` in its
/// 16-bit word `k / 16` and prints the words from the last to the first, so in the 64-hex text form (a 256-bit
/// number, most significant digit first) bit `k` is the number's bit `k`: word `3 - k / 64` of [`Pdq`], bit
/// `k % 64`.
fn bits_above_median(dct: &[[f32; 16]; 16]) -> Pdq {
    let values: Vec<f32> = dct.iter().flatten().copied().collect();
    let median = torben_median(&values);
    let mut pdq = Pdq::default();
    for (k, value) in values.iter().enumerate() {
        if *value > median {
            pdq.words[3 - k / 64] |= 1 << (k % 64);
        }
    }
    pdq
}

/// Torben's median (no sorting, no copy): bisect between the smallest and largest value, by counts. With an
/// even count it returns the lower middle value, as the reference does; the comparisons are the reference's, so
/// repeated values (a flat image) give the same median.
fn torben_median(m: &[f32]) -> f32 {
    let n = m.len();
    let half = n.div_ceil(2);
    let (mut min, mut max) = (m[0], m[0]);
    for &v in &m[1..] {
        if v < min {
            min = v;
        }
        if v > max {
            max = v;
        }
    }
    loop {
        let guess = (min + max) / 2.0;
        let (mut less, mut greater, mut equal) = (0, 0, 0);
        let (mut max_below, mut min_above) = (min, max);
        for &v in m {
            if v < guess {
                less += 1;
                if v > max_below {
                    max_below = v;
                }
            } else if v > guess {
                greater += 1;
                if v < min_above {
                    min_above = v;
                }
            } else {
                equal += 1;
            }
        }
        if less <= half && greater <= half {
            return if less >= half {
                max_below
            } else if less + equal >= half {
                guess
            } else {
                min_above
            };
        }
        if less > greater {
            max = max_below;
        } else {
            min = min_above;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_images_hash_to_zero_without_panicking() {
        for (w, h) in [(0, 0), (1, 1), (4, 100), (100, 4), (0, 7)] {
            let rgb = vec![200u8; w * h * 3];
            let hashed = hash_rgb(&rgb, w as u32, h as u32);
            assert_eq!(hashed.pdq, Pdq::default());
            assert_eq!(hashed.quality, 0);
        }
        // 5×5 is the smallest the reference hashes: it must not panic either.
        let rgb: Vec<u8> = (0..75u8).map(|v| v.wrapping_mul(37)).collect();
        hash_rgb(&rgb, 5, 5);
    }

    #[test]
    fn window_sizes_are_the_reference_ones() {
        assert_eq!(jarosz_window(1), 1);
        assert_eq!(jarosz_window(128), 1);
        assert_eq!(jarosz_window(129), 2);
        assert_eq!(jarosz_window(1280), 10);
    }

    #[test]
    fn torben_gives_the_lower_middle_value() {
        assert_eq!(torben_median(&[3.0, 1.0, 2.0, 4.0]), 2.0);
        assert_eq!(torben_median(&[5.0, 5.0, 5.0]), 5.0);
        assert_eq!(torben_median(&[1.0, 9.0, 2.0, 8.0, 3.0]), 3.0);
    }

    #[test]
    fn box_filter_matches_plain_means() {
        let input = [1.0f32, 2.0, 3.0, 4.0, 5.0];
        let mut output = [0f32; 5];
        box_row(&input, &mut output, 3);
        assert_eq!(output, [1.5, 2.0, 3.0, 4.0, 4.5]);
        let mut columns = [0f32; 5];
        box_cols(&input, &mut columns, 1, 3);
        assert_eq!(columns, output);
        // Eight rows at a time and the rows left over give what one row at a time gives.
        let image: Vec<f32> = (0..11 * 13).map(|v| ((v * 37) % 101) as f32 * 1.37).collect();
        let mut grouped = vec![0f32; image.len()];
        box_rows(&image, &mut grouped, 13, 4);
        for (row, grouped) in image.chunks(13).zip(grouped.chunks(13)) {
            let mut single = [0f32; 13];
            box_row(row, &mut single, 4);
            assert_eq!(grouped, single);
        }
    }
}
