//! Any text through every view and a scan with a pack that uses the whole rule language: nothing may panic, and
//! every span must be a non-empty range of whole characters.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tapis_engine::{RulePack, RuleSet, View, normalize, segments};

const PACK: &str = r#"
id = "fuzz"
version = "1"

[[rule]]
id = "slot"
category = "perjudian"
severity = "high"
terms = ["slot", "slot gacor", "gacor", "maxwin", "rtp live", "maaf", "s"]
unless = ["slot parkir", "slot ram"]
patterns = ['wa\.me/\d+', 'g[a4]c[o0]r\s*\d*']

[[rule]]
id = "jihad"
category = "terorisme"
severity = "critical"
terms = ["jihad", "tembak", "serang", "bom", "جهاد", "bai'at"]
morphology = "id"

[[rule]]
id = "near"
category = "narkoba"
severity = "medium"
terms = ["sabu", "ganja", "cod", "ready"]
require = 2
near = 3

[[rule]]
id = "thaghut"
category = "radikalisme"
severity = "high"
terms = ["طاغوت", "دولة"]
morphology = "ar"
"#;

fn rules() -> &'static (RuleSet, RuleSet) {
    static RULES: OnceLock<(RuleSet, RuleSet)> = OnceLock::new();
    RULES.get_or_init(|| {
        let pack = RulePack::from_toml("fuzz.toml", PACK).expect("the fuzz pack parses");
        let builtin = tapis_engine::builtin::rule_set().expect("the built-in packs compile");
        (RuleSet::new(vec![pack]).expect("the fuzz pack compiles"), builtin)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for view in View::ALL {
        let _ = normalize(&text, view);
    }
    let (rules, builtin) = rules();
    for set in [rules, builtin] {
        let scan = set.scan_message(&text);
        for m in &scan.matches {
            assert!(m.span.start < m.span.end && m.span.end <= text.len());
            assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
        let pieces = segments(&text, &scan.matches);
        assert_eq!(pieces.last().map_or(0, |p| p.end), text.len());
    }
});
