//! Compiling packs into one matcher, and scanning text with it.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use crate::fold::{Folded, fold_term};
use crate::span::utf16_offsets;
use crate::{Error, Rule, RulePack, Span};

/// One match of a rule's term in a scanned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in its [`RuleSet`]; see [`RuleSet::rule`].
    pub rule: usize,
    /// Index of the matched term in the rule's `terms`.
    pub term: usize,
    /// Where it matched, in the original text.
    pub span: Span,
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
    packs: Vec<RulePack>,
    /// `(pack, rule)` indices, in rule order.
    rules: Vec<(usize, usize)>,
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
}

/// One distinct folded term, with every rule term that folds to it.
#[derive(Clone, Debug)]
struct Pattern {
    owners: Vec<(usize, usize)>,
    /// Whether the first/last character is part of a word, so that a word boundary is required there.
    word_start: bool,
    word_end: bool,
}

impl RuleSet {
    /// Compiles packs. Rule ids must be unique across all of them.
    pub fn new(packs: Vec<RulePack>) -> Result<RuleSet, Error> {
        let mut rules = Vec::new();
        let mut seen = HashMap::new();
        let mut folded_terms: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        for (p, pack) in packs.iter().enumerate() {
            for (r, rule) in pack.rules.iter().enumerate() {
                if seen.insert(rule.id.clone(), p).is_some() {
                    return Err(Error::DuplicateRule { source_name: pack.source_name.clone(), rule: rule.id.clone() });
                }
                let rule_index = rules.len();
                rules.push((p, r));
                for (t, term) in rule.terms.iter().enumerate() {
                    let folded = fold_term(term);
                    let i = *index_of.entry(folded.clone()).or_insert_with(|| {
                        let is_word = |c: Option<char>| c.is_some_and(is_word_char);
                        patterns.push(Pattern {
                            owners: Vec::new(),
                            word_start: is_word(folded.chars().next()),
                            word_end: is_word(folded.chars().next_back()),
                        });
                        folded_terms.push(folded);
                        patterns.len() - 1
                    });
                    patterns[i].owners.push((rule_index, t));
                }
            }
        }
        let automaton = AhoCorasick::new(&folded_terms).map_err(|e| Error::Compile(e.to_string()))?;
        Ok(RuleSet { packs, rules, automaton, patterns })
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
    /// range through several terms is reported once, with the first such term.
    pub fn scan(&self, text: &str) -> Vec<Match> {
        let folded = Folded::new(text);
        let haystack = folded.text.as_str();
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(haystack) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            if pattern.word_start && haystack[..m.start()].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            if pattern.word_end && haystack[m.end()..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let (start, end) = folded.original_range(text, m.start(), m.end());
            found.extend(pattern.owners.iter().map(|&(rule, term)| (start, end, rule, term)));
        }
        found.sort_unstable();
        found.dedup_by_key(|&mut (start, end, rule, _)| (start, end, rule));

        let mut offsets: Vec<usize> = found.iter().flat_map(|&(s, e, ..)| [s, e]).collect();
        offsets.sort_unstable();
        offsets.dedup();
        let utf16 = utf16_offsets(text, &offsets);
        let to16 = |byte: usize| utf16[offsets.binary_search(&byte).expect("every offset was collected")];
        found
            .into_iter()
            .map(|(start, end, rule, term)| Match {
                rule,
                term,
                span: Span { start, end, start_utf16: to16(start), end_utf16: to16(end) },
            })
            .collect()
    }
}

/// Letters and digits make words; everything else separates them.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
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
        set.scan(text).iter().map(|m| (set.rule(m.rule).id.clone(), text[m.span.start..m.span.end].to_owned())).collect()
    }

    /// Each row: rule terms, a text, and the (rule, original slice) pairs that must be found, in order.
    #[test]
    fn whole_word_case_insensitive_matches() {
        let rows: &[(&[(&str, &[&str])], &str, &[(&str, &str)])] = &[
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
        let a = RulePack::from_toml("a.toml", "id='a'\nversion='1'\n[[rule]]\nid='x'\ncategory='c'\nseverity='low'\nterms=['y']").unwrap();
        let mut b = a.clone();
        b.source_name = "b.toml".into();
        let err = RuleSet::new(vec![a, b]).unwrap_err().to_string();
        assert!(err.contains("b.toml") && err.contains("`x`"), "{err}");
    }
}
