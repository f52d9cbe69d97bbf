//! Campaigns on the command line (issue 14): the keys of each message and the grouping of a whole run, for
//! `tapis scan --campaigns`; `tapis campaigns`, which lists the largest campaigns of exports and writes the
//! watchlist pack (**Daftar pantau**) of their keys.

use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tapis_engine::campaign::{Campaign, KeyKind, MessageKeys, WatchEntry, group, keys, watchlist_toml};
use tapis_ingest::{Date, EntityKind, Import, Message, Options};
use unicode_width::UnicodeWidthStr;

use super::scan::{InputFormat, plan, read_each};
use super::{INVALID, OK, describe_io, diagnose, exit, is_closed_pipe};

/// The keys of a message: those of its text (`campaign::keys`), with the domain, Telegram and phone keys of the
/// hidden target of each `text_link` (what the text does not show; a name in an address is no brand). Templates
/// compare the text alone.
pub fn message_keys(message: &Message) -> MessageKeys {
    let mut found = keys(&message.text);
    let mut added = false;
    for entity in &message.entities {
        let Some(href) = entity.href.as_deref() else { continue };
        if entity.kind == EntityKind::TextLink && href != message.entity_text(entity) {
            found.keys.extend(keys(href).keys.into_iter().filter(|k| k.kind != KeyKind::Brand));
            added = true;
        }
    }
    if added {
        found.keys.sort_unstable();
        found.keys.dedup();
    }
    found
}

/// What a run keeps of each message to group them and sum campaigns up: its keys, chat and date.
#[derive(Debug, Default)]
pub struct Collected {
    pub keys: Vec<MessageKeys>,
    /// Per message: its chat, as an index into `chats`.
    chat: Vec<u32>,
    date: Vec<Option<Date>>,
    chats: Vec<String>,
    chat_index: HashMap<String, u32>,
}

impl Collected {
    /// Keeps a message of `import`, read from the input named `label`.
    pub fn add(&mut self, import: &Import, message: &Message, label: &str) {
        let title = import.chats.get(message.chat).and_then(|chat| chat.title.as_deref()).unwrap_or("");
        // Chats of different inputs are different chats, even with the same title.
        let name = format!("{label}\u{0}{}\u{0}{title}", message.chat);
        let next = self.chats.len() as u32;
        let chat = *self.chat_index.entry(name).or_insert(next);
        if chat == next {
            self.chats.push(title.to_owned());
        }
        self.keys.push(message_keys(message));
        self.chat.push(chat);
        self.date.push(message.date);
    }

    /// Groups every message kept, largest campaign first.
    pub fn group(&self) -> Grouped {
        let campaigns = group(&self.keys);
        // Each message's keys: its own, and the keys of every campaign it is in (its template's; a brand's it
        // joined by a plain mention of the name).
        let mut of_message: Vec<Vec<String>> =
            self.keys.iter().map(|k| k.keys.iter().map(ToString::to_string).collect()).collect();
        for campaign in &campaigns {
            for &m in &campaign.messages {
                of_message[m as usize].extend(campaign.keys.iter().map(ToString::to_string));
            }
        }
        for keys in &mut of_message {
            keys.sort_unstable();
            keys.dedup();
        }
        Grouped { campaigns, of_message }
    }

    /// The size, chats and first and last date of each of the first `top` campaigns.
    pub fn summaries(&self, campaigns: &[Campaign], top: usize) -> Vec<Summary> {
        campaigns
            .iter()
            .take(top)
            .map(|c| {
                let chats: BTreeSet<u32> = c.messages.iter().map(|&m| self.chat[m as usize]).collect();
                let dates = c.messages.iter().filter_map(|&m| self.date[m as usize]);
                let first = dates.clone().min_by_key(|d| d.seconds);
                let last = dates.max_by_key(|d| d.seconds);
                Summary {
                    keys: c.keys.iter().map(ToString::to_string).collect(),
                    messages: c.messages.len(),
                    chats: chats.len(),
                    first,
                    last,
                }
            })
            .collect()
    }
}

/// The campaigns of a run, and each message's keys as `scan --campaigns` writes them.
#[derive(Debug)]
pub struct Grouped {
    pub campaigns: Vec<Campaign>,
    pub of_message: Vec<Vec<String>>,
}

/// One campaign, summed up for a table.
#[derive(Debug)]
pub struct Summary {
    keys: Vec<String>,
    messages: usize,
    chats: usize,
    first: Option<Date>,
    last: Option<Date>,
}

/// Key columns wider than this are cut.
const KEY_COLUMNS: usize = 60;

/// The largest campaigns as a table: rank, size, chats, first and last day, keys.
pub fn write_summary(out: &mut impl Write, summaries: &[Summary], total: usize) -> io::Result<()> {
    if summaries.is_empty() {
        return writeln!(out, "no campaigns (no key is shared by two messages)");
    }
    let day = |date: Option<Date>| date.map_or_else(|| "-".to_owned(), |d| d.to_string().chars().take(10).collect());
    let rows: Vec<[String; 6]> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut keys = s.keys.join(" ");
            if keys.width() > KEY_COLUMNS {
                keys = keys.chars().take(KEY_COLUMNS - 1).collect::<String>() + "…";
            }
            [(i + 1).to_string(), s.messages.to_string(), s.chats.to_string(), day(s.first), day(s.last), keys]
        })
        .collect();
    let header = ["#", "MESSAGES", "CHATS", "FIRST", "LAST", "CAMPAIGN"];
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let header = header.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(width - cell.width());
            // Numbers to the right, words to the left.
            if (1..=2).contains(&i) || i == 0 {
                line += &pad;
                line += cell;
            } else {
                line += cell;
                line += &pad;
            }
            line += "  ";
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "the {} largest of {total} campaigns", summaries.len())
}

/// The watchlist entries of the first `top` campaigns: each brand, domain, Telegram and phone key once (a
/// template has no words of its own to match), with its campaign's size.
pub fn watch_entries(campaigns: &[Campaign], top: usize, category: &str, date: &str) -> Vec<WatchEntry> {
    let mut entries: Vec<WatchEntry> = Vec::new();
    for campaign in campaigns.iter().take(top) {
        for key in campaign.keys.iter().filter(|k| k.kind.is_watchable()) {
            if entries.iter().all(|e| e.key != *key) {
                entries.push(WatchEntry {
                    key: key.clone(),
                    category: category.to_owned(),
                    date: date.to_owned(),
                    messages: campaign.messages.len(),
                });
            }
        }
    }
    entries
}

/// A category as packs write it (`perjudian`): lowercase letters, digits, `-`, `_`, starting with a letter.
fn parse_category(arg: &str) -> Result<String, String> {
    let mut chars = arg.chars();
    let ok = matches!(chars.next(), Some('a'..='z')) && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-' | '_'));
    if ok { Ok(arg.to_owned()) } else { Err("a lowercase word such as `perjudian`".to_owned()) }
}

/// A day, `YYYY-MM-DD`.
fn parse_day(arg: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(arg, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| "expected a day such as 2026-12-06".to_owned())
}

#[derive(Debug, Args)]
pub struct CampaignsArgs {
    /// How many of the largest campaigns to list (and to put on the watchlist).
    #[arg(long, value_name = "N", default_value_t = 20)]
    top: usize,
    /// Write the watchlist pack (`Daftar pantau`) of the brand, domain, Telegram and phone keys of the `--top`
    /// largest campaigns to FILE (TOML; load it with `tapis scan --pack FILE`, check it with `tapis rules test`).
    #[arg(long, value_name = "FILE")]
    watchlist_out: Option<PathBuf>,
    /// The category of the watchlist's rules.
    #[arg(long, value_name = "CATEGORY", default_value = "perjudian", value_parser = parse_category)]
    category: String,
    /// The day of the decision, in the rules' explanation [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    date: Option<String>,
    /// The inputs' format, instead of detecting it from each one's content.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Inputs, as for `tapis scan`: Telegram Desktop exports, copied text or plain text. `-` or none: stdin.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// `tapis campaigns`: groups every message of the inputs, prints the largest campaigns and writes the watchlist.
pub fn run(args: CampaignsArgs) -> ExitCode {
    let inputs = match plan(&args.files, args.input_format) {
        Ok(inputs) => inputs,
        Err(message) => {
            diagnose(format_args!("error: {message}"));
            return exit(INVALID);
        }
    };
    let options = Options { format: args.input_format.format(), ..Options::default() };
    let mut collected = Collected::default();
    let Ok(unreadable) = read_each(&inputs, &options, |label, import| {
        import.messages.iter().for_each(|message| collected.add(import, message, label));
        Ok::<_, Infallible>(())
    });
    let campaigns = group(&collected.keys);
    let mut out = BufWriter::new(io::stdout().lock());
    let written =
        write_summary(&mut out, &collected.summaries(&campaigns, args.top), campaigns.len()).and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(error) if is_closed_pipe(&error) => {}
        Err(error) => {
            diagnose(format_args!("error: cannot write to stdout: {error}"));
            return exit(INVALID);
        }
    }
    if let Some(path) = &args.watchlist_out {
        let date = args.date.clone().unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%d").to_string());
        let entries = watch_entries(&campaigns, args.top, &args.category, &date);
        let templates_only =
            campaigns.iter().take(args.top).filter(|c| c.keys.iter().all(|k| k.kind == KeyKind::Template)).count();
        if let Err(error) = std::fs::write(path, watchlist_toml(&entries)) {
            diagnose(format_args!("error: {}: cannot write: {}", path.display(), describe_io(&error)));
            return exit(INVALID);
        }
        diagnose(format_args!(
            "watchlist: {} keys of the {} largest campaigns written to {} (campaigns keyed only by a template, \
             which has no words of its own to match, left out: {templates_only})",
            entries.len(),
            args.top.min(campaigns.len()),
            path.display(),
        ));
    }
    let read = inputs.len() - unreadable;
    diagnose(format_args!(
        "grouped {} messages of {read} input{} into {} campaigns",
        collected.keys.len(),
        if read == 1 { "" } else { "s" },
        campaigns.len()
    ));
    exit(if unreadable > 0 { INVALID } else { OK })
}
