//! The answers of the API around flags: pages, batch results, the audit log, rule packs, exports and errors.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::flag::{
    Chat, Classification, Detection, FlagStatus, Notifier, Platform, RequestedAction, Severity, StoredFlag, Target,
};

/// The answer to `GET /api/v1/flags`: one page, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagPage {
    /// The flags of this page, in the order the server received them.
    pub flags: Vec<StoredFlag>,
    /// Pass as `cursor` (with the same filters) for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The answer to a batch `POST /api/v1/flags` (a JSON array): one result per posted item, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResults {
    /// One per item of the posted array, `results[i]` for item `i`.
    pub results: Vec<BatchResult>,
}

/// What happened to one item of a batch: the status a single post of it would have had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResult {
    /// The item's position in the posted array.
    pub index: usize,
    /// The item's id, when it had a readable one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// `201` created, `200` already stored, `409` another flag has this id, `403` notifier mismatch, `422` invalid.
    pub status: u16,
    /// The stored flag, for `200` and `201`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<StoredFlag>,
    /// Why the item was refused, for every other status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
}

/// One row of the append-only audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log; increases with every entry.
    pub seq: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it: a flagger's name, or `cli` for the `tapis token` commands.
    pub actor: String,
    /// The flagger's id, when a flagger did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<i64>,
    /// What happened.
    pub action: AuditAction,
    /// The flag it happened to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag_id: Option<Uuid>,
    /// Particulars, e.g. `from`/`to` of a status change.
    pub details: BTreeMap<String, String>,
}

/// Kinds of audited events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// A flag was stored (retries of it are not events).
    #[serde(rename = "flag.created")]
    FlagCreated,
    /// A flag's status changed.
    #[serde(rename = "flag.status_changed")]
    FlagStatusChanged,
    /// A flagger token was created.
    #[serde(rename = "token.created")]
    TokenCreated,
    /// A flagger token was revoked.
    #[serde(rename = "token.revoked")]
    TokenRevoked,
}

impl AuditAction {
    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::FlagCreated => "flag.created",
            AuditAction::FlagStatusChanged => "flag.status_changed",
            AuditAction::TokenCreated => "token.created",
            AuditAction::TokenRevoked => "token.revoked",
        }
    }

    /// Parses the wire name.
    pub fn from_name(name: &str) -> Option<AuditAction> {
        [Self::FlagCreated, Self::FlagStatusChanged, Self::TokenCreated, Self::TokenRevoked]
            .into_iter()
            .find(|action| action.as_str() == name)
    }
}

/// The answer to `GET /api/v1/audit`: one page, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// The entries of this page.
    pub entries: Vec<AuditEntry>,
    /// Pass as `cursor` (with the same filters) for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The answer to `GET /api/v1/rulepacks`: the packs the server hands out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePackList {
    /// Every valid pack, ordered by file name.
    pub packs: Vec<RulePackFile>,
    /// Files that were skipped, and why.
    pub errors: Vec<RulePackError>,
}

/// One rule pack, as its TOML text: the app parses and compiles it exactly as it does its built-in pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePackFile {
    /// The pack's `id`.
    pub id: String,
    /// The pack's `version`.
    pub version: String,
    /// The pack's `name`.
    pub name: String,
    /// The file it was read from, e.g. `default.toml`.
    pub source_name: String,
    /// The file's text.
    pub toml: String,
}

/// A pack file the server could not use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePackError {
    /// The file, e.g. `broken.toml`.
    pub source_name: String,
    /// What is wrong with it.
    pub message: String,
}

/// The answer to `GET /api/v1/export?format=json`: notices ready to send, grouped per chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// When the export was made.
    pub generated_at: DateTime<Utc>,
    /// One entry per chat, in the order their first flag arrived.
    pub chats: Vec<ChatNotices>,
}

/// The notices for one chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatNotices {
    /// The chat's key, as used by the `chat` filter: its id, else `@username` (lowercase), else `title:` and title.
    pub chat_key: String,
    /// The platform.
    pub platform: Platform,
    /// The chat, as described by its earliest flag.
    pub chat: Chat,
    /// One notice per flagged message, in the order their first flag arrived.
    pub notices: Vec<Notice>,
}

/// One notice: every flag on one message, from however many analysts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The message, as described by its earliest flag.
    pub target: Target,
    /// The message's text, from its earliest flag.
    pub excerpt: String,
    /// SHA-256 of `excerpt`.
    pub excerpt_sha256: String,
    /// Every category the flags name, sorted, without repeats.
    pub categories: Vec<String>,
    /// The highest severity of the flags.
    pub severity: Severity,
    /// The strongest action the flags request.
    pub requested_action: RequestedAction,
    /// Every notifier, in the order their flags arrived, without repeats.
    pub notifiers: Vec<Notifier>,
    /// The flags, in the order they arrived.
    pub flags: Vec<NoticeFlag>,
}

/// One flag inside a [`Notice`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeFlag {
    /// The flag's id (the one `PATCH /api/v1/flags/{id}/status` takes).
    pub id: Uuid,
    /// Who flagged.
    pub notifier: Notifier,
    /// Their classification and explanation.
    pub classification: Classification,
    /// The action they request.
    pub requested_action: RequestedAction,
    /// How they found it.
    pub detection: Detection,
    /// SHA-256 of the excerpt this flag carried (it may differ from the notice's if analysts copied differently).
    pub excerpt_sha256: String,
    /// The flag's status.
    pub status: FlagStatus,
}

/// The answer to `GET /api/v1/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when the server can reach its database.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// The body of every 4xx/5xx answer of the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// A stable, machine-readable code, e.g. `invalid_json`, `missing_field`, `invalid_field`, `unauthorized`.
    pub error: String,
    /// A sentence for a person, naming the problem.
    pub message: String,
    /// The offending field as a path (`evidence.spans[0].end`, or a query parameter), when one field is at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
