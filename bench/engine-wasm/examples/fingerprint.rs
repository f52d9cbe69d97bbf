//! A fingerprint of every match the generated pack finds, without and with `morphology = "id"`, on 3 MB of the
//! bench corpus (clean and disguised; as one input and as messages): run it before and after a change to the
//! engine that must not change results, and compare.
//!
//! ```text
//! cargo run --release -p tapis-bench-wasm --example fingerprint
//! ```
use std::hash::{Hash, Hasher};
use tapis_bench_wasm::compile;
use tapis_bench_wasm::corpus::{self, Corpus};

fn main() {
    let corpus = Corpus::new();
    for morph in [false, true] {
        let set = compile(&corpus.pack(morph)).unwrap();
        for (seed, disguise) in [(1, false), (2, true), (3, true)] {
            let text = corpus.text(seed, 3 << 20, disguise);
            let whole = set.scan(&text);
            let messages: Vec<&str> = corpus::messages(&text).collect();
            let per = set.scan_messages(messages.iter().copied());
            let mut h = std::collections::hash_map::DefaultHasher::new();
            format!("{whole:?}").hash(&mut h);
            let mut n = 0;
            for s in &per {
                n += s.matches.len();
                format!("{:?}", s.matches).hash(&mut h);
            }
            println!("morph={morph} seed={seed}: {} / {} matches, {:016x}", whole.len(), n, h.finish());
        }
    }
}
