//! The Tapis rules engine: find the terms of rule packs in text, and point at exactly the characters that matched.
//!
//! Text in, matches out. The engine knows nothing of messages, files, browsers or HTTP; it compiles natively and
//! to `wasm32-unknown-unknown`, so the browser app and the `tapis` command line run the same code.
//!
//! A [`RulePack`] is parsed from TOML, one or more packs compile into a [`RuleSet`], and [`RuleSet::scan`]
//! returns every [`Match`] as a [`Span`] of the **original** text, in UTF-8 bytes and in UTF-16 code units
//! (what JavaScript counts in). Matching is case-insensitive and by whole words: the text is folded into a
//! matching form while an alignment map remembers where every folded byte came from (see `DESIGN.md`).
//!
//! ```
//! use tapis_engine::{RulePack, RuleSet};
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
//! "#)?;
//! let rules = RuleSet::new(vec![pack])?;
//!
//! let text = "Info SLOT  Gacor hari ini, bukan slotgacorku";
//! let matches = rules.scan(text);
//! assert_eq!(matches.len(), 1);
//! assert_eq!(&text[matches[0].span.start..matches[0].span.end], "SLOT  Gacor");
//! assert_eq!(rules.rule(matches[0].rule).id, "judi.slot");
//! # Ok::<(), tapis_engine::Error>(())
//! ```
#![warn(missing_docs)]

pub mod builtin;
mod error;
mod fold;
mod pack;
mod ruleset;
mod segment;
mod span;

pub use error::Error;
pub use pack::{Rule, RulePack, Severity};
pub use ruleset::{Match, RuleRef, RuleSet};
pub use segment::{Segment, segments};
pub use span::Span;
