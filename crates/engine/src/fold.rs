//! Folding: the matching form of a text, with an alignment map back to the original.
//!
//! The folded text is for matching only, never for display. For every folded byte the map records the start of
//! the original character it came from, so a match in the folded text maps back to an exact original range
//! (`DESIGN.md` explains the scheme). Folds so far: lowercase, and every run of whitespace becomes one space.

/// A folded text and the alignment map back to its original.
pub(crate) struct Folded {
    /// The matching form.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original of the character it came from.
    source: Vec<u32>,
}

impl Folded {
    /// Folds `original`, recording where every folded byte came from.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut source = Vec::with_capacity(original.len());
        let mut in_space = false;
        for (at, ch) in original.char_indices() {
            let at = at as u32;
            if ch.is_whitespace() {
                // A run of whitespace is one separator; it points at the run's first character.
                if !in_space {
                    text.push(' ');
                    source.push(at);
                }
                in_space = true;
                continue;
            }
            in_space = false;
            let before = text.len();
            text.extend(ch.to_lowercase());
            source.resize(source.len() + (text.len() - before), at);
        }
        Folded { text, source }
    }

    /// The original byte range that the folded range `start..end` (non-empty, on char boundaries of the folded
    /// text) came from. It covers whole original characters, including any the fold removed in between.
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let first = self.source[start] as usize;
        let last = self.source[end - 1] as usize;
        let last_len = original[last..].chars().next().map_or(0, char::len_utf8);
        (first, last + last_len)
    }
}

/// The matching form of a rule's term: folded like text, without leading or trailing separators.
pub(crate) fn fold_term(term: &str) -> String {
    Folded::new(term.trim()).text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: original, its folded form, and a folded range with the original slice it must map back to.
    #[test]
    fn folds_and_maps_back() {
        let rows: &[(&str, &str, (usize, usize), &str)] = &[
            ("Slot GACOR", "slot gacor", (5, 10), "GACOR"),
            ("slot \n\t gacor", "slot gacor", (0, 10), "slot \n\t gacor"),
            ("JUDİ", "judi\u{307}", (0, 6), "JUDİ"),
            ("ÉCOLE x", "école x", (0, 6), "ÉCOLE"),
            ("𝙎 SABU", "𝙎 sabu", (5, 9), "SABU"),
        ];
        for (original, folded, (s, e), slice) in rows {
            let f = Folded::new(original);
            assert_eq!(f.text, *folded, "{original:?}");
            assert_eq!(f.source.len(), f.text.len());
            let (a, b) = f.original_range(original, *s, *e);
            assert_eq!(&original[a..b], *slice, "{original:?}");
        }
    }

    #[test]
    fn terms_lose_outer_whitespace() {
        assert_eq!(fold_term("  Judi   Online "), "judi online");
    }
}
