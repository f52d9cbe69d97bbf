//! The labelled set of the disguise rules and how it is scored (see `corpus.rs`).

pub mod corpus;

use std::path::Path;

use tapis_engine::RuleSet;

/// Promotions and ordinary messages in the labelled set.
pub const PROMOTIONS: usize = 600;
pub const ORDINARY: usize = 600;

/// The real benign messages: the Telegram exports of `tests/fixtures/telegram`, read as the app reads them.
pub fn real_benign() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/telegram");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".result.json") || p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in &files {
        let import = tapis_ingest::import(&std::fs::read(file).unwrap(), &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for m in &import.messages {
            out.push(m.text.clone());
            out.extend(m.link_targets().map(str::to_owned));
        }
    }
    out
}

/// Which rules of `category` flagged each text (indices into the rule set).
pub fn flagged(set: &RuleSet, category: &str, texts: &[String]) -> Vec<Vec<usize>> {
    set.scan_messages(texts.iter().map(String::as_str))
        .iter()
        .map(|scan| {
            let mut rules: Vec<usize> =
                scan.rules.iter().map(|r| r.rule).filter(|&r| set.rule(r).category == category).collect();
            rules.sort_unstable();
            rules
        })
        .collect()
}
