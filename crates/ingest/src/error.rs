//! The crate's one error type, the warnings an import can carry, and positions in the input.
//!
//! Every error and warning has a stable `code()` that the UI can translate; the `Display` text is English.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A place in the input: 1-based line, and 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    /// The line, from 1.
    pub line: u64,
    /// The column, from 1, in characters (Unicode scalar values).
    pub column: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why an input could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input holds nothing but whitespace.
    #[error("the input is empty")]
    Empty,
    /// The input looks like JSON but is not valid JSON.
    #[error("invalid JSON at {position}: {reason}")]
    Json {
        /// Where the first error is.
        position: Position,
        /// What is wrong there.
        reason: String,
    },
    /// The JSON stops before its end: the file was probably cut short while copying or downloading.
    #[error("the JSON ends early, at {position}: the file is probably incomplete")]
    Truncated {
        /// Where the input ends.
        position: Position,
    },
    /// The input is well-formed but is not what Telegram Desktop exports.
    #[error("{}this is not a Telegram Desktop export: {reason}", file.as_ref().map(|f| format!("{f}: ")).unwrap_or_default())]
    NotAnExport {
        /// The file, when several were given.
        file: Option<String>,
        /// What is missing or wrong.
        reason: String,
    },
    /// A username that Telegram would not accept.
    #[error("not a Telegram username: {input:?} (5 to 32 letters, digits or _, starting with a letter)")]
    InvalidUsername {
        /// What was given.
        input: String,
    },
    /// A text that is not a [`crate::MessageKey`].
    #[error("not a message key: {input:?}")]
    InvalidKey {
        /// What was given.
        input: String,
    },
    /// An HTML import was given no file.
    #[error("no file was given")]
    NoFiles,
}

impl Error {
    /// A stable, machine-readable name for the kind of error, for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty => "empty",
            Error::Json { .. } => "invalid_json",
            Error::Truncated { .. } => "truncated",
            Error::NotAnExport { .. } => "not_an_export",
            Error::InvalidUsername { .. } => "invalid_username",
            Error::InvalidKey { .. } => "invalid_key",
            Error::NoFiles => "no_files",
        }
    }
}

/// Something an import noticed and worked around; the messages it gives are still usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Warning {
    /// Bytes that are not UTF-8 were replaced by U+FFFD (�).
    #[error("{replaced} byte sequence(s) that are not UTF-8 were replaced by \u{FFFD}")]
    InvalidUtf8 {
        /// How many replacement characters were put in.
        replaced: u64,
    },
    /// The exporter's invalid `\xNN` escapes (control characters) were read as the characters they mean.
    #[error("{count} invalid \\xNN escape(s) written by the exporter were repaired")]
    RepairedEscapes {
        /// How many escapes were repaired.
        count: u64,
    },
    /// One message entry could not be read and was skipped; the others were read.
    #[error("skipped a message{}{}: {reason}", file.as_ref().map(|f| format!(" in {f}")).unwrap_or_default(), position.map(|p| format!(" at {p}")).unwrap_or_default())]
    InvalidMessage {
        /// The file, for multi-file imports.
        file: Option<String>,
        /// Where the entry is, when known.
        position: Option<Position>,
        /// What is wrong with it.
        reason: String,
    },
    /// A message's date could not be read; the message has no date.
    #[error("message {message_id}: unreadable date {value:?}")]
    BadDate {
        /// The message.
        message_id: i64,
        /// The date as written.
        value: String,
    },
    /// A part of a multi-file HTML export is missing: the messages it held are not in the import.
    #[error("{name} is missing: the messages it holds are not in the import")]
    MissingFile {
        /// The name of the missing file.
        name: String,
    },
    /// The same part of an HTML export was given twice; both were read.
    #[error("{name} was given more than once")]
    DuplicateFile {
        /// The file's name.
        name: String,
    },
    /// An HTML file whose name is not `messages.html`, `messages2.html`, …: read after the others.
    #[error("{name} is not named like an export part (messages.html, messages2.html, …): read after the others")]
    UnexpectedFileName {
        /// The file's name.
        name: String,
    },
    /// The username or chat id given for the import was not applied, because the import holds several chats.
    #[error(
        "the username and chat id given were not applied: this import holds {chats} chats, set them on the right one"
    )]
    ChatOptionsIgnored {
        /// How many chats the import holds.
        chats: usize,
    },
    /// More warnings of one kind than are worth listing: the rest are only counted.
    #[error("{count} more warning(s) of kind {code} were left out")]
    Omitted {
        /// The `code()` of the warnings left out.
        code: String,
        /// How many were left out.
        count: u64,
    },
}

impl Warning {
    /// A stable, machine-readable name for the kind of warning, for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::InvalidUtf8 { .. } => "invalid_utf8",
            Warning::RepairedEscapes { .. } => "repaired_escapes",
            Warning::InvalidMessage { .. } => "invalid_message",
            Warning::BadDate { .. } => "bad_date",
            Warning::MissingFile { .. } => "missing_file",
            Warning::DuplicateFile { .. } => "duplicate_file",
            Warning::UnexpectedFileName { .. } => "unexpected_file_name",
            Warning::ChatOptionsIgnored { .. } => "chat_options_ignored",
            Warning::Omitted { .. } => "omitted",
        }
    }
}

/// Collects warnings, keeping at most [`Warnings::LIMIT`] of each per-message kind and counting the rest.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    list: Vec<Warning>,
    invalid_messages: u64,
    bad_dates: u64,
}

impl Warnings {
    /// How many warnings about single messages are listed, per kind.
    const LIMIT: u64 = 50;

    pub(crate) fn push(&mut self, warning: Warning) {
        let seen = match warning {
            Warning::InvalidMessage { .. } => &mut self.invalid_messages,
            Warning::BadDate { .. } => &mut self.bad_dates,
            _ => {
                self.list.push(warning);
                return;
            }
        };
        *seen += 1;
        if *seen <= Self::LIMIT {
            self.list.push(warning);
        }
    }

    /// The warnings, with a note for each kind that was cut short.
    pub(crate) fn finish(mut self) -> Vec<Warning> {
        for (code, seen) in [("invalid_message", self.invalid_messages), ("bad_date", self.bad_dates)] {
            if seen > Self::LIMIT {
                self.list.push(Warning::Omitted { code: code.to_owned(), count: seen - Self::LIMIT });
            }
        }
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place() {
        let error = Error::Json { position: Position { line: 3, column: 14 }, reason: "expected `,`".into() };
        assert_eq!(error.to_string(), "invalid JSON at line 3, column 14: expected `,`");
        assert_eq!(error.code(), "invalid_json");
        let error = Error::NotAnExport { file: Some("messages2.html".into()), reason: "no messages".into() };
        assert_eq!(error.to_string(), "messages2.html: this is not a Telegram Desktop export: no messages");
        let warning = Warning::InvalidMessage { file: None, position: None, reason: "no id".into() };
        assert_eq!(warning.to_string(), "skipped a message: no id");
    }

    #[test]
    fn per_message_warnings_are_capped() {
        let mut warnings = Warnings::default();
        for id in 0..60 {
            warnings.push(Warning::BadDate { message_id: id, value: String::new() });
        }
        warnings.push(Warning::RepairedEscapes { count: 1 });
        let list = warnings.finish();
        assert_eq!(list.len(), 52);
        assert_eq!(list.last(), Some(&Warning::Omitted { code: "bad_date".into(), count: 10 }));
    }
}
