//! Writes the built-in packs (`packs/*.toml`) where `builtin.rs` includes them from. For the browser (wasm32) they
//! go without their comments and test cases, which only `tapis rules test` and the engine's own tests read: the
//! app's first load does not carry them (about a third of the packs' weight); and as JSON, which the page reads
//! with the JSON parser it has anyway (a TOML parser weighed some 30 KB of its first load). Native builds keep them
//! whole, as TOML.

use std::path::PathBuf;

const PACKS: [&str; 8] =
    ["perjudian", "pornografi", "terorisme", "radikalisme", "sara", "hoaks", "penipuan", "narkoba"];

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../packs");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let lean = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    for name in PACKS {
        let path = dir.join(format!("{name}.toml"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = if lean { without_tests(&text, &path) } else { text };
        std::fs::write(out.join(format!("{name}.toml")), &text).unwrap();
        let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        std::fs::write(out.join(format!("{name}.json")), serde_json::to_string(&table).unwrap()).unwrap();
    }
}

include!("build_lean.rs");
