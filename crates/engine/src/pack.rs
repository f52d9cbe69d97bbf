//! Rule packs: their TOML form and the checks a pack must pass before it is compiled.

use serde::Deserialize;

use crate::Error;

/// How serious a match of a rule is. Ordered: `Low < Medium < High < Critical`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
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
    /// Words or phrases, matched case-insensitively as whole words.
    pub terms: Vec<String>,
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

impl RulePack {
    /// Parses and checks a pack. `source_name` (usually the file name) is used in error messages.
    pub fn from_toml(source_name: &str, toml_text: &str) -> Result<RulePack, Error> {
        let mut pack: RulePack = toml::from_str(toml_text).map_err(|e| Error::Syntax {
            source_name: source_name.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        pack.source_name = source_name.to_owned();
        pack.check()?;
        Ok(pack)
    }

    fn check(&self) -> Result<(), Error> {
        let invalid = |rule: Option<&str>, field: &str, message: &str| Error::InvalidField {
            source_name: self.source_name.clone(),
            rule: rule.map(str::to_owned),
            field: field.to_owned(),
            message: message.to_owned(),
        };
        if self.id.trim().is_empty() {
            return Err(invalid(None, "id", "the pack id is empty"));
        }
        if self.version.trim().is_empty() {
            return Err(invalid(None, "version", "the pack version is empty"));
        }
        let mut seen = std::collections::HashSet::new();
        for rule in &self.rules {
            let id = rule.id.as_str();
            if id.trim().is_empty() {
                return Err(invalid(None, "rule.id", "a rule has an empty id"));
            }
            if !seen.insert(id) {
                return Err(Error::DuplicateRule { source_name: self.source_name.clone(), rule: id.to_owned() });
            }
            if !is_slug(&rule.category) {
                return Err(invalid(
                    Some(id),
                    "category",
                    "must be a lowercase word such as `perjudian` (letters, digits, `-` or `_`)",
                ));
            }
            if rule.terms.is_empty() {
                return Err(invalid(Some(id), "terms", "the rule has no terms"));
            }
            for (i, term) in rule.terms.iter().enumerate() {
                if !term.chars().any(char::is_alphanumeric) {
                    return Err(invalid(
                        Some(id),
                        &format!("terms[{i}]"),
                        &format!("the term {term:?} has no letter or digit to match"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && s.len() <= 64
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    /// Each row: a broken pack and the words its error must contain.
    #[test]
    fn bad_packs_name_the_file_rule_and_field() {
        let rows: &[(&str, &str, &[&str])] = &[
            ("syntax", "id = ", &["syntax.toml", "line 1"]),
            ("severity", &GOOD.replace("\"high\"", "\"urgent\""), &["severity.toml", "urgent"]),
            ("unknown field", &GOOD.replace("terms", "term"), &["unknown field.toml", "term"]),
            ("category", &GOOD.replace("perjudian", "Judi Online"), &["rule `a`", "category"]),
            ("empty terms", &GOOD.replace("[\"slot\"]", "[]"), &["rule `a`", "terms", "no terms"]),
            ("blank term", &GOOD.replace("[\"slot\"]", "[\"slot\", \" - \"]"), &["rule `a`", "terms[1]"]),
            ("empty id", &GOOD.replace("id = \"t\"", "id = \"\""), &["id", "empty"]),
            (
                "duplicate",
                &format!("{GOOD}\n[[rule]]\nid = \"a\"\ncategory = \"x\"\nseverity = \"low\"\nterms = [\"y\"]\n"),
                &["rule `a`", "twice"],
            ),
        ];
        for (name, text, wanted) in rows {
            let err = RulePack::from_toml(&format!("{name}.toml"), text).expect_err(name).to_string();
            for w in *wanted {
                assert!(err.contains(w), "{name}: {err:?} should contain {w:?}");
            }
        }
    }
}
