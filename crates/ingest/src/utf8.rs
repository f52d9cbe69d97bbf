//! Lossy UTF-8 decoding of input that arrives in slices: a character split across two slices is decoded whole,
//! and every invalid sequence becomes one U+FFFD, counted so the import can warn about it.

const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Decodes slices of bytes into valid UTF-8, remembering an unfinished character between slices.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    /// The first bytes of a character whose rest has not arrived yet (at most 3).
    pending: Vec<u8>,
    /// How many replacement characters were written.
    pub(crate) replaced: u64,
    /// Whether a byte-order mark may still come (nothing decoded yet).
    at_start: bool,
}

impl Decoder {
    pub(crate) fn new() -> Decoder {
        Decoder { at_start: true, ..Decoder::default() }
    }

    /// Appends the valid UTF-8 of `input` to `out`; an unfinished character at its end waits for the next slice.
    pub(crate) fn decode(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        if !self.pending.is_empty() {
            // Complete the pending character with at most the 3 bytes it can still need.
            let mut joined = std::mem::take(&mut self.pending);
            let taken = input.len().min(4 - joined.len());
            joined.extend_from_slice(&input[..taken]);
            input = &input[taken..];
            self.decode_complete(&joined, out);
            if !self.pending.is_empty() && !input.is_empty() {
                // Still unfinished although more bytes follow: the bytes taken were the start of another
                // character. Give them back by re-decoding from the pending bytes on.
                let pending = std::mem::take(&mut self.pending);
                let mut rest = pending;
                rest.extend_from_slice(input);
                return self.decode_complete(&rest, out);
            }
        }
        self.decode_complete(input, out);
    }

    fn decode_complete(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        if self.at_start && !input.is_empty() {
            if input.len() < 3 && b"\xEF\xBB\xBF".starts_with(input) {
                self.pending.extend_from_slice(input);
                return;
            }
            self.at_start = false;
            input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        }
        loop {
            match std::str::from_utf8(input) {
                Ok(valid) => {
                    out.extend_from_slice(valid.as_bytes());
                    return;
                }
                Err(error) => {
                    let (valid, rest) = input.split_at(error.valid_up_to());
                    out.extend_from_slice(valid);
                    match error.error_len() {
                        Some(bad) => {
                            out.extend_from_slice(REPLACEMENT);
                            self.replaced += 1;
                            input = &rest[bad..];
                        }
                        None => {
                            self.pending.extend_from_slice(rest);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Ends the input: an unfinished character at the very end becomes one U+FFFD.
    pub(crate) fn finish(&mut self, out: &mut Vec<u8>) {
        if self.pending.is_empty() {
            return;
        }
        self.pending.clear();
        out.extend_from_slice(REPLACEMENT);
        self.replaced += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_in_slices(input: &[u8], size: usize) -> (String, u64) {
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        for slice in input.chunks(size.max(1)) {
            decoder.decode(slice, &mut out);
        }
        decoder.finish(&mut out);
        (String::from_utf8(out).expect("decoder output is UTF-8"), decoder.replaced)
    }

    /// Each row: bytes, the text they decode to, and how many replacements.
    #[test]
    fn decodes_like_from_utf8_lossy_in_any_slicing() {
        let rows: &[(&[u8], &str, u64)] = &[
            (b"", "", 0),
            (b"plain", "plain", 0),
            ("lâ€™été 😀 ok".as_bytes(), "lâ€™été 😀 ok", 0),
            (b"\xEF\xBB\xBFbom", "bom", 0),
            (b"a\xFFb", "a\u{FFFD}b", 1),
            (b"a\xE2\x82", "a\u{FFFD}", 1),
            (b"\xE2\x82\xE2\x82\xAC", "\u{FFFD}\u{20AC}", 1),
            (b"\xF0\x9F\x98", "\u{FFFD}", 1),
            (b"\xC3\x28", "\u{FFFD}(", 1),
            (b"\xEF\xBB", "\u{FFFD}", 1),
        ];
        for (bytes, text, replaced) in rows {
            assert_eq!(String::from_utf8_lossy(bytes).trim_start_matches('\u{FEFF}'), *text, "std agrees {bytes:?}");
            for size in 1..=bytes.len().max(1) {
                assert_eq!(decode_in_slices(bytes, size), ((*text).to_owned(), *replaced), "{bytes:?} by {size}");
            }
        }
    }
}
