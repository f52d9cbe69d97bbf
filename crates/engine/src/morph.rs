//! Morphology: the affixed forms of a term, generated when a pack is compiled.
//!
//! Generating forms keeps the scan a pure automaton with exact spans, where a runtime stemmer would be slow and
//! would need a root dictionary (`DESIGN.md`). Forms are made from the plain fold of a term; they over-generate
//! a little (not every root takes every affix), which costs nothing but automaton states, since a form that no
//! one writes never matches.

use serde::Deserialize;

/// Which affixes a rule's terms take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Morphology {
    /// Terms match as written (the default).
    #[default]
    None,
    /// Indonesian: prefixes `di-`, `ter-`, `ke-`, `se-`, `ber-`, `per-`, `meN-`/`peN-` with their sound changes,
    /// colloquial `nge-` and nasal `N-`; suffixes `-kan`, `-i`, `-an`, `-nya`, `-lah`, `-in`, `-ku`, `-mu`,
    /// `-kah`; the usual confixes; reduplication `X-X` and `X2`.
    Id,
    /// Arabic: the article `ال` and the proclitics `و ف ب ل ك` before a word.
    Ar,
}

/// Roots shorter than this take no affixes: their forms would be ordinary words (`ke` + `bu`).
const MIN_ROOT: usize = 3;

const SUFFIXES: &[&str] =
    &["kan", "i", "an", "nya", "lah", "in", "ku", "mu", "kah", "kannya", "inya", "annya", "innya", "lah"];

/// Prefix and suffix pairs that Indonesian uses together (`di-…-kan`, `pe-…-an`, `ke-…-an`).
const CONFIXES: &[(Prefix, &str)] = &[
    (Prefix::Plain("di"), "kan"),
    (Prefix::Plain("di"), "i"),
    (Prefix::Plain("di"), "in"),
    (Prefix::Plain("di"), "nya"),
    (Prefix::Plain("di"), "kannya"),
    (Prefix::Plain("ter"), "kan"),
    (Prefix::Plain("ke"), "an"),
    (Prefix::Plain("per"), "an"),
    (Prefix::Plain("per"), "kan"),
    (Prefix::Plain("se"), "nya"),
    (Prefix::Ber, "an"),
    (Prefix::Nasal("me"), "kan"),
    (Prefix::Nasal("me"), "i"),
    (Prefix::Nasal("me"), "nya"),
    (Prefix::Nasal("pe"), "an"),
    (Prefix::Nasal("pe"), "nya"),
    (Prefix::Colloquial, "in"),
    (Prefix::Colloquial, "nya"),
];

#[derive(Clone, Copy)]
enum Prefix {
    Plain(&'static str),
    /// `ber-`, which loses its `r` before a root starting with `r` (`berenang`).
    Ber,
    /// `meN-` or `peN-`: the nasal takes the place of the root's first sound.
    Nasal(&'static str),
    /// Spoken Jakarta forms: `nge-` and the bare nasal (`nembak`, `nyerang`, `ngirim`).
    Colloquial,
}

const PLAIN_PREFIXES: &[Prefix] = &[
    Prefix::Plain("di"),
    Prefix::Plain("ter"),
    Prefix::Plain("ke"),
    Prefix::Plain("se"),
    Prefix::Plain("per"),
    Prefix::Ber,
    Prefix::Nasal("me"),
    Prefix::Nasal("pe"),
    Prefix::Colloquial,
];

const ARABIC_PROCLITICS: &[&str] = &["ال", "و", "ف", "ب", "ل", "ك", "وال", "فال", "بال", "كال", "لل", "ول", "وب", "فب"];

/// The affixed forms of `term` (plain-folded), without `term` itself. A phrase takes prefixes on its first word
/// and suffixes on its last.
#[cfg(test)] // the reference for the faster code that compiles packs
pub(crate) fn forms(term: &str, morphology: Morphology) -> Vec<String> {
    let words: Vec<&str> = term.split(' ').collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return Vec::new() };
    let mut out = Vec::new();
    match morphology {
        Morphology::None => {}
        Morphology::Id => {
            let latin = |w: &str| w.chars().count() >= MIN_ROOT && w.chars().all(|c| c.is_ascii_lowercase());
            let single = words.len() == 1;
            if latin(first) {
                let rest = &term[first.len()..];
                for &prefix in PLAIN_PREFIXES {
                    for head in prefixed(prefix, first) {
                        out.push(format!("{head}{rest}"));
                    }
                }
            }
            if latin(last) {
                let init = &term[..term.len() - last.len()];
                for suffix in SUFFIXES {
                    out.push(format!("{init}{last}{suffix}"));
                }
            }
            if single && latin(first) {
                for &(prefix, suffix) in CONFIXES {
                    for head in prefixed(prefix, first) {
                        out.push(format!("{head}{suffix}"));
                    }
                }
                out.push(format!("{first}-{first}"));
                out.push(format!("{first}2"));
            }
        }
        Morphology::Ar => {
            let arabic = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| ('\u{0620}'..='\u{064A}').contains(&c));
            if arabic(first) && !first.starts_with("ال") {
                let rest = &term[first.len()..];
                out.extend(ARABIC_PROCLITICS.iter().map(|p| format!("{p}{first}{rest}")));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|f| f != term);
    out
}

/// The forms of one term, written one after another into one buffer (no allocation per form): what
/// [`forms_into`] makes, reused from term to term.
#[derive(Default)]
pub(crate) struct Forms {
    buf: String,
    ranges: Vec<(u32, u32)>,
    /// The ranges with the numbers they are sorted by, reused from term to term.
    keyed: Vec<(u64, (u32, u32))>,
}

impl Forms {
    fn clear(&mut self) {
        self.buf.clear();
        self.ranges.clear();
    }

    fn push(&mut self, parts: &[&str]) {
        let start = self.buf.len() as u32;
        for part in parts {
            self.buf.push_str(part);
        }
        self.ranges.push((start, self.buf.len() as u32));
    }

    fn get(&self, (s, e): (u32, u32)) -> &str {
        &self.buf[s as usize..e as usize]
    }

    /// The forms, in the order [`forms`] gives them.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.ranges.iter().map(|&r| self.get(r))
    }
}

/// The same as [`forms`] into `out` (cleared first), in the same order, without a string per form: the compile
/// of a pack with morphology makes tens of forms per term.
pub(crate) fn forms_into(term: &str, morphology: Morphology, out: &mut Forms) {
    out.clear();
    let mut words = term.split(' ');
    let first = words.next().unwrap_or("");
    let last = words.next_back().unwrap_or(first);
    let single = !term.contains(' ');
    match morphology {
        Morphology::None => return,
        Morphology::Id => {
            let latin = |w: &str| w.len() >= MIN_ROOT && w.bytes().all(|c| c.is_ascii_lowercase());
            if latin(first) {
                let rest = &term[first.len()..];
                for &prefix in PLAIN_PREFIXES {
                    each_prefixed(prefix, first, |head| out.push(&[head[0], head[1], head[2], rest]));
                }
            }
            if latin(last) {
                for suffix in SUFFIXES {
                    out.push(&[term, suffix]);
                }
            }
            if single && latin(first) {
                for &(prefix, suffix) in CONFIXES {
                    each_prefixed(prefix, first, |head| out.push(&[head[0], head[1], head[2], suffix]));
                }
                out.push(&[first, "-", first]);
                out.push(&[first, "2"]);
            }
        }
        Morphology::Ar => {
            let arabic = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| ('\u{0620}'..='\u{064A}').contains(&c));
            if arabic(first) && !first.starts_with("ال") {
                for p in ARABIC_PROCLITICS {
                    out.push(&[p, term]);
                }
            }
        }
    }
    let Forms { buf, ranges, keyed } = out;
    let text = |&(s, e): &(u32, u32)| &buf[s as usize..e as usize];
    // Sorted by their first eight bytes as a number first (zeros after a shorter text), which orders as the
    // texts do where it differs: a string comparison each is slow in wasm, and these are tens per term. The
    // numbers are made once per form, not once per comparison.
    keyed.clear();
    keyed.extend(ranges.iter().map(|r| (crate::words::head(text(r).as_bytes()), *r)));
    keyed.sort_unstable_by(|(ha, a), (hb, b)| ha.cmp(hb).then_with(|| text(a).cmp(text(b))));
    keyed.dedup_by(|(_, a), (_, b)| text(a) == text(b));
    ranges.clear();
    ranges.extend(keyed.iter().map(|&(_, r)| r).filter(|r| text(r) != term));
}

/// Calls `f` with each spelling of `root` with `prefix` (as [`prefixed`] gives them), in three pieces.
fn each_prefixed<'a>(prefix: Prefix, root: &'a str, mut f: impl FnMut([&'a str; 3])) {
    match prefix {
        Prefix::Plain(p) => f([p, "", root]),
        Prefix::Ber => f(if root.starts_with('r') { ["be", "", root] } else { ["ber", "", root] }),
        Prefix::Nasal(p) => each_nasal(root, |[a, b]| f([p, a, b])),
        Prefix::Colloquial => {
            f(["nge", "", root]);
            each_nasal(root, |[a, b]| {
                let mut chars = a.chars().chain(b.chars());
                let ok = match (chars.next(), chars.next()) {
                    (Some('n'), Some('g' | 'y')) => true,
                    (Some('n' | 'm'), Some(c)) => is_vowel(c),
                    _ => false,
                };
                if ok {
                    f(["", a, b]);
                }
            });
        }
    }
}

/// Calls `f` with each stem of [`nasal`], in two pieces.
fn each_nasal<'a>(root: &'a str, mut f: impl FnMut([&'a str; 2])) {
    let mut chars = root.chars();
    let (Some(c0), c1) = (chars.next(), chars.next()) else { return };
    let rest = &root[c0.len_utf8()..];
    let vowel_next = c1.is_some_and(is_vowel);
    f(match c0 {
        c if is_vowel(c) => ["ng", root],
        'b' | 'f' | 'v' => ["m", root],
        'p' if vowel_next => ["m", rest],
        'p' => ["m", root],
        'm' | 'n' | 'l' | 'r' | 'w' | 'y' => ["", root],
        'd' | 'c' | 'j' | 'z' => ["n", root],
        's' if vowel_next => ["ny", rest],
        't' if vowel_next => ["n", rest],
        's' | 't' => ["n", root],
        'k' if vowel_next => ["ng", rest],
        'k' | 'g' | 'h' => ["ng", root],
        _ => ["", root],
    });
    if root.chars().filter(|&c| is_vowel(c)).count() == 1 {
        f(["nge", root]);
    }
}

/// `root` with `prefix`, in every spelling the prefix takes before it.
#[cfg(test)] // the reference for the faster code that compiles packs
fn prefixed(prefix: Prefix, root: &str) -> Vec<String> {
    match prefix {
        Prefix::Plain(p) => vec![format!("{p}{root}")],
        Prefix::Ber => vec![if root.starts_with('r') { format!("be{root}") } else { format!("ber{root}") }],
        Prefix::Nasal(p) => nasal(root).into_iter().map(|stem| format!("{p}{stem}")).collect(),
        Prefix::Colloquial => {
            let mut v = vec![format!("nge{root}")];
            // The bare nasal form is the meN- form without `me`, where that starts with a nasal and a vowel
            // or `ng`/`ny` (`nembak`, `nyerang`, `ngirim`, `mukul`); `njual` and `mbom` are not said.
            for stem in nasal(root) {
                let mut chars = stem.chars();
                let ok = match (chars.next(), chars.next()) {
                    (Some('n'), Some('g' | 'y')) => true,
                    (Some('n' | 'm'), Some(c)) => is_vowel(c),
                    _ => false,
                };
                if ok {
                    v.push(stem);
                }
            }
            v
        }
    }
}

/// The root after the nasal of `meN-`/`peN-` (`N` + root, with the sound change), e.g. `tembak` → `nembak`,
/// `serang` → `nyerang`, `kirim` → `ngirim`, `pukul` → `mukul`, `bom` → `mbom` and `ngebom`.
#[cfg(test)] // the reference for the faster code that compiles packs
fn nasal(root: &str) -> Vec<String> {
    let mut chars = root.chars();
    let (Some(c0), c1) = (chars.next(), chars.next()) else { return Vec::new() };
    let rest = &root[c0.len_utf8()..];
    let vowel_next = c1.is_some_and(is_vowel);
    let mut v = match c0 {
        c if is_vowel(c) => vec![format!("ng{root}")],
        'b' | 'f' | 'v' => vec![format!("m{root}")],
        'p' if vowel_next => vec![format!("m{rest}")],
        'p' => vec![format!("m{root}")],
        'm' | 'n' | 'l' | 'r' | 'w' | 'y' => vec![root.to_owned()],
        'd' | 'c' | 'j' | 'z' => vec![format!("n{root}")],
        's' if vowel_next => vec![format!("ny{rest}")],
        't' if vowel_next => vec![format!("n{rest}")],
        's' | 't' => vec![format!("n{root}")],
        'k' if vowel_next => vec![format!("ng{rest}")],
        'k' | 'g' | 'h' => vec![format!("ng{root}")],
        _ => vec![root.to_owned()],
    };
    // One-syllable roots take `menge-`/`penge-` (`mengebom`).
    if root.chars().filter(|&c| is_vowel(c)).count() == 1 {
        v.push(format!("nge{root}"));
    }
    v
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a root, forms that must be generated, and words that must not be.
    #[test]
    fn indonesian_forms() {
        let rows: &[(&str, &[&str], &[&str])] = &[
            (
                "tembak",
                &["menembak", "penembak", "nembak", "ditembak", "tembakan", "penembakan", "tembak2"],
                &["mentembak"],
            ),
            ("serang", &["menyerang", "penyerangan", "nyerang", "diserang", "serangan"], &["menserang"]),
            ("kirim", &["mengirim", "ngirim", "dikirim", "kiriman", "mengirimkan"], &["mengkirim"]),
            ("pukul", &["memukul", "mukul", "pemukul"], &["mempukul"]),
            ("bom", &["mengebom", "ngebom", "membom", "pengeboman", "bom-bom"], &["mbom"]),
            ("jihad", &["berjihad", "jihadnya", "jihad-jihad"], &["jihadis"]),
            ("judi", &["berjudi", "penjudi", "perjudian", "judian", "menjudikan"], &["judisial"]),
            ("jual", &["menjual", "dijual", "jualan", "ngejual", "penjualan", "jualin"], &["njual"]),
            ("rakit", &["merakit", "perakit", "berakit", "dirakit"], &["berrakit"]),
            ("ambil", &["mengambil", "ngambil", "diambil"], &[]),
            ("klaim", &["mengklaim", "diklaim"], &["mengaim"]),
            ("transfer", &["mentransfer", "ditransfer"], &["menransfer"]),
            ("jual sabu", &["menjual sabu", "jual sabunya"], &["menjual sabunya", "jual-jual sabu"]),
        ];
        for (root, wanted, unwanted) in rows {
            let got = forms(root, Morphology::Id);
            for w in *wanted {
                assert!(got.iter().any(|g| g == w), "{root}: {w} missing from {got:?}");
            }
            for w in *unwanted {
                assert!(!got.iter().any(|g| g == w), "{root}: {w} must not be generated");
            }
            assert!(!got.iter().any(|g| g == root), "{root}: the term itself is not a form");
        }
    }

    /// The forms made into one buffer are those of [`forms`], in the same order.
    #[test]
    fn forms_into_agrees_with_forms() {
        let terms = [
            "tembak",
            "serang",
            "kirim",
            "pukul",
            "bom",
            "jihad",
            "judi",
            "jual",
            "rakit",
            "ambil",
            "klaim",
            "transfer",
            "jual sabu",
            "ab",
            "12345",
            "slot",
            "aaa",
            "ngeri",
            "nyanyi",
            "pp",
            "été",
            "udara",
            "fvz",
            "kkk",
            "ssa",
            "taaat",
            "hantam balik lagi",
            "x y",
            "zeb",
            "طاغوت",
            "الطاغوت",
            "ا",
            "طا غوت",
            "judi 88",
            "88 judi",
            "wow",
        ];
        let mut buf = Forms::default();
        for term in terms {
            for morphology in [Morphology::None, Morphology::Id, Morphology::Ar] {
                forms_into(term, morphology, &mut buf);
                let got: Vec<&str> = buf.iter().collect();
                assert_eq!(got, forms(term, morphology), "{term} {morphology:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn forms_into_agrees_with_forms_everywhere(term in "[a-z]{0,3}[a-zé2 -]{0,8}") {
            let mut buf = Forms::default();
            forms_into(&term, Morphology::Id, &mut buf);
            let got: Vec<&str> = buf.iter().collect();
            proptest::prop_assert_eq!(got, forms(&term, Morphology::Id));
        }
    }

    #[test]
    fn short_or_foreign_roots_take_no_affixes() {
        assert!(forms("ab", Morphology::Id).is_empty());
        assert!(forms("12345", Morphology::Id).is_empty());
        assert!(forms("slot", Morphology::None).is_empty());
    }

    #[test]
    fn arabic_proclitics() {
        let got = forms("طاغوت", Morphology::Ar);
        for w in ["الطاغوت", "والطاغوت", "بالطاغوت", "للطاغوت"] {
            assert!(got.iter().any(|g| g == w), "{w} missing");
        }
        assert!(forms("الطاغوت", Morphology::Ar).is_empty());
    }
}
