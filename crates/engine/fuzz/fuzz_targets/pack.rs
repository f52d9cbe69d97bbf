//! Any text as a pack: parsing, linting, compiling, running its tests and scanning with it must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tapis_engine::{RulePack, RuleSet};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let Ok(pack) = RulePack::from_toml("fuzz.toml", source) else { return };
    let _ = pack.lint();
    let sample: String =
        pack.rules.iter().flat_map(|r| r.terms.iter().chain(&r.unless)).cloned().collect::<Vec<_>>().join(" ");
    if let Ok(set) = RuleSet::new(vec![pack]) {
        let _ = set.run_tests();
        let _ = set.scan_message(&sample);
        let _ = set.scan_message(source);
    }
});
