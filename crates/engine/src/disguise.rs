//! Measuring disguise: how much of a text was written so that filters miss it.
//!
//! Ordinary people rarely write in styled letters, spread a word out letter by letter or swap in look-alikes
//! from another script; promoters of unknown sites do it all the time (`𝐉𝐀𝐘𝐀𝟖𝟖`, `🅜🅔🅖🅐`, `S͟U͟R͟Y͟A͟`,
//! `B A D A I 7 7`). So the disguise itself is evidence. [`Disguise`] counts, over the letters and digits a
//! view folded a text into, those that a disguise made, and gives the share as a score that rules can ask for
//! (`disguise`, `message_disguise`, `disguised_words` in `docs/rules.md`).

use crate::View;
use crate::fold::{Fold, Folded, Folds, Out, Unit, fold_view_with, walk};

/// How disguised a text is: the matched text of a [`Match`](crate::Match), or a whole message
/// ([`Scan::message_disguise`](crate::Scan::message_disguise)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Disguise {
    /// The disguises undone (only folds for which [`Fold::is_disguise`] holds).
    pub folds: Folds,
    /// Letters and digits of the folded text.
    pub letters: u32,
    /// Of those, written in styled forms: mathematical, fullwidth, circled or squared letters, keycaps, letters
    /// with lines or strokes drawn over them, accents, invisible characters inside.
    pub styled: u32,
    /// Spread apart by spaces, punctuation, brackets or emoji (`B A D A I`, `[M][E]`), or glued with them.
    pub spaced: u32,
    /// Swapped: look-alikes from other scripts, small capitals, leetspeak, letters repeated, numbers in words.
    pub swapped: u32,
    /// Words that mix look-alikes of another script with Latin letters (`slоt` with a Cyrillic `о`). All their
    /// letters count as swapped: nobody mixes scripts inside a word by accident.
    pub mixed_words: u32,
    /// Words that mix alphabets of styled letters, or styled letters with plain ones (`𝐝ax69`, `𝘋𝘖𝑅𝐀`). All
    /// their letters count as styled: nobody mixes alphabets inside a word by accident.
    pub mixed_styles: u32,
    /// The share of letters and digits that any disguise made, in percent (0 to 100).
    pub score: u8,
}

impl Disguise {
    /// The score as a fraction, 0.0 to 1.0.
    pub fn share(&self) -> f32 {
        f32::from(self.score) / 100.0
    }

    /// Whether nothing was disguised.
    pub fn is_none(&self) -> bool {
        self.score == 0 && self.folds.disguises().is_empty()
    }
}

const STYLED: [Fold; 4] = [Fold::Compatibility, Fold::Diacritic, Fold::Overlay, Fold::Ignorable];
const SWAPPED: [Fold; 4] = [Fold::Confusable, Fold::Leet, Fold::Repeat, Fold::NumberWord];

/// Measures the final units of a view of `original`. `folds_of(u)`: the folds of a unit, usually `u.folds` (a
/// brand's number says otherwise: its digits are not leetspeak, its words are a disguise no view folds).
pub(crate) fn measure(original: &str, units: &[Unit], folds_of: impl Fn(&Unit) -> Folds) -> Disguise {
    let mut meter = Meter::new(original);
    units.iter().for_each(|u| meter.push(u, folds_of(u)));
    meter.finish()
}

/// Measures a whole text in `view`, streaming: the fold's fast path for plain ASCII words, no buffer of the text.
pub(crate) fn measure_view(original: &str, view: View) -> Disguise {
    let mut meter = Meter::new(original);
    walk(original, view, &mut meter);
    meter.finish()
}

/// `original` folded in `view`, and measured as [`measure_view`] would, in one pass.
pub(crate) fn fold_measured(original: &str, view: View) -> (Folded, Disguise) {
    let mut meter = Meter::new(original);
    let folded = fold_view_with(original, view, &mut meter);
    (folded, meter.finish())
}

/// Counts disguised letters word by word.
struct Meter<'a> {
    original: &'a str,
    /// The word being read: its units and their folds.
    word: Vec<(Unit, Folds)>,
    d: Disguise,
    disguised: u32,
}

impl<'a> Meter<'a> {
    fn new(original: &'a str) -> Meter<'a> {
        Meter { original, word: Vec::with_capacity(16), d: Disguise::default(), disguised: 0 }
    }

    fn push(&mut self, u: &Unit, folds: Folds) {
        if u.ch.is_alphanumeric() {
            self.word.push((*u, folds));
            return;
        }
        self.end_word();
        // Separators, spaces and symbols between words: their folds still say what was undone.
        self.d.folds = self.d.folds.union(folds.disguises());
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let mixed = mixes_scripts(self.original, &self.word);
        let mixed_styles = mixes_styles(self.original, &self.word);
        self.d.mixed_words += u32::from(mixed);
        self.d.mixed_styles += u32::from(mixed_styles);
        for &(u, folds) in &self.word {
            self.d.folds = self.d.folds.union(folds.disguises());
            let styled = mixed_styles || STYLED.iter().any(|&f| folds.contains(f));
            // An apostrophe removed inside a word (`bai'at`) is spelling, not spacing: only separators that a later
            // view removed (its evidence), or that the caller adds (a brand's spread digits), count.
            let spaced = folds.contains(Fold::Separator) && (u.evidence || !u.folds.contains(Fold::Separator));
            let swapped = mixed || SWAPPED.iter().any(|&f| folds.contains(f));
            self.d.letters += 1;
            self.d.styled += u32::from(styled);
            self.d.spaced += u32::from(spaced);
            self.d.swapped += u32::from(swapped);
            self.disguised += u32::from(styled || spaced || swapped);
        }
        self.word.clear();
    }

    fn finish(mut self) -> Disguise {
        self.end_word();
        if let Some(share) = (self.disguised * 100 + self.d.letters / 2).checked_div(self.d.letters) {
            self.d.score = share.min(100) as u8;
        }
        self.d
    }
}

impl Out for Meter<'_> {
    fn write(&mut self, u: &Unit) {
        self.push(u, u.folds);
    }

    fn stretch(&mut self, _: &str, _: usize, letters: usize) {
        // Words of plain ASCII letters, commas, full stops and single spaces: nothing disguised, only letters.
        self.end_word();
        self.d.letters += letters as u32;
    }
}

/// The scripts whose letters the look-alike table maps to Latin ones.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Other,
}

fn script(c: char) -> Option<Script> {
    if c.is_ascii_alphabetic() {
        return Some(Script::Latin);
    }
    match c as u32 {
        // Greek and Coptic, Cyrillic, Armenian, Cherokee, Greek extended, Coptic.
        0x0370..=0x03FF | 0x0400..=0x052F | 0x0530..=0x058F | 0x13A0..=0x13FF | 0x1F00..=0x1FFF | 0x2C80..=0x2CFF => {
            Some(Script::Other)
        }
        _ => None,
    }
}

/// Whether a word's units came from Latin letters and from look-alikes of another script.
fn mixes_scripts(original: &str, word: &[(Unit, Folds)]) -> bool {
    let (mut latin, mut other) = (false, false);
    for (u, _) in word {
        let Some(c) = original.get(u.start as usize..).and_then(|s| s.chars().next()) else { continue };
        match script(c) {
            Some(Script::Latin) => latin = true,
            Some(Script::Other) if u.folds.contains(Fold::Confusable) => other = true,
            _ => {}
        }
    }
    latin && other
}

/// The style of a letter: plain, or one of the styled alphabets (each alphabet of mathematical letters, fullwidth,
/// circled, squared). `None` for anything else.
fn style(c: char) -> Option<u32> {
    match c as u32 {
        _ if c.is_ascii_alphabetic() => Some(0),
        // Mathematical alphanumerics: 52 letters an alphabet, bold, italic, script, fraktur, sans, monospace...
        cp @ 0x1D400..=0x1D6A3 => Some(1 + (cp - 0x1D400) / 52),
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Some(100),
        0x24B6..=0x24E9 => Some(101),
        0x1F130..=0x1F189 => Some(102 + (c as u32 - 0x1F130) / 26),
        _ => None,
    }
}

/// Whether a word's letters are written in more than one style: plain letters among styled ones (`𝐝ax69`,
/// `A𝐗L777`) or two styled alphabets (`𝘋𝘖𝑅𝐀`, `BAＮ𝔻𝐚𝐑`). Nobody mixes alphabets inside a word by accident: its
/// letters all count as styled.
fn mixes_styles(original: &str, word: &[(Unit, Folds)]) -> bool {
    let mut first = None;
    for (u, _) in word {
        let Some(c) = original.get(u.start as usize..).and_then(|s| s.chars().next()) else { continue };
        match (style(c), first) {
            (Some(s), None) => first = Some(s),
            (Some(s), Some(f)) if s != f => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::units;

    fn of(text: &str, view: View) -> Disguise {
        let d = measure(text, &units(text, view), |u| u.folds);
        assert_eq!(measure_view(text, view), d, "{text:?}: streamed");
        d
    }

    /// Each row: a text, a view, and its score, styled, spaced and swapped letters.
    #[test]
    fn disguise_is_measured() {
        let rows: &[(&str, View, u8, u32, u32, u32)] = &[
            ("jaya88", View::Plain, 0, 0, 0, 0),
            ("JAYA88", View::Plain, 0, 0, 0, 0),
            ("𝐉𝐀𝐘𝐀𝟖𝟖", View::Plain, 100, 6, 0, 0),
            ("🅜🅔🅖🅐", View::Plain, 100, 4, 0, 0),
            ("S͟U͟R͟Y͟A͟", View::Plain, 100, 5, 0, 0),
            ("8️⃣8️⃣", View::Plain, 100, 2, 0, 0),
            ("B A D A I 7 7", View::Spaced, 86, 0, 6, 0),
            ("[̲̅M][̲̅E][̲̅G][̲̅A]", View::Spaced, 75, 0, 3, 0),
            ("slоt", View::Disguised, 100, 0, 0, 4),
            ("ꜱʟᴏᴛ", View::Disguised, 100, 0, 0, 4),
            ("sl0t gacor", View::Disguised, 11, 0, 0, 1),
            ("Café Olé", View::Plain, 29, 2, 0, 0),
            ("bai'at", View::Spaced, 0, 0, 0, 0),
            ("جِهَاد", View::Plain, 0, 0, 0, 0),
            // Alphabets mixed inside a word: every letter counts as styled.
            ("𝐝ax69", View::Plain, 100, 5, 0, 0),
            ("𝘋𝘖𝑅𝐀", View::Plain, 100, 4, 0, 0),
            ("𝐃𝐚𝐱 main", View::Plain, 43, 3, 0, 0),
        ];
        for &(text, view, score, styled, spaced, swapped) in rows {
            let d = of(text, view);
            assert_eq!((d.score, d.styled, d.spaced, d.swapped), (score, styled, spaced, swapped), "{text:?}: {d:?}");
        }
        assert_eq!(of("slоt", View::Disguised).mixed_words, 1);
        assert_eq!(of("слот", View::Disguised).mixed_words, 0);
        assert_eq!(of("𝐝ax69 dan 𝐉𝐀𝐘𝐀", View::Plain).mixed_styles, 1);
        assert!(of("S͟U͟R͟Y͟A͟", View::Plain).folds.contains(Fold::Overlay));
        assert!(of("B A D A I", View::Spaced).folds.contains(Fold::Separator));
        assert!(of("jaya88", View::Plain).is_none());
    }
}
