//! Links as evidence: the links, handles and numbers of each imported message with where each stands against the
//! analyst's blocklists, the desk's filters over them, and the **Domain baru** list for the blocking team. Plain
//! logic (testable natively); `links/store.rs` keeps the blocklists in IndexedDB.
//!
//! Extraction and the lists are the worker's: the engine's `links::extract` and its public-suffix table, and lists
//! of millions of domains, never come into the page's first load. The worker hands each message's links on with the
//! message ([`crate::import::Found::links`]), as the flag's evidence will carry them ([`EvidenceLink`]); the page
//! only counts and shows them. Pasted text's links are found by the worker's module too, loaded on the page once
//! something is pasted ([`links_of_paste`]).

pub mod panel;
pub mod store;

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use tapis_wire::{EvidenceLink, LinkKind, LinkStatus};

/// A blocklist as kept: its name, what its lines were, and when it was loaded (which tells a worker's copy stale).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListInfo {
    /// The name the analyst gave it (`trustpositif-judi`): flags and the desk name it when a domain is on it.
    pub name: String,
    /// Lines read.
    pub lines: u64,
    /// Distinct domains kept.
    pub domains: u64,
    /// Lines skipped: blank, comments, duplicates, entries without a dot, entries that are no domain.
    pub skipped: Skipped,
    /// When it was loaded, in milliseconds since the epoch.
    pub loaded_at: u64,
    /// The SHA-256 of its set, when the server handed it out (`tapis serve --blocklist`): it is fetched again only
    /// when the server's changes.
    #[serde(default)]
    pub sha256: String,
}

/// The lines of a list that were not kept, by reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Blank lines.
    pub blank: u64,
    /// Comments.
    pub comments: u64,
    /// Domains listed again.
    pub duplicates: u64,
    /// Entries without a dot (`localhost`).
    pub no_dot: u64,
    /// Entries that are not domain names.
    pub invalid: u64,
}

impl Skipped {
    /// Every line skipped.
    pub fn total(&self) -> u64 {
        self.blank + self.comments + self.duplicates + self.no_dot + self.invalid
    }
}

impl ListInfo {
    /// The info of a list the engine built.
    pub fn of(list: &tapis_engine::links::Blocklist, loaded_at: u64) -> ListInfo {
        let stats = list.stats();
        ListInfo {
            name: list.name().to_owned(),
            lines: stats.lines,
            domains: stats.domains,
            skipped: Skipped {
                blank: stats.blank,
                comments: stats.comments,
                duplicates: stats.duplicates,
                no_dot: stats.no_dot,
                invalid: stats.invalid,
            },
            loaded_at,
            sha256: String::new(),
        }
    }

    /// The info of a list the server hands out.
    pub fn served(info: &tapis_wire::BlocklistInfo, loaded_at: u64) -> ListInfo {
        ListInfo {
            name: info.name.clone(),
            lines: info.lines,
            domains: info.domains,
            skipped: Skipped {
                blank: info.blank,
                comments: info.comments,
                duplicates: info.duplicates,
                no_dot: info.no_dot,
                invalid: info.invalid,
            },
            loaded_at,
            sha256: info.sha256.clone(),
        }
    }

    /// The engine's stats, to rebuild the list from its bytes.
    pub fn stats(&self) -> tapis_engine::links::ListStats {
        tapis_engine::links::ListStats {
            lines: self.lines,
            domains: self.domains,
            blank: self.skipped.blank,
            comments: self.skipped.comments,
            duplicates: self.skipped.duplicates,
            no_dot: self.skipped.no_dot,
            invalid: self.skipped.invalid,
        }
    }
}

/// A list's name, as the analyst typed it or from its file's name: lowercase ASCII letters, digits, `-`, `_` and `.`,
/// at most 64 (`TrustPositif Judi.txt` → `trustpositif-judi`). `None` when nothing is left.
pub fn list_name(typed: &str, file_name: &str) -> Option<String> {
    let from = if typed.trim().is_empty() {
        let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
        base.rsplit_once('.').map_or(base, |(stem, _)| stem)
    } else {
        typed
    };
    let mut name = String::new();
    // ASCII only (Unicode's case tables would weigh in the page's first load): other letters become `-`.
    for c in from.trim().chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name: String = name.trim_matches('-').chars().take(64).collect();
    (!name.is_empty()).then_some(name)
}

/// Every link, handle and number of a text, with its status against `lists`.
pub fn links_of_text(text: &str, lists: &tapis_engine::links::Blocklists) -> Vec<EvidenceLink> {
    tapis_engine::links::extract(text).iter().map(|link| evidence_link(link, lists, None)).collect()
}

/// Finds the links of pasted messages (each message's text), wherever that runs.
pub type FindLinks = Rc<
    dyn Fn(Vec<String>) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<Vec<EvidenceLink>>, String>>>>,
>;

thread_local! {
    static FIND: RefCell<Option<FindLinks>> = const { RefCell::new(None) };
}

/// Pasted messages' links are found with `find` from now on (`import::runner` sets it: the worker's module on the
/// page, or the code linked into a test's module).
pub fn find_with(find: FindLinks) {
    FIND.set(Some(find));
}

/// The links of each of `texts` with their status against the blocklists kept; none where nothing can find them.
///
/// # Errors
/// When the worker's module cannot be loaded, or the blocklists read.
pub async fn links_of_paste(texts: Vec<String>) -> Result<Vec<Vec<EvidenceLink>>, String> {
    match FIND.with_borrow(Clone::clone) {
        Some(find) => find(texts).await,
        None => Ok(Vec::new()),
    }
}

/// Every link, handle and number of a message, with its status against `lists`: those its text shows, then
/// those behind its `text_link`s (a site hidden behind "di sini"), spanning the words that hide them.
pub fn found_links(message: &tapis_ingest::Message, lists: &tapis_engine::links::Blocklists) -> Vec<EvidenceLink> {
    let mut found = links_of_text(&message.text, lists);
    for entity in &message.entities {
        let Some(href) = entity.href.as_deref() else { continue };
        if entity.kind != tapis_ingest::EntityKind::TextLink || href == message.entity_text(entity) {
            continue;
        }
        for link in tapis_engine::links::extract(href) {
            let hidden = evidence_link(&link, lists, Some((entity.start, entity.end)));
            // The text's own link to the same domain (or the same handle) is evidence enough.
            let shown = |f: &EvidenceLink| match (&f.domain, &hidden.domain) {
                (Some(a), Some(b)) => a == b,
                _ => f.value == hidden.value,
            };
            if !found.iter().any(shown) {
                found.push(hidden);
            }
        }
    }
    found
}

fn evidence_link(
    link: &tapis_engine::links::Link,
    lists: &tapis_engine::links::Blocklists,
    span: Option<(usize, usize)>,
) -> EvidenceLink {
    use tapis_engine::links::Status;
    let (start, end) = span.unwrap_or((link.span.start, link.span.end));
    let status = lists.status(link);
    EvidenceLink {
        kind: wire_kind(link.kind),
        value: link.value.clone(),
        start: start as u32,
        end: end as u32,
        domain: link.host.as_ref().map(|host| host.ascii.clone()),
        list: status.as_ref().and_then(|s| s.list()).map(str::to_owned),
        status: status.map(|status| match status {
            Status::Blocked { .. } => LinkStatus::Blocked,
            Status::Shortener => LinkStatus::Shortener,
            Status::New => LinkStatus::New,
        }),
    }
}

fn wire_kind(kind: tapis_engine::links::LinkKind) -> LinkKind {
    use tapis_engine::links::LinkKind as K;
    match kind {
        K::Url => LinkKind::Url,
        K::Domain => LinkKind::Domain,
        K::Telegram => LinkKind::Telegram,
        K::TelegramInvite => LinkKind::TelegramInvite,
        K::Mention => LinkKind::Mention,
        K::WhatsApp => LinkKind::WhatsApp,
        K::WhatsAppGroup => LinkKind::WhatsAppGroup,
        K::Phone => LinkKind::Phone,
        K::BankAccount => LinkKind::BankAccount,
        // The engine's kinds are non-exhaustive; e-wallets are the last it has.
        _ => LinkKind::EWallet,
    }
}

/// What the desk filters a message by: whether it carries a domain on no list, and one on a list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LinkFacts {
    /// A domain on no list (shorteners aside).
    pub new: bool,
    /// A domain on a list.
    pub blocked: bool,
}

impl LinkFacts {
    /// The facts of a message's links.
    pub fn of(links: &[EvidenceLink]) -> LinkFacts {
        LinkFacts {
            new: links.iter().any(|l| l.status == Some(LinkStatus::New)),
            blocked: links.iter().any(|l| l.status == Some(LinkStatus::Blocked)),
        }
    }
}

/// One message's part in the new domains: its links, its chat's label, its date (seconds) and its `t.me` link.
pub struct Sighting<'a> {
    /// The message's links.
    pub links: &'a [EvidenceLink],
    /// Its chat, as the desk names it.
    pub chat: &'a str,
    /// When it was posted, in seconds since the epoch.
    pub date: Option<i64>,
    /// Where it opens in Telegram, when its chat has links.
    pub link: Option<String>,
}

/// A domain on no list, as found across the imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDomain {
    /// The domain, in ASCII (as lists hold it).
    pub domain: String,
    /// Messages that carry it.
    pub messages: u32,
    /// The chats it was seen in, by label, sorted.
    pub chats: Vec<String>,
    /// First and last seen, in seconds since the epoch, when the messages are dated.
    pub first_seen: Option<i64>,
    /// Last seen.
    pub last_seen: Option<i64>,
    /// Links to the first messages that carry it (at most [`EVIDENCE_LINKS`]).
    pub evidence: Vec<String>,
}

/// Links to messages kept per new domain, for the CSV.
pub const EVIDENCE_LINKS: usize = 5;

/// The domains on no list, most messages first (then by name).
pub fn new_domains<'a>(sightings: impl IntoIterator<Item = Sighting<'a>>) -> Vec<NewDomain> {
    // Each (domain, message) once, grouped by sorting (lighter in the page's module than a map of sets).
    let sightings: Vec<Sighting<'a>> = sightings.into_iter().collect();
    let mut pairs: Vec<(&'a str, usize)> = Vec::new();
    for (i, sighting) in sightings.iter().enumerate() {
        let new = sighting.links.iter().filter(|l| l.status == Some(LinkStatus::New));
        pairs.extend(new.filter_map(|l| l.domain.as_deref()).map(|d| (d, i)));
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut domains: Vec<NewDomain> = Vec::new();
    for (domain, i) in pairs {
        let sighting = &sightings[i];
        if domains.last().is_none_or(|d| d.domain != domain) {
            let empty = NewDomain {
                domain: domain.to_owned(),
                messages: 0,
                chats: Vec::new(),
                first_seen: None,
                last_seen: None,
                evidence: Vec::new(),
            };
            domains.push(empty);
        }
        let entry = domains.last_mut().expect("pushed above");
        entry.messages += 1;
        if !entry.chats.iter().any(|c| c == sighting.chat) {
            entry.chats.push(sighting.chat.to_owned());
        }
        if let Some(date) = sighting.date {
            entry.first_seen = Some(entry.first_seen.map_or(date, |d| d.min(date)));
            entry.last_seen = Some(entry.last_seen.map_or(date, |d| d.max(date)));
        }
        if let Some(link) = &sighting.link
            && entry.evidence.len() < EVIDENCE_LINKS
        {
            entry.evidence.push(link.clone());
        }
    }
    for domain in &mut domains {
        domain.chats.sort_unstable();
    }
    domains.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.domain.cmp(&b.domain)));
    domains
}

/// The new domains for the blocking team: one a line, as the lists themselves are written.
pub fn domains_text(domains: &[NewDomain]) -> String {
    domains.iter().map(|d| format!("{}\n", d.domain)).collect()
}

/// The new domains with their evidence, as CSV (RFC 4180; a cell that a spreadsheet would run as a formula is
/// prefixed with `'`).
pub fn domains_csv(domains: &[NewDomain]) -> String {
    // The ingest crate's own ISO form (chrono's formatting weighs in the page's first load).
    let date = |seconds: Option<i64>| seconds.map(|s| tapis_ingest::Date::utc(s).to_string()).unwrap_or_default();
    let mut out = String::from("domain,messages,chats,first_seen,last_seen,evidence\r\n");
    for d in domains {
        let cells = [
            d.domain.clone(),
            d.messages.to_string(),
            d.chats.join("; "),
            date(d.first_seen),
            date(d.last_seen),
            d.evidence.join(" "),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out += &row.join(",");
        out += "\r\n";
    }
    out
}

fn csv_cell(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() };
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell }
}

#[cfg(test)]
mod tests;
