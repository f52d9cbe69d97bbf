//! Blocklists: named lists of blocked domains (TrustPositif's plain one-domain-a-line files, hosts files,
//! Adblock-style `||domain^` lines), held as an `fst` set of reversed labels so that a domain and all its parents
//! are looked up in one walk, and the whole list of millions of domains takes a few bytes a domain.

use std::fmt;

use fst::Set;

use super::{Host, Link, punycode};

/// A named list of blocked domains. A domain is blocked when it or a parent domain is listed.
#[derive(Clone)]
pub struct Blocklist {
    name: String,
    set: Set<Vec<u8>>,
    stats: ListStats,
}

/// What a list's lines were: the domains kept, and the lines skipped, by reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListStats {
    /// Lines read.
    pub lines: u64,
    /// Distinct domains kept.
    pub domains: u64,
    /// Blank lines.
    pub blank: u64,
    /// Comments (`#`, `!`, `;`, `//`, `[Adblock …]`).
    pub comments: u64,
    /// Domains listed again.
    pub duplicates: u64,
    /// Entries without a dot (`localhost`, `broadcasthost`).
    pub no_dot: u64,
    /// Entries that are not domain names (bad characters, empty or long labels, IP addresses, not UTF-8).
    pub invalid: u64,
}

impl ListStats {
    /// Every line skipped.
    pub fn skipped(&self) -> u64 {
        self.blank + self.comments + self.duplicates + self.no_dot + self.invalid
    }
}

/// Why a file is not a blocklist.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlocklistError {
    /// The file is an HTML page (an error page saved instead of the list).
    Html,
    /// A list stored earlier could not be read back.
    Corrupt(String),
}

impl fmt::Display for BlocklistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlocklistError::Html => f.write_str("this is an HTML page, not a list of domains"),
            BlocklistError::Corrupt(why) => write!(f, "the stored list cannot be read: {why}"),
        }
    }
}

impl std::error::Error for BlocklistError {}

impl fmt::Debug for Blocklist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocklist").field("name", &self.name).field("stats", &self.stats).finish_non_exhaustive()
    }
}

impl Blocklist {
    /// Reads a list: one domain a line, or a hosts file (`0.0.0.0 domain`), comments and blank lines allowed.
    /// The same as feeding the whole of `bytes` to a [`BlocklistBuilder`].
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Blocklist, BlocklistError> {
        let mut builder = BlocklistBuilder::new(name);
        builder.feed(bytes)?;
        builder.finish()
    }

    /// A list stored earlier from [`Blocklist::as_bytes`] (IndexedDB in the browser), with its stats.
    pub fn from_bytes(name: &str, bytes: Vec<u8>, stats: ListStats) -> Result<Blocklist, BlocklistError> {
        let set = Set::new(bytes).map_err(|e| BlocklistError::Corrupt(e.to_string()))?;
        Ok(Blocklist { name: name.to_owned(), set, stats })
    }

    /// The compact form of the list (an `fst` set of reversed domains), to store.
    pub fn as_bytes(&self) -> &[u8] {
        self.set.as_fst().as_bytes()
    }

    /// The list's name, e.g. `trustpositif-judi`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the list's lines were.
    pub fn stats(&self) -> ListStats {
        self.stats
    }

    /// The number of distinct domains listed.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether the list holds no domain.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The listed entry that blocks `domain` (lowercase ASCII): the domain itself or its nearest-the-root listed
    /// parent. One walk down the set, checking at each label's end.
    pub fn find(&self, domain: &str) -> Option<String> {
        let mut key = Vec::with_capacity(domain.len());
        push_reversed(&mut key, domain.trim_end_matches('.'));
        let fst = self.set.as_fst();
        let mut node = fst.root();
        for (i, &b) in key.iter().enumerate() {
            let t = node.find_input(b)?;
            node = fst.node(node.transition(t).addr);
            if node.is_final() && key.get(i + 1).is_none_or(|&next| next == b'.') {
                let mut listed = Vec::with_capacity(i + 1);
                push_reversed(&mut listed, std::str::from_utf8(&key[..=i]).ok()?);
                return String::from_utf8(listed).ok();
            }
        }
        None
    }

    /// Every domain listed, in the order of their reversed labels.
    pub fn domains(&self) -> impl Iterator<Item = String> + '_ {
        let mut stream = self.set.stream();
        std::iter::from_fn(move || {
            use fst::Streamer;
            let key = stream.next()?;
            let mut out = Vec::with_capacity(key.len());
            push_reversed(&mut out, std::str::from_utf8(key).unwrap_or(""));
            Some(String::from_utf8(out).unwrap_or_default())
        })
    }
}

/// Domains sorted at a time, at most: the memory a build needs beyond its sorted runs is this many keys' index
/// and [`CHUNK_BYTES`] of their text.
const CHUNK_KEYS: usize = 1 << 18;

/// The text of the keys sorted at a time, reserved once (not grown by doubling): about 110,000 domains.
const CHUNK_BYTES: usize = 2 << 20;

/// Builds a [`Blocklist`] from a file fed in pieces (as a worker reads a large download), so that the file is
/// never whole in memory: domains are sorted about 110,000 at a time into front-coded runs, and the runs
/// are merged once, at the end, into the `fst` set (`DESIGN.md`).
pub struct BlocklistBuilder {
    name: String,
    stats: ListStats,
    /// Whether the start of the file was checked for an HTML page.
    checked: bool,
    /// The last, incomplete line (or the start of the file, until it is checked).
    pending: Vec<u8>,
    /// The reversed keys of the current chunk, one after another, and where each starts.
    keys: Vec<u8>,
    starts: Vec<u32>,
    /// The chunk's keys in order: their first eight bytes as a number, and their index (kept from chunk to chunk).
    order: Vec<(u64, u32)>,
    /// The chunks so far, each sorted and without duplicates.
    runs: Vec<Run>,
    /// Domains kept before removing duplicates.
    kept: u64,
    /// Keys a chunk holds ([`CHUNK_KEYS`]; fewer in tests).
    chunk: usize,
}

impl BlocklistBuilder {
    /// A new list named `name`.
    pub fn new(name: &str) -> BlocklistBuilder {
        BlocklistBuilder {
            name: name.to_owned(),
            stats: ListStats::default(),
            checked: false,
            pending: Vec::new(),
            keys: Vec::new(),
            starts: Vec::new(),
            order: Vec::new(),
            runs: Vec::new(),
            kept: 0,
            chunk: CHUNK_KEYS,
        }
    }

    /// Reads the next piece of the file. Fails, once the first 2 KB are in, if the file is an HTML page.
    pub fn feed(&mut self, mut bytes: &[u8]) -> Result<(), BlocklistError> {
        if !self.checked {
            self.pending.extend_from_slice(bytes);
            if self.pending.len() < HEAD {
                return Ok(());
            }
            self.check()?;
            bytes = &[];
        }
        // The line begun in an earlier piece, completed; then this piece's whole lines, read where they are.
        if !self.pending.is_empty() {
            let end = bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| i + 1);
            self.pending.extend_from_slice(&bytes[..end]);
            bytes = &bytes[end..];
            let mut lines = std::mem::take(&mut self.pending);
            let last = lines.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            self.lines(&lines[..last]);
            lines.drain(..last);
            self.pending = lines;
        }
        let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        self.lines(&bytes[..whole]);
        self.pending.extend_from_slice(&bytes[whole..]);
        Ok(())
    }

    /// The list, from what was fed.
    pub fn finish(mut self) -> Result<Blocklist, BlocklistError> {
        if !self.checked {
            self.check()?;
        }
        let rest = std::mem::take(&mut self.pending);
        self.lines(&rest);
        self.flush();
        // The chunk's buffers are not needed for the merge: given back first, so that the peak is the runs and
        // the set (in a browser, a WebAssembly memory never shrinks: its peak is what the list holds).
        self.keys = Vec::new();
        self.starts = Vec::new();
        self.order = Vec::new();
        let corrupt = |e: fst::Error| BlocklistError::Corrupt(e.to_string());
        // The set is smaller than the runs that hold the same keys (for 3 million generated domains, 6.9 bytes a
        // domain against 7.4): room for it at once, not by doubling (were it larger, the vector would still grow).
        let room: usize = self.runs.iter().map(|r| r.0.len()).sum();
        let mut builder = fst::SetBuilder::new(Vec::with_capacity(room)).map_err(corrupt)?;
        let mut merge = Merge::new(&self.runs);
        while let Some(key) = merge.next() {
            builder.insert(key).map_err(corrupt)?;
        }
        let mut bytes = builder.into_inner().map_err(corrupt)?;
        self.runs = Vec::new();
        bytes.shrink_to_fit();
        let set = Set::new(bytes).map_err(corrupt)?;
        self.stats.domains = set.len() as u64;
        self.stats.duplicates = self.kept - self.stats.domains;
        Ok(Blocklist { name: self.name, set, stats: self.stats })
    }

    fn check(&mut self) -> Result<(), BlocklistError> {
        self.checked = true;
        if looks_like_html(&self.pending) {
            return Err(BlocklistError::Html);
        }
        if self.pending.starts_with("\u{FEFF}".as_bytes()) {
            self.pending.drain(..3);
        }
        Ok(())
    }

    fn lines(&mut self, bytes: &[u8]) {
        if self.keys.capacity() == 0 {
            self.keys.reserve_exact(CHUNK_BYTES);
        }
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            self.line(line);
            // Room for a line of the longest domains, so that the text is never moved to grow.
            if self.starts.len() >= self.chunk || self.keys.len() + 4096 > CHUNK_BYTES {
                self.flush();
            }
        }
    }

    fn line(&mut self, line: &[u8]) {
        let stats = &mut self.stats;
        stats.lines += 1;
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Ok(line) = std::str::from_utf8(line) else {
            stats.invalid += 1;
            return;
        };
        let line = line.trim();
        // Most lines: one lowercase ASCII domain.
        if is_plain_domain(line) {
            self.starts.push(self.keys.len() as u32);
            push_reversed(&mut self.keys, line);
            self.kept += 1;
            return;
        }
        if line.is_empty() {
            stats.blank += 1;
            return;
        }
        if line.starts_with(['#', '!', ';', '[']) || line.starts_with("//") {
            stats.comments += 1;
            return;
        }
        let line = line.split('#').next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        // A hosts line: an address, then one or more names.
        let hosts_line = is_address(first);
        let names: Vec<&str> = if hosts_line { words.collect() } else { vec![first] };
        // An address alone, or words that are not a hosts line.
        if names.is_empty() || (!hosts_line && line.split_whitespace().nth(1).is_some()) {
            stats.invalid += 1;
            return;
        }
        for entry in names {
            match normalise(entry) {
                Entry::Domain(ascii) => {
                    self.starts.push(self.keys.len() as u32);
                    push_reversed(&mut self.keys, &ascii);
                    self.kept += 1;
                }
                Entry::NoDot => stats.no_dot += 1,
                Entry::Invalid => stats.invalid += 1,
            }
        }
    }

    /// Sorts the current chunk's keys into a run.
    fn flush(&mut self) {
        if self.starts.is_empty() {
            return;
        }
        let (keys, starts) = (&self.keys, &self.starts);
        let key = |i: u32| {
            let start = starts[i as usize] as usize;
            let end = starts.get(i as usize + 1).map_or(keys.len(), |&e| e as usize);
            &keys[start..end]
        };
        // Sorted by their first eight bytes as a number ([`crate::words::head`]), then by the rest: most
        // comparisons end at the number. (A shorter key is padded with zeros, which no key holds, so it sorts first
        // as it should.)
        let rest = |i: u32| key(i).get(8..).unwrap_or(&[]);
        let order = &mut self.order;
        order.clear();
        order.extend((0..starts.len() as u32).map(|i| (crate::words::head(key(i)), i)));
        order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| rest(a.1).cmp(rest(b.1))));
        order.dedup_by(|a, b| a.0 == b.0 && key(a.1) == key(b.1));
        self.runs.push(Run::new(order.iter().map(|&(_, i)| key(i))));
        self.keys.clear();
        self.starts.clear();
    }
}

/// Sorted distinct keys, front-coded: for each, the number of bytes it shares with the key before, the number
/// that follow (one header byte for most keys, [`Run::header`]), and those bytes (a key is a domain, at most 253
/// bytes). Sorted reversed domains share their top-level domain and more, so a run takes about 7.4 bytes a domain,
/// less than `fst` sets of the same keys built half a million at a time (7.8), and is written in one cheap pass: the
/// set is built once, from the merged runs, where building sets per chunk and merging them built every key twice.
struct Run(Vec<u8>);

impl Run {
    fn new<'k>(keys: impl Iterator<Item = &'k [u8]> + Clone) -> Run {
        let shared = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count().min(255);
        // Measured first, so that the run is allocated once, at its size.
        let mut size = 0;
        let mut last: &[u8] = &[];
        for key in keys.clone() {
            let common = shared(last, key);
            size += Run::header(common, key.len() - common).len() + key.len() - common;
            last = key;
        }
        let mut bytes = Vec::with_capacity(size);
        let mut last: &[u8] = &[];
        for key in keys {
            let common = shared(last, key);
            bytes.extend_from_slice(&Run::header(common, key.len() - common));
            bytes.extend_from_slice(&key[common..]);
            last = key;
        }
        Run(bytes)
    }

    /// How a key starts: one byte, `common << 4 | rest`, when it shares fewer than 15 bytes with the key before
    /// and adds fewer than 16 (most keys); else `0xFF` and each length in a byte.
    fn header(common: usize, rest: usize) -> Header {
        if common < 15 && rest < 16 {
            Header { bytes: [(common << 4 | rest) as u8, 0, 0], len: 1 }
        } else {
            Header { bytes: [0xFF, common as u8, rest as u8], len: 3 }
        }
    }
}

struct Header {
    bytes: [u8; 3],
    len: usize,
}

impl std::ops::Deref for Header {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Reads a [`Run`] back, a key at a time.
struct RunReader<'r> {
    bytes: &'r [u8],
    key: Vec<u8>,
}

impl RunReader<'_> {
    /// Moves to the next key; false at the end of the run.
    fn advance(&mut self) -> bool {
        let (common, rest, tail) = match self.bytes {
            [0xFF, common, rest, tail @ ..] => (*common as usize, *rest as usize, tail),
            [header, tail @ ..] => ((header >> 4) as usize, (header & 15) as usize, tail),
            [] => return false,
        };
        let (rest, tail) = tail.split_at(rest);
        self.key.truncate(common);
        self.key.extend_from_slice(rest);
        self.bytes = tail;
        true
    }
}

/// The keys of several runs in order, each once: a binary heap of the runs by their current key.
struct Merge<'r> {
    readers: Vec<RunReader<'r>>,
    /// Readers that have a current key, the smallest first (a binary heap).
    heap: Vec<usize>,
    /// The key returned last: its reader is still on top of the heap, moved on at the next call.
    last: Vec<u8>,
    returned: bool,
}

impl<'r> Merge<'r> {
    fn new(runs: &'r [Run]) -> Merge<'r> {
        let mut merge = Merge { readers: Vec::new(), heap: Vec::new(), last: Vec::new(), returned: false };
        for run in runs {
            let mut reader = RunReader { bytes: &run.0, key: Vec::with_capacity(256) };
            if reader.advance() {
                merge.readers.push(reader);
                merge.heap.push(merge.readers.len() - 1);
                merge.up(merge.heap.len() - 1);
            }
        }
        merge
    }

    /// The next key, or `None` when every run is read.
    fn next(&mut self) -> Option<&[u8]> {
        if self.returned {
            self.advance_top();
        }
        loop {
            let &top = self.heap.first()?;
            // The same key, from another run.
            if self.returned && self.readers[top].key == self.last {
                self.advance_top();
                continue;
            }
            self.last.clear();
            self.last.extend_from_slice(&self.readers[top].key);
            self.returned = true;
            return Some(&self.last);
        }
    }

    /// Moves the reader on top to its next key, or drops it at the end of its run.
    fn advance_top(&mut self) {
        let top = self.heap[0];
        if !self.readers[top].advance() {
            let last = self.heap.pop().expect("the top reader is on the heap");
            if self.heap.is_empty() {
                return;
            }
            self.heap[0] = last;
        }
        self.down(0);
    }

    fn less(&self, a: usize, b: usize) -> bool {
        self.readers[self.heap[a]].key < self.readers[self.heap[b]].key
    }

    fn up(&mut self, mut i: usize) {
        while i > 0 && self.less(i, (i - 1) / 2) {
            self.heap.swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }

    fn down(&mut self, mut i: usize) {
        loop {
            let (l, r) = (2 * i + 1, 2 * i + 2);
            let mut least = i;
            if l < self.heap.len() && self.less(l, least) {
                least = l;
            }
            if r < self.heap.len() && self.less(r, least) {
                least = r;
            }
            if least == i {
                return;
            }
            self.heap.swap(i, least);
            i = least;
        }
    }
}

/// How much of the start of a file is checked for an HTML page.
const HEAD: usize = 2048;

/// A line that is a lowercase ASCII domain as it is: labels of letters, digits, `-` and `_`, not starting or
/// ending with `-`, a dot, a top-level domain that is not a number.
fn is_plain_domain(line: &str) -> bool {
    line.len() <= 253
        && line.contains('.')
        && line.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
        && !line.rsplit('.').next().unwrap_or("").bytes().all(|b| b.is_ascii_digit())
}

/// Where a link stands against the lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Its domain, or a parent, is on a list: the first list that has it, and the entry.
    Blocked {
        /// The list's name.
        list: String,
        /// The entry: the domain or its parent.
        entry: String,
    },
    /// A link shortener that no list blocks.
    Shortener,
    /// A domain on no list.
    New,
}

impl Status {
    /// `blocked`, `shortener` or `new`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Blocked { .. } => "blocked",
            Status::Shortener => "shortener",
            Status::New => "new",
        }
    }

    /// The list's name, when blocked.
    pub fn list(&self) -> Option<&str> {
        match self {
            Status::Blocked { list, .. } => Some(list),
            _ => None,
        }
    }
}

/// Several lists, asked in order.
#[derive(Clone, Debug, Default)]
pub struct Blocklists {
    /// The lists, in the order asked.
    pub lists: Vec<Blocklist>,
}

impl Blocklists {
    /// The status of a domain (its ASCII form is asked; also its form as written, when look-alikes were undone).
    pub fn status_of(&self, host: &Host) -> Status {
        let written = host.written.as_ref().map(|(_, ascii)| ascii.as_str());
        for list in &self.lists {
            for domain in std::iter::once(host.ascii.as_str()).chain(written) {
                if let Some(entry) = list.find(domain) {
                    return Status::Blocked { list: list.name.clone(), entry };
                }
            }
        }
        if host.shortener { Status::Shortener } else { Status::New }
    }

    /// The status of a link, if it is a URL or a domain (Telegram, WhatsApp and numbers have none).
    pub fn status(&self, link: &Link) -> Option<Status> {
        match link.kind {
            super::LinkKind::Url | super::LinkKind::Domain => link.host.as_ref().map(|host| self.status_of(host)),
            _ => None,
        }
    }
}

enum Entry {
    Domain(String),
    NoDot,
    Invalid,
}

/// One entry as a lowercase ASCII domain: `||domain^`, `*.domain`, a URL's host and a trailing dot are read.
fn normalise(entry: &str) -> Entry {
    let mut entry = entry.trim_start_matches("||").trim_end_matches('^');
    if let Some((_, rest)) = entry.split_once("://") {
        entry = rest.split(['/', '?', '#']).next().unwrap_or("");
    }
    let entry = entry.trim_start_matches("*.").trim_end_matches('.').to_lowercase();
    if !entry.contains('.') {
        return if entry.is_empty() || entry.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            Entry::NoDot
        } else {
            Entry::Invalid
        };
    }
    let Some(ascii) = punycode::to_ascii(&entry) else { return Entry::Invalid };
    let valid_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld = ascii.rsplit('.').next().unwrap_or("");
    if ascii.len() > 253 || !ascii.split('.').all(valid_label) || tld.bytes().all(|b| b.is_ascii_digit()) {
        return Entry::Invalid;
    }
    Entry::Domain(ascii)
}

/// `situs88.com` → `com.situs88`, appended to `out`.
fn push_reversed(out: &mut Vec<u8>, domain: &str) {
    for (i, label) in domain.rsplit('.').enumerate() {
        if i > 0 {
            out.push(b'.');
        }
        out.extend_from_slice(label.as_bytes());
    }
}

/// The address that starts a hosts line: `0.0.0.0`, `127.0.0.1`, `::1`, `::`.
fn is_address(word: &str) -> bool {
    let v4 =
        word.split('.').count() == 4 && word.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let v6 = word.contains(':') && word.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
    v4 || v6
}

/// Whether the start of a file is an HTML page: a portal's error page saved instead of the list.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{FEFF}').trim_start();
    start.starts_with("<!doctype")
        || start.starts_with("<html")
        || start.starts_with("<?xml")
        || head.contains("<html")
        || head.contains("<head>")
        || head.contains("<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(name: &str, text: &str) -> Blocklist {
        Blocklist::parse(name, text.as_bytes()).unwrap()
    }

    #[test]
    fn every_malformed_line_is_skipped_and_counted() {
        let text = "\u{FEFF}# TrustPositif judi\r\n\
                    ! adblock comment\n\
                    [Adblock Plus 2.0]\n\
                    \n\
                    \t  \n\
                    situs88.com\n\
                    SITUS88.COM.\n\
                    situs88.com # again, with a comment\n\
                    0.0.0.0 gacor77.net\n\
                    127.0.0.1 localhost\n\
                    0.0.0.0\n\
                    ::1 ip6-localhost\n\
                    0.0.0.0 a.slot.org b.slot.org\n\
                    ||adblock.example.id^\n\
                    *.wild.xyz\n\
                    https://url.example.com/path\n\
                    bücher.de\n\
                    localhost\n\
                    bad_-.com\n\
                    -lead.com\n\
                    sp ace.com extra\n\
                    1.2.3.4\n\
                    a..b.com\n\
                    ex!.com\n";
        let mut bytes = text.as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff\xfe.com\n");
        let list = Blocklist::parse("test", &bytes).unwrap();
        let stats = list.stats();
        let domains: Vec<String> = list.domains().collect();
        assert_eq!(
            domains,
            [
                "url.example.com",
                "situs88.com",
                "xn--bcher-kva.de",
                "adblock.example.id",
                "gacor77.net",
                "a.slot.org",
                "b.slot.org",
                "wild.xyz",
            ]
        );
        assert_eq!(
            stats,
            ListStats { lines: 25, domains: 8, blank: 2, comments: 3, duplicates: 2, no_dot: 3, invalid: 8 }
        );
    }

    #[test]
    fn a_list_fed_in_pieces_and_built_in_chunks_is_the_same_list() {
        let text = "# list\nb.com\na.com\n0.0.0.0 c.com d.com\nb.com\n\nlocalhost\ne.com\na.com\nf.com";
        let whole = list("x", text);
        for (piece, chunk) in [(1, 2), (7, 3), (4096, 1), (7, CHUNK_KEYS)] {
            let mut builder = BlocklistBuilder::new("x");
            builder.chunk = chunk;
            for bytes in text.as_bytes().chunks(piece) {
                builder.feed(bytes).unwrap();
            }
            let fed = builder.finish().unwrap();
            assert_eq!(fed.stats(), whole.stats(), "{piece} {chunk}");
            assert_eq!(fed.domains().collect::<Vec<_>>(), whole.domains().collect::<Vec<_>>(), "{piece} {chunk}");
        }
        assert_eq!(whole.len(), 6);
        assert_eq!(whole.stats().duplicates, 2);
        assert_eq!(whole.stats().lines, 10);
        // The HTML check waits for the first 2 KB, or the end.
        let mut builder = BlocklistBuilder::new("x");
        builder.feed(b"<ht").unwrap();
        builder.feed(b"ml>").unwrap();
        assert_eq!(builder.finish().unwrap_err(), BlocklistError::Html);
    }

    proptest::proptest! {
        /// Runs of any size, merged, hold exactly the distinct keys: the set is the one built from all the keys
        /// sorted at once, and merging runs that overlap gives each key once, in order.
        #[test]
        fn merged_runs_are_the_keys_sorted_once(
            domains in proptest::collection::vec("[a-c]{1,3}(\\.[a-c]{1,2}){0,2}\\.(com|id)", 0..60),
            chunk in 1usize..9,
        ) {
            let text: String = domains.iter().map(|d| format!("{d}\n")).collect();
            let mut builder = BlocklistBuilder::new("p");
            builder.chunk = chunk;
            builder.feed(text.as_bytes()).unwrap();
            let built = builder.finish().unwrap();
            let sorted: std::collections::BTreeSet<Vec<u8>> = domains
                .iter()
                .map(|d| {
                    let mut key = Vec::new();
                    push_reversed(&mut key, d);
                    key
                })
                .collect();
            let reference = Set::from_iter(&sorted).unwrap();
            proptest::prop_assert_eq!(built.as_bytes(), reference.as_fst().as_bytes());
            proptest::prop_assert_eq!(built.stats().duplicates as usize, domains.len() - sorted.len());
            let keys: Vec<Vec<u8>> = sorted.iter().cloned().collect();
            let runs: Vec<Run> = keys
                .chunks(chunk)
                .enumerate()
                .map(|(n, part)| {
                    let mut part: Vec<&Vec<u8>> = part.iter().collect();
                    // Runs overlap: each also holds its neighbour's first key.
                    part.extend(keys.get((n + 1) * chunk));
                    part.sort();
                    part.dedup();
                    Run::new(part.into_iter().map(Vec::as_slice))
                })
                .collect();
            let mut merge = Merge::new(&runs);
            let mut back = Vec::new();
            while let Some(key) = merge.next() {
                back.push(key.to_vec());
            }
            proptest::prop_assert_eq!(back, keys);
        }
    }

    #[test]
    fn html_pages_are_refused() {
        for page in ["<!DOCTYPE html><html><body>502</body></html>", "\n  <html lang=id>", "<?xml version=\"1.0\"?>"] {
            assert_eq!(Blocklist::parse("x", page.as_bytes()).unwrap_err(), BlocklistError::Html, "{page}");
        }
        assert!(Blocklist::parse("x", b"").unwrap().is_empty());
    }

    #[test]
    fn a_domain_is_blocked_when_it_or_a_parent_is_listed() {
        let judi = list("trustpositif-judi", "situs88.com\nslot.co.id\n");
        let rows = [
            ("situs88.com", Some("situs88.com")),
            ("www.situs88.com", Some("situs88.com")),
            ("a.b.situs88.com", Some("situs88.com")),
            ("xsitus88.com", None),
            ("situs88.co", None),
            ("com", None),
            ("promo.slot.co.id", Some("slot.co.id")),
            ("co.id", None),
        ];
        for (domain, want) in rows {
            assert_eq!(judi.find(domain).as_deref(), want, "{domain}");
        }
        let stored = Blocklist::from_bytes("again", judi.as_bytes().to_vec(), judi.stats()).unwrap();
        assert_eq!(stored.find("www.situs88.com").as_deref(), Some("situs88.com"));
        assert!(Blocklist::from_bytes("bad", vec![1, 2, 3], ListStats::default()).is_err());
    }

    #[test]
    fn links_get_the_first_list_that_blocks_them() {
        let lists =
            Blocklists { lists: vec![list("judi", "situs88.com\n"), list("porno", "situs88.com\nbokep.net\n")] };
        let text = "situs88[.]com, www.bokep.net/x, bit.ly/abc, baru77.com, ѕitus88.com, t.me/infocuan";
        let got: Vec<(String, Option<Status>)> =
            super::super::extract(text).iter().map(|l| (l.value.clone(), lists.status(l))).collect();
        let blocked = |list: &str, entry: &str| Some(Status::Blocked { list: list.into(), entry: entry.into() });
        assert_eq!(
            got,
            [
                ("situs88.com".to_owned(), blocked("judi", "situs88.com")),
                ("http://www.bokep.net/x".to_owned(), blocked("porno", "bokep.net")),
                ("http://bit.ly/abc".to_owned(), Some(Status::Shortener)),
                ("baru77.com".to_owned(), Some(Status::New)),
                ("situs88.com".to_owned(), blocked("judi", "situs88.com")),
                ("@infocuan".to_owned(), None),
            ]
        );
    }
}
