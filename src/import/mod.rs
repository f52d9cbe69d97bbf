//! Importing files (Telegram exports, copied or free text) into the workspace, as a job that runs in a Web Worker
//! (see `import/worker.rs`) or, where no worker can start, in slices on the page. The job is plain data in, events out:
//! no DOM here, so it is testable on its own and both runners share it.
//!
//! A job reads its input, scans every message with the rules, and hands back in batches the messages with matches
//! (all of them) and the first [`KEEP_WITHOUT_MATCHES`] without: a channel dump of 500,000 messages then costs the
//! page the candidates, not the whole channel. The counts say how many were read.

pub mod controller;
pub mod file_store;
pub mod folders;
pub mod keeper;
pub mod media;
pub mod runner;
pub mod worker;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tapis_engine::campaign::MessageKeys;
use tapis_engine::links::Blocklists;
use tapis_engine::{RuleSet, Severity};
use tapis_ingest::{Chat, Counts, EntityKind, Format, Message, Options, Parser, Warning, import_html};

/// Messages without matches kept per import, so that a small import shows whole and a large one stays small.
pub const KEEP_WITHOUT_MATCHES: u64 = 20_000;
/// Messages per batch handed to the page.
pub const BATCH: usize = 1_000;
/// Bytes read from a file at a time.
pub const SLICE: u64 = 1 << 20;

/// What the analyst asked for with the files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The format, instead of detecting it.
    pub format: Option<Format>,
    /// The chat's public username, which exports lack (applied when the import holds one chat).
    pub username: Option<String>,
    /// The built-in packs to scan with (`None`: all).
    pub packs: Option<Vec<String>>,
    /// The packs imported and the packs and rules switched off, as on the page.
    #[serde(default)]
    pub choice: crate::packs::PackChoice,
    /// Not an import: build the blocklist of this name from the file and keep it (`links/store.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocklist: Option<String>,
    /// How many of 256 bits a photo's hash may differ from a listed one and still match it (default
    /// [`tapis_media::DEFAULT_THRESHOLD`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash_threshold: Option<u32>,
}

impl Request {
    /// This request with the rules of `other` (its `packs` and `choice`), keeping its own format and username.
    pub fn with_rules_of(&self, other: &Request) -> Request {
        Request { packs: other.packs.clone(), choice: other.choice.clone(), ..self.clone() }
    }

    fn options(&self) -> Options {
        Options {
            format: self.format,
            username: self.username.clone().filter(|u| !u.trim().is_empty()),
            ..Options::default()
        }
    }
}

/// The files of one import: one file, or every part of an HTML export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    /// The file's name (with its folder when the browser gives one).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A message read by a job, with how its scan ranks it. The page scans again what it shows, for the spans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// The message as read.
    pub message: Message,
    /// The scan's score (text and hidden link targets together).
    pub score: u32,
    /// The highest severity found, if the rules found anything.
    pub severity: Option<Severity>,
    /// The rules that matched (their index in the rule set), most severe first: the queue filters and counts by
    /// them without scanning again.
    #[serde(default)]
    pub rules: Vec<usize>,
    /// The links, handles and numbers in it (and behind its `text_link`s), each with its status against the
    /// blocklists: found in the job ([`crate::links::found_links`]), as a flag's evidence carries them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<tapis_wire::EvidenceLink>,
    /// Its photo's PDQ hash and quality, and the hash lists it is on (issue 21): given in the worker, where the
    /// export's media were given with it; a flag's evidence carries them, never the photo.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<tapis_wire::EvidenceImage>,
    /// The picture it carries (its photo, or the thumbnail of its video or sticker), as the export's path:
    /// [`NOT_EXPORTED`] when the export left the file out, empty when it has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub photo: String,
}

/// [`Found::photo`] of a message whose picture the export left out.
pub const NOT_EXPORTED: &str = "-";

/// What [`Found::photo`] says of a message.
pub fn photo_of(message: &Message) -> String {
    match &message.media {
        Some(media) => media
            .image_path()
            .map_or_else(|| if media.not_included { NOT_EXPORTED.to_owned() } else { String::new() }, str::to_owned),
        None => String::new(),
    }
}

impl Found {
    /// Whether the rules found anything in it.
    pub fn is_candidate(&self) -> bool {
        self.severity.is_some()
    }
}

/// What a finished import holds besides its messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The format read.
    pub format: Format,
    /// The chats; messages point into this list.
    pub chats: Vec<Chat>,
    /// What was met: messages read, service messages and unreadable entries skipped.
    pub counts: Counts,
    /// What was worked around.
    pub warnings: Vec<Noted>,
    /// SHA-256 of the input (of the parts one after another, in the order read, for an HTML export).
    pub file_sha256: String,
    /// Messages with matches.
    pub candidates: u64,
    /// Messages without matches read; the first [`KEEP_WITHOUT_MATCHES`] were handed on.
    pub without_matches: u64,
    /// The campaigns among the messages handed on, largest first: grouped here, in the job (the worker), from each
    /// message's keys ([`campaign_keys`]), so that the page neither computes keys nor groups. One line per campaign:
    /// its keys separated by spaces, a tab, its messages' indexes separated by commas (plain text: the page's first
    /// load carries no decoder of its own for it); [`Summary::grouped`] reads it.
    #[serde(default)]
    pub campaigns: String,
}

impl Summary {
    /// The campaigns, as [`Summary::campaigns`] writes them.
    pub fn grouped(&self) -> Vec<Grouped> {
        let campaign = |line: &str| {
            let (keys, messages) = line.split_once('\t')?;
            let keys = keys.split(' ').map(str::to_owned).collect();
            Some(Grouped { keys, messages: messages.split(',').filter_map(|i| i.parse().ok()).collect() })
        };
        self.campaigns.lines().filter_map(campaign).collect()
    }
}

/// A campaign of an import: the keys its messages share, written `kind:value`, and its messages (their index
/// among the messages handed on, in input order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouped {
    /// The keys (`brand:pulauwin`, `domain:situs88.com`, `template:3f2a…`).
    pub keys: Vec<String>,
    /// The messages, by index.
    pub messages: Vec<u32>,
}

/// A warning as the page shows it: its stable code and its text. (The page needs no more, and a warning type
/// with every variant read back from JSON weighs in the app's first load.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Noted {
    /// The warning's stable code (`not_utf8`, `unknown_entity`…).
    pub code: String,
    /// What was worked around, in words.
    pub message: String,
}

impl From<&Warning> for Noted {
    fn from(warning: &Warning) -> Noted {
        Noted { code: warning.code().to_owned(), message: warning.to_string() }
    }
}

/// What a job tells the page (as JSON, tagged by the variant's name: read as an internally tagged enum, buffered
/// whole before it is read, it weighed 13 KB more of the page's first load, gzipped).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// How far it has got.
    Progress {
        /// Bytes read.
        bytes: u64,
        /// Bytes in all.
        total: u64,
        /// Messages read.
        messages: u64,
    },
    /// Messages, in input order (their chats come with the summary).
    Batch {
        /// The messages.
        messages: Vec<Found>,
    },
    /// The import is complete.
    Done(Box<Summary>),
    /// The blocklist asked for ([`Request::blocklist`]) is built and kept (the page reads what it holds from the
    /// store: a decoder of the list's info in the page's module would weigh in its first load).
    Listed {
        /// The list's name.
        name: String,
    },
    /// The import failed; nothing of it should be kept.
    Failed(Failure),
    /// The job starts over (on the page, when its worker failed): forget what it sent so far.
    Restarted,
}

/// Why an import failed, in words for the analyst.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// A stable code (`invalid_json`, `not_an_export`, `empty`, `unreadable`, `worker`…).
    pub code: String,
    /// The file it is about, when known.
    pub file: Option<String>,
    /// What went wrong, with the line and column where there is one.
    pub message: String,
}

impl Failure {
    fn from_ingest(error: &tapis_ingest::Error, file: Option<&str>) -> Failure {
        Failure { code: error.code().to_owned(), file: file.map(str::to_owned), message: error.to_string() }
    }
}

/// One import on its way: fed slices of one file, it parses, scans and hands out events.
pub struct Job {
    name: String,
    parser: Parser,
    hasher: Sha256,
    tally: Tally,
}

/// What every import counts while it scans, whichever way it reads its input.
struct Tally {
    rules: std::sync::Arc<RuleSet>,
    lists: std::sync::Arc<Blocklists>,
    total: u64,
    candidates: u64,
    without_matches: u64,
    /// The campaign keys of each message handed on, in order.
    keys: Vec<MessageKeys>,
    /// Whether the export's media came with it: then every message with a photo is handed on, past
    /// [`KEEP_WITHOUT_MATCHES`], for its photo to be hashed and matched against the hash lists.
    photos: bool,
}

impl Job {
    /// A job reading one file of `size` bytes.
    ///
    /// # Errors
    /// When the request's username is not a Telegram username.
    pub fn new(rules: std::sync::Arc<RuleSet>, request: &Request, file: &FileInfo) -> Result<Job, Failure> {
        let parser = Parser::new(request.options()).map_err(|e| Failure::from_ingest(&e, None))?;
        Ok(Job { name: file.name.clone(), parser, hasher: Sha256::new(), tally: Tally::new(rules, file.size) })
    }

    /// The job, asking `lists` where each link found stands.
    pub fn with_lists(mut self, lists: std::sync::Arc<Blocklists>) -> Job {
        self.tally.lists = lists;
        self
    }

    /// The job, handing on every message with a photo when `photos` (the export's media came with it).
    pub fn with_photos(mut self, photos: bool) -> Job {
        self.tally.photos = photos;
        self
    }

    /// Reads the next slice.
    ///
    /// # Errors
    /// The first error the input holds (invalid JSON with its line and column, not an export…).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<Event>, Failure> {
        self.hasher.update(bytes);
        let progress = self.parser.feed(bytes).map_err(|e| Failure::from_ingest(&e, Some(&self.name)))?;
        let mut events = Vec::new();
        loop {
            let batch = self.parser.next_batch(BATCH);
            if batch.messages.is_empty() {
                break;
            }
            events.push(Event::Batch { messages: self.tally.keep(batch.messages) });
        }
        events.push(Event::Progress { bytes: progress.bytes, total: self.tally.total, messages: progress.messages });
        Ok(events)
    }

    /// Ends the input.
    ///
    /// # Errors
    /// An empty input, JSON cut short, and whatever else only the end shows.
    pub fn finish(self) -> Result<Vec<Event>, Failure> {
        let Job { name, parser, hasher, tally } = self;
        let import = parser.finish().map_err(|e| Failure::from_ingest(&e, Some(&name)))?;
        Ok(tally.end(import, crate::workspace::hex(&hasher.finalize())))
    }
}

impl Tally {
    fn new(rules: std::sync::Arc<RuleSet>, total: u64) -> Tally {
        Tally {
            rules,
            lists: Default::default(),
            total,
            candidates: 0,
            without_matches: 0,
            keys: Vec::new(),
            photos: false,
        }
    }

    /// The messages left at the end, the last progress, and the summary.
    fn end(mut self, import: tapis_ingest::Import, file_sha256: String) -> Vec<Event> {
        let tapis_ingest::Import { format, chats, messages, counts, warnings } = import;
        let mut events = Vec::new();
        let mut messages = messages.into_iter().peekable();
        while messages.peek().is_some() {
            let batch = messages.by_ref().take(BATCH).collect();
            events.push(Event::Batch { messages: self.keep(batch) });
        }
        events.push(Event::Progress { bytes: self.total, total: self.total, messages: counts.messages });
        events.push(Event::Done(Box::new(Summary {
            format,
            chats,
            counts,
            warnings: warnings.iter().map(Noted::from).collect(),
            file_sha256,
            candidates: self.candidates,
            without_matches: self.without_matches,
            campaigns: written(&tapis_engine::campaign::group(&self.keys)),
        })));
        events
    }

    /// Scans messages and keeps the candidates and the first few without matches.
    fn keep(&mut self, messages: Vec<Message>) -> Vec<Found> {
        let mut kept = Vec::with_capacity(messages.len());
        for message in messages {
            let (score, severity, rules) = rank(&self.rules, &message);
            if severity.is_some() {
                self.candidates += 1;
            } else {
                self.without_matches += 1;
                let photo = self.photos && message.media.as_ref().is_some_and(|m| m.image_path().is_some());
                if self.without_matches > KEEP_WITHOUT_MATCHES && !photo {
                    continue;
                }
            }
            self.keys.push(campaign_keys(&message));
            let links = crate::links::found_links(&message, &self.lists);
            let photo = photo_of(&message);
            kept.push(Found { message, score, severity, rules, links, images: Vec::new(), photo });
        }
        kept
    }
}

/// Campaigns as [`Summary::campaigns`] holds them.
fn written(campaigns: &[tapis_engine::campaign::Campaign]) -> String {
    let mut out = String::new();
    for campaign in campaigns {
        let keys: Vec<String> = campaign.keys.iter().map(ToString::to_string).collect();
        let messages: Vec<String> = campaign.messages.iter().map(ToString::to_string).collect();
        out += &format!("{}\t{}\n", keys.join(" "), messages.join(","));
    }
    out
}

/// Reads every part of an HTML export at once (parts are small: 1,000 messages each).
pub fn html_job(
    rules: std::sync::Arc<RuleSet>,
    lists: std::sync::Arc<Blocklists>,
    request: &Request,
    files: &[(String, Vec<u8>)],
    photos: bool,
) -> Vec<Event> {
    let total: u64 = files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    let mut hasher = Sha256::new();
    for (_, bytes) in files {
        hasher.update(bytes);
    }
    let parts = files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
    match import_html(parts, &request.options()) {
        Ok(import) => {
            Tally { lists, photos, ..Tally::new(rules, total) }.end(import, crate::workspace::hex(&hasher.finalize()))
        }
        Err(error) => vec![Event::Failed(Failure::from_ingest(&error, None))],
    }
}

/// The score, highest severity (none when nothing matched) and the rules matched (most severe first) of a message: its
/// text and the hidden targets of its `text_link`s, which promoters use to hide a site behind innocent words.
pub fn rank(rules: &RuleSet, message: &Message) -> (u32, Option<Severity>, Vec<usize>) {
    let scan = rules.scan_message(&message.text);
    let (mut score, mut severity) = (scan.score, scan.max_severity);
    let mut hits = scan.rules;
    for href in hidden_links(message) {
        let link = rules.scan_message(href);
        score += link.score;
        severity = severity.max(link.max_severity);
        hits.extend(link.rules);
    }
    (score, severity, crate::desk::rule_indexes(&hits))
}

/// The campaign keys of a message: those of its text, with the brand, domain, Telegram and phone keys of the hidden
/// targets of its `text_link`s (a site hidden behind "di sini" is the campaign's as much as a site written out).
pub fn campaign_keys(message: &Message) -> MessageKeys {
    let mut keys = tapis_engine::campaign::keys(&message.text);
    let before = keys.keys.len();
    for href in hidden_links(message) {
        keys.keys.extend(tapis_engine::campaign::keys(href).keys);
    }
    if keys.keys.len() > before {
        keys.keys.sort();
        keys.keys.dedup();
    }
    keys
}

/// The targets of a message's `text_link`s that its text does not show.
pub fn hidden_links(message: &Message) -> impl Iterator<Item = &str> {
    message.entities.iter().filter_map(|entity| {
        let href = entity.href.as_deref()?;
        (entity.kind == EntityKind::TextLink && href != message.entity_text(entity)).then_some(href)
    })
}

/// The username the analyst gives each chat of each import on the page (exports lack it), by import id and chat
/// index: plain data, held by the page in one signal beside the imports, written to the file store with them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usernames(std::collections::HashMap<u64, Vec<String>>);

impl Usernames {
    /// Import `id`, read with `chats`, takes the usernames `given` (an import brought back from the file store),
    /// else each chat's own (as the export or the request had it). Read again (`keep`), it keeps the usernames the
    /// analyst gave, unless it now has other chats.
    pub fn start(&mut self, id: u64, chats: &[Chat], given: Option<Vec<String>>, keep: bool) {
        if keep && self.0.get(&id).is_some_and(|kept| kept.len() == chats.len()) {
            return;
        }
        let given = given.unwrap_or_default();
        let usernames = (chats.iter().enumerate())
            .map(|(i, chat)| given.get(i).cloned().unwrap_or_else(|| chat.username.clone().unwrap_or_default()))
            .collect();
        self.0.insert(id, usernames);
    }

    /// Forgets the usernames of every import not in `ids` (closed).
    pub fn retain(&mut self, ids: &[u64]) {
        self.0.retain(|id, _| ids.contains(id));
    }

    /// The usernames of import `id`'s chats, as typed (empty when it has none).
    pub fn of(&self, id: u64) -> &[String] {
        self.0.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The username typed for chat `chat` of import `id`.
    pub fn get(&self, id: u64, chat: usize) -> &str {
        self.of(id).get(chat).map_or("", String::as_str)
    }

    /// The analyst types `username` for chat `chat` of import `id`.
    pub fn set(&mut self, id: u64, chat: usize, username: String) {
        if let Some(slot) = self.0.get_mut(&id).and_then(|usernames| usernames.get_mut(chat)) {
            *slot = username;
        }
    }

    /// Chat `index` of `chats` (import `id`'s) with the username typed for it; an invalid username is left out
    /// until corrected (the field says why).
    pub fn chat(&self, id: u64, chats: &[Chat], index: usize) -> Option<Chat> {
        let mut chat = chats.get(index)?.clone();
        let _ = chat.set_username(self.get(id, index));
        Some(chat)
    }
}

/// How the dropped or picked files become imports: all the HTML parts together (one export), every other file on
/// its own. HTML is told by its name or, failing that, by its first bytes (`head`).
pub fn group_files(files: &[(FileInfo, Format)]) -> Vec<Vec<usize>> {
    let mut html = Vec::new();
    let mut groups = Vec::new();
    for (i, (_, format)) in files.iter().enumerate() {
        if *format == Format::TelegramHtml {
            html.push(i);
        } else {
            groups.push(vec![i]);
        }
    }
    if !html.is_empty() {
        groups.insert(0, html);
    }
    groups
}

/// The format a file's name suggests, when it is telling (`.html`, `.json`).
pub fn format_from_name(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        Some(Format::TelegramHtml)
    } else if lower.ends_with(".json") {
        Some(Format::TelegramJson)
    } else {
        None
    }
}

/// Runs a whole job over bytes in memory, slice by slice, as the runners do: for tests and small inputs.
pub fn run_in_memory(rules: std::sync::Arc<RuleSet>, request: &Request, name: &str, bytes: &[u8]) -> Vec<Event> {
    let file = FileInfo { name: name.to_owned(), size: bytes.len() as u64 };
    let mut job = match Job::new(rules, request, &file) {
        Ok(job) => job,
        Err(failure) => return vec![Event::Failed(failure)],
    };
    let mut events = Vec::new();
    for slice in bytes.chunks(SLICE as usize) {
        match job.feed(slice) {
            Ok(more) => events.extend(more),
            Err(failure) => {
                events.push(Event::Failed(failure));
                return events;
            }
        }
    }
    match job.finish() {
        Ok(more) => events.extend(more),
        Err(failure) => events.push(Event::Failed(failure)),
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rules() -> Arc<RuleSet> {
        Arc::new(tapis_engine::builtin::rule_set().unwrap())
    }

    fn messages(events: &[Event]) -> Vec<&Found> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Batch { messages } => Some(messages),
                _ => None,
            })
            .flatten()
            .collect()
    }

    fn summary(events: &[Event]) -> &Summary {
        match events.last() {
            Some(Event::Done(summary)) => summary,
            other => panic!("not done: {other:?}"),
        }
    }

    const EXPORT: &str = r#"{"name": "Info Cuan", "type": "public_channel", "id": 1500000001, "messages": [
        {"id": 7, "type": "message", "date": "2024-05-01T10:00:00", "date_unixtime": "1714532400",
         "from": "Info Cuan", "from_id": "channel1500000001", "text": "Selamat pagi semua"},
        {"id": 8, "type": "service", "action": "pin_message"},
        {"id": 9, "type": "message", "date": "2024-05-01T10:05:00", "date_unixtime": "1714532700",
         "from": "Info Cuan", "from_id": "channel1500000001",
         "text": ["Daftar ", {"type": "text_link", "text": "di sini", "href": "https://slot-gacor.example/"}]},
        {"id": 10, "type": "message", "date": "2024-05-01T10:06:00", "date_unixtime": "1714532760",
         "from": "Info Cuan", "from_id": "channel1500000001", "text": "Situs SLOT GACOR maxwin hari ini"}]}"#;

    #[test]
    fn a_json_export_is_read_scanned_and_summed_up() {
        let request = Request { username: Some("@infocuan".into()), ..Request::default() };
        let events = run_in_memory(rules(), &request, "result.json", EXPORT.as_bytes());
        let found = messages(&events);
        assert_eq!(found.iter().map(|f| f.message.id).collect::<Vec<_>>(), [Some(7), Some(9), Some(10)]);
        // The second message hides the site behind "di sini": its link target is scanned too.
        assert_eq!(found.iter().map(|f| f.is_candidate()).collect::<Vec<_>>(), [false, true, true]);
        let summary = summary(&events);
        assert_eq!(summary.format, Format::TelegramJson);
        assert_eq!((summary.counts.messages, summary.counts.service), (3, 1));
        assert_eq!((summary.candidates, summary.without_matches), (2, 1));
        assert_eq!(summary.chats[0].username.as_deref(), Some("infocuan"));
        assert_eq!(summary.file_sha256, crate::workspace::hex(&Sha256::digest(EXPORT.as_bytes())));
        assert!(events.iter().any(|e| matches!(e, Event::Progress { bytes, total, .. } if bytes == total)));
    }

    #[test]
    fn an_import_groups_its_messages_into_campaigns_hidden_links_included() {
        let export = r#"{"name": "Info Cuan", "type": "public_channel", "id": 1500000001, "messages": [
            {"id": 1, "type": "message", "date_unixtime": "1714532400", "text": "Selamat pagi semua"},
            {"id": 2, "type": "message", "date_unixtime": "1714532700",
             "text": ["Daftar ", {"type": "text_link", "text": "di sini", "href": "https://situs88.com/daftar"}]},
            {"id": 3, "type": "message", "date_unixtime": "1714532760", "text": "Hubungi wa.me/6281234567890"},
            {"id": 4, "type": "message", "date_unixtime": "1714532800", "text": "Main di situs88 . com, WA 0812-3456-7890"},
            {"id": 5, "type": "message", "date_unixtime": "1714532900", "text": "Rapat jam tiga"}]}"#;
        let events = run_in_memory(rules(), &Request::default(), "result.json", export.as_bytes());
        assert_eq!(messages(&events).len(), 5);
        let campaigns: Vec<(String, Vec<u32>)> =
            summary(&events).grouped().iter().map(|c| (c.keys.join(" "), c.messages.clone())).collect();
        assert_eq!(
            campaigns,
            [
                ("brand:situs88 domain:situs88.com".to_owned(), vec![1, 3]),
                ("phone:+6281234567890".to_owned(), vec![2, 3])
            ],
            "{campaigns:?}"
        );
    }

    #[test]
    fn broken_input_fails_with_where_and_why() {
        let events =
            run_in_memory(rules(), &Request::default(), "result.json", b"{\"name\": \"x\",\n \"messages\": [}");
        let Some(Event::Failed(failure)) = events.last() else { panic!("{events:?}") };
        assert_eq!(failure.code, "invalid_json");
        assert!(failure.message.contains("line 2"), "{}", failure.message);
        let events = run_in_memory(rules(), &Request::default(), "kosong.txt", b"  \n ");
        assert!(matches!(events.last(), Some(Event::Failed(f)) if f.code == "empty"), "{events:?}");
        let request = Request { format: Some(Format::TelegramJson), ..Request::default() };
        let events = run_in_memory(rules(), &request, "catatan.txt", b"halo semua");
        assert!(matches!(events.last(), Some(Event::Failed(f)) if f.code == "invalid_json"), "{events:?}");
    }

    #[test]
    fn only_the_first_messages_without_matches_are_handed_on() {
        let text: String = (0..KEEP_WITHOUT_MATCHES + 10).map(|i| format!("pesan biasa nomor {i}\n\n")).collect();
        let text = text + "slot gacor malam ini";
        let events = run_in_memory(rules(), &Request::default(), "catatan.txt", text.as_bytes());
        let found = messages(&events);
        assert_eq!(found.len() as u64, KEEP_WITHOUT_MATCHES + 1);
        assert!(found.last().unwrap().is_candidate());
        let summary = summary(&events);
        assert_eq!((summary.candidates, summary.without_matches), (1, KEEP_WITHOUT_MATCHES + 10));
        assert_eq!(summary.format, Format::FreeText);
    }

    #[test]
    fn html_parts_go_together_and_other_files_alone() {
        let info = |name: &str| FileInfo { name: name.into(), size: 1 };
        let files = [
            (info("result.json"), Format::TelegramJson),
            (info("messages2.html"), Format::TelegramHtml),
            (info("catatan.txt"), Format::FreeText),
            (info("messages.html"), Format::TelegramHtml),
        ];
        assert_eq!(group_files(&files), [vec![1, 3], vec![0], vec![2]]);
        assert_eq!(format_from_name("chats/chat_01/Messages2.HTML"), Some(Format::TelegramHtml));
        assert_eq!(format_from_name("notes.txt"), None);
    }

    #[test]
    fn usernames_follow_what_the_analyst_types_and_survive_a_new_reading() {
        let chat = |username: Option<&str>| Chat {
            title: Some("Info Cuan".into()),
            id: Some(1_712_691_810),
            username: username.map(Into::into),
            kind: tapis_ingest::ChatKind::PublicChannel,
        };
        let chats = [chat(None), chat(Some("infocuan"))];
        let mut usernames = Usernames::default();
        usernames.start(1, &chats, None, false);
        assert_eq!(usernames.of(1), ["", "infocuan"]);
        assert_eq!(usernames.chat(1, &chats, 0).unwrap().link(5).as_deref(), Some("https://t.me/c/1712691810/5"));

        usernames.set(1, 0, "@slot_gacor".into());
        assert_eq!(usernames.get(1, 0), "@slot_gacor");
        assert_eq!(usernames.chat(1, &chats, 0).unwrap().link(5).as_deref(), Some("https://t.me/slot_gacor/5"));
        // An invalid username is typed, not applied.
        usernames.set(1, 0, "@x!".into());
        assert_eq!(usernames.get(1, 0), "@x!");
        assert_eq!(usernames.chat(1, &chats, 0).unwrap().username, None);
        usernames.set(1, 0, "@slot_gacor".into());
        // A chat or an import that is not there changes nothing.
        usernames.set(1, 9, "nope".into());
        usernames.set(2, 0, "nope".into());
        assert_eq!((usernames.of(1).len(), usernames.of(2)), (2, &[][..]));
        assert_eq!(usernames.chat(1, &chats, 2), None);

        // Read again with other rules: what was typed stays; with other chats, the export's come back.
        usernames.start(1, &chats, None, true);
        assert_eq!(usernames.of(1), ["@slot_gacor", "infocuan"]);
        usernames.start(1, &chats[..1], None, true);
        assert_eq!(usernames.of(1), [""]);
        // Brought back from the file store: as the analyst left them, the export's for chats beyond.
        usernames.start(2, &chats, Some(vec!["kept_name".into()]), false);
        assert_eq!(usernames.of(2), ["kept_name", "infocuan"]);
        usernames.retain(&[2]);
        assert_eq!((usernames.of(1), usernames.of(2).len()), (&[][..], 2));
    }
}
