//! The offline commands of the `tapis` binary: `tapis scan` pre-screens files with the rules engine, `tapis hash`
//! prints images' PDQ hashes, `tapis domains` lists the new domains they link to, `tapis campaigns` lists their
//! largest campaigns and writes the watchlist of their keys, `tapis rules` tests and lints rule packs. They read
//! files and write to the terminal; no database, no HTTP.
//!
//! Exit codes: [`OK`], [`TESTS_FAILED`] (only `rules test`), [`INVALID`] for anything the user must fix: usage
//! (as clap does), a pack that does not load, input that cannot be read.

pub mod campaigns;
pub mod hash;
pub mod links;
pub mod rules;
pub mod scan;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use tapis_engine::RulePack;

/// Everything went well.
pub const OK: u8 = 0;
/// Some test case of a rule pack failed.
pub const TESTS_FAILED: u8 = 1;
/// Bad usage, a pack that does not load, or input that cannot be read.
pub const INVALID: u8 = 2;

/// An exit code to return from `main`.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}

/// Writes one diagnostic line to stderr. A closed stderr is no reason to stop.
pub fn diagnose(line: impl std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Loads a pack file, named as the user wrote its path so that errors point at it. The engine's errors already
/// name the file, the rule and the field: they are returned as they are.
pub fn load_pack(path: &Path) -> Result<RulePack, String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| format!("{name}: cannot read: {}", describe_io(&error)))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        format!("{name}: not UTF-8 text (invalid byte at offset {})", error.utf8_error().valid_up_to())
    })?;
    RulePack::from_toml(&name, &text).map_err(|error| error.to_string())
}

/// An I/O error in a few words, without the `(os error N)` noise.
pub fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => error.to_string(),
    }
}

/// Whether a write failed because the reader went away (`tapis scan … | head`): then stop quietly.
pub fn is_closed_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}
