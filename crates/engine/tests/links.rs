//! Links on real text: the Big List of Naughty Strings (no panic, every span on character boundaries) and the
//! real Telegram exports of `tests/fixtures/telegram`, whose `link` entities (Telegram's own URL detection) the
//! extractor must find, and whose ordinary prose must not become links.

use std::path::Path;

use tapis_engine::links::{LinkKind, extract};

#[test]
fn naughty_strings_give_valid_spans() {
    let blns = include_str!("fixtures/blns.txt");
    for line in blns.lines().chain([blns]) {
        for link in extract(line) {
            let s = link.span;
            assert!(s.start < s.end && line.get(s.start..s.end).is_some(), "{line:?}: {link:?}");
            let utf16: Vec<u16> = line.encode_utf16().collect();
            assert!(s.end_utf16 <= utf16.len() && s.start_utf16 < s.end_utf16, "{line:?}: {link:?}");
        }
    }
}

#[test]
fn telegram_link_entities_are_found_in_real_chats() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/telegram");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".result.json"))
        .collect();
    files.sort();
    let (mut entities, mut missed) = (0, Vec::new());
    for file in &files {
        let import = tapis_ingest::import(&std::fs::read(file).unwrap(), &Default::default()).unwrap();
        for message in &import.messages {
            let links = extract(&message.text);
            for entity in message.entities.iter().filter(|e| e.kind == tapis_ingest::EntityKind::Link) {
                entities += 1;
                let found = links.iter().any(|l| {
                    matches!(l.kind, LinkKind::Url | LinkKind::Domain | LinkKind::Telegram | LinkKind::TelegramInvite)
                        && l.span.start <= entity.start
                        && entity.start < l.span.end
                });
                if !found {
                    missed.push(message.entity_text(entity).to_owned());
                }
            }
        }
    }
    assert!(entities >= 20, "only {entities} link entities in the fixtures");
    // Telegram also links names under top-level domains no list knows; allow a few.
    assert!(missed.len() * 20 <= entities, "{} of {entities} missed: {missed:?}", missed.len());
}
