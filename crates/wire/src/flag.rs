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
    /// What is flagged: a message, and later a channel or an account.
    pub target: Target,
    /// What the analyst saw, and which rules matched it.
    pub evidence: Evidence,
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

/// What a flag points at. Tagged by `kind` so new kinds (`channel`, `account`) can be added without changing the
/// shape of existing ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// One message in a chat.
    Message(MessageTarget),
}

impl Target {
    /// The `kind` as it appears on the wire.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Message(_) => "message",
        }
    }

    /// The platform the target lives on.
    pub fn platform(&self) -> Platform {
        match self {
            Target::Message(message) => message.platform,
        }
    }

    /// The chat the target is in (or is).
    pub fn chat(&self) -> &Chat {
        match self {
            Target::Message(message) => &message.chat,
        }
    }
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

/// Where a flag is in its life. Only the server sets it: `submitted` on receipt, then the platform's answers
/// through `PATCH /api/v1/flags/{id}/status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagStatus {
    /// Stored, not yet answered by the platform.
    Submitted,
    /// The platform has received it and is looking at it.
    Acknowledged,
    /// The platform acted on it.
    Actioned,
    /// The platform declined to act.
    Rejected,
}

impl FlagStatus {
    /// Every status, in life order.
    pub const ALL: [FlagStatus; 4] =
        [FlagStatus::Submitted, FlagStatus::Acknowledged, FlagStatus::Actioned, FlagStatus::Rejected];

    /// The name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagStatus::Submitted => "submitted",
            FlagStatus::Acknowledged => "acknowledged",
            FlagStatus::Actioned => "actioned",
            FlagStatus::Rejected => "rejected",
        }
    }

    /// Parses the wire name.
    pub fn from_name(name: &str) -> Option<FlagStatus> {
        FlagStatus::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Whether a flag in this status may move to `next`: submitted → acknowledged → actioned | rejected, and
    /// submitted → actioned | rejected directly. Actioned and rejected are final.
    pub fn can_become(self, next: FlagStatus) -> bool {
        use FlagStatus::*;
        matches!((self, next), (Submitted, Acknowledged | Actioned | Rejected) | (Acknowledged, Actioned | Rejected))
    }
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
    /// As posted.
    pub evidence: Evidence,
    /// As posted.
    pub classification: Classification,
    /// As posted.
    pub requested_action: RequestedAction,
    /// As posted.
    pub detection: Detection,
    /// Where the flag is in its life.
    pub status: FlagStatus,
    /// When the status last changed (the time of receipt while `submitted`).
    pub status_changed_at: DateTime<Utc>,
    /// The platform's own reference for the flag (its ticket id), once it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_reference: Option<String>,
    /// The platform's reason for the latest status (required for `rejected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// When the server first stored the flag.
    pub received_at: DateTime<Utc>,
}

impl StoredFlag {
    /// The flag as it was posted, without what the server added. Posting it again is a retry (answered `200`).
    pub fn to_new_flag(&self) -> NewFlag {
        NewFlag {
            id: self.id,
            notifier: None,
            target: self.target.clone(),
            evidence: self.evidence.clone(),
            classification: self.classification.clone(),
            requested_action: self.requested_action,
            detection: self.detection.clone(),
        }
    }
}

/// The body of `PATCH /api/v1/flags/{id}/status`: the platform's acknowledgement or outcome.
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
