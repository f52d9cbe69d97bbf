//! Folding: the matching forms ("views") of a text, each with an alignment map back to the original.
//!
//! A folded text is for matching only, never for display. Every view is made by one fused pass over the original
//! characters that applies all of the view's folds at once and records where every folded byte came from
//! (`DESIGN.md` explains the pipeline and the alignment). Terms are folded by the same code, so text and term meet
//! in the same alphabet. This module knows nothing of rules or packs.

mod align;
mod tables;
mod units;

pub(crate) use align::Alignment;
pub(crate) use units::{Out, Unit, fold_view, fold_view_with, units, units_into, walk};

/// One kind of fold: a way in which the matched text differs from the rule's term.
///
/// [`Match::folds`](crate::Match::folds) lists the folds that changed the matched text, so that the analyst can
/// see *how* a message disguised a term (and the score can weigh it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Fold {
    /// Upper case to lower case (`SLOT` → `slot`).
    Case,
    /// Unicode compatibility forms: fullwidth, mathematical alphanumerics (`𝙎𝙇𝙊𝙏`), circled and squared
    /// letters, superscripts, ligatures.
    Compatibility,
    /// Accents and other combining marks removed (`jüdï`, zalgo text).
    Diacritic,
    /// Default-ignorable characters removed: zero-width spaces and joiners, soft hyphens, variation selectors.
    Ignorable,
    /// Arabic normalization: harakat and tatweel removed, alef/ya/ta-marbuta variants, Persian yeh and kaf,
    /// Arabic-Indic digits.
    Arabic,
    /// Look-alikes from other scripts (Cyrillic `о`, Greek `ο`, small capitals, regional indicators).
    Confusable,
    /// Digits and symbols inside a word read as letters (`sl0t`, `j!had`, `s4bu`).
    Leet,
    /// Separators inside a word (`j.i.h.a.d`, `L-I-V-E`, one letter per line), between the words of a phrase
    /// (`slot_gacor`), and apostrophes (`bai'at`).
    Separator,
    /// A letter repeated three times or more (`gacooor`).
    Repeat,
    /// The text matched an affixed form of the term (`menembak` for `tembak`).
    Morphology,
    /// Lines, strokes and frames drawn over letters by combining marks: low line and overline (`S͟U͟R͟Y͟A͟`,
    /// `[̲̅M]`), strike-through (`s̶l̶o̶t̶`), enclosing circles and keycaps (`8️⃣`).
    Overlay,
    /// A number written in Indonesian words next to a name (`Badai Tujuh Tujuh` for `badai77`), where a rule
    /// asks for it (`number_words = true`).
    NumberWord,
}

impl Fold {
    /// Every fold, in declaration order.
    pub const ALL: [Fold; 12] = [
        Fold::Case,
        Fold::Compatibility,
        Fold::Diacritic,
        Fold::Ignorable,
        Fold::Arabic,
        Fold::Confusable,
        Fold::Leet,
        Fold::Separator,
        Fold::Repeat,
        Fold::Morphology,
        Fold::Overlay,
        Fold::NumberWord,
    ];

    /// A lowercase name, e.g. `confusable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Fold::Case => "case",
            Fold::Compatibility => "compatibility",
            Fold::Diacritic => "diacritic",
            Fold::Ignorable => "ignorable",
            Fold::Arabic => "arabic",
            Fold::Confusable => "confusable",
            Fold::Leet => "leet",
            Fold::Separator => "separator",
            Fold::Repeat => "repeat",
            Fold::Morphology => "morphology",
            Fold::Overlay => "overlay",
            Fold::NumberWord => "number-word",
        }
    }

    /// Whether the fold undoes a disguise rather than an ordinary way of writing (case, Arabic spelling
    /// variants and affixes are ordinary).
    pub fn is_disguise(self) -> bool {
        !matches!(self, Fold::Case | Fold::Arabic | Fold::Morphology)
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// A set of [`Fold`]s.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Folds(u16);

impl Folds {
    /// No fold.
    pub const NONE: Folds = Folds(0);

    /// Whether `fold` is in the set.
    pub fn contains(self, fold: Fold) -> bool {
        self.0 & fold.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of folds in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Adds `fold`.
    pub fn insert(&mut self, fold: Fold) {
        self.0 |= fold.bit();
    }

    /// The folds of both sets.
    #[must_use]
    pub fn union(self, other: Folds) -> Folds {
        Folds(self.0 | other.0)
    }

    /// The folds of the set that undo a disguise (see [`Fold::is_disguise`]).
    #[must_use]
    pub fn disguises(self) -> Folds {
        self.iter().filter(|f| f.is_disguise()).collect()
    }

    /// The set without `fold`.
    #[must_use]
    pub(crate) fn without(self, fold: Fold) -> Folds {
        Folds(self.0 & !fold.bit())
    }

    /// The folds, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Fold> {
        Fold::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    /// The set of kinds stored in the generated tables (their low 8 bits follow `Fold`'s order).
    pub(crate) const fn from_table(bits: u32) -> Folds {
        Folds((bits & 0xFF) as u16)
    }
}

impl FromIterator<Fold> for Folds {
    fn from_iter<I: IntoIterator<Item = Fold>>(iter: I) -> Folds {
        let mut set = Folds::NONE;
        iter.into_iter().for_each(|f| set.insert(f));
        set
    }
}

impl From<Fold> for Folds {
    fn from(fold: Fold) -> Folds {
        Folds(fold.bit())
    }
}

impl std::fmt::Debug for Folds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// A matching form of a text. Every view is matched separately; a match found in several is reported once, from
/// the first view that found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum View {
    /// Compatibility forms, case, diacritics, ignorables, apostrophes, Arabic normalization, whitespace runs.
    Plain,
    /// The plain view, plus look-alikes, leetspeak inside words and letters repeated three times or more.
    Disguised,
    /// The disguised view, plus separators: single letters spread out (`j i h a d`, `L-I-V-E`) are joined, and
    /// punctuation glued between two words (`slot_gacor`) becomes a space.
    Spaced,
}

impl View {
    /// Every view, in the order they are matched.
    pub const ALL: [View; 3] = [View::Plain, View::Disguised, View::Spaced];

    /// A lowercase name, e.g. `disguised`.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Plain => "plain",
            View::Disguised => "disguised",
            View::Spaced => "spaced",
        }
    }

    pub(crate) const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The text as the rules see it in `view`: what terms and `patterns` are matched against.
///
/// ```
/// use tapis_engine::{View, normalize};
///
/// assert_eq!(normalize("Info 𝙎𝙇𝙊𝙏  GACOR\u{200B}!", View::Plain), "info slot gacor!");
/// assert_eq!(normalize("sl0t gacooor", View::Disguised), "slot gacor");
/// assert_eq!(normalize("j.i.h.a.d", View::Spaced), "jihad");
/// ```
pub fn normalize(text: &str, view: View) -> String {
    match view {
        View::Plain => fold_plain(text).0.text,
        _ => fold_view(text, view).text,
    }
}

/// A view of a text: the folded text and its alignment map back to the original.
pub(crate) struct Folded {
    /// The matching form.
    pub text: String,
    /// Where every folded byte came from.
    pub align: Alignment,
    /// Sorted folded offsets of the characters that this view folded differently from the plain view. A match
    /// in a later view counts only if it covers one: otherwise the plain view would have found it, or it is an
    /// artefact of a lossy fold (`slotbb` for the term `slot88`).
    pub evidence: Vec<u32>,
}

impl Folded {
    /// Whether the folded range `start..end` covers a character this view folded differently from the plain view.
    pub fn has_evidence(&self, start: usize, end: usize) -> bool {
        let i = self.evidence.partition_point(|&e| (e as usize) < start);
        self.evidence.get(i).is_some_and(|&e| (e as usize) < end)
    }
}

/// Which later views can differ from the plain one for a text, so that a clean text is folded and matched once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Triggers {
    pub disguised: bool,
    pub spaced: bool,
}

/// How one character folds in the plain view.
pub(crate) enum CharFold {
    /// Removed (ignorable, combining mark, tatweel, apostrophe): its range joins the previous character's.
    Drop(Folds),
    /// Replaced by one character.
    One(char, Folds),
    /// Replaced by several characters (`ß` → `ss`, `ﬁ` → `fi`), or by a full lowercase mapping.
    Many(CharIter, Folds),
}

/// The characters of a [`CharFold::Many`].
pub(crate) enum CharIter {
    Pool(std::str::Chars<'static>),
    Lower(std::char::ToLowercase),
}

impl Iterator for CharIter {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            CharIter::Pool(chars) => chars.next(),
            CharIter::Lower(chars) => chars.next(),
        }
    }
}

/// The plain fold of one character. Whitespace is left to the caller.
#[inline]
pub(crate) fn fold_char(c: char) -> CharFold {
    if c.is_ascii() {
        return match c {
            'A'..='Z' => CharFold::One(c.to_ascii_lowercase(), Fold::Case.into()),
            '\'' | '`' => CharFold::Drop(Fold::Separator.into()),
            _ => CharFold::One(c, Folds::NONE),
        };
    }
    if is_overlay(c) {
        return CharFold::Drop(Fold::Overlay.into());
    }
    if let Some(digit) = enclosed_digit(c) {
        return CharFold::One(digit, Fold::Compatibility.into());
    }
    match lookup(tables::FOLD, c) {
        Some(Replacement::Char(r, kinds)) => CharFold::One(r, kinds),
        Some(Replacement::Str(s, kinds)) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (None, _) => CharFold::Drop(kinds),
                (Some(one), None) => CharFold::One(one, kinds),
                _ => CharFold::Many(CharIter::Pool(s.chars()), kinds),
            }
        }
        None => {
            let mut lower = c.to_lowercase();
            if lower.len() == 1 {
                let l = lower.next().unwrap_or(c);
                CharFold::One(l, if l == c { Folds::NONE } else { Fold::Case.into() })
            } else {
                CharFold::Many(CharIter::Lower(lower), Fold::Case.into())
            }
        }
    }
}

/// Combining marks that draw a line, a stroke or a frame over a letter rather than accent it: low lines and
/// overlines (`S͟U͟R͟Y͟A͟`), overlays and strike-through (`s̶l̶o̶t̶`), the marks for symbols with the enclosing
/// circle, square and keycap (`8️⃣`). Removed like every combining mark, but reported as [`Fold::Overlay`].
#[inline]
const fn is_overlay(c: char) -> bool {
    matches!(c, '\u{0305}' | '\u{0331}'..='\u{0333}' | '\u{0334}'..='\u{0338}' | '\u{033F}' | '\u{035F}'
        | '\u{0489}' | '\u{20D0}'..='\u{20F0}')
}

/// Digits in circles that have no compatibility decomposition (the circled `①` has one): negative circled
/// (`❶`, `⓿`), sans-serif circled and negative circled (`➀`, `➊`), double circled (`⓵`). One digit each; the
/// tens (`❿`) are left alone.
#[inline]
fn enclosed_digit(c: char) -> Option<char> {
    let digit = match c as u32 {
        n @ 0x2776..=0x277E => n - 0x2775,
        n @ 0x2780..=0x2788 => n - 0x277F,
        n @ 0x278A..=0x2792 => n - 0x2789,
        n @ 0x24F5..=0x24FD => n - 0x24F4,
        0x24FF | 0x1F10B | 0x1F10C => 0,
        _ => return None,
    };
    char::from_digit(digit, 10)
}

/// The ASCII letters or digits a (plain-folded, non-ASCII) character imitates, if it is a known look-alike.
#[inline]
pub(crate) fn confusable(c: char) -> Option<Replacement> {
    if c.is_ascii() { None } else { lookup(tables::CONFUSABLE, c) }
}

/// A table's replacement for a character.
pub(crate) enum Replacement {
    Char(char, Folds),
    Str(&'static str, Folds),
}

fn lookup(table: &[(u32, u32, u32)], c: char) -> Option<Replacement> {
    let cp = c as u32;
    let i = table.partition_point(|&(first, _, _)| first <= cp).checked_sub(1)?;
    let (first, last, value) = table[i];
    if cp > last {
        return None;
    }
    let kinds = Folds::from_table(value);
    if value & 1 << 8 != 0 {
        let r = char::from_u32((value >> 9) + (cp - first))?;
        Some(Replacement::Char(r, kinds))
    } else {
        let (at, len) = ((value >> 16) as usize, (value >> 9 & 0x7F) as usize);
        tables::POOL.get(at..at + len).map(|s| Replacement::Str(s, kinds))
    }
}

/// Characters that leetspeak uses for letters.
#[inline]
pub(crate) const fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' => 'i',
        '2' => 'z',
        '3' | '€' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '6' | '9' => 'g',
        '7' => 't',
        '8' => 'b',
        '|' => 'l',
        _ => return None,
    })
}

/// Letters and digits make words; everything else separates them.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Punctuation that people put between the letters of a word, or between the words of a phrase, to dodge filters.
#[inline]
pub(crate) const fn is_connector(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '-'
            | '_'
            | '/'
            | '\\'
            | '*'
            | '~'
            | ':'
            | ';'
            | '+'
            | '='
            | '^'
            | '#'
            | '"'
            | '·'
            | '•'
            | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '―'
            | '․'
            | '‧'
            | '∙'
            | '⋅'
            | '・'
            // Brackets around single letters: `[M][E][G][A]`, `(J)(A)(Y)(A)`, `【S】【L】`.
            | '(' | ')' | '[' | ']' | '{' | '}'
            | '【' | '】' | '〔' | '〕' | '〖' | '〗' | '「' | '」' | '『' | '』' | '⟦' | '⟧' | '⦅' | '⦆'
            | '（' | '）' | '［' | '］' | '｛' | '｝'
            // Symbols and emoji between letters: arrows, shapes, stars, dingbats, pictographs.
            | '\u{2190}'..='\u{21FF}'
            | '\u{2300}'..='\u{23FF}'
            | '\u{25A0}'..='\u{27BF}'
            | '\u{2900}'..='\u{297F}'
            | '\u{2B00}'..='\u{2BFF}'
            | '\u{1F300}'..='\u{1FAFF}'
    )
}

/// The plain view of `original`, and which later views could differ from it.
///
/// This is the hot path: every text goes through it, so it works on bytes for ASCII and looks characters up only
/// when it must. It must give the same text and alignment as [`fold_view`] with [`View::Plain`] (tested).
pub(crate) fn fold_plain(original: &str) -> (Folded, Triggers) {
    let mut out = align::Builder::with_capacity(original.len());
    let triggers = plain_pass(original, &mut out);
    let (text, align) = out.finish();
    (Folded { text, align, evidence: Vec::new() }, triggers)
}

/// Which later views could differ from the plain one for `original`, without writing its plain view (for the
/// forms of terms, at compile time).
pub(crate) fn plain_triggers(original: &str) -> Triggers {
    plain_pass(original, &mut NoText)
}

/// The plain fold of `original` into `out`, and its triggers.
#[inline]
fn plain_pass(original: &str, out: &mut impl PlainOut) -> Triggers {
    let mut triggers = TriggerScan::default();
    let bytes = original.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                out.space(at, at + 1);
                triggers.see(' ');
                at += 1;
                // Then words of two or more ASCII letters without a letter three times in a row, each followed by
                // one whitespace byte: most of any text, written at once and seen by the triggers at once.
                let from = at;
                let mut last = 0;
                while let Some(len) = spaced_word(bytes, at) {
                    (at, last) = (at + len + 1, len);
                }
                if at > from {
                    out.push_words(original.get(from..at).unwrap_or(""), from);
                    triggers.see_words(last);
                }
            }
            b'\'' | b'`' => {
                out.absorb(at + 1);
                at += 1;
            }
            _ if byte.is_ascii() => {
                // A run of ASCII that folds one byte for one byte: most of any text.
                let len = bytes[at..].iter().position(|&b| !is_plain_ascii(b)).unwrap_or(bytes.len() - at);
                let run = &bytes[at..at + len];
                out.push_ascii(original.get(at..at + len).unwrap_or(""), at);
                triggers.see_ascii(run);
                at += len;
            }
            _ => {
                let Some(c) = original.get(at..).and_then(|rest| rest.chars().next()) else { break };
                let end = at + c.len_utf8();
                if c.is_whitespace() {
                    out.space(at, end);
                    triggers.see(' ');
                } else {
                    match fold_char(c) {
                        CharFold::Drop(_) => out.absorb(end),
                        CharFold::One(f, _) => push_folded(out, &mut triggers, f, at, end, true),
                        CharFold::Many(chars, _) => {
                            chars.for_each(|f| push_folded(out, &mut triggers, f, at, end, false))
                        }
                    }
                }
                at = end;
            }
        }
    }
    triggers.finish();
    Triggers { disguised: triggers.disguised, spaced: triggers.spaced }
}

/// The length of the word at `at`, if it is two or more ASCII letters without a letter three times in a row and
/// a whitespace byte follows it.
#[inline]
fn spaced_word(bytes: &[u8], at: usize) -> Option<usize> {
    let word = bytes.get(at..)?;
    let (len, triple) = ascii_letters(word);
    let spaced = len >= 2 && !triple && matches!(word.get(len), Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C));
    spaced.then_some(len)
}

/// The ASCII letters that `bytes` starts with: how many, and whether one of them comes three times in a row (in
/// any case), in one pass.
#[inline]
pub(crate) fn ascii_letters(bytes: &[u8]) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `v` that is zero.
    let zero = |v: u64| !(((v & !HIGH) + !HIGH) | v) & HIGH;
    let Some(&chunk) = bytes.first_chunk::<8>() else { return ascii_letters_from(bytes, 0, (0, 0, false)) };
    // The first eight bytes at once: which are letters (ASCII, `a`..=`z` once lowercased), and where three in a
    // row are the same letter (bytes compared with the next one and the one after, within the letters).
    let x = u64::from_le_bytes(chunk);
    let lower = x | (0x20 * ONES);
    let low7 = lower & !HIGH; // no carry from one byte to the next below
    let letters = (low7 + (0x80 - u64::from(b'a')) * ONES) & !(low7 + (0x7F - u64::from(b'z')) * ONES) & !x & HIGH;
    let len = ((!letters & HIGH).trailing_zeros() / 8) as usize;
    let starts = if len >= 3 { (1u64 << (8 * (len - 2))) - 1 } else { 0 };
    let triple = zero(lower ^ lower >> 8) & zero(lower ^ lower >> 16) & starts != 0;
    if len < 8 {
        return (len, triple);
    }
    ascii_letters_from(bytes, 8, (chunk[7] | 0x20, chunk[6] | 0x20, triple))
}

/// [`ascii_letters`] from `len` letters on, the last two (lowercased) `one` and `two` before them.
#[inline]
fn ascii_letters_from(bytes: &[u8], len: usize, (one, two, triple): (u8, u8, bool)) -> (usize, bool) {
    // The two letters before, lowercased (0 before the first: never a letter).
    let (mut one, mut two, mut triple, mut len) = (one, two, triple, len);
    for &b in &bytes[len..] {
        let letter = LOWER_LETTER[b as usize];
        if letter == 0 {
            break;
        }
        triple |= letter == one && letter == two;
        (two, one) = (one, letter);
        len += 1;
    }
    (len, triple)
}

/// Each ASCII letter lowercased, and 0 for every other byte.
static LOWER_LETTER: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphabetic() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Where the plain pass writes: the folded text and its alignment, or nowhere (only the triggers are wanted).
trait PlainOut {
    fn space(&mut self, start: usize, end: usize);
    fn absorb(&mut self, end: usize);
    fn push_ascii(&mut self, run: &str, start: usize);
    /// Words of ASCII letters found at `start`, each followed by one whitespace byte, right after whitespace: the
    /// same as [`PlainOut::push_ascii`] of each word and [`PlainOut::space`] of each whitespace byte.
    fn push_words(&mut self, run: &str, start: usize);
    fn push(&mut self, c: char, start: usize, end: usize, single: bool);
}

impl PlainOut for align::Builder {
    #[inline]
    fn space(&mut self, start: usize, end: usize) {
        align::Builder::space(self, start, end);
    }
    #[inline]
    fn absorb(&mut self, end: usize) {
        align::Builder::absorb(self, end);
    }
    #[inline]
    fn push_ascii(&mut self, run: &str, start: usize) {
        align::Builder::push_ascii(self, run, start);
    }
    #[inline]
    fn push_words(&mut self, run: &str, start: usize) {
        // No whitespace run: each space follows a word, so it is written (one byte for one) and not joined.
        align::Builder::push_ascii_spaced(self, run, start);
    }
    #[inline]
    fn push(&mut self, c: char, start: usize, end: usize, single: bool) {
        align::Builder::push(self, c, start, end, single);
    }
}

struct NoText;

impl PlainOut for NoText {
    fn space(&mut self, _: usize, _: usize) {}
    fn absorb(&mut self, _: usize) {}
    fn push_ascii(&mut self, _: &str, _: usize) {}
    fn push_words(&mut self, _: &str, _: usize) {}
    fn push(&mut self, _: char, _: usize, _: usize, _: bool) {}
}

/// ASCII that the plain fold maps one byte to one byte (whitespace and apostrophes it does not).
#[inline]
fn is_plain_ascii(b: u8) -> bool {
    PLAIN_ASCII[b as usize]
}

static PLAIN_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !matches!(b as u8, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'\'' | b'`');
        b += 1;
    }
    table
};

#[inline]
fn push_folded(out: &mut impl PlainOut, triggers: &mut TriggerScan, f: char, start: usize, end: usize, single: bool) {
    if f.is_whitespace() {
        out.space(start, end);
        triggers.see(' ');
    } else {
        out.push(f, start, end, single);
        triggers.see(f);
    }
}

/// What a character is to the later views' rules, as bits.
const LETTER: u8 = 1;
/// Leetspeak can read it as a letter.
const LEET: u8 = 2;
/// Part of a piece: a letter, a digit or a leet symbol.
const PIECE: u8 = 4;
const SPACE: u8 = 8;
const CONNECTOR: u8 = 16;

const fn ascii_class(c: char) -> u8 {
    let mut class = 0;
    if c.is_ascii_alphabetic() {
        class |= LETTER;
    }
    if leet(c).is_some() {
        class |= LEET;
    }
    if c.is_ascii_alphanumeric() || leet(c).is_some() {
        class |= PIECE;
    }
    if c == ' ' {
        class |= SPACE;
    }
    if is_connector(c) {
        class |= CONNECTOR;
    }
    class
}

static ASCII_CLASS: [u8; 128] = {
    let mut table = [0; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = ascii_class(i as u8 as char);
        i += 1;
    }
    table
};

#[inline]
fn class(c: char) -> u8 {
    match ASCII_CLASS.get(c as usize) {
        Some(&class) => class,
        None => {
            let letter = c.is_alphabetic();
            let leet = leet(c).is_some();
            (if letter { LETTER } else { 0 })
                | (if leet { LEET } else { 0 })
                | (if is_word_char(c) || leet { PIECE } else { 0 })
                | (if is_connector(c) { CONNECTOR } else { 0 })
        }
    }
}

/// Watches the plain view's characters go by for anything a later view would fold differently. It may say yes
/// too often (then a view is folded for nothing), never too rarely: `units.rs` applies the same rules exactly.
#[derive(Default)]
struct TriggerScan {
    disguised: bool,
    spaced: bool,
    /// The previous character, its class, and how many times in a row it came.
    prev: char,
    prev_class: u8,
    run: u32,
    /// The piece being read: its length, whether it has a letter, whether it starts with one.
    piece_len: u32,
    piece_letter: bool,
    piece_first_letter: bool,
    /// The piece before the separators since it, if only separators came since.
    before: Option<(u32, bool, bool)>,
    sep_connector: bool,
    sep_space: bool,
    /// Whether the separators since the last piece could glue a name to its number (`units::glues_a_number`).
    sep_glue: bool,
}

impl TriggerScan {
    #[inline]
    fn see(&mut self, c: char) {
        if self.disguised && self.spaced {
            return;
        }
        if !c.is_ascii() && confusable(c).is_some() {
            // A look-alike can also turn a symbol into a letter, and so make a piece: both later views.
            self.disguised = true;
            self.spaced = true;
            return;
        }
        let class = class(c);
        let letter = class & LETTER != 0;
        // Disguised: a leet character next to a letter, or a letter three times in a row.
        if c == self.prev {
            self.run = self.run.saturating_add(1);
            self.disguised |= letter && self.run >= 3;
        } else {
            self.disguised |=
                (letter && self.prev_class & LEET != 0) || (class & LEET != 0 && self.prev_class & LETTER != 0);
            self.run = 1;
        }
        self.prev = c;
        self.prev_class = class;
        // Spaced: single-character pieces with only separators between them, or a connector glued between two
        // words.
        if class & PIECE != 0 {
            if self.piece_len == 0 {
                self.piece_first_letter = letter;
            }
            self.piece_len = self.piece_len.saturating_add(1);
            self.piece_letter |= letter;
        } else {
            self.end_piece();
            if class & SPACE != 0 {
                self.sep_space = true;
            } else if class & CONNECTOR != 0 {
                if !self.sep_connector {
                    self.sep_glue = true;
                }
                self.sep_connector = true;
                self.sep_glue &= units::glues_a_number(c);
            } else {
                self.before = None;
            }
        }
    }

    /// Sees a run of ASCII without whitespace or apostrophes (as it was before folding). A word of letters only,
    /// the common case, is seen at once.
    #[inline]
    fn see_ascii(&mut self, run: &[u8]) {
        if self.disguised && self.spaced {
            return;
        }
        let letters = run.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(run.len());
        if letters < run.len() {
            // The letters at once, then what follows them (`kata,`) one by one: the same as all one by one.
            self.see_ascii(&run[..letters]);
            run[letters..].iter().for_each(|&b| self.see(b.to_ascii_lowercase() as char));
            return;
        }
        let Some(&last) = run.last() else { return };
        let same = |a: u8, b: u8| a.eq_ignore_ascii_case(&b);
        // Letters in a row: those that continue the previous character's run, then those inside the word.
        let prev = if self.prev.is_ascii() { self.prev as u8 } else { 0 };
        let leading = run.iter().take_while(|&&b| same(b, prev)).count();
        let trailing = run.iter().rev().take_while(|&&b| same(b, last)).count();
        let continued = if leading > 0 { self.run as usize + leading } else { 0 };
        self.disguised |= continued >= 3
            || run.windows(3).any(|w| same(w[0], w[1]) && same(w[1], w[2]))
            || self.prev_class & LEET != 0;
        self.run = if leading == run.len() { continued } else { trailing } as u32;
        self.prev = last.to_ascii_lowercase() as char;
        self.prev_class = LETTER | PIECE;
        if self.piece_len == 0 {
            self.piece_first_letter = true;
        }
        self.piece_len = self.piece_len.saturating_add(run.len() as u32);
        self.piece_letter = true;
    }

    /// Sees, right after whitespace, words of two or more ASCII letters without a letter three times in a row,
    /// each followed by one whitespace byte; the last word is `last` letters long. The same as [`TriggerScan::see_ascii`]
    /// of each word and [`TriggerScan::see`] of each space: no trigger (no leetspeak next to a letter, no letter
    /// three times in a row, no piece of one character, no connector), and what is left is the state after the
    /// last space.
    #[inline]
    fn see_words(&mut self, last: usize) {
        if self.disguised && self.spaced {
            return;
        }
        // The last word's piece, ended by its space.
        self.before = Some((last as u32, true, true));
        self.piece_len = 0;
        self.piece_letter = false;
        self.piece_first_letter = true;
        self.sep_connector = false;
        self.sep_glue = false;
        self.sep_space = true;
        self.prev = ' ';
        self.prev_class = SPACE;
        self.run = 1;
    }

    fn end_piece(&mut self) {
        if self.piece_len == 0 {
            return;
        }
        if let Some((len, letter, first_letter)) = self.before {
            let join = len == 1 && self.piece_len == 1 && (first_letter || self.piece_first_letter);
            let glued = self.sep_connector
                && !self.sep_space
                && ((letter && self.piece_letter) || ((letter || self.piece_letter) && self.sep_glue));
            if join || glued {
                self.spaced = true;
            }
        }
        self.before = Some((self.piece_len, self.piece_letter, self.piece_first_letter));
        self.piece_len = 0;
        self.piece_letter = false;
        self.sep_connector = false;
        self.sep_space = false;
        self.sep_glue = false;
    }

    fn finish(&mut self) {
        self.end_piece();
    }
}

#[cfg(test)]
pub(crate) mod tests;
