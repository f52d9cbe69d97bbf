//! Rule packs: their TOML form and the checks a pack must pass before it is compiled.
//!
//! `docs/rules.md` (at the repository root) documents the language for pack authors. This module only parses
//! and validates; compiling into a matcher is `compile.rs`'s job.

use serde::{Deserialize, Deserializer, Serialize};

use crate::fold::{View, is_word_char, normalize};
use crate::{Error, Morphology};

/// How serious a match of a rule is. Ordered: `Low < Medium < High < Critical`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Likely negative content.
    Medium,
    /// Negative content that should be flagged.
    High,
    /// Content that must be flagged at once (e.g. incitement to violence).
    Critical,
}

impl Severity {
    /// The lowercase name used in packs and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// The severity a lowercase name names.
    pub fn from_name(name: &str) -> Option<Severity> {
        [Severity::Low, Severity::Medium, Severity::High, Severity::Critical].into_iter().find(|s| s.as_str() == name)
    }
}

/// How many of a rule's terms and patterns a message must contain for the rule to match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Require {
    /// Any one of them (the default).
    #[default]
    Any,
    /// Every one of them.
    All,
    /// At least this many distinct ones.
    AtLeast(usize),
}

impl<'de> Deserialize<'de> for Require {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Require, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Word(String),
            Count(i64),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Word(w) if w == "any" => Ok(Require::Any),
            Raw::Word(w) if w == "all" => Ok(Require::All),
            Raw::Count(n) if n >= 1 => Ok(Require::AtLeast(usize::try_from(n).unwrap_or(usize::MAX))),
            Raw::Count(n) => Err(serde::de::Error::custom(format!("must be at least 1, not {n}"))),
            Raw::Word(w) => Err(serde::de::Error::custom(format!("expected \"any\", \"all\" or a number, not {w:?}"))),
        }
    }
}

/// A test case carried by a rule: a text, and whether the rule must match it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    /// The message to scan.
    pub text: String,
    /// Whether the rule must match it (`true`) or must not (`false`).
    pub matches: bool,
}

/// One rule: what to look for, and what a match means.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique id, e.g. `perjudian.slot-gacor`.
    pub id: String,
    /// Category of negative content, e.g. `perjudian`, `terorisme`.
    pub category: String,
    /// How serious a match is.
    pub severity: Severity,
    /// What the rule is for, shown to the analyst.
    #[serde(default)]
    pub description: String,
    /// Words or phrases, matched as whole words in every view of the text (case, look-alikes, leetspeak,
    /// separators... folded away).
    #[serde(default)]
    pub terms: Vec<String>,
    /// Regular expressions (Rust `regex` syntax, case-insensitive) over the normalized text.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// How many distinct terms and patterns a message must contain.
    #[serde(default)]
    pub require: Require,
    /// If set, the required terms must start within this many words of each other.
    #[serde(default)]
    pub near: Option<usize>,
    /// Phrases that cancel any match of this rule that they overlap (`slot parkir`).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Which affixed forms of the terms also match.
    #[serde(default)]
    pub morphology: Morphology,
    /// Brand-like tokens: a name of three or more letters followed by one of these numbers (`4d`, `88`, `138`…),
    /// in one word or two (`jaya88`, `JAYA 88`, `𝐉𝐀𝐘𝐀𝟖𝟖`, `B A D A I 7 7`), with no list of brands. One item of
    /// the rule, whichever brand matched.
    #[serde(default)]
    pub brand_numbers: Vec<String>,
    /// With `brand_numbers`: only a name and its number written as one word count (`kuda69`, `KELUDARI17`, not
    /// `kamera 360`): the shape a site's name takes, which a name and a quantity rarely do.
    #[serde(default)]
    pub brand_in_one_word: bool,
    /// With `brand_numbers`: the number may also be written in Indonesian words (`Badai Tujuh Tujuh`,
    /// `Zeus seratus tiga puluh delapan`).
    #[serde(default)]
    pub number_words: bool,
    /// Any word of three or more letters at least this disguised (a share, in percent; `0.6` in TOML) is one item
    /// of the rule: styled, spaced or swapped letters (`🅜🅔🅖🅐`, `S͟U͟R͟Y͟A͟`, `[M][E][G][A]`).
    #[serde(default, deserialize_with = "share")]
    pub disguised_words: Option<u8>,
    /// The rule holds only where one of the matches that satisfy it is at least this disguised (percent; `0.5` in
    /// TOML). With `require = "any"` and no `near`, every match is judged on its own.
    #[serde(default, deserialize_with = "share")]
    pub disguise: Option<u8>,
    /// The rule holds only in messages at least this disguised as a whole (percent; `0.3` in TOML).
    #[serde(default, deserialize_with = "share")]
    pub message_disguise: Option<u8>,
    /// With `disguised_words`: a disguised word counts only where it *stands out* from a plain message (`Salut,
    /// 𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄 selalu on time`): the message as a whole is at most [`STANDOUT_MESSAGE`] disguised (a message in
    /// styled letters throughout is a decorated greeting), and the word is not written as a person's name is (one
    /// capital, then small letters, no digit: `𝐁𝐮𝐝𝐢`, `𝓡𝓲𝓷𝓪`, display names people style).
    #[serde(default)]
    pub standout: bool,
    /// Test cases, run by [`RulePack::run_tests`].
    #[serde(default)]
    pub tests: Vec<RuleTest>,
}

impl Rule {
    /// The number of distinct items a match can come from: terms, patterns, the brand item (with
    /// `brand_numbers`) and the disguised-word item (with `disguised_words`).
    pub fn items(&self) -> usize {
        self.terms.len()
            + self.patterns.len()
            + usize::from(!self.brand_numbers.is_empty())
            + usize::from(self.disguised_words.is_some())
    }
}

/// With [`Rule::standout`]: how disguised a message may be as a whole (percent) for a disguised word in it to
/// stand out.
pub const STANDOUT_MESSAGE: u8 = 60;

/// In `brand_numbers`: any number of two to four digits, maybe with a final `d` (`17`, `69`, `855`, `4d`). Numbers
/// like these follow names everywhere (`covid19`, `persib 1933`): a rule with it needs other evidence too.
pub const ANY_NUMBER: &str = "#";

/// A share written as a fraction from 0 to 1 (`0.5`), kept in percent.
fn share<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u8>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Float(f64),
        Int(i64),
    }
    let value = match Raw::deserialize(deserializer)? {
        Raw::Float(f) => f,
        Raw::Int(i) => i as f64,
    };
    if !(0.0..=1.0).contains(&value) {
        return Err(serde::de::Error::custom(format!("must be a share between 0 and 1 (0.5 is half), not {value}")));
    }
    Ok(Some((value * 100.0).round() as u8))
}

/// A named, versioned set of rules, as loaded from a TOML file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    /// Pack id, e.g. `tapis-default`.
    pub id: String,
    /// Pack version, e.g. `2026.11.1`.
    pub version: String,
    /// Human-readable name.
    #[serde(default)]
    pub name: String,
    /// The rules, in file order.
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
    /// Where the pack came from, for error messages.
    #[serde(skip)]
    pub source_name: String,
}

/// Bounds on what a pack may ask of the matcher, so that no pack can make scanning slow or compiling huge.
pub(crate) mod bounds {
    /// Longest term, unless phrase or pattern, in bytes.
    pub const MAX_TERM_LEN: usize = 256;
    pub const MAX_PATTERN_LEN: usize = 1024;
    /// Compiled size of one regular expression, and of its lazy DFA cache.
    pub const REGEX_SIZE: usize = 1 << 20;
    pub const REGEX_DFA_SIZE: usize = 2 << 20;
    pub const REGEX_NEST: u32 = 64;
    /// Regular expressions in a whole rule set.
    pub const MAX_PATTERNS: usize = 1024;
    /// Largest `near`.
    pub const MAX_NEAR: usize = 1000;
    /// Automaton patterns (all terms and unless phrases, in every view and affixed form) of a whole rule set.
    pub const MAX_FORMS: usize = 4_000_000;
}

impl RulePack {
    /// Parses and checks a pack. `source_name` (usually the file name) is used in error messages.
    pub fn from_toml(source_name: &str, toml_text: &str) -> Result<RulePack, Error> {
        let mut pack: RulePack = toml::from_str(toml_text).map_err(|e| locate(source_name, toml_text, &e))?;
        pack.source_name = source_name.to_owned();
        pack.check()?;
        Ok(pack)
    }

    /// Parses and checks a pack written as JSON, the shape of its TOML (`to_json` writes it): how the browser's page
    /// reads packs, so that its first load carries no TOML parser. `source_name` is used in error messages.
    pub fn from_json(source_name: &str, json_text: &str) -> Result<RulePack, Error> {
        let mut pack: RulePack = serde_json::from_str(json_text)
            .map_err(|e| Error::Syntax { source_name: source_name.to_owned(), message: e.to_string() })?;
        pack.source_name = source_name.to_owned();
        pack.check()?;
        Ok(pack)
    }

    /// A pack's TOML as the JSON [`RulePack::from_json`] reads, once [`RulePack::from_toml`] accepts it (so its
    /// errors name the file, the rule, the field and the line).
    pub fn to_json(source_name: &str, toml_text: &str) -> Result<String, Error> {
        RulePack::from_toml(source_name, toml_text)?;
        let syntax = |message: String| Error::Syntax { source_name: source_name.to_owned(), message };
        let table: toml::Table = toml::from_str(toml_text).map_err(|e| syntax(e.to_string()))?;
        serde_json::to_string(&table).map_err(|e| syntax(e.to_string()))
    }

    /// Checks everything that can be checked without the other packs of a rule set.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let invalid = |rule: Option<&str>, field: &str, message: String| Error::InvalidField {
            source_name: self.source_name.clone(),
            rule: rule.map(str::to_owned),
            field: field.to_owned(),
            message,
        };
        if self.id.trim().is_empty() {
            return Err(invalid(None, "id", "the pack id is empty".into()));
        }
        if self.version.trim().is_empty() {
            return Err(invalid(None, "version", "the pack version is empty".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for rule in &self.rules {
            let id = rule.id.as_str();
            if id.trim().is_empty() {
                return Err(invalid(None, "rule.id", "a rule has an empty id".into()));
            }
            if !seen.insert(id) {
                let source_name = self.source_name.clone();
                return Err(Error::DuplicateRule { first: source_name.clone(), source_name, rule: id.to_owned() });
            }
            let invalid = |field: &str, message: String| invalid(Some(id), field, message);
            if !is_slug(&rule.category) {
                return Err(invalid(
                    "category",
                    "must be a lowercase word such as `perjudian` (letters, digits, `-` or `_`)".into(),
                ));
            }
            if rule.items() == 0 {
                return Err(invalid(
                    "terms",
                    "the rule has no terms, patterns, brand_numbers or disguised_words".into(),
                ));
            }
            for (i, number) in rule.brand_numbers.iter().enumerate() {
                let ok = number == ANY_NUMBER
                    || number.len() <= 8
                        && number.starts_with(|c: char| c.is_ascii_digit())
                        && number.chars().all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
                if !ok {
                    return Err(invalid(
                        &format!("brand_numbers[{i}]"),
                        format!(
                            "{number:?} is not a number such as \"88\" or \"4d\" (digits, then lowercase letters), \
                             nor \"{ANY_NUMBER}\" (any number)"
                        ),
                    ));
                }
            }
            if rule.standout && rule.disguised_words.is_none() {
                return Err(invalid("standout", "needs `disguised_words`".into()));
            }
            if rule.brand_in_one_word && rule.brand_numbers.is_empty() {
                return Err(invalid("brand_in_one_word", "needs `brand_numbers`".into()));
            }
            if rule.number_words && rule.brand_numbers.is_empty() {
                return Err(invalid("number_words", "needs `brand_numbers`".into()));
            }
            for (field, phrases) in [("terms", &rule.terms), ("unless", &rule.unless)] {
                for (i, phrase) in phrases.iter().enumerate() {
                    if let Err(message) = check_phrase(phrase) {
                        return Err(invalid(&format!("{field}[{i}]"), message));
                    }
                }
            }
            for (i, pattern) in rule.patterns.iter().enumerate() {
                if let Err(message) = compile_pattern(pattern) {
                    return Err(invalid(&format!("patterns[{i}]"), message));
                }
            }
            let items = rule.items();
            if let Require::AtLeast(n) = rule.require
                && n > items
            {
                return Err(invalid("require", format!("asks for {n} distinct items, but the rule has only {items}")));
            }
            if let Some(near) = rule.near {
                if rule.require == Require::Any || rule.require == Require::AtLeast(1) {
                    return Err(invalid("near", "needs `require = \"all\"` or `require = N` with N ≥ 2".into()));
                }
                if !(1..=bounds::MAX_NEAR).contains(&near) {
                    return Err(invalid("near", format!("must be between 1 and {}", bounds::MAX_NEAR)));
                }
            }
            for (i, test) in rule.tests.iter().enumerate() {
                if test.text.trim().is_empty() {
                    return Err(invalid(&format!("tests[{i}].text"), "the test text is empty".into()));
                }
            }
        }
        Ok(())
    }
}

/// Why a term or unless phrase cannot be matched, if it cannot.
fn check_phrase(phrase: &str) -> Result<(), String> {
    if phrase.len() > bounds::MAX_TERM_LEN {
        return Err(format!("longer than {} bytes", bounds::MAX_TERM_LEN));
    }
    if !phrase.chars().any(char::is_alphanumeric) || !normalize(phrase, View::Plain).chars().any(is_word_char) {
        return Err(format!("the term {phrase:?} has no letter or digit to match"));
    }
    Ok(())
}

/// Compiles a rule's pattern with the engine's bounds: the `regex` crate runs in time linear in the text, and the
/// size limits keep any one pattern from taking much memory or compile time.
/// `\b` and `\B` as ASCII word boundaries (`(?-u:\b)`) in a pattern without non-ASCII letters. A Unicode word
/// boundary stops the regex crate's lazy DFA at the first non-ASCII byte of a text (an emoji, a styled letter's
/// leftovers), and the slow PikeVM then runs every pattern of the set over the whole text: measured on the judol
/// development set, 65% of the scan. The views fold styled and accented letters to ASCII first, so what borders a
/// pattern's ASCII word is ASCII or not a letter of its script either way. A pattern with letters of another
/// script (Arabic) keeps Unicode boundaries.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !pattern.contains("\\b") && !pattern.contains("\\B")
        || pattern.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
    {
        return std::borrow::Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let (mut chars, mut class) = (pattern.chars(), 0usize);
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if class == 0 => {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                class += 1;
                out.push(c);
            }
            ']' if class > 0 => {
                class -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

pub(crate) fn compile_pattern(pattern: &str) -> Result<regex::Regex, String> {
    if pattern.len() > bounds::MAX_PATTERN_LEN {
        return Err(format!("longer than {} bytes", bounds::MAX_PATTERN_LEN));
    }
    regex::RegexBuilder::new(&ascii_word_boundaries(pattern))
        .case_insensitive(true)
        .size_limit(bounds::REGEX_SIZE)
        .dfa_size_limit(bounds::REGEX_DFA_SIZE)
        .nest_limit(bounds::REGEX_NEST)
        .build()
        .map_err(|e| e.to_string().lines().last().unwrap_or("invalid regular expression").trim().to_owned())
}

fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && s.len() <= 64
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-' | '_'))
}

/// Turns a TOML error into one that names the rule and the field, where the error lies inside a rule.
fn locate(source_name: &str, text: &str, error: &toml::de::Error) -> Error {
    /// The pack's shape with every rule left as a table: parses whenever the TOML itself is valid.
    #[derive(Deserialize)]
    struct Loose {
        #[serde(default)]
        rule: Vec<toml::Spanned<toml::Table>>,
    }
    let syntax =
        || Error::Syntax { source_name: source_name.to_owned(), message: error.to_string().trim_end().to_owned() };
    let (Some(span), Ok(loose)) = (error.span(), toml::from_str::<Loose>(text)) else { return syntax() };
    // A `[[rule]]` element's span is its header; its keys follow it, up to the next header.
    // A rule without an id is named by its place: the first `[[rule]]` is `#1`.
    let rule = loose.rule.iter().enumerate().take_while(|(_, r)| r.span().start <= span.start).last().map(|(i, r)| {
        r.get_ref().get("id").and_then(|id| id.as_str()).map_or_else(|| format!("#{} (no id)", i + 1), str::to_owned)
    });
    let message = error.message().trim_end();
    let field = quoted_field(message).or_else(|| key_at(text, span.start)).unwrap_or_else(|| "rule".to_owned());
    let line = text.get(..span.start).map_or(0, |before| before.matches('\n').count() + 1);
    Error::InvalidField {
        source_name: source_name.to_owned(),
        rule,
        field,
        message: format!("{message} (line {line})"),
    }
}

/// The field named by serde's "unknown field `x`" and "missing field `x`".
fn quoted_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("missing field `"))?;
    rest.split('`').next().map(str::to_owned)
}

/// The key of the `key = value` line holding byte `at`.
fn key_at(text: &str, at: usize) -> Option<String> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.contains(char::is_whitespace)).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_ascii_words_get_ascii_word_boundaries() {
        let rows = [
            (r"\bslot\b", r"(?-u:\b)slot(?-u:\b)"),
            (r"\Bx\\b[\b]", r"(?-u:\B)x\\b[\b]"),
            (r"\d+rb", r"\d+rb"),
            (r"\bجهاد\b", r"\bجهاد\b"),
            (r"(?:\p{So}|‼)\d\b", r"(?:\p{So}|‼)\d(?-u:\b)"),
        ];
        for (pattern, wanted) in rows {
            assert_eq!(ascii_word_boundaries(pattern), wanted, "{pattern}");
        }
    }

    const GOOD: &str = r#"
        id = "t"
        version = "1"
        [[rule]]
        id = "a"
        category = "perjudian"
        severity = "high"
        terms = ["slot"]
    "#;

    #[test]
    fn a_good_pack_parses() {
        let pack = RulePack::from_toml("good.toml", GOOD).unwrap();
        assert_eq!(pack.rules[0].severity, Severity::High);
        assert_eq!(pack.source_name, "good.toml");
        assert_eq!(pack.rules[0].require, Require::Any);
        assert_eq!(pack.rules[0].morphology, Morphology::None);
    }

    #[test]
    fn the_full_language_parses() {
        let text = r#"
            id = "t"
            version = "1"
            [[rule]]
            id = "a"
            category = "perjudian"
            severity = "high"
            terms = ["slot", "gacor"]
            patterns = ['wa\.me/\d+']
            require = 2
            near = 5
            unless = ["slot parkir"]
            morphology = "id"
            brand_numbers = ["88", "4d"]
            number_words = true
            disguised_words = 0.6
            disguise = 0.5
            message_disguise = 1
            tests = [{ text = "slot gacor", matches = true }, { text = "slot parkir", matches = false }]
            [[rule]]
            id = "b"
            category = "narkoba"
            severity = "low"
            terms = ["sabu"]
            [[rule.tests]]
            text = "jual sabu"
            matches = true
        "#;
        let pack = RulePack::from_toml("full.toml", text).unwrap();
        assert_eq!(pack.rules[1].tests, [RuleTest { text: "jual sabu".into(), matches: true }]);
        let rule = &pack.rules[0];
        assert_eq!(rule.require, Require::AtLeast(2));
        assert_eq!(rule.near, Some(5));
        assert_eq!(rule.morphology, Morphology::Id);
        assert_eq!(rule.tests.len(), 2);
        assert_eq!((rule.disguised_words, rule.disguise, rule.message_disguise), (Some(60), Some(50), Some(100)));
        assert_eq!((rule.brand_numbers.len(), rule.number_words, rule.items()), (2, true, 5));
        assert!(!rule.tests[1].matches);
    }

    /// Each row: a broken pack and the words its error must contain.
    #[test]
    fn bad_packs_name_the_file_rule_and_field() {
        let rule = |extra: &str| format!("{GOOD}{extra}\n");
        let rows: &[(&str, &str, &[&str])] = &[
            ("syntax", "id = ", &["syntax.toml", "line 1"]),
            (
                "severity",
                &GOOD.replace("\"high\"", "\"urgent\""),
                &["severity.toml", "urgent", "rule `a`", "severity:", "line 7"],
            ),
            ("unknown field", &GOOD.replace("terms", "term"), &["unknown field.toml", "term", "rule `a`"]),
            ("category", &GOOD.replace("perjudian", "Judi Online"), &["rule `a`", "category"]),
            ("empty terms", &GOOD.replace("[\"slot\"]", "[]"), &["rule `a`", "terms", "no terms"]),
            ("blank term", &GOOD.replace("[\"slot\"]", "[\"slot\", \" - \"]"), &["rule `a`", "terms[1]"]),
            ("ignorable term", &GOOD.replace("[\"slot\"]", "[\"slot\", \"\u{200B}\"]"), &["rule `a`", "terms[1]"]),
            ("empty id", &GOOD.replace("id = \"t\"", "id = \"\""), &["id", "empty"]),
            (
                "duplicate",
                &format!("{GOOD}\n[[rule]]\nid = \"a\"\ncategory = \"x\"\nseverity = \"low\"\nterms = [\"y\"]\n"),
                &["rule `a`", "twice", "first in duplicate.toml"],
            ),
            (
                "no rule id",
                &format!("{GOOD}\n[[rule]]\ncategory = \"x\"\nseverity = \"low\"\nterms = [\"y\"]\n"),
                &["rule `#2 (no id)`", "id", "missing field"],
            ),
            ("bad regex", &rule("patterns = ['(unclosed']"), &["rule `a`", "patterns[0]", "unclosed"]),
            ("huge regex", &rule("patterns = ['\\w{1000}\\w{1000}']"), &["rule `a`", "patterns[0]", "size limit"]),
            ("require word", &rule("require = \"most\""), &["rule `a`", "require", "\"most\""]),
            ("require zero", &rule("require = 0"), &["rule `a`", "require", "at least 1"]),
            ("require too many", &rule("require = 3"), &["rule `a`", "require", "only 1"]),
            ("near without require", &rule("near = 3"), &["rule `a`", "near", "require"]),
            ("near zero", &rule("require = \"all\"\nnear = 0"), &["rule `a`", "near", "between"]),
            ("morphology", &rule("morphology = \"jv\""), &["rule `a`", "morphology", "jv"]),
            ("test field", &rule("tests = [{ text = \"x\", match = true }]"), &["rule `a`", "match"]),
            ("empty test", &rule("tests = [{ text = \" \", matches = true }]"), &["rule `a`", "tests[0].text"]),
            ("long term", &GOOD.replace("[\"slot\"]", &format!("[\"{}\"]", "a".repeat(300))), &["terms[0]", "longer"]),
            ("unknown top-level key", &format!("nama = \"x\"\n{GOOD}"), &["unknown top-level key.toml", "nama"]),
            ("share above one", &rule("disguise = 50"), &["rule `a`", "disguise", "between 0 and 1"]),
            ("share negative", &rule("message_disguise = -0.5"), &["rule `a`", "message_disguise", "between 0 and 1"]),
            ("share text", &rule("disguised_words = \"most\""), &["rule `a`", "disguised_words"]),
            ("brand number", &rule("brand_numbers = ['88', 'jaya']"), &["rule `a`", "brand_numbers[1]", "jaya"]),
            ("number words alone", &rule("number_words = true"), &["rule `a`", "number_words", "brand_numbers"]),
        ];
        for (name, text, wanted) in rows {
            let err = RulePack::from_toml(&format!("{name}.toml"), text).expect_err(name).to_string();
            for w in *wanted {
                assert!(err.contains(w), "{name}: {err:?} should contain {w:?}");
            }
        }
    }
}
