//! Matching an image's hash against hash lists: every listed hash within a Hamming distance, fast for 1,000,000
//! listed hashes (issue 21: under 5 ms an image in the browser's worker).
//!
//! Multi-index hashing (Norouzi, Punjani and Fleet, "Fast search in Hamming space with multi-index hashing",
//! CVPR 2012): the 256 bits are cut into 16 chunks of 16 bits. If two hashes are within distance `t`, by the
//! pigeonhole principle one of their 16 chunks is within `t / 16` bits (rounded down): were every chunk `t / 16 + 1`
//! or more bits apart, the whole would be `16 × (t / 16 + 1) > t`. So for each chunk the index keeps the listed
//! hashes sorted by that chunk's value (a bucket table: 65,537 offsets and the ids, no hash map), a query looks up
//! every chunk value within `t / 16` bits of its own chunk (17 values a chunk at the default threshold of 31), and
//! each hash found is checked with its full distance. A hash found through several chunks is reported through the
//! first of them only (its earlier chunks are checked, which needs no memory of what was seen, so matching takes
//! `&self`). Where looking up buckets would cost more than reading every hash (with 1,000,000 hashes, thresholds
//! of 48 and above; with fewer, lower ones), the index reads every hash instead.
//!
//! Memory: 32 bytes a hash, 64 bytes of ids a hash (16 chunks of a `u32`), and 16 × 65,537 offsets of 4 bytes
//! (4.2 MB): 100 MB for 1,000,000 hashes ([`Index::memory`]).
//!
//! Speed (`hashlist_bench`, natively, on 2 cores shared with other builds): 1,003,000 hashes indexed in ~0.2 s; a
//! query at the default threshold of 31 in ~0.25 ms (median; ~4,200 candidates read, each a cache miss), at 47 in
//! ~2 ms, at 63 (every hash read) in ~3.7 ms.
//!
//! ```
//! use tapis_media::hashlist::parse;
//! use tapis_media::index::{DEFAULT_THRESHOLD, Index};
//! use tapis_media::Pdq;
//!
//! let list = parse("judi", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\tbanner\n").list;
//! let index = Index::new([&list]);
//! let image: Pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b25".parse().unwrap();
//! let matches = index.matches(&image, DEFAULT_THRESHOLD);
//! assert_eq!((matches[0].list, matches[0].entry, matches[0].distance), (0, 0, 3));
//! ```

use crate::hash::Pdq;
use crate::hashlist::HashList;

/// The distance (bits of 256, inclusive) within which an image matches a listed hash, unless configured otherwise:
/// ThreatExchange's (python-threatexchange's PDQ signal, `PDQ_CONFIDENT_MATCH_THRESHOLD`).
pub const DEFAULT_THRESHOLD: u32 = 31;

/// Chunks a hash is cut into.
const CHUNKS: usize = 16;
/// Values a 16-bit chunk takes.
const VALUES: usize = 1 << 16;

/// A listed hash within the threshold of a query: the list (its position among those the index was built from),
/// the entry (its position in that list's entries), and the distance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    pub list: usize,
    pub entry: usize,
    pub distance: u32,
}

/// An index over the hashes of one or more lists, for matching by Hamming distance.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Every listed hash, the lists one after another; a hash's id is its position here.
    hashes: Vec<Pdq>,
    /// Where each list starts in `hashes`.
    starts: Vec<usize>,
    /// For chunk `c`, `offsets[c * (VALUES + 1) + v]` is where the ids with chunk value `v` start in chunk `c`'s ids.
    offsets: Vec<u32>,
    /// For chunk `c`, `ids[c * n..(c + 1) * n]` are the ids sorted by their chunk value (stable: by id within a
    /// value).
    ids: Vec<u32>,
}

impl Index {
    /// Indexes the entries of the lists; a [`Match`] names a list by its position among them.
    pub fn new<'a>(lists: impl IntoIterator<Item = &'a HashList>) -> Index {
        let mut hashes = Vec::new();
        let mut starts = Vec::new();
        for list in lists {
            starts.push(hashes.len());
            hashes.extend(list.hashes());
        }
        Index::build(hashes, starts)
    }

    /// Indexes bare hashes, as one list (list 0, the entry being the hash's position).
    pub fn from_hashes(hashes: &[Pdq]) -> Index {
        Index::build(hashes.to_vec(), vec![0])
    }

    fn build(hashes: Vec<Pdq>, starts: Vec<usize>) -> Index {
        let n = hashes.len();
        assert!(u32::try_from(n).is_ok(), "an index holds at most 2^32 - 1 hashes");
        let mut offsets = vec![0u32; CHUNKS * (VALUES + 1)];
        let mut ids = vec![0u32; CHUNKS * n];
        for c in 0..CHUNKS {
            // A counting sort of the ids by chunk value.
            let offsets = &mut offsets[c * (VALUES + 1)..(c + 1) * (VALUES + 1)];
            for hash in &hashes {
                offsets[chunk(hash, c) as usize + 1] += 1;
            }
            for v in 0..VALUES {
                offsets[v + 1] += offsets[v];
            }
            let mut next = offsets[..VALUES].to_vec();
            let ids = &mut ids[c * n..(c + 1) * n];
            for (id, hash) in hashes.iter().enumerate() {
                let slot = &mut next[chunk(hash, c) as usize];
                ids[*slot as usize] = id as u32;
                *slot += 1;
            }
        }
        Index { hashes, starts, offsets, ids }
    }

    /// Number of hashes indexed.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// No hash is indexed.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Bytes the index holds (its vectors' contents): about 100 bytes a hash, plus 4.2 MB.
    pub fn memory(&self) -> usize {
        size_of_val(&self.hashes[..])
            + size_of_val(&self.starts[..])
            + size_of_val(&self.offsets[..])
            + size_of_val(&self.ids[..])
    }

    /// Every indexed hash within `threshold` bits of `query` (inclusive), nearest first (then by list and entry).
    pub fn matches(&self, query: &Pdq, threshold: u32) -> Vec<Match> {
        let mut found = Vec::new();
        self.within(query, threshold, |id, distance| found.push(self.found(id, distance)));
        found.sort_unstable_by_key(|m| (m.distance, m.list, m.entry));
        found
    }

    /// What [`Index::matches`] returns, found by reading every hash: the reference the index is tested against,
    /// and what it falls back on when looking up buckets would cost more.
    pub fn matches_linear(&self, query: &Pdq, threshold: u32) -> Vec<Match> {
        let mut found = Vec::new();
        self.linear(query, threshold, |id, distance| found.push(self.found(id, distance)));
        found.sort_unstable_by_key(|m| (m.distance, m.list, m.entry));
        found
    }

    /// Calls `found` with the id (position among all the indexed hashes, lists one after another) and distance of
    /// every indexed hash within `threshold` bits of `query`, once each, in no particular order.
    pub fn within(&self, query: &Pdq, threshold: u32, mut found: impl FnMut(usize, u32)) {
        let n = self.hashes.len();
        let radius = threshold / CHUNKS as u32;
        // Values probed a chunk, and a rough cost in hashes read in order: a bucket looked up costs about one, and
        // a hash reached through a bucket (read out of order, a cache miss when the index is large) about twenty
        // (measured with 1,000,000 hashes: 2.6 ns a hash read in order, 55 ns a candidate; `hashlist_bench`). At
        // that size the index is the faster up to a threshold of 47, and a threshold of 63 reads every hash.
        let probes = ball(radius);
        let cost = (CHUNKS as u64 * probes).saturating_mul(1 + 20 * n as u64 / VALUES as u64);
        if radius >= 16 || cost >= n as u64 {
            return self.linear(query, threshold, found);
        }
        let masks = masks(radius);
        let own: [u16; CHUNKS] = std::array::from_fn(|c| chunk(query, c));
        for c in 0..CHUNKS {
            let offsets = &self.offsets[c * (VALUES + 1)..(c + 1) * (VALUES + 1)];
            let ids = &self.ids[c * n..(c + 1) * n];
            for &mask in &masks {
                let v = (own[c] ^ mask) as usize;
                for &id in &ids[offsets[v] as usize..offsets[v + 1] as usize] {
                    let hash = &self.hashes[id as usize];
                    let distance = query.distance(hash);
                    // Reported through its first chunk within the radius only.
                    if distance <= threshold && (0..c).all(|e| (chunk(hash, e) ^ own[e]).count_ones() > radius) {
                        found(id as usize, distance);
                    }
                }
            }
        }
    }

    fn linear(&self, query: &Pdq, threshold: u32, mut found: impl FnMut(usize, u32)) {
        for (id, hash) in self.hashes.iter().enumerate() {
            let distance = query.distance(hash);
            if distance <= threshold {
                found(id, distance);
            }
        }
    }

    /// The match of the hash with id `id`.
    fn found(&self, id: usize, distance: u32) -> Match {
        let list = self.starts.partition_point(|&s| s <= id) - 1;
        Match { list, entry: id - self.starts[list], distance }
    }
}

/// Chunk `c` (0 to 15) of a hash: 16 bits, the first chunk being the first four hex digits.
fn chunk(hash: &Pdq, c: usize) -> u16 {
    (hash.words[c / 4] >> (48 - 16 * (c % 4))) as u16
}

/// Number of 16-bit values within `radius` bits of one: the sum of 16 choose k for k up to `radius`.
fn ball(radius: u32) -> u64 {
    let (mut sum, mut choose) = (0u64, 1u64);
    for k in 0..=radius.min(16) as u64 {
        sum += choose;
        choose = choose * (16 - k) / (k + 1);
    }
    sum
}

/// Every 16-bit mask of at most `radius` bits, fewest bits first.
fn masks(radius: u32) -> Vec<u16> {
    let mut masks = vec![0u16];
    for bits in 1..=radius.min(16) {
        // Gosper's hack: the next larger number with as many bits set.
        let mut m: u32 = (1 << bits) - 1;
        while m < 1 << 16 {
            masks.push(m as u16);
            let low = m & m.wrapping_neg();
            let ripple = m + low;
            m = (((ripple ^ m) >> 2) / low) | ripple;
        }
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// splitmix64: a small seeded generator, enough for test data.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn pdq(&mut self) -> Pdq {
            Pdq { words: std::array::from_fn(|_| self.next()) }
        }

        /// `hash` with exactly `bits` distinct bits flipped.
        fn flip(&mut self, hash: &Pdq, bits: u32) -> Pdq {
            let mut out = *hash;
            while hash.distance(&out) < bits {
                let b = self.next() as usize % 256;
                let bit = 1 << (b % 64);
                if (out.words[b / 64] ^ hash.words[b / 64]) & bit == 0 {
                    out.words[b / 64] ^= bit;
                }
            }
            out
        }
    }

    #[test]
    fn masks_are_the_ball() {
        for radius in 0..=16 {
            let masks = masks(radius);
            assert_eq!(masks.len() as u64, ball(radius), "radius {radius}");
            let mut sorted = masks.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), masks.len());
            assert!(masks.iter().all(|m| m.count_ones() <= radius));
        }
        assert_eq!(ball(1), 17);
        assert_eq!(ball(16), 1 << 16);
    }

    #[test]
    fn chunks_cover_the_hash_in_order() {
        let hash: Pdq =
            "0123456789abcdef fedcba9876543210 0000111122223333 4444555566667777".replace(' ', "").parse().unwrap();
        let chunks: Vec<u16> = (0..CHUNKS).map(|c| chunk(&hash, c)).collect();
        assert_eq!(chunks[..5], [0x0123, 0x4567, 0x89ab, 0xcdef, 0xfedc]);
        assert_eq!(chunks[15], 0x7777);
    }

    /// Random lists with planted neighbours at every distance around the thresholds tried, matched by the index
    /// and by reading every hash.
    #[test]
    fn matches_equal_a_linear_scan() {
        let mut rng = Rng(21);
        for &n in &[0usize, 1, 50, 3_000, 20_000] {
            let mut hashes: Vec<Pdq> = (0..n).map(|_| rng.pdq()).collect();
            let queries: Vec<Pdq> = (0..40).map(|_| rng.pdq()).collect();
            for (k, q) in queries.iter().enumerate().take(if n == 0 { 0 } else { 20 }) {
                for d in [0, 1, 15, 16, 17, 31, 32, 47, 48, 63, 64, 70, 100] {
                    hashes.push(rng.flip(q, d));
                    hashes.push(rng.flip(q, (d + k as u32) % 128));
                }
            }
            let a = &hashes[..hashes.len() / 3];
            let b = &hashes[hashes.len() / 3..];
            let lists = [
                HashList { name: "a".into(), entries: a.iter().map(entry).collect() },
                HashList { name: "empty".into(), entries: Vec::new() },
                HashList { name: "b".into(), entries: b.iter().map(entry).collect() },
            ];
            let index = Index::new(&lists);
            assert_eq!(index.len(), hashes.len());
            for q in &queries {
                for t in [0, 1, 15, 16, 30, 31, 32, 47, 63, 64, 100, 255, 256, 1000] {
                    let fast = index.matches(q, t);
                    assert_eq!(fast, index.matches_linear(q, t), "n {n}, threshold {t}");
                    for m in &fast {
                        assert_eq!(lists[m.list].entries[m.entry].pdq.distance(q), m.distance);
                        assert!(m.distance <= t);
                    }
                }
            }
        }
    }

    fn entry(pdq: &Pdq) -> crate::hashlist::Entry {
        crate::hashlist::Entry { pdq: *pdq, label: None, source: None }
    }

    #[test]
    fn the_threshold_is_inclusive() {
        let mut rng = Rng(7);
        let mut hashes: Vec<Pdq> = (0..100_000).map(|_| rng.pdq()).collect();
        let q = rng.pdq();
        let at = rng.flip(&q, DEFAULT_THRESHOLD);
        let beyond = rng.flip(&q, DEFAULT_THRESHOLD + 1);
        hashes.extend([at, beyond, q]);
        let index = Index::from_hashes(&hashes);
        let found = index.matches(&q, DEFAULT_THRESHOLD);
        assert_eq!(
            found,
            [
                Match { list: 0, entry: 100_002, distance: 0 },
                Match { list: 0, entry: 100_000, distance: DEFAULT_THRESHOLD },
            ]
        );
        assert_eq!(index.matches(&q, DEFAULT_THRESHOLD + 1).len(), 3);
    }

    #[test]
    fn memory_is_about_100_bytes_a_hash() {
        let mut rng = Rng(1);
        let hashes: Vec<Pdq> = (0..10_000).map(|_| rng.pdq()).collect();
        let index = Index::from_hashes(&hashes);
        assert_eq!(index.memory(), 10_000 * (32 + 64) + 16 * 65_537 * 4 + 8);
    }
}
