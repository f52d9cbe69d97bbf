//! The engine's one error type.

/// Everything that can go wrong when loading or compiling rule packs. Scanning text never fails.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The pack is not valid TOML, or does not have the shape of a pack.
    #[error("{source_name}: {message}")]
    Syntax {
        /// Where the pack came from (usually a file name).
        source_name: String,
        /// What the TOML parser said, with line and column.
        message: String,
    },
    /// A field of the pack or of one of its rules has an unusable value.
    #[error("{source_name}: {}{field}: {message}", rule.as_ref().map(|r| format!("rule `{r}`: ")).unwrap_or_default())]
    InvalidField {
        /// Where the pack came from.
        source_name: String,
        /// The rule's id, when the field belongs to a rule.
        rule: Option<String>,
        /// The field's name.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Two rules share an id, within a pack or across the packs of a rule set.
    #[error("{source_name}: rule `{rule}`: id: the id is used twice (first in {first})")]
    DuplicateRule {
        /// Where the second rule came from.
        source_name: String,
        /// The duplicated id.
        rule: String,
        /// Where the first rule came from (the same file, for two rules of one pack).
        first: String,
    },
    /// The matcher could not be built (e.g. the patterns need more memory than allowed).
    #[error("cannot compile the rule set: {0}")]
    Compile(String),
}
