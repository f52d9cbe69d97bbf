//! The rules input must meet, checked once at the edge into types that cannot hold anything else: a posted flag
//! becomes a [`ValidFlag`], a status change a [`ValidStatusChange`], a query string a [`FlagQuery`] or
//! [`AuditQuery`]. Knows nothing of HTTP or SQL.

mod flag;
mod flagger;
mod query;
mod status;

pub use flag::{ChatKey, MAX_DOSSIER_MESSAGES, MAX_EXCERPT_BYTES, MAX_SPANS, ValidFlag};
pub use flagger::{FlaggerName, MADE_PERSON_PREFIX, Organisation, PersonId};
pub use query::{
    APPROVED, AuditQuery, Cursor, ExportFormat, ExportQuery, FlagFilter, FlagQuery, Limit, NoticeQuery, OPEN, Order,
    ReportFormat, ReportQuery, ReviewQuery,
};
pub use status::{ValidReview, ValidStatusChange};

/// One field of the input that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field's path, e.g. `evidence.spans[1].end`, or a query parameter's name.
    pub field: String,
    /// What is wrong with it, for a person.
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// A required free text: not blank, at most `max` characters.
pub(crate) fn check_text(field: &str, text: &str, max: usize) -> Result<(), FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new(field, format!("{field} must not be empty")));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(FieldError::new(field, format!("{field} is {chars} characters long; at most {max} are accepted")));
    }
    Ok(())
}

/// A short single-line text (a name, an id): [`check_text`], and no control characters.
pub(crate) fn check_line(field: &str, text: &str, max: usize) -> Result<(), FieldError> {
    check_text(field, text, max)?;
    if text.chars().any(char::is_control) {
        return Err(FieldError::new(field, format!("{field} must be one line without control characters")));
    }
    Ok(())
}

/// SHA-256 of `bytes` as 64 lowercase hex digits, the form the API uses for every hash.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    sha2::Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}
