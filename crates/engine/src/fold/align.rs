//! The alignment map from a folded text back to its original, stored as pieces rather than per byte.
//!
//! Most folded text maps to its original one byte for one byte, offset by a constant (ASCII lowercased, a newline
//! turned into a space). Such a stretch is one *linear* piece. Everything else (a character folded to a different
//! length, several characters merged into one, one character expanded into several) is an *atomic* piece: all
//! its folded bytes map to the whole original range. A dense ASCII text thus needs a handful of pieces instead of
//! 8 bytes per byte (`DESIGN.md`). Offsets are `u32`: the scan cuts texts longer than that (arithmetic wraps
//! rather than panics, for `normalize` of such a text, which does not use the alignment).

/// Where each piece of a folded text came from. Pieces are sorted and tile the folded text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Alignment {
    pieces: Vec<Piece>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Start of the piece in the folded text.
    folded: u32,
    /// Start of its source in the original text.
    orig: u32,
    /// End of its source, or [`LINEAR`] when folded and original bytes correspond one to one.
    orig_end: u32,
}

const LINEAR: u32 = u32::MAX;

impl Alignment {
    /// The original byte range that the folded range `start..end` came from: from the start of the character
    /// that produced its first byte to the end of the one that produced its last, so it covers everything a
    /// fold removed in between. `start < end` must be folded character boundaries.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let (start, last) = (start as u32, end.saturating_sub(1) as u32);
        let from = match self.piece(start) {
            Some(p) if p.orig_end == LINEAR => p.orig.wrapping_add(start.wrapping_sub(p.folded)),
            Some(p) => p.orig,
            None => 0,
        };
        let to = match self.piece(last) {
            Some(p) if p.orig_end == LINEAR => p.orig.wrapping_add(last.wrapping_sub(p.folded)).wrapping_add(1),
            Some(p) => p.orig_end,
            None => 0,
        };
        (from as usize, (to as usize).max(from as usize))
    }

    fn piece(&self, folded: u32) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.folded <= folded).checked_sub(1)?;
        self.pieces.get(i)
    }

    /// The number of pieces (for tests and the design notes' claims).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pieces.len()
    }
}

/// Writes a folded text and its alignment, one folded character at a time.
pub(crate) struct Builder {
    /// The folded text: UTF-8 by construction (whole characters and ASCII), checked once by `finish`.
    text: Vec<u8>,
    pieces: Vec<Piece>,
    /// Folded and original start of the last character written, which removed characters join.
    last: Option<(u32, u32)>,
    last_space: bool,
}

impl Builder {
    pub fn with_capacity(capacity: usize) -> Builder {
        Builder { text: Vec::with_capacity(capacity), pieces: Vec::new(), last: None, last_space: false }
    }

    /// The length of the folded text written so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Writes `c`, folded from the original range `start..end`. `single`: `c` is the only character folded
    /// from exactly one original character, so the bytes can correspond one to one.
    #[inline]
    pub fn push(&mut self, c: char, start: usize, end: usize, single: bool) {
        let (f, start, end) = (self.text.len() as u32, start as u32, end as u32);
        self.text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        self.last = Some((f, start));
        self.last_space = c == ' ';
        if single && c.len_utf8() as u32 == end.wrapping_sub(start) {
            if let Some(p) = self.pieces.last()
                && p.orig_end == LINEAR
                && p.orig.wrapping_add(f.wrapping_sub(p.folded)) == start
            {
                return;
            }
            self.pieces.push(Piece { folded: f, orig: start, orig_end: LINEAR });
        } else {
            self.pieces.push(Piece { folded: f, orig: start, orig_end: end });
        }
    }

    /// Writes `run`, ASCII without whitespace or apostrophes found at `start`, lowercased.
    #[inline]
    pub fn push_ascii(&mut self, run: &str, start: usize) {
        let Some(last) = run.len().checked_sub(1) else { return };
        let (f, start) = (self.text.len() as u32, start as u32);
        self.text.extend(run.bytes().map(|b| b.to_ascii_lowercase()));
        self.last = Some((f.wrapping_add(last as u32), start.wrapping_add(last as u32)));
        self.last_space = false;
        if let Some(p) = self.pieces.last()
            && p.orig_end == LINEAR
            && p.orig.wrapping_add(f.wrapping_sub(p.folded)) == start
        {
            return;
        }
        self.pieces.push(Piece { folded: f, orig: start, orig_end: LINEAR });
    }

    /// Writes `run`, ASCII found at `start` without apostrophes nor two whitespace bytes in a row, that does not
    /// start with whitespace, lowercased and with each whitespace byte a space: the same text and alignment as
    /// [`Builder::push_ascii`] for each stretch between whitespace and [`Builder::space`] (or [`Builder::push`]
    /// of `' '`) for each whitespace byte (all one byte for one byte).
    #[inline]
    pub fn push_ascii_spaced(&mut self, run: &str, start: usize) {
        let Some(last) = run.len().checked_sub(1) else { return };
        let f = self.text.len() as u32;
        // In one pass, without a branch: whitespace other than a space (0x09 to 0x0D) to a space, capitals
        // lowercased.
        self.text.extend(run.bytes().map(|b| if b.wrapping_sub(0x09) < 5 { b' ' } else { b.to_ascii_lowercase() }));
        let start = start as u32;
        self.last = Some((f.wrapping_add(last as u32), start.wrapping_add(last as u32)));
        self.last_space = self.text.last() == Some(&b' ');
        if let Some(p) = self.pieces.last()
            && p.orig_end == LINEAR
            && p.orig.wrapping_add(f.wrapping_sub(p.folded)) == start
        {
            return;
        }
        self.pieces.push(Piece { folded: f, orig: start, orig_end: LINEAR });
    }

    /// Writes a space for the whitespace `start..end`, or joins it to the space just written.
    #[inline]
    pub fn space(&mut self, start: usize, end: usize) {
        if self.last_space {
            self.absorb(end);
        } else {
            self.push(' ', start, end, true);
        }
    }

    /// Joins the original text up to `end` to the last character written (a removed character, or the rest of
    /// a whitespace run). Before any character, removed characters belong to nothing.
    #[inline]
    pub fn absorb(&mut self, end: usize) {
        let Some((f, orig)) = self.last else { return };
        let end = end as u32;
        match self.pieces.last_mut() {
            Some(p) if p.folded == f => p.orig_end = if p.orig_end == LINEAR { end } else { p.orig_end.max(end) },
            // The last character ends a linear piece: it becomes an atomic piece of its own.
            _ => self.pieces.push(Piece { folded: f, orig, orig_end: end }),
        }
    }

    pub fn finish(self) -> (String, Alignment) {
        let text = String::from_utf8(self.text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        (text, Alignment { pieces: self.pieces })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_text_is_one_piece() {
        let mut b = Builder::with_capacity(8);
        for (i, c) in "slot".char_indices() {
            b.push(c, i, i + 1, true);
        }
        let (text, align) = b.finish();
        assert_eq!(text, "slot");
        assert_eq!(align.len(), 1);
        assert_eq!(align.original_range(1, 3), (1, 3));
    }

    /// Each row: pushes as (char, start, end, single) or absorbs as ('\0', end), a folded range, and the
    /// original range it must map to.
    #[test]
    fn pieces_map_back() {
        type Step = (char, usize, usize, bool);
        type Row<'a> = (&'a str, &'a [Step], (usize, usize), (usize, usize));
        let rows: &[Row] = &[
            // "é" (2 bytes) to "e": atomic.
            ("accent", &[('e', 0, 2, true), ('x', 2, 3, true)], (0, 2), (0, 3)),
            // "s\u{200B}l": the removed zero-width space joins the "s".
            ("absorb", &[('s', 0, 1, true), ('\0', 0, 4, false), ('l', 4, 5, true)], (0, 1), (0, 4)),
            ("absorb end", &[('s', 0, 1, true), ('\0', 0, 4, false), ('l', 4, 5, true)], (1, 2), (4, 5)),
            // "ß" to "ss": both bytes map to the whole character.
            ("expand", &[('s', 0, 2, false), ('s', 0, 2, false)], (1, 2), (0, 2)),
            // Removed before anything: belongs to nothing.
            ("leading", &[('\0', 0, 3, false), ('a', 3, 4, true)], (0, 1), (3, 4)),
        ];
        for (name, steps, (s, e), want) in rows {
            let mut b = Builder::with_capacity(8);
            for &(c, start, end, single) in *steps {
                if c == '\0' { b.absorb(end) } else { b.push(c, start, end, single) }
            }
            let (_, align) = b.finish();
            assert_eq!(align.original_range(*s, *e), *want, "{name}");
        }
    }
}
