//! Every reference vector (tests/vectors/vectors.tsv, by PyPI's pdqhash 0.2.8, Meta's C++), bit for bit: the
//! image decoded by tapis-media's decoder, its size, its hash and its quality.

use std::path::Path;
use tapis_media::{Pdq, hash_image};

#[test]
fn every_reference_vector_matches_bit_for_bit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let table = std::fs::read_to_string(dir.join("vectors.tsv")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [file, width, height, hex, quality] = fields[..] else { panic!("malformed line {line:?}") };
        let expected: Pdq = hex.parse().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let hashed = hash_image(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((hashed.width.to_string(), hashed.height.to_string()), (width.into(), height.into()), "{file}");
        if hashed.pdq != expected || hashed.quality.to_string() != quality {
            failures.push(format!(
                "{file}: got {} quality {}, reference {hex} quality {quality} ({} bits apart)",
                hashed.pdq,
                hashed.quality,
                hashed.pdq.distance(&expected)
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 19, "only {checked} vectors");
}
