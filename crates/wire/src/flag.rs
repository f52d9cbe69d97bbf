//! The flag: what an analyst posts ([`NewFlag`]) and what the server holds and answers ([`StoredFlag`]).
//!
//! Shaped like a notice under Art. 16 of the EU Digital Services Act, which trusted-flagger programmes follow: who
//! notifies ([`Notifier`]), exactly where the content is ([`Target`]), the evidence, why it is illegal or harmful
//! ([`Classification`]), what the platform is asked to do ([`RequestedAction`]) and whether automated means were
//! used ([`Detection`]). Serde only: the rules a flag must meet beyond its shape are the server's.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A flag as the browser app posts it to `POST /api/v1/flags`.
///
/// The client cannot set what the server owns (status, notifier, times of receipt): those fields do not exist here,
/// and unknown fields are refused. The `id` is made once, in the browser, when the analyst confirms; every retry
/// reuses it, which is what makes posting idempotent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewFlag {
    /// Client-generated UUID (v7).
    pub id: Uuid,
    /// Optional claim of who notifies. The server takes the notifier from the bearer token; a claim that differs
    /// from it is refused (`403 notifier_mismatch`), so a client posting under the wrong account finds out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifier: Option<Notifier>,
    /// What is flagged: a message, a channel or an account.
    pub target: Target,
    /// For a message flag (required there, absent otherwise): what the analyst saw, and which rules matched it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// For a channel or account flag (required there, absent otherwise): the confirmed messages that prove it,
    /// and the analyst's summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<Dossier>,
    /// What kind of content it is, how serious, and why, in the analyst's words.
    pub classification: Classification,
    /// What the platform is asked to do.
    pub requested_action: RequestedAction,
    /// How the content was found and confirmed.
    pub detection: Detection,
}

/// Who sends a notice: the trusted-flagger organisation and the analyst who confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notifier {
    /// The organisation, e.g. `Komdigi`; absent when the token was created without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The analyst, as registered with their token.
    pub analyst: String,
}

/// What a flag points at, tagged by `kind`: one message (whose evidence is its text), or a whole channel or
/// account (whose evidence is a [`Dossier`] of confirmed messages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// One message in a chat.
    Message(MessageTarget),
    /// A whole channel (or group).
    Channel(ChannelTarget),
    /// A whole account (a user or bot).
    Account(AccountTarget),
}

impl Target {
    /// The `kind` as it appears on the wire.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Message(_) => "message",
            Target::Channel(_) => "channel",
            Target::Account(_) => "account",
        }
    }

    /// The platform the target lives on.
    pub fn platform(&self) -> Platform {
        match self {
            Target::Message(message) => message.platform,
            Target::Channel(channel) => channel.platform,
            Target::Account(account) => account.platform,
        }
    }

    /// The chat the target is in (a message) or is (a channel); an account has none.
    pub fn chat(&self) -> Option<&Chat> {
        match self {
            Target::Message(message) => Some(&message.chat),
            Target::Channel(channel) => Some(&channel.chat),
            Target::Account(_) => None,
        }
    }

    /// Whether the flag's evidence is a [`Dossier`] (channels and accounts) rather than one excerpt (messages).
    pub fn takes_dossier(&self) -> bool {
        !matches!(self, Target::Message(_))
    }
}

/// A whole channel or group: who runs it is asked to be dealt with, not one message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelTarget {
    /// The platform.
    pub platform: Platform,
    /// The channel: at least one of its title, id and username.
    pub chat: Chat,
    /// A link to the channel, e.g. `https://t.me/slotgacor88`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A whole account (a user or a bot).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountTarget {
    /// The platform.
    pub platform: Platform,
    /// The account: at least one of its name, id and username.
    pub account: Account,
    /// A link to the account, e.g. `https://t.me/admingacor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// An account, known by at least one of its name, id and username.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The display name (the account's "title").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The platform's id as the source writes it (Telegram exports: e.g. `user123456`), as a sender's id is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The public username, without `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// One message: where it was posted and how the platform can find it. Free text lacks most coordinates, so only
/// the chat is required, and of the chat only something that identifies it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageTarget {
    /// The platform.
    pub platform: Platform,
    /// The chat (channel, group) the message was posted in.
    pub chat: Chat,
    /// The message's id within its chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<i64>,
    /// A link to the message, e.g. `https://t.me/slotgacor88/1234`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Who posted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Sender>,
    /// When it was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateTime<Utc>>,
    /// True when the source gave only a wall-clock time of unknown offset (old JSON exports, copied text): `date`
    /// is then that time read as if it were UTC, and may be off by the exporter's time zone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_is_local: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// A platform flags are sent to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Telegram.
    Telegram,
}

impl Platform {
    /// The name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Telegram => "telegram",
        }
    }
}

/// A chat (channel or group), known by at least one of its title, id and username.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chat {
    /// The title as shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The platform's numeric id as the source writes it (Telegram exports: e.g. `1712691810`), if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The public username, without `@`, when the chat has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// Who posted a message, known by at least one of its name and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The display name (absent for a deleted account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The platform's id for the sender (Telegram exports: e.g. `user123456`, `channel1234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// What the analyst saw, and the rule matches in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The message's text, exactly as the analyst saw it.
    pub excerpt: String,
    /// SHA-256 of `excerpt` (its UTF-8 bytes), 64 lowercase hex digits; the server checks it.
    pub excerpt_sha256: String,
    /// Where the text came from.
    pub source: Source,
    /// The rule matches, as byte ranges of `excerpt`. Empty when the analyst found the content without a rule.
    pub spans: Vec<EvidenceSpan>,
    /// The links, handles and numbers found in `excerpt`, each with where it stands against the analyst's
    /// blocklists. Absent in flags from before links were sent, and when none was found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<EvidenceLink>,
    /// The campaigns the message is in (issue 14): the keys it shares with other messages of its import, written
    /// `kind:value` (`brand:pulauwin`, `domain:situs88.com`, `telegram:@name`, `phone:+628…`, `template:3f2a…`), so
    /// that a platform sees one operation, not a thousand messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<String>,
    /// The message's images (its photo, or the thumbnail of its video, animation or sticker; issue 21), each by
    /// its PDQ hash, never the image itself, so that a platform can match its own copy; with the analyst's hash
    /// lists that hold it. Absent in flags from before images were sent, and when the message has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<EvidenceImage>,
}

/// One image of the message, by its PDQ hash (Meta's perceptual hash, as hash lists of industry hash-sharing
/// write it), with the hash lists that hold it or a near copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceImage {
    /// The 256-bit PDQ hash, 64 lowercase hex digits.
    pub pdq: String,
    /// PDQ's quality of the hash, 0 to 100: below 50, the image has too little detail for the hash to be relied
    /// on.
    pub quality: u8,
    /// The file the hash was computed from, as the export writes it (relative to the export's folder, `/`
    /// between folders: `photos/photo_12@01-11-2026_10-00-00.jpg`), for the analyst to find it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The hashes of the analyst's lists within the match threshold of this one, nearest first. Empty when no
    /// list holds it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<ImageMatch>,
}

/// A listed hash near an [`EvidenceImage`]'s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageMatch {
    /// The name the analyst gave the hash list.
    pub list: String,
    /// The label the list gives the hash (what the image is), when it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the list says the hash comes from, when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The category of the list (or the one the analyst gave it), a slug like a flag's, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// How many of the 256 bits differ between the two hashes (0 for the same image).
    pub distance: u32,
}

/// One link, handle or number found in the excerpt (the engine's `links::extract`, with the dodges undone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceLink {
    /// What it is.
    pub kind: LinkKind,
    /// Its normalised form: the URL with the dodges undone, the domain, `@name`, `+62…`, `bca:…`.
    pub value: String,
    /// Start, in UTF-8 bytes, into the excerpt.
    pub start: u32,
    /// End (exclusive), in UTF-8 bytes, into the excerpt.
    pub end: u32,
    /// The domain asked of the blocklists (ASCII, IDN labels in Punycode), for URLs, domains and links to
    /// Telegram or WhatsApp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Where the domain stands against the analyst's blocklists; absent for handles and numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<LinkStatus>,
    /// The blocklist that holds the domain (or a parent), when `status` is `blocked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
}

/// What a [`EvidenceLink`] is: the engine's `LinkKind`, by the same names as `tapis scan` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// A URL with a scheme, `www.` or a path.
    Url,
    /// A bare domain.
    Domain,
    /// A Telegram username from a `t.me` link: the value is `@name`.
    Telegram,
    /// A Telegram invite link: the value is the link.
    TelegramInvite,
    /// An `@mention`: the value is `@name`.
    Mention,
    /// A WhatsApp chat link: the value is the number, `+62…`.
    #[serde(rename = "whatsapp")]
    WhatsApp,
    /// A WhatsApp group invite: the value is the link.
    #[serde(rename = "whatsapp-group")]
    WhatsAppGroup,
    /// An Indonesian mobile number, `+628…`.
    Phone,
    /// A bank account number next to a bank's name: `bca:1234567890`.
    BankAccount,
    /// An e-wallet number next to a wallet's name: `dana:+628…`.
    #[serde(rename = "e-wallet")]
    EWallet,
}

impl LinkKind {
    /// Its name on the wire: `url`, `telegram-invite`, `e-wallet`…
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Url => "url",
            LinkKind::Domain => "domain",
            LinkKind::Telegram => "telegram",
            LinkKind::TelegramInvite => "telegram-invite",
            LinkKind::Mention => "mention",
            LinkKind::WhatsApp => "whatsapp",
            LinkKind::WhatsAppGroup => "whatsapp-group",
            LinkKind::Phone => "phone",
            LinkKind::BankAccount => "bank-account",
            LinkKind::EWallet => "e-wallet",
        }
    }
}

/// Where a link's domain stands against the blocklists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// The domain, or a parent, is on a list (`list` names it).
    Blocked,
    /// A link shortener no list blocks: where it leads is not known.
    Shortener,
    /// On no list: a domain for the blocking team.
    New,
}

impl LinkStatus {
    /// Its name on the wire: `blocked`, `shortener`, `new`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blocked => "blocked",
            Self::Shortener => "shortener",
            Self::New => "new",
        }
    }
}

/// The evidence of a channel or account flag: the messages the analyst confirmed, and their summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    /// The analyst's summary: what the channel or account does, in their words.
    pub summary: String,
    /// The confirmed messages that prove it, at least one.
    pub messages: Vec<DossierMessage>,
    /// The campaigns found in it: every campaign key its messages carry, each once, most messages first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<String>,
}

/// One confirmed message of a [`Dossier`]: where it is, and its evidence as a message flag would carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierMessage {
    /// The chat it was posted in, when it is not the flagged channel itself (e.g. an account's messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<Chat>,
    /// The message's id within its chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<i64>,
    /// A link to the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// When it was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateTime<Utc>>,
    /// The text, its hash, its source and the rule matches, as for a message flag.
    pub evidence: Evidence,
}

/// The input the excerpt was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What kind of input.
    pub kind: SourceKind,
    /// SHA-256 of the whole input file, 64 lowercase hex digits, when there was a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_sha256: Option<String>,
}

/// Kinds of input the app reads: the formats `tapis-ingest` detects, by the same names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A Telegram Desktop export in JSON (`result.json`).
    TelegramJson,
    /// A Telegram Desktop export in HTML (`messages.html`).
    TelegramHtml,
    /// Messages copied out of Telegram Desktop (a `Name, [date time]` line before each).
    CopiedText,
    /// Any other text, e.g. pasted from elsewhere.
    FreeText,
}

/// One rule match inside the excerpt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSpan {
    /// The rule that matched, e.g. `perjudian.slot-gacor`.
    pub rule_id: String,
    /// The pack the rule is from, e.g. `tapis-perjudian`.
    pub pack_id: String,
    /// That pack's version, e.g. `2026.11.1`.
    pub pack_version: String,
    /// Start, in UTF-8 bytes, into the excerpt.
    pub start: u32,
    /// End (exclusive), in UTF-8 bytes, into the excerpt.
    pub end: u32,
}

/// What kind of content it is, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    /// The category the analyst confirmed, a slug from the rule packs (e.g. `perjudian`, `terorisme`).
    pub category: String,
    /// How serious.
    pub severity: Severity,
    /// The analyst's own explanation of why the content is illegal or harmful.
    pub explanation: String,
}

/// How serious a flag is. Ordered: `Low < Medium < High < Critical`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Likely negative content.
    Medium,
    /// Negative content that should be acted on.
    High,
    /// Must be acted on at once (e.g. incitement to violence).
    Critical,
}

impl Severity {
    /// The name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What the platform is asked to do. Ordered by strength: `Review < Restrict < Remove`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestedAction {
    /// Look at it and decide.
    Review,
    /// Restrict access (e.g. in Indonesia only, or behind an age gate).
    Restrict,
    /// Take it down.
    Remove,
}

impl RequestedAction {
    /// The name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestedAction::Review => "review",
            RequestedAction::Restrict => "restrict",
            RequestedAction::Remove => "remove",
        }
    }
}

/// How the content was found: the DSA asks notices to say whether automated means were used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    /// Whether a rule matched it automatically (then the evidence has spans).
    pub matched_automatically: bool,
    /// Whether a person confirmed it. Tapis only sends confirmed flags, so the server requires `true`.
    pub confirmed_by_person: bool,
    /// When the analyst confirmed.
    pub confirmed_at: DateTime<Utc>,
}

/// Where a flag is in its life. Only the server sets it: `pending_review` on receipt; a reviewer (not the flag's
/// analyst) approves it (`approved`: ready for the platform) or returns it (`returned`, with a reason; final: the
/// analyst files a corrected flag under a new id); then the platform's answers through
/// `PATCH /api/v1/flags/{id}/status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagStatus {
    /// Stored, waiting for a second analyst's review; the platform does not see it.
    PendingReview,
    /// A reviewer sent it back to its analyst, with a reason. Final.
    Returned,
    /// A reviewer approved it: ready for the platform, not yet answered by it.
    Approved,
    /// The platform has received it and is looking at it.
    Acknowledged,
    /// The platform acted on it.
    Actioned,
    /// The platform declined to act.
    Rejected,
}

impl FlagStatus {
    /// Every status, in life order.
    pub const ALL: [FlagStatus; 6] = [
        FlagStatus::PendingReview,
        FlagStatus::Returned,
        FlagStatus::Approved,
        FlagStatus::Acknowledged,
        FlagStatus::Actioned,
        FlagStatus::Rejected,
    ];

    /// The name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagStatus::PendingReview => "pending_review",
            FlagStatus::Returned => "returned",
            FlagStatus::Approved => "approved",
            FlagStatus::Acknowledged => "acknowledged",
            FlagStatus::Actioned => "actioned",
            FlagStatus::Rejected => "rejected",
        }
    }

    /// Parses the wire name.
    pub fn from_name(name: &str) -> Option<FlagStatus> {
        FlagStatus::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Whether the platform may see a flag in this status: once approved, never before.
    pub fn is_approved(self) -> bool {
        matches!(self, FlagStatus::Approved | FlagStatus::Acknowledged | FlagStatus::Actioned | FlagStatus::Rejected)
    }

    /// Whether a flag in this status may move to `next`: pending_review → approved | returned (a reviewer);
    /// approved → acknowledged → actioned | rejected, and approved → actioned | rejected directly (the platform).
    /// Returned, actioned and rejected are final.
    pub fn can_become(self, next: FlagStatus) -> bool {
        use FlagStatus::*;
        matches!(
            (self, next),
            (PendingReview, Approved | Returned)
                | (Approved, Acknowledged | Actioned | Rejected)
                | (Acknowledged, Actioned | Rejected)
        )
    }
}

/// A trusted flagger's role, given with their token (`tapis token create --role …`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Confirms and flags content; sees every flag and its review and outcome. The default.
    Analyst,
    /// An analyst who also reviews other analysts' flags (never their own).
    Reviewer,
    /// The platform's side: reads approved notices and records the platform's outcomes; creates no flags and
    /// never sees a flag before it is approved.
    Liaison,
    /// Every right of the others (still never reviewing their own flag).
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Analyst, Role::Reviewer, Role::Liaison, Role::Admin];

    /// The name used on the wire, in the database and by `--role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Reviewer => "reviewer",
            Role::Liaison => "liaison",
            Role::Admin => "admin",
        }
    }

    /// Parses the wire name.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }
}

/// A reviewer's decision on a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Ready for the platform.
    Approve,
    /// Back to the analyst, with a reason.
    Return,
}

impl Decision {
    /// The name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Return => "return",
        }
    }

    /// The status the decision gives a flag.
    pub fn status(self) -> FlagStatus {
        match self {
            Decision::Approve => FlagStatus::Approved,
            Decision::Return => FlagStatus::Returned,
        }
    }
}

/// The body of `POST /api/v1/flags/{id}/review`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// Approve or return.
    pub decision: Decision,
    /// Why; required when returning (the analyst sees it), optional when approving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A flag's review, once a reviewer decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Approved or returned.
    pub decision: Decision,
    /// The reviewer.
    pub reviewer: Notifier,
    /// When they decided.
    pub at: DateTime<Utc>,
    /// Their reason (always there for a return).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A flag as the server holds it: the posted flag, the notifier from the token, and the server-owned status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFlag {
    /// The client-generated id.
    pub id: Uuid,
    /// Who notified: taken from the bearer token the flag was posted with.
    pub notifier: Notifier,
    /// As posted.
    pub target: Target,
    /// As posted (message flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// As posted (channel and account flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<Dossier>,
    /// As posted.
    pub classification: Classification,
    /// As posted.
    pub requested_action: RequestedAction,
    /// As posted.
    pub detection: Detection,
    /// Where the flag is in its life.
    pub status: FlagStatus,
    /// When the status last changed (the time of receipt while `pending_review`).
    pub status_changed_at: DateTime<Utc>,
    /// The second analyst's decision, once made: with the reason a returned flag was returned for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The platform's own reference for the flag (its ticket id), once it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_reference: Option<String>,
    /// The platform's reason for its latest status (required for `rejected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// When the server first stored the flag.
    pub received_at: DateTime<Utc>,
    /// The platform's deadline, from the notice's sending (its approval) to the platform's outcome; absent before
    /// approval (and on flags approved before deadlines existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// Where the escalation of an unmet notice stands; absent until it is first escalated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationState>,
}

/// A notice's takedown deadline: the clock starts when the notice is sent to the platform (its approval) and
/// stops at the platform's outcome (`actioned` or `rejected`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// When the clock started: the approval.
    pub started_at: DateTime<Utc>,
    /// When the platform's outcome is due.
    pub due_at: DateTime<Utc>,
    /// When the clock stopped: the platform's outcome, once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<DateTime<Utc>>,
    /// Seconds from the answer's time (or from the outcome, once stopped) to `due_at`; negative once past it.
    pub seconds_left: i64,
    /// Whether the outcome came after `due_at`, or has not come and `due_at` is past.
    pub overdue: bool,
}

/// The steps by which an unmet notice is escalated (SAMAN's warning letters), and their end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Escalation {
    /// The first warning letter (ST1): only for an overdue notice.
    #[serde(rename = "warning_1")]
    Warning1,
    /// The second warning letter (ST2).
    #[serde(rename = "warning_2")]
    Warning2,
    /// Access restriction requested (ST3).
    RestrictionRequested,
    /// The platform disputes the escalation, with its reason.
    Disputed,
    /// Settled. Final.
    Resolved,
}

impl Escalation {
    /// Every step, in order.
    pub const ALL: [Escalation; 5] = [
        Escalation::Warning1,
        Escalation::Warning2,
        Escalation::RestrictionRequested,
        Escalation::Disputed,
        Escalation::Resolved,
    ];

    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Escalation::Warning1 => "warning_1",
            Escalation::Warning2 => "warning_2",
            Escalation::RestrictionRequested => "restriction_requested",
            Escalation::Disputed => "disputed",
            Escalation::Resolved => "resolved",
        }
    }

    /// Parses the wire name.
    pub fn from_name(name: &str) -> Option<Escalation> {
        Escalation::ALL.into_iter().find(|step| step.as_str() == name)
    }

    /// Whether a notice at `from` (`None`: never escalated) may move to `next`: warning 1 → warning 2 →
    /// restriction requested, each of which the platform may dispute; a dispute is settled (resolved) or refused
    /// (the next warning or the restriction); any step may be resolved. Resolved is final.
    pub fn can_follow(from: Option<Escalation>, next: Escalation) -> bool {
        use Escalation::*;
        matches!(
            (from, next),
            (None, Warning1)
                | (Some(Warning1), Warning2 | Disputed | Resolved)
                | (Some(Warning2), RestrictionRequested | Disputed | Resolved)
                | (Some(RestrictionRequested), Disputed | Resolved)
                | (Some(Disputed), Warning2 | RestrictionRequested | Resolved)
        )
    }
}

/// A notice's escalation as it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationState {
    /// The latest step.
    pub step: Escalation,
    /// When it was taken.
    pub at: DateTime<Utc>,
    /// Its reason (always there for a dispute: the platform's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl StoredFlag {
    /// The flag as it was posted, without what the server added. Posting it again is a retry (answered `200`).
    pub fn to_new_flag(&self) -> NewFlag {
        NewFlag {
            id: self.id,
            notifier: None,
            target: self.target.clone(),
            evidence: self.evidence.clone(),
            dossier: self.dossier.clone(),
            classification: self.classification.clone(),
            requested_action: self.requested_action,
            detection: self.detection.clone(),
        }
    }
}

/// The body of `PATCH /api/v1/flags/{id}/status` (and of `POST /api/v1/notices/outcome`, with the notice's key):
/// the platform's acknowledgement or outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The new status: `acknowledged`, `actioned` or `rejected`.
    pub status: FlagStatus,
    /// The platform's reference for the flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_reference: Option<String>,
    /// Why; required when rejecting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
