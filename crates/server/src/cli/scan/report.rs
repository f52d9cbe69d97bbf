//! What `tapis scan` writes: each scanned message as a JSON line, or the rows of a table for a terminal; and
//! the totals. Knows the engine's and ingest's types, not where the input came from.

use std::io::{self, Write};

use serde::Serialize;
use tapis_engine::links::Blocklists;
use tapis_engine::{RuleSet, Scan, Signal};
use tapis_ingest::{Import, Message};

use super::images::ImageEntry;
use crate::cli::links::links_of;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One scanned message: the JSON line (`README.md` documents it).
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    id: String,
    file: &'a str,
    chat: Option<&'a str>,
    message_id: Option<i64>,
    sender: Option<&'a str>,
    date: Option<String>,
    link: Option<String>,
    /// Over the text and the link targets.
    max_severity: Option<&'static str>,
    /// The engine's score of the text, plus that of each link target with matches.
    score: u32,
    truncated: bool,
    /// `start`/`end` are byte offsets into the message's text.
    matches: Vec<Found<'a>>,
    /// Every link, handle and number: in the text, and the hidden target of each `text_link`.
    links: Vec<LinkEntry<'a>>,
    /// The message's image (its photo, or its media's thumbnail) with its PDQ hash and the listed hashes near
    /// it; absent when the message has none, or with `--no-images`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<ImageEntry>,
}

impl Record<'_> {
    /// The message's key, as the line's `id`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Adds an image of the message, read from the export.
    pub fn add_image(&mut self, image: ImageEntry) {
        self.images.push(image);
    }

    /// Rule matches (in the text and in link targets), and hash-list matches of its images: a message with any
    /// is matched.
    fn match_count(&self) -> usize {
        self.matches.len()
            + self.links.iter().map(|link| link.matches.as_ref().map_or(0, Vec::len)).sum::<usize>()
            + self.image_match_count()
    }

    fn image_match_count(&self) -> usize {
        self.images.iter().map(|image| image.matches.len()).sum()
    }
}

/// One match: `start`/`end` are UTF-8 byte offsets into the text scanned, `text` the original slice.
#[derive(Debug, Serialize)]
struct Found<'a> {
    rule: &'a str,
    category: &'a str,
    severity: &'static str,
    start: usize,
    end: usize,
    text: &'a str,
    /// What the term or pattern saw, e.g. `slot gacor` for `SL0T_G4C0R`.
    normalized: String,
    /// How the matched text was disguised.
    folds: Vec<&'static str>,
    /// Why it stands out, beyond its term (`standout-word`, `brand-shaped`…: `tapis_engine::Signal`).
    signals: Vec<&'static str>,
}

/// A link, handle or number (`README.md` documents the fields). `start`/`end` are byte offsets into the message's
/// text: the link itself, or the words of the `text_link` that hides it (then `href`, `anchor_start`,
/// `anchor_end` and `matches`, the rules' matches in `href`, with offsets into `href`, are there too).
#[derive(Debug, Serialize)]
struct LinkEntry<'a> {
    kind: &'static str,
    value: String,
    start: usize,
    end: usize,
    text: &'a str,
    /// `blocked`, `new` or `shortener` for URLs and domains; `null` for handles and numbers.
    status: Option<&'static str>,
    /// The list that blocks it, and the entry there (the domain or a parent).
    list: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    listed: Option<String>,
    /// The domain in ASCII (IDN in Punycode), and in Unicode when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unicode: Option<String>,
    /// A label of the domain mixes scripts (look-alike letters undone in `value`): the domain as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    mixed_script: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    href: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor_end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    matches: Option<Vec<Found<'a>>>,
}

/// Scans a message's text, and each link target that the text does not show.
pub fn scan<'a>(
    rules: &'a RuleSet,
    lists: &Blocklists,
    import: &'a Import,
    message: &'a Message,
    file: &'a str,
) -> Record<'a> {
    let scan = rules.scan_message(&message.text);
    let (mut max_severity, mut score, mut truncated) = (scan.max_severity, scan.score, scan.truncated.is_some());
    let matches = found(rules, &message.text, scan);
    let mut links = Vec::new();
    // A visible link is part of the text, scanned already; a hidden target is scanned on its own.
    for link in links_of(message, lists) {
        let matches = link.href.map(|href| {
            let scan = rules.scan_message(href);
            max_severity = max_severity.max(scan.max_severity);
            score += scan.score;
            truncated |= scan.truncated.is_some();
            found(rules, href, scan)
        });
        let host = link.link.host.as_ref();
        links.push(LinkEntry {
            kind: link.link.kind.as_str(),
            value: link.link.value,
            start: link.start,
            end: link.end,
            text: message.text.get(link.start..link.end).unwrap_or(""),
            status: link.status.as_ref().map(|status| status.as_str()),
            list: link.status.as_ref().and_then(|status| status.list()).map(str::to_owned),
            listed: match link.status {
                Some(tapis_engine::links::Status::Blocked { entry, .. }) => Some(entry),
                _ => None,
            },
            domain: host.map(|host| host.ascii.clone()),
            unicode: host.filter(|host| host.name != host.ascii).map(|host| host.name.clone()),
            mixed_script: host.filter(|host| host.mixed_script).and_then(|host| host.written.clone()).map(|w| w.0),
            href: link.href,
            anchor_start: link.href.map(|_| link.start),
            anchor_end: link.href.map(|_| link.end),
            matches,
        });
    }
    Record {
        id: message.key.to_string(),
        file,
        chat: import.chats.get(message.chat).and_then(|chat| chat.title.as_deref()),
        message_id: message.id,
        sender: message.sender.name.as_deref(),
        date: message.date.map(|date| date.to_string()),
        link: import.link(message),
        max_severity: max_severity.map(|severity| severity.as_str()),
        score,
        truncated,
        matches,
        links,
        images: Vec::new(),
    }
}

fn found<'a>(rules: &'a RuleSet, text: &'a str, scan: Scan) -> Vec<Found<'a>> {
    scan.matches
        .into_iter()
        .zip(scan.normalized)
        .map(|(m, normalized)| {
            let rule = rules.rule(m.rule).rule;
            Found {
                rule: &rule.id,
                category: &rule.category,
                severity: rule.severity.as_str(),
                start: m.span.start,
                end: m.span.end,
                text: text.get(m.span.start..m.span.end).unwrap_or(""),
                normalized,
                folds: m.folds.iter().map(|fold| fold.as_str()).collect(),
                signals: Signal::of(&m, rule).into_iter().map(Signal::as_str).collect(),
            }
        })
        .collect()
}

/// Severities from the highest, as the table's summary lists them.
const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];

/// What the inputs held and what was found, for the summaries.
#[derive(Debug, Default)]
pub struct Totals {
    /// Inputs that could not be read.
    pub unreadable: usize,
    messages: u64,
    service: u64,
    unsupported: u64,
    invalid: u64,
    matched_messages: u64,
    matches: u64,
    /// Matches per severity, in the order of [`SEVERITIES`].
    by_severity: [u64; 4],
    /// Images hashed, and their matches in the hash lists.
    images_hashed: u64,
    image_matches: u64,
    /// Images missing from the export's folder, and images that could not be read or decoded.
    images_missing: u64,
    images_unhashed: u64,
}

impl Totals {
    pub fn add_import(&mut self, import: &Import) {
        self.service += import.counts.service;
        self.unsupported += import.counts.unsupported;
        self.invalid += import.counts.invalid;
    }

    fn add_record(&mut self, record: &Record<'_>) {
        self.messages += 1;
        let found = record.matches.iter().chain(record.links.iter().flat_map(|link| link.matches.iter().flatten()));
        for m in found {
            self.matches += 1;
            if let Some(i) = SEVERITIES.iter().position(|s| *s == m.severity) {
                self.by_severity[i] += 1;
            }
        }
        for image in &record.images {
            match (&image.pdq, image.missing) {
                (Some(_), _) => self.images_hashed += 1,
                (None, true) => self.images_missing += 1,
                (None, false) => self.images_unhashed += 1,
            }
        }
        self.image_matches += record.image_match_count() as u64;
        if record.match_count() > 0 {
            self.matched_messages += 1;
        }
    }

    /// The line for stderr: what was read and skipped.
    pub fn summary(&self, inputs: usize) -> String {
        let scanned = match self.unreadable {
            0 => plural(inputs as u64, "input"),
            unreadable => format!("{} of {inputs} inputs", inputs - unreadable),
        };
        let mut line = format!(
            "scanned {scanned}: {}, {} with matches ({}); skipped {}",
            plural(self.messages, "message"),
            self.matched_messages,
            plural(self.matches, "match"),
            plural(self.service, "service message"),
        );
        if self.unsupported > 0 {
            line += &format!(", {} the exporter could not export", plural(self.unsupported, "message"));
        }
        if self.invalid > 0 {
            line += &format!(", {} that could not be read", plural(self.invalid, "message"));
        }
        if self.images_hashed + self.images_missing + self.images_unhashed > 0 {
            line += &format!(
                "; hashed {} ({} in the hash lists)",
                plural(self.images_hashed, "image"),
                plural(self.image_matches, "match")
            );
            if self.images_missing > 0 {
                line += &format!(", {} missing from the export", plural(self.images_missing, "image"));
            }
            if self.images_unhashed > 0 {
                line += &format!(", {} not readable as JPEG or PNG", plural(self.images_unhashed, "image"));
            }
        }
        line
    }
}

/// Where scanned messages go.
pub enum Report<W: Write> {
    /// Written as they come; `numbered`, each after its message's number in the run and a tab (for `--campaigns`,
    /// which adds the keys once the run is grouped).
    Jsonl { out: W, only_matches: bool, numbered: bool },
    /// Kept until the end, to align the columns.
    Table { out: W, rows: Vec<Row> },
}

impl<W: Write> Report<W> {
    pub fn jsonl(out: W, only_matches: bool) -> Self {
        Report::Jsonl { out, only_matches, numbered: false }
    }

    pub fn numbered(out: W, only_matches: bool) -> Self {
        Report::Jsonl { out, only_matches, numbered: true }
    }

    pub fn table(out: W) -> Self {
        Report::Table { out, rows: Vec::new() }
    }

    pub fn write(&mut self, record: Record<'_>, totals: &mut Totals) -> io::Result<()> {
        totals.add_record(&record);
        match self {
            Report::Jsonl { out, only_matches, numbered } => {
                if *only_matches && record.match_count() == 0 {
                    return Ok(());
                }
                if *numbered {
                    write!(out, "{}\t", totals.messages - 1)?;
                }
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")
            }
            Report::Table { rows, .. } => {
                rows.extend(Row::of(&record));
                Ok(())
            }
        }
    }

    pub fn finish(&mut self, totals: &Totals) -> io::Result<()> {
        match self {
            Report::Jsonl { out, .. } => out.flush(),
            Report::Table { out, rows } => {
                write_table(out, rows, totals)?;
                out.flush()
            }
        }
    }
}

/// One match in the table.
#[derive(Debug)]
pub struct Row {
    message: String,
    severity: &'static str,
    rule: String,
    shown: String,
    link: Option<String>,
}

/// Matched text longer than this (in terminal columns) is cut.
const MATCH_COLUMNS: usize = 40;
/// Link targets in the match column are cut at this many columns.
const HREF_COLUMNS: usize = 60;

impl Row {
    fn of(record: &Record<'_>) -> Vec<Row> {
        let row = |m: &Found<'_>, shown: String| Row {
            message: record.id.clone(),
            severity: m.severity,
            rule: m.rule.to_owned(),
            shown,
            link: record.link.clone(),
        };
        let in_text = record.matches.iter().map(|m| row(m, clip(&printable(m.text), MATCH_COLUMNS)));
        let in_links = record.links.iter().flat_map(|link| {
            link.matches.iter().flatten().map(move |m| {
                let shown = clip(&printable(m.text), MATCH_COLUMNS);
                let href = link.href.unwrap_or("");
                row(m, format!("{shown} (in link {})", clip(&printable(href), HREF_COLUMNS)))
            })
        });
        let in_images = record.images.iter().flat_map(|image| {
            image.matches.iter().map(move |found| {
                let label = found.label.as_deref().map(|label| format!("{}, ", printable(label))).unwrap_or_default();
                Row {
                    message: record.id.clone(),
                    severity: "-",
                    rule: format!("hashlist:{}", found.list),
                    shown: format!("{} ({label}{} bits)", clip(&printable(&image.path), MATCH_COLUMNS), found.distance),
                    link: record.link.clone(),
                }
            })
        });
        in_text.chain(in_links).chain(in_images).collect()
    }
}

fn write_table(out: &mut impl Write, rows: &[Row], totals: &Totals) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "no matches in {}", plural(totals.messages, "message"));
    }
    let with_links = rows.iter().any(|row| row.link.is_some());
    let mut header = vec!["MESSAGE", "SEVERITY", "RULE", "MATCH"];
    if with_links {
        header.push("LINK");
    }
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.message.as_str(), row.severity, row.rule.as_str(), row.shown.as_str()];
            if with_links {
                cells.push(row.link.as_deref().unwrap_or("-"));
            }
            cells
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|title| title.width()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    for row in std::iter::once(&header).chain(&cells) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            line += cell;
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', width - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    let by_severity: Vec<String> = SEVERITIES
        .iter()
        .zip(totals.by_severity)
        .filter(|(_, count)| *count > 0)
        .map(|(severity, count)| format!("{count} {severity}"))
        .chain((totals.image_matches > 0).then(|| plural(totals.image_matches, "image match")))
        .collect();
    writeln!(
        out,
        "{} of {} matched: {} ({})",
        totals.matched_messages,
        plural(totals.messages, "message"),
        plural(totals.matches, "match"),
        by_severity.join(", ")
    )
}

/// The text on one line, without what would move the cursor or reorder it: line breaks shown as `⏎`, control
/// and bidirectional formatting characters as spaces.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '⏎',
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// `text` cut to at most `columns` terminal columns, with `…` where it was cut.
fn clip(text: &str, columns: usize) -> String {
    if text.width() <= columns {
        return text.to_owned();
    }
    let mut clipped = String::new();
    let mut used = 0;
    for c in text.chars() {
        used += c.width().unwrap_or(0);
        if used >= columns {
            break;
        }
        clipped.push(c);
    }
    clipped.push('…');
    clipped
}

fn plural(count: u64, noun: &str) -> String {
    match (count, noun.ends_with("ch")) {
        (1, _) => format!("1 {noun}"),
        (_, true) => format!("{count} {noun}es"),
        _ => format!("{count} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a text, a width, and what the table shows.
    #[test]
    fn cells_stay_on_one_line_and_within_width() {
        let rows: &[(&str, usize, &str)] = &[
            ("slot gacor", 40, "slot gacor"),
            ("slot\ngacor", 40, "slot⏎gacor"),
            ("\u{1b}[31mred\u{202E}", 40, " [31mred "),
            ("abcdefghij", 5, "abcd…"),
            ("𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍", 40, "𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍"),
            ("漢字漢字漢字", 6, "漢字…"),
        ];
        for (text, columns, shown) in rows {
            let got = clip(&printable(text), *columns);
            assert_eq!(got, *shown, "{text:?}");
            assert!(got.width() <= *columns, "{got:?}");
        }
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "match"), "1 match");
        assert_eq!(plural(2, "match"), "2 matches");
        assert_eq!(plural(0, "input"), "0 inputs");
    }
}
