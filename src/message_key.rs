//! Which message a decision, a row of the queue or a flag in the outbox is about.
//!
//! A pasted message is known by its text (its hash, and which copy it is when the paste repeats it), so that its
//! decision follows it when the paste is edited around it. An imported message is known as the ingest crate knows
//! it (its chat and id, or its content). Both are written as strings in `localStorage` (the session's decisions,
//! the outbox), in the forms they have always had there, so saved sessions read back unchanged.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A message's identity on the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageKey {
    /// A block of the pasted text: the FNV-1a hash of its text, and which copy it is (1 for the first).
    Pasted {
        /// The hash of the block's text.
        hash: u64,
        /// 1 for the first block with this text, 2 for the second…
        occurrence: u32,
    },
    /// A message of an imported file.
    Imported(tapis_ingest::MessageKey),
}

impl fmt::Display for MessageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageKey::Pasted { hash, occurrence } => write!(f, "{hash:016x}-{occurrence}"),
            MessageKey::Imported(key) => key.fmt(f),
        }
    }
}

/// A string that is no message key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidKey(pub String);

impl fmt::Display for InvalidKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a message key", self.0)
    }
}

impl FromStr for MessageKey {
    type Err = InvalidKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(key) = s.parse::<tapis_ingest::MessageKey>() {
            return Ok(MessageKey::Imported(key));
        }
        let pasted = s.split_once('-').and_then(|(hash, occurrence)| {
            let hash = (hash.len() == 16).then(|| u64::from_str_radix(hash, 16).ok()).flatten()?;
            Some(MessageKey::Pasted { hash, occurrence: occurrence.parse().ok().filter(|&n: &u32| n > 0)? })
        });
        pasted.ok_or_else(|| InvalidKey(s.to_owned()))
    }
}

impl From<tapis_ingest::MessageKey> for MessageKey {
    fn from(key: tapis_ingest::MessageKey) -> Self {
        MessageKey::Imported(key)
    }
}

impl Serialize for MessageKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MessageKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn keys_read_back_from_the_strings_they_are_written_as() {
        let table = [
            ("00000000deadbeef-1", MessageKey::Pasted { hash: 0xdead_beef, occurrence: 1 }),
            ("ffffffffffffffff-12", MessageKey::Pasted { hash: u64::MAX, occurrence: 12 }),
            (
                "tg:-1001712691810:249636",
                MessageKey::Imported(tapis_ingest::MessageKey::Id { chat_id: -1_001_712_691_810, message_id: 249_636 }),
            ),
            (
                "txt:00000000000000ff:0",
                MessageKey::Imported(tapis_ingest::MessageKey::Content { hash: 255, occurrence: 0 }),
            ),
        ];
        for (text, key) in table {
            assert_eq!(text.parse::<MessageKey>(), Ok(key), "{text}");
            assert_eq!(key.to_string(), text);
            assert_eq!(serde_json::to_string(&key).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<MessageKey>(&format!("\"{text}\"")).unwrap(), key);
        }
    }

    #[test]
    fn other_strings_are_no_key() {
        for text in
            ["", "pasted", "deadbeef-1", "00000000deadbeef-0", "00000000deadbeef-", "0000000000000zzz-1", "tg:1"]
        {
            assert_eq!(text.parse::<MessageKey>(), Err(InvalidKey(text.to_owned())), "{text}");
        }
    }

    #[test]
    fn a_map_by_key_is_saved_as_a_json_object() {
        let map = std::collections::HashMap::from([(MessageKey::Pasted { hash: 1, occurrence: 2 }, true)]);
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(json, r#"{"0000000000000001-2":true}"#);
        assert_eq!(serde_json::from_str::<std::collections::HashMap<MessageKey, bool>>(&json).unwrap(), map);
    }
}
