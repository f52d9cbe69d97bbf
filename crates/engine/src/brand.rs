//! Brand-like tokens: a name followed by one of a rule's numbers (`jaya88`, `ZEUS 138`, `Badai Tujuh Tujuh`),
//! found in a view's folded text without any list of brands.
//!
//! Gambling sites are named like this, and new ones appear faster than any list: the shape is the signal.
//! Ordinary text has names with numbers too (`pasal 303`, `kamar 77`, `harga 88 ribu`), so a name that is a
//! common word written before numbers is not taken as a brand, nor a number that goes on (`88.000`, `88%`).

use crate::ANY_NUMBER;
use crate::fold::Fold;

/// A brand-like token in a folded text: its range, and the range of its number with the fold that disguised it
/// when it was written in words ([`Fold::NumberWord`]) or digit by digit (`zeus 1 3 8`, [`Fold::Separator`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Brand {
    pub start: usize,
    pub end: usize,
    pub number: (usize, usize, Option<Fold>),
    /// The name and its number are one word of the view (`kuda69`, `keludari17`, `ae ro88` is not).
    pub one_word: bool,
}

/// The words of a text (runs of letters and digits, as byte ranges), with what [`brands`] asks of each word of
/// every text, computed once for all the rules.
pub(crate) struct Words {
    spans: Vec<(usize, usize)>,
    kinds: Vec<u8>,
}

impl Words {
    /// The words, as byte ranges of the text.
    pub(crate) fn spans(&self) -> &[(usize, usize)] {
        &self.spans
    }
}

/// The word has a digit.
const DIGIT: u8 = 1;
/// The word starts with a digit.
const NUMERIC: u8 = 2;
/// The word is an Indonesian number word.
const NUMBER_WORD: u8 = 4;

/// Every brand-like token of `text` (a folded view: lowercase, cut into `words` by [`words`]) whose number is one
/// of `numbers`.
pub(crate) fn brands(text: &str, words: &Words, numbers: &[String], number_words: bool, mut found: impl FnMut(Brand)) {
    let any = numbers.iter().any(|m| m == ANY_NUMBER);
    let listed = |n: &str| any_number(n, any) || numbers.iter().any(|m| m == n);
    let (tokens, kinds) = (&words.spans[..], &words.kinds[..]);
    for (k, &(s, e)) in tokens.iter().enumerate() {
        let word = &text[s..e];
        if kinds[k] & DIGIT != 0 {
            // A name and its number in one word: `jaya88`, `dewa4d`, and with leetspeak in the name, `t1t4n168`.
            // Any number after a name is everywhere in addresses (`github.com/budi21/repo`, `@budi21`): there, only
            // the numbers a rule lists make a brand.
            let in_address = text[..s].ends_with(['/', '@', '=']) || text[e..].starts_with('/');
            let number = numbers
                .iter()
                .map(String::as_str)
                .chain((any && !in_address).then(|| trailing_number(word)).flatten())
                .filter(|&n| n != ANY_NUMBER)
                .find(|n| {
                    word.strip_suffix(n).is_some_and(|name| !name.is_empty() && is_name(name) && !is_common(name))
                });
            // A voucher or promo code (`kodenya CUAN88`, `voucher HEMAT50`) is named like a site.
            let code = tokens[..k].iter().rev().take(2).any(|&(ps, pe)| is_code_word(&text[ps..pe]));
            if let Some(n) = number
                && !number_goes_on(text, e)
                && !(code && numbers.iter().all(|m| m == ANY_NUMBER || !word.ends_with(m.as_str())))
            {
                found(Brand { start: s, end: e, number: (e - n.len(), e, None), one_word: true });
                continue;
            }
            // `ae ro88`, `ka ki777`: a name split into short pieces, the last glued to its number.
            // (A single letter glued to a number is a model, `tws m25`, `galaxy a52`.)
            if let Some(n) = (any && !in_address).then(|| trailing_number(word)).flatten()
                && word.len() - n.len() == 2
                && let Some(start) = split_name(text, tokens, k, &word[..word.len() - n.len()])
                && !number_goes_on(text, e)
            {
                found(Brand { start, end: e, number: (start, e, Some(Fold::Separator)), one_word: false });
                continue;
            }
            // `qsl8 8`: the number's first digit glued to the name, the others spread out after it.
            let b = word.as_bytes();
            if b.len() >= 4 && b[b.len() - 1].is_ascii_digit() && is_name(&word[..word.len() - 1]) {
                let (mut digits, last) = spread_digits(text, &tokens[k + 1..], e);
                digits.insert_str(0, &word[word.len() - 1..]);
                if digits.len() >= 2 && listed(&digits) && !number_goes_on(text, last) && !counted(text, last) {
                    found(Brand { start: s, end: last, number: (e - 1, last, Some(Fold::Separator)), one_word: false });
                }
            }
            continue;
        }
        // A name, then a number: first what is cheap to check on every word of a text.
        let Some(&next) = kinds.get(k + 1) else { continue };
        if next & NUMERIC == 0 && !(number_words && next & NUMBER_WORD != 0) {
            continue;
        }
        let (ns, ne) = tokens[k + 1];
        if &text[e..ns] != " " || kinds[k] & NUMBER_WORD != 0 {
            continue;
        }
        // The name in one word (`jaya 88`), or split into short pieces (`ga ru da 138`, `ae ro 88`): then its
        // letters count as spaced, which is how it was disguised.
        let split = if is_name(word) && !is_common(word) { None } else { split_name(text, tokens, k, word) };
        let s = match split {
            Some(start) => start,
            None if is_name(word) && !is_common(word) => s,
            None => continue,
        };
        let spread = |number_start: usize, number_end: usize, fold: Option<Fold>| match split {
            Some(start) => (start, number_end, Some(Fold::Separator)),
            None => (number_start, number_end, fold),
        };
        if tokens[..k].iter().rev().take(2).any(|&(ps, pe)| is_venue(&text[ps..pe])) {
            continue; // `toko jaya 88`, `jalan merdeka 88`: a shop or a place
        }
        if listed(&text[ns..ne]) {
            // `jaya 88`
            if !number_goes_on(text, ne) && !counted(text, ne) {
                found(Brand { start: s, end: ne, number: spread(ns, ne, None), one_word: false });
            }
            continue;
        }
        // `zeus 1 3 8`: single digits spread out after the name.
        let (digits, last) = spread_digits(text, &tokens[k + 1..], e);
        if digits.len() >= 2 {
            if listed(&digits) && !number_goes_on(text, last) && !counted(text, last) {
                found(Brand { start: s, end: last, number: spread(ns, last, Some(Fold::Separator)), one_word: false });
            }
            continue;
        }
        if !number_words {
            continue;
        }
        // `badai tujuh tujuh`, `zeus seratus tiga puluh delapan`
        let mut parts = Vec::new();
        let mut last = e;
        for &(ws, we) in &tokens[k + 1..] {
            if &text[last..ws] != " " {
                break;
            }
            let Some(part) = number_word(&text[ws..we]) else { break };
            parts.push(part);
            last = we;
        }
        if let Some(value) = compose(&parts)
            && listed(&value)
            && !number_goes_on(text, last)
            && !counted(text, last)
        {
            found(Brand { start: s, end: last, number: (ns, last, Some(Fold::NumberWord)), one_word: false });
        }
    }
}

/// The single digits spread out, a space apart, from the word ending at `end` over the `next` words: their digits
/// and where the last ends (`end` when there is none).
fn spread_digits(text: &str, next: &[(usize, usize)], end: usize) -> (String, usize) {
    let (mut digits, mut last) = (String::new(), end);
    for &(ws, we) in next {
        let digit = &text[ws..we];
        if &text[last..ws] != " " || digit.len() != 1 || !digit.as_bytes()[0].is_ascii_digit() {
            break;
        }
        digits.push_str(digit);
        last = we;
    }
    (digits, last)
}

/// Short words of ordinary text (`umur ya 17`, `masuk ke 88`, `main di ae ro88`): never a piece of a split name
/// (sorted, for binary search).
const SHORT_WORDS: &[&str] = &[
    "ad", "ada", "aja", "aku", "and", "apa", "at", "bro", "bu", "dah", "dan", "deh", "dg", "dgn", "di", "dia", "dr",
    "for", "ga", "gak", "gue", "gw", "in", "ini", "itu", "jam", "jd", "kan", "kau", "ke", "kk", "kl", "km", "kok",
    "lah", "lo", "lu", "mau", "mb", "ms", "nih", "no", "nya", "of", "on", "pa", "pun", "sdh", "se", "si", "sih", "sm",
    "the", "tp", "tu", "udh", "utk", "ya", "yg",
];

/// Where a name split into short pieces starts (`ga ru da` before `138`, `ae` before `ro88`): `last`, the piece
/// just before the number, has one or two letters, and the pieces before it (one to three letters each, a single
/// space apart, at most four in all, one of them at least two letters long) make a name of four letters or more.
fn split_name(text: &str, tokens: &[(usize, usize)], k: usize, last: &str) -> Option<usize> {
    let short = |w: &str| (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase());
    if !(1..=2).contains(&last.len()) || !short(last) || SHORT_WORDS.binary_search(&last).is_ok() {
        return None;
    }
    let (mut start, mut letters, mut longest) = (tokens[k].0, last.len(), last.len());
    for &(ps, pe) in tokens[..k].iter().rev().take(3) {
        let piece = &text[ps..pe];
        if &text[pe..start] != " " || !short(piece) || SHORT_WORDS.binary_search(&piece).is_ok() {
            break;
        }
        (start, letters, longest) = (ps, letters + pe - ps, longest.max(pe - ps));
    }
    // Single letters spread out are the spaced view's to join (`b a d a i 7 7`).
    (start < tokens[k].0 && letters >= 4 && longest >= 2).then_some(start)
}

/// Whether `n` is what [`ANY_NUMBER`] stands for: two to four digits, maybe with a final `d` (`17`, `855`, `4d`).
fn any_number(n: &str, any: bool) -> bool {
    let digits = n.strip_suffix('d').unwrap_or(n);
    // A year is a date, not a site's number (`persib 1933`, `piala dunia 2026`).
    let year = digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
    // A leading zero is a model or a serial (`xkt08`, `wm01`), not a site's number.
    let serial = digits.starts_with('0');
    any && (if digits.len() < n.len() { 1..=2 } else { 2..=3 }).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !year
        && !serial
}

/// The number that ends a word of letters and digits, as [`ANY_NUMBER`] takes it (`keludari17` → `17`, `petik4d` →
/// `4d`), when the digits before it are not a longer run (`x12345`).
fn trailing_number(word: &str) -> Option<&str> {
    let b = word.as_bytes();
    let end = if b.last() == Some(&b'd') { b.len() - 1 } else { b.len() };
    let start = b[..end].iter().rposition(|c| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let n = &word[start..];
    any_number(n, true).then_some(n)
}

/// Words before a code that ordinary commerce names like a site (`kode CUAN88`, `voucher HEMAT50`).
fn is_code_word(word: &str) -> bool {
    matches!(
        word,
        "kode" | "kodenya" | "code" | "voucher" | "vocer" | "voucer" | "kupon" | "coupon" | "promo" | "referral"
    )
}

/// Words before a name that make it a shop's or a place's (sorted, for [`is_venue`]).
#[rustfmt::skip]
const VENUES: &[&str] = &[
    "apotek", "bengkel", "blok", "cafe", "cv", "depot", "gang", "gedung", "gereja", "gg", "hotel", "jalan",
    "jl", "jln", "kafe", "kampus", "kios", "klinik", "komplek", "kompleks", "koperasi", "losmen", "mall",
    "masjid", "pasar", "penginapan", "perumahan", "plaza", "po", "pt", "resto", "restoran", "rm", "ruko",
    "rumah", "salon", "sd", "sekolah", "sma", "smk", "smp", "toko", "travel", "ud", "warteg", "warung", "wisma",
];

/// Words that ordinary text puts before a number (sorted, for [`is_common`]).
#[rustfmt::skip]
const COMMON: &[&str] = &[
    "ada", "ags", "agt", "agu", "agustus", "akb", "angka", "angkatan", "apr", "april", "atau", "ayat", "bab",
    "baris", "bis", "blok", "bnk", "budget", "build", "bulan", "bus", "chapter", "code", "covid", "cuma", "dan",
    "dari", "day", "dengan", "densus", "des", "desember", "detik", "diatas", "dibawah", "edisi", "episode", "eps",
    "error", "feb", "februari", "fifa", "gedung", "gelombang", "gen", "gta", "halaman", "hanya", "harga",
    "hari", "hingga", "http", "iphone", "jalan", "jalur", "jam", "jan", "januari", "jkt", "jln", "jul", "juli",
    "jun", "juni", "kamar", "kapasitas", "kelas", "kode", "kuota", "kurang", "lantai", "lebih", "level", "line",
    "lvl", "maret", "mei", "meja", "menit", "minggu", "mnl", "modal", "model", "nilai", "nomer", "nomor", "note",
    "nov", "november", "okt", "oktober", "pada", "page", "part", "pasal", "pes", "pintu", "poin", "point", "port",
    "promo", "pukul", "redmi", "rev", "room", "ruang", "rute", "sampai", "season", "sebanyak", "sekitar", "sep",
    "september", "seri", "sesi", "size", "skor", "snh", "status", "tahun", "tanggal", "tgl", "thn", "tipe", "total",
    "type", "ukuran", "umur", "under", "untuk", "untung", "usia", "uud", "ver", "versi", "version", "vol",
    "windows", "yang",
];

/// Whether a word can be the name part of a brand: ASCII letters, maybe with leetspeak digits, starting with a
/// letter, three letters or more, not one letter repeated.
fn is_name(word: &str) -> bool {
    let b = word.as_bytes();
    b.first().is_some_and(u8::is_ascii_lowercase)
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.iter().filter(|c| c.is_ascii_lowercase()).count() >= 3
        && !b.iter().all(|&c| c == b[0])
}

/// Words before a name that make it a shop's or a place's (`toko jaya 88`, `jalan merdeka 88`).
fn is_venue(word: &str) -> bool {
    VENUES.binary_search(&word).is_ok()
}

/// The words of `text` (runs of letters and digits): bytes for ASCII, characters only beyond it.
pub(crate) fn words(text: &str) -> Words {
    let bytes = text.as_bytes();
    let mut out = Words { spans: Vec::new(), kinds: Vec::new() };
    let mut start = None;
    let (mut kind, mut lower) = (0, true);
    let end_word = |out: &mut Words, s: usize, e: usize, kind: u8, lower: bool| {
        // Number words are 3 to 8 lowercase ASCII letters: only those are looked up.
        let number = lower && (3..=8).contains(&(e - s)) && number_word(&text[s..e]).is_some();
        out.spans.push((s, e));
        out.kinds.push(kind | if number { NUMBER_WORD } else { 0 });
    };
    let mut i = 0;
    while i < bytes.len() {
        let (word, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text[i..].chars().next().map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        };
        match (word, start) {
            (true, None) => {
                start = Some(i);
                (kind, lower) = (if bytes[i].is_ascii_digit() { NUMERIC } else { 0 }, true);
            }
            (false, Some(s)) => {
                end_word(&mut out, s, i, kind, lower);
                start = None;
            }
            _ => {}
        }
        if word {
            kind |= if bytes[i].is_ascii_digit() { DIGIT } else { 0 };
            lower &= bytes[i].is_ascii_lowercase();
        }
        i += len;
    }
    if let Some(s) = start {
        end_word(&mut out, s, text.len(), kind, lower);
    }
    out
}

/// Whether the number ending at `end` goes on: a decimal or thousands part, a time, a date, a range, a
/// percentage or a quantity word (`88.000`, `77:30`, `88/90`, `88%`, `88 ribu`).
fn number_goes_on(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some('.' | ',' | ':' | '/' | '-'), Some(d)) if d.is_ascii_digit() => true,
        (Some('%'), _) => true,
        (Some(' '), _) => {
            let next = rest[1..].split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            matches!(next, "rb" | "ribu" | "k" | "jt" | "juta" | "m" | "miliar" | "persen" | "kg" | "gr" | "km" | "x")
        }
        _ => false,
    }
}

/// Whether the word after `end` counts something, so that a name and a number written apart are a quantity
/// (`indonesia tujuh puluh tujuh tahun`, `toko 88 orang`).
fn counted(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else { return false };
    let next = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    matches!(
        next,
        "tahun"
            | "thn"
            | "bulan"
            | "minggu"
            | "jam"
            | "menit"
            | "detik"
            | "kali"
            | "orang"
            | "peserta"
            | "buah"
            | "unit"
            | "lembar"
            | "ekor"
            | "biji"
            | "pcs"
            | "porsi"
            | "kursi"
            | "meter"
            | "cm"
            | "mm"
            | "derajat"
            | "halaman"
            | "kilo"
            | "liter"
            | "hektar"
            | "ha"
    )
}

/// Words that ordinary text puts before a number: a name written before them is not a brand (`pasal 303`,
/// `kamar 77`, `tahun 88`, `http 303`).
fn is_common(word: &str) -> bool {
    COMMON.binary_search(&word).is_ok()
}

/// A word of an Indonesian number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Digit(u32),
    /// `sepuluh`, `sebelas`, `seratus`.
    Whole(u32),
    /// `puluh` (×10), `ratus` (×100).
    Times(u32),
    /// `belas` (+10).
    Teen,
}

fn number_word(word: &str) -> Option<Part> {
    // Length, first and last letter tell the candidate (one comparison instead of one per number word: this runs
    // on every word of every text).
    let b = word.as_bytes();
    let (&first, &last) = (b.first()?, b.last()?);
    let (spelled, part) = match (b.len(), first, last) {
        (3, b'n', b'l') => ("nol", Part::Digit(0)),
        (6, b'k', b'g') => ("kosong", Part::Digit(0)),
        (4, b's', b'u') => ("satu", Part::Digit(1)),
        (3, b'd', b'a') => ("dua", Part::Digit(2)),
        (4, b't', b'a') => ("tiga", Part::Digit(3)),
        (5, b'e', b't') => ("empat", Part::Digit(4)),
        (4, b'l', b'a') => ("lima", Part::Digit(5)),
        (4, b'e', b'm') => ("enam", Part::Digit(6)),
        (5, b't', b'h') => ("tujuh", Part::Digit(7)),
        (7, b'd', b'n') => ("delapan", Part::Digit(8)),
        (8, b's', b'n') => ("sembilan", Part::Digit(9)),
        (7, b's', b'h') => ("sepuluh", Part::Whole(10)),
        (7, b's', b's') if b[2] == b'b' => ("sebelas", Part::Whole(11)),
        (7, b's', b's') => ("seratus", Part::Whole(100)),
        (5, b'p', b'h') => ("puluh", Part::Times(10)),
        (5, b'r', b's') => ("ratus", Part::Times(100)),
        (5, b'b', b's') => ("belas", Part::Teen),
        _ => return None,
    };
    (word == spelled).then_some(part)
}

/// The digits of a number written in words, a space apart (`tujuh tujuh` → `77`, `seratus tiga puluh delapan` →
/// `138`), as [`brands`] read it: for campaign keys, so that `badai tujuh tujuh` and `badai77` are one name.
pub(crate) fn number_in_words(text: &str) -> Option<String> {
    let parts: Option<Vec<Part>> = text.split(' ').filter(|w| !w.is_empty()).map(number_word).collect();
    compose(&parts?)
}

/// The digits of a number in words: digit by digit (`tujuh tujuh` → `77`, `satu tiga delapan` → `138`), or
/// composed (`tujuh puluh tujuh` → `77`, `tiga ratus tiga` → `303`, `seratus tiga puluh delapan` → `138`).
fn compose(parts: &[Part]) -> Option<String> {
    if parts.len() < 2 && !matches!(parts.first(), Some(Part::Whole(_))) {
        return None; // one digit word is just a number in a sentence
    }
    if parts.iter().all(|p| matches!(p, Part::Digit(_))) {
        return Some(
            parts.iter().map(|p| if let Part::Digit(d) = p { char::from(b'0' + *d as u8) } else { '0' }).collect(),
        );
    }
    let (mut total, mut current) = (0u32, None::<u32>);
    for &p in parts {
        match p {
            Part::Digit(d) => {
                if current.is_some() {
                    return None; // `tujuh tujuh puluh`: not a number
                }
                current = Some(d);
            }
            Part::Whole(n) => total += n,
            Part::Times(n) => total += current.take()? * n,
            Part::Teen => total += 10 + current.take()?,
        }
    }
    Some((total + current.unwrap_or(0)).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, words: bool) -> Vec<&str> {
        let numbers: Vec<String> = ["4d", "77", "88", "138", "303", "777"].iter().map(|s| s.to_string()).collect();
        let mut out = Vec::new();
        brands(text, &super::words(text), &numbers, words, |b| out.push(&text[b.start..b.end]));
        out
    }

    #[test]
    fn brand_like_tokens() {
        let rows: &[(&str, &[&str])] = &[
            ("daftar jaya88 sekarang", &["jaya88"]),
            ("main di dewa4d dan zeus 138", &["dewa4d", "zeus 138"]),
            ("badai tujuh tujuh gacor", &["badai tujuh tujuh"]),
            ("zeus seratus tiga puluh delapan", &["zeus seratus tiga puluh delapan"]),
            ("garuda tiga ratus tiga", &["garuda tiga ratus tiga"]),
            ("mega tujuh puluh tujuh", &["mega tujuh puluh tujuh"]),
            ("hoki tujuh tujuh tujuh", &["hoki tujuh tujuh tujuh"]),
            // Ordinary numbers.
            ("pasal 303 kuhp", &[]),
            ("harga 88 ribu", &[]),
            ("total 88.000", &[]),
            ("diskon 88% hari ini", &[]),
            ("kamar tujuh tujuh", &[]),
            ("skor 77", &[]),
            ("jam 77:30", &[]),
            ("anak2 kata2", &[]),
            ("rtx 3080 dan iphone 13", &[]),
            ("persija 3-1 persib", &[]),
            ("jendela 88", &["jendela 88"]),
            ("aaa88", &[]),
            ("daftar jaya88—sekarang, café88, مرحبا 88", &["jaya88"]),
            ("t1t4n138 dan h0k1w1n303", &["t1t4n138", "h0k1w1n303"]),
            ("koinwd 1 3 8 gacor", &["koinwd 1 3 8"]),
            ("nomor 1 3 8", &[]),
            ("toko jaya 88 dan toko emas permata 88", &[]),
            ("x77q a5288 4d88", &[]),
            ("ab88", &[]),
            ("0812 7788 9900", &[]),
            ("tujuh tujuh", &[]),
            ("jaya tujuh", &[]),
            ("jaya tujuh puluh tujuh ribu", &[]),
            ("indonesia tujuh puluh tujuh tahun", &[]),
            ("jaya88 tahun ini", &["jaya88"]),
        ];
        for (text, wanted) in rows {
            assert_eq!(found(text, true), *wanted, "{text:?}");
        }
        assert_eq!(found("badai tujuh tujuh", false), Vec::<&str>::new());
    }

    #[test]
    fn any_number_makes_a_brand_of_any_name() {
        let numbers = vec![ANY_NUMBER.to_owned()];
        let found = |text: &'static str| {
            let mut out = Vec::new();
            brands(text, &super::words(text), &numbers, true, |b| out.push(&text[b.start..b.end]));
            out
        };
        let rows: &[(&str, &[&str])] = &[
            ("salut keludari17 selalu on time", &["keludari17"]),
            ("main di kuda69 dan petik4d", &["kuda69", "petik4d"]),
            ("keludari 17 dan samudra 855", &["keludari 17", "samudra 855"]),
            ("salam dari qsl8 8 gampang", &["qsl8 8"]),
            // Names split into short pieces.
            ("main di ae ro88 dan ka ki777", &["ae ro88", "ka ki777"]),
            ("coba ga ru da satu tiga delapan", &["ru da satu tiga delapan"]),
            ("umur ya 17 masuk ke 88 di 77", &[]),
            ("review tws m25 dan galaxy s a52", &[]),
            ("aero delapan delapan", &["aero delapan delapan"]),
            // Years, four digits, one digit, common names before numbers, addresses, long runs of digits.
            ("persib 1933 dan piala dunia 2026", &[]),
            ("rtx 3060 dan ryzen 5600", &[]),
            ("kelas 7 dan gta 5", &[]),
            ("covid19, iphone 15, windows 11, fifa 23", &[]),
            ("github.com/budi21/repo dan @budi21", &[]),
            ("x12345 dan abc123456", &[]),
            ("ikut promo ya, kodenya cuan88, voucher hemat50", &[]),
            ("harga 88 ribu, pasal 303", &[]),
        ];
        for (text, wanted) in rows {
            assert_eq!(found(text), *wanted, "{text:?}");
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(COMMON.windows(2).all(|w| w[0] < w[1]) && VENUES.windows(2).all(|w| w[0] < w[1]));
        assert!(SHORT_WORDS.windows(2).all(|w| w[0] < w[1]));
        for word in ["pasal", "kamar", "harga", "http", "yang", "toko", "jalan", "warung"] {
            assert!(is_common(word) || is_venue(word), "{word}");
        }
        for word in ["jaya", "badai", "zeus", "mega"] {
            assert!(!is_common(word) && !is_venue(word), "{word}");
        }
    }

    #[test]
    fn numbers_in_words() {
        let parse = |s: &str| compose(&s.split(' ').map(|w| number_word(w).unwrap()).collect::<Vec<_>>());
        assert_eq!(parse("tujuh tujuh").as_deref(), Some("77"));
        assert_eq!(parse("satu tiga delapan").as_deref(), Some("138"));
        assert_eq!(parse("tujuh puluh tujuh").as_deref(), Some("77"));
        assert_eq!(parse("seratus enam puluh delapan").as_deref(), Some("168"));
        assert_eq!(parse("dua belas").as_deref(), Some("12"));
        assert_eq!(parse("delapan ratus delapan puluh delapan").as_deref(), Some("888"));
        assert_eq!(parse("tujuh tujuh puluh"), None);
        assert_eq!(parse("tujuh"), None);
    }
}
