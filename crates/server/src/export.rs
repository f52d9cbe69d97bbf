//! Exports: stored flags folded into notices a platform can act on, one per flagged message, grouped per chat,
//! as [`Export`] JSON or as CSV. Pure functions over flags; the handler fetches them.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use tapis_wire::{
    AccountTarget, Chat, ChatNotices, Evidence, EvidenceImage, EvidenceLink, Export, NewFlag, Notice, NoticeFlag,
    NoticeList, StoredFlag, Target,
};
use uuid::Uuid;

use crate::domain::ChatKey;

/// The key of the notice a flag belongs to: its target's kind and identity. Flags on one message (its id in the
/// chat, or for free text without one, the hash of its text, on which two analysts who pasted it agree), one
/// channel or one account share it, whoever filed them: `message:-100123/7`, `message:title:Kanal/sha256:…`,
/// `channel:@slotgacor88`, `account:user42`.
pub fn notice_key(flag: &StoredFlag) -> String {
    key_of(&flag.target, flag.evidence.as_ref(), flag.id)
}

/// [`notice_key`] of a flag as posted, which the store keeps in a column of its own.
pub fn notice_key_of_new(flag: &NewFlag) -> String {
    key_of(&flag.target, flag.evidence.as_ref(), flag.id)
}

fn key_of(target: &Target, evidence: Option<&Evidence>, id: Uuid) -> String {
    let key = ChatKey::of_target(target);
    let key = key.as_str();
    match target {
        Target::Message(message) => match (message.message_id, evidence) {
            (Some(message_id), _) => format!("message:{key}/{message_id}"),
            (None, Some(evidence)) => format!("message:{key}/sha256:{}", evidence.excerpt_sha256),
            (None, None) => format!("message:{key}/flag:{id}"),
        },
        Target::Channel(_) => format!("channel:{key}"),
        // The chat key of an account already starts with `account:`.
        Target::Account(_) => key.to_owned(),
    }
}

/// What a group of notices is about: the target's chat, or for an account, the account as a chat (its name as
/// title, its username).
fn group_chat(target: &Target) -> Chat {
    match (target.chat(), target) {
        (Some(chat), _) => chat.clone(),
        (None, Target::Account(AccountTarget { account, .. })) => {
            Chat { title: account.name.clone(), id: None, username: account.username.clone() }
        }
        (None, _) => Chat { title: None, id: None, username: None },
    }
}

fn new_notice(key: String, flag: &StoredFlag) -> Notice {
    Notice {
        key,
        target: flag.target.clone(),
        excerpt: flag.evidence.as_ref().map(|evidence| evidence.excerpt.clone()),
        excerpt_sha256: flag.evidence.as_ref().map(|evidence| evidence.excerpt_sha256.clone()),
        links: flag.evidence.as_ref().map(|evidence| evidence.links.clone()).unwrap_or_default(),
        images: Vec::new(),
        categories: Vec::new(),
        severity: flag.classification.severity,
        requested_action: flag.requested_action,
        notifiers: Vec::new(),
        flags: Vec::new(),
        deadline: None,
        escalation: None,
    }
}

/// Folds `flags` (in the order they were received) into notices: every flag on one message, channel or account,
/// from whatever analysts, becomes one notice listing them all, in the order of its first flag.
pub fn notice_list(flags: impl IntoIterator<Item = StoredFlag>, generated_at: DateTime<Utc>) -> NoticeList {
    let mut notices: Vec<Notice> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for flag in flags {
        let key = notice_key(&flag);
        let at = *index.entry(key.clone()).or_insert_with(|| {
            notices.push(new_notice(key, &flag));
            notices.len() - 1
        });
        add_flag(&mut notices[at], flag);
    }
    NoticeList { generated_at, notices, next_cursor: None }
}

/// [`notice_list`], grouped per chat (an account's notices form a group of their own). Chats and notices keep
/// the order of their first flag.
pub fn notices(flags: impl IntoIterator<Item = StoredFlag>, generated_at: DateTime<Utc>) -> Export {
    let mut chats: Vec<ChatNotices> = Vec::new();
    let mut chat_index: HashMap<ChatKey, usize> = HashMap::new();
    for notice in notice_list(flags, generated_at).notices {
        let chat_key = ChatKey::of_target(&notice.target);
        let chat = *chat_index.entry(chat_key.clone()).or_insert_with(|| {
            chats.push(ChatNotices {
                chat_key: chat_key.as_str().to_owned(),
                platform: notice.target.platform(),
                chat: group_chat(&notice.target),
                notices: Vec::new(),
            });
            chats.len() - 1
        });
        chats[chat].notices.push(notice);
    }
    Export { generated_at, chats, next_cursor: None }
}

fn add_flag(notice: &mut Notice, flag: StoredFlag) {
    if let Err(position) = notice.categories.binary_search(&flag.classification.category) {
        notice.categories.insert(position, flag.classification.category.clone());
    }
    // The images of the earliest flag that sent any: an analyst whose app hashed no image (an older app, an
    // import without its media) does not hide what another's did.
    if notice.images.is_empty()
        && let Some(evidence) = &flag.evidence
    {
        notice.images.clone_from(&evidence.images);
    }
    notice.severity = notice.severity.max(flag.classification.severity);
    notice.requested_action = notice.requested_action.max(flag.requested_action);
    if !notice.notifiers.contains(&flag.notifier) {
        notice.notifiers.push(flag.notifier.clone());
    }
    // The most pressing deadline, and the latest escalation step.
    if let Some(deadline) = &flag.deadline
        && notice.deadline.as_ref().is_none_or(|earliest| deadline.due_at < earliest.due_at)
    {
        notice.deadline = Some(deadline.clone());
    }
    if let Some(escalation) = &flag.escalation
        && notice.escalation.as_ref().is_none_or(|latest| escalation.at > latest.at)
    {
        notice.escalation = Some(escalation.clone());
    }
    notice.flags.push(NoticeFlag {
        id: flag.id,
        notifier: flag.notifier,
        classification: flag.classification,
        requested_action: flag.requested_action,
        detection: flag.detection,
        excerpt_sha256: flag.evidence.map(|evidence| evidence.excerpt_sha256),
        dossier: flag.dossier,
        review: flag.review,
        status: flag.status,
        platform_reference: flag.platform_reference,
        status_reason: flag.status_reason,
        deadline: flag.deadline,
        escalation: flag.escalation,
    });
}

/// The columns of the CSV export, one row per notice.
pub const CSV_HEADER: [&str; 21] = [
    "chat_key",
    "platform",
    "chat_title",
    "chat_username",
    "chat_id",
    "message_id",
    "message_link",
    "message_date",
    "sender",
    "categories",
    "severity",
    "requested_action",
    "notifiers",
    "flag_ids",
    "excerpt_sha256",
    "excerpt",
    "kind",
    "notice_key",
    "summary",
    "links",
    "images",
];

/// The CSV form (RFC 4180, CRLF line ends) of an export, one row per notice; lists inside a cell are joined
/// with `; `. The analysts' explanations are not in it: a spreadsheet is for triage, the JSON for the record.
pub fn to_csv(export: &Export) -> String {
    let mut csv = String::new();
    push_row(&mut csv, CSV_HEADER.iter().map(|cell| cell.to_string()));
    for chat in &export.chats {
        for notice in &chat.notices {
            let (message_id, link, date, sender) = match &notice.target {
                Target::Message(message) => (
                    message.message_id.map(|id| id.to_string()),
                    message.link.clone(),
                    message.date.map(|date| date.to_rfc3339_opts(SecondsFormat::Secs, true)),
                    message.sender.as_ref().and_then(|sender| sender.name.clone()),
                ),
                Target::Channel(channel) => (None, channel.link.clone(), None, None),
                Target::Account(account) => (None, account.link.clone(), None, None),
            };
            let summary = notice.flags.iter().find_map(|flag| flag.dossier.as_ref()).map(|d| d.summary.as_str());
            let notifiers: Vec<String> = notice
                .notifiers
                .iter()
                .map(|n| match &n.organisation {
                    Some(organisation) => format!("{} ({organisation})", n.analyst),
                    None => n.analyst.clone(),
                })
                .collect();
            let flag_ids: Vec<String> = notice.flags.iter().map(|flag| flag.id.to_string()).collect();
            push_row(
                &mut csv,
                [
                    // Every cell goes through `text_cell` in `push_row`: the chat key of a chat known by its username
                    // is `@username`, and any text may hold a separator.
                    chat.chat_key.clone(),
                    chat.platform.as_str().to_owned(),
                    chat.chat.title.clone().unwrap_or_default(),
                    chat.chat.username.clone().unwrap_or_default(),
                    chat.chat.id.map(|id| id.to_string()).unwrap_or_default(),
                    message_id.unwrap_or_default(),
                    link.unwrap_or_default(),
                    date.unwrap_or_default(),
                    sender.unwrap_or_default(),
                    notice.categories.join("; "),
                    notice.severity.as_str().to_owned(),
                    notice.requested_action.as_str().to_owned(),
                    notifiers.join("; "),
                    flag_ids.join("; "),
                    notice.excerpt_sha256.clone().unwrap_or_default(),
                    notice.excerpt.clone().unwrap_or_default(),
                    notice.target.kind().to_owned(),
                    notice.key.clone(),
                    summary.map(str::to_owned).unwrap_or_default(),
                    notice.links.iter().map(link_cell).collect::<Vec<_>>().join("; "),
                    notice.images.iter().map(image_cell).collect::<Vec<_>>().join("; "),
                ],
            );
        }
    }
    csv
}

/// A link in the `links` cell: its value, and its status when it has one, e.g. `situs88.com (blocked:
/// trustpositif-judi)`, `gacor77.net (new)`, `@adminslot`.
fn link_cell(link: &EvidenceLink) -> String {
    match (link.status, &link.list) {
        (Some(status), Some(list)) => format!("{} ({}: {list})", link.value, status.as_str()),
        (Some(status), None) => format!("{} ({})", link.value, status.as_str()),
        (None, _) => link.value.clone(),
    }
}

/// An image in the `images` cell: its PDQ hash, and the lists that hold it with the distance, e.g.
/// `f8f8…9b22 (judi-banner: banner slot, 12 bits)`, or the bare hash when no list holds it.
fn image_cell(image: &EvidenceImage) -> String {
    if image.matches.is_empty() {
        return image.pdq.clone();
    }
    let matches: Vec<String> = image
        .matches
        .iter()
        .map(|found| match &found.label {
            Some(label) => format!("{}: {label}, {} bits", found.list, found.distance),
            None => format!("{}, {} bits", found.list, found.distance),
        })
        .collect();
    format!("{} ({})", image.pdq, matches.join(", "))
}

/// Characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Where a spreadsheet may start a new cell: Excel in a `;`-separated locale (id-ID among them) splits a
/// double-clicked CSV on `;` whatever the quoting, others on `,` or tabs, and a broken quote turns a line end into
/// a row end.
const CELL_SEPARATORS: [char; 5] = [';', ',', '\t', '\n', '\r'];

/// Text from Telegram is written by whoever runs the channel, so no cell may start a formula however a
/// spreadsheet splits it: a `'` (which spreadsheets hide) goes before each `= + - @ tab CR` that starts the text or
/// follows a separator (after any spaces or quotes). Whole integers (ids, `-100…`) stay numbers. The JSON export
/// keeps every text exactly.
fn text_cell(text: &str) -> String {
    let integer = text.strip_prefix('-').unwrap_or(text);
    if !integer.is_empty() && integer.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_owned();
    }
    let mut cell = String::with_capacity(text.len() + 2);
    let mut starts = true;
    for c in text.chars() {
        if starts && FORMULA_START.contains(&c) {
            cell.push('\'');
        }
        starts = CELL_SEPARATORS.contains(&c) || (starts && matches!(c, ' ' | '"'));
        cell.push(c);
    }
    cell
}

pub(crate) fn push_row(csv: &mut String, cells: impl IntoIterator<Item = String>) {
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            csv.push(',');
        }
        let cell = text_cell(&cell);
        if cell.contains([',', '"', '\n', '\r']) {
            csv.push('"');
            csv.push_str(&cell.replace('"', "\"\""));
            csv.push('"');
        } else {
            csv.push_str(&cell);
        }
    }
    csv.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tapis_wire::{
        Chat, Classification, Detection, Evidence, FlagStatus, MessageTarget, Notifier, Platform, RequestedAction,
        Severity, Source, SourceKind,
    };

    fn flag(n: u8, chat: Chat, message_id: Option<i64>, analyst: &str, severity: Severity) -> StoredFlag {
        let time: DateTime<Utc> = "2026-11-29T05:00:00Z".parse().unwrap();
        StoredFlag {
            id: format!("01936f6e-7c3a-7def-8a12-0000000000{n:02}").parse().unwrap(),
            notifier: Notifier { organisation: Some("Komdigi".into()), analyst: analyst.into() },
            target: Target::Message(MessageTarget {
                platform: Platform::Telegram,
                chat,
                message_id,
                link: None,
                sender: None,
                date: None,
                date_is_local: false,
            }),
            evidence: Some(Evidence {
                excerpt: "=HYPERLINK(\"x\") slot, gacor".into(),
                excerpt_sha256: "a".repeat(64),
                source: Source { kind: SourceKind::FreeText, file_sha256: None },
                spans: vec![],
                links: Vec::new(),
                campaigns: Vec::new(),
                images: Vec::new(),
            }),
            dossier: None,
            classification: Classification {
                category: if n.is_multiple_of(2) { "perjudian" } else { "penipuan" }.into(),
                severity,
                explanation: "x".into(),
            },
            requested_action: if n == 2 { RequestedAction::Remove } else { RequestedAction::Review },
            detection: Detection { matched_automatically: false, confirmed_by_person: true, confirmed_at: time },
            status: FlagStatus::Approved,
            status_changed_at: time,
            review: None,
            platform_reference: None,
            status_reason: None,
            received_at: time,
            deadline: None,
            escalation: None,
        }
    }

    fn chat(id: Option<i64>, title: &str) -> Chat {
        Chat { title: Some(title.into()), id, username: None }
    }

    #[test]
    fn flags_on_one_message_become_one_notice_listing_every_flagger() {
        let a = chat(Some(-100), "Slot");
        let b = chat(None, "Pinjol");
        let flags = [
            flag(1, a.clone(), Some(7), "siti", Severity::Medium),
            flag(2, b.clone(), None, "budi", Severity::Low),
            flag(3, a.clone(), Some(7), "budi", Severity::High),
            flag(4, a.clone(), Some(8), "siti", Severity::Low),
            flag(5, a.clone(), Some(7), "siti", Severity::Low),
            flag(6, b.clone(), None, "siti", Severity::Low),
        ];
        let export = notices(flags, "2026-11-29T06:00:00Z".parse().unwrap());
        let keys: Vec<&str> = export.chats.iter().map(|c| c.chat_key.as_str()).collect();
        assert_eq!(keys, ["-100", "title:Pinjol"]);

        let first = &export.chats[0].notices[0];
        let ids: Vec<String> = first.flags.iter().map(|f| f.id.to_string()[34..].to_owned()).collect();
        assert_eq!(ids, ["01", "03", "05"]);
        let analysts: Vec<&str> = first.notifiers.iter().map(|n| n.analyst.as_str()).collect();
        assert_eq!(analysts, ["siti", "budi"]);
        assert_eq!(first.categories, ["penipuan"]);
        assert_eq!(first.severity, Severity::High);
        assert_eq!(export.chats[0].notices.len(), 2);

        // Free text without message ids is recognised by the hash of its text.
        let pinjol = &export.chats[1].notices;
        assert_eq!(pinjol.len(), 1);
        assert_eq!(pinjol[0].categories, ["perjudian"]);
        assert_eq!(pinjol[0].requested_action, RequestedAction::Remove);
        assert_eq!(first.key, "message:-100/7");
        assert_eq!(pinjol[0].key, format!("message:title:Pinjol/sha256:{}", "a".repeat(64)));
    }

    #[test]
    fn csv_quotes_cells_and_defuses_formulas() {
        let export = notices([flag(1, chat(Some(-100), "Slot, \"88\""), Some(7), "siti", Severity::High)], Utc::now());
        let csv = to_csv(&export);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER.join(","));
        assert_eq!(
            lines[1],
            "-100,telegram,\"Slot, \"\"88\"\"\",,-100,7,,,,penipuan,high,review,siti (Komdigi),\
             01936f6e-7c3a-7def-8a12-000000000001,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,\
             \"'=HYPERLINK(\"\"x\"\") slot, gacor\",message,message:-100/7,,,"
        );
        assert_eq!(lines[2], "");
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn a_notice_carries_its_first_flag_s_links_and_the_csv_lists_them_with_their_status() {
        use tapis_wire::{LinkKind, LinkStatus};
        let link = |kind, value: &str, status, list: Option<&str>| EvidenceLink {
            kind,
            value: value.into(),
            start: 0,
            end: 1,
            domain: None,
            status,
            list: list.map(Into::into),
        };
        let links = vec![
            link(LinkKind::Domain, "situs88.com", Some(LinkStatus::Blocked), Some("trustpositif-judi")),
            link(LinkKind::Url, "https://gacor77.net/daftar", Some(LinkStatus::New), None),
            link(LinkKind::Mention, "@adminslot", None, None),
        ];
        let mut first = flag(1, chat(Some(-100), "Slot"), Some(7), "siti", Severity::High);
        first.evidence.as_mut().unwrap().links = links.clone();
        let second = flag(3, chat(Some(-100), "Slot"), Some(7), "budi", Severity::High);
        let export = notices([first, second], Utc::now());
        assert_eq!(export.chats[0].notices[0].links, links);
        let csv = to_csv(&export);
        let row = csv.split("\r\n").nth(1).unwrap();
        assert!(
            row.ends_with(",situs88.com (blocked: trustpositif-judi); https://gacor77.net/daftar (new); '@adminslot,"),
            "{row}"
        );
    }

    #[test]
    fn formulas_are_defused_after_every_separator() {
        let rows = [
            ("promo;=HYPERLINK(1);x", "promo;'=HYPERLINK(1);x"),
            ("a, +1; -2\t@3", "a, '+1; '-2\t'@3"),
            ("@name", "'@name"),
            ("-1001234567890", "-1001234567890"),
            ("-12a", "'-12a"),
            ("x; \"=1", "x; \"'=1"),
            ("slot, gacor", "slot, gacor"),
            ("line\n=1", "line\n'=1"),
            ("", ""),
        ];
        for (text, cell) in rows {
            assert_eq!(text_cell(text), cell, "{text:?}");
            assert_eq!(text_cell(cell), cell, "defusing twice changes nothing: {cell:?}");
        }
    }

    #[test]
    fn a_notice_carries_the_images_of_its_earliest_flag_with_any_and_the_csv_lists_their_matches() {
        use tapis_wire::ImageMatch;
        let image = |pdq: char, matches: Vec<ImageMatch>| EvidenceImage {
            pdq: pdq.to_string().repeat(64),
            quality: 90,
            path: Some("photos/photo_1@01-01-2024_10-00-00.jpg".into()),
            matches,
        };
        let listed = ImageMatch {
            list: "judi-banner".into(),
            label: Some("banner slot".into()),
            source: None,
            category: Some("perjudian".into()),
            distance: 12,
        };
        let without = flag(1, chat(Some(-100), "Slot"), Some(7), "siti", Severity::High);
        let mut second = flag(3, chat(Some(-100), "Slot"), Some(7), "budi", Severity::High);
        let images = vec![image('a', vec![listed.clone(), ImageMatch { label: None, ..listed }]), image('b', vec![])];
        second.evidence.as_mut().unwrap().images = images.clone();
        let mut third = flag(5, chat(Some(-100), "Slot"), Some(7), "ani", Severity::High);
        third.evidence.as_mut().unwrap().images = vec![image('c', vec![])];
        let export = notices([without, second, third], Utc::now());
        assert_eq!(export.chats[0].notices[0].images, images);
        let csv = to_csv(&export);
        let row = csv.split("\r\n").nth(1).unwrap();
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        assert!(
            row.ends_with(&format!(",\"{a} (judi-banner: banner slot, 12 bits, judi-banner, 12 bits); {b}\"")),
            "{row}"
        );
    }
}
