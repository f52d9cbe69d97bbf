//! Ingest: turns what the analyst brings (pasted text for now) into messages to scan.
//!
//! Pure Rust, shared by the browser app and the `tapis` command line, so both read input the same way. Knows
//! nothing of rules, browsers or HTTP.
#![warn(missing_docs)]

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
