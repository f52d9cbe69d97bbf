//! Near-duplicate images across an import: the copies of one banner, re-encoded, rescaled or lightly edited as it
//! is reposted, grouped into one cluster, whose key joins the messages that carry it into one of issue 12's
//! campaigns (`image:` and the key, issue 21).
//!
//! Two images are near duplicates when their PDQ hashes are within a threshold (the matching threshold,
//! [`DEFAULT_THRESHOLD`], unless the caller chooses another), found through an [`Index`] of the import's hashes,
//! and clusters are what near duplicates chain into (single linkage, by union-find): if A is near B and B near C,
//! A, B and C are one cluster even when A and C are further apart.
//!
//! A cluster's key is its smallest hash (as 64 hex digits, [`Pdq::to_hex`]), not a number given in import order:
//! the same images imported again, or in another import in any order, give the same key, so campaign keys
//! `image:<key>` join across imports. The key changes only when the cluster gains a smaller hash (a new copy) or
//! loses its smallest, and an image alone is its own cluster, keyed by its own hash.
//!
//! ```
//! use tapis_media::cluster::cluster_keys;
//! use tapis_media::index::DEFAULT_THRESHOLD;
//! use tapis_media::Pdq;
//!
//! let banner: Pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22".parse().unwrap();
//! let mut copy = banner;
//! copy.words[0] ^= 0xf; // four bits off: a re-encoded copy
//! let other: Pdq = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".parse().unwrap();
//! let keys = cluster_keys(&[banner, other, copy], DEFAULT_THRESHOLD);
//! assert_eq!(keys[0], keys[2]);
//! assert_eq!(keys[1], other);
//! assert_eq!(keys[0], banner.min(copy));
//! ```
//!
//! [`DEFAULT_THRESHOLD`]: crate::index::DEFAULT_THRESHOLD

use crate::hash::Pdq;
use crate::index::Index;

/// For each image (given by its hash), the index of the first image of its cluster: image `i` is its own cluster's
/// first when the result's `i` is `i`. Images within `threshold` bits (inclusive) are in one cluster, and so,
/// transitively, are their near duplicates.
pub fn clusters(hashes: &[Pdq], threshold: u32) -> Vec<usize> {
    let index = Index::from_hashes(hashes);
    let mut parent: Vec<usize> = (0..hashes.len()).collect();
    for (i, hash) in hashes.iter().enumerate() {
        index.within(hash, threshold, |j, _| {
            if j > i {
                union(&mut parent, i, j);
            }
        });
    }
    (0..hashes.len()).map(|i| find(&mut parent, i)).collect()
}

/// For each image (given by its hash), its cluster's key: the smallest hash of the cluster (see the module's
/// description for why).
pub fn cluster_keys(hashes: &[Pdq], threshold: u32) -> Vec<Pdq> {
    let roots = clusters(hashes, threshold);
    let mut smallest: Vec<Option<Pdq>> = vec![None; hashes.len()];
    for (hash, &root) in hashes.iter().zip(&roots) {
        let key = &mut smallest[root];
        *key = Some(key.map_or(*hash, |k| k.min(*hash)));
    }
    roots.iter().map(|&root| smallest[root].expect("every root has its own image")).collect()
}

/// The root of `i`'s set, halving the path on the way.
fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Joins the sets of `a` and `b`, the smaller root becoming the root (so a root is its set's first image).
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::DEFAULT_THRESHOLD;

    /// splitmix64.
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn random(state: &mut u64) -> Pdq {
        Pdq { words: std::array::from_fn(|_| next(state)) }
    }

    /// `hash` with up to `bits` bits flipped (a re-encoded or noised copy).
    fn noised(state: &mut u64, hash: &Pdq, bits: u32) -> Pdq {
        let mut out = *hash;
        for _ in 0..bits {
            let b = next(state) as usize % 256;
            out.words[b / 64] ^= 1 << (b % 64);
        }
        out
    }

    #[test]
    fn copies_cluster_together_and_distinct_images_do_not() {
        let mut state = 12;
        let originals: Vec<Pdq> = (0..50).map(|_| random(&mut state)).collect();
        // Each original with three noised copies, interleaved with the others'.
        let mut hashes = Vec::new();
        for round in 0..4 {
            for o in &originals {
                hashes.push(if round == 0 { *o } else { noised(&mut state, o, 12) });
            }
        }
        let roots = clusters(&hashes, DEFAULT_THRESHOLD);
        let keys = cluster_keys(&hashes, DEFAULT_THRESHOLD);
        for (i, root) in roots.iter().enumerate() {
            let o = i % originals.len();
            assert_eq!(*root, o, "image {i}: its cluster's first image is its original");
            let members = (0..4).map(|r| hashes[r * originals.len() + o]);
            assert_eq!(keys[i], members.min().unwrap());
        }
        let mut distinct = keys.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), originals.len());
    }

    #[test]
    fn near_duplicates_chain_transitively() {
        let mut state = 3;
        let a = random(&mut state);
        let b = noised(&mut state, &a, 25);
        let mut c = b;
        // c is 25 bits from b, on bits where a and b agree: 50 from a.
        let mut flipped = 0;
        for bit in 0..256 {
            let mask = 1u64 << (bit % 64);
            if flipped < 25 && (a.words[bit / 64] ^ b.words[bit / 64]) & mask == 0 {
                c.words[bit / 64] ^= mask;
                flipped += 1;
            }
        }
        assert!(a.distance(&b) <= 25 && b.distance(&c) == 25 && a.distance(&c) > DEFAULT_THRESHOLD);
        let lone = random(&mut state);
        assert_eq!(clusters(&[c, lone, a, b], DEFAULT_THRESHOLD), [0, 1, 0, 0]);
        assert_eq!(clusters(&[c, lone, a], DEFAULT_THRESHOLD), [0, 1, 2]);
    }

    #[test]
    fn keys_do_not_depend_on_the_order_of_the_import() {
        let mut state = 5;
        let base: Vec<Pdq> = (0..20).map(|_| random(&mut state)).collect();
        let hashes: Vec<Pdq> = base.iter().chain(&base).map(|h| noised(&mut state, h, 8)).collect();
        let keys = cluster_keys(&hashes, DEFAULT_THRESHOLD);
        let reversed: Vec<Pdq> = hashes.iter().rev().copied().collect();
        let mut again = cluster_keys(&reversed, DEFAULT_THRESHOLD);
        again.reverse();
        assert_eq!(keys, again);
        assert_eq!(cluster_keys(&[], DEFAULT_THRESHOLD), []);
        // Identical hashes are one cluster at any threshold.
        assert_eq!(clusters(&[base[0], base[0]], 0), [0, 0]);
    }
}
