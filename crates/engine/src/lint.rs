//! Lint: rules that compile but will not work well (terms too short or too common, unless phrases that cancel
//! nothing). Warnings, not errors: a pack author may know better.

use std::collections::HashSet;

use crate::fold::{View, is_word_char, normalize};
use crate::{Morphology, RulePack};

/// Something in a pack that is allowed but probably a mistake.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Warning {
    /// Where the pack came from.
    pub source_name: String,
    /// The rule's id.
    pub rule: String,
    /// The field, e.g. `terms[3]`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rule `{}`: {}: {}", self.source_name, self.rule, self.field, self.message)
    }
}

/// Terms shorter than this (in letters and digits) match too much.
const MIN_TERM: usize = 3;

/// Words so frequent in Indonesian (and the English mixed into it) that a rule with one of them as a term would
/// match nearly every message.
const COMMON: &[&str] = &[
    "ada", "adalah", "agar", "akan", "aku", "anda", "apa", "atau", "bagi", "bahwa", "baru", "beli", "belum", "bisa",
    "bukan", "cara", "dalam", "dan", "dari", "dengan", "dia", "dulu", "gak", "hal", "hanya", "harga", "hari", "ingin",
    "info", "ini", "itu", "jadi", "jangan", "juga", "jual", "kalau", "kami", "kamu", "karena", "ke", "kita", "lagi",
    "lebih", "link", "mau", "mereka", "nya", "oleh", "orang", "pada", "para", "saat", "saja", "sama", "sangat", "saya",
    "sebagai", "sudah", "tapi", "telah", "tidak", "untuk", "yang", "and", "for", "the", "this", "that", "with", "you",
    "your", "free", "new", "online", "video",
];

impl RulePack {
    /// Warnings about rules that compile but will not work well: terms too short or too common to be useful,
    /// the same term twice, `unless` phrases that share no word with the rule's terms, patterns that can match
    /// empty text.
    pub fn lint(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for rule in &self.rules {
            let mut warn = |field: String, message: String| {
                out.push(Warning { source_name: self.source_name.clone(), rule: rule.id.clone(), field, message });
            };
            let terms: Vec<String> = rule.terms.iter().map(|t| normalize(t.trim(), View::Plain)).collect();
            let mut seen = HashSet::new();
            for (i, term) in terms.iter().enumerate() {
                let field = format!("terms[{i}]");
                let letters = term.chars().filter(|&c| is_word_char(c)).count();
                if letters < MIN_TERM {
                    warn(field.clone(), format!("{term:?} is too short: it will match inside many unrelated texts"));
                } else if COMMON.contains(&term.as_str()) {
                    warn(field.clone(), format!("{term:?} is too common: it will match most messages"));
                }
                if !seen.insert(term.as_str()) {
                    warn(field.clone(), format!("{term:?} is already a term of this rule"));
                }
                if rule.morphology == Morphology::Id && letters > 0 && letters < 4 && !term.contains(' ') {
                    warn(field, format!("{term:?} is short for `morphology = \"id\"`: its affixed forms may be words"));
                }
            }
            for (i, phrase) in rule.unless.iter().enumerate() {
                let phrase = normalize(phrase.trim(), View::Plain);
                let patterns = || {
                    rule.patterns.iter().any(|p| crate::pack::compile_pattern(p).is_ok_and(|re| re.is_match(&phrase)))
                };
                if !terms.iter().any(|t| shares_word(t, &phrase)) && !patterns() {
                    warn(
                        format!("unless[{i}]"),
                        format!(
                            "{phrase:?} contains none of the rule's terms and no pattern matches it: it cancels nothing"
                        ),
                    );
                }
            }
            for (i, pattern) in rule.patterns.iter().enumerate() {
                if crate::pack::compile_pattern(pattern).is_ok_and(|re| re.is_match("")) {
                    let message = "can match empty text, which is never reported: require at least one character";
                    warn(format!("patterns[{i}]"), message.into());
                }
            }
            if rule.require == crate::Require::All && rule.items() == 1 && rule.near.is_none() {
                warn("require".into(), "`all` of one term is the same as `any`".into());
            }
            for (i, number) in rule.brand_numbers.iter().enumerate() {
                if number.len() < 2 && number != crate::ANY_NUMBER {
                    let message =
                        format!("{number:?} is short: names followed by one digit are everywhere (`kelas 7`)");
                    warn(format!("brand_numbers[{i}]"), message);
                }
            }
            if rule.disguised_words.is_some() && rule.require == crate::Require::Any && !rule.standout {
                let message = "with `require = \"any\"` every styled word of every message matches (a display name in \
                               bold letters): require it together with terms or patterns";
                warn("disguised_words".into(), message.into());
            }
        }
        out
    }
}

/// Whether the unless phrase contains the term's words as a run of whole words (it can overlap its matches).
fn shares_word(term: &str, phrase: &str) -> bool {
    let t: Vec<&str> = term.split(' ').collect();
    let p: Vec<&str> = phrase.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).collect();
    // Overlap is enough: `slot` in `slot parkir`, or `parkir` of the phrase inside the term `tarif parkir`.
    t.iter().any(|w| p.contains(w))
}

#[cfg(test)]
mod tests {
    use crate::RulePack;

    /// Each row: a rule body, and the field warned about with a word of the message (empty: no warning).
    #[test]
    fn warnings() {
        let rows: &[(&str, &[(&str, &str)])] = &[
            ("terms = ['slot gacor']", &[]),
            ("terms = ['xx']", &[("terms[0]", "short")]),
            ("terms = ['YANG']", &[("terms[0]", "common")]),
            ("terms = ['sabu', 'SABU']", &[("terms[1]", "already")]),
            ("terms = ['bom']\nmorphology = 'id'", &[("terms[0]", "affixed")]),
            ("terms = ['slot']\nunless = ['slot parkir']", &[]),
            ("terms = ['slot']\nunless = ['tempat parkir']", &[("unless[0]", "cancels nothing")]),
            ("patterns = ['\\bwd\\b']\nunless = ['wd blue']", &[]),
            ("patterns = ['\\bwd\\b']\nunless = ['ssd blue']", &[("unless[0]", "cancels nothing")]),
            ("patterns = ['x*']", &[("patterns[0]", "empty")]),
            ("patterns = ['x+']", &[]),
            ("terms = ['ganja']\nrequire = 'all'", &[("require", "any")]),
            ("brand_numbers = ['88', '7']", &[("brand_numbers[1]", "short")]),
            ("disguised_words = 0.6", &[("disguised_words", "styled word")]),
            ("disguised_words = 0.6\nterms = ['gacor']\nrequire = 'all'", &[]),
        ];
        for (body, wanted) in rows {
            let text = format!("id='p'\nversion='1'\n[[rule]]\nid='r'\ncategory='c'\nseverity='low'\n{body}\n");
            let pack = RulePack::from_toml("p.toml", &text).unwrap();
            let got: Vec<(String, String)> = pack.lint().into_iter().map(|w| (w.field, w.message)).collect();
            assert_eq!(got.len(), wanted.len(), "{body}: {got:?}");
            for ((field, message), (wf, wm)) in got.iter().zip(wanted.iter()) {
                assert_eq!(field, wf, "{body}");
                assert!(message.contains(wm), "{body}: {message:?} should contain {wm:?}");
            }
        }
        let warning = RulePack::from_toml(
            "p.toml",
            "id='p'\nversion='1'\n[[rule]]\nid='r'\ncategory='c'\nseverity='low'\nterms=['xx']",
        )
        .unwrap()
        .lint()
        .remove(0);
        assert!(warning.to_string().starts_with("p.toml: rule `r`: terms[0]: "), "{warning}");
    }
}
