//! Rule sets: packs compiled into one matcher, and the matches it reports.

use std::collections::HashMap;

use crate::compile::{Compiled, compile};
use crate::disguise::Disguise;
use crate::fold::{Folds, View};
use crate::scan::{Cap, Limits, Scan};
use crate::{Error, Rule, RulePack, Span};

/// One match of a rule's term or pattern in a scanned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Match {
    /// Index of the rule in its [`RuleSet`]; see [`RuleSet::rule`].
    pub rule: usize,
    /// Index of the matched term in the rule's `terms` (or, for [`MatchKind::Pattern`], in its `patterns`).
    pub term: usize,
    /// Where it matched, in the original text, snapped out to whole grapheme clusters.
    pub span: Span,
    /// Whether a term or a pattern matched.
    pub kind: MatchKind,
    /// The view of the text in which it matched (the first one, when several did).
    pub view: View,
    /// The folds that changed the matched text on its way to the term: how it was disguised.
    pub folds: Folds,
    /// How disguised the matched text is: which letters were styled, spaced or swapped, and the share of them.
    pub disguise: Disguise,
}

/// What in a rule matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKind {
    /// One of the rule's `terms`.
    Term,
    /// One of the rule's `patterns`.
    Pattern,
    /// A brand-like token (the rule's `brand_numbers`); [`Match::term`] is 0.
    Brand,
    /// A disguised word (the rule's `disguised_words`); [`Match::term`] is 0.
    DisguisedWord,
}

/// A rule of a [`RuleSet`] with the pack it came from. Dereferences to the [`Rule`].
#[derive(Clone, Copy, Debug)]
pub struct RuleRef<'a> {
    /// The rule.
    pub rule: &'a Rule,
    /// Id of the pack that holds the rule.
    pub pack_id: &'a str,
    /// Version of that pack.
    pub pack_version: &'a str,
}

impl std::ops::Deref for RuleRef<'_> {
    type Target = Rule;
    fn deref(&self) -> &Rule {
        self.rule
    }
}

/// Rule packs compiled into one matcher. Build it once, scan many texts.
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub(crate) packs: Vec<RulePack>,
    /// `(pack, rule)` indices, in rule order.
    pub(crate) rules: Vec<(usize, usize)>,
    pub(crate) compiled: Compiled,
    pub(crate) limits: Limits,
}

impl RuleSet {
    /// Compiles packs. Rule ids must be unique across all of them.
    pub fn new(packs: Vec<RulePack>) -> Result<RuleSet, Error> {
        let mut rules = Vec::new();
        let mut seen = HashMap::new();
        for (p, pack) in packs.iter().enumerate() {
            pack.check()?;
            for (r, rule) in pack.rules.iter().enumerate() {
                if let Some(first) = seen.insert(rule.id.as_str(), p) {
                    return Err(Error::DuplicateRule {
                        source_name: pack.source_name.clone(),
                        rule: rule.id.clone(),
                        first: packs[first].source_name.clone(),
                    });
                }
                rules.push((p, r));
            }
        }
        let refs: Vec<&Rule> = rules.iter().map(|&(p, r)| &packs[p].rules[r]).collect();
        let compiled = compile(&refs)?;
        Ok(RuleSet { packs, rules, compiled, limits: Limits::default() })
    }

    /// The same rule set with other caps on the number of matches.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> RuleSet {
        self.limits = limits;
        self
    }

    /// The caps on the number of matches.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the set has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule at `index` (as in [`Match::rule`]), with its pack.
    ///
    /// # Panics
    /// If `index` is not below [`RuleSet::len`].
    pub fn rule(&self, index: usize) -> RuleRef<'_> {
        let (p, r) = self.rules[index];
        let pack = &self.packs[p];
        RuleRef { rule: &pack.rules[r], pack_id: &pack.id, pack_version: &pack.version }
    }

    /// The packs the set was compiled from.
    pub fn packs(&self) -> &[RulePack] {
        &self.packs
    }

    /// Every match of every rule in `text`, ordered by start, then end, then rule. A rule matching the same
    /// range through several terms or views is reported once, with the first view and term. At most
    /// [`Limits::matches_per_message`] matches are returned; [`RuleSet::scan_message`] says when there were more.
    pub fn scan(&self, text: &str) -> Vec<Match> {
        crate::scan::run(self, text, self.limits.matches_per_message, false, &mut Default::default()).matches
    }

    /// Scans one message: its matches (as [`RuleSet::scan`]), with what they matched in normalized form, the
    /// rules that matched, the highest severity and a score to sort messages by.
    pub fn scan_message(&self, text: &str) -> Scan {
        let mut scratch = crate::scan::Scratch::default();
        crate::scan::run(self, text, self.limits.matches_per_message, true, &mut scratch).into_scan(
            self,
            None,
            &mut scratch,
        )
    }

    /// Scans the messages of one input (a paste, a file): as [`RuleSet::scan_message`] each, and together at
    /// most [`Limits::matches_per_input`] matches. Once the input's cap is reached, later messages get no
    /// matches and say so in [`Scan::truncated`].
    pub fn scan_messages<'t>(&self, messages: impl IntoIterator<Item = &'t str>) -> Vec<Scan> {
        let mut left = self.limits.matches_per_input;
        // The buffers of one message's scan serve the next.
        let mut scratch = crate::scan::Scratch::default();
        messages
            .into_iter()
            .map(|text| {
                let per_input = left < self.limits.matches_per_message;
                let cap = left.min(self.limits.matches_per_message);
                let outcome = crate::scan::run(self, text, cap, true, &mut scratch);
                let capped = per_input.then_some(Cap::PerInput(self.limits.matches_per_input));
                let scan = outcome.into_scan(self, capped, &mut scratch);
                left -= scan.matches.len().min(left);
                scan
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(terms: &[(&str, &[&str])]) -> RuleSet {
        let mut toml = String::from("id = \"t\"\nversion = \"1\"\n");
        for (id, ts) in terms {
            toml += &format!(
                "[[rule]]\nid = \"{id}\"\ncategory = \"c\"\nseverity = \"low\"\nterms = {:?}\n",
                ts.iter().map(|t| t.to_string()).collect::<Vec<_>>()
            );
        }
        RuleSet::new(vec![RulePack::from_toml("t.toml", &toml).unwrap()]).unwrap()
    }

    fn found(set: &RuleSet, text: &str) -> Vec<(String, String)> {
        set.scan(text)
            .iter()
            .map(|m| (set.rule(m.rule).id.clone(), text[m.span.start..m.span.end].to_owned()))
            .collect()
    }

    /// Rule terms, a text, and the (rule, original slice) pairs that must be found, in order.
    type Row<'a> = (&'a [(&'a str, &'a [&'a str])], &'a str, &'a [(&'a str, &'a str)]);

    #[test]
    fn whole_word_case_insensitive_matches() {
        let rows: &[Row] = &[
            (&[("sabu", &["sabu"])], "jual SABU murah", &[("sabu", "SABU")]),
            (&[("sabu", &["sabu"])], "beli sabun mandi", &[]),
            (&[("judi", &["judi"])], "kekuasaan judisial", &[]),
            (&[("judi", &["judi"])], "judi, judi! (judi)", &[("judi", "judi"), ("judi", "judi"), ("judi", "judi")]),
            (&[("slot", &["slot gacor"])], "SLOT\n  Gacor!!", &[("slot", "SLOT\n  Gacor")]),
            (&[("slot", &["slot gacor"])], "slotgacor", &[]),
            // A longer term that fails its boundary must not hide a shorter one that holds.
            (&[("a", &["judi"]), ("b", &["judi online"])], "judi onlinex", &[("a", "judi")]),
            (&[("a", &["judi"]), ("b", &["judi online"])], "judi online", &[("a", "judi"), ("b", "judi online")]),
            // Two terms of one rule on the same range: one match.
            (&[("a", &["Togel", "togel"])], "togel", &[("a", "togel")]),
            (&[("a", &["+62 slot"])], "x+62 slot", &[("a", "+62 slot")]),
            (&[("a", &["narkoba"])], "𝙎 NARKOBA 😀", &[("a", "NARKOBA")]),
        ];
        for (terms, text, wanted) in rows {
            let set = rules(terms);
            let wanted: Vec<(String, String)> = wanted.iter().map(|(r, s)| (r.to_string(), s.to_string())).collect();
            assert_eq!(found(&set, text), wanted, "{text:?}");
        }
    }

    #[test]
    fn spans_carry_utf16_offsets() {
        let set = rules(&[("a", &["gacor"])]);
        let text = "😀é gacor";
        let m = set.scan(text)[0];
        assert_eq!((m.span.start, m.span.end), (7, 12));
        assert_eq!((m.span.start_utf16, m.span.end_utf16), (4, 9));
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[m.span.start_utf16..m.span.end_utf16]).unwrap(), "gacor");
    }

    #[test]
    fn rule_ids_are_unique_across_packs() {
        let a = RulePack::from_toml(
            "a.toml",
            "id='a'\nversion='1'\n[[rule]]\nid='x'\ncategory='c'\nseverity='low'\nterms=['y']",
        )
        .unwrap();
        let mut b = a.clone();
        b.source_name = "b.toml".into();
        let err = RuleSet::new(vec![a, b]).unwrap_err().to_string();
        assert!(err.contains("b.toml") && err.contains("`x`"), "{err}");
    }

    #[test]
    fn packs_changed_after_parsing_are_checked_again() {
        let mut pack = RulePack::from_toml(
            "a.toml",
            "id='a'\nversion='1'\n[[rule]]\nid='x'\ncategory='c'\nseverity='low'\nterms=['y']",
        )
        .unwrap();
        pack.rules[0].patterns.push("(".into());
        let err = RuleSet::new(vec![pack]).unwrap_err().to_string();
        assert!(err.contains("patterns[0]"), "{err}");
    }
}
