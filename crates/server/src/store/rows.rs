//! The rows the store reads, and how they decode into the API's types; and how times are written in columns.

use chrono::{DateTime, SecondsFormat, Utc};
use tapis_wire::{
    AuditAction, AuditEntry, Decision, Escalation, EscalationState, FlagStatus, NewFlag, Notifier, Review, Role,
    StoredFlag,
};
use uuid::Uuid;

use super::StoreError;
use super::flaggers::FlaggerRecord;
use super::review::deadline;

/// A row of `flags`, as `flag_columns!` selects it.
#[derive(sqlx::FromRow)]
pub(super) struct FlagRow {
    body: String,
    notifier_analyst: String,
    notifier_organisation: Option<String>,
    status: String,
    status_changed_at: String,
    platform_reference: Option<String>,
    status_reason: Option<String>,
    received_at: String,
    pub(super) seq: i64,
    pub(super) flagger_id: i64,
    reviewer_analyst: Option<String>,
    reviewer_organisation: Option<String>,
    review_decision: Option<String>,
    reviewed_at: Option<String>,
    review_reason: Option<String>,
    approved_at: Option<String>,
    deadline_at: Option<String>,
    outcome_at: Option<String>,
    escalation: Option<String>,
    escalation_at: Option<String>,
    escalation_reason: Option<String>,
}

/// A row of `flaggers`, as `flagger_columns!` selects it.
#[derive(sqlx::FromRow)]
pub(super) struct FlaggerRow {
    id: i64,
    name: String,
    organisation: Option<String>,
    created_at: String,
    revoked_at: Option<String>,
    role: String,
    person: String,
}

/// A row of `audit`.
#[derive(sqlx::FromRow)]
pub(super) struct AuditRow {
    pub(super) seq: i64,
    at: String,
    actor: String,
    actor_id: Option<i64>,
    action: String,
    flag_id: Option<String>,
    details: String,
}

/// A flag stored before `notice_key` was added, with what it is computed from.
#[derive(sqlx::FromRow)]
pub(super) struct FlagBodyRow {
    pub(super) seq: i64,
    pub(super) body: String,
}

/// A flag with an outcome stored before `turnaround_seconds` was added, with what it is computed from.
#[derive(sqlx::FromRow)]
pub(super) struct FlagTimesRow {
    pub(super) seq: i64,
    pub(super) approved_at: String,
    pub(super) outcome_at: String,
}

/// One category's approved flags added up, for [`CategoryFigures`](super::CategoryFigures).
#[derive(sqlx::FromRow)]
pub(super) struct CategoryRow {
    pub(super) category: String,
    pub(super) approved: i64,
    pub(super) decided: i64,
    pub(super) actioned: i64,
    pub(super) rejected: i64,
    pub(super) sum_seconds: Option<i64>,
    pub(super) max_seconds: Option<i64>,
    pub(super) oldest_awaiting_approved_at: Option<String>,
}

/// The notices of one platform, category and outcome counted, for [`OutcomeFigures`](super::OutcomeFigures).
#[derive(sqlx::FromRow)]
pub(super) struct OutcomeRow {
    pub(super) platform: String,
    pub(super) category: String,
    pub(super) outcome: String,
    pub(super) notices: i64,
    pub(super) met: i64,
    pub(super) overdue: i64,
    pub(super) escalated: i64,
}

/// One platform and category's times to outcome added up, for [`TimeFigures`](super::TimeFigures).
#[derive(sqlx::FromRow)]
pub(super) struct TimeRow {
    pub(super) platform: String,
    pub(super) category: String,
    pub(super) decided: i64,
    pub(super) max_seconds: Option<i64>,
}

/// Times in columns have a fixed width so that comparing the text compares the times.
pub(super) fn column_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

pub(super) fn parse_time(id: &str, column: &str, text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt { id: id.to_owned(), reason: format!("{column}: {e}") })
}

pub(super) fn new_stored_flag(posted: &NewFlag, notifier: Notifier, received_at: DateTime<Utc>) -> StoredFlag {
    let NewFlag { id, notifier: _, target, evidence, dossier, classification, requested_action, detection } =
        posted.clone();
    StoredFlag {
        id,
        notifier,
        target,
        evidence,
        dossier,
        classification,
        requested_action,
        detection,
        status: FlagStatus::PendingReview,
        status_changed_at: received_at,
        review: None,
        platform_reference: None,
        status_reason: None,
        received_at,
        deadline: None,
        escalation: None,
    }
}

/// A stored flag, with its deadline as it stands at `now`.
pub(super) fn decode_flag(row: FlagRow, now: DateTime<Utc>) -> Result<StoredFlag, StoreError> {
    let id = format!("flag #{}", row.seq);
    let corrupt = |reason: String| StoreError::Corrupt { id: id.clone(), reason };
    let time = |column: &str, text: Option<String>| text.map(|text| parse_time(&id, column, &text)).transpose();
    let posted: NewFlag = serde_json::from_str(&row.body).map_err(|e| corrupt(format!("body: {e}")))?;
    let status = FlagStatus::from_name(&row.status).ok_or_else(|| corrupt(format!("status {:?}", row.status)))?;
    let mut flag = new_stored_flag(
        &posted,
        Notifier { organisation: row.notifier_organisation, analyst: row.notifier_analyst },
        parse_time(&id, "received_at", &row.received_at)?,
    );
    flag.status = status;
    flag.status_changed_at = parse_time(&id, "status_changed_at", &row.status_changed_at)?;
    flag.platform_reference = row.platform_reference;
    flag.status_reason = row.status_reason;
    flag.review = match (row.reviewer_analyst, row.review_decision, row.reviewed_at) {
        (Some(analyst), Some(decision), Some(at)) => Some(Review {
            decision: match decision.as_str() {
                "approve" => Decision::Approve,
                "return" => Decision::Return,
                other => return Err(corrupt(format!("review_decision {other:?}"))),
            },
            reviewer: Notifier { organisation: row.reviewer_organisation, analyst },
            at: parse_time(&id, "reviewed_at", &at)?,
            reason: row.review_reason,
        }),
        _ => None,
    };
    let approved_at = time("approved_at", row.approved_at)?;
    let due_at = time("deadline_at", row.deadline_at)?;
    let outcome_at = time("outcome_at", row.outcome_at)?;
    flag.deadline = match (approved_at, due_at) {
        (Some(started_at), Some(due_at)) => Some(deadline(started_at, due_at, outcome_at, now)),
        _ => None,
    };
    flag.escalation = match (row.escalation, time("escalation_at", row.escalation_at)?) {
        (Some(step), Some(at)) => Some(EscalationState {
            step: Escalation::from_name(&step).ok_or_else(|| corrupt(format!("escalation {step:?}")))?,
            at,
            reason: row.escalation_reason,
        }),
        _ => None,
    };
    Ok(flag)
}

pub(super) fn decode_flagger(
    FlaggerRow { id, name, organisation, created_at, revoked_at, role, person }: FlaggerRow,
) -> Result<FlaggerRecord, StoreError> {
    let key = format!("flagger #{id}");
    Ok(FlaggerRecord {
        id,
        name,
        organisation,
        role: Role::from_name(&role)
            .ok_or_else(|| StoreError::Corrupt { id: key.clone(), reason: format!("role {role:?}") })?,
        created_at: parse_time(&key, "created_at", &created_at)?,
        revoked_at: revoked_at.map(|time| parse_time(&key, "revoked_at", &time)).transpose()?,
        person,
    })
}

pub(super) fn decode_audit(
    AuditRow { seq, at, actor, actor_id, action, flag_id, details }: AuditRow,
) -> Result<AuditEntry, StoreError> {
    let key = format!("audit #{seq}");
    let corrupt = |reason: String| StoreError::Corrupt { id: key.clone(), reason };
    Ok(AuditEntry {
        seq,
        at: parse_time(&key, "at", &at)?,
        actor,
        actor_id,
        action: AuditAction::from_name(&action).ok_or_else(|| corrupt(format!("action {action:?}")))?,
        flag_id: flag_id.map(|id| Uuid::parse_str(&id).map_err(|e| corrupt(format!("flag_id: {e}")))).transpose()?,
        details: serde_json::from_str(&details).map_err(|e| corrupt(format!("details: {e}")))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_times_have_a_fixed_width() {
        let a = column_time("2026-11-29T05:00:00Z".parse().unwrap());
        let b = column_time("2026-11-29T05:00:00.5+07:00".parse().unwrap());
        assert_eq!((a.as_str(), b.as_str()), ("2026-11-29T05:00:00.000000000Z", "2026-11-28T22:00:00.500000000Z"));
    }
}
