//! The Tapis rules engine: find what rule packs describe in text written to evade filters, and point at exactly
//! the characters that matched.
//!
//! Text in, matches out. The engine knows nothing of messages, files, browsers or HTTP; it compiles natively and
//! to `wasm32-unknown-unknown`, so the browser app and the `tapis` command line run the same code.
//!
//! A [`RulePack`] is parsed from TOML (the language is documented in `docs/rules.md`), one or more packs compile
//! into a [`RuleSet`], and [`RuleSet::scan`] returns every [`Match`] as a [`Span`] of the **original** text, in
//! UTF-8 bytes and in UTF-16 code units (what JavaScript counts in). [`RuleSet::scan_message`] adds what the
//! matches saw, the rules that matched, the highest severity and a score.
//!
//! Matching is by whole words, in several *views* of the text ([`View`]): folded for case, compatibility forms
//! (`𝙎𝙇𝙊𝙏`), diacritics, zero-width characters and Arabic spelling; then also for look-alikes, leetspeak and
//! repeated letters; then also for separators inside words. Each view is made by one pass that remembers where
//! every folded byte came from, so a match maps back to an exact range of the original (see `DESIGN.md`). Each
//! match says which [`Fold`]s it needed and how disguised it was ([`Disguise`]), and so does each message: rules
//! can ask for brand-like tokens (`jaya88`), disguised words and a minimum disguise.
//!
//! [`links`] finds the links, handles and numbers of a text, dodges undone; [`campaign`] gives each message the keys
//! it shares with the rest of a promotion campaign (brand, domain, handle, phone, template) and groups messages by
//! them.
//!
//! ```
//! use tapis_engine::{Fold, RulePack, RuleSet, Severity};
//!
//! let pack = RulePack::from_toml("example.toml", r#"
//!     id = "example"
//!     version = "1"
//!     name = "Example"
//!
//!     [[rule]]
//!     id = "judi.slot"
//!     category = "perjudian"
//!     severity = "high"
//!     terms = ["slot gacor"]
//!     unless = ["slot gacor parkir"]
//! "#)?;
//! let rules = RuleSet::new(vec![pack])?;
//!
//! let text = "Info SLOT  Gacor hari ini, bukan slotgacorku. Daftar SL0T G4C000R!";
//! let scan = rules.scan_message(text);
//! let found: Vec<&str> = scan.matches.iter().map(|m| &text[m.span.start..m.span.end]).collect();
//! assert_eq!(found, ["SLOT  Gacor", "SL0T G4C000R"]);
//! assert_eq!(scan.normalized[1], "slot gacor");
//! assert!(scan.matches[1].folds.contains(Fold::Leet));
//! assert_eq!(rules.rule(scan.matches[0].rule).id, "judi.slot");
//! assert_eq!(scan.max_severity, Some(Severity::High));
//! # Ok::<(), tapis_engine::Error>(())
//! ```
#![warn(missing_docs)]

mod brand;
pub mod builtin;
pub mod campaign;
mod compile;
mod disguise;
mod error;
mod fold;
pub mod links;
mod lint;
mod morph;
mod pack;
mod ruleset;
mod scan;
mod segment;
mod signal;
mod span;
mod testing;
mod words;

pub use disguise::Disguise;
pub use error::Error;
pub use fold::{Fold, Folds, View, normalize};
pub use lint::Warning;
pub use morph::Morphology;
pub use pack::{ANY_NUMBER, Require, Rule, RulePack, RuleTest, STANDOUT_MESSAGE, Severity};
pub use ruleset::{Match, MatchKind, RuleRef, RuleSet};
pub use scan::{Cap, Limits, MESSAGE_DISGUISE_BYTES, RuleHit, Scan};
pub use segment::{Segment, segments};
pub use signal::Signal;
pub use span::Span;
pub use testing::TestFailure;

#[cfg(test)]
mod tests;
