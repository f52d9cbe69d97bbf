//! `tapis rules test|lint PACK...`: what a pack author runs before shipping a pack. Loads each pack alone (as
//! the server hands them out), prints the engine's lint warnings and runs the test cases its rules carry.
//!
//! The report goes to stdout; packs that cannot be loaded are errors on stderr.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use tapis_engine::RulePack;

use super::{INVALID, OK, TESTS_FAILED, diagnose, exit, is_closed_pipe, load_pack};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load rule packs, print lint warnings and run the test cases their rules carry.
    ///
    /// Each pack is tested alone. Exit status: 0 when every test passed, 1 when one failed, 2 when a pack does
    /// not load.
    Test {
        /// Rule pack files (TOML).
        #[arg(value_name = "PACK", required = true)]
        packs: Vec<PathBuf>,
    },
    /// Load rule packs and print lint warnings: rules that load but will not work well.
    ///
    /// Exit status: 0 (warnings do not fail), 2 when a pack does not load.
    Lint {
        /// Rule pack files (TOML).
        #[arg(value_name = "PACK", required = true)]
        packs: Vec<PathBuf>,
    },
}

pub fn run(command: RulesCommand) -> ExitCode {
    let (packs, testing) = match command {
        RulesCommand::Test { packs } => (packs, true),
        RulesCommand::Lint { packs } => (packs, false),
    };
    let mut loaded = Vec::new();
    let mut broken = false;
    for path in &packs {
        match load_pack(path) {
            Ok(pack) => loaded.push(pack),
            Err(message) => {
                diagnose(format_args!("error: {message}"));
                broken = true;
            }
        }
    }
    let mut out = BufWriter::new(io::stdout().lock());
    let report = if testing { test(&loaded, &mut out) } else { lint(&loaded, &mut out) };
    let outcome = match report.and_then(|outcome| out.flush().map(|()| outcome)) {
        Ok(outcome) => outcome,
        Err(error) if is_closed_pipe(&error) => Outcome::default(),
        Err(error) => {
            diagnose(format_args!("error: cannot write to stdout: {error}"));
            return exit(INVALID);
        }
    };
    exit(if broken || outcome.broken {
        INVALID
    } else if outcome.failed > 0 {
        TESTS_FAILED
    } else {
        OK
    })
}

/// What a report found beyond what it wrote.
#[derive(Debug, Default)]
struct Outcome {
    /// Test cases that failed.
    failed: usize,
    /// A pack that parsed but could not be compiled.
    broken: bool,
}

/// Writes each pack's warnings and failed test cases, a line per pack, then the totals.
fn test(packs: &[RulePack], out: &mut impl Write) -> io::Result<Outcome> {
    let mut outcome = Outcome::default();
    let (mut tested, mut rules, mut tests) = (0, 0, 0);
    for pack in packs {
        for warning in pack.lint() {
            writeln!(out, "warning: {warning}")?;
        }
        let failures = match pack.run_tests() {
            Ok(failures) => failures,
            Err(error) => {
                diagnose(format_args!("error: {error}"));
                outcome.broken = true;
                continue;
            }
        };
        for failure in &failures {
            writeln!(out, "failed: {failure}")?;
        }
        let count: usize = pack.rules.iter().map(|rule| rule.tests.len()).sum();
        tested += 1;
        rules += pack.rules.len();
        tests += count;
        outcome.failed += failures.len();
        writeln!(
            out,
            "{}: pack `{}` {}: {}, {}: {} passed, {} failed",
            pack.source_name,
            pack.id,
            pack.version,
            plural(pack.rules.len(), "rule"),
            plural(count, "test"),
            count - failures.len(),
            failures.len(),
        )?;
    }
    writeln!(
        out,
        "{}, {}, {}: {} passed, {} failed",
        plural(tested, "pack"),
        plural(rules, "rule"),
        plural(tests, "test"),
        tests - outcome.failed,
        outcome.failed
    )?;
    Ok(outcome)
}

/// Writes each pack's warnings, then the totals. Warnings never fail the run.
fn lint(packs: &[RulePack], out: &mut impl Write) -> io::Result<Outcome> {
    let (mut rules, mut warnings) = (0, 0);
    for pack in packs {
        for warning in pack.lint() {
            writeln!(out, "warning: {warning}")?;
            warnings += 1;
        }
        rules += pack.rules.len();
    }
    writeln!(out, "{}, {}: {}", plural(packs.len(), "pack"), plural(rules, "rule"), plural(warnings, "warning"))?;
    Ok(Outcome::default())
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}
