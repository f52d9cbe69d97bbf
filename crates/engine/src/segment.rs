//! Segments: a text cut at every span boundary, ready to render as plain text and highlights.

use crate::Match;

/// A piece of the original text, with the matches that cover all of it (none for plain text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Start, in UTF-8 bytes of the original text.
    pub start: usize,
    /// End (exclusive), in UTF-8 bytes.
    pub end: usize,
    /// Indices into the matches given to [`segments`] of those that cover this piece.
    pub matches: Vec<usize>,
}

/// Cuts `text` at every start and end of `matches`, so that overlapping matches render as adjacent pieces, each
/// knowing every match over it. The pieces cover the whole text, in order, and none is empty.
pub fn segments(text: &str, matches: &[Match]) -> Vec<Segment> {
    let mut cuts: Vec<usize> = matches.iter().flat_map(|m| [m.span.start, m.span.end]).collect();
    cuts.extend([0, text.len()]);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| Segment {
            start: w[0],
            end: w[1],
            matches: (0..matches.len())
                .filter(|&i| matches[i].span.start <= w[0] && w[1] <= matches[i].span.end)
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Folds, MatchKind, Span, View};

    fn m(rule: usize, start: usize, end: usize) -> Match {
        let span = Span { start, end, start_utf16: start, end_utf16: end };
        Match {
            rule,
            term: 0,
            span,
            kind: MatchKind::Term,
            view: View::Plain,
            folds: Folds::NONE,
            disguise: Default::default(),
        }
    }

    #[test]
    fn overlapping_matches_become_adjacent_pieces() {
        let text = "judi online sekarang";
        let got = segments(text, &[m(0, 0, 4), m(1, 0, 11)]);
        let pieces: Vec<(&str, Vec<usize>)> = got.iter().map(|s| (&text[s.start..s.end], s.matches.clone())).collect();
        assert_eq!(pieces, vec![("judi", vec![0, 1]), (" online", vec![1]), (" sekarang", vec![])]);
    }

    #[test]
    fn no_matches_is_one_plain_piece_and_empty_text_is_none() {
        assert_eq!(segments("abc", &[]), vec![Segment { start: 0, end: 3, matches: vec![] }]);
        assert!(segments("", &[]).is_empty());
    }
}
