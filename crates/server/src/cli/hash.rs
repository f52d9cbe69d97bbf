//! `tapis hash FILE...`: the PDQ hash and quality of images, one line each, for building hash lists.
//!
//! A line is `HASH<TAB>QUALITY<TAB>FILE`: the 64 hex digits of Meta's reference text form first, then a tab, as
//! hash lists are written. The hash is tapis-media's, the same as the app's worker computes (full-size image,
//! stored pixels, no EXIF orientation). A file that cannot be read or decoded is reported on stderr and the
//! others are still hashed; the exit status is then [`INVALID`].

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{INVALID, OK, describe_io, diagnose, exit, is_closed_pipe};

#[derive(Debug, clap::Args)]
pub struct HashArgs {
    /// Images: JPEG or PNG (a Telegram export's photos and thumbnails).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

/// Hashes every file, in order.
pub fn run(args: HashArgs) -> ExitCode {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for path in &args.files {
        let name = path.display().to_string();
        let hashed = match std::fs::read(path) {
            Ok(bytes) => tapis_media::hash_image(&bytes).map_err(|error| error.to_string()),
            Err(error) => Err(format!("cannot read: {}", describe_io(&error))),
        };
        let written = match hashed {
            Ok(hashed) => {
                // The line's fields are tab-separated: a tab or a line break in a file's name becomes a space.
                let shown: String =
                    name.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
                writeln!(out, "{}\t{}\t{shown}", hashed.pdq, hashed.quality)
            }
            Err(message) => {
                failed += 1;
                // Flushed first, so that the error sits among the lines where it happened.
                let flushed = out.flush();
                diagnose(format_args!("error: {name}: {message}"));
                flushed
            }
        };
        if let Err(error) = written {
            if is_closed_pipe(&error) {
                return exit(OK);
            }
            diagnose(format_args!("error: cannot write: {error}"));
            return exit(INVALID);
        }
    }
    if let Err(error) = out.flush()
        && !is_closed_pipe(&error)
    {
        diagnose(format_args!("error: cannot write: {error}"));
        return exit(INVALID);
    }
    if failed > 0 {
        diagnose(format_args!("{failed} of {} files not hashed", args.files.len()));
        return exit(INVALID);
    }
    exit(OK)
}
