//! The rule packs the server hands out: every `*.toml` file of the packs directory that the engine accepts.
//!
//! Read on each request, so a pack dropped into the directory is served without a restart; a bad file is
//! reported and skipped, never fatal.

use std::collections::HashMap;
use std::path::Path;

use tapis_engine::RulePack;
use tapis_wire::{RulePackError, RulePackFile, RulePackList};

/// The packs in `dir`, ordered by file name, and the files that could not be used.
pub async fn load(dir: &Path) -> RulePackList {
    let mut list = RulePackList { packs: Vec::new(), errors: Vec::new() };
    let mut files = match read_toml_names(dir).await {
        Ok(files) => files,
        Err(error) => {
            tracing::warn!(dir = %dir.display(), %error, "cannot read the rule packs directory");
            let message = format!("cannot read the rule packs directory: {error}");
            list.errors.push(RulePackError { source_name: dir.display().to_string(), message });
            return list;
        }
    };
    files.sort();
    let mut first_file_of: HashMap<String, String> = HashMap::new();
    for name in files {
        let parsed = match tokio::fs::read_to_string(dir.join(&name)).await {
            Ok(text) => RulePack::from_toml(&name, &text).map(|pack| (pack, text)).map_err(|e| e.to_string()),
            Err(error) => Err(format!("{name}: cannot read: {error}")),
        };
        let (pack, toml) = match parsed {
            Ok(parsed) => parsed,
            Err(message) => {
                tracing::warn!(file = %name, %message, "rule pack skipped");
                list.errors.push(RulePackError { source_name: name, message });
                continue;
            }
        };
        if let Some(first) = first_file_of.get(&pack.id) {
            let message = format!("{name}: pack id `{}` is already served from {first}; skipped", pack.id);
            tracing::warn!(file = %name, %message, "rule pack skipped");
            list.errors.push(RulePackError { source_name: name, message });
            continue;
        }
        first_file_of.insert(pack.id.clone(), name.clone());
        list.packs.push(RulePackFile { id: pack.id, version: pack.version, name: pack.name, source_name: name, toml });
    }
    list
}

async fn read_toml_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut entries = tokio::fs::read_dir(dir).await?;
    let mut names = Vec::new();
    while let Some(entry) = entries.next_entry().await? {
        let Ok(name) = entry.file_name().into_string() else { continue };
        if name.ends_with(".toml") && entry.file_type().await.is_ok_and(|kind| kind.is_file()) {
            names.push(name);
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "test-pack"
version = "2026.11.1"
name = "Test pack"

[[rule]]
id = "judi.slot"
category = "perjudian"
severity = "high"
description = "Slot"
terms = ["slot gacor"]
"#;

    #[tokio::test]
    async fn valid_packs_are_served_and_bad_files_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.toml"), GOOD).unwrap();
        std::fs::write(dir.path().join("a-broken.toml"), "id = \"x\"\nversion = ").unwrap();
        std::fs::write(dir.path().join("c-same-id.toml"), GOOD).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a pack").unwrap();
        std::fs::create_dir(dir.path().join("d.toml")).unwrap();

        let list = load(dir.path()).await;
        assert_eq!(list.packs.len(), 1);
        let pack = &list.packs[0];
        assert_eq!(
            (pack.id.as_str(), pack.version.as_str(), pack.name.as_str(), pack.source_name.as_str()),
            ("test-pack", "2026.11.1", "Test pack", "b.toml")
        );
        assert_eq!(pack.toml, GOOD);
        let sources: Vec<&str> = list.errors.iter().map(|e| e.source_name.as_str()).collect();
        assert_eq!(sources, ["a-broken.toml", "c-same-id.toml"]);
        assert!(list.errors[1].message.contains("already served from b.toml"), "{}", list.errors[1].message);
    }

    #[tokio::test]
    async fn a_missing_directory_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let list = load(&dir.path().join("missing")).await;
        assert!(list.packs.is_empty());
        assert_eq!(list.errors.len(), 1);
    }
}
