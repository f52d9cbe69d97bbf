//! The judol development set (`../shared/fixtures/judol_dev/comments.csv`): real comments labelled by their
//! collector, read for the figures of `examples/judol_bench.rs`. Not part of any test's pass or fail: the set is
//! outside the repository, and a figure on it is a development figure.

// Shared by several examples and tests, each using part of it.
#![allow(dead_code)]

use std::path::PathBuf;

use tapis_engine::{View, normalize};

/// One labelled comment.
pub struct Comment {
    /// The comment's row in the file, counting data rows from 1 (the header is row 0).
    pub row: usize,
    pub text: String,
    pub promotion: bool,
    pub half: Half,
}

/// Which half of the brands a comment's first brand-shaped token falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    A,
    B,
    None,
}

/// Where the set is: `$TAPIS_JUDOL_DEV`, or `shared/fixtures` beside the repository.
pub fn path() -> PathBuf {
    std::env::var_os("TAPIS_JUDOL_DEV").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/judol_dev/comments.csv")
    })
}

/// The comments, or `None` when the file is not there.
pub fn load() -> Option<Vec<Comment>> {
    parse(&std::fs::read_to_string(path()).ok()?)
}

/// The comments of the set's text (its CSV), or `None` when it has no header.
pub fn parse(text: &str) -> Option<Vec<Comment>> {
    let mut rows = csv(text).into_iter();
    let header = rows.next()?;
    assert_eq!(header.first().map(String::as_str), Some("label"), "the set's first column is its label");
    Some(
        rows.enumerate()
            .filter(|(_, r)| r.len() >= 2)
            .map(|(i, r)| {
                let text = r[1].clone();
                let half = half(&text);
                Comment { row: i + 1, promotion: r[0] == "1", text, half }
            })
            .collect(),
    )
}

/// The reviewed labels (`examples/judol_review.tsv`): row → promotion, for the rows whose label was read again.
pub fn reviewed() -> std::collections::HashMap<usize, bool> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/judol_review.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let row = f.next().and_then(|r| r.parse().ok()).unwrap_or_else(|| panic!("bad row in {l:?}"));
            (row, f.next() == Some("1"))
        })
        .collect()
}

/// RFC 4180 records: quoted fields may hold commas, newlines and doubled quotes.
fn csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The brand-shaped tokens of a text, each as its folded letters: a word written in styled or look-alike
/// letters, or ASCII letters followed by digits (`ALEXIS17`, `dax69`). `𝘼𝙇𝙀𝙓𝙄𝙎17` and `alexis17` are one key.
pub fn brand_keys(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|token| {
            let folded = normalize(token, View::Disguised);
            let key: String = folded.chars().filter(char::is_ascii_lowercase).collect();
            if key.len() < 3 {
                return None;
            }
            let styled = !token.is_ascii() && normalize(token, View::Plain) != token.to_lowercase();
            let trimmed = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let letters = trimmed.bytes().take_while(u8::is_ascii_alphabetic).count();
            let numbered =
                letters >= 3 && trimmed.len() > letters && trimmed.as_bytes()[letters..].iter().all(u8::is_ascii_digit);
            (styled || numbered).then_some(key)
        })
        .collect()
}

fn half(text: &str) -> Half {
    match brand_keys(text).first() {
        // FNV-1a: a fixed hash, so the halves are the same on every machine.
        Some(key) => {
            let hash =
                key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
            if hash % 2 == 0 { Half::A } else { Half::B }
        }
        None => Half::None,
    }
}

/// A coarse description of how a comment is written, to count misses without reading them.
pub fn shape(text: &str) -> &'static str {
    let words: Vec<&str> = text.split_whitespace().collect();
    let styled =
        text.chars().any(|c| ('\u{1D400}'..='\u{1D7FF}').contains(&c) || ('\u{FF21}'..='\u{FF5A}').contains(&c));
    let hangul = text.chars().any(|c| ('\u{D400}'..='\u{D7FF}').contains(&c));
    let caps_number = words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let letters = w.bytes().take_while(u8::is_ascii_uppercase).count();
        letters >= 3 && w.len() > letters && w.as_bytes()[letters..].iter().all(u8::is_ascii_digit)
    });
    let caps_word = words.iter().any(|w| w.len() >= 6 && w.bytes().all(|b| b.is_ascii_uppercase()));
    let number = words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let letters = w.bytes().take_while(u8::is_ascii_alphabetic).count();
        letters >= 3 && w.len() > letters && w.as_bytes()[letters..].iter().all(u8::is_ascii_digit)
    });
    match () {
        _ if hangul => "hangul (mangled styled letters)",
        _ if styled => "styled letters",
        _ if caps_number => "CAPITALS+number",
        _ if number => "name+number",
        _ if caps_word => "a word in capitals",
        _ => "other",
    }
}

/// `total` indexes into a set of `len` comments: the set repeated, in a fixed shuffle (the same order every run,
/// natively and in the browser).
pub fn repeated(total: usize, len: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..total).map(|i| i % len.max(1)).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}
