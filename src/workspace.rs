//! The analyst's workspace as plain data: pasted text scanned into messages, and flags made from them.
//!
//! No DOM and no network here, so the logic is testable on its own.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tapis_engine::{Match, RuleSet, Scan, Severity};
use tapis_ingest::Format;
use tapis_wire::{
    Chat, Classification, Detection, Evidence, EvidenceSpan, MessageTarget, NewFlag, Platform, RequestedAction, Sender,
    Source, SourceKind, Target,
};
use uuid::Uuid;

use crate::message_key::MessageKey;

/// One message of the pasted text, with what the rules found in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScannedMessage {
    /// Stable identity of the message within the paste: the same text at the same occurrence keeps its key when
    /// other messages are added or edited, so that decisions stay with their message.
    pub key: MessageKey,
    /// The message text, exactly as pasted.
    pub text: String,
    /// What the rules found, with the explanation of every match.
    pub scan: Scan,
    /// The hidden targets of the message's `text_link`s (imports only), each with what the rules found in it.
    pub links: Vec<(String, Scan)>,
    /// The links, handles and numbers found in it with their blocklist status (imports only: the worker finds
    /// them), for the flag's evidence.
    pub found_links: Vec<tapis_wire::EvidenceLink>,
    /// The keys of the campaigns it is in (imports only: each import's job grouped them), for the flag's evidence.
    pub campaigns: Vec<String>,
    /// Its photo's PDQ hash and the hash lists it is on (imports with their media only: the worker hashed it), for
    /// the flag's evidence; never the photo.
    pub images: Vec<tapis_wire::EvidenceImage>,
}

impl ScannedMessage {
    /// Scans a message and the hidden targets of its links.
    pub fn new(rules: &RuleSet, key: MessageKey, text: String, hidden_links: &[&str]) -> ScannedMessage {
        let scan = rules.scan_message(&text);
        let links = hidden_links.iter().map(|href| ((*href).to_owned(), rules.scan_message(href))).collect();
        ScannedMessage { key, text, scan, links, found_links: Vec::new(), campaigns: Vec::new(), images: Vec::new() }
    }

    /// Matches in the text, ordered by position.
    pub fn matches(&self) -> &[Match] {
        &self.scan.matches
    }

    /// Whether the rules found anything, in the text or behind its links.
    pub fn has_matches(&self) -> bool {
        !self.scan.matches.is_empty() || self.links.iter().any(|(_, scan)| !scan.matches.is_empty()) || self.is_listed()
    }

    /// Whether its photo is on one of the analyst's hash lists (issue 21).
    pub fn is_listed(&self) -> bool {
        self.images.iter().any(|i| !i.matches.is_empty())
    }

    /// The highest severity found, if any: a photo on a hash list counts as a match of high severity.
    pub fn severity(&self) -> Option<Severity> {
        let rules = self.links.iter().map(|(_, scan)| scan.max_severity).fold(self.scan.max_severity, Option::max);
        if self.is_listed() { rules.max(Some(Severity::High)) } else { rules }
    }

    /// The category of the most severe rule that matched (the first such rule, on a tie), if any; else the category
    /// of the hash list its photo is on, when the rules know it.
    pub fn category<'r>(&self, rules: &'r RuleSet) -> Option<&'r str> {
        let hits = self.scan.rules.iter().chain(self.links.iter().flat_map(|(_, scan)| &scan.rules));
        hits.fold(None, |best: Option<&tapis_engine::RuleHit>, hit| match best {
            Some(b) if b.severity >= hit.severity => Some(b),
            _ => Some(hit),
        })
        .map(|hit| rules.rule(hit.rule).rule.category.as_str())
        .or_else(|| {
            let listed = self.images.iter().flat_map(|i| &i.matches).find_map(|m| m.category.as_deref())?;
            (0..rules.len()).map(|r| rules.rule(r).rule.category.as_str()).find(|c| *c == listed)
        })
    }

    /// The score of the text and its links together.
    pub fn score(&self) -> u32 {
        self.scan.score + self.links.iter().map(|(_, scan)| scan.score).sum::<u32>()
    }
}

/// The flag target for a message of the paste, from the chat the analyst named.
pub fn pasted_target(chat: Chat) -> MessageTarget {
    MessageTarget {
        platform: Platform::Telegram,
        chat,
        message_id: None,
        link: None,
        sender: None,
        date: None,
        date_is_local: false,
    }
}

/// The flag target for an imported message: its chat (with the username the analyst entered, if any), id,
/// link, sender and date.
pub fn imported_target(chat: &tapis_ingest::Chat, message: &tapis_ingest::Message) -> MessageTarget {
    let sender = (message.sender.name.is_some() || message.sender.id.is_some()).then(|| Sender {
        name: message.sender.name.as_deref().map(str::to_owned),
        id: message.sender.id.as_deref().map(str::to_owned),
    });
    MessageTarget {
        platform: Platform::Telegram,
        chat: Chat { title: chat.title.clone(), id: chat.id, username: chat.username.clone() },
        message_id: message.id,
        link: message.id.and_then(|id| chat.link(id)),
        sender,
        date: message.date.and_then(|d| DateTime::from_timestamp(d.seconds, 0)),
        date_is_local: message.date.is_some_and(|d| d.local_only),
    }
}

/// The wire's name for an input format.
pub fn source_kind(format: Format) -> SourceKind {
    match format {
        Format::TelegramJson => SourceKind::TelegramJson,
        Format::TelegramHtml => SourceKind::TelegramHtml,
        Format::CopiedText => SourceKind::CopiedText,
        _ => SourceKind::FreeText,
    }
}

/// The built-in packs that `packs` names (all when it names none), compiled, every rule on. What the analyst
/// switched off or imported is [`crate::packs::PackChoice`]'s.
pub fn built_in_rules(packs: Option<&[String]>) -> Result<RuleSet, String> {
    crate::packs::PackChoice::default().rules(packs)
}

/// Splits pasted text into messages and scans each one.
pub fn scan_paste(rules: &RuleSet, pasted: &str) -> Vec<ScannedMessage> {
    let mut seen = std::collections::HashMap::<u64, u32>::new();
    tapis_ingest::split_blocks(pasted)
        .into_iter()
        .map(|text| {
            let hash = fnv1a(text.as_bytes());
            let occurrence = seen.entry(hash).or_default();
            *occurrence += 1;
            ScannedMessage::new(rules, MessageKey::Pasted { hash, occurrence: *occurrence }, text.to_owned(), &[])
        })
        .collect()
}

/// Reads where pasted messages come from, as the analyst writes it: `@username` or a `t.me/username` link (a
/// public channel or group), or else the chat's title.
pub fn parse_chat(input: &str) -> Result<Chat, String> {
    let input = input.trim();
    let username = input
        .strip_prefix('@')
        .or_else(|| ["https://t.me/", "http://t.me/", "t.me/"].iter().find_map(|p| input.strip_prefix(p)))
        .map(|rest| rest.trim_end_matches('/'));
    match username {
        Some(name) if is_username(name) => Ok(Chat { title: None, id: None, username: Some(name.to_owned()) }),
        Some(name) => {
            Err(format!("\"{name}\": a Telegram username has 5 to 32 letters, digits or _, starting with a letter"))
        }
        None if input.is_empty() => Err("empty".to_owned()),
        None => Ok(Chat { title: Some(input.to_owned()), id: None, username: None }),
    }
}

fn is_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The notice for a confirmed message at `target`, read from `source`. `id` and `now` are passed in so that the
/// caller decides where they come from (a fresh UUIDv7 and the clock in the app; fixed values in tests). The
/// notifier is left to the server, which knows it from the analyst's token.
pub fn flag_for(
    message: &ScannedMessage,
    rules: &RuleSet,
    target: MessageTarget,
    source: Source,
    id: Uuid,
    now: DateTime<Utc>,
) -> NewFlag {
    let severity = message.severity().unwrap_or(Severity::Low);
    let describe = |hit: &tapis_engine::RuleHit| {
        let rule = rules.rule(hit.rule);
        format!("{}: {}", rule.id, rule.description)
    };
    let mut lines: Vec<String> = message.scan.rules.iter().map(describe).collect();
    for (href, scan) in &message.links {
        lines.extend(scan.rules.iter().map(|hit| format!("{} (link {href})", describe(hit))));
    }
    let explanation = lines.join("\n");
    NewFlag {
        id,
        notifier: None,
        target: Target::Message(target),
        evidence: Some(evidence_of(message, rules, source)),
        dossier: None,
        classification: Classification {
            category: message.category(rules).unwrap_or("lainnya").to_owned(),
            severity: wire_severity(severity),
            explanation: if explanation.is_empty() { "Dikonfirmasi oleh analis.".to_owned() } else { explanation },
        },
        requested_action: suggested_action(severity),
        detection: Detection {
            matched_automatically: message.has_matches(),
            confirmed_by_person: true,
            confirmed_at: now,
        },
    }
}

/// The action a flag asks of the platform unless the analyst chooses: take down what is severe, review the rest.
pub fn suggested_action(severity: Severity) -> RequestedAction {
    if severity >= Severity::High { RequestedAction::Remove } else { RequestedAction::Review }
}

/// What the analyst said on confirming, over what the rules said: another category, another severity (and with it
/// the suggested action, unless they chose one), the action, and a note (kept in the flag's explanation, after the
/// rules that matched).
pub fn annotate(flag: &mut NewFlag, annotation: &crate::desk::Annotation) {
    if let Some(category) = annotation.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        flag.classification.category = category.to_owned();
    }
    if let Some(severity) = annotation.severity {
        flag.classification.severity = wire_severity(severity);
        flag.requested_action = suggested_action(severity);
    }
    if let Some(action) = annotation.action {
        flag.requested_action = action;
    }
    if let Some(returned) = annotation.refiles {
        // Written as the rest of the explanation is, for the platform and the reviewer, whatever the interface.
        flag.classification.explanation =
            format!("{}\nPengajuan ulang flag {returned} yang dikembalikan peninjau.", flag.classification.explanation);
    }
    if let Some(note) = annotation.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        flag.classification.explanation = format!("{}\nCatatan analis: {note}", flag.classification.explanation);
    }
}

/// The evidence a confirmed message gives: its text, the text's hash, where it was read, and the spans matched.
pub fn evidence_of(message: &ScannedMessage, rules: &RuleSet, source: Source) -> Evidence {
    Evidence {
        excerpt: message.text.clone(),
        excerpt_sha256: hex(&Sha256::digest(message.text.as_bytes())),
        source,
        spans: message
            .matches()
            .iter()
            .map(|m| {
                let rule = rules.rule(m.rule);
                EvidenceSpan {
                    rule_id: rule.id.clone(),
                    pack_id: rule.pack_id.to_owned(),
                    pack_version: rule.pack_version.to_owned(),
                    start: m.span.start as u32,
                    end: m.span.end as u32,
                }
            })
            .collect(),
        links: message.found_links.clone(),
        campaigns: message.campaigns.clone(),
        images: message.images.clone(),
    }
}

/// What a channel or account flag is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A chat of the import (by index), the channel or group itself.
    Chat(usize),
    /// A sender: their id when the export gives one, else their name.
    Sender(String),
}

/// One chat's or sender's record in the loaded content: what the rules found and what the analyst decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollup {
    /// Whom it is about.
    pub subject: Subject,
    /// The chat's title or the sender's name (or id).
    pub label: String,
    /// Candidates not decided yet.
    pub open: usize,
    /// Candidates confirmed.
    pub confirmed: usize,
    /// Candidates rejected as false positives.
    pub rejected: usize,
    /// Candidates by category and severity: (category, severity, open, confirmed), most severe first.
    pub by_category: Vec<(String, Severity, usize, usize)>,
    /// The first and last dates of its candidates.
    pub first: Option<tapis_ingest::Date>,
    /// See `first`.
    pub last: Option<tapis_ingest::Date>,
    /// The rules that fired, sorted.
    pub rules: Vec<String>,
    /// The confirmed messages, by date: indexes into the import's messages.
    pub timeline: Vec<usize>,
}

/// The decision on a message, as the roll-ups count it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decided {
    /// Not decided.
    Open,
    /// Confirmed, under the category the analyst chose, if they chose one.
    Confirmed(Option<String>),
    /// Rejected as a false positive.
    Rejected,
}

/// The roll-ups of an import's chats and senders, those with candidates or messages the analyst confirmed by hand,
/// the most confirmed first. `scans[i]` is the scan of `messages[i]` (`None` for a message without matches);
/// `decided` gives a message key's decision. A confirmed message counts under the analyst's category when they
/// chose one, else its rules'.
pub fn rollups(
    rules: &RuleSet,
    chats: &[tapis_ingest::Chat],
    messages: &[tapis_ingest::Message],
    scans: &[Option<ScannedMessage>],
    decided: impl Fn(&MessageKey) -> Decided,
) -> (Vec<Rollup>, Vec<Rollup>) {
    use std::collections::{BTreeMap, BTreeSet};
    #[derive(Default)]
    struct Tally {
        open: usize,
        confirmed: usize,
        rejected: usize,
        categories: BTreeMap<(String, Severity), (usize, usize)>,
        dates: Vec<tapis_ingest::Date>,
        rules: BTreeSet<String>,
        timeline: Vec<(Option<tapis_ingest::Date>, usize)>,
        label: String,
    }
    let mut by_chat: BTreeMap<usize, Tally> = BTreeMap::new();
    let mut by_sender: BTreeMap<String, Tally> = BTreeMap::new();
    for (index, (message, scanned)) in messages.iter().zip(scans).enumerate() {
        let matched = scanned.as_ref().filter(|s| s.has_matches());
        let decision = decided(&MessageKey::Imported(message.key));
        if matched.is_none() && !matches!(decision, Decided::Confirmed(_)) {
            continue; // Neither a candidate nor found by hand.
        }
        let category = match &decision {
            Decided::Confirmed(Some(chosen)) => chosen.clone(),
            _ => matched.and_then(|s| s.category(rules)).unwrap_or("lainnya").to_owned(),
        };
        let severity = matched.and_then(ScannedMessage::severity).unwrap_or(Severity::Low);
        let fired: Vec<String> = matched
            .into_iter()
            .flat_map(|s| s.scan.rules.iter().chain(s.links.iter().flat_map(|(_, scan)| &scan.rules)))
            .map(|hit| rules.rule(hit.rule).id.clone())
            .collect();
        let sender_key = message.sender.id.as_deref().or(message.sender.name.as_deref()).map(str::to_owned);
        let sender_label = message.sender.name.as_deref().or(message.sender.id.as_deref()).unwrap_or_default();
        let chat_label = chats.get(message.chat).and_then(|c| c.title.clone()).unwrap_or_default();
        let tallies = [
            Some((by_chat.entry(message.chat).or_default(), chat_label)),
            sender_key.map(|key| (by_sender.entry(key).or_default(), sender_label.to_owned())),
        ];
        for (tally, label) in tallies.into_iter().flatten() {
            tally.label = label;
            let counts = tally.categories.entry((category.clone(), severity)).or_default();
            match &decision {
                Decided::Open => {
                    tally.open += 1;
                    counts.0 += 1;
                }
                Decided::Confirmed(_) => {
                    tally.confirmed += 1;
                    counts.1 += 1;
                    tally.timeline.push((message.date, index));
                }
                Decided::Rejected => tally.rejected += 1,
            }
            tally.dates.extend(message.date);
            tally.rules.extend(fired.iter().cloned());
        }
    }
    let finish = |subject: Subject, mut tally: Tally| {
        let mut by_category: Vec<(String, Severity, usize, usize)> =
            tally.categories.into_iter().map(|((c, s), (o, k))| (c, s, o, k)).collect();
        by_category.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        tally.timeline.sort_by_key(|(date, _)| date.map(|d| d.seconds));
        Rollup {
            subject,
            label: tally.label,
            open: tally.open,
            confirmed: tally.confirmed,
            rejected: tally.rejected,
            by_category,
            first: tally.dates.iter().min_by_key(|d| d.seconds).copied(),
            last: tally.dates.iter().max_by_key(|d| d.seconds).copied(),
            rules: tally.rules.into_iter().collect(),
            timeline: tally.timeline.into_iter().map(|(_, i)| i).collect(),
        }
    };
    let order = |list: &mut Vec<Rollup>| list.sort_by_key(|r| std::cmp::Reverse((r.confirmed, r.open)));
    let mut chats: Vec<Rollup> = by_chat.into_iter().map(|(i, t)| finish(Subject::Chat(i), t)).collect();
    let mut senders: Vec<Rollup> = by_sender.into_iter().map(|(k, t)| finish(Subject::Sender(k), t)).collect();
    order(&mut chats);
    order(&mut senders);
    (chats, senders)
}

/// The most campaign keys a flag's evidence or dossier carries: what the server takes.
pub const MAX_CAMPAIGNS: usize = 100;

/// The campaigns found in a channel's or an account's confirmed messages: every key they carry, each once, most
/// messages first (the first seen first on a tie).
fn campaigns_in(confirmed: &[(&ScannedMessage, MessageTarget)]) -> Vec<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for key in confirmed.iter().flat_map(|(m, _)| &m.campaigns) {
        match counts.iter_mut().find(|(k, _)| *k == key.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    // The server takes so many at most: the largest.
    counts.into_iter().take(MAX_CAMPAIGNS).map(|(k, _)| k.to_owned()).collect()
}

/// A flag on a whole channel or account: its target, and as evidence the confirmed messages (at most the 500 the
/// server takes, the latest) with the analyst's summary.
#[allow(clippy::too_many_arguments)]
pub fn dossier_flag(
    rules: &RuleSet,
    target: Target,
    confirmed: &[(&ScannedMessage, MessageTarget)],
    source: &Source,
    summary: String,
    id: Uuid,
    now: DateTime<Utc>,
) -> NewFlag {
    let start = confirmed.len().saturating_sub(500);
    let messages = confirmed[start..]
        .iter()
        .map(|(message, at)| tapis_wire::DossierMessage {
            chat: Some(at.chat.clone()),
            message_id: at.message_id,
            link: at.link.clone(),
            date: at.date,
            evidence: evidence_of(message, rules, source.clone()),
        })
        .collect();
    let severity = confirmed.iter().filter_map(|(m, _)| m.severity()).max().unwrap_or(Severity::Low);
    // The category of the most severe confirmed messages; the most frequent among them on a tie.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (message, _) in confirmed.iter().filter(|(m, _)| m.severity() == Some(severity)) {
        let category = message.category(rules).unwrap_or("lainnya");
        match counts.iter_mut().find(|(c, _)| *c == category) {
            Some((_, n)) => *n += 1,
            None => counts.push((category, 1)),
        }
    }
    let category = counts.iter().max_by_key(|(_, n)| *n).map_or("lainnya", |(c, _)| c).to_owned();
    NewFlag {
        id,
        notifier: None,
        target,
        evidence: None,
        dossier: Some(tapis_wire::Dossier { summary: summary.clone(), messages, campaigns: campaigns_in(confirmed) }),
        classification: Classification { category, severity: wire_severity(severity), explanation: summary },
        requested_action: suggested_action(severity),
        detection: Detection {
            matched_automatically: confirmed.iter().any(|(m, _)| m.has_matches()),
            confirmed_by_person: true,
            confirmed_at: now,
        },
    }
}

/// The target of a channel flag: the chat (with the username the analyst gave) and its link.
pub fn channel_target(chat: &tapis_ingest::Chat) -> Target {
    let link = chat.username.as_ref().map(|u| format!("https://t.me/{u}"));
    Target::Channel(tapis_wire::ChannelTarget {
        platform: Platform::Telegram,
        chat: Chat { title: chat.title.clone(), id: chat.id, username: chat.username.clone() },
        link,
    })
}

/// The target of an account flag: the sender as the export knows them.
pub fn account_target(sender: &tapis_ingest::Sender) -> Target {
    Target::Account(tapis_wire::AccountTarget {
        platform: Platform::Telegram,
        account: tapis_wire::Account {
            name: sender.name.as_deref().map(str::to_owned),
            id: sender.id.as_deref().map(str::to_owned),
            username: None,
        },
        link: None,
    })
}

/// The engine's severity (the app's one severity type) as the wire writes it.
pub fn wire_severity(severity: Severity) -> tapis_wire::Severity {
    match severity {
        Severity::Low => tapis_wire::Severity::Low,
        Severity::Medium => tapis_wire::Severity::Medium,
        Severity::High => tapis_wire::Severity::High,
        Severity::Critical => tapis_wire::Severity::Critical,
    }
}

/// Lowercase hexadecimal, as the wire writes hashes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 64-bit FNV-1a: a small, stable content hash for message keys (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// An imported chat as the queue's chat filter lists it: its title (what the export shows), else `@username`, else
/// its id. (A flag's target is described username first, by `ui::describe_target`: there the username is the link.)
pub fn chat_label(chat: &tapis_ingest::Chat) -> String {
    chat.title
        .clone()
        .or_else(|| chat.username.as_ref().map(|u| format!("@{u}")))
        .or_else(|| chat.id.map(|id| id.to_string()))
        .unwrap_or_default()
}

/// A date and time as `2025-03-01 09:30`, or with `:SS` when `seconds`. Written by hand: chrono's `format`
/// would bring its format-string parser into the app's download for four timestamps.
pub fn stamp<T: chrono::Datelike + chrono::Timelike>(at: &T, seconds: bool) -> String {
    let mut text = format!("{:04}-{:02}-{:02} {:02}:{:02}", at.year(), at.month(), at.day(), at.hour(), at.minute());
    if seconds {
        text += &format!(":{:02}", at.second());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_timestamp_reads_year_first_with_or_without_seconds() {
        let at = DateTime::parse_from_rfc3339("2025-03-01T09:05:07Z").unwrap().with_timezone(&Utc);
        assert_eq!(stamp(&at, false), "2025-03-01 09:05");
        assert_eq!(stamp(&at, true), "2025-03-01 09:05:07");
    }

    /// Each row: what the analyst typed as the source, and the chat it names (or the error's words).
    #[test]
    fn the_source_is_a_username_a_link_or_a_title() {
        let username = |u: &str| Ok(Chat { title: None, id: None, username: Some(u.into()) });
        let title = |t: &str| Ok(Chat { title: Some(t.into()), id: None, username: None });
        let rows: &[(&str, Result<Chat, String>)] = &[
            ("@infojudi88", username("infojudi88")),
            ("  https://t.me/slot_gacor_id/ ", username("slot_gacor_id")),
            ("t.me/Berita_Hoaks", username("Berita_Hoaks")),
            ("Grup Cuan Harian", title("Grup Cuan Harian")),
        ];
        for (input, wanted) in rows {
            assert_eq!(&parse_chat(input), wanted, "{input:?}");
        }
        assert!(parse_chat("@abc").unwrap_err().contains("5 to 32"));
        assert!(parse_chat("@9lives_slot").is_err());
        assert!(parse_chat("   ").is_err());
    }

    #[test]
    fn a_flag_carries_the_evidence_the_server_checks() {
        let rules = tapis_engine::builtin::rule_set().unwrap();
        let message = scan_paste(&rules, "Info 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 malam ini").remove(0);
        let chat = parse_chat("@infojudi88").unwrap();
        let id = Uuid::now_v7();
        let source = Source { kind: SourceKind::FreeText, file_sha256: None };
        let flag = flag_for(
            &message,
            &rules,
            pasted_target(chat.clone()),
            source,
            id,
            "2026-11-29T05:00:00Z".parse().unwrap(),
        );
        let evidence = flag.evidence.as_ref().unwrap();
        assert_eq!(evidence.excerpt, message.text);
        // SHA-256 of the excerpt, computed independently (`printf %s 'Info 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 malam ini' | sha256sum`).
        assert_eq!(evidence.excerpt_sha256, "d210a48e07af912303c1087331937d97417920dc71e33017ee47d1b860210ee0");
        let span = &evidence.spans[0];
        assert_eq!(&evidence.excerpt[span.start as usize..span.end as usize], "𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍");
        assert_eq!(span.rule_id, "perjudian.slot-gacor");
        assert_eq!(flag.classification.category, "perjudian");
        assert_eq!(flag.requested_action, RequestedAction::Remove);
        assert!(flag.detection.matched_automatically && flag.detection.confirmed_by_person);
        // A paste knows only its chat: no message id, link, sender or date.
        assert_eq!(flag.target, Target::Message(pasted_target(chat)));
        let Target::Message(target) = &flag.target else { unreachable!() };
        assert!(target.message_id.is_none() && target.link.is_none() && target.sender.is_none());
    }

    /// What the analyst says on confirming goes over what the rules say; a message the rules missed is flagged as
    /// they say, not as "other, low, review". Each row: the text, what was said, and the flag's category,
    /// severity and action.
    #[test]
    fn the_analyst_s_category_severity_action_and_note_go_out_with_the_flag() {
        use crate::desk::Annotation;
        use tapis_wire::Severity as Wire;
        let rules = tapis_engine::builtin::rule_set().unwrap();
        let said = |category: Option<&str>, severity, action| Annotation {
            category: category.map(Into::into),
            severity,
            action,
            note: Some("  temuan manual  ".into()),
            refiles: None,
        };
        let table = [
            ("Info SLOT GACOR malam ini", said(None, None, None), ("perjudian", Wire::High, RequestedAction::Remove)),
            ("Mampir ke lapak kami ya kak", said(None, None, None), ("lainnya", Wire::Low, RequestedAction::Review)),
            (
                "Mampir ke lapak kami ya kak",
                said(Some("perjudian"), Some(Severity::High), None),
                ("perjudian", Wire::High, RequestedAction::Remove),
            ),
            (
                "Mampir ke lapak kami ya kak",
                said(Some("perjudian"), Some(Severity::Medium), Some(RequestedAction::Restrict)),
                ("perjudian", Wire::Medium, RequestedAction::Restrict),
            ),
            (
                "Info SLOT GACOR malam ini",
                said(None, Some(Severity::Low), None),
                ("perjudian", Wire::Low, RequestedAction::Review),
            ),
        ];
        for (text, annotation, (category, severity, action)) in table {
            let message = scan_paste(&rules, text).remove(0);
            let target = pasted_target(parse_chat("@infojudi88").unwrap());
            let source = Source { kind: SourceKind::FreeText, file_sha256: None };
            let mut flag = flag_for(&message, &rules, target, source, Uuid::now_v7(), Utc::now());
            annotate(&mut flag, &annotation);
            let got = (flag.classification.category.as_str(), flag.classification.severity, flag.requested_action);
            assert_eq!(got, (category, severity, action), "{text} {annotation:?}");
            assert!(flag.classification.explanation.ends_with("\nCatatan analis: temuan manual"), "{text}");
        }
    }

    #[test]
    fn an_imported_message_is_flagged_with_its_chat_id_link_sender_date_and_hidden_link() {
        let rules = tapis_engine::builtin::rule_set().unwrap();
        let export = br#"{"name": "Info Cuan", "type": "public_channel", "id": 1500000001, "messages": [
            {"id": 9, "type": "message", "date": "2024-05-01T10:05:00", "date_unixtime": "1714532700",
             "from": "Admin Cuan", "from_id": "user42",
             "text": ["Daftar ", {"type": "text_link", "text": "di sini", "href": "https://slot-gacor.example/"}]}]}"#;
        let mut import = tapis_ingest::import(export, &tapis_ingest::Options::default()).unwrap();
        let message = import.messages.remove(0);
        let links: Vec<&str> = crate::import::hidden_links(&message).collect();
        let scanned = ScannedMessage::new(&rules, message.key.into(), message.text.clone(), &links);
        assert!(scanned.matches().is_empty() && scanned.has_matches(), "the match is behind the link");
        assert_eq!(scanned.category(&rules), Some("perjudian"));

        let mut chat = import.chats[0].clone();
        assert_eq!(imported_target(&chat, &message).link.as_deref(), Some("https://t.me/c/1500000001/9"));
        chat.set_username("@infocuan").unwrap();
        let target = imported_target(&chat, &message);
        let source = Source { kind: source_kind(import.format), file_sha256: Some("ab".repeat(32)) };
        let flag = flag_for(&scanned, &rules, target, source.clone(), Uuid::now_v7(), Utc::now());
        let Target::Message(target) = &flag.target else { panic!("a message flag: {:?}", flag.target) };
        assert_eq!(
            target.chat,
            Chat { title: Some("Info Cuan".into()), id: Some(1500000001), username: Some("infocuan".into()) }
        );
        assert_eq!((target.message_id, target.link.as_deref()), (Some(9), Some("https://t.me/infocuan/9")));
        assert_eq!(target.sender, Some(Sender { name: Some("Admin Cuan".into()), id: Some("user42".into()) }));
        assert_eq!(target.date, Some("2024-05-01T03:05:00Z".parse().unwrap()));
        assert!(!target.date_is_local);
        assert_eq!(flag.evidence.as_ref().unwrap().source, source);
        assert!(flag.classification.explanation.contains("(link https://slot-gacor.example/)"));
        assert!(flag.detection.matched_automatically);
    }

    /// A message the rules missed and the analyst confirmed by hand counts in its chat and sender, under the
    /// category they chose, and is in the timeline the dossier is made from; one left open does not count.
    #[test]
    fn messages_confirmed_by_hand_count_in_the_roll_ups() {
        let rules = tapis_engine::builtin::rule_set().unwrap();
        let export = include_bytes!("../tests/fixtures/import/promo-channel.result.json");
        let import = tapis_ingest::import(export, &tapis_ingest::Options::default()).unwrap();
        let candidate = |m: &tapis_ingest::Message| {
            let links: Vec<&str> = crate::import::hidden_links(m).collect();
            Some(ScannedMessage::new(&rules, m.key.into(), m.text.clone(), &links)).filter(|s| s.has_matches())
        };
        let scans: Vec<Option<ScannedMessage>> = import.messages.iter().map(candidate).collect();
        let by_hand = import.messages.iter().position(|m| m.id == Some(101)).unwrap();
        assert!(scans[by_hand].is_none(), "the rules find nothing in {:?}", import.messages[by_hand].text);
        let decided = |key: &MessageKey| match key.to_string().as_str() {
            "tg:1987654321:103" => Decided::Confirmed(None),
            "tg:1987654321:101" => Decided::Confirmed(Some("penipuan".into())),
            _ => Decided::Open,
        };
        let (chats, senders) = rollups(&rules, &import.chats, &import.messages, &scans, decided);
        let chat = &chats[0];
        assert_eq!((chat.open, chat.confirmed, chat.rejected), (1, 2, 0));
        assert_eq!(
            chat.by_category,
            [("perjudian".to_owned(), Severity::High, 1, 1), ("penipuan".to_owned(), Severity::Low, 0, 1)]
        );
        let confirmed = import.messages.iter().position(|m| m.id == Some(103)).unwrap();
        assert_eq!(chat.timeline, [by_hand, confirmed], "by date");
        assert_eq!(chat.rules, ["perjudian.slot-gacor"]);
        let channel = senders.iter().find(|s| s.subject == Subject::Sender("channel1987654321".into())).unwrap();
        assert_eq!((channel.open, channel.confirmed, channel.timeline.as_slice()), (0, 1, &[by_hand][..]));
    }

    #[test]
    fn chats_and_senders_roll_up_and_a_channel_is_flagged_with_its_confirmed_messages() {
        let rules = tapis_engine::builtin::rule_set().unwrap();
        let export = include_bytes!("../tests/fixtures/import/promo-channel.result.json");
        let options = tapis_ingest::Options { username: Some("infocuan_harian".into()), ..Default::default() };
        let import = tapis_ingest::import(export, &options).unwrap();
        let scans: Vec<Option<ScannedMessage>> = import
            .messages
            .iter()
            .map(|m| {
                let links: Vec<&str> = crate::import::hidden_links(m).collect();
                Some(ScannedMessage::new(&rules, m.key.into(), m.text.clone(), &links))
            })
            .collect();
        let decided = |key: &MessageKey| {
            if key.to_string() == "tg:1987654321:103" { Decided::Confirmed(None) } else { Decided::Open }
        };
        let (chats, senders) = rollups(&rules, &import.chats, &import.messages, &scans, decided);
        assert_eq!(chats.len(), 1);
        let chat = &chats[0];
        assert_eq!((chat.label.as_str(), chat.open, chat.confirmed, chat.rejected), ("Info Cuan Harian", 1, 1, 0));
        assert_eq!(chat.by_category, [("perjudian".to_owned(), Severity::High, 1, 1)]);
        assert_eq!(chat.rules, ["perjudian.slot-gacor"]);
        assert_eq!(chat.first.unwrap().to_string(), "2025-03-01T02:30:00Z");
        assert_eq!(chat.last.unwrap().to_string(), "2025-03-01T03:00:00Z");
        let confirmed_index = import.messages.iter().position(|m| m.id == Some(103)).unwrap();
        assert_eq!(chat.timeline, [confirmed_index]);
        // Both candidates come from one account; the benign messages, from the channel itself, are not counted.
        assert_eq!(senders.len(), 1);
        assert_eq!((senders[0].subject.clone(), senders[0].confirmed), (Subject::Sender("user5550001".into()), 1));

        let message = &import.messages[confirmed_index];
        let evidence = [(scans[confirmed_index].as_ref().unwrap(), imported_target(&import.chats[0], message))];
        let source = Source { kind: SourceKind::TelegramJson, file_sha256: None };
        let flag = dossier_flag(
            &rules,
            channel_target(&import.chats[0]),
            &evidence,
            &source,
            "Promosi judi setiap hari".into(),
            Uuid::now_v7(),
            Utc::now(),
        );
        let Target::Channel(channel) = &flag.target else { panic!("{:?}", flag.target) };
        assert_eq!(channel.link.as_deref(), Some("https://t.me/infocuan_harian"));
        assert!(flag.evidence.is_none());
        let dossier = flag.dossier.as_ref().unwrap();
        assert_eq!(dossier.summary, "Promosi judi setiap hari");
        assert_eq!(dossier.messages[0].link.as_deref(), Some("https://t.me/infocuan_harian/103"));
        assert_eq!(dossier.messages[0].evidence.spans.len(), 2);
        assert_eq!(
            (flag.classification.category.as_str(), flag.classification.severity),
            ("perjudian", tapis_wire::Severity::High)
        );
        assert!(dossier.campaigns.is_empty(), "no message of it is in a campaign");

        // Messages in campaigns: each carries its keys, and the dossier lists them all, most messages first.
        let mut first = scans[confirmed_index].clone().unwrap();
        first.campaigns = vec!["brand:situs88".into(), "domain:situs88.com".into()];
        let mut second = first.clone();
        second.campaigns = vec!["domain:situs88.com".into(), "telegram:@cuan".into()];
        let target = imported_target(&import.chats[0], message);
        let both = [(&first, target.clone()), (&second, target)];
        let flag = dossier_flag(
            &rules,
            channel_target(&import.chats[0]),
            &both,
            &source,
            "x".into(),
            Uuid::now_v7(),
            Utc::now(),
        );
        let dossier = flag.dossier.unwrap();
        assert_eq!(dossier.campaigns, ["domain:situs88.com", "brand:situs88", "telegram:@cuan"]);
        assert_eq!(dossier.messages[1].evidence.campaigns, ["domain:situs88.com", "telegram:@cuan"]);
    }
}
