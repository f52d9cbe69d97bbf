//! The general fold: any view, character by character, as *units* that each know their original range.
//!
//! The plain fold's per-character work comes first; then, for the later views, the folds that need context
//! (separators between single letters, leetspeak inside words, runs of a repeated letter) rewrite a buffer of
//! units. The buffer is flushed wherever no later character can change an earlier decision (whitespace after a
//! word of two or more characters), so memory stays bounded by the longest word, not the text.
//!
//! The same code folds texts, folds terms, explains matches (the union of the folds of the units a match covers)
//! and serves as the reference that the fast plain fold is tested against.

use super::align::Builder;
use super::{
    CharFold, Fold, Folded, Folds, Replacement, View, ascii_letters, confusable, fold_char, is_connector, is_word_char,
    leet,
};

/// One folded character and the original range it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    pub ch: char,
    pub start: u32,
    pub end: u32,
    /// The only character folded from exactly one original character (see `Builder::push`).
    pub single: bool,
    /// The folds that made it.
    pub folds: Folds,
    /// Made by a fold of this view that the plain view does not have.
    pub evidence: bool,
}

/// Past this many buffered units, whitespace flushes the buffer even inside a run of single letters.
const MAX_BUFFER: usize = 1 << 14;

/// Folds `original` in `view` (streaming, bounded memory).
pub(crate) fn fold_view(original: &str, view: View) -> Folded {
    let mut out = Sink { builder: Builder::with_capacity(original.len()), evidence: Vec::with_capacity(8) };
    walk(original, view, &mut out);
    let (text, align) = out.builder.finish();
    Folded { text, align, evidence: out.evidence }
}

/// [`fold_view`], with every final unit also written to `also` (to measure the view in the same pass).
pub(crate) fn fold_view_with(original: &str, view: View, also: &mut impl Out) -> Folded {
    let evidence = Vec::with_capacity(8);
    let mut out = Tee(Sink { builder: Builder::with_capacity(original.len()), evidence }, also);
    walk(original, view, &mut out);
    let (text, align) = out.0.builder.finish();
    Folded { text, align, evidence: out.0.evidence }
}

/// Writes the final units to a folded text and to another [`Out`].
struct Tee<'a, O>(Sink, &'a mut O);

impl<O: Out> Out for Tee<'_, O> {
    fn write(&mut self, u: &Unit) {
        self.0.write(u);
        self.1.write(u);
    }

    fn stretch(&mut self, run: &str, at: usize, letters: usize) {
        self.0.stretch(run, at, letters);
        self.1.stretch(run, at, letters);
    }
}

/// Where the final units of a view go: a folded text, or a measure of its disguise.
pub(crate) trait Out {
    /// A final unit.
    fn write(&mut self, u: &Unit);
    /// `run`, found at `at`: words of two or more ASCII letters without a letter three times in a row, and such
    /// words followed by a comma or a full stop, each one whitespace byte from the next, starting with a word
    /// without punctuation and ending with one, or with a punctuated word and one whitespace byte that end the
    /// text. Every view folds it alike, one byte for one: lowercased, each whitespace byte a
    /// space; the same as each byte to [`Out::write`] as a unit of its own.
    /// `letters`: how many letters it has.
    fn stretch(&mut self, run: &str, at: usize, letters: usize);
}

/// Folds `original` in `view` into `out`, streaming.
pub(crate) fn walk(original: &str, view: View, out: &mut impl Out) {
    let mut stage = Stage::new(view);
    let bytes = original.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if let Some(len) = plain_word(bytes, at) {
            // Nothing of a later view applies to it, and it ends every decision about what came before.
            stage.flush(out);
            // So do the plain words that follow it one whitespace byte apart, and the punctuated words between
            // them (`kata,`): no fold of any view changes what is between two plain words there (no leetspeak,
            // no letter three times, no piece of one character to join, no space run), so the stretch goes out
            // at once, as the same units one by one would.
            let (mut end, mut last) = (at + len, len);
            let mut read = end; // the end of the last word read, plain or punctuated
            // The letters up to `end`, and those of the punctuated words read since.
            let (mut letters, mut pending) = (len, 0);
            while bytes.get(read).is_some_and(|&b| is_space_byte(b)) {
                let (next, triple) = ascii_letters(bytes.get(read + 1..).unwrap_or(&[]));
                if next < 2 || triple {
                    break;
                }
                let after = read + 1 + next;
                match bytes.get(after) {
                    // A plain word (the same as `plain_word` there).
                    None | Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => {
                        (read, end, last) = (after, after, next);
                        (letters, pending) = (letters + pending + next, 0);
                    }
                    // A punctuated word, that whitespace follows; when that whitespace ends the text (`kata.\n`
                    // ends most messages), it ends the stretch: nothing comes after it to join or glue.
                    Some(b',' | b'.') if bytes.get(after + 1).is_some_and(|&b| is_space_byte(b)) => {
                        read = after + 1;
                        pending += next;
                        if read + 1 == bytes.len() {
                            (end, last, letters) = (bytes.len(), next, letters + pending);
                            break;
                        }
                    }
                    _ => break,
                }
            }
            out.stretch(original.get(at..end).unwrap_or(""), at, letters);
            stage.left = Some((last, true));
            at = end;
            continue;
        }
        if let Some(&b) = bytes.get(at).filter(|b| b.is_ascii()) {
            // What `base_char` does with an ASCII character, without its general path.
            let (start, end) = (at as u32, at as u32 + 1);
            let unit = |ch: u8, folds: Folds| Unit { ch: ch as char, start, end, single: true, folds, evidence: false };
            match b {
                b'\'' | b'`' => stage.absorb(end, Fold::Separator.into()),
                _ if is_space_byte(b) => stage.push(unit(b' ', Folds::NONE), out),
                b'A'..=b'Z' => stage.push(unit(b.to_ascii_lowercase(), Fold::Case.into()), out),
                _ => stage.push(unit(b, Folds::NONE), out),
            }
            at += 1;
            continue;
        }
        let Some(c) = original.get(at..).and_then(|rest| rest.chars().next()) else { break };
        base_char(c, at, view, &mut |unit| match unit {
            Base::Unit(u) => stage.push(u, out),
            Base::Absorb(end, folds) => stage.absorb(end, folds),
        });
        at += c.len_utf8();
    }
    stage.flush(out);
}

/// Whitespace that is one byte (and one character).
#[inline]
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The length of the word at `at` if it is two or more ASCII letters, without a letter three times in a row,
/// between whitespace (or the ends of the text): most words of any text, which every view folds alike.
#[inline]
fn plain_word(bytes: &[u8], at: usize) -> Option<usize> {
    let space = |b: &u8| is_space_byte(*b);
    if !at.checked_sub(1).and_then(|i| bytes.get(i)).is_none_or(space) {
        return None;
    }
    let (len, triple) = ascii_letters(bytes.get(at..)?);
    let plain = len >= 2 && !triple && bytes.get(at + len).is_none_or(space);
    plain.then_some(len)
}

/// All the final units of `original` in `view`, in one buffer: for terms, explanations and tests.
pub(crate) fn units(original: &str, view: View) -> Vec<Unit> {
    let mut all = Vec::new();
    units_into(original, view, &mut all);
    all
}

/// [`units`] into `all`, which is cleared first (to reuse its memory).
pub(crate) fn units_into(original: &str, view: View, all: &mut Vec<Unit>) {
    all.clear();
    for (at, c) in original.char_indices() {
        base_char(c, at, view, &mut |unit| match unit {
            Base::Unit(u) => all.push(u),
            Base::Absorb(end, folds) => absorb_into(all.last_mut(), end, folds),
        });
    }
    rewrite(all, view, None);
}

enum Base {
    Unit(Unit),
    /// A removed character: its range and folds join the previous unit.
    Absorb(u32, Folds),
}

/// The per-character part of every view for the character `c` at `at`: the plain fold, whitespace as `' '`,
/// and (after the plain view) look-alikes.
#[inline]
fn base_char(c: char, at: usize, view: View, emit: &mut impl FnMut(Base)) {
    let (start, end) = (at as u32, (at + c.len_utf8()) as u32);
    if c.is_whitespace() {
        emit(Base::Unit(Unit { ch: ' ', start, end, single: true, folds: Folds::NONE, evidence: false }));
        return;
    }
    let mut one = |ch: char, folds: Folds, single: bool| {
        let ch = if ch.is_whitespace() { ' ' } else { ch };
        let replacement = if view == View::Plain { None } else { confusable(ch) };
        match replacement {
            None => emit(Base::Unit(Unit { ch, start, end, single, folds, evidence: false })),
            Some(Replacement::Char(r, kinds)) => {
                let folds = folds.union(kinds).union(Fold::Confusable.into());
                emit(Base::Unit(Unit { ch: r, start, end, single, folds, evidence: true }));
            }
            Some(Replacement::Str(s, kinds)) => {
                let folds = folds.union(kinds).union(Fold::Confusable.into());
                let single = single && s.chars().count() == 1;
                for r in s.chars() {
                    emit(Base::Unit(Unit { ch: r, start, end, single, folds, evidence: true }));
                }
            }
        }
    };
    match fold_char(c) {
        CharFold::Drop(folds) => emit(Base::Absorb(end, folds)),
        CharFold::One(f, folds) => one(f, folds, true),
        CharFold::Many(chars, folds) => chars.for_each(|f| one(f, folds, false)),
    }
}

fn absorb_into(last: Option<&mut Unit>, end: u32, folds: Folds) {
    if let Some(u) = last {
        u.end = u.end.max(end);
        u.single = false;
        u.folds = u.folds.union(folds);
    }
}

/// Writes final units into a folded text.
struct Sink {
    builder: Builder,
    evidence: Vec<u32>,
}

impl Out for Sink {
    fn write(&mut self, u: &Unit) {
        if u.evidence {
            self.evidence.push(self.builder.len() as u32);
        }
        self.builder.push(u.ch, u.start as usize, u.end as usize, u.single);
    }

    fn stretch(&mut self, run: &str, at: usize, _: usize) {
        // Each space continues the words' linear piece (one byte for one, at the same offset): one piece check.
        self.builder.push_ascii_spaced(run, at);
    }
}

/// The buffer of units not yet final.
struct Stage {
    view: View,
    buffer: Vec<Unit>,
    /// The last piece of the flushed text (length, has a letter), if nothing but separators came after it.
    left: Option<(usize, bool)>,
}

impl Stage {
    fn new(view: View) -> Stage {
        // Room for a disguised word or two without growing (the buffer holds at most a few words).
        Stage { view, buffer: Vec::with_capacity(32), left: None }
    }

    fn push(&mut self, u: Unit, out: &mut impl Out) {
        if u.ch == ' ' && self.flushable() {
            self.flush(out);
        }
        self.buffer.push(u);
    }

    fn absorb(&mut self, end: u32, folds: Folds) {
        // The buffer is empty only before the first unit (a flush keeps the whitespace that caused it): removed
        // characters there belong to nothing.
        absorb_into(self.buffer.last_mut(), end, folds);
    }

    /// Whether whitespace arriving now can be a cut: no decision about the buffered units depends on what comes
    /// after it. True after a piece of two or more characters (never joined to the next one), or after a
    /// character that is neither part of a word nor a separator.
    fn flushable(&self) -> bool {
        let n = self.buffer.len();
        let Some(last) = self.buffer.last().map(|u| u.ch) else { return false };
        if last == ' ' {
            return false; // the whitespace run goes on: it must become one space
        }
        if self.view == View::Plain || n >= MAX_BUFFER {
            return true;
        }
        if is_piece_char(last) { n >= 2 && is_piece_char(self.buffer[n - 2].ch) } else { !is_connector(last) }
    }

    fn flush(&mut self, out: &mut impl Out) {
        if self.buffer.is_empty() {
            return;
        }
        if self.buffer.len() == 1 && self.buffer[0].ch == ' ' {
            // The space between two words, the most common flush: nothing to rewrite.
            out.write(&self.buffer[0]);
            self.buffer.clear();
            return;
        }
        self.left = rewrite(&mut self.buffer, self.view, self.left);
        for u in &self.buffer {
            out.write(u);
        }
        self.buffer.clear();
    }
}

/// A character that can be part of a piece: letters, digits and leetspeak symbols.
fn is_piece_char(c: char) -> bool {
    is_word_char(c) || leet(c).is_some()
}

/// Rewrites base units into final units, in place: separators (spaced view), leetspeak and repeats (later
/// views), whitespace runs (all views). `left` describes the piece just before `units`, if only separators
/// follow it. Returns the same for the end of `units`.
fn rewrite(units: &mut Vec<Unit>, view: View, left: Option<(usize, bool)>) -> Option<(usize, bool)> {
    let next_left = last_piece(units, left);
    if view == View::Spaced {
        separators(units, left);
    }
    if view != View::Plain {
        leetspeak(units);
        repeats(units);
    }
    whitespace(units);
    next_left
}

fn last_piece(units: &[Unit], left: Option<(usize, bool)>) -> Option<(usize, bool)> {
    let mut len = 0;
    let mut letter = false;
    for u in units.iter().rev() {
        if is_piece_char(u.ch) {
            len += 1;
            letter |= u.ch.is_alphabetic();
        } else if len > 0 || !(u.ch == ' ' || is_connector(u.ch)) {
            return (len > 0).then_some((len, letter));
        }
    }
    if len > 0 { Some((len, letter)) } else { left }
}

/// The spaced view's separators. Between two single-character pieces (one of them a letter, or both digits
/// continuing a run already joined with a letter: `B A D A I 7 7` → `badai77`) separators are dropped:
/// `j.i.h.a.d` → `jihad`, `[M][E][G][A]` → `[mega]`, `B🔥A🔥D🔥A🔥I` → `badai`. Between two pieces with letters, punctuation glued to both (no whitespace)
/// becomes one space: `slot_gacor` → `slot gacor`; `judi. Online` is ordinary writing and stays. So do symbols,
/// emoji or `_` glued between a piece with letters and one of digits: `ALEXIS⭐17` → `alexis 17`. Anything else
/// is left to the other rules.
fn separators(units: &mut Vec<Unit>, left: Option<(usize, bool)>) {
    // Compacts in place: `w` never passes `i`, so what is still to be read is never overwritten.
    let (mut w, mut i) = (0, 0);
    // The piece before the current position, if only separators came since: (length, has letter, first is letter).
    let mut before: Option<(usize, bool, bool)> = left.map(|(len, letter)| (len, letter, letter && len == 1));
    // Whether the piece before was joined into a run of single characters that has a letter. (Not carried
    // across a flush: the buffer is cut inside such a run only past `MAX_BUFFER` units.)
    let mut run = false;
    while i < units.len() {
        let start = i;
        if is_piece_char(units[i].ch) {
            while i < units.len() && is_piece_char(units[i].ch) {
                i += 1;
            }
            let piece = &units[start..i];
            before = Some((piece.len(), piece.iter().any(|u| u.ch.is_alphabetic()), piece[0].ch.is_alphabetic()));
            units.copy_within(start..i, w);
            w += i - start;
            continue;
        }
        if !is_separator(units[i].ch) {
            before = None;
            run = false;
            units[w] = units[i];
            (w, i) = (w + 1, i + 1);
            continue;
        }
        while i < units.len() && is_separator(units[i].ch) {
            i += 1;
        }
        let next_len = units[i..].iter().take_while(|u| is_piece_char(u.ch)).count();
        let next = (next_len > 0).then(|| {
            let letter = units[i..i + next_len].iter().any(|u| u.ch.is_alphabetic());
            (next_len, letter, units[i].ch.is_alphabetic())
        });
        match (before, next) {
            (Some((1, _, first_letter)), Some((1, _, next_letter))) if first_letter || next_letter || run => {
                // Joined: the next piece carries the evidence; the dropped separators lie inside any match
                // that spans both pieces.
                units[i].folds.insert(Fold::Separator);
                units[i].evidence = true;
                run = true;
            }
            (Some((_, before_letter, _)), Some((_, next_letter, _)))
                if units[start..i].iter().all(|u| u.ch != ' ')
                    && ((before_letter && next_letter)
                        || ((before_letter || next_letter)
                            && units[start..i].iter().all(|u| glues_a_number(u.ch)))) =>
            {
                run = false;
                let folds = units[start..i].iter().fold(Folds::from(Fold::Separator), |f, u| f.union(u.folds));
                let (first, last) = (units[start].start, units[i - 1].end);
                units[w] = Unit { ch: ' ', start: first, end: last, single: false, folds, evidence: true };
                w += 1;
            }
            _ => {
                run = false;
                units.copy_within(start..i, w);
                w += i - start;
            }
        }
    }
    units.truncate(w);
}

/// Separators that glue a name to its number as a disguise (`ALEXIS⭐17`, `WETON_88`): symbols, emoji and the
/// underscore. ASCII punctuation between letters and digits is ordinary writing (`covid-19`, `v2.3`, `Rp.10`).
pub(crate) fn glues_a_number(c: char) -> bool {
    c == '_' || !c.is_ascii()
}

fn is_separator(c: char) -> bool {
    c == ' ' || is_connector(c)
}

/// Leetspeak inside words with at least one letter: digits anywhere (but a final `2` after a letter is
/// Indonesian reduplication, `kata2`, and two or more final digits after letters only are a number, `jaya88`,
/// as is a final `4d`, `dewa4d`), symbols only with a letter or digit somewhere before and after them in the
/// piece (`bersama!` keeps its `!`, and so does the second `$` of `s$$`, whatever follows).
fn leetspeak(units: &mut [Unit]) {
    let mut i = 0;
    while i < units.len() {
        if !is_piece_char(units[i].ch) {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && is_piece_char(units[i].ch) {
            i += 1;
        }
        let word = &mut units[start..i];
        if !word.iter().any(|u| u.ch.is_alphabetic()) {
            continue;
        }
        let last = word.len() - 1;
        // A number after a name stays a number (`zeus138`, `jaya88`): two or more digits ending a word that is
        // letters before them (`b4nt41` is leetspeak throughout); and so does togel's `4d` after three letters
        // or more (`dewa4d`).
        let digits = word.iter().rev().take_while(|u| u.ch.is_ascii_digit()).count();
        let letters_before = |n: usize| word[..word.len() - n].iter().all(|u| u.ch.is_alphabetic());
        let togel = word.len() >= 5 && word[last - 1].ch == '4' && word[last].ch == 'd' && letters_before(2);
        let number = if digits >= 2 && letters_before(digits) {
            word.len() - digits
        } else if togel {
            word.len() - 2
        } else {
            word.len()
        };
        for j in 0..word.len() {
            let c = word[j].ch;
            let Some(letter) = leet(c) else { continue };
            let convert = if c.is_ascii_digit() {
                j < number && !(c == '2' && j == last && j > 0 && word[j - 1].ch.is_alphabetic())
            } else {
                word[..j].iter().any(|u| is_word_char(u.ch)) && word[j + 1..].iter().any(|u| is_word_char(u.ch))
            };
            if convert {
                word[j].ch = letter;
                word[j].folds.insert(Fold::Leet);
                word[j].evidence = true;
            }
        }
    }
}

/// A letter three or more times in a row becomes one (`gacooor` → `gacor`); doubles stay, since Indonesian
/// spells with them (`maaf`, `tinggal`).
fn repeats(units: &mut Vec<Unit>) {
    let (mut w, mut i) = (0, 0);
    while i < units.len() {
        let u = units[i];
        let run = units[i..].iter().take_while(|v| v.ch == u.ch).count();
        if run >= 3 && u.ch.is_alphabetic() {
            let mut merged = u;
            for v in &units[i + 1..i + run] {
                merged.end = merged.end.max(v.end);
                merged.folds = merged.folds.union(v.folds);
            }
            merged.folds.insert(Fold::Repeat);
            merged.single = false;
            merged.evidence = true;
            units[w] = merged;
            w += 1;
        } else {
            units.copy_within(i..i + run, w);
            w += run;
        }
        i += run;
    }
    units.truncate(w);
}

/// A whitespace run is one space.
fn whitespace(units: &mut Vec<Unit>) {
    units.dedup_by(|next, prev| {
        if next.ch == ' ' && prev.ch == ' ' {
            prev.end = prev.end.max(next.end);
            prev.single = false;
            prev.folds = prev.folds.union(next.folds);
            prev.evidence |= next.evidence;
            true
        } else {
            false
        }
    });
}
