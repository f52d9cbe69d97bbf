//! Spans: ranges of the original text, in UTF-8 bytes and in UTF-16 code units.

/// A range of the **original** text (never of the folded matching form), end exclusive.
///
/// `start`/`end` are UTF-8 byte offsets, always on character boundaries, for Rust. `start_utf16`/`end_utf16` are
/// the same range in UTF-16 code units, for JavaScript and the DOM.
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
    let mut out = Vec::with_capacity(sorted_bytes.len());
    let mut wanted = sorted_bytes.iter().copied().peekable();
    let mut units = 0;
    for (byte, ch) in text.char_indices() {
        while wanted.next_if(|&w| w <= byte).is_some() {
            out.push(units);
        }
        units += ch.len_utf16();
    }
    out.extend(wanted.map(|_| units));
    out
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
}
