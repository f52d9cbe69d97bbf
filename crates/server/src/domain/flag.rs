//! A posted flag checked against every rule the wire types cannot express: [`ValidFlag`].

use chrono::{DateTime, TimeDelta, Utc};
use tapis_wire::{
    Account, AccountTarget, ChannelTarget, Chat, Dossier, Evidence, EvidenceImage, LinkKind, LinkStatus, MessageTarget,
    NewFlag, Notifier, Platform, Sender, Target,
};
use uuid::Uuid;

use super::{FieldError, check_line, check_text, sha256_hex};

/// The longest excerpt accepted, in UTF-8 bytes. A Telegram message is at most 4096 characters (16 KiB); this
/// leaves room for long pastes and only stops abuse.
pub const MAX_EXCERPT_BYTES: usize = 64 * 1024;

/// The most spans one flag (or one message of a dossier) may carry.
pub const MAX_SPANS: usize = 1000;

/// The most links, handles and numbers one excerpt may carry.
pub const MAX_LINKS: usize = 500;

/// The most campaign keys one excerpt, or one dossier, may carry.
pub const MAX_CAMPAIGNS: usize = 100;

/// The longest link value (a URL, a domain, a handle, a number), in characters.
const MAX_LINK_CHARS: usize = 2048;

/// The longest blocklist name, in characters.
const MAX_LIST_CHARS: usize = 64;

/// The most images one excerpt (one message) may carry: a Telegram message has one photo, an album ten.
pub const MAX_IMAGES: usize = 64;

/// The most hash-list matches one image may carry.
pub const MAX_IMAGE_MATCHES: usize = 32;

/// The longest path of an image in the export, in bytes (as `tapis_ingest` keeps them).
const MAX_IMAGE_PATH_BYTES: usize = tapis_ingest::MAX_PATH_BYTES;

/// The most bits two PDQ hashes can differ by.
const MAX_PDQ_DISTANCE: u32 = 256;

/// The most messages one dossier may carry; the body limit (4 MiB) bounds their text.
pub const MAX_DOSSIER_MESSAGES: usize = 500;

const MAX_CATEGORY_LEN: usize = 64;
const MAX_NAME_CHARS: usize = 256;
const MAX_EXPLANATION_CHARS: usize = 4000;
const MAX_LINK_BYTES: usize = 2048;

/// How far in the future a confirmation time may be: clocks of analysts' machines drift, days do not.
const MAX_CLOCK_SKEW: TimeDelta = TimeDelta::days(1);

/// The identity of a chat, used to filter flags and to group them into notices: the chat's numeric id, else
/// `@` and its username in lowercase, else `title:` and its title.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChatKey(String);

impl ChatKey {
    /// The key of `chat`: the most stable of its identifiers it has.
    pub fn of(chat: &Chat) -> Self {
        match (&chat.id, &chat.username) {
            (Some(id), _) => Self(id.to_string()),
            (None, Some(username)) => Self(format!("@{}", username.to_ascii_lowercase())),
            // A valid flag's chat has at least one of the three.
            (None, None) => Self(format!("title:{}", chat.title.as_deref().unwrap_or_default())),
        }
    }

    /// The key of what a flag's target is in or is: its chat for a message or a channel; for an account, `account:`
    /// and its id, else `account:@` and its username in lowercase, else `account:name:` and its name.
    pub fn of_target(target: &Target) -> Self {
        match target {
            Target::Message(MessageTarget { chat, .. }) | Target::Channel(ChannelTarget { chat, .. }) => Self::of(chat),
            Target::Account(AccountTarget { account, .. }) => match (&account.id, &account.username) {
                (Some(id), _) => Self(format!("account:{id}")),
                (None, Some(username)) => Self(format!("account:@{}", username.to_ascii_lowercase())),
                (None, None) => Self(format!("account:name:{}", account.name.as_deref().unwrap_or_default())),
            },
        }
    }

    /// A key given by a client (the `chat` query parameter), taken as is: it only ever compares.
    pub fn from_param(key: String) -> Self {
        Self(key)
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A flag known to meet every rule: bounded texts, an excerpt whose SHA-256 is the one given, spans that are
/// real ranges of the excerpt on character boundaries, a slug category, a person's confirmation, and a target
/// a platform can find. Only [`ValidFlag::parse`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFlag {
    /// The flag as it will be stored: without the notifier claim, which the token replaces.
    flag: NewFlag,
    claimed: Option<Notifier>,
    chat_key: ChatKey,
}

impl ValidFlag {
    /// Checks `flag`, answering the first rule it breaks. `now` bounds the confirmation time.
    pub fn parse(mut flag: NewFlag, now: DateTime<Utc>) -> Result<Self, FieldError> {
        let claimed = flag.notifier.take();
        if let Some(claim) = &claimed {
            check_line("notifier.analyst", &claim.analyst, MAX_NAME_CHARS)?;
            if let Some(organisation) = &claim.organisation {
                check_line("notifier.organisation", organisation, MAX_NAME_CHARS)?;
            }
        }
        let automatic = match (&flag.target, &flag.evidence, &flag.dossier) {
            (Target::Message(message), Some(evidence), None) => {
                check_message_target(message)?;
                check_evidence("evidence", evidence)?;
                matched_automatically(evidence)
            }
            (Target::Message(_), None, _) => {
                return Err(FieldError::new("evidence", "a message flag needs evidence: the message's excerpt"));
            }
            (Target::Message(_), Some(_), Some(_)) => {
                return Err(FieldError::new(
                    "dossier",
                    "a message flag has evidence, not a dossier: dossiers are for channel and account flags",
                ));
            }
            (target, None, Some(dossier)) => {
                match target {
                    Target::Channel(channel) => check_channel_target(channel)?,
                    Target::Account(account) => check_account_target(account)?,
                    Target::Message(_) => unreachable!("matched above"),
                }
                check_dossier(target.platform(), dossier)?
            }
            (target, Some(_), _) => {
                return Err(FieldError::new(
                    "evidence",
                    format!(
                        "a {} flag has a dossier (the confirmed messages and a summary), not evidence",
                        target.kind()
                    ),
                ));
            }
            (target, None, None) => {
                return Err(FieldError::new(
                    "dossier",
                    format!("a {} flag needs a dossier: the confirmed messages and a summary", target.kind()),
                ));
            }
        };
        check_category(&flag.classification.category)?;
        check_text("classification.explanation", &flag.classification.explanation, MAX_EXPLANATION_CHARS)?;

        let detection = &flag.detection;
        if !detection.confirmed_by_person {
            return Err(FieldError::new(
                "detection.confirmed_by_person",
                "only flags a person confirmed are accepted: confirmed_by_person must be true",
            ));
        }
        if detection.matched_automatically != automatic {
            return Err(FieldError::new(
                "detection.matched_automatically",
                if detection.matched_automatically {
                    "matched_automatically is true but the evidence has no spans and no image on a hash list: an \
                     automatic match has one or the other"
                } else {
                    "matched_automatically is false but the evidence has spans or an image on a hash list: they come \
                     from automatic matches"
                },
            ));
        }
        if detection.confirmed_at > now + MAX_CLOCK_SKEW {
            return Err(FieldError::new(
                "detection.confirmed_at",
                format!("confirmed_at ({}) is more than a day in the future", detection.confirmed_at.to_rfc3339()),
            ));
        }
        let chat_key = ChatKey::of_target(&flag.target);
        Ok(Self { flag, claimed, chat_key })
    }

    /// The flag's id.
    pub fn id(&self) -> Uuid {
        self.flag.id
    }

    /// The flag as it is stored: `notifier` is always `None`.
    pub fn flag(&self) -> &NewFlag {
        &self.flag
    }

    /// The notifier the client claimed, if it did.
    pub fn claimed_notifier(&self) -> Option<&Notifier> {
        self.claimed.as_ref()
    }

    /// The key of the flag's chat (or account: see [`ChatKey::of_target`]).
    pub fn chat_key(&self) -> &ChatKey {
        &self.chat_key
    }
}

fn check_chat(field: &str, chat: &Chat) -> Result<(), FieldError> {
    if chat.title.is_none() && chat.id.is_none() && chat.username.is_none() {
        return Err(FieldError::new(field, "the chat needs at least one of title, id and username"));
    }
    if let Some(title) = &chat.title {
        check_line(&format!("{field}.title"), title, MAX_NAME_CHARS)?;
    }
    if let Some(username) = &chat.username {
        check_username(&format!("{field}.username"), username)?;
    }
    Ok(())
}

fn check_message_id(field: &str, message_id: Option<i64>) -> Result<(), FieldError> {
    match message_id {
        Some(id) if id <= 0 => Err(FieldError::new(field, format!("message_id ({id}) must be positive"))),
        _ => Ok(()),
    }
}

fn check_message_target(message: &MessageTarget) -> Result<(), FieldError> {
    let MessageTarget { platform, chat, message_id, link, sender, date, date_is_local } = message;
    check_chat("target.chat", chat)?;
    check_message_id("target.message_id", *message_id)?;
    if let Some(link) = link {
        check_link("target.link", *platform, link)?;
    }
    if let Some(Sender { name, id }) = sender {
        if name.is_none() && id.is_none() {
            return Err(FieldError::new(
                "target.sender",
                "a sender needs a name or an id; leave sender out if neither",
            ));
        }
        if let Some(name) = name {
            check_line("target.sender.name", name, MAX_NAME_CHARS)?;
        }
        if let Some(id) = id {
            check_line("target.sender.id", id, MAX_NAME_CHARS)?;
        }
    }
    if *date_is_local && date.is_none() {
        return Err(FieldError::new("target.date_is_local", "date_is_local is true but there is no date"));
    }
    Ok(())
}

fn check_channel_target(channel: &ChannelTarget) -> Result<(), FieldError> {
    check_chat("target.chat", &channel.chat)?;
    if let Some(link) = &channel.link {
        check_link("target.link", channel.platform, link)?;
    }
    Ok(())
}

fn check_account_target(target: &AccountTarget) -> Result<(), FieldError> {
    let Account { name, id, username } = &target.account;
    if name.is_none() && id.is_none() && username.is_none() {
        return Err(FieldError::new("target.account", "the account needs at least one of name, id and username"));
    }
    if let Some(name) = name {
        check_line("target.account.name", name, MAX_NAME_CHARS)?;
    }
    if let Some(id) = id {
        check_line("target.account.id", id, MAX_NAME_CHARS)?;
    }
    if let Some(username) = username {
        check_username("target.account.username", username)?;
    }
    if let Some(link) = &target.link {
        check_link("target.link", target.platform, link)?;
    }
    Ok(())
}

/// A dossier's summary and messages; answers whether any message was matched automatically (has spans).
fn check_dossier(platform: Platform, dossier: &Dossier) -> Result<bool, FieldError> {
    check_text("dossier.summary", &dossier.summary, MAX_EXPLANATION_CHARS)?;
    if dossier.messages.is_empty() {
        return Err(FieldError::new("dossier.messages", "a dossier needs at least one confirmed message as evidence"));
    }
    if dossier.messages.len() > MAX_DOSSIER_MESSAGES {
        return Err(FieldError::new(
            "dossier.messages",
            format!("{} messages; at most {MAX_DOSSIER_MESSAGES} are accepted", dossier.messages.len()),
        ));
    }
    let mut automatic = false;
    for (index, message) in dossier.messages.iter().enumerate() {
        let field = |name: &str| format!("dossier.messages[{index}].{name}");
        if let Some(chat) = &message.chat {
            check_chat(&field("chat"), chat)?;
        }
        check_message_id(&field("message_id"), message.message_id)?;
        if let Some(link) = &message.link {
            check_link(&field("link"), platform, link)?;
        }
        check_evidence(&field("evidence"), &message.evidence)?;
        automatic |= matched_automatically(&message.evidence);
    }
    check_campaigns("dossier.campaigns", &dossier.campaigns)?;
    Ok(automatic)
}

/// Telegram usernames: 5 to 32 of `A-Z a-z 0-9 _`, starting with a letter, written without the `@` (the rule
/// `tapis-ingest` applies to what the analyst types).
fn check_username(field: &str, username: &str) -> Result<(), FieldError> {
    let bytes = username.as_bytes();
    let well_formed = (5..=32).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_');
    if well_formed {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!(
                "username {username:?} is not a Telegram username: 5 to 32 letters, digits or '_', starting with a \
                 letter, without '@'"
            ),
        ))
    }
}

fn check_link(field: &str, platform: Platform, link: &str) -> Result<(), FieldError> {
    let prefix = match platform {
        Platform::Telegram => "https://t.me/",
    };
    let well_formed = link.len() > prefix.len()
        && link.len() <= MAX_LINK_BYTES
        && link.starts_with(prefix)
        && !link.chars().any(|c| c.is_whitespace() || c.is_control());
    if well_formed {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("link must be a {} link starting with {prefix}, at most {MAX_LINK_BYTES} bytes", platform.as_str()),
        ))
    }
}

/// Whether the rules matched the message automatically: a rule's span, or its image on one of the analyst's hash
/// lists.
fn matched_automatically(evidence: &Evidence) -> bool {
    !evidence.spans.is_empty() || evidence.images.iter().any(|image| !image.matches.is_empty())
}

fn check_evidence(prefix: &str, evidence: &Evidence) -> Result<(), FieldError> {
    let excerpt = &evidence.excerpt;
    // A photo posted without a caption is evidence by its hash alone.
    if excerpt.is_empty() && evidence.images.is_empty() {
        return Err(FieldError::new(
            format!("{prefix}.excerpt"),
            "excerpt must not be empty (unless images are given)",
        ));
    }
    if excerpt.len() > MAX_EXCERPT_BYTES {
        return Err(FieldError::new(
            format!("{prefix}.excerpt"),
            format!("excerpt is {} bytes long; at most {MAX_EXCERPT_BYTES} are accepted", excerpt.len()),
        ));
    }
    check_sha256(&format!("{prefix}.excerpt_sha256"), &evidence.excerpt_sha256)?;
    let actual = sha256_hex(excerpt.as_bytes());
    if evidence.excerpt_sha256 != actual {
        return Err(FieldError::new(
            format!("{prefix}.excerpt_sha256"),
            format!("excerpt_sha256 does not match the excerpt, whose SHA-256 (of its UTF-8 bytes) is {actual}"),
        ));
    }
    if let Some(file_sha256) = &evidence.source.file_sha256 {
        check_sha256(&format!("{prefix}.source.file_sha256"), file_sha256)?;
    }
    if evidence.spans.len() > MAX_SPANS {
        return Err(FieldError::new(
            format!("{prefix}.spans"),
            format!("{} spans; at most {MAX_SPANS} are accepted", evidence.spans.len()),
        ));
    }
    for (index, span) in evidence.spans.iter().enumerate() {
        let field = |name: &str| format!("{prefix}.spans[{index}].{name}");
        check_line(&field("rule_id"), &span.rule_id, MAX_NAME_CHARS)?;
        check_line(&field("pack_id"), &span.pack_id, MAX_NAME_CHARS)?;
        check_line(&field("pack_version"), &span.pack_version, MAX_NAME_CHARS)?;
        check_range(excerpt, span.start, span.end, field)?;
    }
    check_links(prefix, evidence)?;
    check_campaigns(&format!("{prefix}.campaigns"), &evidence.campaigns)?;
    check_images(&format!("{prefix}.images"), &evidence.images)
}

/// The message's images (issue 21): at most [`MAX_IMAGES`], each a PDQ hash of 64 lowercase hex digits (upper
/// case is refused, not folded, as for the SHA-256s: one hash, one spelling), a quality of at most 100, a path
/// relative to the export's folder as `tapis_ingest::safe_relative_path` writes it, and at most
/// [`MAX_IMAGE_MATCHES`] matches, each naming its list (one line, at most 64 characters), at most 256 bits away,
/// its label and source one line each, its category a slug.
fn check_images(prefix: &str, images: &[EvidenceImage]) -> Result<(), FieldError> {
    if images.len() > MAX_IMAGES {
        return Err(FieldError::new(prefix, format!("{} images; at most {MAX_IMAGES} are accepted", images.len())));
    }
    for (index, image) in images.iter().enumerate() {
        let field = |name: &str| format!("{prefix}[{index}].{name}");
        if image.pdq.len() != 64 || !image.pdq.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(FieldError::new(field("pdq"), "pdq must be a PDQ hash as 64 lowercase hex digits"));
        }
        if image.quality > 100 {
            return Err(FieldError::new(
                field("quality"),
                format!("quality is {}; PDQ's quality is 0 to 100", image.quality),
            ));
        }
        if let Some(path) = &image.path {
            check_line(&field("path"), path, MAX_IMAGE_PATH_BYTES)?;
            if tapis_ingest::safe_relative_path(path).as_deref() != Some(path.as_str()) {
                return Err(FieldError::new(
                    field("path"),
                    format!(
                        "path {path:?} is not a plain path inside the export: relative, `/` between folders, \
                         without `..`, `.`, empty parts, backslashes or a drive"
                    ),
                ));
            }
        }
        if image.matches.len() > MAX_IMAGE_MATCHES {
            return Err(FieldError::new(
                field("matches"),
                format!("{} matches; at most {MAX_IMAGE_MATCHES} are accepted", image.matches.len()),
            ));
        }
        for (at, found) in image.matches.iter().enumerate() {
            let field = |name: &str| format!("{prefix}[{index}].matches[{at}].{name}");
            check_line(&field("list"), &found.list, MAX_LIST_CHARS)?;
            if let Some(label) = &found.label {
                check_line(&field("label"), label, MAX_NAME_CHARS)?;
            }
            if let Some(source) = &found.source {
                check_line(&field("source"), source, MAX_NAME_CHARS)?;
            }
            if let Some(category) = &found.category
                && !is_slug(category)
            {
                return Err(FieldError::new(
                    field("category"),
                    format!("category {category:?} is not a slug, as a flag's category is"),
                ));
            }
            if found.distance > MAX_PDQ_DISTANCE {
                return Err(FieldError::new(
                    field("distance"),
                    format!("distance is {}; two PDQ hashes differ by at most 256 bits", found.distance),
                ));
            }
        }
    }
    Ok(())
}

/// Campaign keys (issue 14): at most [`MAX_CAMPAIGNS`], each `kind:value` with a known kind, the value on one
/// line, at most [`MAX_LINK_CHARS`] characters.
fn check_campaigns(field: &str, keys: &[String]) -> Result<(), FieldError> {
    if keys.len() > MAX_CAMPAIGNS {
        return Err(FieldError::new(field, format!("{} campaigns; at most {MAX_CAMPAIGNS} are accepted", keys.len())));
    }
    for (index, key) in keys.iter().enumerate() {
        let field = format!("{field}[{index}]");
        match tapis_engine::campaign::CampaignKey::parse(key) {
            Some(key) => check_line(&field, &key.value, MAX_LINK_CHARS)?,
            None => {
                return Err(FieldError::new(
                    field,
                    format!(
                        "{key:?} is no campaign key: brand:, domain:, telegram:, phone: or template:, then its value"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A span of the excerpt: not empty, inside it, on character boundaries.
fn check_range(excerpt: &str, start: u32, end: u32, field: impl Fn(&str) -> String) -> Result<(), FieldError> {
    let (start, end, len) = (start as usize, end as usize, excerpt.len());
    if end > len {
        return Err(FieldError::new(field("end"), format!("end ({end}) is past the end of the excerpt ({len} bytes)")));
    }
    if start >= end {
        return Err(FieldError::new(
            field("end"),
            format!("end ({end}) must be greater than start ({start}): a span is never empty"),
        ));
    }
    for (name, offset) in [("start", start), ("end", end)] {
        if !excerpt.is_char_boundary(offset) {
            return Err(FieldError::new(
                field(name),
                format!("{name} ({offset}) falls inside a multi-byte character of the excerpt"),
            ));
        }
    }
    Ok(())
}

/// The links, handles and numbers found in the excerpt: each where it is in it, its value one line, a domain
/// and a status only for the kinds that have a domain (URLs, domains, Telegram and WhatsApp links), and the
/// blocklist named exactly when it is blocked.
fn check_links(prefix: &str, evidence: &Evidence) -> Result<(), FieldError> {
    if evidence.links.len() > MAX_LINKS {
        return Err(FieldError::new(
            format!("{prefix}.links"),
            format!("{} links; at most {MAX_LINKS} are accepted", evidence.links.len()),
        ));
    }
    for (index, link) in evidence.links.iter().enumerate() {
        let field = |name: &str| format!("{prefix}.links[{index}].{name}");
        check_line(&field("value"), &link.value, MAX_LINK_CHARS)?;
        check_range(&evidence.excerpt, link.start, link.end, field)?;
        let has_domain = matches!(
            link.kind,
            LinkKind::Url
                | LinkKind::Domain
                | LinkKind::Telegram
                | LinkKind::TelegramInvite
                | LinkKind::WhatsApp
                | LinkKind::WhatsAppGroup
        );
        let kind = link.kind.as_str();
        for (name, given) in [("domain", link.domain.is_some()), ("status", link.status.is_some())] {
            if given && !has_domain {
                return Err(FieldError::new(field(name), format!("a {kind} has no domain, so no {name}")));
            }
        }
        if let Some(domain) = &link.domain {
            let well_formed = domain.len() <= 253
                && domain.contains('.')
                && domain.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_'));
            if !well_formed {
                return Err(FieldError::new(
                    field("domain"),
                    format!("domain {domain:?} is not a lowercase ASCII domain name (IDN labels in Punycode)"),
                ));
            }
        }
        match (link.status, &link.list) {
            (Some(LinkStatus::Blocked), Some(list)) => check_line(&field("list"), list, MAX_LIST_CHARS)?,
            (Some(LinkStatus::Blocked), None) => {
                return Err(FieldError::new(field("list"), "a blocked link names the blocklist that holds it"));
            }
            (_, Some(_)) => {
                return Err(FieldError::new(field("list"), "only a blocked link names a blocklist"));
            }
            (_, None) => {}
        }
    }
    Ok(())
}

fn check_sha256(field: &str, hex: &str) -> Result<(), FieldError> {
    if hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(FieldError::new(field, format!("{field} must be a SHA-256 as 64 lowercase hex digits")))
    }
}

/// `^[a-z][a-z0-9_-]{0,63}$`, spelled out: a regex engine for one pattern is not worth its build time.
fn is_slug(text: &str) -> bool {
    let bytes = text.as_bytes();
    matches!(bytes.first(), Some(b'a'..=b'z'))
        && bytes.len() <= MAX_CATEGORY_LEN
        && bytes.iter().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}

/// A flag's category must be a slug (see [`is_slug`]).
fn check_category(category: &str) -> Result<(), FieldError> {
    if is_slug(category) {
        Ok(())
    } else {
        Err(FieldError::new(
            "classification.category",
            format!(
                "category {category:?} is not a slug: it must start with a lowercase letter and hold only \
                 lowercase letters, digits, '_' and '-', at most {MAX_CATEGORY_LEN} characters"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tapis_wire::{
        Classification, Detection, EvidenceSpan, ImageMatch, RequestedAction, Severity, Source, SourceKind,
    };

    fn now() -> DateTime<Utc> {
        "2026-11-29T06:00:00Z".parse().unwrap()
    }

    fn flag(excerpt: &str, spans: &[(u32, u32)]) -> NewFlag {
        NewFlag {
            id: "01936f6e-7c3a-7def-8a12-3456789abcde".parse().unwrap(),
            notifier: None,
            target: Target::Message(MessageTarget {
                platform: Platform::Telegram,
                chat: Chat { title: Some("Slot Gacor 88".into()), id: None, username: Some("slotgacor88".into()) },
                message_id: Some(7),
                link: Some("https://t.me/slotgacor88/7".into()),
                sender: None,
                date: None,
                date_is_local: false,
            }),
            evidence: Some(Evidence {
                excerpt: excerpt.into(),
                excerpt_sha256: sha256_hex(excerpt.as_bytes()),
                source: Source { kind: SourceKind::FreeText, file_sha256: None },
                spans: spans
                    .iter()
                    .map(|&(start, end)| EvidenceSpan {
                        rule_id: "judi.slot".into(),
                        pack_id: "tapis-default".into(),
                        pack_version: "1".into(),
                        start,
                        end,
                    })
                    .collect(),
                links: Vec::new(),
                campaigns: Vec::new(),
                images: Vec::new(),
            }),
            dossier: None,
            classification: Classification {
                category: "perjudian".into(),
                severity: Severity::High,
                explanation: "Promosi situs judi".into(),
            },
            requested_action: RequestedAction::Remove,
            detection: Detection {
                matched_automatically: !spans.is_empty(),
                confirmed_by_person: true,
                confirmed_at: "2026-11-29T05:00:00Z".parse().unwrap(),
            },
        }
    }

    fn field_of(flag: NewFlag) -> String {
        ValidFlag::parse(flag, now()).unwrap_err().field
    }

    fn message(flag: &mut NewFlag) -> &mut MessageTarget {
        let Target::Message(message) = &mut flag.target else { panic!("a message flag") };
        message
    }

    fn evidence(flag: &mut NewFlag) -> &mut Evidence {
        flag.evidence.as_mut().unwrap()
    }

    /// `flag(…)` made a channel flag: its evidence becomes the dossier's one message.
    fn channel_flag(excerpt: &str, spans: &[(u32, u32)]) -> NewFlag {
        let mut flag = flag(excerpt, spans);
        let evidence = flag.evidence.take().unwrap();
        let chat = message(&mut flag).chat.clone();
        flag.target = Target::Channel(ChannelTarget {
            platform: Platform::Telegram,
            chat,
            link: Some("https://t.me/slotgacor88".into()),
        });
        flag.dossier = Some(Dossier {
            summary: "Kanal ini setiap hari mempromosikan situs judi.".into(),
            messages: vec![tapis_wire::DossierMessage {
                chat: None,
                message_id: Some(7),
                link: Some("https://t.me/slotgacor88/7".into()),
                date: None,
                evidence,
            }],
            campaigns: Vec::new(),
        });
        flag
    }

    /// Each row: what is wrong with the one image of a flag, and the field named.
    #[test]
    fn images_are_hashes_with_bounded_matches() {
        let good = EvidenceImage {
            pdq: "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22".into(),
            quality: 100,
            path: Some("photos/photo_12@01-11-2026_10-00-00.jpg".into()),
            matches: vec![ImageMatch {
                list: "judi-banner".into(),
                label: Some("banner slot".into()),
                source: Some("NCMEC-like feed".into()),
                category: Some("perjudian".into()),
                distance: 256,
            }],
        };
        let mut ok = flag("Main di situs88.com", &[]);
        evidence(&mut ok).images = vec![good.clone(); MAX_IMAGES];
        // An image on a hash list is an automatic match, without a span.
        assert_eq!(ValidFlag::parse(ok.clone(), now()).unwrap_err().field, "detection.matched_automatically");
        ok.detection.matched_automatically = true;
        assert!(ValidFlag::parse(ok, now()).is_ok());
        let with_match = |found: ImageMatch| EvidenceImage { matches: vec![found], ..good.clone() };
        let rows: Vec<(EvidenceImage, &str)> = vec![
            (EvidenceImage { pdq: good.pdq.to_uppercase(), ..good.clone() }, "evidence.images[0].pdq"),
            (EvidenceImage { pdq: good.pdq[..62].into(), ..good.clone() }, "evidence.images[0].pdq"),
            (EvidenceImage { pdq: format!("{}zz", &good.pdq[..62]), ..good.clone() }, "evidence.images[0].pdq"),
            (EvidenceImage { quality: 101, ..good.clone() }, "evidence.images[0].quality"),
            (EvidenceImage { path: Some("../rahasia.jpg".into()), ..good.clone() }, "evidence.images[0].path"),
            (EvidenceImage { path: Some("/etc/passwd".into()), ..good.clone() }, "evidence.images[0].path"),
            (EvidenceImage { path: Some("photos\\a.jpg".into()), ..good.clone() }, "evidence.images[0].path"),
            (EvidenceImage { path: Some("a\nb".into()), ..good.clone() }, "evidence.images[0].path"),
            (EvidenceImage { path: Some("x".repeat(2000)), ..good.clone() }, "evidence.images[0].path"),
            (
                EvidenceImage { matches: vec![good.matches[0].clone(); MAX_IMAGE_MATCHES + 1], ..good.clone() },
                "evidence.images[0].matches",
            ),
            (
                with_match(ImageMatch { distance: 257, ..good.matches[0].clone() }),
                "evidence.images[0].matches[0].distance",
            ),
            (
                with_match(ImageMatch { list: String::new(), ..good.matches[0].clone() }),
                "evidence.images[0].matches[0].list",
            ),
            (
                with_match(ImageMatch { list: "l".repeat(65), ..good.matches[0].clone() }),
                "evidence.images[0].matches[0].list",
            ),
            (
                with_match(ImageMatch { label: Some("a\nb".into()), ..good.matches[0].clone() }),
                "evidence.images[0].matches[0].label",
            ),
            (
                with_match(ImageMatch { source: Some("s".repeat(300)), ..good.matches[0].clone() }),
                "evidence.images[0].matches[0].source",
            ),
            (
                with_match(ImageMatch { category: Some("Judi Online".into()), ..good.matches[0].clone() }),
                "evidence.images[0].matches[0].category",
            ),
        ];
        for (image, wanted) in rows {
            let mut bad = flag("Main di situs88.com", &[]);
            evidence(&mut bad).images = vec![image.clone()];
            assert_eq!(field_of(bad), wanted, "{image:?}");
        }
        let mut too_many = flag("Main di situs88.com", &[]);
        evidence(&mut too_many).images = vec![good; MAX_IMAGES + 1];
        assert_eq!(field_of(too_many), "evidence.images");
    }

    /// Each row: what is wrong with the one link of "Main di situs88.com", and the field named.
    #[test]
    fn a_link_must_sit_in_the_excerpt_and_say_its_status_as_its_kind_allows() {
        use tapis_wire::EvidenceLink;
        let excerpt = "Main di situs88.com 😀";
        let good = EvidenceLink {
            kind: LinkKind::Domain,
            value: "situs88.com".into(),
            start: 8,
            end: 19,
            domain: Some("situs88.com".into()),
            status: Some(LinkStatus::Blocked),
            list: Some("trustpositif-judi".into()),
        };
        let with = |link: EvidenceLink| {
            let mut flag = flag(excerpt, &[(8, 19)]);
            flag.evidence.as_mut().unwrap().links = vec![link];
            flag
        };
        assert!(ValidFlag::parse(with(good.clone()), now()).is_ok());
        let handle = EvidenceLink { kind: LinkKind::Mention, domain: None, status: None, list: None, ..good.clone() };
        assert!(ValidFlag::parse(with(handle.clone()), now()).is_ok(), "a handle has no status");
        let new = EvidenceLink { status: Some(LinkStatus::New), list: None, ..good.clone() };
        assert!(ValidFlag::parse(with(new.clone()), now()).is_ok());
        let table: Vec<(EvidenceLink, &str)> = vec![
            (EvidenceLink { value: " ".into(), ..good.clone() }, "evidence.links[0].value"),
            (EvidenceLink { value: "a\nb".into(), ..good.clone() }, "evidence.links[0].value"),
            (EvidenceLink { end: 99, ..good.clone() }, "evidence.links[0].end"),
            (EvidenceLink { start: 19, ..good.clone() }, "evidence.links[0].end"),
            (EvidenceLink { start: 20, end: 22, ..good.clone() }, "evidence.links[0].end"),
            (EvidenceLink { domain: Some("Situs88.COM".into()), ..good.clone() }, "evidence.links[0].domain"),
            (EvidenceLink { domain: Some("localhost".into()), ..good.clone() }, "evidence.links[0].domain"),
            (EvidenceLink { list: None, ..good.clone() }, "evidence.links[0].list"),
            (EvidenceLink { list: Some("judi".into()), ..new }, "evidence.links[0].list"),
            (EvidenceLink { status: Some(LinkStatus::New), ..handle.clone() }, "evidence.links[0].status"),
            (EvidenceLink { domain: Some("situs88.com".into()), ..handle }, "evidence.links[0].domain"),
        ];
        for (link, field) in table {
            assert_eq!(field_of(with(link.clone())), field, "{link:?}");
        }
        let mut many = flag(excerpt, &[]);
        many.detection.matched_automatically = false;
        many.evidence.as_mut().unwrap().links = vec![good; MAX_LINKS + 1];
        assert_eq!(field_of(many), "evidence.links");
    }

    /// A flag names its campaigns by their keys; anything else there is refused, naming the field.
    #[test]
    fn campaign_keys_are_checked_in_evidence_and_dossiers() {
        let excerpt = "Main di situs88.com";
        let with = |keys: &[&str]| {
            let mut flag = flag(excerpt, &[]);
            flag.detection.matched_automatically = false;
            flag.evidence.as_mut().unwrap().campaigns = keys.iter().map(|k| (*k).to_owned()).collect();
            flag
        };
        let good = [
            "brand:situs88",
            "domain:situs88.com",
            "telegram:@situs88",
            "phone:+6281234567890",
            "template:3f2a3f2a3f2a3f2a",
        ];
        assert!(ValidFlag::parse(with(&good), now()).is_ok());
        for bad in ["situs88", "url:situs88.com", "brand:", "brand:a\nb"] {
            assert_eq!(field_of(with(&["brand:ok", bad])), "evidence.campaigns[1]", "{bad:?}");
        }
        assert_eq!(field_of(with(&vec!["brand:x"; MAX_CAMPAIGNS + 1])), "evidence.campaigns");
        let mut channel = channel_flag("Situs slot gacor", &[(6, 10)]);
        channel.dossier.as_mut().unwrap().campaigns = vec!["brand:situs88".into()];
        assert!(ValidFlag::parse(channel.clone(), now()).is_ok());
        channel.dossier.as_mut().unwrap().campaigns = vec!["merek:situs88".into()];
        assert_eq!(field_of(channel), "dossier.campaigns[0]");
    }

    #[test]
    fn channel_and_account_flags_need_a_findable_target_and_a_dossier() {
        let good = channel_flag("Situs slot gacor", &[(6, 10)]);
        assert_eq!(ValidFlag::parse(good.clone(), now()).unwrap().chat_key().as_str(), "@slotgacor88");
        let mut account = good.clone();
        account.target = Target::Account(AccountTarget {
            platform: Platform::Telegram,
            account: Account { name: Some("Admin Gacor".into()), id: Some("user42".into()), username: None },
            link: None,
        });
        assert_eq!(ValidFlag::parse(account.clone(), now()).unwrap().chat_key().as_str(), "account:user42");

        let mut nobody = account.clone();
        let Target::Account(target) = &mut nobody.target else { unreachable!() };
        target.account = Account { name: None, id: None, username: None };
        assert_eq!(field_of(nobody), "target.account");
        let mut bad_username = account;
        let Target::Account(target) = &mut bad_username.target else { unreachable!() };
        target.account.username = Some("@x".into());
        assert_eq!(field_of(bad_username), "target.account.username");

        let mut no_dossier = good.clone();
        no_dossier.dossier = None;
        assert_eq!(field_of(no_dossier), "dossier");
        let mut both = good.clone();
        both.evidence = flag("abc", &[]).evidence;
        assert_eq!(field_of(both), "evidence");
        let mut empty = good.clone();
        empty.dossier.as_mut().unwrap().messages.clear();
        assert_eq!(field_of(empty), "dossier.messages");
        let mut no_summary = good.clone();
        no_summary.dossier.as_mut().unwrap().summary = " ".into();
        assert_eq!(field_of(no_summary), "dossier.summary");
        let mut bad_hash = good.clone();
        bad_hash.dossier.as_mut().unwrap().messages[0].evidence.excerpt_sha256 = sha256_hex(b"x");
        assert_eq!(field_of(bad_hash), "dossier.messages[0].evidence.excerpt_sha256");
        let mut bad_span = good.clone();
        bad_span.dossier.as_mut().unwrap().messages[0].evidence.spans[0].end = 99;
        assert_eq!(field_of(bad_span), "dossier.messages[0].evidence.spans[0].end");
        let mut bad_link = good.clone();
        bad_link.dossier.as_mut().unwrap().messages[0].link = Some("http://x".into());
        assert_eq!(field_of(bad_link), "dossier.messages[0].link");
        let mut manual = good;
        manual.detection.matched_automatically = false;
        assert_eq!(field_of(manual), "detection.matched_automatically");

        let mut message_with_dossier = flag("abc", &[]);
        message_with_dossier.dossier = channel_flag("abc", &[]).dossier;
        assert_eq!(field_of(message_with_dossier), "dossier");
        let mut message_without_evidence = flag("abc", &[]);
        message_without_evidence.evidence = None;
        assert_eq!(field_of(message_without_evidence), "evidence");
    }

    #[test]
    fn a_good_flag_passes_and_the_claim_is_set_aside() {
        let mut good = flag("Situs slot gacor", &[(6, 10), (11, 16)]);
        assert_eq!(ValidFlag::parse(good.clone(), now()).unwrap().flag(), &good);
        let claim = Notifier { organisation: None, analyst: "siti".into() };
        good.notifier = Some(claim.clone());
        let valid = ValidFlag::parse(good, now()).unwrap();
        assert_eq!(valid.claimed_notifier(), Some(&claim));
        assert_eq!(valid.flag().notifier, None);
        assert_eq!(valid.chat_key().as_str(), "@slotgacor88");
    }

    #[test]
    fn the_excerpt_hash_must_be_the_excerpts() {
        let mut wrong = flag("abc", &[]);
        evidence(&mut wrong).excerpt_sha256 = sha256_hex(b"abd");
        let error = ValidFlag::parse(wrong, now()).unwrap_err();
        assert_eq!(error.field, "evidence.excerpt_sha256");
        assert!(error.message.contains(&sha256_hex(b"abc")), "{}", error.message);

        let mut upper = flag("abc", &[]);
        evidence(&mut upper).excerpt_sha256 = evidence(&mut upper).excerpt_sha256.to_uppercase();
        assert_eq!(field_of(upper), "evidence.excerpt_sha256");
        let mut file = flag("abc", &[]);
        evidence(&mut file).source.file_sha256 = Some("1234".into());
        assert_eq!(field_of(file), "evidence.source.file_sha256");
    }

    #[test]
    fn spans_must_be_non_empty_ranges_on_character_boundaries() {
        assert_eq!(field_of(flag("abc", &[(0, 4)])), "evidence.spans[0].end");
        assert_eq!(field_of(flag("abc", &[(0, 1), (2, 2)])), "evidence.spans[1].end");
        assert_eq!(field_of(flag("abc", &[(3, 1)])), "evidence.spans[0].end");
        // "é" is two bytes: offsets 1..3 hold it, so 2 is inside it.
        assert!(ValidFlag::parse(flag("aéb", &[(1, 3)]), now()).is_ok());
        assert_eq!(field_of(flag("aéb", &[(2, 4)])), "evidence.spans[0].start");
        assert_eq!(field_of(flag("aéb", &[(0, 2)])), "evidence.spans[0].end");
        let mut unnamed = flag("abc", &[(0, 1)]);
        evidence(&mut unnamed).spans[0].pack_version = " ".into();
        assert_eq!(field_of(unnamed), "evidence.spans[0].pack_version");
    }

    #[test]
    fn detection_must_be_a_persons_and_agree_with_the_spans() {
        let mut unconfirmed = flag("abc", &[]);
        unconfirmed.detection.confirmed_by_person = false;
        assert_eq!(field_of(unconfirmed), "detection.confirmed_by_person");
        let mut claims_match = flag("abc", &[]);
        claims_match.detection.matched_automatically = true;
        assert_eq!(field_of(claims_match), "detection.matched_automatically");
        let mut denies_match = flag("abc", &[(0, 1)]);
        denies_match.detection.matched_automatically = false;
        assert_eq!(field_of(denies_match), "detection.matched_automatically");
        let mut future = flag("abc", &[]);
        future.detection.confirmed_at = now() + TimeDelta::days(2);
        assert_eq!(field_of(future), "detection.confirmed_at");
    }

    #[test]
    fn the_target_must_be_findable() {
        type Breaker = fn(&mut MessageTarget);
        let cases: [(Breaker, &str); 9] = [
            (|m| m.chat.title = Some("  ".into()), "target.chat.title"),
            (|m| m.chat = Chat { title: None, id: None, username: None }, "target.chat"),
            (|m| m.chat.username = Some("@slotgacor88".into()), "target.chat.username"),
            (|m| m.chat.username = Some("abcd".into()), "target.chat.username"),
            (|m| m.message_id = Some(0), "target.message_id"),
            (|m| m.link = Some("http://t.me/x/1".into()), "target.link"),
            (|m| m.sender = Some(Sender { name: Some("a\nb".into()), id: None }), "target.sender.name"),
            (|m| m.sender = Some(Sender { name: None, id: None }), "target.sender"),
            (|m| m.date_is_local = true, "target.date_is_local"),
        ];
        for (break_it, field) in cases {
            let mut bad = flag("abc", &[]);
            break_it(message(&mut bad));
            assert_eq!(field_of(bad), field);
        }
    }

    #[test]
    fn classification_needs_a_slug_and_an_explanation() {
        for bad in ["", "Perjudian", "1judi", "judi online", "judí", &"a".repeat(65)] {
            let mut f = flag("abc", &[]);
            f.classification.category = bad.into();
            assert_eq!(field_of(f), "classification.category", "{bad:?}");
        }
        let mut f = flag("abc", &[]);
        f.classification.explanation = "\n".into();
        assert_eq!(field_of(f), "classification.explanation");
    }

    #[test]
    fn the_excerpt_is_bounded() {
        assert_eq!(field_of(flag("", &[])), "evidence.excerpt");
        assert!(ValidFlag::parse(flag(&"x".repeat(MAX_EXCERPT_BYTES), &[]), now()).is_ok());
        assert_eq!(field_of(flag(&"x".repeat(MAX_EXCERPT_BYTES + 1), &[])), "evidence.excerpt");
    }

    #[test]
    fn a_chat_known_by_any_one_identifier_will_do() {
        let mut by_id = flag("abc", &[]);
        message(&mut by_id).chat = Chat { title: None, id: Some(1712691810), username: None };
        assert_eq!(ValidFlag::parse(by_id, now()).unwrap().chat_key().as_str(), "1712691810");
        let mut by_title = flag("abc", &[]);
        message(&mut by_title).chat = Chat { title: Some("Kanal".into()), id: None, username: None };
        assert_eq!(ValidFlag::parse(by_title, now()).unwrap().chat_key().as_str(), "title:Kanal");
    }

    #[test]
    fn chat_keys_prefer_the_most_stable_identifier() {
        let chat =
            |id, username: Option<&str>| Chat { title: Some("T".into()), id, username: username.map(Into::into) };
        assert_eq!(ChatKey::of(&chat(Some(-100), Some("Abcd"))).as_str(), "-100");
        assert_eq!(ChatKey::of(&chat(None, Some("AbcD"))).as_str(), "@abcd");
        assert_eq!(ChatKey::of(&chat(None, None)).as_str(), "title:T");
    }
}
