//! Compiling rules into matchers: every term of every rule, in every view and affixed form, into one table of
//! whole-word patterns (and an Aho-Corasick automaton for the few others); every pattern into one regex set.
//!
//! One table serves all views: a pattern records the views it belongs to, so a term whose folds agree in every
//! view (nearly all) is one pattern, and the table is barely larger than for the plain view alone.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use regex::{Regex, RegexSet};

use crate::fold::{View, fold_plain, is_word_char, plain_triggers, units};
use crate::pack::{bounds, compile_pattern};
use crate::words::WordTable;
use crate::{Error, Rule, morph};

/// Rules compiled for scanning.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    /// The patterns with a word character at both ends (nearly all), found from word start to word end.
    pub words: Option<WordTable>,
    /// The other patterns (`#tag`, `100%`), found anywhere by an automaton, with their indices among all.
    pub loose: Option<(AhoCorasick, Vec<u32>)>,
    /// Per pattern.
    pub patterns: Vec<PatternInfo>,
    /// Owners of all patterns; each pattern's are `owners[info.owners.0..info.owners.1]`.
    pub owners: Vec<Owner>,
    pub regexes: Option<Regexes>,
    /// The rules with `brand_numbers`.
    pub brand_rules: Vec<u32>,
    /// The rules with `disguised_words`, with its share in percent and whether the words must stand out.
    pub word_rules: Vec<(u32, u8, bool)>,
}

/// What an automaton pattern needs at scan time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PatternInfo {
    /// Whether the first/last character is part of a word, so that a word boundary is required there.
    pub word_start: bool,
    pub word_end: bool,
    pub owners: (u32, u32),
}

/// A rule's term or unless phrase that folds, in some views, to an automaton pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owner {
    pub rule: u32,
    /// Index in the rule's `terms` or `unless`.
    pub item: u32,
    pub role: Role,
    /// The views (bits of `View::bit`) in which the term folds to this pattern.
    pub views: u8,
    /// Whether the pattern is an affixed form of the term.
    pub morph: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Term,
    Unless,
}

/// Every rule's patterns, as one set that finds which match and the single expressions that find where.
#[derive(Clone, Debug)]
pub(crate) struct Regexes {
    pub set: RegexSet,
    pub each: Vec<Regex>,
    /// `(rule, index in its patterns)` of each.
    pub owners: Vec<(u32, u32)>,
}

/// The patterns as matchers (whole words, the others with their indices), with what each needs at scan time.
type Built = (Option<WordTable>, Option<(AhoCorasick, Vec<u32>)>, Vec<PatternInfo>, Vec<Owner>);

/// Up to this many automaton patterns, a DFA (about twice as fast as the contiguous NFA, much bigger).
const DFA_MAX_PATTERNS: usize = 60_000;

/// Compiles `rules` (already checked).
pub(crate) fn compile(rules: &[&Rule]) -> Result<Compiled, Error> {
    let mut table = PatternTable::default();
    // Room for about as many patterns as the terms will make, rather than growing the table a dozen times.
    let forms = |m: morph::Morphology| match m {
        morph::Morphology::Id => 60,
        morph::Morphology::Ar => 16,
        _ => 1,
    };
    let expected: usize = rules.iter().map(|r| r.terms.len() * forms(r.morphology) + r.unless.len()).sum();
    let expected = expected.min(1 << 20);
    table.index.reserve(expected);
    table.owners.reserve(expected);
    for (r, rule) in rules.iter().enumerate() {
        let r = r as u32;
        for (t, term) in rule.terms.iter().enumerate() {
            let plain = fold_term(term, View::Plain);
            table.add_all(&plain, Owner { rule: r, item: t as u32, role: Role::Term, views: 0, morph: false });
            for form in morph::forms(&plain, rule.morphology) {
                table.add_all(&form, Owner { rule: r, item: t as u32, role: Role::Term, views: 0, morph: true });
            }
        }
        for (u, phrase) in rule.unless.iter().enumerate() {
            let plain = fold_term(phrase, View::Plain);
            table.add_all(&plain, Owner { rule: r, item: u as u32, role: Role::Unless, views: 0, morph: false });
        }
    }
    let (words, loose, patterns, owners) = table.build()?;
    let brand_rules = (0..rules.len() as u32).filter(|&r| !rules[r as usize].brand_numbers.is_empty()).collect();
    let word_rules = rules
        .iter()
        .enumerate()
        .filter_map(|(r, rule)| rule.disguised_words.map(|min| (r as u32, min, rule.standout)))
        .collect();
    Ok(Compiled { words, loose, patterns, owners, regexes: compile_regexes(rules)?, brand_rules, word_rules })
}

/// The matching form of a term in `view`: folded like text, without outer spaces.
pub(crate) fn fold_term(term: &str, view: View) -> String {
    let folded: String = match view {
        View::Plain => fold_plain(term.trim()).0.text,
        _ => units(term.trim(), view).iter().map(|u| u.ch).collect(),
    };
    folded.trim_matches(' ').to_owned()
}

#[derive(Default)]
struct PatternTable {
    /// Each pattern's text and its number.
    index: HashMap<String, usize, BuildHasherDefault<FxHasher>>,
    /// Per pattern, its owners in the order they came.
    owners: Vec<Owners>,
}

/// A pattern's owners: nearly always one, kept without a vector of its own.
enum Owners {
    One(Owner),
    Many(Vec<Owner>),
}

impl PatternTable {
    /// Adds `form` (plain-folded) in every view, with the variants of the later views. A text that several views
    /// share is added once with all their bits, as adding it view by view would leave it (most forms fold alike
    /// in every view: one lookup instead of three).
    fn add_all(&mut self, form: &str, owner: Owner) {
        let triggers = plain_triggers(form);
        let disguised: Cow<str> =
            if triggers.disguised { Cow::Owned(fold_term(form, View::Disguised)) } else { Cow::Borrowed(form) };
        let spaced = if triggers.spaced { Cow::Owned(fold_term(form, View::Spaced)) } else { disguised.clone() };
        // Letters spread out over several words (`s l o t g a c o r`) join into one run in the spaced view, with
        // no space left between the words: a term of several words is also looked for written together there.
        let joined = spaced.contains(' ').then(|| spaced.replace(' ', "")).filter(|j| j.chars().count() >= 6);
        let same = spaced == disguised;
        let later = if same { View::Disguised.bit() | View::Spaced.bit() } else { View::Disguised.bit() };
        if !has_doubles(&disguised) {
            // Its only variant is itself.
            if disguised == form {
                self.add(form, Owner { views: View::Plain.bit() | later, ..owner });
            } else {
                self.add(form, Owner { views: View::Plain.bit(), ..owner });
                self.add(&disguised, Owner { views: later, ..owner });
            }
        } else {
            // The first variant is the view's text itself.
            let mut variants = double_variants(&disguised).into_iter().peekable();
            if variants.peek().is_some_and(|v| v == form) {
                variants.next();
                self.add(form, Owner { views: View::Plain.bit() | later, ..owner });
            } else {
                self.add(form, Owner { views: View::Plain.bit(), ..owner });
            }
            for variant in variants {
                self.add(&variant, Owner { views: later, ..owner });
            }
        }
        if !same {
            for variant in double_variants(&spaced) {
                self.add(&variant, Owner { views: View::Spaced.bit(), ..owner });
            }
        }
        if let Some(joined) = joined {
            for variant in double_variants(&joined) {
                self.add(&variant, Owner { views: View::Spaced.bit(), ..owner });
            }
        }
    }

    fn add(&mut self, text: &str, owner: Owner) {
        if text.is_empty() || !text.chars().any(is_word_char) {
            return; // a form that folds to nothing (checked terms never do in the plain view)
        }
        let Some(&i) = self.index.get(text) else {
            self.index.insert(text.to_owned(), self.owners.len());
            self.owners.push(Owners::One(owner));
            return;
        };
        let same = |o: &Owner| (o.rule, o.item, o.role, o.morph) == (owner.rule, owner.item, owner.role, owner.morph);
        let slot = &mut self.owners[i];
        match slot {
            Owners::One(o) if same(o) => o.views |= owner.views,
            Owners::One(o) => {
                let first = *o;
                *slot = Owners::Many(vec![first, owner]);
            }
            Owners::Many(owners) => match owners.iter_mut().find(|o| same(o)) {
                Some(o) => o.views |= owner.views,
                None => owners.push(owner),
            },
        }
    }

    fn build(self) -> Result<Built, Error> {
        let mut texts = vec![String::new(); self.owners.len()];
        for (text, i) in self.index {
            texts[i] = text;
        }
        let mut infos = Vec::with_capacity(texts.len());
        let mut all = Vec::with_capacity(texts.len());
        for (text, owners) in texts.iter().zip(&self.owners) {
            let start = all.len() as u32;
            match owners {
                Owners::One(o) => all.push(*o),
                Owners::Many(owners) => all.extend_from_slice(owners),
            }
            infos.push(PatternInfo {
                word_start: text.chars().next().is_some_and(is_word_char),
                word_end: text.chars().next_back().is_some_and(is_word_char),
                owners: (start, all.len() as u32),
            });
        }
        if texts.len() > bounds::MAX_FORMS {
            let message = format!("{} term forms, more than the {} allowed", texts.len(), bounds::MAX_FORMS);
            return Err(Error::Compile(message));
        }
        let whole_word = |i: usize| infos[i].word_start && infos[i].word_end;
        let words = (0..texts.len()).any(whole_word).then(|| {
            WordTable::new((0..texts.len()).filter(|&i| whole_word(i)).map(|i| (i as u32, texts[i].as_str())))
        });
        let loose: Vec<u32> = (0..texts.len() as u32).filter(|&i| !whole_word(i as usize)).collect();
        if loose.is_empty() {
            return Ok((words, None, infos, all));
        }
        let loose_texts: Vec<&str> = loose.iter().map(|&i| texts[i as usize].as_str()).collect();
        let build =
            |kind| AhoCorasick::builder().match_kind(AcMatchKind::Standard).kind(Some(kind)).build(&loose_texts);
        let automaton = if loose_texts.len() <= DFA_MAX_PATTERNS {
            build(AhoCorasickKind::DFA).or_else(|_| build(AhoCorasickKind::ContiguousNFA))
        } else {
            build(AhoCorasickKind::ContiguousNFA)
        }
        .or_else(|_| build(AhoCorasickKind::NoncontiguousNFA))
        .map_err(|e| Error::Compile(e.to_string()))?;
        Ok((words, Some((automaton, loose)), infos, all))
    }
}

/// A fast hash for the pattern table (after rustc's `FxHasher`): its keys are a pack's own forms, hundreds of
/// thousands with morphology, where SipHash's protection against chosen keys costs a tenth of the compile.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 59);
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Whether `folded` has a letter twice in a row (see [`double_variants`]).
fn has_doubles(folded: &str) -> bool {
    let mut previous = None;
    folded.chars().any(|c| {
        let double = previous == Some(c) && c.is_alphabetic();
        previous = Some(c);
        double
    })
}

/// The spellings of a later view's term with each doubled letter kept or single: the text's runs of three or
/// more collapse to one letter, so `maaaaf` must find the term `maaf` as `maf`. Up to three doubles give every
/// combination; beyond that only all kept and all single.
pub(crate) fn double_variants(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let doubles: Vec<usize> =
        (1..chars.len()).filter(|&i| chars[i] == chars[i - 1] && chars[i].is_alphabetic()).collect();
    let masks: Vec<u32> = match doubles.len() {
        0 => return vec![folded.to_owned()],
        n @ 1..=3 => (0..1 << n).collect(),
        n => vec![0, (1u32 << n.min(31)) - 1],
    };
    masks
        .into_iter()
        .map(|mask| {
            chars
                .iter()
                .enumerate()
                .filter(|&(i, _)| doubles.iter().position(|&d| d == i).is_none_or(|k| k >= 32 || mask & 1 << k == 0))
                .map(|(_, &c)| c)
                .collect()
        })
        .collect()
}

fn compile_regexes(rules: &[&Rule]) -> Result<Option<Regexes>, Error> {
    let mut sources = Vec::new();
    let mut each = Vec::new();
    let mut owners = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        for (p, pattern) in rule.patterns.iter().enumerate() {
            let re = compile_pattern(pattern)
                .map_err(|m| Error::Compile(format!("rule `{}`: patterns[{p}]: {m}", rule.id)))?;
            sources.push(crate::pack::ascii_word_boundaries(pattern));
            each.push(re);
            owners.push((r as u32, p as u32));
        }
    }
    if sources.is_empty() {
        return Ok(None);
    }
    if sources.len() > bounds::MAX_PATTERNS {
        return Err(Error::Compile(format!(
            "{} patterns, more than the {} allowed",
            sources.len(),
            bounds::MAX_PATTERNS
        )));
    }
    let set = regex::RegexSetBuilder::new(sources.iter().map(|s| s.as_ref()))
        .case_insensitive(true)
        .size_limit(bounds::REGEX_SIZE * 8)
        .dfa_size_limit(bounds::REGEX_DFA_SIZE * 4)
        .nest_limit(bounds::REGEX_NEST)
        .build()
        .map_err(|e| Error::Compile(e.to_string()))?;
    Ok(Some(Regexes { set, each, owners }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_letters_give_variants() {
        let rows: &[(&str, &[&str])] = &[
            ("slot", &["slot"]),
            ("maaf", &["maaf", "maf"]),
            ("allah akbar", &["allah akbar", "alah akbar"]),
            ("aabbcc", &["aabbcc", "abbcc", "aabcc", "abcc", "aabbc", "abbc", "aabc", "abc"]),
            ("aabbccdd", &["aabbccdd", "abcd"]),
            ("1122", &["1122"]),
        ];
        for (term, wanted) in rows {
            let mut got = double_variants(term);
            let mut wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
            got.sort();
            wanted.sort();
            assert_eq!(got, wanted, "{term}");
        }
    }

    #[test]
    fn terms_fold_like_text_without_outer_spaces() {
        assert_eq!(fold_term("  Judi   Online ", View::Plain), "judi online");
        assert_eq!(fold_term("SL0T", View::Disguised), "slot");
        assert_eq!(fold_term("s l o t", View::Spaced), "slot");
        assert_eq!(fold_term("bai'at", View::Plain), "baiat");
    }
}
