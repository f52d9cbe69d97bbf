//! Compiling rules into matchers: every term of every rule, in every view and affixed form, into one table of
//! whole-word patterns (and an Aho-Corasick automaton for the few others); every pattern into one regex set.
//!
//! One table serves all views: a pattern records the views it belongs to, so a term whose folds agree in every
//! view (nearly all) is one pattern, and the table is barely larger than for the plain view alone.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use regex::{Regex, RegexSet};

use crate::fold::{View, fold_plain, is_word_char, plain_triggers, units};
use crate::pack::{bounds, compile_pattern};
use crate::words::{self, WordTable};
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
    table.reserve(expected);
    let mut forms_buf = morph::Forms::default();
    for (r, rule) in rules.iter().enumerate() {
        let r = r as u32;
        for (t, term) in rule.terms.iter().enumerate() {
            let plain = fold_term(term, View::Plain);
            table.add_all(&plain, Owner { rule: r, item: t as u32, role: Role::Term, views: 0, morph: false });
            if rule.morphology != morph::Morphology::None {
                morph::forms_into(&plain, rule.morphology, &mut forms_buf);
                for form in forms_buf.iter() {
                    table.add_all(form, Owner { rule: r, item: t as u32, role: Role::Term, views: 0, morph: true });
                }
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
    /// The patterns' texts, one after another, and each one's range there, by number.
    texts: String,
    ranges: Vec<(u32, u32)>,
    /// Open addressing over the patterns, a power of two long, at most half full: the high half of the text's
    /// hash ([`words::tag`]) and the pattern's number plus one (`(0, 0)`: empty); the word table takes it over
    /// as it is. One string for all texts rather than one each: with morphology a pack makes hundreds of
    /// thousands of patterns, and their allocations were a tenth of the compile.
    slots: Vec<(u32, u32)>,
    /// Per pattern, its owners in the order they came.
    owners: Vec<Owners>,
    /// The owners of the patterns with more than one (by `Owners::Many`).
    many: Vec<Vec<Owner>>,
    /// Room for a form's words written together and for its spellings, reused from form to form.
    joined: String,
    variant: String,
    /// Texts waiting to be added, with their hashes and owners (see [`Self::flush`]).
    queued: Vec<(u64, u32, u32, Owner)>,
    queued_texts: String,
}

/// Texts queued before they are added together (a term's forms are about sixty).
const QUEUE: usize = 64;

/// A pattern's owners: nearly always one, kept without a vector of its own.
enum Owners {
    One(Owner),
    /// An index in `PatternTable::many`, which keeps this as small as one owner (12 bytes, not 24 with a vector
    /// here: there is one per pattern).
    Many(u32),
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
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        if spaced.contains(' ') {
            joined.extend(spaced.split(' '));
        }
        let joined_counts = joined.chars().count() >= 6;
        let mut variant = std::mem::take(&mut self.variant);
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
            let mut first = true;
            each_double_variant(&disguised, &mut variant, |variant| {
                if std::mem::take(&mut first) {
                    if variant == form {
                        self.add(form, Owner { views: View::Plain.bit() | later, ..owner });
                        return;
                    }
                    self.add(form, Owner { views: View::Plain.bit(), ..owner });
                }
                self.add(variant, Owner { views: later, ..owner });
            });
        }
        if !same {
            each_double_variant(&spaced, &mut variant, |v| self.add(v, Owner { views: View::Spaced.bit(), ..owner }));
        }
        if joined_counts {
            each_double_variant(&joined, &mut variant, |v| self.add(v, Owner { views: View::Spaced.bit(), ..owner }));
        }
        self.joined = joined;
        self.variant = variant;
    }

    fn reserve(&mut self, patterns: usize) {
        self.ranges.reserve(patterns);
        self.owners.reserve(patterns);
        self.texts.reserve(patterns * 12);
        self.grow((patterns * 2).next_power_of_two().max(16));
    }

    /// Makes the slots `len` long (a power of two, more than twice the patterns), placing the patterns again.
    fn grow(&mut self, len: usize) {
        self.slots = vec![(0, 0); len];
        let mask = len - 1;
        for (i, &(s, e)) in self.ranges.iter().enumerate() {
            let h = words::hash(&self.texts.as_bytes()[s as usize..e as usize]);
            let mut at = h as usize & mask;
            while self.slots[at].0 != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = (words::tag(h), i as u32 + 1);
        }
    }

    /// The pattern whose text is `text` (hashed `h`), or the empty slot where it would go.
    #[inline]
    fn find(&self, h: u64, text: &str) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        let tag = words::tag(h);
        loop {
            let (t, entry) = self.slots[at];
            if t == 0 {
                return Err(at);
            }
            if t == tag {
                let i = entry as usize - 1;
                let (s, e) = self.ranges[i];
                if &self.texts[s as usize..e as usize] == text {
                    return Ok(i);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Queues `text` with `owner` for [`Self::flush`], which adds the queue in order.
    fn add(&mut self, text: &str, owner: Owner) {
        if text.is_empty() || !text.chars().any(is_word_char) {
            return; // a form that folds to nothing (checked terms never do in the plain view)
        }
        let start = self.queued_texts.len() as u32;
        self.queued_texts.push_str(text);
        self.queued.push((words::hash(text.as_bytes()), start, self.queued_texts.len() as u32, owner));
        if self.queued.len() >= QUEUE {
            self.flush();
        }
    }

    /// Adds the queued texts, in the order they came, their slots read first, all together ([`words::touch`]: the
    /// lookups one by one waited in turn for a third of the compile with morphology).
    fn flush(&mut self) {
        let queued = std::mem::take(&mut self.queued);
        let texts = std::mem::take(&mut self.queued_texts);
        words::touch(&self.slots, queued.iter().map(|&(h, ..)| h), |slot| slot.0);
        for &(h, s, e, owner) in &queued {
            self.insert(h, &texts[s as usize..e as usize], owner);
        }
        self.queued = queued;
        self.queued.clear();
        self.queued_texts = texts;
        self.queued_texts.clear();
    }

    /// Adds `text` (not empty, hashed `h`) with `owner`.
    fn insert(&mut self, h: u64, text: &str, owner: Owner) {
        let i = match self.find(h, text) {
            Ok(i) => i,
            Err(mut at) => {
                if (self.owners.len() + 1) * 2 > self.slots.len() {
                    self.grow((self.slots.len() * 2).max(16));
                    at = self.find(h, text).expect_err("a new text");
                }
                let i = self.owners.len();
                self.slots[at] = (words::tag(h), i as u32 + 1);
                self.ranges.push((self.texts.len() as u32, (self.texts.len() + text.len()) as u32));
                self.texts.push_str(text);
                self.owners.push(Owners::One(owner));
                return;
            }
        };
        let same = |o: &Owner| (o.rule, o.item, o.role, o.morph) == (owner.rule, owner.item, owner.role, owner.morph);
        let slot = &mut self.owners[i];
        match slot {
            Owners::One(o) if same(o) => o.views |= owner.views,
            Owners::One(o) => {
                let first = *o;
                *slot = Owners::Many(self.many.len() as u32);
                self.many.push(vec![first, owner]);
            }
            Owners::Many(m) => match self.many[*m as usize].iter_mut().find(|o| same(o)) {
                Some(o) => o.views |= owner.views,
                None => self.many[*m as usize].push(owner),
            },
        }
    }

    fn build(mut self) -> Result<Built, Error> {
        self.flush();
        let PatternTable { texts, ranges, slots, owners, many, .. } = self;
        let text = |i: usize| &texts[ranges[i].0 as usize..ranges[i].1 as usize];
        let mut infos = Vec::with_capacity(ranges.len());
        let mut all = Vec::with_capacity(ranges.len());
        for (i, owners) in owners.iter().enumerate() {
            let start = all.len() as u32;
            match owners {
                Owners::One(o) => all.push(*o),
                Owners::Many(m) => all.extend_from_slice(&many[*m as usize]),
            }
            infos.push(PatternInfo {
                word_start: text(i).chars().next().is_some_and(is_word_char),
                word_end: text(i).chars().next_back().is_some_and(is_word_char),
                owners: (start, all.len() as u32),
            });
        }
        if ranges.len() > bounds::MAX_FORMS {
            let message = format!("{} term forms, more than the {} allowed", ranges.len(), bounds::MAX_FORMS);
            return Err(Error::Compile(message));
        }
        let whole_word = |i: usize| infos[i].word_start && infos[i].word_end;
        let loose: Vec<u32> = (0..ranges.len() as u32).filter(|&i| !whole_word(i as usize)).collect();
        let automaton = if loose.is_empty() {
            None
        } else {
            let loose_texts: Vec<&str> = loose.iter().map(|&i| text(i as usize)).collect();
            let build =
                |kind| AhoCorasick::builder().match_kind(AcMatchKind::Standard).kind(Some(kind)).build(&loose_texts);
            let automaton = if loose_texts.len() <= DFA_MAX_PATTERNS {
                build(AhoCorasickKind::DFA).or_else(|_| build(AhoCorasickKind::ContiguousNFA))
            } else {
                build(AhoCorasickKind::ContiguousNFA)
            }
            .or_else(|_| build(AhoCorasickKind::NoncontiguousNFA))
            .map_err(|e| Error::Compile(e.to_string()))?;
            Some(automaton)
        };
        let words = (0..ranges.len()).any(whole_word).then(|| WordTable::from_slots(slots, texts, ranges, whole_word));
        Ok((words, automaton.map(|a| (a, loose)), infos, all))
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
#[cfg(test)] // the reference for the faster code that compiles packs
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

/// Calls `f` with each of [`double_variants`] of `folded`, in the same order, without a string each.
fn each_double_variant(folded: &str, variant: &mut String, mut f: impl FnMut(&str)) {
    let is_double = |previous: &mut Option<char>, c: char| {
        let double = *previous == Some(c) && c.is_alphabetic();
        *previous = Some(c);
        double
    };
    let mut previous = None;
    let n = folded.chars().filter(|&c| is_double(&mut previous, c)).count();
    if n == 0 {
        return f(folded);
    }
    let all = (1u32 << n.min(31)) - 1;
    let masks = if n <= 3 { 0..1 << n } else { 0..2 };
    for mask in masks {
        let mask = if n > 3 && mask == 1 { all } else { mask };
        variant.clear();
        let (mut previous, mut k) = (None, 0); // k: the doubles passed
        for c in folded.chars() {
            let dropped = is_double(&mut previous, c) && {
                k += 1;
                k - 1 < 32 && mask & 1 << (k - 1) != 0
            };
            if !dropped {
                variant.push(c);
            }
        }
        f(variant);
    }
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
    fn a_patterns_owners_take_no_more_than_one_owner() {
        assert_eq!(std::mem::size_of::<Owners>(), std::mem::size_of::<Owner>());
    }

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
    fn each_double_variant_gives_the_double_variants() {
        let terms = ["slot", "maaf", "allah akbar", "aabbcc", "aabbccdd", "1122", "", "ééx", "aabbccddeeff", "kkk"];
        let long = "aa".repeat(40);
        for term in terms.iter().copied().chain([long.as_str()]) {
            let mut got = Vec::new();
            each_double_variant(term, &mut String::new(), |v| got.push(v.to_owned()));
            assert_eq!(got, double_variants(term), "{term}");
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
