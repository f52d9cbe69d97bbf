//! False positives of the built-in packs on real, benign Indonesian chat: the Telegram exports of public tech
//! groups in `tests/fixtures/telegram` (Apache-2.0, see the LICENSE there), read as the app reads them, with
//! `tapis-ingest` (a dev-dependency only: the engine itself knows nothing of Telegram).

use std::path::Path;

use tapis_engine::{Severity, builtin};

/// Lower-severity matches expected in the corpus, each justified, as `(rule id, matched text)`. None today.
const EXPECTED_LOW: &[(&str, &str)] = &[];

#[test]
fn built_in_packs_flag_nothing_in_benign_tech_chats() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/telegram");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".result.json") || p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();

    let set = builtin::rule_set().expect("built-in packs compile");
    let (mut messages, mut high, mut low) = (0, Vec::new(), Vec::new());
    for file in &files {
        let import = tapis_ingest::import(&std::fs::read(file).unwrap(), &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        messages += import.messages.len();
        // Where links point as well as what they show: a `text_link` hides its target behind other words.
        let texts = import.messages.iter().flat_map(|m| std::iter::once(m.text.as_str()).chain(m.link_targets()));
        let texts: Vec<&str> = texts.collect();
        for (text, scan) in texts.iter().zip(set.scan_messages(texts.iter().copied())) {
            for m in &scan.matches {
                let rule = set.rule(m.rule);
                let found = (rule.id.clone(), text[m.span.start..m.span.end].to_owned());
                if rule.severity >= Severity::High { high.push((found, text.to_string())) } else { low.push(found) }
            }
        }
    }
    assert!(
        files.len() >= 11 && messages >= 700,
        "the corpus was not read: {} files, {messages} messages",
        files.len()
    );
    assert!(high.is_empty(), "high or critical matches in benign text: {high:#?}");
    let expected: Vec<(String, String)> = EXPECTED_LOW.iter().map(|&(r, t)| (r.to_owned(), t.to_owned())).collect();
    assert_eq!(low, expected, "lower-severity matches changed: justify them in EXPECTED_LOW or fix the packs");
}
