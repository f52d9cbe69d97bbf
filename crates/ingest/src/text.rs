//! Free text: one message per block of lines, blocks separated by blank lines; keyed by content.

use crate::model::{ContentKeys, Message, Sender};

/// Splits free text into messages: blocks separated by one or more blank lines (lines of only whitespace).
///
/// Each block is returned as a slice of `text`, without the whitespace around it; empty input gives no block.
/// Both `\n` and `\r\n` line ends work.
///
/// ```
/// let blocks = tapis_ingest::split_blocks("first\nstill first\n\n \n second \r\n\r\nthird");
/// assert_eq!(blocks, ["first\nstill first", "second", "third"]);
/// ```
pub fn split_blocks(text: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(text[s..end].trim());
            }
        } else {
            start.get_or_insert(at);
            end = at + line.len();
        }
        at += line.len();
    }
    if let Some(s) = start {
        blocks.push(text[s..end].trim());
    }
    blocks
}

/// Reads free text as messages of chat 0, keyed by the hash of their text.
pub(crate) fn read(text: &str, keys: &mut ContentKeys) -> Vec<Message> {
    split_blocks(text)
        .into_iter()
        .map(|block| Message {
            key: keys.key(&[block]),
            chat: 0,
            id: None,
            sender: Sender::default(),
            date: None,
            text: block.to_owned(),
            entities: Vec::new(),
            forwarded_from: None,
            reply_to: None,
            via_bot: None,
            media: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MessageKey;

    /// Each row: pasted text and the blocks it must give.
    #[test]
    fn blank_lines_separate_messages() {
        let rows: &[(&str, &[&str])] = &[
            ("", &[]),
            ("\n\n  \n", &[]),
            ("one", &["one"]),
            ("one\ntwo", &["one\ntwo"]),
            ("one\n\ntwo", &["one", "two"]),
            ("one\r\n\r\n\r\ntwo\r\n", &["one", "two"]),
            ("  indented\n\t\n\nلا إله\n", &["indented", "لا إله"]),
            ("a\u{a0}\n\u{a0}\nb", &["a", "b"]),
        ];
        for (text, wanted) in rows {
            assert_eq!(split_blocks(text), *wanted, "{text:?}");
        }
    }

    #[test]
    fn repeated_blocks_get_distinct_stable_keys() {
        let messages = read("halo\n\nhalo\n\nlain", &mut ContentKeys::default());
        let keys: Vec<_> = messages.iter().map(|message| message.key).collect();
        let MessageKey::Content { hash, .. } = keys[0] else { panic!("content key") };
        assert_eq!(keys[0], MessageKey::Content { hash, occurrence: 0 });
        assert_eq!(keys[1], MessageKey::Content { hash, occurrence: 1 });
        assert_ne!(keys[2], keys[0]);
        let again = read("halo\n\nhalo\n\nlain", &mut ContentKeys::default());
        assert_eq!(again.iter().map(|message| message.key).collect::<Vec<_>>(), keys);
    }
}
