//! `tapis scan`: batch pre-screening with the same engine and the same ingest as the app. Reads files (or
//! stdin) with `tapis-ingest`, scans every message and the hidden targets of its links, and writes a report
//! (`report.rs`).
//!
//! Each input is read whole before its messages are scanned, so its warnings come first and an unreadable file
//! prints nothing; JSON is fed to the parser in slices, so the file's bytes are never all in memory at once.
//! Several HTML parts of one export (same folder) are one input, read together in the order of their numbers.

mod images;
mod report;

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tapis_engine::{RulePack, RuleSet};
use tapis_ingest::{Format, Import, Options, Parser, detect, import_html};

use self::images::{HashListArg, Images, parse_hashlist_arg};
use self::report::{Report, Totals};
use super::campaigns::{Collected, write_summary};
use super::links::{BlocklistArg, load_blocklists, parse_blocklist_arg};
use super::{INVALID, OK, describe_io, diagnose, exit, is_closed_pipe, load_pack};
use tapis_engine::links::Blocklists;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// A rule pack (TOML); repeat to compile several together [default: the built-in packs].
    #[arg(long = "pack", value_name = "FILE")]
    packs: Vec<PathBuf>,
    /// `jsonl`: one JSON object per message, in input order. `table`: the matches, aligned for a terminal.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// The inputs' format, instead of detecting it from each one's content.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// The chat's public username (`name`, `@name` or `t.me/name`), which exports do not hold: message links
    /// need it.
    #[arg(long, value_name = "NAME")]
    username: Option<String>,
    /// The chat's id, for inputs that do not hold it (HTML exports): message keys and links use it.
    #[arg(long, value_name = "ID", allow_negative_numbers = true)]
    chat_id: Option<i64>,
    /// A blocklist, `NAME=FILE` (one domain a line, or a hosts file); repeat for several. Each link's `status`
    /// says whether a list blocks its domain (and `list` which), or that it is new or a link shortener.
    #[arg(long = "blocklist", value_name = "NAME=FILE", value_parser = parse_blocklist_arg)]
    blocklists: Vec<BlocklistArg>,
    /// A hash list, `NAME=FILE`: one PDQ hash a line (64 hex digits), optionally a label and a source after
    /// tabs; repeat for several. Each image within `--hash-threshold` of a listed hash is a match, and its
    /// message counts as matched.
    #[arg(long = "hashlist", value_name = "NAME=FILE", value_parser = parse_hashlist_arg)]
    hashlists: Vec<HashListArg>,
    /// How many of the 256 bits of PDQ hashes may differ for an image to match a listed hash.
    #[arg(long, value_name = "BITS", default_value_t = tapis_media::DEFAULT_THRESHOLD,
          value_parser = clap::value_parser!(u32).range(0..=256))]
    hash_threshold: u32,
    /// Do not read the messages' images from the export's folder (their photos, and the thumbnails of videos,
    /// animations and stickers), which are otherwise hashed with PDQ and matched against the hash lists.
    #[arg(long, conflicts_with = "hashlists")]
    no_images: bool,
    /// Leave out the messages without a match (jsonl; the table shows only matches anyway).
    #[arg(long)]
    only_matches: bool,
    /// Group every message of the run into campaigns (issue 14): each JSON line gets `campaigns`, the message's
    /// keys (`brand:…`, `domain:…`, `telegram:…`, `phone:…`, `template:…`); the table ends with the largest
    /// campaigns. The lines are written once every input is read.
    #[arg(long)]
    campaigns: bool,
    /// Inputs, read in order: Telegram Desktop exports (`result.json`, `messages*.html`, or the export's folder,
    /// whose media are read too), text copied out of Telegram Desktop, or plain text (one message per
    /// blank-line-separated block). `-` or none: stdin.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Jsonl,
    Table,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum InputFormat {
    Auto,
    TelegramJson,
    TelegramHtml,
    CopiedText,
    FreeText,
}

impl InputFormat {
    pub(super) fn format(self) -> Option<Format> {
        match self {
            InputFormat::Auto => None,
            InputFormat::TelegramJson => Some(Format::TelegramJson),
            InputFormat::TelegramHtml => Some(Format::TelegramHtml),
            InputFormat::CopiedText => Some(Format::CopiedText),
            InputFormat::FreeText => Some(Format::FreeText),
        }
    }
}

/// Where one file of input comes from.
#[derive(Debug)]
pub(super) enum Source {
    Stdin,
    Path(PathBuf),
}

/// What is read as one import: a file (or stdin), or the HTML parts of one export.
#[derive(Debug)]
pub(super) enum Input {
    One(Source),
    HtmlParts { folder: PathBuf, paths: Vec<PathBuf> },
}

impl Input {
    /// The folder whose files the input's messages refer to (its media): the export's folder; `None` for stdin.
    pub(super) fn folder(&self) -> Option<&Path> {
        let folder = match self {
            Input::One(Source::Stdin) => return None,
            Input::One(Source::Path(path)) => path.parent().unwrap_or(Path::new("")),
            Input::HtmlParts { folder, .. } => folder,
        };
        Some(if folder.as_os_str().is_empty() { Path::new(".") } else { folder })
    }

    /// How warnings, errors and the `file` of each message name this input.
    pub(super) fn label(&self) -> String {
        match self {
            Input::One(Source::Stdin) => "<stdin>".to_owned(),
            Input::One(Source::Path(path)) => path.display().to_string(),
            Input::HtmlParts { folder, .. } if folder.as_os_str().is_empty() => "./".to_owned(),
            Input::HtmlParts { folder, .. } => format!("{}/", folder.display()),
        }
    }
}

/// Why an input gave no messages.
pub(super) enum ReadError {
    /// A file could not be read: one part of an HTML export, or (`None`) the input itself.
    Io(Option<PathBuf>, io::Error),
    /// Ingest refused the content.
    Ingest(tapis_ingest::Error),
}

pub fn run(args: ScanArgs) -> ExitCode {
    let rules = match compile(&args.packs) {
        Ok(rules) => rules,
        Err(messages) => {
            for message in messages {
                diagnose(format_args!("error: {message}"));
            }
            return exit(INVALID);
        }
    };
    let lists = match load_blocklists(&args.blocklists) {
        Ok(lists) => lists,
        Err(message) => {
            diagnose(format_args!("error: {message}"));
            return exit(INVALID);
        }
    };
    let images = match args.no_images {
        true => None,
        false => match Images::load(&args.hashlists, args.hash_threshold) {
            Ok(images) => Some(images),
            Err(message) => {
                diagnose(format_args!("error: {message}"));
                return exit(INVALID);
            }
        },
    };
    let options = Options { format: args.input_format.format(), username: args.username, chat_id: args.chat_id };
    // A username Telegram would not accept is a usage error, reported once rather than for every input.
    if let Err(error) = Parser::new(options.clone()) {
        diagnose(format_args!("error: --username: {error}"));
        return exit(INVALID);
    }
    let inputs = match plan(&args.files, args.input_format) {
        Ok(inputs) => inputs,
        Err(message) => {
            diagnose(format_args!("error: {message}"));
            return exit(INVALID);
        }
    };

    let mut collected = args.campaigns.then(Collected::default);
    let written = match (args.format, collected.as_mut()) {
        (OutputFormat::Jsonl, Some(collected)) => {
            let scanner = Scanner { rules: &rules, lists: &lists, images: images.as_ref() };
            scan_with_campaigns(&inputs, &options, &scanner, args.only_matches, collected)
        }
        (OutputFormat::Jsonl, None) => {
            let mut report = Report::jsonl(BufWriter::new(io::stdout().lock()), args.only_matches);
            let mut totals = Totals::default();
            let scanner = Scanner { rules: &rules, lists: &lists, images: images.as_ref() };
            scan_inputs(&inputs, &options, &scanner, &mut report, &mut totals, None).map(|()| totals)
        }
        (OutputFormat::Table, mut kept) => {
            let mut out = BufWriter::new(io::stdout().lock());
            let mut report = Report::table(&mut out);
            let mut totals = Totals::default();
            let scanner = Scanner { rules: &rules, lists: &lists, images: images.as_ref() };
            scan_inputs(&inputs, &options, &scanner, &mut report, &mut totals, kept.as_deref_mut())
                .and_then(|()| match kept {
                    Some(collected) => {
                        let campaigns = collected.group().campaigns;
                        writeln!(out)?;
                        write_summary(&mut out, &collected.summaries(&campaigns, SUMMARY_TOP), campaigns.len())?;
                        out.flush()
                    }
                    None => Ok(()),
                })
                .map(|()| totals)
        }
    };
    let totals = match written {
        Ok(totals) => totals,
        Err(error) if is_closed_pipe(&error) => return exit(OK),
        Err(error) => {
            diagnose(format_args!("error: cannot write: {error}"));
            return exit(INVALID);
        }
    };
    diagnose(totals.summary(inputs.len()));
    exit(if totals.unreadable > 0 { INVALID } else { OK })
}

/// Campaigns listed after the table of matches.
const SUMMARY_TOP: usize = 10;

/// `--campaigns` with JSON lines: the lines go to a temporary file, numbered, while the keys of each message are
/// kept; once every input is read the messages are grouped, and each line is copied to stdout with its
/// `campaigns`. Only the keys stay in memory, never the lines.
fn scan_with_campaigns(
    inputs: &[Input],
    options: &Options,
    scanner: &Scanner<'_>,
    only_matches: bool,
    collected: &mut Collected,
) -> io::Result<Totals> {
    let mut spool = tempfile_in_temp_dir()?;
    let mut totals = Totals::default();
    {
        let mut report = Report::numbered(BufWriter::new(&spool), only_matches);
        scan_inputs(inputs, options, scanner, &mut report, &mut totals, Some(collected))?;
    }
    let grouped = collected.group();
    spool.rewind()?;
    let mut out = BufWriter::new(io::stdout().lock());
    for line in BufReader::new(&spool).lines() {
        let line = line?;
        let (number, json) = line.split_once('\t').ok_or_else(|| io::Error::other("a spooled line lost its number"))?;
        let keys = number.parse::<usize>().ok().and_then(|n| grouped.of_message.get(n));
        let keys = serde_json::to_string(keys.map_or(&[][..], Vec::as_slice)).map_err(io::Error::other)?;
        let body = json.strip_suffix('}').ok_or_else(|| io::Error::other("a spooled line is not an object"))?;
        writeln!(out, "{body},\"campaigns\":{keys}}}")?;
    }
    out.flush()?;
    Ok(totals)
}

/// A new file in the temporary directory, already removed from it (it goes when it is closed).
fn tempfile_in_temp_dir() -> io::Result<File> {
    let dir = std::env::temp_dir();
    for attempt in 0..100u32 {
        let path = dir.join(format!("tapis-scan-{}-{attempt}.jsonl", std::process::id()));
        match File::options().read(true).write(true).create_new(true).open(&path) {
            Ok(file) => {
                let _ = std::fs::remove_file(&path);
                return Ok(file);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("no free temporary file name"))
}

/// What each message is scanned with: the rules, the blocklists, and the images' hash lists (`None` with
/// `--no-images`).
struct Scanner<'a> {
    rules: &'a RuleSet,
    lists: &'a Blocklists,
    images: Option<&'a Images>,
}

/// Missing media files listed on stderr for one input; the others are counted.
const MISSING_LISTED: usize = 20;

/// Reads and scans each input in turn, into the report. An input that cannot be read is reported and counted;
/// only a failed write to stdout stops the run. A message's image missing from the export's folder is a warning.
fn scan_inputs(
    inputs: &[Input],
    options: &Options,
    scanner: &Scanner<'_>,
    report: &mut Report<impl Write>,
    totals: &mut Totals,
    mut collected: Option<&mut Collected>,
) -> io::Result<()> {
    let unreadable = read_each_input(inputs, options, |input, label, import| {
        totals.add_import(import);
        let folder = input.folder().filter(|_| scanner.images.is_some());
        let mut missing = 0;
        for message in &import.messages {
            if let Some(collected) = collected.as_deref_mut() {
                collected.add(import, message, label);
            }
            let mut record = report::scan(scanner.rules, scanner.lists, import, message, label);
            let image = folder.zip(scanner.images).and_then(|(folder, images)| images.of(folder, message));
            if let Some(image) = image {
                if image.missing {
                    missing += 1;
                    if missing <= MISSING_LISTED {
                        diagnose(format_args!("warning: {label}: message {}: {} is missing", record.id(), image.path));
                    }
                }
                record.add_image(image);
            }
            report.write(record, totals)?;
        }
        if missing > MISSING_LISTED {
            diagnose(format_args!("warning: {label}: {} more missing media files", missing - MISSING_LISTED));
        }
        Ok::<_, io::Error>(())
    })?;
    totals.unreadable += unreadable;
    report.finish(totals)
}

/// Reads each input in turn and hands it, with its label, to `each`; an input that cannot be read is reported
/// (and counted: the count is returned), its warnings are printed. Only an error from `each` stops the run.
pub(super) fn read_each<E>(
    inputs: &[Input],
    options: &Options,
    mut each: impl FnMut(&str, &Import) -> Result<(), E>,
) -> Result<usize, E> {
    read_each_input(inputs, options, |_, label, import| each(label, import))
}

/// [`read_each`], handing `each` the input too.
fn read_each_input<E>(
    inputs: &[Input],
    options: &Options,
    mut each: impl FnMut(&Input, &str, &Import) -> Result<(), E>,
) -> Result<usize, E> {
    let mut unreadable = 0;
    for input in inputs {
        let label = input.label();
        let import = match read(input, options) {
            Ok(import) => import,
            Err(error) => {
                diagnose(format_args!("error: {}", describe(&label, &error)));
                unreadable += 1;
                continue;
            }
        };
        for warning in &import.warnings {
            diagnose(format_args!("warning: {label}: {warning}"));
        }
        each(input, &label, &import)?;
    }
    Ok(unreadable)
}

/// The packs given, or the built-in ones, compiled together; every error if some do not load.
fn compile(paths: &[PathBuf]) -> Result<RuleSet, Vec<String>> {
    let packs = if paths.is_empty() {
        tapis_engine::builtin::packs().map_err(|error| vec![format!("built-in packs: {error}")])?
    } else {
        let (packs, errors): (Vec<_>, Vec<_>) = paths.iter().map(|path| load_pack(path)).partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(errors.into_iter().filter_map(Result::err).collect());
        }
        packs.into_iter().filter_map(Result::ok).collect::<Vec<RulePack>>()
    };
    RuleSet::new(packs).map_err(|error| vec![error.to_string()])
}

/// The inputs in the order given; the HTML files of a folder (two or more) become one input, where the first
/// of them was given.
pub(super) fn plan(files: &[PathBuf], input_format: InputFormat) -> Result<Vec<Input>, String> {
    if files.is_empty() {
        return Ok(vec![Input::One(Source::Stdin)]);
    }
    if files.iter().filter(|path| path.as_os_str() == "-").count() > 1 {
        return Err("`-` (standard input) can be given only once".to_owned());
    }
    let is_html = |path: &Path| match input_format {
        InputFormat::TelegramHtml => true,
        InputFormat::Auto => sniff(path) == Some(Format::TelegramHtml),
        _ => false,
    };
    let mut inputs: Vec<Input> = Vec::new();
    for path in files {
        if path.as_os_str() == "-" {
            inputs.push(Input::One(Source::Stdin));
            continue;
        }
        if path.is_dir() {
            inputs.push(export_in(path)?);
            continue;
        }
        if !is_html(path) {
            inputs.push(Input::One(Source::Path(path.clone())));
            continue;
        }
        let folder = path.parent().unwrap_or(Path::new(""));
        let parts = inputs.iter_mut().find_map(|input| match input {
            Input::HtmlParts { folder: f, paths } if f == folder => Some(paths),
            _ => None,
        });
        match parts {
            Some(paths) => paths.push(path.clone()),
            None => inputs.push(Input::HtmlParts { folder: folder.to_path_buf(), paths: vec![path.clone()] }),
        }
    }
    // A lone HTML file is read like any other file, so that ingest does not expect it to be named messages.html.
    Ok(inputs
        .into_iter()
        .map(|input| match input {
            Input::HtmlParts { mut paths, .. } if paths.len() == 1 => Input::One(Source::Path(paths.remove(0))),
            input => input,
        })
        .collect())
}

/// The export a folder holds: its `result.json`, else its `messages*.html` (read together); an error when it
/// holds neither.
fn export_in(folder: &Path) -> Result<Input, String> {
    let json = folder.join("result.json");
    if json.is_file() {
        return Ok(Input::One(Source::Path(json)));
    }
    let entries = std::fs::read_dir(folder)
        .map_err(|error| format!("{}: cannot read: {}", folder.display(), describe_io(&error)))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
            name.starts_with("messages") && name.ends_with(".html") && path.is_file()
        })
        .collect();
    paths.sort();
    match paths.len() {
        0 => Err(format!(
            "{}: a folder without a Telegram Desktop export (no result.json, no messages.html)",
            folder.display()
        )),
        1 => Ok(Input::One(Source::Path(paths.remove(0)))),
        _ => Ok(Input::HtmlParts { folder: folder.to_path_buf(), paths }),
    }
}

/// The format of a file, judged from its first 64 KiB as ingest does; `None` if it cannot be read (reading it
/// again will say why).
fn sniff(path: &Path) -> Option<Format> {
    let mut head = Vec::new();
    File::open(path).and_then(|file| file.take(64 * 1024).read_to_end(&mut head)).ok()?;
    Some(detect(&head))
}

pub(super) fn read(input: &Input, options: &Options) -> Result<Import, ReadError> {
    match input {
        Input::One(Source::Stdin) => parse(io::stdin().lock(), options),
        Input::One(Source::Path(path)) => {
            let file = File::open(path).map_err(|error| ReadError::Io(None, error))?;
            parse(file, options)
        }
        Input::HtmlParts { paths, .. } => {
            let mut files = Vec::with_capacity(paths.len());
            for path in paths {
                let bytes = std::fs::read(path).map_err(|error| ReadError::Io(Some(path.clone()), error))?;
                files.push((path.display().to_string(), bytes));
            }
            import_html(files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())), options)
                .map_err(ReadError::Ingest)
        }
    }
}

/// Feeds the parser in slices, so that a large export is never whole in memory as bytes.
fn parse(mut reader: impl Read, options: &Options) -> Result<Import, ReadError> {
    let mut parser = Parser::new(options.clone()).map_err(ReadError::Ingest)?;
    let mut slice = vec![0; 1 << 20];
    loop {
        match reader.read(&mut slice) {
            Ok(0) => break,
            Ok(read) => {
                parser.feed(&slice[..read]).map_err(ReadError::Ingest)?;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(ReadError::Io(None, error)),
        }
    }
    parser.finish().map_err(ReadError::Ingest)
}

/// An error line: the file, then why. Ingest names the file itself when one part of several is at fault.
pub(super) fn describe(label: &str, error: &ReadError) -> String {
    match error {
        ReadError::Io(path, error) => {
            let name = path.as_ref().map_or_else(|| label.to_owned(), |path| path.display().to_string());
            format!("{name}: cannot read: {}", describe_io(error))
        }
        ReadError::Ingest(error @ tapis_ingest::Error::NotAnExport { file: Some(_), .. }) => error.to_string(),
        ReadError::Ingest(error) => format!("{label}: {error}"),
    }
}
