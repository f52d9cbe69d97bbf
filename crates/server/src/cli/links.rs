//! Links on the command line: `--blocklist NAME=FILE` (for `tapis scan` and `tapis domains`), and `tapis domains`,
//! which prints the new domains of exports one per line, for the blocking team.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tapis_engine::links::{Blocklist, Blocklists, Link, LinkKind, Status, extract};
use tapis_ingest::{EntityKind, Message, Options};

use super::scan::{InputFormat, plan, read_each};
use super::{INVALID, OK, describe_io, diagnose, exit, is_closed_pipe};

/// A `--blocklist NAME=FILE` argument.
#[derive(Clone, Debug)]
pub struct BlocklistArg {
    name: String,
    path: PathBuf,
}

/// Parses `NAME=FILE`: a name of letters, digits, `-`, `_` and `.`, then the file.
pub fn parse_blocklist_arg(arg: &str) -> Result<BlocklistArg, String> {
    let (name, path) = arg.split_once('=').ok_or("expected NAME=FILE, e.g. trustpositif-judi=judi.txt")?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return Err(format!("`{name}`: a list's name is letters, digits, `-`, `_` or `.`"));
    }
    if path.is_empty() {
        return Err("expected NAME=FILE: the file is missing".to_owned());
    }
    Ok(BlocklistArg { name: name.to_owned(), path: PathBuf::from(path) })
}

/// Reads the lists in the order given; a line on stderr for each says what was kept and skipped.
pub fn load_blocklists(args: &[BlocklistArg]) -> Result<Blocklists, String> {
    let mut lists = Vec::with_capacity(args.len());
    for arg in args {
        if lists.iter().any(|list: &Blocklist| list.name() == arg.name) {
            return Err(format!("--blocklist {}: the name is given twice", arg.name));
        }
        let file = arg.path.display();
        let bytes = std::fs::read(&arg.path).map_err(|e| format!("{file}: cannot read: {}", describe_io(&e)))?;
        let list = Blocklist::parse(&arg.name, &bytes).map_err(|e| format!("{file}: {e}"))?;
        let s = list.stats();
        let skipped = [
            (s.comments, "comment"),
            (s.blank, "blank"),
            (s.duplicates, "duplicate"),
            (s.no_dot, "without a dot"),
            (s.invalid, "invalid"),
        ];
        let skipped: Vec<String> =
            skipped.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
        let skipped = if skipped.is_empty() { String::new() } else { format!("; skipped {}", skipped.join(", ")) };
        diagnose(format_args!("blocklist {}: {} domains from {file}{skipped}", arg.name, s.domains));
        lists.push(list);
    }
    Ok(Blocklists { lists })
}

/// A link of a message: found in its text, or the hidden target of a `text_link` (then placed at its words).
pub struct Found<'a> {
    pub link: Link,
    /// `start..end` in the message's text: the link, or the words hiding it.
    pub start: usize,
    pub end: usize,
    /// The hidden target, for a `text_link`.
    pub href: Option<&'a str>,
    pub status: Option<Status>,
}

/// Every link of a message, in text order: those in its text (except in code, where `item.Id` is no domain, as
/// Telegram links none there), and the hidden target of each `text_link` (the first link found in it), at the
/// place of its words.
pub fn links_of<'a>(message: &'a Message, lists: &Blocklists) -> Vec<Found<'a>> {
    let code: Vec<(usize, usize)> = message
        .entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::Code | EntityKind::Pre))
        .map(|e| (e.start, e.end))
        .collect();
    let mut found: Vec<Found<'a>> = extract(&message.text)
        .into_iter()
        .filter(|link| !code.iter().any(|&(start, end)| start <= link.span.start && link.span.end <= end))
        .map(|link| {
            let status = lists.status(&link);
            Found { start: link.span.start, end: link.span.end, link, href: None, status }
        })
        .collect();
    for entity in &message.entities {
        let Some(href) = entity.href.as_deref() else { continue };
        if entity.kind != EntityKind::TextLink || href == message.entity_text(entity) {
            continue;
        }
        let link = extract(href).into_iter().next().unwrap_or_else(|| Link {
            kind: LinkKind::Url,
            value: href.to_owned(),
            span: tapis_engine::Span { start: 0, end: href.len(), start_utf16: 0, end_utf16: 0 },
            host: None,
        });
        let status = lists.status(&link);
        found.push(Found { link, start: entity.start, end: entity.end, href: Some(href), status });
    }
    found.sort_by_key(|f| (f.start, f.end));
    found
}

#[derive(Debug, Args)]
pub struct DomainsArgs {
    /// A blocklist, `NAME=FILE`: one domain a line or a hosts file; repeat for several. Domains on a list (or
    /// under a listed parent) are not new.
    #[arg(long = "blocklist", value_name = "NAME=FILE", value_parser = parse_blocklist_arg)]
    blocklists: Vec<BlocklistArg>,
    /// The inputs' format, instead of detecting it from each one's content.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Inputs, as for `tapis scan`: Telegram Desktop exports, copied text or plain text. `-` or none: stdin.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// `tapis domains`: the domains of URLs and bare domains in every message (text and hidden link targets) that no
/// list blocks and that are not link shorteners, in ASCII (IDN in Punycode), sorted, one per line.
pub fn run(args: DomainsArgs) -> ExitCode {
    let lists = match load_blocklists(&args.blocklists) {
        Ok(lists) => lists,
        Err(message) => {
            diagnose(format_args!("error: {message}"));
            return exit(INVALID);
        }
    };
    let inputs = match plan(&args.files, args.input_format) {
        Ok(inputs) => inputs,
        Err(message) => {
            diagnose(format_args!("error: {message}"));
            return exit(INVALID);
        }
    };
    let options = Options { format: args.input_format.format(), ..Options::default() };
    let (mut new, mut blocked, mut shorteners) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut messages = 0u64;
    let Ok(unreadable) = read_each(&inputs, &options, |_, import| {
        for message in &import.messages {
            messages += 1;
            for found in links_of(message, &lists) {
                let Some(host) = found.link.host else { continue };
                match found.status {
                    Some(Status::New) => new.insert(host.ascii),
                    Some(Status::Blocked { .. }) => blocked.insert(host.ascii),
                    Some(Status::Shortener) => shorteners.insert(host.ascii),
                    _ => false,
                };
            }
        }
        Ok::<_, Infallible>(())
    });
    let mut out = BufWriter::new(io::stdout().lock());
    let written = new.iter().try_for_each(|domain| writeln!(out, "{domain}")).and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(error) if is_closed_pipe(&error) => return exit(OK),
        Err(error) => {
            diagnose(format_args!("error: cannot write to stdout: {error}"));
            return exit(INVALID);
        }
    }
    diagnose(format_args!(
        "domains: {} new, {} blocked, {} link shorteners; in {messages} messages of {} of {} inputs",
        new.len(),
        blocked.len(),
        shorteners.len(),
        inputs.len() - unreadable,
        inputs.len()
    ));
    exit(if unreadable > 0 { INVALID } else { OK })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocklist_arguments() {
        let arg = parse_blocklist_arg("trustpositif-judi=lists/judi.txt").unwrap();
        assert_eq!((arg.name.as_str(), arg.path.to_str()), ("trustpositif-judi", Some("lists/judi.txt")));
        for bad in ["judi.txt", "=judi.txt", "judi=", "ju di=x.txt"] {
            assert!(parse_blocklist_arg(bad).is_err(), "{bad}");
        }
    }
}
