//! The answers of the API around flags: pages, batch results, the audit log, rule packs, exports and errors.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::flag::{
    Chat, Classification, Deadline, Detection, Dossier, Escalation, EscalationState, EvidenceImage, EvidenceLink,
    FlagStatus, Notifier, Platform, RequestedAction, Review, Role, Severity, StoredFlag, Target,
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
    /// A reviewer approved a flag: it is ready for the platform.
    #[serde(rename = "flag.approved")]
    FlagApproved,
    /// A reviewer returned a flag to its analyst, with a reason.
    #[serde(rename = "flag.returned")]
    FlagReturned,
    /// A flag's status changed: the platform's acknowledgement or outcome.
    #[serde(rename = "flag.status_changed")]
    FlagStatusChanged,
    /// A flag's notice took an escalation step (a warning, a restriction request, a dispute, its resolution).
    #[serde(rename = "flag.escalated")]
    FlagEscalated,
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
            AuditAction::FlagApproved => "flag.approved",
            AuditAction::FlagReturned => "flag.returned",
            AuditAction::FlagStatusChanged => "flag.status_changed",
            AuditAction::FlagEscalated => "flag.escalated",
            AuditAction::TokenCreated => "token.created",
            AuditAction::TokenRevoked => "token.revoked",
        }
    }

    /// Parses the wire name.
    pub fn from_name(name: &str) -> Option<AuditAction> {
        [
            Self::FlagCreated,
            Self::FlagApproved,
            Self::FlagReturned,
            Self::FlagStatusChanged,
            Self::FlagEscalated,
            Self::TokenCreated,
            Self::TokenRevoked,
        ]
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

/// The answer to `GET /api/v1/blocklists`: the blocklists the server hands out (`tapis serve --blocklist`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlocklistList {
    /// The lists, in the order given.
    pub lists: Vec<BlocklistInfo>,
}

/// One blocklist the server hands out: its name, the SHA-256 of its set (`GET /api/v1/blocklists/{name}`, also
/// its ETag), and what the lines of its file were.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlocklistInfo {
    /// Its name, e.g. `trustpositif-judi`.
    pub name: String,
    /// SHA-256 of its set's bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// Lines read.
    pub lines: u64,
    /// Distinct domains kept.
    pub domains: u64,
    /// Blank lines.
    pub blank: u64,
    /// Comments.
    pub comments: u64,
    /// Domains listed again.
    pub duplicates: u64,
    /// Entries without a dot.
    pub no_dot: u64,
    /// Entries that are not domain names.
    pub invalid: u64,
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
    /// One entry per chat, in the order their first flag arrived (within this page).
    pub chats: Vec<ChatNotices>,
    /// Pass as `cursor` (with the same filters) for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The answer to `GET /api/v1/notices`: approved flags folded into notices, for the platform's liaison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeList {
    /// When the list was made.
    pub generated_at: DateTime<Utc>,
    /// One notice per flagged message, channel or account, in the order their first flag arrived.
    pub notices: Vec<Notice>,
    /// Pass as `cursor` (with the same filters) for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The body of `POST /api/v1/notices/outcome`: the platform's answer to a whole notice, recorded on each of its
/// flags that can take it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeOutcome {
    /// The notice's `key`, as `GET /api/v1/notices` gave it.
    pub key: String,
    /// `acknowledged`, `actioned` or `rejected`.
    pub status: FlagStatus,
    /// The platform's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_reference: Option<String>,
    /// Why; required when rejecting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer to `POST /api/v1/notices/outcome`: every flag of the notice, as it is now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeOutcomeResult {
    /// The notice's key.
    pub key: String,
    /// Its flags: changed, or already in that state.
    pub flags: Vec<StoredFlag>,
}

/// Every bearer token starts with this, so a leaked one is recognisable (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "tapis_";

/// Lowercase hex digits after [`TOKEN_PREFIX`] (32 random bytes).
pub const TOKEN_HEX_DIGITS: usize = 64;

/// Whether `text` has a bearer token's form: [`TOKEN_PREFIX`] and [`TOKEN_HEX_DIGITS`] lowercase hex digits. The
/// server takes no other; the app waits for one before it asks the server who the token is.
///
/// ```
/// assert!(tapis_wire::is_token(&format!("tapis_{}", "0f".repeat(32))));
/// assert!(!tapis_wire::is_token("tapis_0f0f"));
/// ```
pub fn is_token(text: &str) -> bool {
    text.strip_prefix(TOKEN_PREFIX)
        .is_some_and(|hex| hex.len() == TOKEN_HEX_DIGITS && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// The answer to `GET /api/v1/me`: who the token belongs to, and what they may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The flagger's id.
    pub id: i64,
    /// As they appear on their flags and reviews.
    pub notifier: Notifier,
    /// Their role.
    pub role: Role,
}

/// The answer to `GET /api/v1/review`: flags waiting for a second analyst, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    /// The flags of this page.
    pub items: Vec<ReviewItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// One flag waiting for review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The flag (status `pending_review`).
    pub flag: StoredFlag,
    /// True when the reviewer asking filed it: they cannot review it (listed only with `own=include`).
    pub own: bool,
}

/// The answer to `GET /api/v1/stats/turnaround`: how long the platform takes, from approval to outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turnaround {
    /// When the figures were computed.
    pub generated_at: DateTime<Utc>,
    /// One row per category with approved flags, by category.
    pub categories: Vec<CategoryTurnaround>,
}

/// Turnaround of one category. Durations are whole seconds from approval to the platform's outcome (`actioned`
/// or `rejected`); absent when no flag of the category has an outcome yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTurnaround {
    /// The category.
    pub category: String,
    /// Approved flags of the category, whatever happened since.
    pub approved: u64,
    /// Of these, how many have an outcome.
    pub decided: u64,
    /// Of these, how many were actioned.
    pub actioned: u64,
    /// Of these, how many were rejected.
    pub rejected: u64,
    /// How many still wait for an outcome (approved or acknowledged).
    pub awaiting: u64,
    /// The median time to outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_seconds: Option<i64>,
    /// The mean time to outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_seconds: Option<i64>,
    /// The longest time to outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_seconds: Option<i64>,
    /// How long the oldest flag still waiting has waited, at `generated_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest_awaiting_seconds: Option<i64>,
}

/// The notices for one chat (or, for account notices, the account, as a chat of its name and username).
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

/// One notice: every flag on one message, channel or account, from however many analysts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// What identifies the notice: the target's kind and key, e.g. `message:-1001234567890/1234`,
    /// `channel:@slotgacor88`, `account:user123456` (what `POST /api/v1/notices/outcome` takes).
    pub key: String,
    /// The message, channel or account, as described by its earliest flag.
    pub target: Target,
    /// The message's text, from its earliest flag (message notices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// SHA-256 of `excerpt` (message notices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt_sha256: Option<String>,
    /// The links, handles and numbers in `excerpt`, with their status against the analyst's blocklists, from its
    /// earliest flag (absent when it had none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<EvidenceLink>,
    /// The message's images by their PDQ hashes, with the hash lists that hold them (issue 21), from its earliest
    /// flag that has any (absent when none had).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<EvidenceImage>,
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
    /// The most pressing of the flags' deadlines (the earliest due); absent before approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The notice's escalation, from its most recently escalated flag; absent until escalated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationState>,
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
    /// SHA-256 of the excerpt this flag carried (it may differ from the notice's if analysts copied differently);
    /// message flags only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt_sha256: Option<String>,
    /// The confirmed messages and summary (channel and account flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<Dossier>,
    /// Who approved it, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The flag's status.
    pub status: FlagStatus,
    /// The platform's reference, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_reference: Option<String>,
    /// The platform's reason for its latest status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// The flag's deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The flag's escalation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationState>,
}

/// The body of `POST /api/v1/notices/escalation`: the next escalation step of a notice, recorded on each of its
/// approved flags that can take it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeEscalation {
    /// The notice's `key`, as `GET /api/v1/notices` gave it.
    pub key: String,
    /// The step.
    pub step: Escalation,
    /// Why; required for a dispute (the platform's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer to `GET /api/v1/stats`: deadlines met and missed, per platform and category, over every notice sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeStats {
    /// When the figures were computed (what "overdue" is measured against).
    pub generated_at: DateTime<Utc>,
    /// One row per platform and category with notices sent, by platform then category.
    pub rows: Vec<NoticeStatsRow>,
}

/// The deadline figures of one platform and category. Counts are notices (a message, channel or account flagged
/// by however many analysts is one notice); times are per approved flag, in whole seconds from sending to outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeStatsRow {
    /// The platform.
    pub platform: String,
    /// The national category.
    pub category: String,
    /// Notices sent (approved).
    pub sent: u64,
    /// Of these, answered by the platform within their deadline.
    pub met: u64,
    /// Answered after the deadline, or not answered and past it.
    pub overdue: u64,
    /// Not answered yet.
    pub awaiting: u64,
    /// Escalated at least once.
    pub escalated: u64,
    /// The median time to outcome (nearest rank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_seconds: Option<i64>,
    /// The 90th percentile of the time to outcome (nearest rank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90_seconds: Option<i64>,
}

/// The answer to `GET /api/v1/reports/notices?format=json`: the periodic report of the notices sent, with no
/// personal data (no names, no message text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeReport {
    /// When it was made.
    pub generated_at: DateTime<Utc>,
    /// The first instant of the period (inclusive): notices sent (approved) from then.
    pub from: DateTime<Utc>,
    /// The end of the period (exclusive).
    pub to: DateTime<Utc>,
    /// The flagger organisation, from the server's policy file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Notices sent in the period.
    pub total: u64,
    /// Counts by platform × category × outcome.
    pub counts: Vec<ReportCount>,
    /// Time to outcome by platform × category.
    pub times: Vec<ReportTimes>,
    /// The deadline of each category, as configured.
    pub deadlines: Vec<ReportDeadline>,
    /// The flagger's procedures, from the server's policy file.
    pub procedures: String,
}

/// One cell of a [`NoticeReport`]: notices of a platform and category with one outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCount {
    /// The platform.
    pub platform: String,
    /// The national category.
    pub category: String,
    /// Its DSA Transparency Database category (`STATEMENT_CATEGORY_…`), when one is mapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dsa_category: Option<String>,
    /// `actioned`, `rejected` or `awaiting` (no outcome yet).
    pub outcome: String,
    /// How many notices.
    pub notices: u64,
    /// Of these, answered within their deadline.
    pub met: u64,
    /// Of these, answered late or past their deadline unanswered.
    pub overdue: u64,
    /// Of these, escalated at least once.
    pub escalated: u64,
}

/// Time to outcome of a platform and category in a [`NoticeReport`], in whole seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTimes {
    /// The platform.
    pub platform: String,
    /// The national category.
    pub category: String,
    /// Flags with an outcome.
    pub decided: u64,
    /// The median (nearest rank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_seconds: Option<i64>,
    /// The 90th percentile (nearest rank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90_seconds: Option<i64>,
    /// The longest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_seconds: Option<i64>,
}

/// A category's deadline in a [`NoticeReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDeadline {
    /// The national category, or `*` for every other.
    pub category: String,
    /// Hours from sending to the platform's outcome.
    pub hours: u32,
    /// Its DSA Transparency Database category, when one is mapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dsa_category: Option<String>,
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
