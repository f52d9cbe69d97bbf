//! Hash lists: named lists of PDQ hashes, as platforms and trusted-flagger programmes share them (issue 21).
//!
//! The format is one hash a line: 64 hex digits (upper case is accepted, and written back in lower case),
//! optionally followed by a tab and a label, and another tab and a source (tabs shown as `→`):
//!
//! ```text
//! # judi online banners, shared 2026-10
//! f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22→judi banner 2026-10→Komdigi
//! F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B23
//! ```
//!
//! What is tolerated, and what is counted:
//! - blank lines (also of spaces or tabs only) and lines starting with `#` are comments: counted, skipped;
//! - a CRLF line end, a UTF-8 byte order mark, spaces around a field;
//! - invalid UTF-8 in a label or source, replaced by U+FFFD (see [`parse_bytes`]);
//! - the comma-separated form ThreatExchange's hashers and HMA exports write, `hash,quality,name`, on a line with
//!   no tab: the hash; a second field that is a whole number from 0 to 100 is the hash's quality and dropped (a
//!   listed hash has no quality here); the fields after it, joined by commas, are the label. A first line (after
//!   comments) whose first field is `hash` or `pdq` (any case) is that form's header, counted as a comment;
//! - a hash listed twice is kept once, with the label and source of its first line, and counted as a duplicate.
//!
//! Any other line is malformed: a first field that is not 64 hex digits (too short, too long, not hex, missing
//! before a label). It is counted and skipped; the first [`MAX_PROBLEMS`] are kept with their line number and
//! reason, for display. A list is named; what a list means (its category) is the caller's business.
//!
//! ```
//! use tapis_media::hashlist::parse;
//!
//! let text = "# a comment\nf8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\tjudi banner\tKomdigi\nf8f8\n";
//! let parsed = parse("komdigi-judi", text);
//! assert_eq!(parsed.list.entries.len(), 1);
//! assert_eq!(parsed.list.entries[0].label.as_deref(), Some("judi banner"));
//! assert_eq!((parsed.lines, parsed.comments, parsed.malformed), (3, 1, 1));
//! assert_eq!(parsed.problems[0].line, 3);
//! ```

use serde::{Deserialize, Serialize};

use crate::hash::{ParseHashError, Pdq};

/// How many malformed lines [`Parsed::problems`] keeps (all are counted in [`Parsed::malformed`]).
pub const MAX_PROBLEMS: usize = 20;

/// A named list of PDQ hashes, each listed once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashList {
    pub name: String,
    pub entries: Vec<Entry>,
}

/// A listed hash, with the label and source its line gave (none when empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub pdq: Pdq,
    pub label: Option<String>,
    pub source: Option<String>,
}

/// A malformed line: its number (from 1) and why it was skipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: usize,
    pub reason: String,
}

/// A parsed list, with the counts of what was skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parsed {
    pub list: HashList,
    /// Lines read (a last line without its line end counts; the empty "line" after a final line end does not).
    pub lines: usize,
    /// Blank lines, `#` comments and a comma-separated header.
    pub comments: usize,
    /// Lines whose hash was listed on an earlier line.
    pub duplicates: usize,
    /// Lines skipped as not a hash.
    pub malformed: usize,
    /// The first [`MAX_PROBLEMS`] malformed lines.
    pub problems: Vec<Problem>,
}

impl HashList {
    /// The listed hashes, in list order.
    pub fn hashes(&self) -> impl ExactSizeIterator<Item = Pdq> + '_ {
        self.entries.iter().map(|e| e.pdq)
    }
}

/// Parses a list's text. See the module's description for the format.
pub fn parse(name: &str, text: &str) -> Parsed {
    parse_bytes(name, text.as_bytes())
}

/// Parses a list's bytes, as read from a file: invalid UTF-8 is replaced line by line (a label with a stray
/// Latin-1 byte keeps the rest of the list, and its own hash, readable).
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut parsed = Parsed { list: HashList { name: name.to_string(), entries: Vec::new() }, ..Parsed::default() };
    let mut lines = bytes.split(|&b| b == b'\n').peekable();
    let mut number = 0;
    while let Some(raw) = lines.next() {
        if raw.is_empty() && lines.peek().is_none() {
            break; // the end of a final line end
        }
        number += 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = String::from_utf8_lossy(raw);
        let header_allowed = parsed.list.entries.is_empty() && parsed.malformed == 0;
        match read_line(&line, header_allowed) {
            Line::Comment => parsed.comments += 1,
            Line::Malformed(reason) => {
                parsed.malformed += 1;
                if parsed.problems.len() < MAX_PROBLEMS {
                    parsed.problems.push(Problem { line: number, reason });
                }
            }
            Line::Entry(entry) => parsed.list.entries.push(entry),
        }
    }
    parsed.lines = number;
    // Duplicates, found by sorting (no hashing of a million hashes), the first of each kept.
    let entries = &mut parsed.list.entries;
    let mut order: Vec<(Pdq, u32)> = entries.iter().zip(0..).map(|(e, i)| (e.pdq, i)).collect();
    order.sort_unstable(); // equal hashes in line order
    let mut keep = vec![true; entries.len()];
    for pair in order.windows(2) {
        if pair[0].0 == pair[1].0 {
            keep[pair[1].1 as usize] = false;
        }
    }
    let mut keep = keep.into_iter();
    entries.retain(|_| keep.next().expect("one flag an entry"));
    parsed.duplicates = order.len() - entries.len();
    parsed
}

/// What one line is.
enum Line {
    Comment,
    Malformed(String),
    Entry(Entry),
}

/// Reads one line (without its line end); `header_allowed` before the first line that is not a comment.
fn read_line(line: &str, header_allowed: bool) -> Line {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Line::Comment;
    }
    if !line.contains('\t') && trimmed.contains(',') {
        return read_csv(trimmed, header_allowed);
    }
    let mut fields = line.split('\t').map(str::trim);
    let hash = fields.next().unwrap_or_default();
    let label = fields.next().and_then(nonempty);
    let source = fields.next().and_then(nonempty);
    match read_hash(hash) {
        Ok(pdq) => Line::Entry(Entry { pdq, label, source }),
        Err(reason) => Line::Malformed(reason),
    }
}

/// Reads a comma-separated line: `hash`, `hash,quality`, `hash,quality,name...` or `hash,name...`.
fn read_csv(line: &str, header_allowed: bool) -> Line {
    let mut fields = line.split(',').map(str::trim);
    let hash = fields.next().unwrap_or_default();
    if header_allowed && (hash.eq_ignore_ascii_case("hash") || hash.eq_ignore_ascii_case("pdq")) {
        return Line::Comment;
    }
    let pdq = match read_hash(hash) {
        Ok(pdq) => pdq,
        Err(reason) => return Line::Malformed(reason),
    };
    let mut rest: Vec<&str> = fields.collect();
    if rest.first().is_some_and(|q| q.parse::<u8>().is_ok_and(|q| q <= 100)) {
        rest.remove(0);
    }
    Line::Entry(Entry { pdq, label: nonempty(&rest.join(",")), source: None })
}

/// Reads a line's first field as a hash, or says why it is none.
fn read_hash(field: &str) -> Result<Pdq, String> {
    // 64 hex digits, read at once (`Pdq::from_str` checks each digit twice, which shows in a 1,000,000-line list).
    if field.len() == 64 {
        let mut words = [0u64; 4];
        let mut invalid = 0;
        for (word, digits) in words.iter_mut().zip(field.as_bytes().chunks_exact(16)) {
            for &d in digits {
                let v = HEX[d as usize];
                invalid |= v;
                *word = *word << 4 | (v & 0xf) as u64;
            }
        }
        if invalid & 0x80 == 0 {
            return Ok(Pdq { words });
        }
    }
    if field.is_empty() {
        return Err("no hash before the label".to_string());
    }
    if let Some(sep) = field.get(64..).and_then(|rest| rest.chars().next())
        && !sep.is_ascii_hexdigit()
        && field[..64].bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(format!("a hash followed by {sep:?}: a label is separated by a tab"));
    }
    match field.chars().find(|c| !c.is_ascii_hexdigit()) {
        Some(bad) => Err(ParseHashError::NotHex(bad).to_string()),
        None => Err(ParseHashError::Length(field.len()).to_string()),
    }
}

/// The value of each byte as a hex digit, 0x80 when it is none.
const HEX: [u8; 256] = {
    let mut table = [0x80; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// The field, unless empty.
fn nonempty(field: &str) -> Option<String> {
    (!field.is_empty()).then(|| field.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    const B: &str = "0000000000000000ffffffffffffffff00000000000000001234567890abcdef";

    fn pdq(hex: &str) -> Pdq {
        hex.parse().unwrap()
    }

    fn reasons(parsed: &Parsed) -> Vec<(usize, &str)> {
        parsed.problems.iter().map(|p| (p.line, p.reason.as_str())).collect()
    }

    #[test]
    fn a_hash_with_label_and_source() {
        let parsed = parse("l", &format!("{A}\tjudi banner 2026-10\tKomdigi\n{B}\n"));
        assert_eq!(parsed.list.name, "l");
        assert_eq!(
            parsed.list.entries,
            [
                Entry { pdq: pdq(A), label: Some("judi banner 2026-10".into()), source: Some("Komdigi".into()) },
                Entry { pdq: pdq(B), label: None, source: None },
            ]
        );
        assert_eq!((parsed.lines, parsed.comments, parsed.duplicates, parsed.malformed), (2, 0, 0, 0));
    }

    #[test]
    fn upper_case_is_normalised() {
        let parsed = parse("l", &A.to_uppercase());
        assert_eq!(parsed.list.entries[0].pdq.to_hex(), A);
        assert_eq!(parsed.lines, 1); // no final line end
    }

    #[test]
    fn comments_and_blank_lines_are_counted() {
        let parsed = parse("l", &format!("# list\n\n   \n\t\n  # indented\n{A}\n"));
        assert_eq!((parsed.lines, parsed.comments, parsed.malformed), (6, 5, 0));
        assert_eq!(parsed.list.entries.len(), 1);
    }

    #[test]
    fn every_malformed_kind_is_counted_with_its_line_and_reason() {
        let text = [
            &A[..63],                    // 1: short
            &format!("{A}0"),            // 2: long
            &A.replace('f', "g"),        // 3: not hex
            "\tlabel only\tsource",      // 4: empty hash with a label
            &format!("{A} judi banner"), // 5: a space where the tab belongs
            &format!("{}é", &A[..63]),   // 6: 64 characters, one not hex
            "hash,quality",              // 7: a header, but not on line 1
            A,                           // 8: fine
        ]
        .join("\n");
        let parsed = parse("l", &text);
        assert_eq!(parsed.list.entries.len(), 1);
        assert_eq!((parsed.lines, parsed.malformed, parsed.comments), (8, 7, 0));
        assert_eq!(
            reasons(&parsed),
            [
                (1, "a PDQ hash is 64 hex digits; this has 63 characters"),
                (2, "a PDQ hash is 64 hex digits; this has 65 characters"),
                (3, "a PDQ hash is 64 hex digits; this has 'g'"),
                (4, "no hash before the label"),
                (5, "a hash followed by ' ': a label is separated by a tab"),
                (6, "a PDQ hash is 64 hex digits; this has 'é'"),
                (7, "a PDQ hash is 64 hex digits; this has 'h'"),
            ]
        );
    }

    #[test]
    fn spaces_around_fields_and_empty_fields_are_tolerated() {
        let parsed = parse("l", &format!("  {A}  \t  judi  \t \n{B}\t\tKomdigi\n"));
        assert_eq!(parsed.malformed, 0);
        let e = &parsed.list.entries;
        assert_eq!((e[0].pdq, e[0].label.as_deref(), e[0].source.as_deref()), (pdq(A), Some("judi"), None));
        assert_eq!((e[1].pdq, e[1].label.as_deref(), e[1].source.as_deref()), (pdq(B), None, Some("Komdigi")));
    }

    #[test]
    fn a_bom_and_crlf_are_tolerated() {
        let parsed = parse("l", &format!("\u{feff}{A}\tlabel\r\n# c\r\n{B}\r\n"));
        assert_eq!((parsed.lines, parsed.comments, parsed.malformed), (3, 1, 0));
        assert_eq!(parsed.list.entries[0].label.as_deref(), Some("label"));
        assert_eq!(parsed.list.entries[1].pdq, pdq(B));
    }

    #[test]
    fn duplicates_are_kept_once_with_their_first_label() {
        let parsed = parse("l", &format!("{A}\tfirst\n{B}\n{}\tsecond\n{A}\n", A.to_uppercase()));
        assert_eq!(parsed.duplicates, 2);
        assert_eq!(parsed.list.entries.len(), 2);
        assert_eq!(parsed.list.entries[0].label.as_deref(), Some("first"));
    }

    #[test]
    fn invalid_utf8_is_replaced_in_its_line_only() {
        let mut bytes = format!("{A}\tcaf").into_bytes();
        bytes.extend_from_slice(b"\xe9 judi\n\xff\xfe\n");
        bytes.extend_from_slice(B.as_bytes());
        let parsed = parse_bytes("l", &bytes);
        assert_eq!(parsed.list.entries.len(), 2);
        assert_eq!(parsed.list.entries[0].label.as_deref(), Some("caf\u{fffd} judi"));
        assert_eq!(reasons(&parsed), [(2, "a PDQ hash is 64 hex digits; this has '\u{fffd}'")]);
    }

    #[test]
    fn the_comma_separated_form() {
        let text = format!("hash,quality,name\n{A},100,banner.jpg\n{B},judi,slot\n{},85\n", &A.replace('f', "e"));
        let parsed = parse("l", &text);
        assert_eq!((parsed.lines, parsed.comments, parsed.malformed), (4, 1, 0));
        let labels: Vec<_> = parsed.list.entries.iter().map(|e| e.label.as_deref()).collect();
        assert_eq!(labels, [Some("banner.jpg"), Some("judi,slot"), None]);
        assert_eq!(parse("l", &format!("{},90", &A[..10])).malformed, 1);
    }

    #[test]
    fn only_the_first_problems_are_kept_but_all_are_counted() {
        let text = "nope\n".repeat(MAX_PROBLEMS + 5);
        let parsed = parse("l", &text);
        assert_eq!(parsed.malformed, MAX_PROBLEMS + 5);
        assert_eq!(parsed.problems.len(), MAX_PROBLEMS);
        assert_eq!(parsed.problems.last().unwrap().line, MAX_PROBLEMS);
    }

    #[test]
    fn an_empty_text_is_an_empty_list() {
        let parsed = parse("l", "");
        assert_eq!((parsed.lines, parsed.list.entries.len()), (0, 0));
        assert_eq!(parse("l", "\n").lines, 1);
    }
}
