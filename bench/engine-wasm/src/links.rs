//! The links benchmark's input (issue 15), shared by the native example (`examples/links.rs`) and the browser
//! ([`crate::LinksBench`], driven by `web/links.js`): a generated blocklist text, the lookups asked of it and
//! the engine benchmark's text with links in it.

use crate::corpus::{self, Corpus};

const TLDS: &[&str] = &["com", "net", "org", "xyz", "id", "co.id", "site", "online", "info", "top", "vip", "club"];

const SYLLABLES: &[&str] =
    &["ga", "cor", "slot", "ja", "ya", "max", "win", "hoki", "zeus", "ba", "dai", "na", "ga", "toto"];

/// The blocklist text is fed in pieces of this many bytes (or a line more), as a download would arrive.
pub const PIECE: usize = 1 << 20;

use crate::corpus::Rng;

/// The `i`th generated domain: two to four syllables, a number, a top-level domain.
pub fn domain(i: u64) -> String {
    let mut rng = Rng(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut name = String::new();
    for _ in 0..2 + rng.below(3) {
        name += SYLLABLES[rng.below(SYLLABLES.len())];
    }
    format!("{name}{}.{}", i % 100_003, TLDS[rng.below(TLDS.len())])
}

/// A plain one-domain-a-line blocklist of `domains` generated domains, as a portal would serve it (a comment,
/// a hosts line and a blank line every thousand, a duplicate at the end), in pieces of [`PIECE`] bytes: the
/// text is never whole in memory.
pub struct ListText {
    domains: u64,
    next: u64,
    done: bool,
}

impl ListText {
    pub fn new(domains: u64) -> ListText {
        ListText { domains, next: 0, done: false }
    }
}

impl Iterator for ListText {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.done {
            return None;
        }
        let mut piece = String::with_capacity(PIECE + 64);
        if self.next == 0 {
            piece += "# generated blocklist\n\n";
        }
        while self.next < self.domains {
            let i = self.next;
            self.next += 1;
            match i % 1000 {
                0 => piece += "# a comment\n",
                1 => piece += "0.0.0.0 ",
                2 => piece += "\n",
                _ => {}
            }
            piece += &domain(i);
            piece += "\n";
            if piece.len() >= PIECE {
                return Some(piece);
            }
        }
        piece += "situs88.com\nsitus88.com\n";
        self.done = true;
        Some(piece)
    }
}

/// A million domains to look up in the list of `domains`: half listed or under a listed parent, half not.
pub fn queries(domains: u64) -> Vec<String> {
    (0..1_000_000u64)
        .map(|i| match i % 4 {
            0 => domain(i * 3 % domains),
            1 => format!("www.{}", domain(i * 7 % domains)),
            _ => format!("baru{i}.com"),
        })
        .collect()
}

/// The engine benchmark's text (`corpus.rs`, `bytes` long), as it is and with one word in fifty replaced by a
/// link in one of the dodged forms.
pub fn texts(bytes: usize) -> [String; 2] {
    let bench = Corpus::new().text(1, bytes, false);
    let forms = [
        "situs{n}.com",
        "situs{n}[.]com",
        "hxxps://situs{n}.net/daftar",
        "situs{n} dot xyz",
        "t.me/situs{n}",
        "0812-{n}-7890",
    ];
    let mut rng = Rng(7);
    let with_links: String = bench
        .split(' ')
        .map(|w| {
            if rng.below(50) == 0 {
                forms[rng.below(forms.len())].replace("{n}", &format!("{:04}", rng.below(10_000)))
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    [bench, with_links]
}

/// Extracts the links of `text` cut into messages (what is timed); returns how many.
pub fn extract(text: &str) -> usize {
    corpus::messages(text).map(|m| tapis_engine::links::extract(m).len()).sum()
}
