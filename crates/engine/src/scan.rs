//! Scanning a text: matching every view, mapping matches back, applying `unless` and conditions, explaining and
//! scoring. Every step is bounded by the match caps, so no input can make a scan slow beyond its length.

use crate::brand::{brands, words};
use crate::compile::{Owner, Role};
use crate::disguise::{Disguise, fold_measured, measure, measure_view};
use crate::fold::{Fold, Folded, Folds, Triggers, View, fold_plain, fold_view, is_word_char, units, units_into};
use crate::ruleset::{Match, MatchKind};
use crate::span::{snap_to_graphemes, utf16_offsets};
use crate::{Require, RuleSet, STANDOUT_MESSAGE, Severity, Span};

/// Caps on the number of matches, so that a pathological input (a megabyte of one term) cannot hang a tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Matches reported for one message (one call of [`RuleSet::scan`] or [`RuleSet::scan_message`]).
    pub matches_per_message: usize,
    /// Matches reported for all messages of one [`RuleSet::scan_messages`] call.
    pub matches_per_input: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { matches_per_message: 5_000, matches_per_input: 200_000 }
    }
}

/// Which cap cut a scan short.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cap {
    /// [`Limits::matches_per_message`], with its value.
    PerMessage(usize),
    /// [`Limits::matches_per_input`], with its value.
    PerInput(usize),
}

/// What the rules found in one message, ready to sort and explain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    /// The matches, ordered by start, then end, then rule (as [`RuleSet::scan`]).
    pub matches: Vec<Match>,
    /// `normalized[i]` is the normalized text that `matches[i]` matched (in its view): what the term or pattern
    /// saw, e.g. `slot gacor` for `SL0T_G4C00OR`.
    pub normalized: Vec<String>,
    /// The rules that matched, most severe first (then in rule order).
    pub rules: Vec<RuleHit>,
    /// The highest severity of the rules that matched, if any did.
    pub max_severity: Option<Severity>,
    /// For sorting messages: each matched rule counts by severity (low 1, medium 4, high 16, critical 64), and
    /// each kind of disguise used (see [`Fold::is_disguise`]) adds 2. Zero when nothing matched.
    pub score: u32,
    /// The disguises undone to find the matches.
    pub disguise: Folds,
    /// How disguised the message is as a whole, matched or not (see [`Disguise`]). For a message longer than
    /// [`MESSAGE_DISGUISE_BYTES`], its beginning.
    pub message_disguise: Disguise,
    /// Set when a cap cut the matches short: there were more than `matches`.
    pub truncated: Option<Cap>,
}

/// One rule that matched a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleHit {
    /// Index of the rule in its [`RuleSet`].
    pub rule: usize,
    /// The rule's severity.
    pub severity: Severity,
    /// How many matches it has.
    pub matches: usize,
    /// How many of its distinct terms and patterns matched.
    pub distinct: usize,
    /// The folds its matches needed.
    pub folds: Folds,
}

/// The part of a message that [`Scan::message_disguise`] and `message_disguise` conditions measure.
pub const MESSAGE_DISGUISE_BYTES: usize = 1 << 20;

/// A candidate match, before the final checks.
#[derive(Clone, Copy, Debug)]
struct Hit {
    rule: u32,
    item: u32,
    kind: MatchKind,
    view: View,
    morph: bool,
    /// The original range the view matched, and the same snapped to grapheme clusters.
    raw: (usize, usize),
    span: (usize, usize),
    /// The range in the folded text that was scanned: the text of `view`, or of an earlier view that folds the
    /// text the same way (see `run`).
    folded: (usize, usize),
    scanned: View,
    /// For a brand: the original range of its number, and the fold that disguised it when no view folds it
    /// (number words, digits spread out).
    number: Option<(usize, usize, Option<Fold>)>,
    /// What `explain` found, once it ran.
    explained: Option<(Folds, Disguise)>,
}

pub(crate) struct Outcome {
    hits: Vec<Hit>,
    pub matches: Vec<Match>,
    views: [Option<Folded>; 3],
    truncated: bool,
    message_disguise: Option<Disguise>,
}

/// Candidates beyond `cap` that a scan may collect before it stops: duplicates across views and terms, unless
/// phrases and conditions can drop many, but not without bound.
fn budget(cap: usize) -> usize {
    cap.saturating_mul(4).saturating_add(64)
}

/// Offsets are kept as `u32`: a longer text is scanned up to here, and the scan says it was cut short.
const MAX_TEXT: usize = u32::MAX as usize - 4;

/// Buffers that one scan after another can reuse (`RuleSet::scan_messages`), instead of allocating them for each
/// message.
#[derive(Default)]
pub(crate) struct Scratch {
    found: Vec<(u32, u32, u32)>,
    hits: Vec<Hit>,
}

/// Scans `text` for at most `cap` matches. `keep_views`: keep the folded texts, for [`Outcome::into_scan`].
pub(crate) fn run(set: &RuleSet, text: &str, cap: usize, keep_views: bool, scratch: &mut Scratch) -> Outcome {
    let too_long = text.len() > MAX_TEXT;
    let text =
        if too_long { &text[..(0..=MAX_TEXT).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)] } else { text };
    let mut hits = std::mem::take(&mut scratch.hits);
    hits.clear();
    let found = std::mem::take(&mut scratch.found);
    let mut c = Collector { set, text, hits, unless: Vec::new(), found, budget: budget(cap), full: false };
    let (plain, triggers) = fold_plain(text);
    c.collect(View::Plain, &plain, View::Plain.bit());
    let mut views = [Some(plain), None, None];
    // The message's disguise is measured over the last view its triggers ask for (`message_disguise`): when it
    // will be wanted and that view is folded anyway, both in one pass.
    let measure_with = |view: View| {
        let last = if triggers.spaced { View::Spaced } else { View::Disguised };
        keep_views && view == last && text.len() <= MESSAGE_DISGUISE_BYTES
    };
    let mut measured = None;
    let mut fold = |view: View| {
        if measure_with(view) {
            let (folded, disguise) = fold_measured(text, view);
            measured = Some(disguise);
            folded
        } else {
            fold_view(text, view)
        }
    };
    // An untriggered view folds the text exactly as the view before it: instead of folding it again, the view
    // before it also takes its patterns (a term's folds can differ between views even where the text's do not).
    if triggers.disguised && !c.full {
        let folded = fold(View::Disguised);
        let spaced = if triggers.spaced { 0 } else { View::Spaced.bit() };
        c.collect(View::Disguised, &folded, View::Disguised.bit() | spaced);
        views[1] = Some(folded);
    }
    if triggers.spaced && !c.full {
        let folded = fold(View::Spaced);
        c.collect(View::Spaced, &folded, View::Spaced.bit());
        views[2] = Some(folded);
    }
    let Collector { mut hits, mut unless, full, found, .. } = c;
    scratch.found = found;

    for h in &mut hits {
        h.span = snap_to_graphemes(text, h.raw.0, h.raw.1);
    }
    cancel_unless(&mut hits, &mut unless, text);
    hits.sort_unstable_by_key(|h| (h.span, h.rule, h.view, h.kind, h.item));
    hits.dedup_by_key(|h| (h.span, h.rule));
    drop_known_words(&mut hits, false);
    let needs_message = |h: &Hit| {
        let rule = set.rule(h.rule as usize);
        rule.message_disguise.is_some() || (rule.standout && h.kind == MatchKind::DisguisedWord)
    };
    let message_disguise = (keep_views || hits.iter().any(needs_message))
        .then(|| measured.unwrap_or_else(|| message_disguise(text, triggers)));
    if let Some(message) = message_disguise {
        hits.retain(|h| {
            let rule = set.rule(h.rule as usize);
            let stands_out = !rule.standout || h.kind != MatchKind::DisguisedWord || message.score <= STANDOUT_MESSAGE;
            rule.message_disguise.is_none_or(|min| message.score >= min) && stands_out
        });
    }
    for h in &mut hits {
        if set.rule(h.rule as usize).disguise.is_some() && h.explained.is_none() {
            h.explained = Some(explain(text, h, &views));
        }
    }
    apply_conditions(set, text, &mut hits);
    if drop_known_words(&mut hits, true) {
        apply_conditions(set, text, &mut hits);
    }
    let truncated = full || too_long || hits.len() > cap;
    hits.truncate(cap);

    let matches = to_matches(text, &hits, &views);
    if !keep_views {
        views = [None, None, None];
    }
    Outcome { hits, matches, views, truncated, message_disguise }
}

/// Drops the disguised words that known words overlap: a disguised word stands for what no rule knows (a new
/// site's name), not for known words in disguise, which the rules that know them already report. Before the
/// conditions (`patterns = false`), the known words are every rule's terms (`𝙎𝙇𝙊𝙏` where `slot gacor` matched)
/// and the disguised word's own rule's patterns (`𝐆𝐀𝐂𝐎𝐑` for the pattern `gacor`); after them (`patterns = true`),
/// the patterns of rules that hold (`s.a.b.u` of a drugs rule written as patterns), since a pattern alone may
/// describe a shape rather than a word (a brand's, for a rule that also needs a link). Returns whether it dropped
/// any.
fn drop_known_words(hits: &mut Vec<Hit>, patterns: bool) -> bool {
    if !hits.iter().any(|h| h.kind == MatchKind::DisguisedWord) {
        return false;
    }
    // Known words as `(rule or u32::MAX for any rule, start, end)`, sorted, each with the furthest end so far in
    // its group: a word overlaps a known one iff the furthest end of those starting before it ends is past its
    // start (linear, whatever the number of hits).
    let mut known: Vec<(u32, usize, usize)> = hits
        .iter()
        .filter_map(|h| match (h.kind, patterns) {
            (MatchKind::Term, false) | (MatchKind::Pattern, true) => Some((u32::MAX, h.span.0, h.span.1)),
            (MatchKind::Pattern, false) => Some((h.rule, h.span.0, h.span.1)),
            _ => None,
        })
        .collect();
    known.sort_unstable();
    for i in 1..known.len() {
        if known[i].0 == known[i - 1].0 {
            known[i].2 = known[i].2.max(known[i - 1].2);
        }
    }
    let overlaps = |group: u32, (start, end): (usize, usize)| {
        let first = known.partition_point(|k| k.0 < group);
        let last = known.partition_point(|k| k.0 < group || (k.0 == group && k.1 < end));
        last > first && known[last - 1].2 > start
    };
    let before = hits.len();
    hits.retain(|h| h.kind != MatchKind::DisguisedWord || !(overlaps(u32::MAX, h.span) || overlaps(h.rule, h.span)));
    hits.len() < before
}

/// The ASCII letters and digits of `bytes`, eight bytes at a time, if `bytes` is all ASCII.
fn ascii_alphanumerics(bytes: &[u8]) -> Option<usize> {
    let (mut count, mut high) = (0, 0);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        count += crate::words::alphanumeric_bytes(x).count_ones() as usize;
        high |= x;
    }
    for &b in chunks.remainder() {
        count += usize::from(b.is_ascii_alphanumeric());
        high |= u64::from(b);
    }
    (high & 0x8080_8080_8080_8080 == 0).then_some(count)
}

/// How disguised a whole message is: measured on the last view its triggers ask for.
fn message_disguise(text: &str, triggers: Triggers) -> Disguise {
    if !triggers.disguised
        && !triggers.spaced
        && let Some(letters) = ascii_alphanumerics(text.as_bytes())
    {
        // ASCII, only case folds: nothing disguised.
        return Disguise { letters: u32::try_from(letters).unwrap_or(u32::MAX), ..Disguise::default() };
    }
    let end = (0..=text.len().min(MESSAGE_DISGUISE_BYTES)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let text = &text[..end];
    let view = if triggers.spaced {
        View::Spaced
    } else if triggers.disguised {
        View::Disguised
    } else {
        View::Plain
    };
    measure_view(text, view)
}

struct Collector<'a> {
    set: &'a RuleSet,
    /// The original text.
    text: &'a str,
    hits: Vec<Hit>,
    /// `(rule, start, end)` of unless phrases found, in the original text.
    unless: Vec<(u32, usize, usize)>,
    /// The buffer of `collect`'s occurrences.
    found: Vec<(u32, u32, u32)>,
    budget: usize,
    full: bool,
}

impl Collector<'_> {
    /// Matches `folded`, the text in view `scanned`, with the patterns of the views in `mask`. A hit is reported
    /// in the first of those views that its owner belongs to.
    fn collect(&mut self, scanned: View, folded: &Folded, mask: u8) {
        let compiled = &self.set.compiled;
        let haystack = folded.text.as_str();
        // Later views count a hit only where they folded something the plain view did not.
        let counts = |s: usize, e: usize| scanned == View::Plain || folded.has_evidence(s, e);
        // Every occurrence of every pattern that can count, ordered by end and then start (the longest first), as
        // an overlapping search of one automaton over all patterns would report them.
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        if let Some(words) = &compiled.words {
            if scanned == View::Plain {
                words.find(haystack, &mut found);
            } else {
                words.find_around(haystack, &folded.evidence, &mut found);
            }
        }
        if let Some((automaton, ids)) = &compiled.loose
            && let Ok(matches) = automaton.try_find_overlapping_iter(haystack)
        {
            for m in matches {
                let Some(&pattern) = ids.get(m.pattern().as_usize()) else { continue };
                found.push((m.end() as u32, m.start() as u32, pattern));
            }
        }
        found.sort_unstable();
        {
            for &(e, s, pattern) in &found {
                let (s, e) = (s as usize, e as usize);
                let Some(info) = compiled.patterns.get(pattern as usize) else { continue };
                let before = haystack.get(..s).and_then(|b| b.chars().next_back());
                let after = haystack.get(e..).and_then(|a| a.chars().next());
                if (info.word_start && before.is_some_and(is_word_char))
                    || (info.word_end && after.is_some_and(is_word_char))
                    || !counts(s, e)
                {
                    continue;
                }
                let raw = folded.align.original_range(s, e);
                let owners = compiled.owners.get(info.owners.0 as usize..info.owners.1 as usize).unwrap_or(&[]);
                for &Owner { rule, item, role, views, morph } in owners {
                    let Some(view) = View::ALL.into_iter().find(|v| views & mask & v.bit() != 0) else { continue };
                    match role {
                        Role::Term => {
                            let kind = MatchKind::Term;
                            self.hits.push(Hit {
                                rule,
                                item,
                                kind,
                                view,
                                morph,
                                raw,
                                span: raw,
                                folded: (s, e),
                                scanned,
                                number: None,
                                explained: None,
                            })
                        }
                        Role::Unless => self.unless.push((rule, raw.0, raw.1)),
                    }
                }
                if self.over_budget() {
                    self.found = found;
                    return;
                }
            }
        }
        self.found = found;
        self.collect_shapes(scanned, folded);
        if self.full {
            return;
        }
        let Some(regexes) = &compiled.regexes else { return };
        for i in regexes.set.matches(haystack).iter() {
            let (Some(re), Some(&(rule, item))) = (regexes.each.get(i), regexes.owners.get(i)) else { continue };
            for m in re.find_iter(haystack) {
                let (s, e) = (m.start(), m.end());
                if s == e || !counts(s, e) {
                    continue;
                }
                let raw = folded.align.original_range(s, e);
                let (kind, view) = (MatchKind::Pattern, scanned);
                let (number, explained) = (None, None);
                let folded = (s, e);
                let hit =
                    Hit { rule, item, kind, view, morph: false, raw, span: raw, folded, scanned, number, explained };
                self.hits.push(hit);
                if self.over_budget() {
                    return;
                }
            }
        }
    }

    /// Brand-like tokens and disguised words, for the rules that ask for them.
    fn collect_shapes(&mut self, scanned: View, folded: &Folded) {
        let set = self.set;
        let haystack = folded.text.as_str();
        let counts = |s: usize, e: usize| scanned == View::Plain || folded.has_evidence(s, e);
        let tokens = (!set.compiled.brand_rules.is_empty()).then(|| words(haystack));
        for (&rule, tokens) in set.compiled.brand_rules.iter().zip(std::iter::repeat(&tokens).flatten()) {
            let r = set.rule(rule as usize);
            let mut found = Vec::new();
            brands(haystack, tokens, &r.brand_numbers, r.number_words, |b| {
                if !r.brand_in_one_word || b.one_word {
                    found.push(b);
                }
            });
            for b in found {
                if !counts(b.start, b.end) {
                    continue;
                }
                let raw = folded.align.original_range(b.start, b.end);
                // A year after an apostrophe (`safari'18`) is not one word with its name; a sender's name is not
                // what the message says (`Rizky99: makasih`, `Siti99 joined the group`).
                if r.brand_in_one_word
                    && (self.text.get(raw.0..raw.1).is_some_and(|t| t.contains(['\'', '’']))
                        || names_the_sender(self.text, raw))
                {
                    continue;
                }
                let (s, e, fold) = b.number;
                let (s, e) = folded.align.original_range(s, e);
                let number = Some((s, e, fold));
                let (kind, folded_range) = (MatchKind::Brand, (b.start, b.end));
                self.hits.push(Hit {
                    rule,
                    item: 0,
                    kind,
                    view: scanned,
                    morph: false,
                    raw,
                    span: raw,
                    folded: folded_range,
                    scanned,
                    number,
                    explained: None,
                });
                if self.over_budget() {
                    return;
                }
            }
        }
        let word_rules = &set.compiled.word_rules;
        if word_rules.is_empty() || (scanned == View::Plain && self.text.is_ascii()) {
            return; // the plain view of ASCII folds only case
        }
        // The words of the view (runs of letters and digits), and whether each was written otherwise than its
        // folded form (beyond case): a disguised word next to another such word does not stand out (`𝐏𝐑𝐎𝐌𝐎 𝐆𝐀𝐉𝐈𝐀𝐍`,
        // a heading in bold letters).
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        let (mut start, mut alpha) = (None, 0);
        for (i, c) in haystack.char_indices().chain([(haystack.len(), ' ')]) {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
                alpha += usize::from(c.is_alphabetic());
            } else if let Some(s) = start.take() {
                spans.push((s, i, std::mem::take(&mut alpha)));
            }
        }
        let standout = word_rules.iter().any(|r| r.2);
        let changed: Vec<bool> = if standout {
            let text = self.text;
            spans
                .iter()
                .map(|&(s, e, _)| {
                    let raw = folded.align.original_range(s, e);
                    let slice = text.get(raw.0..raw.1).unwrap_or("");
                    !slice.chars().flat_map(char::to_lowercase).eq(haystack[s..e].chars())
                })
                .collect()
        } else {
            Vec::new()
        };
        // The words written plainly, for "the same word written plainly elsewhere" (one set, not a pass per word).
        let plain: std::collections::HashSet<&str> =
            spans.iter().zip(&changed).filter(|&(_, &c)| !c).map(|(&(ps, pe, _), _)| &haystack[ps..pe]).collect();
        let mut units = Vec::new();
        for (k, &(s, i, letters)) in spans.iter().enumerate() {
            if letters < 3 || !counts(s, i) {
                continue;
            }
            let raw = folded.align.original_range(s, i);
            let slice = self.text.get(raw.0..raw.1).unwrap_or("");
            if slice == &haystack[s..i] || (scanned == View::Plain && slice.is_ascii()) {
                continue; // nothing folded, or only case
            }
            units_into(slice, scanned, &mut units);
            // Two letters that were letters before leetspeak: `201c` or `0x1f` are numbers, not words. A word that
            // starts with a digit is a number with its unit or suffix (`500jt`, `1970an`, `2000cc`), not leetspeak.
            if units.iter().filter(|u| u.ch.is_alphabetic() && !u.folds.contains(Fold::Leet)).count() < 2
                || slice.starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let folds = units.iter().fold(Folds::NONE, |all, u| all.union(u.folds));
            if !stands_for_a_name(slice, folds, &units) {
                continue;
            }
            let disguise = measure(slice, &units, |u| u.folds);
            // Stands out: not a person's name, no disguised neighbour, not a speaker's label (`𝐒𝐮𝐫𝐲𝐚: …`).
            let stands_out = standout && {
                let neighbour = (k > 0 && changed[k - 1]) || changed.get(k + 1).copied().unwrap_or(false);
                let label = names_the_sender(self.text, raw);
                // The same word written plainly elsewhere: emphasis (`kemungkinan … K E M U N G K I N A N`).
                let plain_too = plain.contains(&haystack[s..i]);
                !neighbour && !label && !plain_too && !written_as_a_person_name(slice)
            };
            if self.push_disguised_word(scanned, raw, (s, i), folds, disguise, |only_standing_out| {
                !only_standing_out || stands_out
            }) {
                return;
            }
        }
        if standout {
            self.collect_split_words(scanned, folded, &spans, &changed);
        }
    }

    /// A name split into styled pieces of one or two letters (`𝔾𝔸 ℝ𝕌 𝔻𝔸 ℍ𝕆 𝕂𝕀`, `Ｇ ＡＲ ＵＤ ＡＨ Ｏ ＫＩ`), which no
    /// view joins (pieces of two are ordinary words): for the rules whose disguised words must stand out, three
    /// or more such pieces a space apart, five letters or more in all, with plainly written words around them.
    fn collect_split_words(
        &mut self,
        scanned: View,
        folded: &Folded,
        spans: &[(usize, usize, usize)],
        changed: &[bool],
    ) {
        let haystack = folded.text.as_str();
        let piece = |k: usize| changed[k] && (1..=2).contains(&(spans[k].1 - spans[k].0)) && spans[k].2 > 0;
        let mut k = 0;
        while k < spans.len() {
            if !piece(k) {
                k += 1;
                continue;
            }
            let first = k;
            while k + 1 < spans.len() && piece(k + 1) && &haystack[spans[k].1..spans[k + 1].0] == " " {
                k += 1;
            }
            let (last, letters) = (k, spans[first..=k].iter().map(|w| w.2).sum::<usize>());
            k += 1;
            let plain_around = (first == 0 || !changed[first - 1]) && changed.get(last + 1).is_none_or(|c| !c);
            if last - first < 2 || letters < 5 || !plain_around {
                continue;
            }
            let (s, e) = (spans[first].0, spans[last].1);
            let raw = folded.align.original_range(s, e);
            let slice = self.text.get(raw.0..raw.1).unwrap_or("");
            let units = units(slice, scanned);
            let mut disguise = measure(slice, &units, |u| u.folds);
            let folds = units.iter().fold(Folds::from(Fold::Separator), |all, u| all.union(u.folds));
            // Split apart: every letter is spaced as well as styled.
            disguise.spaced = disguise.letters;
            disguise.folds = disguise.folds.union(Folds::from(Fold::Separator));
            if self.push_disguised_word(scanned, raw, (s, e), folds, disguise, |only_standing_out| only_standing_out) {
                return;
            }
        }
    }

    /// A disguised word, as a hit of each rule with `disguised_words` that it is disguised enough for and that
    /// `takes` (given whether the rule wants its words to stand out). Returns whether the budget is spent.
    fn push_disguised_word(
        &mut self,
        scanned: View,
        raw: (usize, usize),
        folded: (usize, usize),
        folds: Folds,
        disguise: Disguise,
        takes: impl Fn(bool) -> bool,
    ) -> bool {
        let set = self.set;
        for &(rule, min, only_standing_out) in &set.compiled.word_rules {
            if disguise.score < min.max(1) || !takes(only_standing_out) {
                continue;
            }
            let (kind, explained) = (MatchKind::DisguisedWord, Some((folds, disguise)));
            let span = raw;
            let hit = Hit {
                rule,
                item: 0,
                kind,
                view: scanned,
                morph: false,
                raw,
                span,
                folded,
                scanned,
                number: None,
                explained,
            };
            self.hits.push(hit);
            if self.over_budget() {
                return true;
            }
        }
        false
    }

    fn over_budget(&mut self) -> bool {
        self.full |= self.hits.len() + self.unless.len() > self.budget;
        self.full
    }
}

/// Whether a word that a view folded can stand for a name written in disguise, rather than for what ordinary
/// writing does: a letter drawn out for emphasis (`mantaaap`, `KEREEEEN`), accents (`José`, `daří`), a product
/// code read as leetspeak (`r50i`, `w240tn`, `b4g0`), an acronym spelled out (`F D I`, `A.C.A.B`), flags
/// (`🇮🇩🇮🇩`, regional indicators the look-alike fold reads as letters).
fn stands_for_a_name(slice: &str, folds: Folds, units: &[crate::fold::Unit]) -> bool {
    let disguises = folds.disguises().without(Fold::Repeat);
    if disguises.is_empty() || disguises == Folds::from(Fold::Diacritic) {
        return false;
    }
    if slice.chars().all(|c| matches!(c, '\u{1F1E6}'..='\u{1F1FF}' | '\u{200D}' | '\u{FE0F}')) {
        return false;
    }
    let letters = units.iter().filter(|u| u.ch.is_alphanumeric()).count();
    if disguises == Folds::from(Fold::Leet) {
        let digit_run = slice.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit());
        return letters >= 5 && !digit_run;
    }
    if disguises == Folds::from(Fold::Separator) {
        return letters >= 4;
    }
    true
}

/// Whether the original range `raw` is the name of who wrote or did what the message says, not what it says:
/// first in the message, before a colon (`𝐒𝐮𝐫𝐲𝐚: …`, text copied as `Name: message`) or a service message's
/// words (`Siti99 joined the group`, `… bergabung`).
fn names_the_sender(text: &str, raw: (usize, usize)) -> bool {
    if text[..raw.0].chars().any(char::is_alphanumeric) {
        return false;
    }
    let rest = text[raw.1..].trim_start_matches(|c: char| !c.is_alphanumeric() && c != ':').trim_start();
    let service = ["joined the group", "left the group", "bergabung", "telah bergabung", "keluar dari grup"];
    rest.starts_with(':')
        || service.iter().any(|words| rest.get(..words.len()).is_some_and(|r| r.eq_ignore_ascii_case(words)))
}

/// Whether a word is written as people write their names: one capital, then small letters, no digit (`𝐁𝐮𝐝𝐢`,
/// `𝓡𝓲𝓷𝓪`, `Ⓡⓘⓝⓐ`). Styled display names look like this; a site's name in a promotion is mostly capitals, small
/// letters or has its number (`𝐐𝐒𝐋𝟖𝟖`, `𝐤𝐮𝐝𝐚`, `𝐌𝐞𝐫𝐚𝟕𝟕`).
fn written_as_a_person_name(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphanumeric());
    let title =
        letters.clone().next().is_some_and(char::is_uppercase) && letters.clone().skip(1).all(char::is_lowercase);
    // Small capitals and circled small letters have no case to tell a name by: display names use them as much.
    let caseless = |c: char| {
        matches!(c, '\u{1D00}'..='\u{1D2B}' | '\u{24D0}'..='\u{24E9}' | '\u{A730}' | '\u{A731}')
            || matches!(c, 'ʀ' | 'ɪ' | 'ɢ' | 'ʜ' | 'ʟ' | 'ɴ' | 'ʏ' | 'ʙ' | 'ǫ' | 'ɶ' | 'ʁ')
    };
    title || letters.all(caseless)
}

/// Drops every hit that an unless phrase of its own rule overlaps.
fn cancel_unless(hits: &mut Vec<Hit>, unless: &mut [(u32, usize, usize)], text: &str) {
    if unless.is_empty() {
        return;
    }
    for u in unless.iter_mut() {
        (u.1, u.2) = snap_to_graphemes(text, u.1, u.2);
    }
    unless.sort_unstable();
    hits.retain(|h| {
        let from = unless.partition_point(|u| u.0 < h.rule);
        !unless[from..].iter().take_while(|u| u.0 == h.rule).any(|u| u.1 < h.span.1 && h.span.0 < u.2)
    });
}

/// Keeps only the hits of rules whose `require` and `near` hold, and for `near`, only the hits in a window of
/// words where they hold.
fn apply_conditions(set: &RuleSet, text: &str, hits: &mut Vec<Hit>) {
    let conditional = |rule: u32| {
        let r = set.rule(rule as usize);
        !(r.require == Require::Any && r.near.is_none()) || r.disguise.is_some()
    };
    if !hits.iter().any(|h| conditional(h.rule)) {
        return;
    }
    let mut keep = vec![true; hits.len()];
    let mut order: Vec<usize> = (0..hits.len()).filter(|&i| conditional(hits[i].rule)).collect();
    let words = word_indices(text, order.iter().map(|&i| hits[i].span.0));
    order.sort_by_key(|&i| (hits[i].rule, words.get(&hits[i].span.0).copied().unwrap_or(0), i));
    for group in order.chunk_by(|&a, &b| hits[a].rule == hits[b].rule) {
        let rule = set.rule(hits[group[0]].rule as usize);
        let terms = rule.terms.len();
        let patterns = rule.patterns.len();
        let brand = usize::from(!rule.brand_numbers.is_empty());
        let items = rule.items();
        // With `disguise`, the matches that satisfy the rule must include one at least that disguised.
        let strong =
            |i: usize| rule.disguise.is_none_or(|min| hits[i].explained.is_some_and(|(_, d)| d.score >= min.max(1)));
        let need = match rule.require {
            Require::Any => 1,
            Require::All => items,
            Require::AtLeast(n) => n,
        };
        let id = |i: usize| match hits[i].kind {
            MatchKind::Term => hits[i].item as usize,
            MatchKind::Pattern => terms + hits[i].item as usize,
            MatchKind::Brand => terms + patterns,
            MatchKind::DisguisedWord => terms + patterns + brand,
        };
        let word = |i: usize| words.get(&hits[i].span.0).copied().unwrap_or(0);
        let Some(near) = rule.near else {
            if rule.require == Require::Any {
                // Every match is the rule satisfied on its own.
                group.iter().for_each(|&i| keep[i] = strong(i));
                continue;
            }
            let mut seen = vec![false; items];
            group.iter().for_each(|&i| seen[id(i).min(items - 1)] = true);
            if seen.iter().filter(|&&s| s).count() < need || !group.iter().any(|&i| strong(i)) {
                group.iter().for_each(|&i| keep[i] = false);
            }
            continue;
        };
        // Sliding window over the rule's hits in word order: every hit in a window that spans at most `near`
        // words and holds `need` distinct items is kept.
        let mut counts = vec![0usize; items];
        let mut distinct = 0;
        let mut strong_in = 0;
        let mut kept_to = 0; // group positions below this are already kept
        let mut lo = 0;
        group.iter().for_each(|&i| keep[i] = false);
        for hi in 0..group.len() {
            let k = id(group[hi]).min(items - 1);
            counts[k] += 1;
            if counts[k] == 1 {
                distinct += 1;
            }
            strong_in += usize::from(strong(group[hi]));
            while word(group[hi]) - word(group[lo]) > near {
                let k = id(group[lo]).min(items - 1);
                counts[k] -= 1;
                if counts[k] == 0 {
                    distinct -= 1;
                }
                strong_in -= usize::from(strong(group[lo]));
                lo += 1;
            }
            if distinct >= need && strong_in > 0 {
                for &i in &group[lo.max(kept_to)..=hi] {
                    keep[i] = true;
                }
                kept_to = hi + 1;
            }
        }
    }
    let mut i = 0;
    hits.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// The index of the word each of `starts` falls in, counting words (runs of letters and digits) of the
/// original text from 0.
fn word_indices(text: &str, starts: impl Iterator<Item = usize>) -> std::collections::HashMap<usize, usize> {
    let mut starts: Vec<usize> = starts.collect();
    starts.sort_unstable();
    starts.dedup();
    let mut out = std::collections::HashMap::with_capacity(starts.len());
    let mut wanted = starts.into_iter().peekable();
    let mut words = 0;
    let mut in_word = false;
    for (at, c) in text.char_indices() {
        let word = is_word_char(c);
        if word && !in_word {
            words += 1;
        }
        in_word = word;
        while let Some(&w) = wanted.peek() {
            if w > at {
                break;
            }
            // A match starts at a word character, which has just been counted.
            out.insert(w, words.max(1) - 1);
            wanted.next();
        }
    }
    out
}

fn to_matches(text: &str, hits: &[Hit], views: &[Option<Folded>; 3]) -> Vec<Match> {
    if hits.is_empty() {
        return Vec::new();
    }
    // Up to the last span's end, an ASCII text counts the same in bytes and in UTF-16 units (most messages).
    let last = hits.iter().map(|h| h.span.1).max().unwrap_or(0).min(text.len());
    let ascii = text.as_bytes()[..last].is_ascii();
    let mut offsets: Vec<usize> =
        if ascii { Vec::new() } else { hits.iter().flat_map(|h| [h.span.0, h.span.1]).collect() };
    offsets.sort_unstable();
    offsets.dedup();
    let utf16 = utf16_offsets(text, &offsets);
    let to16 = |byte: usize| {
        if ascii {
            return byte.min(text.len());
        }
        offsets.binary_search(&byte).ok().and_then(|i| utf16.get(i).copied()).unwrap_or(0)
    };
    hits.iter()
        .map(|h| {
            let (folds, disguise) = h.explained.unwrap_or_else(|| explain(text, h, views));
            Match {
                rule: h.rule as usize,
                term: h.item as usize,
                span: Span { start: h.span.0, end: h.span.1, start_utf16: to16(h.span.0), end_utf16: to16(h.span.1) },
                kind: h.kind,
                view: h.view,
                folds,
                disguise,
            }
        })
        .collect()
}

/// The folds that changed the matched text, and how disguised it is: nothing when it is the normalized text
/// already (most matches), else from the units of the matched original slice, folded again on its own.
fn explain(text: &str, h: &Hit, views: &[Option<Folded>; 3]) -> (Folds, Disguise) {
    let slice = text.get(h.raw.0..h.raw.1).unwrap_or("");
    let normalized = views[h.scanned as usize].as_ref().and_then(|v| v.text.get(h.folded.0..h.folded.1));
    let brand = h.kind == MatchKind::Brand;
    let (mut folds, disguise) = if normalized == Some(slice) && !brand {
        (Folds::NONE, Disguise::default())
    } else if h.view == View::Plain
        && !brand
        && normalized.is_some_and(|n| n.len() == slice.len() && slice.is_ascii() && n.eq_ignore_ascii_case(slice))
    {
        // Only capitals lowercased (`Judi` at the start of a sentence): every unit is one ASCII character, folded
        // by case or not at all, and none is disguised.
        let letters = ascii_alphanumerics(slice.as_bytes()).unwrap_or(0);
        (
            Folds::from(Fold::Case),
            Disguise { letters: u32::try_from(letters).unwrap_or(u32::MAX), ..Disguise::default() },
        )
    } else {
        // A brand's name is measured with leetspeak undone (`T1T4N168`), whichever view found it.
        let view = if brand { h.view.max(View::Disguised) } else { h.view };
        let units = units(slice, view);
        // A brand's number: its digits are not leetspeak; in words or spread out, a disguise of its own.
        let number = h.number.map(|(s, e, f)| (s.saturating_sub(h.raw.0) as u32, e.saturating_sub(h.raw.0) as u32, f));
        let folds_of = |u: &crate::fold::Unit| match number {
            Some((s, e, fold)) if s <= u.start && u.start < e => {
                fold.map_or(Folds::NONE, Folds::from).union(u.folds.without(Fold::Leet))
            }
            _ => u.folds,
        };
        let folds = units.iter().fold(Folds::NONE, |all, u| all.union(folds_of(u)));
        (folds, measure(slice, &units, folds_of))
    };
    if h.morph {
        folds.insert(Fold::Morphology);
    }
    (folds, disguise)
}

impl Outcome {
    /// The scan, and the buffers it no longer needs back into `scratch`.
    pub(crate) fn into_scan(self, set: &RuleSet, capped: Option<Cap>, scratch: &mut Scratch) -> Scan {
        let normalized = self
            .hits
            .iter()
            .map(|h| {
                let view = self.views[h.scanned as usize].as_ref();
                view.and_then(|v| v.text.get(h.folded.0..h.folded.1)).unwrap_or("").to_owned()
            })
            .collect();
        let mut hits = self.hits;
        hits.clear();
        scratch.hits = hits;
        let mut rules: Vec<RuleHit> = Vec::new();
        if let [m] = self.matches.as_slice() {
            // One match (most messages that match): one rule, one item, nothing to group.
            let (rule, severity, folds) = (m.rule, set.rule(m.rule).severity, m.folds);
            rules.push(RuleHit { rule, severity, matches: 1, distinct: 1, folds });
        }
        let mut by_rule: Vec<&Match> = if self.matches.len() > 1 { self.matches.iter().collect() } else { Vec::new() };
        by_rule.sort_by_key(|m| m.rule);
        for group in by_rule.chunk_by(|a, b| a.rule == b.rule) {
            let mut items: Vec<(MatchKind, usize)> = group.iter().map(|m| (m.kind, m.term)).collect();
            items.sort_unstable();
            items.dedup();
            rules.push(RuleHit {
                rule: group[0].rule,
                severity: set.rule(group[0].rule).severity,
                matches: group.len(),
                distinct: items.len(),
                folds: group.iter().fold(Folds::NONE, |f, m| f.union(m.folds)),
            });
        }
        rules.sort_by_key(|r| (std::cmp::Reverse(r.severity), r.rule));
        let disguise = rules.iter().fold(Folds::NONE, |f, r| f.union(r.folds)).disguises();
        let points = |s: Severity| match s {
            Severity::Low => 1,
            Severity::Medium => 4,
            Severity::High => 16,
            Severity::Critical => 64,
        };
        let score = if rules.is_empty() {
            0
        } else {
            rules.iter().fold(2 * disguise.len() as u32, |score, r| score.saturating_add(points(r.severity)))
        };
        let truncated = self.truncated.then(|| capped.unwrap_or(Cap::PerMessage(set.limits.matches_per_message)));
        Scan {
            max_severity: rules.first().map(|r| r.severity),
            matches: self.matches,
            normalized,
            rules,
            score,
            disguise,
            message_disguise: self.message_disguise.unwrap_or_default(),
            truncated,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ascii_alphanumerics_counts_as_the_byte_test_does() {
        let all: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for start in [0, 1, 7, 200, 300] {
            for end in [0, 1, 7, 8, 9, 100, 127, 128, 129, 254, 255, 256, 600, 1000] {
                let bytes = &all[start.min(end)..end];
                let want = bytes.iter().filter(|b| b.is_ascii_alphanumeric()).count();
                let ascii = bytes.is_ascii();
                assert_eq!(super::ascii_alphanumerics(bytes), ascii.then_some(want), "{start}..{end}");
            }
        }
    }
}
