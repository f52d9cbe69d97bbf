//! Spans: ranges of the original text, in UTF-8 bytes and in UTF-16 code units, on grapheme cluster boundaries.

use unicode_segmentation::GraphemeCursor;

/// A range of the **original** text (never of a folded matching form), end exclusive.
///
/// `start`/`end` are UTF-8 byte offsets, always on character boundaries, for Rust. `start_utf16`/`end_utf16` are
/// the same range in UTF-16 code units, for JavaScript and the DOM. Spans of matches also lie on grapheme cluster
/// boundaries, so that a highlight never splits an accented letter or an emoji sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Start, in UTF-8 bytes.
    pub start: usize,
    /// End (exclusive), in UTF-8 bytes.
    pub end: usize,
    /// Start, in UTF-16 code units.
    pub start_utf16: usize,
    /// End (exclusive), in UTF-16 code units.
    pub end_utf16: usize,
}

/// Converts sorted, de-duplicated byte offsets (each on a char boundary of `text`) into UTF-16 offsets, in one
/// pass over the text however many offsets there are.
pub(crate) fn utf16_offsets(text: &str, sorted_bytes: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let last = sorted_bytes.last().map_or(0, |&b| b.min(bytes.len()));
    if bytes[..last].is_ascii() {
        // Every character so far is one byte and one unit (a check many times faster than counting).
        return sorted_bytes.iter().map(|&offset| offset.min(bytes.len())).collect();
    }
    let (mut at, mut units) = (0, 0);
    sorted_bytes
        .iter()
        .map(|&offset| {
            let offset = offset.clamp(at, bytes.len());
            units += utf16_len(&bytes[at..offset]);
            at = offset;
            units
        })
        .collect()
}

/// The UTF-16 length of whole UTF-8 characters: each byte that starts a character is one unit, and one that
/// starts a 4-byte character (outside the BMP) one more. A byte loop the compiler vectorizes.
fn utf16_len(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}

/// Widens `start..end` (char boundaries of `text`) to the nearest grapheme cluster boundaries around it.
pub(crate) fn snap_to_graphemes(text: &str, start: usize, end: usize) -> (usize, usize) {
    let start = if is_boundary(text, start) { start } else { step(text, start, false).unwrap_or(start) };
    let end = if is_boundary(text, end) { end } else { step(text, end, true).unwrap_or(end) };
    (start, end)
}

/// Whether `at` is a grapheme cluster boundary. Between two ASCII characters it always is, except inside
/// `\r\n`: that answers nearly every call without the segmentation tables.
fn is_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match (at.checked_sub(1).and_then(|i| bytes.get(i)), bytes.get(at)) {
        (None, _) | (_, None) => return true,
        (Some(&b'\r'), Some(&b'\n')) => return false,
        (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => return true,
        _ => {}
    }
    GraphemeCursor::new(at, text.len(), true).is_boundary(text, 0).unwrap_or(true)
}

/// The previous (or next) grapheme cluster boundary from `at`.
fn step(text: &str, at: usize, forward: bool) -> Option<usize> {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    let next = if forward { cursor.next_boundary(text, 0) } else { cursor.prev_boundary(text, 0) };
    next.ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_astral_characters_as_two_units() {
        // "a" 1 byte/1 unit, "é" 2/1, "𝙎" 4/2, "b" 1/1.
        let text = "aé𝙎b";
        assert_eq!(utf16_offsets(text, &[0, 1, 3, 7, 8]), vec![0, 1, 2, 4, 5]);
    }

    /// Each row: a text, a range on char boundaries, and the slice it must snap to.
    #[test]
    fn spans_snap_out_to_grapheme_clusters() {
        let family = "👨\u{200D}👩\u{200D}👧";
        let rows: &[(&str, (usize, usize), &str)] = &[
            ("judi", (0, 4), "judi"),
            ("e\u{301}x", (0, 1), "e\u{301}"),
            (family, (4, 11), family),
            ("a\r\nb", (0, 2), "a\r\n"),
            ("🇮🇩 x", (4, 8), "🇮🇩"),
        ];
        for (text, (s, e), want) in rows {
            let (a, b) = snap_to_graphemes(text, *s, *e);
            assert_eq!(&text[a..b], *want, "{text:?}");
        }
    }
}
