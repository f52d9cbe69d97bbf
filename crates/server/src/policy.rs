//! The flagger's policy, read from the TOML file of `tapis serve --policy`: the platform's deadline per category,
//! the DSA Transparency Database category of each national one, and the procedures text of the periodic report.
//! Knows nothing of HTTP or SQL.
//!
//! ```toml
//! default_hours = 24          # every category not listed
//! organisation = "Komdigi"    # named on the report
//! procedures = """How notices are found, reviewed and sent…"""
//!
//! [hours]
//! terorisme = 4
//!
//! [dsa]                       # adds to or overrides the built-in mapping
//! judi_online = "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"
//! ```

use std::collections::BTreeMap;

use chrono::TimeDelta;
use serde::Deserialize;

/// The deadline of every category the policy does not list: 24 hours (Permenkominfo 5/2020, art. 14).
pub const DEFAULT_HOURS: u32 = 24;

/// Categories with the urgent 4-hour deadline by default (SAMAN): terrorism, child sexual abuse material, and
/// illegal food, drugs and cosmetics.
pub const URGENT_CATEGORIES: [&str; 4] = ["terorisme", "csam", "narkoba", "obat_makanan_ilegal"];

/// The urgent deadline.
pub const URGENT_HOURS: u32 = 4;

/// The longest deadline a policy may set: 30 days.
const MAX_HOURS: u32 = 720;

/// The statement categories of the DSA Transparency Database (`STATEMENT_CATEGORY_…`), as its API takes them since
/// the vocabulary of July 2025 (the transparency-reporting implementing regulation's).
pub const DSA_CATEGORIES: [&str; 16] = [
    "STATEMENT_CATEGORY_ANIMAL_WELFARE",
    "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
    "STATEMENT_CATEGORY_CYBER_VIOLENCE",
    "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
    "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
    "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
    "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
    "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    "STATEMENT_CATEGORY_SELF_HARM",
    "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
    "STATEMENT_CATEGORY_VIOLENCE",
];

/// The built-in mapping of the national categories (the rule packs' slugs) to the DSA's; `docs/api.md` justifies
/// each row.
const DSA_MAPPING: [(&str, &str); 10] = [
    ("csam", "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"),
    ("hoaks", "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"),
    ("narkoba", "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"),
    ("obat_makanan_ilegal", "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"),
    ("penipuan", "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"),
    ("perjudian", "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"),
    ("pornografi", "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"),
    ("radikalisme", "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY"),
    ("sara", "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"),
    ("terorisme", "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY"),
];

/// The procedures section of a report when the policy file gives none.
const DEFAULT_PROCEDURES: &str = "Analysts pre-screen public channels with published rule packs; every match is \
    confirmed by an analyst and approved by a second analyst who did not file it before it is sent to the \
    platform; the platform's outcome is recorded against the category's deadline.";

/// Why a policy file was refused.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PolicyError(String);

/// The policy: deadlines, DSA mapping, report text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    default_hours: u32,
    hours: BTreeMap<String, u32>,
    dsa: BTreeMap<String, String>,
    organisation: Option<String>,
    procedures: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    default_hours: Option<u32>,
    #[serde(default)]
    hours: BTreeMap<String, u32>,
    #[serde(default)]
    dsa: BTreeMap<String, String>,
    organisation: Option<String>,
    procedures: Option<String>,
}

impl Default for Policy {
    /// The deadlines of the issue: 4 hours for [`URGENT_CATEGORIES`], 24 for the rest.
    fn default() -> Self {
        Self {
            default_hours: DEFAULT_HOURS,
            hours: URGENT_CATEGORIES.iter().map(|category| ((*category).to_owned(), URGENT_HOURS)).collect(),
            dsa: DSA_MAPPING.iter().map(|(national, dsa)| ((*national).to_owned(), (*dsa).to_owned())).collect(),
            organisation: None,
            procedures: DEFAULT_PROCEDURES.to_owned(),
        }
    }
}

impl Policy {
    /// Reads a policy file's text; what it leaves out keeps [`Policy::default`]'s value. `name` is the file's,
    /// for errors.
    pub fn from_toml(name: &str, text: &str) -> Result<Self, PolicyError> {
        let file: PolicyFile = toml::from_str(text).map_err(|e| PolicyError(format!("{name}: {e}")))?;
        let mut policy = Self::default();
        let check = |what: &str, hours: u32| {
            if (1..=MAX_HOURS).contains(&hours) {
                Ok(hours)
            } else {
                Err(PolicyError(format!("{name}: {what} is {hours} hours; it must be from 1 to {MAX_HOURS}")))
            }
        };
        if let Some(hours) = file.default_hours {
            policy.default_hours = check("default_hours", hours)?;
        }
        for (category, hours) in file.hours {
            policy.hours.insert(category.clone(), check(&format!("hours.{category}"), hours)?);
        }
        for (category, dsa) in file.dsa {
            if !DSA_CATEGORIES.contains(&dsa.as_str()) {
                return Err(PolicyError(format!(
                    "{name}: dsa.{category} is {dsa:?}, not a Transparency Database category ({})",
                    DSA_CATEGORIES.join(", ")
                )));
            }
            policy.dsa.insert(category, dsa);
        }
        policy.organisation = file.organisation.filter(|o| !o.trim().is_empty());
        if let Some(procedures) = file.procedures.filter(|p| !p.trim().is_empty()) {
            policy.procedures = procedures.trim().to_owned();
        }
        Ok(policy)
    }

    /// How long the platform has for a notice of `category`.
    pub fn deadline(&self, category: &str) -> TimeDelta {
        TimeDelta::hours(i64::from(self.hours_for(category)))
    }

    /// [`Policy::deadline`] in hours.
    pub fn hours_for(&self, category: &str) -> u32 {
        self.hours.get(category).copied().unwrap_or(self.default_hours)
    }

    /// The deadline of every category not listed.
    pub fn default_hours(&self) -> u32 {
        self.default_hours
    }

    /// Every category the policy names (a deadline of its own or a DSA category), with its hours, by name.
    pub fn known_categories(&self) -> impl Iterator<Item = (&str, u32)> {
        let names: std::collections::BTreeSet<&str> =
            self.hours.keys().chain(self.dsa.keys()).map(String::as_str).collect();
        names.into_iter().map(|category| (category, self.hours_for(category)))
    }

    /// The DSA statement category of a national one, when mapped.
    pub fn dsa_category(&self, category: &str) -> Option<&str> {
        self.dsa.get(category).map(String::as_str)
    }

    /// The flagger organisation named on reports.
    pub fn organisation(&self) -> Option<&str> {
        self.organisation.as_deref()
    }

    /// The procedures section of reports.
    pub fn procedures(&self) -> &str {
        &self.procedures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_four_hours_to_urgent_categories_and_a_day_to_the_rest() {
        let policy = Policy::default();
        for category in ["terorisme", "csam", "narkoba"] {
            assert_eq!(policy.deadline(category), TimeDelta::hours(4), "{category}");
        }
        for category in ["perjudian", "hoaks", "penipuan", "anything-else"] {
            assert_eq!(policy.deadline(category), TimeDelta::hours(24), "{category}");
        }
        assert_eq!(policy.dsa_category("penipuan"), Some("STATEMENT_CATEGORY_SCAMS_AND_FRAUD"));
        assert_eq!(policy.dsa_category("anything-else"), None);
        for (_, dsa) in DSA_MAPPING {
            assert!(DSA_CATEGORIES.contains(&dsa), "{dsa}");
        }
    }

    #[test]
    fn a_file_overrides_what_it_gives_and_keeps_the_rest() {
        let policy = Policy::from_toml(
            "policy.toml",
            "default_hours = 48\norganisation = \"Komdigi\"\nprocedures = \"Dua analis.\"\n\
             [hours]\nperjudian = 12\n[dsa]\njudi = \"STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS\"\n",
        )
        .unwrap();
        assert_eq!(policy.hours_for("perjudian"), 12);
        assert_eq!(policy.hours_for("terorisme"), 4);
        assert_eq!(policy.hours_for("hoaks"), 48);
        assert_eq!(policy.dsa_category("judi"), Some("STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"));
        assert_eq!((policy.organisation(), policy.procedures()), (Some("Komdigi"), "Dua analis."));
    }

    #[test]
    fn bad_files_are_refused_naming_the_key() {
        for (text, names) in [
            ("default_hours = 0", "default_hours"),
            ("[hours]\nterorisme = 1000", "hours.terorisme"),
            ("[dsa]\njudi = \"GAMBLING\"", "dsa.judi"),
            ("deadline = 4", "deadline"),
            ("[hours]\nterorisme = \"four\"", "terorisme"),
        ] {
            let error = Policy::from_toml("p.toml", text).unwrap_err().to_string();
            assert!(error.starts_with("p.toml: ") && error.contains(names), "{text}: {error}");
        }
    }
}
